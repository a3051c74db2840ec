"""The pass that estimates each step's time and distance: from its pace target, else from the pace its effort
suggests, else at easy pace (walking for walks; nothing for standing still).

>>> from strides.meaning.profile import Runner
>>> rep = model.Step("run", "active", model.Distance(400.0))
>>> estimated(rep, likely_paces(Runner())).estimated_seconds  # no pace, no VDOT: the fallback easy pace
144.0
"""

from __future__ import annotations

import functools

import attrs

from strides.meaning import model, paces
from strides.meaning.passes.context import Context
from strides.meaning.passes.walk import map_steps
from strides.meaning.profile import FALLBACK_EASY_PACE, Runner
from strides.record import Record

WALK_PACE = 600.0
STANDING = (model.Kind.rest, model.Kind.stretch, model.Kind.drills)  # with no target, no distance covered
EFFORT_RPE = {"moderate": 6, "hard": 8}  # an effort word as an RPE; any other (fast, all-out) is 9


@attrs.frozen(repr=False, eq=False)
class LikelyPaces(Record):
    """The paces (s/km) a runner likely runs a step with no pace target at: easy, and by RPE 0 to 10."""

    easy: float
    by_rpe: tuple[float, ...]


@functools.lru_cache(maxsize=64)  # a file's workouts share a few runners
def likely_paces(runner: Runner) -> LikelyPaces:
    """The runner's likely paces, from the VDOT; the fallback easy pace for every effort without one."""
    vdot = runner.vdot
    if vdot is None:
        return LikelyPaces(FALLBACK_EASY_PACE, (FALLBACK_EASY_PACE,) * 11)
    easy = sum(paces.easy_range(vdot)) / 2
    threshold, repetition = paces.threshold_pace(vdot), paces.repetition_pace(vdot)
    by_rpe = (easy,) * 5 + (runner.race_pace("marathon") or easy, threshold, threshold, paces.interval_pace(vdot),
                            repetition, repetition)
    return LikelyPaces(easy, by_rpe)


def estimate(workout: model.Workout, context: Context) -> model.Workout:
    """Every step with its estimated time and distance."""
    likely = likely_paces(context.runner)
    return map_steps(workout, lambda step: estimated(step, likely))


def estimated(step: model.Step, likely: LikelyPaces) -> model.Step:
    """The step with its time and distance estimated; None for a step that runs to the lap button."""
    pace = likely_pace(step, likely)
    if isinstance(step.duration, model.Time):
        meters = 0.0 if pace is None else step.duration.seconds / pace * 1000.0
        return step.estimated(step.duration.seconds, meters)
    if isinstance(step.duration, model.Distance):
        seconds = step.duration.meters * (pace or WALK_PACE) / 1000.0
        return step.estimated(seconds, step.duration.meters)
    return step.estimated(None, None)


def likely_pace(step: model.Step, likely: LikelyPaces) -> float | None:
    """s/km the step is likely run at; None when the runner stands still."""
    target = step.target
    if isinstance(target, model.Pace):
        return target.exact
    if step.kind in STANDING and target is None:
        return None
    if step.kind == model.Kind.walk:
        return WALK_PACE
    if not isinstance(target, model.Effort):
        return likely.easy
    return likely.by_rpe[round(target.rpe) if target.rpe is not None else EFFORT_RPE.get(target.word, 9)]
