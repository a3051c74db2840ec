"""The last look at a finished workout: what is legal but implausible (a pace well faster than the runner's
mile race, a session of more than five hours). Warnings never stop the workout.

>>> from strides.meaning.profile import Runner
>>> rep = model.Step("run", "active", model.Time(60.0 * 3600), estimated_seconds=6 * 3600.0)
>>> [w.message for w in warnings(model.Workout("Long", (rep,), model.Profile("")), Context(Runner()))]
['`Long` takes about 6.0 hours: is every amount right?']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from strides.errors import StridesWarning
from strides.language import ast
from strides.meaning import model
from strides.meaning.passes.context import Context
from strides.meaning.passes.walk import each_step
from strides.meaning.units import format_pace

IMPLAUSIBLY_FAST = 0.05  # faster than the runner's mile race pace by this much draws a warning
LONG_WORKOUT = 5 * 3600.0


def warnings(workout: model.Workout, context: Context) -> tuple[StridesWarning, ...]:
    """The warnings about a workout, in the order its steps are written."""
    mile = context.runner.race_pace("mile")
    found = [] if mile is None else [warning for step in each_step(workout.items)
                                     for warning in pace_warnings(step, mile, context.runner.units)]
    found.extend(unrun_recoveries(context.source))
    seconds = estimated_seconds(workout.items)
    if seconds > LONG_WORKOUT:
        found.append(StridesWarning(f"`{workout.name}` takes about {seconds / 3600:.1f} hours: is every amount right?",
                                    context.source.span if context.source else None))
    return tuple(found)


def unrun_recoveries(source: ast.WorkoutSource | None) -> Iterator[StridesWarning]:
    """A recovery written on the workout's last step, when that step is not repeated (`30min easy 10min jog`):
    recoveries come between reps, so nothing would run it."""
    blocks = [e for e in source.elements if isinstance(e, ast.Block)] if source else []
    last = blocks[-1] if blocks else None
    if last is None or last.counted or last.recovery is None or not isinstance(last.body, ast.Step) \
            or len(last.body.amounts) != 1:
        return
    recovery = last.recovery
    written = recovery.text.strip()
    step = f"{recovery.amount.text} {recovery.kind}" if recovery.amount else written
    yield StridesWarning(f"`{written}` comes after the last step, and a recovery runs only between reps: it is "
                         f"left out", recovery.span, f"to run it, make it a step of its own: `; {step}`")


def pace_warnings(step: model.Step, mile: float, units: str = "km") -> Iterator[StridesWarning]:
    """A warning for each end of a pace target well faster than the runner's mile race pace (`mile`, s/km):
    a single pace, or both ends of a clock range; paces between races, easy pace and progressions are not
    checked."""
    pace = step.target
    if not isinstance(pace, model.Pace):
        return
    if isinstance(pace.basis, model.ClockPace) and pace.is_range:
        ends = [pace.fast, pace.slow]
    elif pace.is_range or isinstance(pace.basis, model.Progression | None):
        return
    else:
        ends = [pace.exact]
    for end in ends:
        if end < mile * (1 - IMPLAUSIBLY_FAST):
            yield StridesWarning(
                f"@{pace.label} works out at {format_pace(end, units)}, well faster than your mile race "
                f"pace ({format_pace(mile, units)}): is that right?", pace.span)


def estimated_seconds(nodes: Sequence[model.Node]) -> float:
    """The workout's likely time, round by round (no need for the numbered timeline)."""
    total = 0.0
    for node in nodes:
        if isinstance(node, model.Step):
            total += node.estimated_seconds or 0.0
        else:
            total += sum(estimated_seconds(round_) for round_ in node.rounds)
    return total
