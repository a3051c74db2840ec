"""The resolved workout as the service exports (garmin, icu, zwo) read it.

The exports read the model only through these few functions, so that a change to the model (kinds and
intensities as enums, targets that say what their pace is based on, repeats that keep their structure) is
met here once rather than in every export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from strides.errors import StridesWarning
from strides.meaning.model import (
    Effort,
    HeartRate,
    Node,
    Pace,
    Power,
    Progression,
    RacePace,
    Repeat,
    Speed,
    Step,
    Workout,
)

T = TypeVar("T")

# What each intensity is called by the services: Garmin's step types, Zwift's block kinds.
ROLES = {"warmup": "warmup", "cooldown": "cooldown", "active": "interval", "recovery": "recovery", "rest": "rest"}


def role(step: Step) -> str:
    """warmup, cooldown, interval, recovery or rest."""
    return ROLES.get(step.intensity, "interval")


def pace_of(step: Step) -> Pace | None:
    return step.target if isinstance(step.target, Pace) else None


def power_of(step: Step) -> Power | None:
    return step.target if isinstance(step.target, Power) else None


def speed_of(step: Step) -> Speed | None:
    """The speed a pace was written as (`@13km/h`), for services that take speeds."""
    pace = pace_of(step)
    return pace.basis if pace is not None and isinstance(pace.basis, Speed) else None


def heart_rate_of(step: Step) -> HeartRate | None:
    return step.target if isinstance(step.target, HeartRate) else None


def effort_of(step: Step) -> str | None:
    return step.target.word if isinstance(step.target, Effort) else None


def range_written(step: Step) -> bool:
    """A `15-20min` or `r200-400`: the services run the lower end."""
    return getattr(step.duration, "upto", None) is not None


def count_range(repeat: Repeat) -> str:
    """The caution for a count range (`4-6x400`), which the services run at its low end."""
    return f"{repeat.count}-{repeat.count_upto}x runs {repeat.count} rounds: the service has no ranges of reps"


def rounds_of(repeat: Repeat) -> tuple[tuple[Node, ...], ...]:
    """The rounds in the order they are run; each but the last ends with the recovery between rounds."""
    return repeat.rounds


def runs(items: Iterable[T]) -> list[tuple[T, int]]:
    """Consecutive equal items grouped with their count: [a, a, a, b] -> [(a, 3), (b, 1)]."""
    grouped: list[tuple[T, int]] = []
    for item in items:
        if grouped and grouped[-1][0] == item:
            grouped[-1] = (item, grouped[-1][1] + 1)
        else:
            grouped.append((item, 1))
    return grouped


def max_heart_rate(workout: Workout) -> float | None:
    """The profile's maximum heart rate, when the profile gave one."""
    return workout.profile.maxhr


def race_written(pace: Pace) -> str | None:
    """The race a pace was resolved from (`@5k-3s`, `@mile−1s/mi`, `@mp; each -5s`), by its basis rather
    than its label; None for training, clock, in-between and speed paces."""
    basis = pace.basis
    while isinstance(basis, Progression):
        basis = basis.base
    return basis.race if isinstance(basis, RacePace) else None


def race_pace(workout: Workout, race: str) -> float | None:
    """The runner's pace for `race` in s/km from the profile's VDOT, None without a race in the profile."""
    return workout.profile.race_pace(race)


class Cautions:
    """What one export could not carry, each said once per workout."""

    def __init__(self, workout: Workout, export: str) -> None:
        self.workout = workout
        self.export = export
        self.found: list[StridesWarning] = []
        self._said: set[str] = set()

    def add(self, message: str) -> None:
        if message not in self._said:
            self._said.add(message)
            self.found.append(StridesWarning(f"{self.export}: `{self.workout.name}`: {message}", self.workout.span))


def cautions_of(build: Callable[[Workout], tuple[object, list[StridesWarning]]]
                ) -> Callable[[Sequence[Workout]], list[StridesWarning]]:
    """A backend's `warnings` function from its builder of (output, warnings)."""
    def warnings(workouts: Sequence[Workout]) -> list[StridesWarning]:
        return [warning for workout in workouts for warning in build(workout)[1]]
    return warnings
