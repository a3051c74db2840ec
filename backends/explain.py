"""Each workout in plain English, block by block, with the resolved paces and splits."""

from __future__ import annotations

from collections.abc import Sequence

from strides.backends import Backend, RenderOptions
from strides.backends.card_view import runs_once
from strides.model import Effort, HeartRate, HeartRateZone, Node, Open, Pace, Repeat, Step, Target, Workout
from strides.units import format_clock, format_duration, format_pace, format_total_distance, format_total_time

_DOING = {
    "warmup": "Warm up", "cooldown": "Cool down", "run": "Run", "easy": "Easy run", "jog": "Jog",
    "walk": "Walk", "rest": "Rest", "float": "Float", "strides": "Strides", "hill": "Hill rep",
    "sprint": "Sprint", "drills": "Drills", "stretch": "Stretch",
}
_BETWEEN = {"rest": "standing rest", "jog": "jog", "walk": "walk", "float": "float"}


def target_phrase(target: Target | None, units: str, split: float | None = None) -> str:
    """`in 1:28 (3:40/km)`, `at 4:04/km`, `at 114–133 bpm (z2)`, `all-out`."""
    if isinstance(target, Pace):
        pace = format_pace(target.exact, units)
        if target.is_range:
            pace = f"{format_pace(target.fast, units).split('/')[0]}–{format_pace(target.slow, units)}"
        return f"in {format_clock(split)} ({pace})" if split is not None else f"at {pace}"
    if isinstance(target, HeartRate):
        zone = f" ({target.label})" if isinstance(target.basis, HeartRateZone) else ""
        return f"at {target.low}–{target.high} bpm{zone}"
    if isinstance(target, Effort):
        return target.word
    return ""


def step_phrase(step: Step, units: str, capital: bool = True) -> str:
    doing = _DOING.get(step.kind, step.kind.capitalize())
    if isinstance(step.duration, Open):
        length = "until you press lap"
    else:
        length = format_duration(step.duration)
    words = [doing if capital else doing.lower(), length, target_phrase(step.target, units, step.split)]
    text = " ".join(w for w in words if w)
    return f'{text} ("{step.note}")' if step.note else text


def recovery_phrase(step: Step, units: str) -> str:
    kind = _BETWEEN.get(step.kind, step.kind)
    if isinstance(step.duration, Open):
        return f"{kind} back (press lap to start the next)"
    extra = f" {target_phrase(step.target, units)}" if step.target else ""
    return f"{format_duration(step.duration)} {kind}{extra}"


def _rep_phrase(step: Step, units: str) -> str:
    length = format_duration(step.duration)
    name = "" if step.kind in ("run", "easy") else f" {step.kind}"
    text = f"{length}{name} {target_phrase(step.target, units, step.split)}".strip()
    return f'{text} ("{step.note}")' if step.note else text


def repeat_phrase(repeat: Repeat, units: str, inner: bool = False) -> str:
    once = runs_once(repeat)
    # A group or ladder run once reads as its one round, changes and recoveries in place; any other repeat is
    # its work (a jog that every round ends with, a fartlek's `2min jog`, is part of it), its recovery between
    # rounds and the reps its modifiers changed.
    body = repeat.round(0) if once else repeat.work
    gap = None if once else repeat.between
    count = f"{repeat.count}–{repeat.count_upto}" if repeat.count_upto else str(repeat.count)
    parts = [node_phrase(n, units, inner=True) for n in body]
    if once:
        text = (", " if inner else "; then ").join(parts)
    elif len(parts) == 1 and not (isinstance(body[0], Repeat) and runs_once(body[0])):
        text = f"{count} × {parts[0]}"
    else:
        text = f"{count} × ({', '.join(parts)})"
    if isinstance(gap, Step):
        sets = any(isinstance(n, Repeat) for n in body)
        text += f", {recovery_phrase(gap, units)} between{' sets' if sets else ''}"
    changes = "" if once else _changed_reps(repeat, units)
    return f"{text}; {changes}" if changes else text


def _changed_reps(repeat: Repeat, units: str) -> str:
    """The reps a modifier changed to another target or note than the block's own: `the last one all-out`."""
    changed = [(number, rep) for number, rep in repeat.changes
               if (rep.target, rep.note) != _as_written(repeat.unchanged_rep(number))]
    if not changed:
        return ""

    def change(rep: Step) -> str:
        text = target_phrase(rep.target, units, rep.split)
        return f'{text} ("{rep.note}")' if rep.note else text

    if len(changed) == 1 and changed[0][0] == repeat.reps:
        return f"the last one {change(changed[0][1])}"
    return "; ".join(f"rep {k} {change(rep)}" for k, rep in changed)


def _as_written(rep: Step) -> tuple[Target | None, str | None]:
    return rep.target, rep.note


def node_phrase(node: Node, units: str, inner: bool = False) -> str:
    if isinstance(node, Repeat):
        return repeat_phrase(node, units, inner)
    if inner and node.intensity == "active":
        return _rep_phrase(node, units)
    return step_phrase(node, units, capital=not inner)


def explain(workout: Workout) -> str:
    units = workout.profile.units
    lines = [workout.name]
    if workout.profile.summary:
        lines.append(f"  paces from {workout.profile.summary}")
    lines.extend(f"  ({reading})" for reading in workout.readings)
    for number, node in enumerate(workout.items, 1):
        lines.append(f"  {number}. {node_phrase(node, units)}.")
    steps = len(workout.timeline)
    lines.append(f"  In all about {format_total_time(workout.total_seconds)} and "
                 f"{format_total_distance(workout.total_meters, units)} "
                 f"({steps} step{'s' * (steps != 1)} on the watch).")
    return "\n".join(lines)


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    return "\n\n".join(explain(w) for w in workouts) + "\n"


BACKEND = Backend(name="explain", suffix=".txt", binary=False, per_workout=False, render=render)
