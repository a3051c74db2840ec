"""What a workout means: the syntax tree resolved against a runner's profile into the model."""
