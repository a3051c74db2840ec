"""The service exports (garmin, icu, zwo): golden files per seed, each checked by a validator written from
the format's definition and read back into the steps the runner does, compared with the timeline."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from conftest import GOLDEN, check_golden
from hypothesis import HealthCheck, given, settings
from seeds import SEED_IDS, SEEDS
from strategies import workout_files

from strides.backends import get_backend
from strides.backends.fit import workout_steps
from strides.cli.main import main
from strides.errors import StridesError
from strides.language.lexicon import RACES
from strides.meaning.model import (
    Distance,
    Effort,
    HeartRate,
    HeartRateShare,
    Open,
    Pace,
    Power,
    RacePace,
    ShareOf,
    Speed,
    Step,
    Time,
    Workout,
)
from strides.meaning.paces import pace_of_race
from strides.names import TakenNames, safe_file_name
from strides.pipeline import compile_text

ROOT = Path(__file__).parents[2]
FORMATS = {"garmin": ".garmin.json", "icu": ".txt", "zwo": ".zwo"}
EXAMPLES = sorted((ROOT / "examples").glob("*.strides"))


def seed_workout(text: str, settings: dict[str, str]) -> Workout:
    [workout] = compile_text(text, settings)
    return workout


def rendered(format_: str, workout: Workout) -> str:
    text = get_backend(format_).render([workout], _options())
    assert isinstance(text, str)
    return text


def _options() -> Any:
    from strides.backends import RenderOptions

    return RenderOptions()


# Power, treadmill speed, heart rate as a share and the named paces, through every export.
TARGETS = {"5k": "19:00", "maxhr": "190", "resthr": "50", "lthr": "172"}
TARGET_TEXTS = [
    "Power: wu 15min; 5x3min @230-250W r2min jog; 4x400 @240W r200; cd 10min",
    "Treadmill: 10min @10km/h; 5x1k @12-14kph r1min; 20min @8.5mph",
    "Heart: 40min @70-80%max; 20min @75% HRmax; 30min @60-70% HRR; 20min @95% LTHR; 10min @85-90% LTHR",
    "Named: 3x1mi @LT r1min; 20min @CV; 10mi @GMP",
]


def every_workout() -> list[Workout]:
    found = [seed_workout(text, settings) for _, text, settings in SEEDS]
    found += [seed_workout(text, TARGETS) for text in TARGET_TEXTS]
    for path in EXAMPLES:
        found += compile_text(path.read_text(encoding="utf-8"))
    return found


def planned(step: Step) -> tuple[str, float | None]:
    """What a service runs for a step: the lower end of a range, whole seconds, open at the lap button."""
    if isinstance(step.duration, Time):
        return "time", float(math.floor(step.duration.seconds + 0.5))
    if isinstance(step.duration, Distance):
        return "distance", round(step.duration.meters, 2)
    return "open", None


@pytest.mark.parametrize("format_", FORMATS)
@pytest.mark.parametrize(("seed_id", "text", "settings"), SEEDS, ids=SEED_IDS)
def test_export_golden(format_: str, seed_id: str, text: str, settings: dict[str, str]) -> None:
    check_golden(GOLDEN / format_ / f"{seed_id}{FORMATS[format_]}", rendered(format_, seed_workout(text, settings)))


# ---- Garmin Connect JSON -------------------------------------------------------------------------------------
#
# The ids, checked against python-garminconnect (garminconnect/workout.py, tests/test_workout_constants.py and
# tests/test_workout_targets.py, issues #333 and #370), Garmin's own answers captured in qdomyos-zwift's tests,
# and garmin_mcp's table of Garmin's /workout-service/workout/types (see docs/export.md).

STEP_TYPES = {1: "warmup", 2: "cooldown", 3: "interval", 4: "recovery", 5: "rest", 6: "repeat"}
END_CONDITIONS = {1: "lap.button", 2: "time", 3: "distance", 7: "iterations"}
TARGET_TYPES = {1: "no.target", 2: "power.zone", 4: "heart.rate.zone", 5: "speed.zone", 6: "pace.zone"}
# The fields of python-garminconnect's pydantic models (BaseWorkout, WorkoutSegment, ExecutableStep,
# RepeatGroup) and of Garmin's answers that strides writes; anything else is a mistake here.
WORKOUT_KEYS = {"workoutName", "description", "sportType", "estimatedDurationInSecs", "estimatedDistanceInMeters",
                "workoutSegments"}
SEGMENT_KEYS = {"segmentOrder", "sportType", "workoutSteps"}
STEP_KEYS = {"type", "stepOrder", "stepType", "endCondition", "endConditionValue", "targetType", "targetValueOne",
             "targetValueTwo", "description", "childStepId"}
GROUP_KEYS = {"type", "stepOrder", "stepType", "numberOfIterations", "workoutSteps", "endCondition",
              "endConditionValue", "childStepId", "smartRepeat", "skipLastRestStep"}


def garmin_problems(document: dict[str, Any]) -> list[str]:
    """Every way `document` differs from Garmin Connect's workout JSON as strides may write it."""
    problems: list[str] = []

    def need(condition: bool, message: str) -> None:
        if not condition:
            problems.append(message)

    required = {"workoutName", "sportType", "workoutSegments", "estimatedDurationInSecs"}
    need(required <= set(document) <= WORKOUT_KEYS, f"workout keys {set(document)}")
    need(isinstance(document.get("workoutName"), str) and document["workoutName"] != "", "workoutName")
    need(isinstance(document.get("estimatedDurationInSecs"), int), "estimatedDurationInSecs is an int")
    running = {"sportTypeId": 1, "sportTypeKey": "running", "displayOrder": 1}
    need(document.get("sportType") == running, "sportType running")
    segments = document.get("workoutSegments", [])
    need(len(segments) == 1 and set(segments[0]) == SEGMENT_KEYS, "one segment")
    need(segments[0].get("segmentOrder") == 1 and segments[0].get("sportType") == running, "segment 1, running")
    orders: list[int] = []

    def typed(value: Any, kind: str, table: dict[int, str]) -> int:
        ident = value.get(f"{kind}Id") if isinstance(value, dict) else None
        need(ident in table and value.get(f"{kind}Key") == table[ident] and value.get("displayOrder") == ident,
             f"{kind} {value}")
        return int(ident) if isinstance(ident, int) else -1

    def check(steps: list[dict[str, Any]], group: int | None) -> None:
        need(bool(steps), "a step list is never empty")
        for step in steps:
            orders.append(step.get("stepOrder", -1))
            need(step.get("childStepId") == group or step.get("type") == "RepeatGroupDTO",
                 f"childStepId {step.get('childStepId')} in group {group}")
            condition = step.get("endCondition", {})
            if step.get("type") == "RepeatGroupDTO":
                need(set(step) <= GROUP_KEYS, f"group keys {set(step) - GROUP_KEYS}")
                need(typed(step["stepType"], "stepType", STEP_TYPES) == 6, "a group is a repeat")
                count = step.get("numberOfIterations")
                need(isinstance(count, int) and count >= 2 and step.get("endConditionValue") == float(count),
                     "iterations")
                need(condition == {"conditionTypeId": 7, "conditionTypeKey": "iterations", "displayOrder": 7,
                                   "displayable": False}, "a group ends after its iterations")
                need(isinstance(step.get("childStepId"), int), "a group has a childStepId")
                check(step["workoutSteps"], step.get("childStepId"))
                continue
            need(step.get("type") == "ExecutableStepDTO" and set(step) <= STEP_KEYS, f"step keys {set(step)}")
            need(typed(step.get("stepType"), "stepType", STEP_TYPES) != 6, "a step is no repeat")
            end = typed({**condition, "displayOrder": condition.get("displayOrder")}, "conditionType",
                        END_CONDITIONS)
            need(condition.get("displayable") is True, "a step's end condition is displayable")
            value = step.get("endConditionValue")
            need(value is None if end == 1 else isinstance(value, float) and value > 0, f"end value {value}")
            target = typed(step.get("targetType"), "workoutTargetType", TARGET_TYPES)
            one, two = step.get("targetValueOne"), step.get("targetValueTwo")
            if target == 1:
                need(one is None and two is None, "no target, no values")
            elif target == 6:
                need(isinstance(one, float) and isinstance(two, float) and 0.5 < two <= one < 12,
                     f"pace.zone m/s, faster first: {one}, {two}")
            elif target == 5:
                need(isinstance(one, float) and isinstance(two, float) and 0.5 < one <= two < 12,
                     f"speed.zone m/s, slower first: {one}, {two}")
            elif target == 2:
                need(isinstance(one, float) and isinstance(two, float) and 20 <= one <= two <= 1000, "watts")
            else:
                need(isinstance(one, float) and isinstance(two, float) and 40 <= one <= two <= 240, "bpm")

    check(segments[0].get("workoutSteps", []), None)
    need(orders == list(range(1, len(orders) + 1)), f"stepOrder runs 1…n depth first: {orders}")
    return problems


def garmin_timeline(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The steps as a watch runs them: every group's steps, its iterations times."""
    flat: list[dict[str, Any]] = []
    for step in steps:
        if step["type"] == "RepeatGroupDTO":
            flat += garmin_timeline(step["workoutSteps"]) * step["numberOfIterations"]
        else:
            flat.append(step)
    return flat


# What Garmin calls each intensity (its step types), and a repeat group.
GARMIN_STEP_TYPES = {"warmup": "warmup", "cooldown": "cooldown", "active": "interval", "recovery": "recovery",
                     "rest": "rest"}


def group_depth(steps: list[dict[str, Any]]) -> int:
    """How many repeat groups deep the steps nest."""
    return max((1 + group_depth(s["workoutSteps"]) for s in steps if s["type"] == "RepeatGroupDTO"), default=0)


def count_steps(steps: list[dict[str, Any]]) -> int:
    """Steps and repeat groups, as a FIT file counts its steps and repeat steps."""
    return sum(1 + count_steps(s.get("workoutSteps", [])) for s in steps)


def assert_garmin_runs_like_the_timeline(workout: Workout, document: dict[str, Any]) -> None:
    """The document, run like a watch runs it, is the timeline step for step: amounts and targets."""
    steps = document["workoutSegments"][0]["workoutSteps"]
    assert group_depth(steps) <= 2, "Garmin turns the JSON into a FIT file: watches run two levels at most"
    ran = garmin_timeline(steps)
    assert len(ran) == len(workout.timeline)
    for step, executed in zip(workout.timeline, ran, strict=True):
        kind, amount = planned(step)
        assert executed["endCondition"]["conditionTypeKey"] == {"open": "lap.button"}.get(kind, kind)
        assert executed.get("endConditionValue") == amount
        assert executed["stepType"]["stepTypeKey"] == GARMIN_STEP_TYPES[step.intensity]
        if isinstance(step.target, Pace) and isinstance(step.target.basis, Speed):
            assert executed["targetType"]["workoutTargetTypeKey"] == "speed.zone"
            assert executed["targetValueOne"] <= 1000 / step.target.slow <= 1000 / step.target.fast <= \
                executed["targetValueTwo"]
            assert executed["targetValueTwo"] - 1000 / step.target.fast < 0.001
        elif isinstance(step.target, Pace):
            assert executed["targetType"]["workoutTargetTypeKey"] == "pace.zone"
            assert executed["targetValueOne"] >= 1000 / step.target.fast >= 1000 / step.target.slow >= \
                executed["targetValueTwo"]
            assert executed["targetValueOne"] - 1000 / step.target.fast < 0.001
        elif isinstance(step.target, Power):
            assert executed["targetType"]["workoutTargetTypeKey"] == "power.zone"
            assert (executed["targetValueOne"], executed["targetValueTwo"]) == (step.target.low, step.target.high)
        elif isinstance(step.target, HeartRate):
            assert executed["targetType"]["workoutTargetTypeKey"] == "heart.rate.zone"
            assert (executed["targetValueOne"], executed["targetValueTwo"]) == (step.target.low, step.target.high)
            assert "zoneNumber" not in executed, "a custom range in bpm, not one of Garmin's own zones"
        else:
            assert executed["targetType"]["workoutTargetTypeKey"] == "no.target"
        if isinstance(step.target, Effort):
            assert step.target.word in executed["description"], "an effort's word is the only thing said"


@pytest.mark.parametrize("workout", every_workout(), ids=lambda w: w.name)
def test_garmin_json_is_valid_and_runs_like_the_timeline(workout: Workout) -> None:
    document = json.loads(rendered("garmin", workout))
    assert garmin_problems(document) == []
    assert_garmin_runs_like_the_timeline(workout, document)


def test_garmin_json_validates_against_python_garminconnects_models() -> None:
    models = pytest.importorskip("garminconnect.workout", reason="python-garminconnect needs Python 3.12+")
    for workout in every_workout():
        document = json.loads(rendered("garmin", workout))
        assert models.RunningWorkout.model_validate(document).to_dict()["workoutName"] == workout.name


def test_nested_repeats_are_nested_repeat_groups() -> None:
    workout = seed_workout("3x(4x400 @5k r200 jog) r5min", {"5k": "20:00"})
    steps = json.loads(rendered("garmin", workout))["workoutSegments"][0]["workoutSteps"]
    outer = steps[0]
    assert outer["type"] == "RepeatGroupDTO" and outer["numberOfIterations"] == 2
    inner = outer["workoutSteps"][0]
    assert inner["type"] == "RepeatGroupDTO" and inner["numberOfIterations"] == 3
    assert [s["childStepId"] for s in inner["workoutSteps"]] == [inner["childStepId"]] * 2
    assert inner["childStepId"] != outer["childStepId"]


THREE_DEEP = "wu 10min; 2x(2x(3x200 @mile r200, 400 @5k), 800 @10k) r3min; cd 10min"
FOUR_DEEP = "2x(2x(2x(2x200 @mile r200) r400, 800 @5k) r2min, 1600 @10k)"


@pytest.mark.parametrize("text", [THREE_DEEP, FOUR_DEEP])
def test_garmin_writes_out_repeats_below_the_second_level_as_the_fit_file_does(text: str) -> None:
    workout = seed_workout(text, {"5k": "20:00"})
    document = json.loads(rendered("garmin", workout))
    assert garmin_problems(document) == []
    assert_garmin_runs_like_the_timeline(workout, document)  # two levels at most, the timeline step for step
    steps = document["workoutSegments"][0]["workoutSteps"]
    assert count_steps(steps) == len(workout_steps(workout)), "the same steps and repeats as the FIT file"
    [garmin] = get_backend("garmin").warnings([workout])  # type: ignore[misc]
    [fit] = get_backend("fit").warnings([workout])  # type: ignore[misc]
    assert garmin.message.removeprefix("garmin:") == fit.message.removeprefix("fit:")
    assert "written out below the second level" in garmin.message


def test_garmin_keeps_two_levels_without_a_warning() -> None:
    workout = seed_workout("2x(4x400 @5k r200) r5min", {"5k": "20:00"})
    assert get_backend("garmin").warnings([workout]) == []  # type: ignore[misc]


def test_strides_marks_its_garmin_workouts_with_a_digest_of_the_steps() -> None:
    first = json.loads(rendered("garmin", seed_workout("5x1000 @5k r2min", {"5k": "20:00"})))
    again = json.loads(rendered("garmin", seed_workout("5x1000 @5k r2min", {"5k": "20:00"})))
    edited = json.loads(rendered("garmin", seed_workout("5x1000 @5k r90s", {"5k": "20:00"})))
    assert re.fullmatch(r"Paces from 5 km 20:00 · VDOT 49\.8\. \[strides [0-9a-f]{12}\]", first["description"])
    assert first["description"] == again["description"] != edited["description"]


# ---- intervals.icu workout text --------------------------------------------------------------------------------

ICU_STEP = re.compile(r"- (?P<cue>(?:[^\d\s][^\s]*\s+)*?)(?P<amount>\d[\w.]*)"
                      r"(?:\s+(?P<target>\d+:\d\d-\d+:\d\d/(?:km|mi) Pace|\d+-\d+% HR|Z\d HR|\d+-\d+W"
                      r"|\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?% LTHR))?"
                      r"(?P<lap>\s+Press lap)?")
ICU_HEADER = re.compile(r"(?P<name>[A-Za-z][A-Za-z -]*?)(?:\s+(?P<count>\d+)x)?")


def read_icu(text: str) -> list[dict[str, Any]]:
    """intervals.icu's text read back into the steps a watch runs; any line it would not read is a failure."""
    steps: list[dict[str, Any]] = []
    assert text.endswith("\n") and "\n\n\n" not in text
    for block in text.strip("\n").split("\n\n"):
        lines = block.split("\n")
        count = 1
        if not lines[0].startswith("- "):
            header = ICU_HEADER.fullmatch(lines.pop(0))
            assert header is not None, f"not a header: {block}"
            count = int(header.group("count") or 1)
        assert lines, "a header with no steps"
        body = []
        for line in lines:
            found = ICU_STEP.fullmatch(line)
            assert found is not None, f"intervals.icu would not read `{line}`"
            body.append({"amount": icu_amount(found.group("amount")), "target": found.group("target"),
                         "lap": bool(found.group("lap")), "cue": found.group("cue").strip()})
        steps += body * count
    return steps


def icu_amount(text: str) -> tuple[str, float]:
    distance = re.fullmatch(r"(\d+(?:\.\d+)?)(mtr|km|mi)", text)
    if distance:
        return "distance", round(float(distance.group(1)) * {"mtr": 1, "km": 1000, "mi": 1609.344}[distance.group(2)],
                                 2)
    clock = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text)
    assert clock is not None and text, f"not an amount: {text}"
    hours, minutes, seconds = (int(part or 0) for part in clock.groups())
    return "time", float(hours * 3600 + minutes * 60 + seconds)


def icu_pace(target: str, units: str) -> tuple[float, float]:
    fast, slow = re.findall(r"(\d+):(\d\d)", target)
    per = 1609.344 / 1000 if units == "mi" else 1.0
    return (int(fast[0]) * 60 + int(fast[1])) / per, (int(slow[0]) * 60 + int(slow[1])) / per


@pytest.mark.parametrize("workout", every_workout(), ids=lambda w: w.name)
def test_icu_text_reads_back_as_the_timeline(workout: Workout) -> None:
    ran = read_icu(rendered("icu", workout))
    assert len(ran) == len(workout.timeline)
    for step, read in zip(workout.timeline, ran, strict=True):
        kind, amount = planned(step)
        if kind == "open":
            assert read["lap"] and read["amount"] == ("time", 60.0)
        else:
            assert read["amount"] == (kind, amount) and not read["lap"]
        if isinstance(step.target, Pace):
            fast, slow = icu_pace(read["target"], workout.profile.units)
            per = 1609.344 / 1000 if workout.profile.units == "mi" else 1.0
            assert fast <= step.target.fast and slow >= step.target.slow, "the range given stays inside"
            assert step.target.fast - fast < 1 / per + 1e-9 and slow - step.target.slow < 1 / per + 1e-9
        elif isinstance(step.target, Power):
            assert read["target"] == f"{step.target.low}-{step.target.high}W"
        elif isinstance(step.target, HeartRate) and isinstance(step.target.basis, HeartRateShare) and \
                step.target.basis.of == ShareOf.lthr:
            share = step.target.basis
            ends = f"{share.low:g}" if share.low == share.high else f"{share.low:g}-{share.high:g}"
            assert read["target"] == f"{ends}% LTHR"
        elif isinstance(step.target, HeartRate):
            assert read["target"].endswith("% HR")
        else:
            assert read["target"] is None


def test_icu_carries_no_nested_repeat_and_says_so() -> None:
    workout = seed_workout("3x(4x400 @5k r200 jog) r5min", {"5k": "20:00"})
    text = rendered("icu", workout)
    assert text.split("\n\n")[0].startswith("Main set 2x\n") and "Main set 3x" in text
    [warning] = get_backend("icu").warnings([workout])  # type: ignore[misc]
    assert "a repeat inside a repeat is written out round by round" in warning.message


def test_icu_last_all_out_is_a_repeat_and_a_final_step() -> None:
    text = rendered("icu", seed_workout("12x400 @5k-3s r35s; last all-out", {"5k": "19:00"}))
    assert text == "Main set 11x\n- 400mtr 3:36-3:45/km Pace\n- Rest 35s\n\n- all-out 400mtr\n"


def test_icu_uses_metres_as_mtr_and_minutes_as_m() -> None:
    text = rendered("icu", seed_workout("wu 15min; 400; 1.5k; 2mi; 90s; 1h05", {"5k": "20:00"}))
    assert [line.split()[-1] for line in text.split("\n") if line.startswith("- ")] == \
        ["15m", "400mtr", "1.5km", "2mi", "1m30s", "1h5m"]


def test_icu_heart_rates_are_percent_of_max_or_the_zone() -> None:
    assert rendered("icu", seed_workout("40min @140-150bpm", {"maxhr": "190"})) == "- 40m 73-79% HR\n"
    workout = seed_workout("40min @140-150bpm", {})
    assert rendered("icu", workout) == "- 40m\n"
    [warning] = get_backend("icu").warnings([workout])  # type: ignore[misc]
    assert "has no target: intervals.icu takes heart rates as % of max HR" in warning.message


def test_icu_leaves_out_a_note_it_would_misread() -> None:
    workout = seed_workout('400 @5k "200 fast then float"; 400 @5k "kick"', {"5k": "20:00"})
    assert rendered("icu", workout) == "- 400mtr 3:55-4:05/km Pace\n- kick 400mtr 3:55-4:05/km Pace\n"
    [warning] = get_backend("icu").warnings([workout])  # type: ignore[misc]
    assert 'the note "200 fast then float" is left out' in warning.message


# ---- Zwift .zwo ------------------------------------------------------------------------------------------------
#
# The schema, from the format's documented structure (Zwift's support pages on custom workouts and the tag
# reference built from Zwift's own files): the elements strides writes, each with its attributes and types.

NUMBER = re.compile(r"\d+(\.\d+)?")
ZWO_HEADER = {"author", "name", "description", "sportType", "durationType", "tags", "workout"}
ZWO_BLOCKS = {
    "SteadyState": ({"Duration", "Power", "pace"}, {"Duration", "Power", "pace"}),
    "Warmup": ({"Duration", "PowerLow", "PowerHigh", "pace"}, {"Duration", "PowerLow", "PowerHigh", "pace"}),
    "Cooldown": ({"Duration", "PowerLow", "PowerHigh", "pace"}, {"Duration", "PowerLow", "PowerHigh", "pace"}),
    "IntervalsT": ({"Repeat", "OnDuration", "OffDuration", "OnPower", "OffPower", "pace"},
                   {"Repeat", "OnDuration", "OffDuration", "OnPower", "OffPower", "pace"}),
    "FreeRide": ({"Duration"}, {"Duration"}),
}
# The `pace` values Zwift's own run workouts use (the tag reference's exhaustive sample of them): the runner's
# race pace each block's Power is a share of.
ZWIFT_PACES = {"0": "mile", "1": "5k", "2": "10k", "3": "hm"}


def zwo_problems(root: ElementTree.Element) -> list[str]:
    problems: list[str] = []
    tags = [child.tag for child in root]
    if root.tag != "workout_file" or not set(tags) <= ZWO_HEADER or tags.count("workout") != 1:
        problems.append(f"header {tags}")
    if root.findtext("sportType") != "run":
        problems.append("sportType run")
    if root.find("durationType") is not None and root.findtext("durationType") != "distance":
        problems.append("durationType is distance when given")
    # Zwift's distance workouts place their messages in metres, its timed ones in seconds.
    offset = "distoffset" if root.findtext("durationType") == "distance" else "timeoffset"
    for block in root.find("workout") or []:
        required, allowed = ZWO_BLOCKS.get(block.tag, (set(), set()))
        if not required or not required <= set(block.attrib) <= allowed:
            problems.append(f"{block.tag} {block.attrib}")
        for name, value in block.attrib.items():
            if name == "pace" and value not in ZWIFT_PACES:
                problems.append(f"pace {value}")
            elif name != "pace" and not NUMBER.fullmatch(value):
                problems.append(f"{name}={value}")
        if any(float(block.attrib[n]) <= 0 for n in ("Duration", "OnDuration", "OffDuration") if n in block.attrib):
            problems.append(f"{block.tag} lasts nothing")
        for event in block:
            if event.tag != "textevent" or set(event.attrib) != {offset, "message"} or not event.get("message"):
                problems.append(f"text event {event.attrib}")
    return problems


def zwo_blocks(root: ElementTree.Element) -> list[dict[str, Any]]:
    """Each block a runner runs, IntervalsT unrolled: its length, the race its powers are shares of, its
    powers (start and end of a ramp) and its message."""
    blocks: list[dict[str, Any]] = []
    for block in root.find("workout") or []:
        race = ZWIFT_PACES.get(block.get("pace", ""))
        if block.tag == "IntervalsT":
            pair = [{"length": float(block.get(f"{part}Duration", 0)), "race": race,
                     "powers": (float(block.get(f"{part}Power", 0)),), "message": None} for part in ("On", "Off")]
            blocks += pair * int(block.get("Repeat", 0))
            continue
        powers = [block.get(name) for name in ("Power", "PowerLow", "PowerHigh")]
        event = block.find("textevent")
        blocks.append({"length": float(block.get("Duration", 0)), "race": race,
                       "powers": tuple(float(p) for p in powers if p is not None),
                       "message": event.get("message") if event is not None else None})
    return blocks


def assert_zwo_runs_like_the_timeline(workout: Workout, root: ElementTree.Element) -> None:
    """Each block lasts what its step does and, on a runner whose Zwift paces are the profile's, runs its
    pace: the middle of the range (a warm-up or cool-down ramps across it)."""
    blocks = zwo_blocks(root)
    assert len(blocks) == len(workout.timeline)
    by_distance = root.findtext("durationType") == "distance"
    vdot = workout.profile.vdot
    for step, block in zip(workout.timeline, blocks, strict=True):
        if not isinstance(step.duration, Open):
            expected = step.duration.meters if by_distance else (
                step.duration.seconds if isinstance(step.duration, Time) else step.estimated_seconds)
            assert expected is not None and abs(block["length"] - expected) <= 0.5
        paced = isinstance(step.target, Pace) and vdot is not None
        assert bool(block["powers"]) == paced
        if not paced:
            assert block["race"] is None
            continue
        assert isinstance(step.target, Pace) and vdot is not None
        race = pace_of_race(vdot, RACES[block["race"]])
        basis = step.target.basis
        if isinstance(basis, RacePace) and basis.race in ZWIFT_PACES.values():
            assert block["race"] == basis.race, "a race Zwift has is the race the pace is a share of"
        ends = (step.target.exact,) if len(block["powers"]) == 1 else (step.target.slow, step.target.fast)
        for power, pace in zip(sorted(block["powers"]), sorted(ends, reverse=True), strict=True):
            assert abs(race / pace - power) <= 0.0005 + 1e-9, "Zwift runs the pace the step was given"


@pytest.mark.parametrize("workout", every_workout(), ids=lambda w: w.name)
def test_zwo_is_valid_and_runs_like_the_timeline(workout: Workout) -> None:
    root = ElementTree.fromstring(rendered("zwo", workout))
    assert zwo_problems(root) == []
    assert_zwo_runs_like_the_timeline(workout, root)


def test_zwo_paces_are_fractions_of_the_race_they_are_written_against() -> None:
    workout = seed_workout("1000 @5k; 1000 @mile; 1000 @hm; 1000 @T", {"5k": "20:00"})
    root = ElementTree.fromstring(rendered("zwo", workout))
    blocks = [(b.get("pace"), b.get("Power")) for b in root.find("workout") or []]
    assert blocks[:3] == [("1", "1.000"), ("0", "1.000"), ("3", "1.000")]
    assert blocks[3][0] == "1" and 1.0 > float(blocks[3][1] or 0) > 0.9, "T is a little slower than 5 km pace"
    assert root.findtext("durationType") == "distance"


def test_zwo_marathon_pace_is_a_share_of_the_half_marathon_zwift_defines() -> None:
    # Zwift's own run workouts use pace 0-3 only: a marathon pace is placed against the half marathon.
    workout = seed_workout("1000 @mp; 1000 @mp+20s/mi; 3x1mi @mp r1mi @mp+30s/mi", {"5k": "20:00"})
    root = ElementTree.fromstring(rendered("zwo", workout))
    assert {block.get("pace") for block in root.find("workout") or []} == {"3"}
    vdot = workout.profile.vdot
    assert vdot is not None
    half, marathon = pace_of_race(vdot, RACES["hm"]), pace_of_race(vdot, RACES["marathon"])
    first = (root.find("workout") or [])[0]
    assert abs(float(first.get("Power") or 0) - half / marathon) <= 0.0005
    assert_zwo_runs_like_the_timeline(workout, root)


def test_zwo_heart_rate_message_says_the_range_once() -> None:
    workout = seed_workout("40min @140-150bpm; 20min @150bpm; 10min @z2", {"maxhr": "190"})
    messages = [block["message"] for block in zwo_blocks(ElementTree.fromstring(rendered("zwo", workout)))]
    assert messages == ["140-150 bpm", "147-153 bpm", "z2 114-133 bpm"]


def test_zwo_messages_sit_in_metres_in_a_distance_workout_and_in_seconds_in_a_timed_one() -> None:
    measured = ElementTree.fromstring(rendered("zwo", seed_workout("4x400 @5k r200 jog", {"5k": "20:00"})))
    timed = ElementTree.fromstring(rendered("zwo", seed_workout("4x2min @5k r1min jog", {"5k": "20:00"})))
    assert measured.findtext("durationType") == "distance" and timed.find("durationType") is None
    assert [e.attrib for e in measured.iter("textevent")] == [{"distoffset": "0", "message": "Jog"}] * 3
    assert [e.attrib for e in timed.iter("textevent")] == [{"timeoffset": "0", "message": "Jog"}] * 3


def test_zwo_says_what_zwift_cannot_hold_the_runner_to() -> None:
    workout = seed_workout("wu 15min; 6x1min hill hard jog back; 10min @z2; 400 @5k", {"5k": "20:00",
                                                                                       "maxhr": "190"})
    messages = [w.message for w in get_backend("zwo").warnings([workout])]  # type: ignore[misc]
    assert any("Zwift has no lap button" in m for m in messages)
    assert any("Zwift has no heart-rate targets" in m for m in messages)
    assert any("distances become their time" in m for m in messages)
    text = rendered("zwo", workout)
    assert 'message="Hill hard"' in text and 'message="z2 114-133 bpm"' in text


# ---- every construct, through both watch-bound exports ---------------------------------------------------------

CONSTRUCT_PROFILE = {"5k": "20:00", "maxhr": "190", "lthr": "172"}
CONSTRUCTS = {
    "repeat": "wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min",
    "two levels": "3x(4x400 @5k r200 jog) r5min",
    "three levels": THREE_DEEP,
    "four levels": FOUR_DEEP,
    "sets": "3 x 3 x 400 @5k r60s",
    "ladder": "200/400/600/800/600/400/200 @5k r200 jog",
    "ladder repeated": "2x200/400 @mile r200",
    "group": "(1600 @10k, 1200 @5k, 800 @3k) r2min",
    "group repeated": "3x(1000, 600, 400) @5k r90s",
    "progression": "6x1k @T+15s r1min; each -3s",
    "named reps": "8x400 @5k r200; reps 2-5 @mile; first all-out",
    "time range": "wu 15-20min; 4x1k @5k r2-3min; cd 10min",
    "count range": "4-6x400 @5k r200",
    "pace range": "20min @3:40-3:45/km; 3x1mi @10k..5k r1min",
    "open": "wu lap; 4x1k @5k r lap; cd lap",
    "heart rate": "40min @140-150bpm; 20min @150bpm; 10min @z2; 10min @70-80%max; 20min @95% LTHR",
    "efforts": "5x1min hard r1min; 6x20s strides fast jog back; 10x30s fast / 30s jog; 8x1min rpe 8 r1min",
    "on off": "15 x 45s on / 15s off",
    "ratio": "6x800 @5k r1:1",
    "split run": "12mi easy; last 3mi @hm",
    "race offsets": "3x400 @mile−1s/mi r200; 2x1k @10k-5s r2min; 3mi @mp+20s/mi; 5x1k @mp r1min; each -5s",
}


@pytest.mark.parametrize("text", CONSTRUCTS.values(), ids=CONSTRUCTS.keys())
def test_garmin_runs_every_construct_like_the_timeline(text: str) -> None:
    workout = seed_workout(text, CONSTRUCT_PROFILE)
    document = json.loads(rendered("garmin", workout))
    assert garmin_problems(document) == []
    assert_garmin_runs_like_the_timeline(workout, document)
    assert count_steps(document["workoutSegments"][0]["workoutSteps"]) == len(workout_steps(workout))


@pytest.mark.parametrize("text", CONSTRUCTS.values(), ids=CONSTRUCTS.keys())
def test_zwift_runs_every_construct_like_the_timeline(text: str) -> None:
    workout = seed_workout(text, CONSTRUCT_PROFILE)
    root = ElementTree.fromstring(rendered("zwo", workout))
    assert zwo_problems(root) == []
    assert_zwo_runs_like_the_timeline(workout, root)


@given(workout_files(max_workouts=2))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_workout_runs_like_its_timeline_on_garmin_and_zwift(text: str) -> None:
    try:
        workouts = compile_text(text)
    except StridesError:
        return  # files the strategy draws but strides refuses are test_fuzz's to find
    for workout in workouts:
        document = json.loads(rendered("garmin", workout))
        assert garmin_problems(document) == []
        assert_garmin_runs_like_the_timeline(workout, document)
        root = ElementTree.fromstring(rendered("zwo", workout))
        assert zwo_problems(root) == []
        assert_zwo_runs_like_the_timeline(workout, root)


# ---- all three ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("format_", FORMATS)
def test_the_command_line_prints_the_warnings_and_still_writes(format_: str, capsys: pytest.CaptureFixture[str]
                                                               ) -> None:
    code = main(["compile", "-e", "wu 15-20min; 4-6x(2x400 @5k r200) r3min", "--set", "5k=20:00", "--format", format_])
    out, err = capsys.readouterr()
    assert code == 0 and out
    assert f"warning: {format_}: `Workout`:" in err


@pytest.mark.parametrize("format_", FORMATS)
def test_a_week_makes_one_file_per_workout(format_: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["compile", str(ROOT / "examples" / "week.strides"), "--format", format_, "-o", f"{tmp_path}/"])
    capsys.readouterr()
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir())[:2] == [f"fri-rest-day-strides{FORMATS[format_]}",
                                                              f"mon-easy{FORMATS[format_]}"]


@pytest.mark.parametrize(("name", "file"), [
    ("Steigerungsläufe", "steigerungslaeufe.fit"), ("Straße 5×1000", "strasse-5-1000.fit"),
    ("Fartlek à Sète", "fartlek-a-sete.fit"), ("Øresund løb", "oeresund-loeb.fit"), ("Łódź tempo", "lodz-tempo.fit"),
    ("ÜBERGANG", "uebergang.fit"), ("日本", "workout.fit"),
])
def test_file_names_keep_the_workouts_letters(name: str, file: str) -> None:
    assert safe_file_name(name, ".fit", TakenNames()) == file


def test_names_that_come_out_the_same_get_a_number() -> None:
    taken = TakenNames()
    assert [safe_file_name(n, ".fit", taken) for n in ("Läufe", "Laeufe", "LÄUFE")] == \
        ["laeufe.fit", "laeufe-2.fit", "laeufe-3.fit"]


# ---- power, treadmill speed and heart-rate shares ------------------------------------------------------------


def target_workout(text: str) -> Workout:
    return seed_workout(text, TARGETS)


def test_garmin_power_is_power_zone_in_watts_lower_first() -> None:
    document = json.loads(rendered("garmin", target_workout("3min @230-250W")))
    [step] = document["workoutSegments"][0]["workoutSteps"]
    assert step["targetType"] == {"workoutTargetTypeId": 2, "workoutTargetTypeKey": "power.zone", "displayOrder": 2}
    assert (step["targetValueOne"], step["targetValueTwo"]) == (230.0, 250.0)


def test_garmin_treadmill_speed_is_speed_zone_in_metres_per_second_slower_first() -> None:
    document = json.loads(rendered("garmin", target_workout("5x1k @12-14kph r1min")))
    step = document["workoutSegments"][0]["workoutSteps"][0]["workoutSteps"][0]
    assert step["targetType"]["workoutTargetTypeKey"] == "speed.zone"
    assert (step["targetValueOne"], step["targetValueTwo"]) == (3.333, 3.889)  # 12 and 14 km/h, outwards


def test_icu_power_in_watts_and_shares_of_lthr_as_written() -> None:
    text = rendered("icu", target_workout("3min @230-250W; 20min @95% LTHR; 20min @85-90% LTHR; 40min @70-80%max"))
    assert text == "- 3m 230-250W\n- 20m 95% LTHR\n- 20m 85-90% LTHR\n- 40m 70-80% HR\n"


def test_zwo_says_it_cannot_carry_watts() -> None:
    workout = target_workout("5x3min @230-250W r2min")
    messages = [w.message for w in get_backend("zwo").warnings([workout])]  # type: ignore[misc]
    assert any("power targets become free runs" in m for m in messages)
    assert 'message="230–250 W"' in rendered("zwo", workout)


def test_zwo_runs_a_treadmill_speed_as_a_pace() -> None:
    root = ElementTree.fromstring(rendered("zwo", target_workout("30min @13km/h")))
    [block] = list(root.find("workout") or [])
    assert block.tag == "SteadyState" and block.get("pace") == "1"  # against 5 km, 19:00 = 3:48/km
    assert abs(float(block.get("Power") or 0) - 228 / (3600 / 13)) < 0.002


def test_the_timeline_json_gives_power_speeds_and_shares_as_written() -> None:
    document = json.loads(rendered("json", target_workout("3min @230-250W; 30min @13km/h; 30min @60-70% HRR")))
    targets = [step["target"] for step in document["workouts"][0]["timeline"]]
    assert targets[0] == {"power": [230, 250], "label": "230–250 W"}
    assert targets[1]["speed"] == {"low": 13.0, "high": 13.0, "unit": "km/h"} and targets[1]["label"] == "13 km/h"
    assert targets[2] == {"hr": [134, 148], "label": "60-70%HRR", "share": {"low": 60.0, "high": 70.0,
                                                                             "of": "reserve"}}
