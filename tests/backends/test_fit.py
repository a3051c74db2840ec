"""The FIT backend: files that decode cleanly and run, step for step, like the workout's timeline."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import fitwalk
import pytest
from conftest import check_golden
from handbuilt import (
    FIVE_K,
    FIVE_K_MINUS_3,
    HAND_BUILT,
    PROFILE_19,
    hammer_16x400,
    heart_rate_run,
    jog,
    nested_identical,
    open_steps,
    rep,
    repeat,
    rest,
    sets_of_400s,
    track_12x400,
    workout,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seeds import SEEDS

from strides.backends import RenderOptions, get_backend
from strides.backends.fit import (
    BACKEND,
    MAX_REPEAT_DEPTH,
    MAX_STEPS,
    MAX_STRING_BYTES,
    SHORT_NAME_BYTES,
    FileIdentity,
    checked,
    encode_workout,
    fit_string,
    short_name,
    step_name,
    step_notes,
    step_words,
    workout_steps,
)
from strides.errors import StridesError
from strides.meaning.model import (
    INTENSITIES,
    Distance,
    Duration,
    Effort,
    HeartRate,
    Node,
    Open,
    Pace,
    Power,
    Repeat,
    Step,
    Target,
    Time,
    Workout,
)
from strides.pipeline import compile_text

IDENTITY = FileIdentity(
    serial_number=123_456_789, time_created=datetime(2025, 3, 1, 7, 30, tzinfo=timezone.utc)
)
GOLDEN = Path(__file__).parent / "golden" / "fit"


# --- what a timeline step must look like on the watch ----------------------------------------------------


def fit_duration(duration: Duration) -> tuple[str, int | None]:
    """Times in whole seconds (as ms), distances in cm: exact for every duration the seeds use."""
    if isinstance(duration, Time):
        return "time", int(duration.seconds + 0.5) * 1000
    if isinstance(duration, Distance):
        return "distance", int(duration.meters * 100 + 0.5)
    return "open", None


def assert_target(done: fitwalk.Executed, target: Target | None) -> None:
    if isinstance(target, Pace):
        assert done.target == "speed"
        assert done.low is not None and done.high is not None
        # The range holds the exact pace and both ends, and is no wider than rounding needs.
        assert done.low <= 1e6 / target.slow <= 1e6 / target.exact <= 1e6 / target.fast <= done.high
        assert done.low > 1e6 / target.slow - 1 and done.high < 1e6 / target.fast + 1
    elif isinstance(target, HeartRate):
        assert (done.target, done.low, done.high) == ("heart_rate", target.low, target.high)
    elif isinstance(target, Power):  # raw custom power above 1000 is watts + 1000
        assert (done.target, done.low, done.high) == ("power", target.low + 1000, target.high + 1000)
    else:
        assert (done.target, done.low, done.high) == ("open", None, None)
        if isinstance(target, Effort):
            assert done.name is not None and done.name.endswith(fit_string(target.word))


COUNT_RANGE_NOTE = re.compile(r"\d+-\d+x: watch runs \d+(?:; |$)")


def assert_runs_like_timeline(workout: Workout, data: bytes) -> None:
    found = fitwalk.decode(data)
    assert repeat_depth(found.steps) <= MAX_REPEAT_DEPTH
    done = list(fitwalk.walk(found.steps))
    assert len(done) == len(workout.timeline)
    units = workout.profile.units
    for executed, step in zip(done, workout.timeline, strict=True):
        assert executed.intensity == step.intensity
        assert (executed.duration, executed.value) == fit_duration(step.duration)
        assert_target(executed, step.target)
        notes = COUNT_RANGE_NOTE.sub("", executed.notes or "", count=1)  # on a count range's first step
        assert notes == fit_string(step_notes(step, units))
        assert executed.name == (fit_string(step_name(step, units)) or None)
        assert len((executed.name or "").encode("utf-8")) <= SHORT_NAME_BYTES


def repeat_depth(steps: tuple[dict[str, object], ...]) -> int:
    """How deep the repeat steps of a decoded step list nest: a repeat holds the steps from the one it points
    at up to itself."""
    deepest = 0
    depth_at = [0] * len(steps)  # repeats enclosing each step
    for index, step in enumerate(steps):
        if step["duration_type"] == "repeat_until_steps_cmplt":
            first = int(step["duration_value"])  # type: ignore[call-overload]
            for inner in range(first, index):
                depth_at[inner] += 1
    for index, step in enumerate(steps):
        if step["duration_type"] == "repeat_until_steps_cmplt":
            deepest = max(deepest, depth_at[index] + 1)
    return deepest


def decoded(workout: Workout) -> fitwalk.DecodedWorkout:
    return fitwalk.decode(encode_workout(workout, IDENTITY))


def repeat_steps(found: fitwalk.DecodedWorkout) -> list[dict[str, object]]:
    return [s for s in found.steps if s["duration_type"] == "repeat_until_steps_cmplt"]


# --- the file as a whole ---------------------------------------------------------------------------------


@pytest.mark.parametrize("make", HAND_BUILT, ids=lambda make: make.__name__)
def test_hand_built_workouts_run_like_their_timeline(make) -> None:
    workout = make()
    assert_runs_like_timeline(workout, encode_workout(workout, IDENTITY))


def test_messages_come_in_order_with_counted_steps() -> None:
    found = decoded(track_12x400())
    assert found.order[:2] == ("file_id", "workout")
    assert set(found.order[2:]) == {"workout_step"}
    assert found.workout == {"sport": "running", "wkt_name": "12x400", "num_valid_steps": len(found.steps)}
    assert [s["message_index"] for s in found.steps] == list(range(len(found.steps)))


def test_file_id_is_a_workout_with_the_given_identity() -> None:
    found = decoded(track_12x400())
    assert found.file_id["type"] == "workout"
    assert found.file_id["manufacturer"] == "development"
    assert found.file_id["serial_number"] == IDENTITY.serial_number
    fit_epoch = datetime(1989, 12, 31, tzinfo=timezone.utc)
    assert found.file_id["time_created"] == (IDENTITY.time_created - fit_epoch).total_seconds()


def test_same_identity_gives_the_same_bytes() -> None:
    assert encode_workout(track_12x400(), IDENTITY) == encode_workout(track_12x400(), IDENTITY)


def test_the_same_workout_gives_the_same_bytes_without_a_fixed_identity() -> None:
    assert encode_workout(track_12x400()) == encode_workout(track_12x400())
    assert BACKEND.render([track_12x400()], RenderOptions()) == encode_workout(track_12x400())


def test_the_bytes_do_not_depend_on_the_process_or_its_hash_seed() -> None:
    text = "Tue 12x400: wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"
    here = BACKEND.render(compile_seed(text, {"5k": "19:00"}), RenderOptions())
    for seed in ("1", "2"):
        command = [sys.executable, "-m", "strides", "compile", "-e", text, "--set", "5k=19:00",
                   "--format", "fit", "-o", "-"]
        done = subprocess.run(command, capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.stdout == here


def test_the_identity_is_derived_from_the_workout_and_its_name() -> None:
    found = fitwalk.decode(encode_workout(track_12x400()))
    fit_epoch = datetime(1989, 12, 31, tzinfo=timezone.utc)
    created = fit_epoch + timedelta(seconds=found.file_id["time_created"])
    assert datetime(2020, 1, 1, tzinfo=timezone.utc) <= created < datetime(2024, 4, 1, tzinfo=timezone.utc)
    assert 1 <= found.file_id["serial_number"] < 2**32
    # 0x5354 is strides' own product number under the development manufacturer.
    assert (found.file_id["manufacturer"], found.file_id["product"]) == ("development", 0x5354)
    renamed = fitwalk.decode(encode_workout(attrs.evolve(track_12x400(), name="12x400 again")))
    assert renamed.file_id["serial_number"] != found.file_id["serial_number"]
    assert renamed.file_id["time_created"] != found.file_id["time_created"]


def test_distinct_workouts_never_share_a_serial() -> None:
    named = [workout(f"easy {k}", rest(60)) for k in range(200)]
    timed = [workout("easy", rest(60 + k)) for k in range(200)]
    noted = [workout("easy", rep(400, FIVE_K, 1, 1, note=f"lane {k}")) for k in range(100)]
    identities = {fitwalk.decode(encode_workout(w)).file_id["serial_number"] for w in named + timed + noted}
    assert len(identities) == 500


def test_backend_is_registered_and_renders_one_workout() -> None:
    assert (BACKEND.name, BACKEND.suffix, BACKEND.binary, BACKEND.per_workout) == ("fit", ".fit", True, True)
    data = BACKEND.render([track_12x400()], RenderOptions())
    assert isinstance(data, bytes)
    assert_runs_like_timeline(track_12x400(), data)
    with pytest.raises(ValueError):
        BACKEND.render([track_12x400(), track_12x400()], RenderOptions())


def test_backend_registry_finds_it() -> None:
    assert get_backend("fit") is BACKEND


# --- repeats ---------------------------------------------------------------------------------------------


def test_12x400_repeats_eleven_rounds_then_the_all_out_rep() -> None:
    found = decoded(track_12x400())
    names = [s.get("wkt_step_name") for s in found.steps]
    assert names == ["WU 15min", "400 @1:28", "Rest 35s", None, "all-out", "CD 10min"]
    (repeat_step,) = repeat_steps(found)
    assert (repeat_step["duration_value"], repeat_step["target_value"]) == (1, 11)
    assert repeat_step["target_type"] == "open"


def test_rounds_split_into_runs_of_equal_rounds() -> None:
    found = decoded(hammer_16x400())
    counts = [(s["duration_value"], s["target_value"]) for s in repeat_steps(found)]
    # 11 x (400, rest), all-out + rest, 3 x (400, rest), all-out.
    assert counts == [(0, 11), (5, 3)]
    assert len(found.steps) == 9
    assert [
        e.value for e in fitwalk.executed(encode_workout(hammer_16x400(), IDENTITY)) if e.intensity == "rest"
    ] == [91_000] * 15


def test_repeat_without_recoveries_is_one_step_and_one_repeat() -> None:
    five = workout("5x1000", repeat([rep(1000, FIVE_K, k, 5) for k in range(1, 6)], None))
    found = decoded(five)
    assert len(found.steps) == 2
    assert (found.steps[1]["duration_value"], found.steps[1]["target_value"]) == (0, 5)


def test_rounds_that_all_differ_are_written_out() -> None:
    paces = [Pace(fast=p - 4, slow=p + 4, exact=p, label="T") for p in (250, 244, 238)]
    progression = workout(
        "progression", repeat([rep(1609.344, p, k, 3) for k, p in enumerate(paces, 1)], None)
    )
    found = decoded(progression)
    assert repeat_steps(found) == []
    assert len(found.steps) == 3


def test_repeat_of_one_round_is_inlined() -> None:
    group = workout("group", Repeat(work=(rep(1600, FIVE_K, 1, 1), rest(120), rep(800, FIVE_K, 1, 1))))
    assert repeat_steps(decoded(group)) == []


def test_sets_keep_inner_repeats_and_the_set_rest() -> None:
    found = decoded(sets_of_400s())
    counts = [(s["duration_value"], s["target_value"]) for s in repeat_steps(found)]
    assert counts == [(0, 3), (5, 3)]
    assert found.steps[4]["duration_value"] == 300_000


def test_equal_rounds_holding_repeats_nest() -> None:
    found = decoded(nested_identical())
    counts = [(s["duration_value"], s["target_value"]) for s in repeat_steps(found)]
    assert counts == [(0, 2), (0, 3)]
    assert len(fitwalk.executed(encode_workout(nested_identical(), IDENTITY))) == 3 * 3


# --- targets and names -----------------------------------------------------------------------------------


def test_pace_becomes_a_speed_range_rounded_outwards() -> None:
    (step,) = workout_steps(workout("one", rep(400, FIVE_K_MINUS_3, 1, 1)))
    assert step["target_type"] == "speed" and step["target_value"] == 0
    assert step["custom_target_value_low"] == 4446  # 1e6 / 224.9 = 4446.4, rounded down
    assert step["custom_target_value_high"] == 4628  # 1e6 / 216.1 = 4627.5, rounded up


def test_heart_rate_is_custom_bpm_offset_by_100() -> None:
    (step,) = decoded(heart_rate_run()).steps
    assert (step["target_type"], step["custom_target_value_low"], step["custom_target_value_high"]) == (
        "heart_rate",
        233,
        252,
    )
    assert step["notes"] == "easy talk"


def test_effort_is_open_with_the_word_as_name() -> None:
    hills = decoded(open_steps())
    assert hills.steps[0]["wkt_step_name"] == "Hill hard"
    assert hills.steps[0]["target_type"] == "open"
    assert hills.steps[1]["duration_type"] == "open"  # jog back: until the lap button


@pytest.mark.parametrize(
    ("step", "name"),
    [
        (rep(400, FIVE_K_MINUS_3, 1, 1), "400 @1:28"),
        (rep(1609.344, Pace(415, 425, 420 / 1.609344, "7:00/mi"), 1, 1), "1mi @7:00"),
        (Step(kind="run", intensity="active", duration=Time(480), target=FIVE_K), "8min @3:48/km"),
        (rest(35), "Rest 35s"),
        (jog(200), "Jog 200m"),
        (Step(kind="walk", intensity="recovery", duration=Time(90, upto=120)), "Walk 1:30"),
        (
            Step(kind="strides", intensity="active", duration=Distance(100), target=Effort("fast")),
            "Strides fast",
        ),
        (rep(3218.688, Pace(520, 540, 528.3, "8:30/mi"), 1, 1), "2mi @8:48/km"),
        (
            Step(kind="easy", intensity="active", duration=Distance(1609.344), target=FIVE_K),
            "Easy 1mi",  # "@3:48/km" would pass 15 bytes: it is in the notes
        ),
        (Step(kind="run", intensity="active", duration=Open()), "Run"),
        (Step(kind="warmup", intensity="warmup", duration=Time(900)), "WU 15min"),
        (Step(kind="cooldown", intensity="cooldown", duration=Time(600)), "CD 10min"),
        (Step(kind="rest", intensity="rest", duration=Open()), "Rest"),
        (rep(400, Effort("all-out"), 12, 12), "all-out"),
        (rep(400, Power(230, 250, "230–250 W", 240, True), 1, 1), "400 @230-250W"),
    ],
)
def test_step_names(step: Step, name: str) -> None:
    assert step_name(step) == name


def test_ranges_use_their_lower_end() -> None:
    walk = Step(kind="walk", intensity="recovery", duration=Time(90, upto=120), note="90–120 s")
    (step,) = workout_steps(workout("w", walk))
    assert step["duration_value"] == 90_000


# --- limits ----------------------------------------------------------------------------------------------


def distinct_reps(count: int) -> Workout:
    return workout("long", *(rep(100 + k, None, 1, 1) for k in range(count)))


def test_a_workout_at_the_step_limit_is_fine() -> None:
    assert len(decoded(distinct_reps(MAX_STEPS)).steps) == MAX_STEPS


def test_too_many_steps_are_refused_naming_the_limit() -> None:
    with pytest.raises(StridesError) as caught:
        encode_workout(distinct_reps(MAX_STEPS + 1), IDENTITY)
    assert str(MAX_STEPS) in caught.value.message
    assert str(MAX_STEPS + 1) in caught.value.message


def test_long_names_are_cut_on_a_character_boundary() -> None:
    long_name = "Très longue séance " * 30
    note = "é" * 300
    found = decoded(Workout(name=long_name, items=(rep(400, None, 1, 1, note=note),), profile=PROFILE_19))
    name, notes = found.workout["wkt_name"], found.steps[0]["notes"]
    assert len(name.encode("utf-8")) <= MAX_STRING_BYTES and long_name.startswith(name)
    assert notes == "é" * (MAX_STRING_BYTES // 2)


def test_fit_string_drops_a_split_character() -> None:
    assert fit_string("a" + "€" * 100) == "a" + "€" * 84  # 1 + 84 * 3 = 253 bytes; a 255th byte would split


def test_an_empty_workout_is_refused() -> None:
    with pytest.raises(StridesError, match="no steps"):
        encode_workout(workout("empty"), IDENTITY)


def test_a_step_too_long_for_the_file_is_refused() -> None:
    endless = workout("endless", Step(kind="run", intensity="active", duration=Time(5_000_000)))
    with pytest.raises(StridesError, match="too long"):
        encode_workout(endless, IDENTITY)


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"duration_time": 35.0}, "main field"),
        ({"custom_target_speed_low": 4.4}, "main field"),
        ({"duration_value": -5}, "outside"),
        ({"duration_value": 2**32}, "outside"),
        ({"intensity": "sprint"}, "not a value"),
        ({"wkt_step_name": "x" * 300}, "does not fit"),
    ],
)
def test_fields_the_encoder_would_mangle_are_refused(fields: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        checked(27, fields)


# --- property: any workout runs like its timeline --------------------------------------------------------

durations = st.one_of(
    st.builds(Time, st.integers(1, 7200)),
    st.builds(Distance, st.integers(1, 42_195)),
    st.builds(Distance, st.floats(50, 10_000, allow_nan=False)),
    st.just(Open()),
)
paces = st.builds(
    lambda exact, half: Pace(fast=exact - half, slow=exact + half, exact=exact, label="x"),
    st.floats(150, 600),
    st.floats(0.5, 10),
)
heart_rates = st.builds(
    lambda low, width: HeartRate(low, low + width, "hr"), st.integers(60, 180), st.integers(1, 30)
)
powers = st.builds(
    lambda low, width: Power(low, low + width, f"{low}–{low + width} W", low + width / 2), st.integers(100, 400),
    st.integers(0, 40)
)
targets = st.one_of(
    st.none(), paces, heart_rates, powers, st.builds(Effort, st.sampled_from(["all-out", "hard", "rpe 7"]))
)
steps = st.builds(
    Step,
    kind=st.sampled_from(["run", "jog", "rest", "walk", "float", "warmup", "cooldown"]),
    intensity=st.sampled_from(INTENSITIES),
    duration=durations,
    target=targets,
    note=st.none() | st.text(max_size=30),
)


changed_reps = st.builds(Step, kind=st.just("run"), intensity=st.just("active"), duration=durations,
                         target=targets)


def repeats(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    """Rounds of a small work, often alike (so repeats are common), some reps changed."""
    return st.builds(Repeat, work=st.lists(children, min_size=1, max_size=3).map(tuple),
                     count=st.integers(1, 8), between=st.none() | steps).flatmap(_with_changes)


def _with_changes(repeat: Repeat) -> st.SearchStrategy[Node]:
    if not repeat.reps:
        return st.just(repeat)
    numbers = st.sets(st.integers(1, repeat.reps), max_size=3).map(sorted)
    changes = numbers.flatmap(lambda ks: st.tuples(*[st.tuples(st.just(k), changed_reps) for k in ks]))
    return changes.map(lambda pairs: attrs.evolve(repeat, changes=pairs))


workouts = st.lists(st.recursive(steps, repeats, max_leaves=10), min_size=1, max_size=4).map(
    lambda items: Workout(name="random", items=tuple(items), profile=PROFILE_19)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workouts)
def test_any_workout_runs_like_its_timeline(workout: Workout) -> None:
    try:
        data = encode_workout(workout, IDENTITY)
    except StridesError as refused:  # the only refusal these durations allow: too many steps
        assert f"at most {MAX_STEPS}" in refused.message
        return
    assert_runs_like_timeline(workout, data)


# --- seeds, compiled -------------------------------------------------------------------------------------


def compile_seed(text: str, profile: dict[str, str]) -> list[Workout]:
    return compile_text(text, profile)


@pytest.mark.parametrize(("seed_id", "text", "profile"), SEEDS, ids=[s[0] for s in SEEDS])
def test_seed_runs_like_its_timeline(seed_id: str, text: str, profile: dict[str, str]) -> None:
    for compiled in compile_seed(text, profile):
        data = encode_workout(compiled, IDENTITY)
        assert_runs_like_timeline(compiled, data)
        found = fitwalk.decode(data)
        assert found.workout["num_valid_steps"] == len(found.steps) <= MAX_STEPS
        assert_golden(f"{seed_id}.json", found)


def test_seed_12x400_has_its_repeat_and_its_all_out_finish() -> None:
    (workout,) = compile_seed("wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min", {"5k": "19:00"})
    found = decoded(workout)
    (repeat_step,) = repeat_steps(found)
    first = repeat_step["duration_value"]
    repeated = found.steps[first : found.steps.index(repeat_step)]
    assert repeat_step["target_value"] == 11
    rep_step = next(s for s in repeated if s["duration_type"] == "distance")
    assert rep_step["duration_value"] == 40_000
    speed = 400 / 88.2 * 1000  # mm/s for a 1:28.2 lap
    assert rep_step["custom_target_value_low"] <= speed <= rep_step["custom_target_value_high"]
    done = fitwalk.executed(encode_workout(workout, IDENTITY))
    assert len(done) == 25
    rests = [e for e in done if e.intensity == "rest"]
    assert [(e.duration, e.value) for e in rests] == [("time", 35_000)] * 11
    all_out = [e for e in done if e.name == "all-out"]
    assert [(e.duration, e.value, e.target) for e in all_out] == [("distance", 40_000, "open")]
    # The all-out rep comes after the last rest and goes straight into the cool-down.
    assert [e.intensity for e in done[-3:]] == ["rest", "active", "cooldown"]
    assert done[-2] == all_out[0]


# --- golden files: decoded messages, reviewed in diffs ---------------------------------------------------


def assert_golden(name: str, found: fitwalk.DecodedWorkout) -> None:
    """Compare with golden/fit/NAME; `STRIDES_UPDATE_GOLDENS=1 pytest` rewrites it, to review in the diff."""
    text = json.dumps({"workout": found.workout, "steps": list(found.steps)}, indent=1, ensure_ascii=False)
    text += "\n"
    check_golden(GOLDEN / name, text)


@pytest.mark.parametrize("make", HAND_BUILT, ids=lambda make: make.__name__)
def test_hand_built_golden(make) -> None:
    assert_golden(f"hand-{make.__name__}.json", decoded(make()))


# --- power, speed and heart-rate shares, read back by both decoders -------------------------------------------

TARGETS_PROFILE = {"5k": "19:00", "maxhr": "190", "resthr": "50", "lthr": "172"}


def compiled(text: str, settings: dict[str, str] | None = None) -> Workout:
    [found] = compile_text(text, TARGETS_PROFILE if settings is None else settings)
    return found


def test_power_is_custom_watts_offset_by_1000() -> None:
    workout = compiled("5x3min @230-250W r2min jog")
    found = decoded(workout)
    rep_step = found.steps[0]
    assert (rep_step["target_type"], rep_step["target_value"]) == ("power", 0)
    assert (rep_step["custom_target_value_low"], rep_step["custom_target_value_high"]) == (1230, 1250)
    assert_runs_like_timeline(workout, encode_workout(workout, IDENTITY))


def test_a_single_power_is_a_band_around_it() -> None:
    found = decoded(compiled("4x400 @240W r200"))
    assert (found.steps[0]["custom_target_value_low"], found.steps[0]["custom_target_value_high"]) == (1233, 1247)
    assert found.steps[0]["wkt_step_name"] == "400 @240W"


@pytest.mark.parametrize(("text", "low", "high"), [
    ("30min @13km/h", 3540, 3685),  # 3611 mm/s ± 2 %
    ("5x1k @12-14kph r1min", 3333, 3889),
    ("20min @8.5mph", 3725, 3878),  # 3800 mm/s ± 2 %
])
def test_a_treadmill_speed_is_a_speed_target(text: str, low: int, high: int) -> None:
    workout = compiled(text)
    step = decoded(workout).steps[0]
    assert (step["target_type"], step["custom_target_value_low"], step["custom_target_value_high"]) == \
        ("speed", low, high)
    assert_runs_like_timeline(workout, encode_workout(workout, IDENTITY))


@pytest.mark.parametrize(("text", "low", "high"), [
    ("40min @70-80%max", 133, 152),
    ("30min @60-70% HRR", 134, 148),
    ("20min @95% LTHR", 160, 166),
])
def test_heart_rate_shares_are_bpm_offset_by_100(text: str, low: int, high: int) -> None:
    workout = compiled(text)
    step = decoded(workout).steps[0]
    assert (step["target_type"], step["custom_target_value_low"], step["custom_target_value_high"]) == \
        ("heart_rate", low + 100, high + 100)
    assert_runs_like_timeline(workout, encode_workout(workout, IDENTITY))


# --- one level of nesting at most ----------------------------------------------------------------------------

THREE_LEVELS = "wu 10min; 2x(2x(3x200 @mile r200, 400 @5k), 800 @10k) r3min; cd 10min"


def test_a_repeat_three_levels_deep_runs_like_its_timeline_with_one_level_of_nesting() -> None:
    workout = compiled(THREE_LEVELS)
    data = encode_workout(workout, IDENTITY)
    found = fitwalk.decode(data)
    assert repeat_depth(found.steps) == 2
    assert_runs_like_timeline(workout, data)
    assert len(fitwalk.executed(data)) == len(workout.timeline) == 2 + 2 * (2 * 6 + 1) + 1


def test_two_levels_keep_their_repeat_of_repeats() -> None:
    workout = compiled("3x(2x400 @5k, 200 jog)")
    found = fitwalk.decode(encode_workout(workout, IDENTITY))
    assert repeat_depth(found.steps) == 2
    assert_runs_like_timeline(workout, encode_workout(workout, IDENTITY))


def test_a_deeper_nesting_is_said_as_a_warning() -> None:
    [warning] = BACKEND.warnings([compiled(THREE_LEVELS)])  # type: ignore[misc]
    assert "nested 3 deep" in warning.message and "no deeper" in warning.message
    assert BACKEND.warnings([compiled("2x(4x400 @5k r200) r5min")]) == []  # type: ignore[misc]


@given(workouts)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_workout_nests_deeper_than_one_repeat_in_another(workout: Workout) -> None:
    try:
        steps = tuple(workout_steps(workout))
    except StridesError:
        return
    assert repeat_depth(steps) <= MAX_REPEAT_DEPTH


# --- names a small watch can show, the full wording in the notes ------------------------------------------------


def test_names_fit_fifteen_bytes_and_notes_hold_the_full_wording_when_words_are_left_out() -> None:
    found = decoded(compiled("wu 15min; 12x400 @5k-3s r35s; last all-out; 5x1mi @T r90s; 40min @70-80%max; "
                             "easy 1mi @5k; cd 10min"))
    names = {s.get("wkt_step_name"): s.get("notes") for s in found.steps if "wkt_step_name" in s}
    assert names == {"WU 15min": None, "400 @1:28": None, "Rest 35s": None, "all-out": None, "1mi @6:32": None,
                     "Rest 1:30": None, "40min": "40 min @ 70-80%max", "Easy 1mi": "Easy 1 mi @ 3:48/km (5k)",
                     "CD 10min": None}


def test_a_name_is_cut_on_a_word_boundary() -> None:
    assert short_name(["Easy", "1mi", "@3:48/km"]) == "Easy 1mi"
    assert short_name(["Strides", "fast"]) == "Strides fast"


def test_a_single_long_word_is_cut_on_a_character_boundary() -> None:
    assert short_name(["Steigerungsläufe"]) == "Steigerungsläu"  # 15 bytes: ä takes two
    assert short_name(["Intervalltrainé"]) == "Intervalltrain"  # the é would take bytes 15 and 16
    assert short_name(["€€€€€€"]) == "€€€€€"  # 15 bytes exactly; a sixth € would need 18


def test_the_runner_note_follows_the_full_wording() -> None:
    step = Step(kind="easy", intensity="active", duration=Distance(1609.344), target=FIVE_K, note="on grass")
    assert step_words(step) == ("Easy 1mi", "Easy 1 mi @ 3:48/km (5k)", True)
    assert step_notes(step) == "Easy 1 mi @ 3:48/km (5k); on grass"
    whole = rep(1000, FIVE_K, 1, 1, note="on grass")
    assert step_words(whole) == ("1000 @3:48", "1000 @ 3:48 (5k)", False)  # in metres, as written
    assert step_notes(whole) == "on grass"


def test_power_speed_and_share_names() -> None:
    steps = compiled("3min @230-250W; 30min @13km/h; 20min @75% HRmax; 40min @70-80%max").timeline
    assert [step_words(s) for s in steps] == [
        ("3min @230-250W", "3 min @ 230–250 W", False), ("30min @13km/h", "30 min @ 13 km/h", False),
        ("20min @75%max", "20 min @ 75%max", False), ("40min", "40 min @ 70-80%max", True),
    ]


# --- a range of reps leaves its trace -------------------------------------------------------------------------


def test_a_count_range_is_named_in_the_note_of_the_repeats_first_step() -> None:
    found = decoded(compiled("wu 10min; 4-6x1mi @T r2min; cd 10min"))
    first = found.steps[1]
    assert first["notes"] == "4-6x: watch runs 4"
    assert sum("watch runs" in str(s.get("notes")) for s in found.steps) == 1


def test_a_count_range_of_one_round_says_so_too() -> None:
    found = decoded(compiled("1-3x400 @5k r1min"))
    assert found.steps[0]["notes"] == "1-3x: watch runs 1"
