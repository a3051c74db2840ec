"""Workouts for other services: Garmin Connect JSON, intervals.icu text, Zwift .zwo."""
