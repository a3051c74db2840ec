"""Garmin Connect workout JSON: as `--format garmin` writes it and as Garmin Connect's workout service
returns it (`workoutSegments` of `ExecutableStepDTO` and `RepeatGroupDTO` steps).

Each step names its type, end condition and target by a key (`interval`, `lap.button`, `pace.zone`) and an
id; the key is read, the id where a key is missing (docs/export.md has the table). Paces and speeds are in
m/s, heart rates in bpm, power in watts; a repeat group with `skipLastRestStep` runs no rest after its last
round.
"""

from __future__ import annotations

import json
from typing import Any

from strides.backends.exports.garmin import digest_of
from strides.importers import neutral as n
from strides.importers.reading import step_words
from strides.meaning.model import Distance, Duration, Open, Time
from strides.meaning.profile import Runner

STEP_TYPES = {1: "warmup", 2: "cooldown", 3: "interval", 4: "recovery", 5: "rest", 6: "repeat", 7: "other",
              8: "main"}
INTENSITIES = {"warmup": "warmup", "cooldown": "cooldown", "interval": "active", "recovery": "recovery",
               "rest": "rest", "other": "active", "main": "active"}
CONDITIONS = {1: "lap.button", 2: "time", 3: "distance", 4: "calories", 5: "power", 6: "heart.rate",
              7: "iterations", 8: "fixed.rest"}
TARGETS = {1: "no.target", 2: "power.zone", 3: "cadence", 4: "heart.rate.zone", 5: "speed.zone", 6: "pace.zone"}
RESOLUTION = 0.001  # m/s: Garmin Connect's editor and strides give speeds to the mm/s
MAX_DEPTH = 8

Json = dict[str, Any]


def read(data: bytes, runner: Runner) -> n.Imported:
    document = _document(data)
    sport = _key(document.get("sportType"), "sportType", {1: "running"})
    if sport not in (None, "running"):
        raise n.Unreadable(f"a {sport} workout: strides imports running workouts")
    segments = document.get("workoutSegments")
    if not isinstance(segments, list) or not segments:
        raise n.Unreadable("Garmin Connect workout JSON with no workoutSegments")
    description = document.get("description")
    ours = isinstance(description, str) and digest_of(description) is not None
    items: list[n.Item] = []
    for segment in segments:
        if not isinstance(segment, dict):
            raise n.Unreadable("a workout segment that is not an object")
        items += _steps(segment.get("workoutSteps"), ours, 0)
    if not items:
        raise n.Unreadable("the Garmin Connect workout has no steps")
    unsaid = () if ours or not isinstance(description, str) or not description.strip() else \
        (f"Garmin Connect description: {description.strip()}",)
    name = document.get("workoutName")
    return n.Imported(name.strip() or None if isinstance(name, str) else None, tuple(items), unsaid)


def _document(data: bytes) -> Json:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise n.Unreadable("not UTF-8 text, so not Garmin Connect workout JSON") from None
    except json.JSONDecodeError as error:
        raise n.Unreadable(f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    if isinstance(document, list) and len(document) == 1:
        document = document[0]
    if not isinstance(document, dict):
        raise n.Unreadable("not a Garmin Connect workout: the JSON is not one workout object")
    return document


def _key(value: Any, kind: str, ids: dict[int, str]) -> str | None:
    """`{"stepTypeId": 3, "stepTypeKey": "interval"}` → `interval`: the key, else the id's."""
    if not isinstance(value, dict):
        return None
    key = value.get(f"{kind}Key")
    if isinstance(key, str):
        return key
    number = value.get(f"{kind}Id")
    return ids.get(number) if isinstance(number, int) else None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# ---- steps ----------------------------------------------------------------------------------------------------
def _steps(steps: Any, ours: bool, depth: int) -> list[n.Item]:
    if not isinstance(steps, list):
        raise n.Unreadable("workoutSteps that is not a list")
    if depth > MAX_DEPTH:
        raise n.Unreadable(f"repeat groups nested more than {MAX_DEPTH} deep")
    items: list[n.Item] = []
    for step in steps:
        if not isinstance(step, dict):
            raise n.Unreadable("a workout step that is not an object")
        if step.get("type") == "RepeatGroupDTO" or _key(step.get("stepType"), "stepType", STEP_TYPES) == "repeat":
            items += _group(step, ours, depth)
        else:
            items.append(_step(step, ours))
    return items


def _group(group: Json, ours: bool, depth: int) -> list[n.Item]:
    count = n.rounds(_number(group.get("numberOfIterations")) or _number(group.get("endConditionValue")),
                     f"repeat group {group.get('stepOrder', '?')}")
    body = tuple(_steps(group.get("workoutSteps"), ours, depth + 1))
    if not body:
        return []
    last = body[-1]
    if group.get("skipLastRestStep") is True and isinstance(last, n.Step) and last.intensity in ("rest", "recovery"):
        rounds = [n.Repeat(count - 1, body)] if count > 1 else []
        return [*rounds, *body[:-1]]
    return [n.Repeat(count, body)]


def _step(step: Json, ours: bool) -> n.Step:
    kind = _key(step.get("stepType"), "stepType", STEP_TYPES) or "interval"
    unsaid: list[str] = []
    duration = _end(step, unsaid)
    target = _target(step, unsaid)
    if step.get("secondaryTargetType"):
        secondary = _key(step.get("secondaryTargetType"), "workoutTargetType", TARGETS)
        if secondary not in (None, "no.target"):
            unsaid.append(f"a second target ({secondary}), which strides cannot say")
    description = step.get("description")
    words_kind, effort, duration, note, _ = step_words(
        None, description if isinstance(description, str) else None, duration, targeted=target is not None,
        ours=ours)
    if effort is not None:
        target = n.Effort(effort)
    intensity = INTENSITIES.get(kind, "active")
    where = f"step {step.get('stepOrder', '?')}"
    return n.Step(intensity, duration, target, words_kind, note, tuple(f"Garmin {where}: {text}" for text in unsaid))


def _end(step: Json, unsaid: list[str]) -> Duration:
    condition = _key(step.get("endCondition"), "conditionType", CONDITIONS) or "lap.button"
    value = _number(step.get("endConditionValue"))
    if condition == "time" and value is not None and value > 0:
        return Time(value)
    if condition == "distance" and value is not None and value > 0:
        return Distance(value)
    if condition != "lap.button":
        shown = f" {value:g}" if value is not None else ""
        unsaid.append(f"ends by {condition}{shown}, which strides cannot say: it ends at the lap button")
    return Open()


def _target(step: Json, unsaid: list[str]) -> n.Target | None:
    kind = _key(step.get("targetType"), "workoutTargetType", TARGETS) or "no.target"
    one, two = _number(step.get("targetValueOne")), _number(step.get("targetValueTwo"))
    zone = step.get("zoneNumber")
    ends = (min(one, two), max(one, two)) if one and two else None
    if kind in ("pace.zone", "speed.zone") and ends is not None:
        return n.Speeds(ends[0], ends[1], RESOLUTION)
    if kind == "heart.rate.zone" and ends is not None:
        return n.BeatsPerMinute(round(ends[0]), round(ends[1]))
    if kind == "heart.rate.zone" and isinstance(zone, int) and 1 <= zone <= 5:
        unsaid.append(f"Garmin's heart-rate zone {zone}, read as strides' z{zone} (from maxhr or lthr)")
        return n.HeartRateZone(zone)
    if kind == "power.zone" and ends is not None:
        return n.Watts(round(ends[0]), round(ends[1]))
    if kind == "no.target":
        return None
    shown = f"zone {zone}" if zone else (f"{one:g}-{two:g}" if one and two else "no values")
    unsaid.append(f"a {kind} target ({shown}), which strides cannot say")
    return None
