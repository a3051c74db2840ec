"""The review as JSON (docs/review.md): paces in seconds per km, times in seconds, distances in metres."""

from __future__ import annotations

import json
from typing import Any

from strides.backends.timeline_json import step_json
from strides.review.judge import Actual, Judged, Summary
from strides.review.report import Review

VERSION = 1


def render(done: Review) -> str:
    activity = done.activity
    document = {
        "version": VERSION,
        "workout": {"name": done.workout.name, "profile": done.workout.profile.summary, "units": done.units},
        "activity": {"file": activity.name, "sport": activity.sport,
                     "started": activity.started.isoformat() if activity.started else None,
                     "laps": len(activity.laps)},
        "steps": [_step(j) for j in done.steps],
        "unmatched_laps": [lap.number for lap in done.extra],
        "notes": list(done.notes),
        "summary": _summary(done.summary),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _step(judged: Judged) -> dict[str, Any]:
    return {
        "number": judged.number,
        "planned": step_json(judged.step),
        "laps": [lap.number for lap in judged.matched.laps],
        "actual": _actual(judged.actual, judged.split),
        "verdict": judged.verdict.word,
        "delta_seconds": judged.verdict.delta_seconds,
        "delta_pace": judged.verdict.delta_pace,
    }


def _actual(actual: Actual | None, split: float | None) -> dict[str, Any] | None:
    if actual is None:
        return None
    pace = actual.pace
    return {"seconds": _round(actual.seconds), "elapsed": _round(actual.elapsed),
            "meters": None if actual.meters is None else _round(actual.meters),
            "pace": None if pace is None else _round(pace), "split": None if split is None else _round(split),
            "hr_avg": None if actual.hr_avg is None else _round(actual.hr_avg), "hr_max": actual.hr_max,
            "power": None if actual.power is None else _round(actual.power),
            "cadence": None if actual.cadence is None else _round(actual.cadence)}


def _summary(summary: Summary) -> dict[str, Any]:
    fade = summary.fade
    return {
        "reps_planned": summary.reps_planned, "reps_judged": summary.reps_judged, "reps_on": summary.reps_on,
        "missed": summary.missed,
        "fade": None if fade is None else {"first": _round(fade.first), "second": _round(fade.second),
                                           "change": _round(fade.change), "reps": fade.reps},
        "fastest": None if summary.fastest is None else summary.fastest.number,
        "slowest": None if summary.slowest is None else summary.slowest.number,
        "hr_zones": {zone: _round(seconds) for zone, seconds in summary.zones},
    }


def _round(value: float) -> float:
    return round(value, 3)
