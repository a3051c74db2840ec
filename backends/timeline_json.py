"""The timeline as JSON: the steps in the order the runner does them, repeats unrolled (docs/timeline.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from strides.backends import Backend, RenderOptions
from strides.meaning.model import Effort, HeartRate, HeartRateShare, Pace, Power, Speed, Step, Target, Workout
from strides.meaning.plan import Plan, PlanWeek, Totals
from strides.meaning.units import duration_json, watch_note

SCHEMA_VERSION = 1


def target_json(target: Target | None) -> dict[str, Any] | None:
    if isinstance(target, Pace):
        pace: dict[str, Any] = {"pace": [_round(target.fast), _round(target.slow)], "exact": _round(target.exact),
                                "label": target.label}
        if isinstance(target.basis, Speed):  # as written, in its own unit
            pace["speed"] = {"low": target.basis.low, "high": target.basis.high, "unit": str(target.basis.unit)}
        return pace
    if isinstance(target, HeartRate):
        heart_rate: dict[str, Any] = {"hr": [target.low, target.high], "label": target.label}
        if isinstance(target.basis, HeartRateShare):  # percent of max, of reserve or of LTHR, as written
            share = target.basis
            heart_rate["share"] = {"low": share.low, "high": share.high, "of": str(share.of)}
        return heart_rate
    if isinstance(target, Power):
        return {"power": [target.low, target.high], "label": target.label}
    if isinstance(target, Effort):
        return {"effort": target.word}
    return None


def step_json(step: Step) -> dict[str, Any]:
    split = step.split
    return {
        "kind": step.kind,
        "intensity": step.intensity,
        "duration": duration_json(step.duration),
        "target": target_json(step.target),
        "split": None if split is None else _round(split),
        "rep": list(step.rep) if step.rep else None,
        "note": watch_note(step),
        "text": step.text,
    }


def workout_json(workout: Workout) -> dict[str, Any]:
    return {
        "name": workout.name,
        "profile": workout.profile.summary,
        "totals": {"seconds": _round(workout.total_seconds), "meters": _round(workout.total_meters),
                   "estimated": True},
        "timeline": [step_json(step) for step in workout.timeline],
    }


def _round(value: float) -> float:
    """Six decimals keep exact values exact in JSON (1609.344) without float noise."""
    return round(value, 6)


# Python's JSON encoder is written in C only for output on one line; laid out with `indent` it runs in Python,
# several times slower than the rest of a plan's compile. So the document is laid out here, each value of a
# workout (and each step of its timeline) encoded on one line.
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _listed(items: list[str], indent: str) -> str:
    """`[` items, one a line, `]`; `[]` for none."""
    if not items:
        return "[]"
    return "[\n" + ",\n".join(f"{indent}  {item}" for item in items) + f"\n{indent}]"


def _workout_text(workout: dict[str, Any]) -> str:
    inner = " " * 6
    values = [f"{inner}{_ONE_LINE(key)}: "
              + (_listed([_ONE_LINE(step) for step in value], inner) if key == "timeline" else _ONE_LINE(value))
              for key, value in workout.items()]
    return "{\n" + ",\n".join(values) + "\n    }"


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    if options.plan is not None:
        return _plan_text(options.plan)
    laid_out = _listed([_workout_text(workout_json(w)) for w in workouts], "  ")
    return f'{{\n  "version": {SCHEMA_VERSION},\n  "workouts": {laid_out}\n}}\n'


def totals_json(totals: Totals) -> dict[str, Any]:
    return {"meters": _round(totals.meters), "seconds": _round(totals.seconds),
            "zones": {zone: _round(seconds) for zone, seconds in totals.zone_seconds().items()},
            "quality": totals.quality, "workouts": totals.workouts}


def week_json(week: PlanWeek) -> dict[str, Any]:
    first = week.first_day
    return {"week": week.number, "phase": week.phase, "note": week.note,
            "first_day": first.isoformat() if first else None,
            **totals_json(week.totals),
            "rest_days": [day.date.isoformat() if day.date else day.label for day in week.days if day.rest]}


def _plan_text(plan: Plan) -> str:
    """A plan: its weeks with their totals, then every workout with its date and week."""
    workouts = []
    for day, workout in plan.sessions():
        placed = {"date": day.date.isoformat() if day.date else None, "week": day.week, "day": day.label}
        workouts.append(_workout_text({**placed, **workout_json(workout)}))
    totals = {"title": plan.title, "totals": totals_json(plan.totals),
              "phases": [{"phase": phase, **totals_json(totals)} for phase, totals in plan.phases()],
              "race": None if plan.race is None else {"date": plan.race[0].isoformat(), "words": plan.race[1]}}
    weeks = _listed([_ONE_LINE(week_json(week)) for week in plan.weeks], "  ")
    return (f'{{\n  "version": {SCHEMA_VERSION},\n  "plan": {_ONE_LINE(totals)},\n  "weeks": {weeks},\n'
            f'  "workouts": {_listed(workouts, "  ")}\n}}\n')


BACKEND = Backend(name="json", suffix=".json", binary=False, per_workout=False, render=render)
