"""`strides import` of Apple WorkoutKit `.workout` files: strides' own read back as written (the round trip of
every seed and golden is in test_import.py), files other tools write read as the runner means them, bad files
one line. The files other tools write are made with strides' WorkoutKit encoder, whose bytes
tests/backends/test_workout_files.py holds to workoutgen's."""

from __future__ import annotations

from pathlib import Path

import pytest

from strides.backends import RenderOptions, get_backend
from strides.backends import workoutkit as wk
from strides.cli.main import main
from strides.importers import convert, format_of
from strides.meaning.model import HeartRate, Pace
from strides.meaning.profile import runner_from, settings_from_pairs
from strides.pipeline import compile_each

PROFILE = {"5k": "19:00", "maxhr": "190"}
SHARED_ID = "6F9619FF-8B86-D011-B42D-00C04FC964FF"  # not the id strides derives: another tool's file


def strides_file(text: str) -> bytes:
    result = compile_each(text, PROFILE)
    [workout] = result.workouts
    data = get_backend("workout").render([workout], RenderOptions())
    assert isinstance(data, bytes)
    return data


def imported(data: bytes, settings: dict[str, str] = PROFILE) -> tuple[str, tuple[str, ...]]:
    converted = convert(data, "run.workout", runner_from(settings_from_pairs(settings)))
    return converted.text, converted.unsaid


def compiles_cleanly(text: str) -> None:
    result = compile_each(text, PROFILE)
    assert not result.mistakes and not result.warnings


def step(goal: wk.Goal, alert: wk.Alert | None = None, name: str | None = None) -> wk.WorkoutStep:
    return wk.WorkoutStep(goal, alert, name)


def work(goal: wk.Goal, alert: wk.Alert | None = None, name: str | None = None) -> wk.IntervalStep:
    return wk.IntervalStep(wk.Purpose.work, step(goal, alert, name))


def recovery(goal: wk.Goal, alert: wk.Alert | None = None, name: str | None = None) -> wk.IntervalStep:
    return wk.IntervalStep(wk.Purpose.recovery, step(goal, alert, name))


def minutes(count: float) -> wk.TimeGoal:
    return wk.TimeGoal(wk.Duration(count, wk.DurationUnit.minutes))


def shared(*blocks: wk.IntervalBlock, activity: int = wk.RUNNING, warmup: wk.WorkoutStep | None = None,
           cooldown: wk.WorkoutStep | None = None) -> bytes:
    """A custom workout as the Workout app or another tool shares it."""
    return wk.encode(wk.WorkoutPlan(SHARED_ID, wk.CustomWorkout(activity, wk.Location.outdoor, "Thursday hills",
                                                                 warmup, blocks, cooldown)))


# ---- strides' own files -------------------------------------------------------------------------------------
def test_a_strides_workout_reads_back_as_written() -> None:
    text, unsaid = imported(strides_file("Tue track: wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"))
    assert text == "Tue track:\n  wu 15min\n  12x400 @3:40.5/km r35s\n  last all-out\n  cd 10min\n"
    assert unsaid == ()


def test_names_carry_kinds_efforts_notes_and_ranges_back() -> None:
    data = strides_file('Hills: 2mi easy; 4-6x200 hill hard r200 walk; 6x100 strides "on grass" jog back; '
                        '15-20min @z2 "relaxed"; 3x(2x400 @5k r200 jog) r3min')
    text, unsaid = imported(data)
    assert text.splitlines()[1:] == ["  2mi easy @4:40.5-5:19.4/km", "  4-6x200 hill hard r200 walk",
                                     '  6x100 strides fast jog back "on grass"', '  15-20min @z2 "relaxed"',
                                     "  3x(2x400 @3:48/km r200 jog) r3min"]
    assert unsaid == ()  # strides writes `@z2` as the watch's zone 2: it needs no comment


def test_speed_alerts_are_paces_with_the_tolerance_they_imply() -> None:
    data = strides_file("Paces: 10min @4:00/km; 10min @4:00-4:20/km; 1k @13km/h")
    text, _ = imported(data)
    assert text.splitlines()[1:] == ["  10min @4:00/km", "  10min @4:00-4:20/km", "  1000 @4:36.9/km"]
    text, _ = imported(data, {**PROFILE, "tolerance": "1%"})  # a 2 % band is no longer one pace's
    assert text.splitlines()[1] == "  10min @3:55.2-4:04.9/km"
    assert format_of(data, "tempo.bin") == "apple"  # told by its first bytes, whatever the name


# ---- files other tools write ----------------------------------------------------------------------------------
def test_a_shared_workout_reads_as_the_runner_means_it() -> None:
    hr_zone = wk.ZoneAlert(wk.AlertType.current_heart_rate, 2)
    data = shared(
        wk.IntervalBlock((work(wk.DistanceGoal(wk.Length(1, wk.LengthUnit.kilometers)),
                               wk.RangeAlert(wk.AlertType.current_speed, 3.922, 4.167), "Goal pace"),
                          recovery(minutes(2), None, "Recover")), 5),
        wk.IntervalBlock((work(minutes(10), wk.RangeAlert(wk.AlertType.current_heart_rate, 140, 150)),
                          work(minutes(5), wk.RangeAlert(wk.AlertType.current_power, 250, 300)),
                          work(minutes(1), wk.RangeAlert(wk.AlertType.current_cadence, 170, 180)),
                          work(minutes(20), hr_zone),
                          work(wk.EnergyGoal(50, wk.EnergyUnit.kilocalories), None, "Hill hard"))),
        warmup=step(wk.DistanceGoal(wk.Length(1, wk.LengthUnit.miles)), None, "Easy, loosen up"),
        cooldown=step(wk.OpenGoal()))
    text, unsaid = imported(data, {})
    assert text == ("Thursday hills:\n"
                    '  wu 1mi "Easy, loosen up"\n'
                    '  5x(1000 @4:00-4:15/km "Goal pace", 2min jog)\n'
                    "  10min @140-150bpm\n"
                    "  5min @250-300W\n"
                    "  # block 2, step 3: a current cadence alert (170-180), which strides cannot say\n"
                    "  1min\n"
                    "  # block 2, step 4: the watch's heart-rate zone 2, read as strides' z2 (from maxhr or lthr)\n"
                    "  20min @z2\n"
                    "  # block 2, step 5: ends after 50 kilocalories, which strides cannot say: it ends at the lap "
                    "button\n"
                    "  open hill hard\n"
                    "  cd open\n")
    assert len(unsaid) == 3
    back = compile_each(text, PROFILE).workouts[0]
    pace, zone = back.timeline[1].target, back.timeline[-3].target
    assert isinstance(pace, Pace) and (pace.fast, pace.slow) == (240, 255)
    assert isinstance(zone, HeartRate) and zone.low < zone.high
    compiles_cleanly(text)


def test_a_cycling_workout_and_a_damaged_file_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    ride = shared(wk.IntervalBlock((work(minutes(10)),)), activity=13)
    good = strides_file("Tue: 12x400 @5k r35s")
    cases = {"ride.workout": (ride, "a cycling workout: strides imports running workouts"),
             "cut.workout": (good[:60], "not a WorkoutKit workout file"),
             "empty.workout": (b"", "it holds no workout")}
    for name, (data, said) in cases.items():
        (tmp_path / name).write_bytes(data)
        assert main(["import", str(tmp_path / name)]) == 1, name
        err = capsys.readouterr().err
        assert err.startswith(f"strides: cannot import {tmp_path / name}:") and said in err, err
        assert len(err.strip().splitlines()) == 1


def test_repeat_counts_are_held_to_what_strides_runs() -> None:
    data = shared(wk.IntervalBlock((work(minutes(1)),), 4_000_000))
    with pytest.raises(Exception, match="block 1 repeats 4000000 times; a repeat runs 1 to 1,000 times"):
        imported(data)


def test_apple_files_are_told_by_their_reference_id_then_their_ending() -> None:
    data = shared(wk.IntervalBlock((work(minutes(1)),)))
    assert format_of(data, "x.json") == "apple"
    assert format_of(b"\x00\x01", "run.workout") == "apple"
    assert format_of(b"J$not a uuid at all, just text", "x.zwo") == "zwo"
