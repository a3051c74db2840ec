"""Garmin Connect's workout JSON: what its web service takes (it refuses workout FIT files).

One document per workout: `workoutName`, `sportType` running and one segment of `workoutSteps`, each an
`ExecutableStepDTO` or a `RepeatGroupDTO` holding steps of its own (nested repeats nest). Garmin reads the
numeric ids and silently reinterprets a wrong one, so they are written from one table here, checked against
the sources named in docs/export.md. Rounds that look the same to the watch share a repeat group, as in the
FIT file: `12x400 r35s; last all-out` is 11 × (400, rest), then the all-out 400 with no rest after it.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from typing import Any

from strides.backends import Backend, RenderOptions
from strides.backends.exports.view import (
    Cautions,
    cautions_of,
    count_range,
    effort_of,
    heart_rate_of,
    pace_of,
    power_of,
    role,
    rounds_of,
    speed_of,
)
from strides.backends.nesting import MAX_REPEAT_DEPTH, grouped_rounds, too_deep
from strides.errors import StridesWarning
from strides.meaning.model import Distance, Node, Open, Repeat, Step, Time, Workout
from strides.meaning.units import watch_note

# (id, key); displayOrder is the id in every response Garmin gives.
SPORT_RUNNING = (1, "running")
STEP_TYPES = {"warmup": (1, "warmup"), "cooldown": (2, "cooldown"), "interval": (3, "interval"),
              "recovery": (4, "recovery"), "rest": (5, "rest"), "repeat": (6, "repeat")}
LAP_BUTTON, TIME, DISTANCE, ITERATIONS = (1, "lap.button"), (2, "time"), (3, "distance"), (7, "iterations")
NO_TARGET, HEART_RATE, PACE = (1, "no.target"), (4, "heart.rate.zone"), (6, "pace.zone")
# Power in watts and speed in m/s, each with the lower value in targetValueOne (docs/export.md).
POWER, SPEED = (2, "power.zone"), (5, "speed.zone")

# Garmin Connect's workout editor stops at 50 steps (repeat groups count); its service may refuse more.
MAX_STEPS = 50
# Strides' own workouts are known by their name and this mark at the end of their description, which also
# holds a digest of the steps: `[strides 3f9a0c1b2d4e]`. The same digest means the same steps.
MARK = "[strides"

Json = dict[str, Any]


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    """The JSON of one workout (the backend is per_workout)."""
    if len(workouts) != 1:
        raise ValueError(f"the garmin backend renders one workout at a time, got {len(workouts)}")
    return json.dumps(workout_json(workouts[0]), indent=2, ensure_ascii=False) + "\n"


def workout_json(workout: Workout) -> Json:
    return build(workout)[0]


def build(workout: Workout) -> tuple[Json, list[StridesWarning]]:
    """The workout document, and what it could not carry."""
    cautions = Cautions(workout, "garmin")
    for node in workout.items:
        _count_ranges(node, cautions)
    deep = too_deep(workout, "garmin")
    steps = _numbered(_nodes(workout.items))
    digest = hashlib.sha256(json.dumps([workout.name, steps], sort_keys=True).encode()).hexdigest()[:12]
    count = _count(steps)
    if count > MAX_STEPS:
        cautions.add(f"{count} steps: Garmin Connect's editor takes at most {MAX_STEPS}, and its service may "
                     "refuse the workout; split it into two")
    document: Json = {
        "workoutName": workout.name,
        "description": description(workout, digest),
        "sportType": _typed("sportType", SPORT_RUNNING),
        "estimatedDurationInSecs": round(workout.total_seconds),
        "workoutSegments": [{"segmentOrder": 1, "sportType": _typed("sportType", SPORT_RUNNING),
                             "workoutSteps": steps}],
    }
    if workout.total_meters:
        document["estimatedDistanceInMeters"] = round(workout.total_meters, 1)
    return document, ([deep] if deep else []) + cautions.found


def _count_ranges(node: Node, cautions: Cautions) -> None:
    if isinstance(node, Step):
        return
    if node.count_upto is not None:
        cautions.add(count_range(node))
    for round_ in rounds_of(node):
        for inner in round_:
            _count_ranges(inner, cautions)


def description(workout: Workout, digest: str) -> str:
    """The profile the paces came from, and strides' mark (how `strides push` knows its own workouts)."""
    mark = f"{MARK} {digest}]"
    return f"Paces from {workout.profile.summary}. {mark}" if workout.profile.summary else mark


def digest_of(text: str | None) -> str | None:
    """The digest in strides' mark at the end of a description; None when it is not strides' workout."""
    ending = (text or "").rstrip()
    start = ending.rfind(f"{MARK} ")
    if start < 0 or not ending.endswith("]"):
        return None
    digest = ending[start + len(MARK) + 1 : -1]
    return digest if len(digest) == 12 and all(c in "0123456789abcdef" for c in digest) else None


def _typed(kind: str, entry: tuple[int, str]) -> Json:
    number, key = entry
    return {f"{kind}Id": number, f"{kind}Key": key, "displayOrder": number}


# --- nodes to steps -------------------------------------------------------------------------------------


def _nodes(nodes: Sequence[Node], depth: int = MAX_REPEAT_DEPTH) -> list[Json]:
    """The steps of `nodes`, with at most `depth` levels of repeat groups (as in the FIT file)."""
    steps: list[Json] = []
    for node in nodes:
        steps.extend([_step(node)] if isinstance(node, Step) else _repeat(node, depth))
    return steps


def _repeat(repeat: Repeat, depth: int) -> list[Json]:
    """Runs of equal rounds become one repeat group each while a level is left; other rounds are written
    out plainly (see `grouped_rounds`)."""
    steps: list[Json] = []
    for body, count in grouped_rounds(repeat, depth, _nodes):
        if count == 1:
            steps.extend(body)
        else:
            steps.append({
                "type": "RepeatGroupDTO",
                "stepType": _typed("stepType", STEP_TYPES["repeat"]),
                "numberOfIterations": count,
                "endCondition": {**_condition(ITERATIONS), "displayable": False},
                "endConditionValue": float(count),
                "smartRepeat": False,
                "skipLastRestStep": False,
                "workoutSteps": body,
            })
    return steps


def _step(step: Step) -> Json:
    fields: Json = {"type": "ExecutableStepDTO", "stepType": _typed("stepType", STEP_TYPES[role(step)])}
    note = _description(step)
    if note:
        fields["description"] = note
    fields.update(_end(step))
    fields.update(_target(step))
    return fields


def _description(step: Step) -> str | None:
    """The runner's note, the range the watch runs the lower end of, and an effort's word (it has no
    number a watch could check)."""
    parts = [part for part in (effort_of(step), watch_note(step)) if part]
    return "; ".join(parts) or None


def _condition(entry: tuple[int, str]) -> Json:
    number, key = entry
    return {"conditionTypeId": number, "conditionTypeKey": key, "displayOrder": number, "displayable": True}


def _end(step: Step) -> Json:
    """Whole seconds (the watch counts seconds) and metres to the centimetre; open steps end at the lap
    button. Ranges run their lower end."""
    duration = step.duration
    if isinstance(duration, Time):
        return {"endCondition": _condition(TIME), "endConditionValue": float(math.floor(duration.seconds + 0.5))}
    if isinstance(duration, Distance):
        return {"endCondition": _condition(DISTANCE), "endConditionValue": round(duration.meters, 2)}
    assert isinstance(duration, Open)
    return {"endCondition": _condition(LAP_BUTTON)}


def _target(step: Step) -> Json:
    pace, heart_rate, power = pace_of(step), heart_rate_of(step), power_of(step)
    if pace is not None and speed_of(step) is not None:
        # A treadmill speed: the watch shows it as a speed, the slower end first.
        return {"targetType": _target_type(SPEED),
                "targetValueOne": math.floor(1_000_000 / pace.slow) / 1000,
                "targetValueTwo": math.ceil(1_000_000 / pace.fast) / 1000}
    if power is not None:
        return {"targetType": _target_type(POWER),
                "targetValueOne": float(power.low), "targetValueTwo": float(power.high)}
    if pace is not None:
        # Speeds in m/s, the faster first as Garmin's own answers have it; rounded outwards so that both
        # ends of the range stay inside it.
        return {"targetType": _target_type(PACE),
                "targetValueOne": math.ceil(1_000_000 / pace.fast) / 1000,
                "targetValueTwo": math.floor(1_000_000 / pace.slow) / 1000}
    if heart_rate is not None:
        # A custom range in beats per minute (a zoneNumber would be Garmin's zones, not the profile's).
        return {"targetType": _target_type(HEART_RATE),
                "targetValueOne": float(heart_rate.low), "targetValueTwo": float(heart_rate.high)}
    return {"targetType": _target_type(NO_TARGET)}


def _target_type(entry: tuple[int, str]) -> Json:
    number, key = entry
    return {"workoutTargetTypeId": number, "workoutTargetTypeKey": key, "displayOrder": number}


# --- numbering ------------------------------------------------------------------------------------------


def _numbered(steps: list[Json]) -> list[Json]:
    """stepOrder counts every step and group depth first from 1; a group and its own steps share a
    childStepId, numbered per group."""
    counter = {"order": 0, "group": 0}

    def number(items: list[Json], child: int | None) -> list[Json]:
        numbered = []
        for item in items:
            counter["order"] += 1
            copy = {"stepOrder": counter["order"], **item}
            if child is not None:
                copy["childStepId"] = child
            if item["type"] == "RepeatGroupDTO":
                counter["group"] += 1
                group = counter["group"]
                copy["childStepId"] = group
                copy["workoutSteps"] = number(item["workoutSteps"], group)
            numbered.append(copy)
        return numbered

    return number(steps, None)


def _count(steps: list[Json]) -> int:
    return sum(1 + _count(step.get("workoutSteps", [])) for step in steps)


BACKEND = Backend(name="garmin", suffix=".garmin.json", binary=False, per_workout=True, render=render,
                  warnings=cautions_of(build))
