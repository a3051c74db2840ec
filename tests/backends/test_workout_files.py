"""Apple Watch `.workout` files: decoded by workoutgen and by strides' own reader, which must agree, then run
like the watch runs them (warm-up, each block `iterations` times, cool-down) and compared with the timeline.

workoutgen (a test dependency) decodes everything the iPhone's Workout app exports; it stops at a step's
display name, which its exports never held, and knows only outdoor runs. So its field reader takes the names
out (to be compared separately) before its decoder reads the rest, and indoor (2, from bibixx/workoutkit) is
added to its table of locations.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any, NamedTuple
from unittest import mock

import pytest
import workoutgen as wg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seeds import SEEDS
from test_fit import workouts as random_workouts

from strides.backends import RenderOptions, get_backend
from strides.backends import protowire as wire
from strides.backends import workoutkit as wk
from strides.backends.fit import workout_steps
from strides.backends.workout import (
    BACKEND,
    STEP_NAME_CHARS,
    cut_name,
    step_name,
    workout_plan,
)
from strides.cli.main import main
from strides.errors import StridesError
from strides.meaning.model import Distance, Effort, HeartRate, HeartRateZone, Open, Pace, Power, Step, Time, Workout
from strides.pipeline import compile_text

PROFILE = {"5k": "19:00", "maxhr": "190", "resthr": "50", "lthr": "172"}
METRES_IN = {1: 1.0, 2: 1000.0, 5: 1609.344}  # workoutgen's distance units: m, km, mi
SECONDS_IN = {1: 1.0, 2: 60.0}  # its time units: s, min
COUNT_RANGE = re.compile(r"\d+-\d+x: watch runs \d+")


class Done(NamedTuple):
    """One step as the runner does it: speeds in m/s, heart rates in bpm, power in watts."""

    slot: str  # warmup, work, recovery, cooldown
    goal: tuple[Any, ...]  # ("time", seconds), ("distance", metres), ("open",)
    alert: tuple[Any, ...] | None  # ("speed", low, high), ("heart_rate", low, high), ("zone", n), ("power", …)
    name: str | None


# --- strides' own reader ------------------------------------------------------------------------------------


def ran(plan: wk.WorkoutPlan) -> list[Done]:
    custom = plan.workout
    done = [] if custom.warmup is None else [_done("warmup", custom.warmup)]
    for block in custom.blocks:
        for _ in range(block.iterations):
            done += [_done(step.purpose.name, step.step) for step in block.steps]
    return done + ([] if custom.cooldown is None else [_done("cooldown", custom.cooldown)])


def _done(slot: str, step: wk.WorkoutStep) -> Done:
    goal = step.goal
    if isinstance(goal, wk.TimeGoal):
        found: tuple[Any, ...] = ("time", goal.time.seconds)
    elif isinstance(goal, wk.DistanceGoal):
        found = ("distance", round(goal.distance.meters, 3))
    else:
        assert isinstance(goal, wk.OpenGoal)
        found = ("open",)
    return Done(slot, found, _alert(step.alert), step.display_name)


def _alert(alert: wk.Alert | None) -> tuple[Any, ...] | None:
    names = {wk.AlertType.average_speed: "speed", wk.AlertType.current_heart_rate: "heart_rate",
             wk.AlertType.average_power: "power"}
    if alert is None:
        return None
    if isinstance(alert, wk.ZoneAlert):
        return ("zone", alert.zone)
    assert isinstance(alert, wk.RangeAlert), alert  # strides writes no single-value alert
    return (names[alert.type], alert.low, alert.high)


# --- workoutgen ---------------------------------------------------------------------------------------------


def workoutgen_ran(data: bytes) -> list[Done]:
    """workoutgen's reading of the file, run: its decoder for everything but the names, its field reader for
    the names."""
    top = wg.parse_msg(data)
    custom = wg.parse_msg(top[11][0])
    names: dict[tuple[Any, ...], str | None] = {}
    for slot in (4, 6):
        if slot in custom:
            custom[slot] = [_nameless(custom[slot][0], (slot,), names)]
    blocks = []
    for b, block_bytes in enumerate(custom.get(5, [])):
        block = wg.parse_msg(block_bytes)
        block[1] = [_rebuilt({**step, 2: [_nameless(step[2][0], (5, b, s), names)]})
                    for s, step in enumerate(wg.parse_msg(raw) for raw in block[1])]
        blocks.append(_rebuilt(block))
    custom[5] = blocks
    with mock.patch.dict(wg.LOCATIONS, {"indoor": 2}):
        plan, reference = wg.decode(_rebuilt({**top, 11: [_rebuilt(custom)]}))
    assert reference == top[9][0].decode()
    return _workoutgen_walk(plan, names)


def _nameless(step_bytes: bytes, where: tuple[Any, ...], names: dict[tuple[Any, ...], str | None]) -> bytes:
    step = wg.parse_msg(step_bytes)
    names[where] = step.pop(3)[0].decode("utf-8") if 3 in step else None
    return _rebuilt(step)


def _rebuilt(message: dict[int, list[Any]]) -> bytes:
    """A message from workoutgen's field reader written again with its writer, fields in ascending order."""
    out = b""
    for field in sorted(message):
        for value in message[field]:
            if isinstance(value, bytes):
                out += wg.f_bytes(field, value)
            elif isinstance(value, float):
                out += wg.f_double(field, value)
            else:
                out += wg.f_varint(field, value)
    return out


def _workoutgen_walk(plan: dict[str, Any], names: dict[tuple[Any, ...], str | None]) -> list[Done]:
    assert (plan["activity"], plan["location"] in ("outdoor", "indoor")) == ("running", True)
    done = [] if plan["warmup"] is None else [_workoutgen_done("warmup", plan["warmup"], names[(4,)])]
    for b, block in enumerate(plan["blocks"]):
        for _ in range(block["iterations"]):
            done += [_workoutgen_done({1: "work", 2: "recovery"}[step["purpose"]], step, names[(5, b, s)])
                     for s, step in enumerate(block["steps"])]
    if plan["cooldown"] is not None:
        done.append(_workoutgen_done("cooldown", plan["cooldown"], names[(6,)]))
    return done


def _workoutgen_done(slot: str, step: dict[str, Any], name: str | None) -> Done:
    goal = step["goal"]
    if goal[0] == "time":
        found: tuple[Any, ...] = ("time", goal[1] * SECONDS_IN[goal[2]])
    elif goal[0] == "distance":
        found = ("distance", round(goal[1] * METRES_IN[goal[2]], 3))
    else:
        found = ("open",)
    alert = step["alert"]
    if alert is None:
        shown = None
    elif alert.get("zone"):
        shown = ("zone", alert["zone"])
    else:
        kind = {"avg_pace": "speed", "hr": "heart_rate", "avg_power": "power"}[alert["kind"]]
        shown = (kind, *alert["values"])
    return Done(slot, found, shown, name)


# --- the file against the timeline --------------------------------------------------------------------------


def decoded(data: bytes) -> list[Done]:
    """Both readings, which must agree."""
    ours, theirs = ran(wk.read(data)), workoutgen_ran(data)
    assert ours == theirs
    return ours


def assert_runs_like_timeline(workout: Workout, data: bytes) -> None:
    done = decoded(data)
    assert len(done) == len(workout.timeline)
    for index, (step, found) in enumerate(zip(workout.timeline, done, strict=True)):
        slot = found.slot in ("warmup", "cooldown") and index in (0, len(done) - 1)
        if slot:
            assert found.slot == step.intensity
        else:
            assert found.slot == ("work" if step.is_rep else "recovery")
        assert_goal(found.goal, step)
        assert_alert(found.alert, step)
        assert found.name is None or len(found.name) <= STEP_NAME_CHARS
        full = step_name(step, in_slot=slot)
        said = COUNT_RANGE.match(found.name or "")  # on the first step of a count range's repeat
        if said:
            full = " · ".join(part for part in (said[0], full) if part)
        assert found.name == (cut_name(full) if full else None)


def assert_goal(goal: tuple[Any, ...], step: Step) -> None:
    duration = step.duration
    if isinstance(duration, Time):
        assert goal == ("time", int(duration.seconds + 0.5))  # whole seconds, the lower end of a range
    elif isinstance(duration, Distance):
        assert goal[0] == "distance" and abs(goal[1] - duration.meters) < 0.01
    else:
        assert isinstance(duration, Open) and goal == ("open",)


def assert_alert(alert: tuple[Any, ...] | None, step: Step) -> None:
    target = step.target
    if isinstance(target, Pace):
        kind, low, high = alert  # type: ignore[misc]
        assert kind == "speed"
        # The range holds the exact pace and both ends, no wider than rounding to the mm/s needs.
        assert low <= 1000 / target.slow <= 1000 / target.exact <= 1000 / target.fast <= high
        assert low > 1000 / target.slow - 0.001 and high < 1000 / target.fast + 0.001
    elif isinstance(target, HeartRate) and isinstance(target.basis, HeartRateZone):
        assert alert == ("zone", target.basis.zone)
    elif isinstance(target, HeartRate):
        assert alert == ("heart_rate", target.low, target.high)
    elif isinstance(target, Power):
        assert alert == ("power", target.low, target.high)
    else:
        assert alert is None
        if isinstance(target, Effort):
            assert target.word in (step_name(step, in_slot=True) or "")


def compiled(text: str) -> Workout:
    [found] = compile_text(text, PROFILE)
    return found


def file_of(workout: Workout) -> bytes:
    data = BACKEND.render([workout], RenderOptions())
    assert isinstance(data, bytes)
    return data


# --- seeds and random workouts ------------------------------------------------------------------------------


@pytest.mark.parametrize(("seed_id", "text", "profile"), SEEDS, ids=[s[0] for s in SEEDS])
def test_every_seed_decodes_to_its_timeline(seed_id: str, text: str, profile: dict[str, str]) -> None:
    for workout in compile_text(text, profile):
        assert_runs_like_timeline(workout, file_of(workout))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_workouts)
def test_any_workout_decodes_to_its_timeline(workout: Workout) -> None:
    assert_runs_like_timeline(workout, file_of(workout))


# --- the file as a whole ------------------------------------------------------------------------------------


def test_the_backend_is_registered_per_workout() -> None:
    assert get_backend("workout") is BACKEND
    assert (BACKEND.name, BACKEND.suffix, BACKEND.binary, BACKEND.per_workout) == ("workout", ".workout", True, True)
    with pytest.raises(ValueError):
        BACKEND.render([compiled("5x1k @5k"), compiled("5x1k @5k")], RenderOptions())


def test_the_plan_is_a_custom_outdoor_run_with_the_workouts_name_and_a_derived_id() -> None:
    plan = wk.read(file_of(compiled("Tue track: wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min")))
    assert (plan.workout.activity, plan.workout.location, plan.workout.display_name) == \
        (wk.RUNNING, wk.Location.outdoor, "Tue track")
    assert len(plan.reference_id) == 36 and plan.reference_id == plan.reference_id.upper()
    other = wk.read(file_of(compiled("Tue track: wu 15min; 12x400 @5k-2s r35s; last all-out; cd 10min")))
    assert other.reference_id != plan.reference_id


def test_the_same_workout_gives_the_same_bytes_in_any_process() -> None:
    text = "Tue 12x400: wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"
    here = file_of(compiled(text))
    assert here == file_of(compiled(text))
    for seed in ("1", "2"):
        command = [sys.executable, "-m", "strides", "compile", "-e", text, *[f"--set={k}={v}" for k, v in
                   PROFILE.items()], "--format", "workout", "-o", "-"]
        done = subprocess.run(command, capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.stdout == here


def test_compile_writes_one_file_per_workout_into_a_folder(tmp_path) -> None:
    source = tmp_path / "week.strides"
    source.write_text("5k = 19:00\n\nTue 12x400: 12x400 @5k r200 jog\n\nThu tempo: 3x10min @T r2min\n")
    assert main(["compile", str(source), "--format", "workout", "-o", f"{tmp_path / 'out'}/"]) == 0
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == ["thu-tempo.workout", "tue-12x400.workout"]
    names = {wk.read((tmp_path / "out" / name).read_bytes()).workout.display_name for name in written}
    assert names == {"Tue 12x400", "Thu tempo"}


def test_the_bytes_are_those_workoutgen_writes_for_the_same_plan() -> None:
    """Every goal and alert strides writes, and a single pace and cadence, encoded by both."""
    pace = {"kind": "avg_pace", "values": [2.984, 3.397]}
    theirs = wg.encode({
        "name": "Both", "activity": "running", "location": "outdoor",
        "warmup": {"goal": ("time", 600.0, 1), "alert": pace},
        "blocks": [
            {"iterations": 4, "steps": [
                {"purpose": 1, "goal": ("distance", 400.0, 1), "alert": {"kind": "hr", "values": [140, 160]}},
                {"purpose": 2, "goal": ("open",), "alert": None}]},
            {"iterations": 1, "steps": [
                {"purpose": 1, "goal": ("distance", 1.0, 5), "alert": {"kind": "hr", "values": [], "zone": 3}},
                {"purpose": 1, "goal": ("time", 180.0, 1), "alert": {"kind": "avg_power", "values": [230.0, 250.0]}},
                {"purpose": 1, "goal": ("time", 60.0, 1), "alert": {"kind": "current_pace", "values": [4.5]}},
                {"purpose": 1, "goal": ("time", 60.0, 1), "alert": {"kind": "cadence", "values": [170]}}]}],
        "cooldown": {"goal": ("distance", 2.0, 2), "alert": None},
    }, "0A1B2C3D-0000-4000-8000-000000000001")
    work, rest = wk.Purpose.work, wk.Purpose.recovery
    ours = wk.encode(wk.WorkoutPlan("0A1B2C3D-0000-4000-8000-000000000001", wk.CustomWorkout(
        display_name="Both",
        warmup=wk.WorkoutStep(wk.TimeGoal(wk.Duration(600)), wk.RangeAlert(wk.AlertType.average_speed, 2.984, 3.397)),
        blocks=(
            wk.IntervalBlock((
                wk.IntervalStep(work, wk.WorkoutStep(wk.DistanceGoal(wk.Length(400)),
                                                     wk.RangeAlert(wk.AlertType.current_heart_rate, 140, 160))),
                wk.IntervalStep(rest, wk.WorkoutStep(wk.OpenGoal()))), 4),
            wk.IntervalBlock((
                wk.IntervalStep(work, wk.WorkoutStep(wk.DistanceGoal(wk.Length(1, wk.LengthUnit.miles)),
                                                     wk.ZoneAlert(wk.AlertType.current_heart_rate, 3))),
                wk.IntervalStep(work, wk.WorkoutStep(wk.TimeGoal(wk.Duration(180)),
                                                     wk.RangeAlert(wk.AlertType.average_power, 230, 250))),
                wk.IntervalStep(work, wk.WorkoutStep(wk.TimeGoal(wk.Duration(60)),
                                                     wk.ValueAlert(wk.AlertType.current_speed, 4.5))),
                wk.IntervalStep(work, wk.WorkoutStep(wk.TimeGoal(wk.Duration(60)),
                                                     wk.ValueAlert(wk.AlertType.current_cadence, 170))))),
        ),
        cooldown=wk.WorkoutStep(wk.DistanceGoal(wk.Length(2, wk.LengthUnit.kilometers))),
    )))
    assert ours == theirs


# --- blocks -------------------------------------------------------------------------------------------------


def blocks_of(text: str) -> list[tuple[int, list[tuple[str, str | None]]]]:
    """(iterations, [(purpose, name)]) per block."""
    plan = wk.read(file_of(compiled(text)))
    return [(b.iterations, [(s.purpose.name, s.step.display_name) for s in b.steps]) for b in plan.workout.blocks]


def test_12x400_is_eleven_rounds_then_the_all_out_rep_between_warm_up_and_cool_down() -> None:
    workout = compiled("wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min")
    plan = wk.read(file_of(workout))
    assert plan.workout.warmup == wk.WorkoutStep(wk.TimeGoal(wk.Duration(900)))
    assert plan.workout.cooldown == wk.WorkoutStep(wk.TimeGoal(wk.Duration(600)))
    assert blocks_of("wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min") == [
        (11, [("work", None), ("recovery", "Rest")]), (1, [("work", "all-out")])]
    assert_runs_like_timeline(workout, file_of(workout))


def test_a_warm_up_alone_is_a_block_not_the_warm_up() -> None:
    plan = wk.read(file_of(compiled("wu 15min")))
    assert plan.workout.warmup is None and len(plan.workout.blocks) == 1


def test_a_group_or_ladder_is_one_block_run_once() -> None:
    assert blocks_of("200/400/600 @5k r200 jog") == [(1, [("work", None), ("recovery", "Jog"), ("work", None),
                                                          ("recovery", "Jog"), ("work", None)])]


def test_equal_rounds_holding_a_repeat_are_one_block_with_the_inner_repeat_written_out() -> None:
    workout = compiled("3x(2x400 @5k, 200 jog)")
    assert blocks_of("3x(2x400 @5k, 200 jog)") == [(3, [("work", None), ("work", None), ("recovery", "Jog")])]
    assert_runs_like_timeline(workout, file_of(workout))
    [warning] = BACKEND.warnings([workout])  # type: ignore[misc]
    assert "repeat inside a repeat is written out" in warning.message


def test_sets_keep_their_inner_repeats_as_blocks() -> None:
    workout = compiled("2x(4x400 @5k r200 jog) r5min")
    assert [iterations for iterations, _ in blocks_of("2x(4x400 @5k r200 jog) r5min")] == [3, 1, 3, 1]
    assert_runs_like_timeline(workout, file_of(workout))


def test_three_levels_run_like_their_timeline() -> None:
    workout = compiled("wu 10min; 2x(2x(3x200 @mile r200, 400 @5k), 800 @10k) r3min; cd 10min")
    assert_runs_like_timeline(workout, file_of(workout))
    assert BACKEND.warnings([workout])  # type: ignore[misc]
    assert BACKEND.warnings([compiled("wu 10min; 12x400 @5k r200; cd 10min")]) == []  # type: ignore[misc]


def test_a_count_range_runs_its_lower_end_and_says_so() -> None:
    assert blocks_of("4-6x400 @5k r200 jog") == [
        (3, [("work", "4-6x: watch runs 4"), ("recovery", "Jog")]), (1, [("work", None)])]


# --- goals, alerts and names --------------------------------------------------------------------------------


def test_times_are_whole_seconds_rounded_half_up() -> None:
    rests = [Step(kind="rest", intensity="rest", duration=Time(seconds)) for seconds in (90.4, 90.5, 90.6)]
    workout = Workout(name="rests", items=tuple(rests), profile=compiled("5x1k @5k").profile)
    goals = [block.steps[0].step.goal for block in wk.read(file_of(workout)).workout.blocks]
    assert goals == [wk.TimeGoal(wk.Duration(seconds)) for seconds in (90, 91, 91)]
    assert_runs_like_timeline(workout, file_of(workout))


def test_distances_keep_the_unit_written() -> None:
    plan = wk.read(file_of(compiled("wu 1mi; 3x1k @5k r400 jog; cd 2mi")))
    assert plan.workout.warmup is not None and plan.workout.cooldown is not None
    assert plan.workout.warmup.goal == wk.DistanceGoal(wk.Length(1, wk.LengthUnit.miles))
    assert plan.workout.blocks[0].steps[0].step.goal == wk.DistanceGoal(wk.Length(1, wk.LengthUnit.kilometers))
    assert plan.workout.blocks[0].steps[1].step.goal == wk.DistanceGoal(wk.Length(400))
    assert plan.workout.cooldown.goal == wk.DistanceGoal(wk.Length(2, wk.LengthUnit.miles))


@pytest.mark.parametrize("text", ["5x1k @5k", "3x1mi @T r2min", "20min @8.5mph", "4x400 @3:40-3:45/km"])
def test_a_pace_is_an_average_speed_range_as_wide_as_the_fit_target(text: str) -> None:
    workout = compiled(text)
    step = wk.read(file_of(workout)).workout.blocks[0].steps[0].step
    fit_step = workout_steps(workout)[0]  # speeds in mm/s
    low, high = fit_step["custom_target_value_low"] / 1000, fit_step["custom_target_value_high"] / 1000
    assert step.alert == wk.RangeAlert(wk.AlertType.average_speed, low, high)


@pytest.mark.parametrize(("text", "alert"), [
    ("40min @z2", wk.ZoneAlert(wk.AlertType.current_heart_rate, 2)),
    ("40min @140-150bpm", wk.RangeAlert(wk.AlertType.current_heart_rate, 140, 150)),
    ("40min @70-80%max", wk.RangeAlert(wk.AlertType.current_heart_rate, 133, 152)),
    ("5x3min @230-250W r2min jog", wk.RangeAlert(wk.AlertType.average_power, 230, 250)),
])
def test_heart_rate_and_power_alerts(text: str, alert: wk.Alert) -> None:
    workout = compiled(text)
    assert wk.read(file_of(workout)).workout.blocks[0].steps[0].step.alert == alert
    assert_runs_like_timeline(workout, file_of(workout))


def test_a_treadmill_speed_makes_an_indoor_run() -> None:
    workout = compiled("5x1k @12-14kph r1min")
    plan = wk.read(file_of(workout))
    assert plan.workout.location == wk.Location.indoor
    assert plan.workout.blocks[0].steps[0].step.alert == wk.RangeAlert(wk.AlertType.average_speed, 3.333, 3.889)
    assert_runs_like_timeline(workout, file_of(workout))


def test_efforts_kinds_notes_and_ranges_are_in_the_step_names() -> None:
    assert blocks_of('8x20s strides r1min walk "on grass"') == [
        (7, [("work", "Strides fast · on grass"), ("recovery", "Walk")]), (1, [("work", "Strides fast · on grass")])]
    plan = wk.read(file_of(compiled("wu 15-20min; 4x400 @5k r200 jog; cd 10min")))
    assert plan.workout.warmup is not None and plan.workout.warmup.display_name == "15–20 min"


def test_a_long_name_is_cut_between_words_and_said() -> None:
    workout = compiled('6x1min hill hard jog back "on the steep side of the park, near the old gate"')
    names = {name for _, steps in blocks_of('6x1min hill hard jog back "on the steep side of the park, near the '
                                            'old gate"') for _, name in steps}
    assert "Hill hard · on the steep side of" in names
    assert all(name is None or len(name) <= STEP_NAME_CHARS for name in names)
    [warning] = BACKEND.warnings([workout])  # type: ignore[misc]
    assert f"cut to {STEP_NAME_CHARS} characters" in warning.message
    assert_runs_like_timeline(workout, file_of(workout))


def test_cut_names_keep_whole_words_or_cut_a_single_long_one() -> None:
    assert cut_name("Strides fast · on grass") == "Strides fast · on grass"
    assert cut_name("a" * 40) == "a" * STEP_NAME_CHARS
    assert cut_name("Hill hard · on the steep side of the park") == "Hill hard · on the steep side of"


def test_an_empty_workout_is_refused() -> None:
    with pytest.raises(StridesError, match="no steps"):
        workout_plan(Workout(name="empty", items=(), profile=compiled("5x1k @5k").profile))


# --- the reader ---------------------------------------------------------------------------------------------

lengths = st.builds(wk.Length, st.floats(0.5, 50_000), st.sampled_from(wk.LengthUnit))
goals = st.one_of(st.just(wk.OpenGoal()), st.builds(wk.TimeGoal, st.builds(wk.Duration, st.floats(1, 20_000),
                                                                             st.sampled_from(wk.DurationUnit))),
                  st.builds(wk.DistanceGoal, lengths),
                  st.builds(wk.EnergyGoal, st.floats(1, 2000), st.sampled_from(wk.EnergyUnit)))
alert_types = st.sampled_from(wk.AlertType)
alerts = st.one_of(
    st.none(),
    st.builds(wk.ValueAlert, alert_types, st.integers(1, 400).map(float)),
    st.builds(wk.RangeAlert, alert_types, st.integers(1, 200).map(float), st.integers(201, 400).map(float)),
    st.builds(wk.ZoneAlert, st.sampled_from([wk.AlertType.current_heart_rate, wk.AlertType.current_power]),
              st.integers(1, 5)),
)
names = st.none() | st.text(max_size=40)
plan_steps = st.builds(wk.WorkoutStep, goals, alerts, names)
blocks = st.builds(wk.IntervalBlock, st.lists(st.builds(wk.IntervalStep, st.sampled_from(wk.Purpose), plan_steps),
                                              max_size=4).map(tuple), st.integers(1, 100))
plans = st.builds(wk.WorkoutPlan, st.uuids().map(lambda u: str(u).upper()), st.builds(
    wk.CustomWorkout, st.sampled_from([wk.RUNNING, 13, 52]), st.sampled_from(wk.Location), names,
    st.none() | plan_steps, st.lists(blocks, max_size=4).map(tuple), st.none() | plan_steps))


@settings(max_examples=150, deadline=None)
@given(plans)
def test_what_is_written_reads_back_the_same(plan: wk.WorkoutPlan) -> None:
    assert wk.read(wk.encode(plan)) == plan


INFINITE_TIME = wire.uint(1, 1) + wire.length_delimited(2, wire.uint(1, 1) + wire.double(2, float("inf")))


@pytest.mark.parametrize(("data", "problem"), [
    (b"", "it holds no workout"),
    (wire.length_delimited(13, b""), "it holds a pacer workout, not a custom one"),
    (wire.uint(1000, 2), "its format version is 2"),
    (b"\x5a\x05\x08", "needs 5 bytes; 1 are left"),
    (b"\x5b", "wire type 3"),
    (b"\xff" * 11, "longer than 64 bits"),
    (wire.length_delimited(11, wire.length_delimited(3, b"\xff")), "not UTF-8 text"),
    (wire.length_delimited(11, wire.length_delimited(5, wire.uint(2, 0))), "it must run at least once"),
    (wire.length_delimited(11, wire.uint(2, 7)), "location 7 is not one WorkoutKit is known to write"),
    (wire.length_delimited(11, wire.length_delimited(4, b"")), "the warm-up has no goal"),
    (wire.length_delimited(11, wire.length_delimited(4, wire.length_delimited(1, INFINITE_TIME))),
     "inf is not a number WorkoutKit writes"),
    (wire.length_delimited(11, wire.double(3, 1.0)), "wire type 1"),
])
def test_a_file_that_is_not_a_workout_is_refused_saying_why(data: bytes, problem: str) -> None:
    with pytest.raises(wk.WorkoutFileError, match="not a WorkoutKit workout file") as refused:
        wk.read(data)
    assert problem in str(refused.value)


def test_every_cut_of_a_file_reads_or_is_refused() -> None:
    data = file_of(compiled('wu 1mi; 12x400 @5k-3s r35s; last all-out; 3x5min @z3 r1min "lane 2"; cd 10min'))
    for end in range(len(data)):
        try:
            wk.read(data[:end])
        except wk.WorkoutFileError:
            pass


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_read_or_are_refused(data: bytes) -> None:
    try:
        wk.read(data)
    except wk.WorkoutFileError as refused:
        assert str(refused).startswith("not a WorkoutKit workout file: ")
