"""`strides import`: every seed and golden goes text → format → import → compile and runs as it did, within
the format's rounding; files other tools write (FIT made with garmin-fit-sdk's Encoder as Garmin Connect
writes it, Garmin Connect's JSON, Zwift's blocks) read as the runner means them; bad files are one line.
Apple's `.workout` files other tools write: test_import_apple.py."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import fitwalk
import pytest
from conftest import GOLDEN
from garmin_fit_sdk import Encoder
from handbuilt import HAND_BUILT
from seeds import SEED_IDS, SEEDS

from strides.backends import RenderOptions, get_backend
from strides.cli.main import main
from strides.importers import convert, format_of
from strides.language.fmt import format_source
from strides.meaning.model import Distance, Effort, HeartRate, Open, Pace, Power, Step, Time, Workout
from strides.meaning.profile import runner_from, settings_from_pairs
from strides.pipeline import compile_each

FORMATS = ("fit", "garmin", "zwo", "workout")
SUFFIXES = {"fit": ".fit", "garmin": ".garmin.json", "zwo": ".zwo", "workout": ".workout"}
S19 = {"5k": "19:00"}
# How far an imported pace may be from the one written, s/km: a FIT or Garmin speed is held to 1 mm/s and the
# printer writes tenths of a second (an Apple speed alert too); Zwift's share of a race speed has three decimals.
PACE_SLACK = {"fit": 0.15, "garmin": 0.15, "zwo": 0.4, "workout": 0.15}


def compiled(text: str, settings: dict[str, str]) -> Workout:
    result = compile_each(text, settings)
    assert not result.mistakes, [m.message for m in result.mistakes]
    assert not result.warnings, [w.message for w in result.warnings]  # imported text compiles cleanly
    [workout] = result.workouts
    return workout


def rendered(format_: str, workout: Workout) -> bytes:
    data = get_backend(format_).render([workout], RenderOptions())
    return data.encode("utf-8") if isinstance(data, str) else data


def imported(data: bytes, name: str, settings: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    converted = convert(data, name, runner_from(settings_from_pairs(settings)))
    assert format_source(converted.text) == converted.text  # canonical spelling
    return converted.text, converted.unsaid


# ---- the round trip --------------------------------------------------------------------------------------------
def assert_runs_alike(original: Workout, back: Workout, format_: str) -> None:
    """Step by step: what the format holds of each step is what the imported workout runs."""
    assert len(back.timeline) == len(original.timeline)
    by_distance = format_ == "zwo" and all(isinstance(s.duration, (Distance, Open)) for s in original.timeline)
    for before, after in zip(original.timeline, back.timeline, strict=True):
        if format_ != "zwo":  # a Zwift block has no intensity; a paced recovery is a SteadyState like a rep
            assert after.intensity == before.intensity
        assert_duration(before, after, format_, by_distance)
        assert_target(before, after, format_)
        assert after.note == before.note


def assert_duration(before: Step, after: Step, format_: str, by_distance: bool) -> None:
    duration = before.duration
    if format_ == "zwo" and isinstance(duration, Open):
        return  # Zwift has no lap button: a set length stands in
    if format_ == "zwo" and isinstance(duration, Distance) and not by_distance:
        assert isinstance(after.duration, Time)
        assert abs(after.duration.seconds - (before.estimated_seconds or 0)) <= 0.5
        return
    if isinstance(duration, Time):
        assert isinstance(after.duration, Time)
        assert after.duration.seconds == math.floor(duration.seconds + 0.5)
    elif isinstance(duration, Distance):
        assert isinstance(after.duration, Distance)
        assert round(after.duration.meters, 2) == round(duration.meters, 2)
    else:
        assert isinstance(after.duration, Open)
    if not isinstance(duration, Open):  # a range (`15-20min`) comes back from the note that names it
        assert getattr(after.duration, "upto", None) == getattr(duration, "upto", None)


def assert_target(before: Step, after: Step, format_: str) -> None:
    target, back = before.target, after.target
    if isinstance(target, Pace):
        assert isinstance(back, Pace)
        slack = PACE_SLACK[format_]
        if format_ == "zwo":  # a block runs one pace: the middle of a range
            assert abs(back.exact - target.exact) <= slack
        else:
            assert abs(back.fast - target.fast) <= slack and abs(back.slow - target.slow) <= slack
    elif isinstance(target, HeartRate):
        assert isinstance(back, HeartRate) and (back.low, back.high) == (target.low, target.high)
    elif isinstance(target, Power):
        assert isinstance(back, Power) and (back.low, back.high) == (target.low, target.high)
    elif isinstance(target, Effort):
        assert isinstance(back, Effort) and back.word == target.word
    else:
        assert back is None


@pytest.mark.parametrize("format_", FORMATS)
@pytest.mark.parametrize(("seed_id", "text", "settings"), SEEDS, ids=SEED_IDS)
def test_every_seed_comes_back(format_: str, seed_id: str, text: str, settings: dict[str, str]) -> None:
    original = compiled(text, settings)
    back_text, _ = imported(rendered(format_, original), f"{seed_id}{SUFFIXES[format_]}", settings)
    assert_runs_alike(original, compiled(back_text, settings), format_)


def golden_cases() -> list[tuple[str, Path]]:
    cases = [(path.parent.name, path) for folder in ("garmin", "zwo", "fit") for path in
             sorted((GOLDEN / folder).iterdir())]
    # `.workout` files have no goldens of their own (tests/backends/test_workout_files.py decodes them): each
    # golden's workout is written as one.
    cases += [("workout", path) for path in sorted((GOLDEN / "fit").iterdir())]
    assert len(cases) >= 4 * len(SEEDS)
    return cases


def golden_bytes(format_: str, path: Path) -> bytes:
    """The golden file as the format's own bytes: FIT goldens are decoded messages, encoded again here; a
    `.workout` file is written from the golden's workout."""
    if format_ == "workout":
        return rendered("workout", golden_original(path)[0])
    if format_ != "fit":
        return path.read_bytes()
    golden = json.loads(path.read_text(encoding="utf-8"))
    return fit_file(golden["workout"], golden["steps"], manufacturer="development", product=0x5354)


def golden_original(path: Path) -> tuple[Workout, dict[str, str]]:
    seed_id = path.name.split(".")[0]
    if seed_id.startswith("hand-"):
        [make] = [make for make in HAND_BUILT if make.__name__ == seed_id[len("hand-"):]]
        return make(), {"5k": "19:00", "maxhr": "190"}
    [(text, settings)] = [(text, settings) for id_, text, settings in SEEDS if id_ == seed_id]
    return compiled(text, settings), settings


@pytest.mark.parametrize(("format_", "path"), golden_cases(), ids=lambda case: getattr(case, "name", case))
def test_every_golden_comes_back(format_: str, path: Path) -> None:
    original, settings = golden_original(path)
    back_text, _ = imported(golden_bytes(format_, path), path.name, settings)
    assert_runs_alike(original, compiled(back_text, settings), format_)


def test_repeats_pace_and_modifiers_read_back_as_written() -> None:
    original = compiled("Tue track: wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min", S19)
    text, unsaid = imported(rendered("fit", original), "tue.fit", S19)
    assert text == "Tue track:\n  wu 15min\n  12x400 @3:40.5/km r35s\n  last all-out\n  cd 10min\n"
    assert unsaid == ()
    sets = compiled("2x(4x400 @5k r200 jog) r5min; 16x400 @5k r90s; reps 12,16 all-out", S19)
    text, _ = imported(rendered("garmin", sets), "sets.json", S19)
    assert text.splitlines()[1:] == ["  2x(4x400 @3:48/km r200 jog) r5min", "  16x400 @3:48/km r90s",
                                     "  reps 12,16 all-out"]


# ---- FIT files other tools write -------------------------------------------------------------------------------
def fit_file(workout: dict[str, Any], steps: list[dict[str, Any]], *, kind: str = "workout",
             manufacturer: str = "garmin", product: int = 1) -> bytes:
    """A FIT file written with garmin-fit-sdk's Encoder, raw main fields only (FIT_NOTES.md)."""
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": 0, "type": kind, "manufacturer": manufacturer, "product": product,
                        "serial_number": 1234, "time_created": 1_000_000_000})
    encoder.write_mesg({"mesg_num": 26, **workout})
    for index, step in enumerate(steps):
        encoder.write_mesg({"mesg_num": 27, "message_index": index, **step})
    data: bytes = encoder.close()
    return data


def connect_steps() -> list[dict[str, Any]]:
    """A workout as Garmin Connect writes it: names, notes, a pace range in mm/s, bpm + 100, a repeat that
    points back at its first step, a lap-button warm-up."""
    return [
        {"wkt_step_name": "Warm Up", "notes": "Easy, loosen up", "intensity": "warmup", "duration_type": "open",
         "target_type": "open"},
        {"wkt_step_name": "Goal pace", "intensity": "active", "duration_type": "distance",
         "duration_value": 100000, "target_type": "speed", "target_value": 0, "custom_target_value_low": 3922,
         "custom_target_value_high": 4167},
        {"wkt_step_name": "Recover", "intensity": "recovery", "duration_type": "time", "duration_value": 120000,
         "target_type": "open"},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 1, "target_type": "open",
         "target_value": 5},
        {"wkt_step_name": "Steady", "intensity": "active", "duration_type": "time", "duration_value": 600000,
         "target_type": "heart_rate", "target_value": 0, "custom_target_value_low": 240,
         "custom_target_value_high": 250},
        {"intensity": "active", "duration_type": "time", "duration_value": 300000, "target_type": "power",
         "target_value": 0, "custom_target_value_low": 1250, "custom_target_value_high": 1300},
        {"intensity": "active", "duration_type": "time", "duration_value": 60000, "target_type": "cadence",
         "target_value": 0, "custom_target_value_low": 170, "custom_target_value_high": 180},
        {"wkt_step_name": "Cool Down", "intensity": "cooldown", "duration_type": "open", "target_type": "open"},
    ]


def test_a_garmin_connect_fit_workout_reads_as_the_runner_means_it() -> None:
    data = fit_file({"wkt_name": "Tuesday Intervals", "sport": "running", "num_valid_steps": 8}, connect_steps())
    written = fitwalk.decode(data)  # two independent decoders agree on what the test wrote
    assert written.steps[3]["duration_type"] == "repeat_until_steps_cmplt"
    assert written.steps[4]["custom_target_value_low"] == 240  # 140 bpm + 100
    text, unsaid = imported(data, "tuesday.fit", {})
    assert text == ("Tuesday Intervals:\n"
                    "  wu open \"Easy, loosen up\"\n"
                    "  5x(1000 @4:00-4:15/km \"Goal pace\", 2min jog)\n"
                    "  10min @140-150bpm \"Steady\"\n"
                    "  5min @250-300W\n"
                    "  # FIT step 7: a cadence target (custom 170-180), which strides cannot say\n"
                    "  1min\n"
                    "  cd open\n")
    assert unsaid == ("FIT step 7: a cadence target (custom 170-180), which strides cannot say",)
    back = compiled(text, {})
    assert [s.intensity for s in back.timeline[:4]] == ["warmup", "active", "recovery", "active"]
    pace = back.timeline[1].target
    assert isinstance(pace, Pace) and (pace.fast, pace.slow) == (240, 255)


def test_heart_rate_zones_and_shares_of_max_follow_the_fit_convention() -> None:
    steps = [{"intensity": "active", "duration_type": "time", "duration_value": 600000, "target_type": "heart_rate",
              "target_value": 2},
             {"intensity": "active", "duration_type": "time", "duration_value": 600000, "target_type": "heart_rate",
              "target_value": 0, "custom_target_value_low": 70, "custom_target_value_high": 80}]
    text, unsaid = imported(fit_file({"sport": "running", "num_valid_steps": 2}, steps), "z.fit", {})
    assert text == "z:\n  # FIT step 1: heart-rate zone 2 of the watch, read as strides' z2 (from maxhr or lthr)\n" \
                   "  10min @z2\n  10min @70-80%max\n"
    assert len(unsaid) == 1


@pytest.mark.parametrize(("kind", "said"), [("activity", "a FIT activity file, not a workout"),
                                            ("settings", "a FIT settings file, not a workout")])
def test_activity_and_settings_files_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str,
                                                 said: str) -> None:
    path = tmp_path / f"{kind}.fit"
    path.write_bytes(fit_file({"sport": "running"}, [], kind=kind))
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1


def test_a_damaged_or_unknown_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = fit_file({"sport": "running", "num_valid_steps": 8}, connect_steps())
    damaged = bytearray(good)
    damaged[40] ^= 0xFF
    cases = {"damaged.fit": bytes(damaged), "cut.fit": good[:60], "notes.txt": b"just some words\n",
             "broken.json": b'{"workoutSegments": [', "broken.zwo": b"<workout_file><workout>"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        assert main(["import", str(tmp_path / name)]) == 1, name
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and err.startswith(f"strides: cannot import {tmp_path / name}:")
        assert "Traceback" not in err


def test_a_repeat_pointing_forward_is_refused() -> None:
    steps = [{"intensity": "active", "duration_type": "open", "target_type": "open"},
             {"duration_type": "repeat_until_steps_cmplt", "duration_value": 1, "target_type": "open",
              "target_value": 3}]
    with pytest.raises(Exception, match="repeats from step 2, not from a step before it"):
        convert(fit_file({"sport": "running"}, steps), "r.fit", runner_from([]))


# ---- Garmin Connect JSON as the service returns it -------------------------------------------------------------
def connect_json() -> dict[str, Any]:
    def step(order: int, type_id: int, condition: int, value: float | None, target: int, **more: Any) -> Any:
        return {"type": "ExecutableStepDTO", "stepOrder": order, "stepType": {"stepTypeId": type_id},
                "endCondition": {"conditionTypeId": condition}, "endConditionValue": value,
                "targetType": {"workoutTargetTypeId": target}, **more}

    return {"workoutName": "Thursday", "description": "From my coach", "sportType": {"sportTypeId": 1},
            "workoutSegments": [{"segmentOrder": 1, "workoutSteps": [
                step(1, 1, 2, 600.0, 1, description="jog"),
                {"type": "RepeatGroupDTO", "stepOrder": 2, "stepType": {"stepTypeId": 6}, "numberOfIterations": 6,
                 "skipLastRestStep": True, "workoutSteps": [
                     step(3, 3, 3, 800.0, 6, targetValueOne=4.386, targetValueTwo=4.167),
                     step(4, 5, 2, 90.0, 1)]},
                step(5, 3, 2, 1200.0, 4, zoneNumber=3),
                step(6, 2, 1, None, 1)]}]}


def test_garmin_connect_json_reads_ids_and_keys() -> None:
    text, unsaid = imported(json.dumps(connect_json()).encode(), "thursday.json", {})
    assert text == ("Thursday:\n"
                    "  # Garmin Connect description: From my coach\n"
                    "  wu 10min \"jog\"\n"
                    "  6x800 @3:48-4:00/km r90s\n"
                    "  # Garmin step 5: Garmin's heart-rate zone 3, read as strides' z3 (from maxhr or lthr)\n"
                    "  20min @z3\n"
                    "  cd open\n")
    assert len(unsaid) == 2


def test_a_cycling_workout_is_refused() -> None:
    document = {**connect_json(), "sportType": {"sportTypeId": 2, "sportTypeKey": "cycling"}}
    with pytest.raises(Exception, match="a cycling workout: strides imports running workouts"):
        convert(json.dumps(document).encode(), "ride.json", runner_from([]))


# ---- Zwift files other tools write -----------------------------------------------------------------------------
ZWO = b"""<workout_file><author>Coach</author><name>Treadmill 5k</name><sportType>run</sportType><workout>
  <Warmup Duration="600" PowerLow="0.70" PowerHigh="0.85" pace="1"/>
  <IntervalsT Repeat="5" OnDuration="180" OffDuration="90" OnPower="1.05" OffPower="0.6" pace="1">
    <textevent timeoffset="0" message="Stay tall"/>
  </IntervalsT>
  <SteadyState Duration="300" Zone="2"/>
  <Ramp Duration="240" PowerLow="0.9" PowerHigh="1.0" pace="2"/>
  <MaxEffort Duration="30"/>
  <FreeRide Duration="300" Cadence="170"/>
  <gameplayevent timeoffset="0" type="GPE_CAMERA"/>
</workout></workout_file>"""


def test_a_zwift_run_reads_shares_of_the_runners_paces() -> None:
    text, unsaid = imported(ZWO, "treadmill.zwo", S19)
    lines = text.splitlines()
    assert lines[0] == "Treadmill 5k:"
    assert "  wu 10min @4:28.2-5:25.7/km" in lines
    assert "  5x(3min @5k-10.9s/km \"Stay tall\", 90s jog @5k+152s/km)" in lines
    assert "  5min @E" in lines and "  30s all-out" in lines
    assert any(said.startswith("zwo: a <gameplayevent> block") for said in unsaid)
    assert any("cadence" in said for said in unsaid)
    compiled(text, S19)


def test_without_a_profile_a_share_of_a_race_is_a_comment() -> None:
    text, unsaid = imported(ZWO, "treadmill.zwo", {})
    assert "  # zwo: 105.0% of your 5 km race speed: give the profile a race (--set 5k=20:00) to import it as a " \
        "pace" in text.splitlines()
    assert "  5x(3min \"Stay tall\", 90s jog)" in text.splitlines()
    assert len(unsaid) == 7


# ---- the command line -----------------------------------------------------------------------------------------
def test_several_files_print_one_workout_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.fit").write_bytes(fit_file({"wkt_name": "A", "sport": "running"}, connect_steps()[:3]))
    (tmp_path / "b.json").write_text(json.dumps(connect_json()), encoding="utf-8")
    assert main(["import", str(tmp_path / "a.fit"), str(tmp_path / "b.json")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("A:\n") and "\n\nThursday:\n" in out and format_source(out) == out
    assert "b.json: kept as a comment: Garmin Connect description: From my coach" in err


def test_out_is_all_or_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.fit").write_bytes(fit_file({"sport": "running"}, connect_steps()))
    (tmp_path / "bad.fit").write_bytes(b"not a workout")
    out = tmp_path / "week.strides"
    assert main(["import", str(tmp_path / "a.fit"), str(tmp_path / "bad.fit"), "-o", str(out)]) == 1
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["a.fit", "bad.fit"]
    assert main(["import", str(tmp_path / "a.fit"), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("a:\n  wu open")
    capsys.readouterr()


def test_standard_input_and_a_forced_format(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    import io
    import sys

    data = fit_file({"wkt_name": "Piped", "sport": "running"}, connect_steps()[:2])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["import", "-"]) == 0
    assert capsys.readouterr().out.startswith("Piped:\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["import", "--format", "zwo", "-"]) == 1
    assert "not well-formed XML" in capsys.readouterr().err


def test_formats_are_told_by_contents_then_name() -> None:
    assert format_of(fit_file({"sport": "running"}, connect_steps()), "x.json") == "fit"
    assert format_of(ZWO, "x.fit") == "zwo"
    assert format_of(json.dumps(connect_json()).encode(), "x") == "garmin"
    assert format_of(b"\x00\x01", "run.workout") == "apple"


def test_repeat_counts_are_held_to_what_strides_runs() -> None:
    steps = [{"intensity": "active", "duration_type": "time", "duration_value": 60000, "target_type": "open"},
             {"duration_type": "repeat_until_steps_cmplt", "duration_value": 0, "target_type": "open",
              "target_value": 4_000_000_000}]
    with pytest.raises(Exception, match="step 2 repeats 4000000000 times; a repeat runs 1 to 1,000 times"):
        convert(fit_file({"sport": "running"}, steps), "r.fit", runner_from([]))


def test_a_repeat_run_once_is_its_steps_and_names_are_made_to_read() -> None:
    steps = [{"intensity": "active", "duration_type": "time", "duration_value": 60000, "target_type": "open"},
             {"intensity": "rest", "duration_type": "time", "duration_value": 30000, "target_type": "open"},
             {"duration_type": "repeat_until_steps_cmplt", "duration_value": 0, "target_type": "open",
              "target_value": 1}]
    text, _ = imported(fit_file({"wkt_name": "Tue: #1 track", "sport": "running"}, steps), "r.fit", {})
    assert text == "Tue 1 track:\n  1min\n  30s rest\n"


def test_a_changed_rep_keeps_the_rounds_note_once() -> None:
    original = compiled('6x400 @5k r1min "relax"; last @mile', S19)
    text, _ = imported(rendered("fit", original), "n.fit", S19)
    assert text.splitlines()[1:] == ['  6x400 @3:48/km r1min "relax"', "  last @3:26.8/km"]
    assert_runs_alike(original, compiled(text, S19), "fit")
