"""Syntax tree + profile -> resolved workout, by passes run in order (each in its own module of
`strides.meaning.passes`): each of PASSES adds one thing to the workout, from its name alone (`unexpanded`) to
its nodes, their estimates and levels; `warnings` has the last look.

>>> from strides.language.parse import parse
>>> from strides.meaning.profile import Runner
>>> [source] = parse("12x400 @5k r60s; last all-out")
>>> resolution = resolve(source, Runner(races=(("5k", 1140.0),)))
>>> resolution.workout.items[0].changes[0][1].target.word, resolution.diagnostics
('all-out', ())
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from strides.errors import StridesError, StridesWarning
from strides.language import ast
from strides.meaning import model
from strides.meaning.passes.context import Context
from strides.meaning.passes.estimates import estimate
from strides.meaning.passes.expand import expand, unexpanded
from strides.meaning.passes.levels import grade
from strides.meaning.passes.limits import MAX_STEPS, check_size
from strides.meaning.passes.warnings import warnings
from strides.meaning.profile import Runner
from strides.record import Record

__all__ = ["MAX_STEPS", "PASSES", "Resolution", "resolve"]

Pass = Callable[[model.Workout, Context], model.Workout]

PASSES: tuple[Pass, ...] = (
    expand,  # the syntax tree as nodes: blocks expanded, targets in numbers, recoveries sized, modifiers applied
    check_size,  # no more steps than a workout may hold
    estimate,  # each step's likely time and distance
    grade,  # each step's level and zone
)


@attrs.frozen(repr=False, eq=False)
class Resolution(Record):
    """A workout resolved, or the mistake that stops it; with the warnings about it."""

    workout: model.Workout | None
    diagnostics: tuple[StridesError, ...] = ()  # warnings, then the mistake when there is one

    @property
    def warnings(self) -> tuple[StridesWarning, ...]:
        return tuple(d for d in self.diagnostics if isinstance(d, StridesWarning))

    @property
    def error(self) -> StridesError | None:
        return next((d for d in self.diagnostics if not isinstance(d, StridesWarning)), None)

    @property
    def result(self) -> model.Workout | StridesError:
        """The workout, or the mistake that stops it."""
        if self.workout is not None:
            return self.workout
        assert self.error is not None  # a resolution without a workout holds its mistake
        return self.error

    @classmethod
    def failed(cls, error: StridesError) -> Resolution:
        return cls(None, (error,))


def resolve(source: ast.WorkoutSource, runner: Runner) -> Resolution:
    """The resolved workout of one workout as written, and what looks wrong in it."""
    context = Context(runner, source)
    try:
        workout = unexpanded(context)
        for rule in PASSES:
            workout = rule(workout, context)
    except StridesError as error:
        return Resolution.failed(error)
    return Resolution(workout, warnings(workout, context))
