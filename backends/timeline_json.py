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


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    document = {"version": SCHEMA_VERSION, "workouts": [workout_json(w) for w in workouts]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


BACKEND = Backend(name="json", suffix=".json", binary=False, per_workout=False, render=render)
