"""strides: a language and compiler for running workouts."""

__version__ = "0.1.0"
