"""The Daniels–Gilbert pace model: VDOT from a race, equivalent race times, and training paces.

Velocities are in metres per minute inside the equations (as published) and converted to s/km at the edges.

>>> round(vdot_from_race(5000, 19 * 60), 2)
52.88
>>> round(training_pace(vdot_from_race(5000, 19 * 60), 0.88), 1)   # T pace, s/km
243.9
"""

from __future__ import annotations

import math

# Fractions of VDOT for the training paces (Daniels' table 5.2 to about a second per km); E is a range.
EASY_FRACTIONS = (0.74, 0.63)  # fast end, slow end
THRESHOLD_FRACTION = 0.88
INTERVAL_FRACTION = 0.975
REPETITION_GAIN_PER_400 = 6.0  # R is I pace minus 6 s per 400 m


def oxygen_cost(meters_per_minute: float) -> float:
    """VO2 (ml/kg/min) of running at a velocity."""
    v = meters_per_minute
    return -4.60 + 0.182258 * v + 0.000104 * v * v


def sustainable_fraction(minutes: float) -> float:
    """The fraction of VO2max that can be held for a race of this duration."""
    return 0.8 + 0.1894393 * math.exp(-0.012778 * minutes) + 0.2989558 * math.exp(-0.1932605 * minutes)


def vdot_from_race(meters: float, seconds: float) -> float:
    """VDOT of a race result."""
    minutes = seconds / 60.0
    return oxygen_cost(meters / minutes) / sustainable_fraction(minutes)


def velocity_for_oxygen(vo2: float) -> float:
    """The velocity (m/min) whose oxygen cost is `vo2`: the positive root of the cost equation."""
    a, b, c = 0.000104, 0.182258, -4.60 - vo2
    return (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)


def race_seconds(vdot: float, meters: float) -> float:
    """The race time over `meters` that a runner of this VDOT can run (solved by Newton's method)."""
    seconds = meters / velocity_for_oxygen(vdot * 0.9) * 60.0  # a start near the answer
    for _ in range(50):
        error = vdot_from_race(meters, seconds) - vdot
        step = 0.01
        slope = (vdot_from_race(meters, seconds + step) - vdot_from_race(meters, seconds - step)) / (2 * step)
        new = seconds - error / slope
        if abs(new - seconds) < 1e-9:
            return new
        seconds = new
    return seconds


def pace_of_race(vdot: float, meters: float) -> float:
    """Race pace in s/km over a distance for this VDOT."""
    return race_seconds(vdot, meters) / meters * 1000.0


def training_pace(vdot: float, fraction: float) -> float:
    """The pace (s/km) whose oxygen cost is `fraction` of VDOT."""
    return 60_000.0 / velocity_for_oxygen(fraction * vdot)


def easy_range(vdot: float) -> tuple[float, float]:
    """E pace as (fast, slow) s/km."""
    return training_pace(vdot, EASY_FRACTIONS[0]), training_pace(vdot, EASY_FRACTIONS[1])


def threshold_pace(vdot: float) -> float:
    return training_pace(vdot, THRESHOLD_FRACTION)


def interval_pace(vdot: float) -> float:
    return training_pace(vdot, INTERVAL_FRACTION)


def repetition_pace(vdot: float) -> float:
    return interval_pace(vdot) - REPETITION_GAIN_PER_400 * 1000.0 / 400.0
