"""The timeline as JSON: the steps in the order the runner does them, repeats unrolled (docs/timeline.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from strides.backends import Backend, RenderOptions
from strides.model import Effort, HeartRate, HeartRateShare, Pace, Power, Speed, Step, Target, Workout
from strides.units import duration_json, watch_note

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


LINE = 120  # a value whose JSON fits in a line of this width is written on one line
ONE_PER_LINE = ("timeline",)  # lists whose items are each written on one line, however wide: the steps


# Python's JSON encoder is written in C only for output on one line; laid out with `indent` it runs in Python,
# several times slower than the rest of a plan's compile. So each value is encoded on one line, and only a
# value too wide for a line is opened up, its items on lines of their own.
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _laid_out(value: Any, indent: str = "", one_line_items: bool = False) -> str:
    if not value or not isinstance(value, (dict, list)):
        return _ONE_LINE(value)
    if not one_line_items:
        line = _ONE_LINE(value)
        if len(indent) + len(line) <= LINE:
            return line
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{_ONE_LINE(key)}: {_laid_out(item, inner, key in ONE_PER_LINE)}"
                 for key, item in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    lay = _ONE_LINE if one_line_items else lambda item: _laid_out(item, inner)
    return "[\n" + ",\n".join(f"{inner}{lay(item)}" for item in value) + f"\n{indent}]"


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    document = {"version": SCHEMA_VERSION, "workouts": [workout_json(w) for w in workouts]}
    return _laid_out(document) + "\n"


BACKEND = Backend(name="json", suffix=".json", binary=False, per_workout=False, render=render)
