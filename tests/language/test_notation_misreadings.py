"""Workouts as runners write them, read as they meant them: the silent misreadings that are gone.

Each case asserts the timeline on the model (`compact` writes it in one line: kind, length, target; a run
of identical rounds as `n×(…)`), in the runner's own spelling.
"""

from __future__ import annotations

import pytest

from strides.errors import StridesError
from strides.meaning.model import Distance, Effort, HeartRate, Pace, Step, Time, Workout
from strides.pipeline import compile_text

PROFILE = {"5k": "19:00", "maxhr": "190"}  # 5k 228.0 s/km, 10k 236.4, M 258.6, T 243.9, I 224.4, mile 206.8


def workouts(text: str, **settings: str) -> list[Workout]:
    return compile_text(text, {**PROFILE, **settings})


def token(step: Step) -> str:
    """`run 400m @228.0`, `rest 60s`, `jog open`, `run 45s @hard`."""
    duration = step.duration
    if isinstance(duration, Time):
        length = f"{round(duration.seconds, 1):g}s"
    elif isinstance(duration, Distance):
        length = f"{round(duration.meters, 1):g}m"
    else:
        length = "open"
    target = step.target
    if isinstance(target, Pace):
        length += f" @{target.exact:.1f}"
    elif isinstance(target, Effort):
        length += f" @{target.word}"
    elif isinstance(target, HeartRate):
        length += f" @{target.low}-{target.high}bpm"
    return f"{step.kind} {length}"


def compact(steps: tuple[Step, ...] | list[Step]) -> str:
    """The timeline in one line, identical rounds counted: `3×(run 400m @228.0, rest 60s), run 400m @228.0`."""
    tokens = [token(step) for step in steps]
    parts: list[str] = []
    at = 0
    while at < len(tokens):
        best = (1, 1)  # (rounds, period)
        for period in range(1, 5):
            rounds = 1
            while tokens[at + rounds * period : at + (rounds + 1) * period] == tokens[at : at + period]:
                rounds += 1
            if rounds > 1 and rounds * period > best[0] * best[1]:
                best = (rounds, period)
        rounds, period = best
        chunk = tokens[at : at + period]
        inner = ", ".join(chunk)
        parts.append(inner if rounds == 1 else f"{rounds}×{inner}" if period == 1 else f"{rounds}×({inner})")
        at += rounds * period
    return ", ".join(parts)


def read(text: str, **settings: str) -> str:
    [workout] = workouts(text, **settings)
    return compact(workout.timeline)


def readings(text: str, **settings: str) -> tuple[str, ...]:
    [workout] = workouts(text, **settings)
    return workout.readings


def refusal(text: str, **settings: str) -> StridesError:
    with pytest.raises(StridesError) as caught:
        workouts(text, **settings)
    return caught.value


# ---- `400s` are 400 m reps --------------------------------------------------------------------------------

PLURAL_REPS = [
    ("10x400s @5k r60s", "9×(run 400m @228.0, rest 60s), run 400m @228.0"),
    ("8x800s @5k r2min", "7×(run 800m @228.0, rest 120s), run 800m @228.0"),
    ("6 x 1000s @10k r90s jog", "5×(run 1000m @236.4, jog 90s), run 1000m @236.4"),
    ("12x200s r200 jog", "11×(run 200m, jog 200m), run 200m"),
    ("3x(1600s @T, 400s @mile) r3min", "2×(run 1600m @243.9, run 400m @206.8, rest 180s), run 1600m @243.9, "
                                      "run 400m @206.8"),
    ("10x100s strides", "10×strides 100m @fast"),
]


@pytest.mark.parametrize(("written", "meant"), PLURAL_REPS)
def test_reps_named_by_their_plural_are_metres(written: str, meant: str) -> None:
    assert read(written) == meant


def test_a_plural_says_how_it_was_read() -> None:
    assert readings("10x400s @5k r60s") == ("`400s`: read as 400 m reps (for seconds write `400sec`)",)


SECONDS_STAY_SECONDS = [
    ("10x45s hard r15s", "9×(run 45s @hard, rest 15s), run 45s @hard"),
    ("wu 600s; cd 300s", "warmup 600s, cooldown 300s"),  # a warm-up is timed: seconds
    ("8x90s @5k r60s", "7×(run 90s @228.0, rest 60s), run 90s @228.0"),
    ("4x120s @T r60s", "3×(run 120s @243.9, rest 60s), run 120s @243.9"),
    ("6x400sec @5k", "6×run 400s @228.0"),
]


@pytest.mark.parametrize(("written", "meant"), SECONDS_STAY_SECONDS)
def test_seconds_that_are_no_track_plural_stay_seconds(written: str, meant: str) -> None:
    assert read(written) == meant


# ---- bare numbers no runner could mean -----------------------------------------------------------------------

NO_UNIT = [
    ("wu 20; 4x1k @T r2min; cd 15", "`20` has no unit", "`20min`"),
    ("4x2 @T r2min", "`2` has no unit", "`2km`"),
    ("3x2.5 @mp r3min", "`2.5` has no unit", "`2.5mi`"),
    ("20min easy; 3x1.5 @T", "`1.5` has no unit", "`1.5km`"),
    ("cd 10", "`10` has no unit", "`10min`"),
    ("6x3 @10k r90s", "`3` has no unit", "`3mi`"),
]


@pytest.mark.parametrize(("written", "message", "suggestion"), NO_UNIT)
def test_a_bare_number_no_runner_means_is_refused_with_units_suggested(written: str, message: str,
                                                                       suggestion: str) -> None:
    error = refusal(written)
    assert message in error.message
    assert suggestion in (error.hint or "")


PLAUSIBLE_METRES = [
    ("10x(60 sprint, 60 float)", "10×(sprint 60m @all-out, float 60m)"),
    ("12x400 @5k r60s", "11×(run 400m @228.0, rest 60s), run 400m @228.0"),
    ("wu 800; 4x150 strides", "warmup 800m, 4×strides 150m @fast"),
    ("8x50 sprint r100 walk", "7×(sprint 50m @all-out, walk 100m), sprint 50m @all-out"),
]


@pytest.mark.parametrize(("written", "meant"), PLAUSIBLE_METRES)
def test_plausible_bare_metres_are_kept(written: str, meant: str) -> None:
    assert read(written) == meant


# ---- seconds marks --------------------------------------------------------------------------------------------

MARKS = [
    ('10x45" hard r45"', "9×(run 45s @hard, rest 45s), run 45s @hard"),
    ("8x2' @10k r1'", "7×(run 120s @236.4, rest 60s), run 120s @236.4"),
    ("4x1'30\" @5k r45\"", "3×(run 90s @228.0, rest 45s), run 90s @228.0"),
    ("6x30″ hard r30″", "5×(run 30s @hard, rest 30s), run 30s @hard"),
    ("5x3′ @T r1′ jog", "4×(run 180s @243.9, jog 60s), run 180s @243.9"),
]


@pytest.mark.parametrize(("written", "meant"), MARKS)
def test_seconds_and_minutes_marks_are_times_not_notes(written: str, meant: str) -> None:
    assert read(written) == meant


def test_a_note_in_quotes_still_reads_as_a_note() -> None:
    [workout] = workouts('10x45s hard r45s "on grass"')
    assert workout.timeline[0].note == "on grass"


# ---- work:rest ratios -------------------------------------------------------------------------------------------

RATIOS = [
    ("4x400 @5k r1:2", 182.4),  # 400 m at 5k pace is 91.2 s: rest twice that
    ("4x400 @5k r1:3", 273.6),
    ("4x400 @5k r2:1", 45.6),
    ("4x400 @5k r1:1", 91.2),
    ("4x2min @T r1:2", 240.0),
]


@pytest.mark.parametrize(("written", "rest"), RATIOS)
def test_a_ratio_is_work_to_rest(written: str, rest: float) -> None:
    [workout] = workouts(written)
    rests = [step.duration for step in workout.timeline if step.kind == "rest"]
    assert len(rests) == 3
    assert all(isinstance(d, Time) and round(d.seconds, 1) == rest for d in rests)


# ---- a recovery written straight after a repeat ----------------------------------------------------------------

AFTER_A_REPEAT = [
    ("6x1k @10k, 90s jog", "5×(run 1000m @236.4, jog 90s), run 1000m @236.4"),
    ("6x800 @5k, 2 min rest", "5×(run 800m @228.0, rest 120s), run 800m @228.0"),
    ("5x1000 @5k; 400 jog", "4×(run 1000m @228.0, jog 400m), run 1000m @228.0"),
    ("6x800 @5k, 400m recovery jog", "5×(run 800m @228.0, jog 400m), run 800m @228.0"),
]


@pytest.mark.parametrize(("written", "meant"), AFTER_A_REPEAT)
def test_a_recovery_right_after_a_repeat_is_the_recovery_between_its_reps(written: str, meant: str) -> None:
    assert read(written) == meant


def test_a_recovery_after_a_repeat_says_how_it_was_read() -> None:
    assert readings("6x1k @10k, 90s jog") == ("`90s jog` after `6x1k @10k`: read as the recovery between its reps",)


def test_a_jog_on_a_line_of_its_own_after_a_repeat_stays_a_step() -> None:
    assert read("6x1k @10k\n10min jog") == "6×run 1000m @236.4, jog 600s"


# ---- a recovery after a repeated group ---------------------------------------------------------------------------

def test_a_recovery_after_a_repeated_group_comes_between_rounds() -> None:
    assert read("2x(1000 @5k, 600 @3k, 400 @mile) r3min") == (
        "run 1000m @228.0, run 600m @219.8, run 400m @206.8, rest 180s, "
        "run 1000m @228.0, run 600m @219.8, run 400m @206.8")


def test_a_recovery_after_a_repeated_group_says_where_it_goes() -> None:
    [workout] = workouts("2x(1000 @5k, 600 @3k, 400 @mile) r3min")
    [repeat] = workout.items
    assert repeat.between is not None and repeat.between.duration == Time(180.0)  # type: ignore[union-attr]
    assert any("between rounds" in reading for reading in workout.readings)


def test_a_recovery_after_a_group_run_once_comes_between_its_items() -> None:
    assert read("(1000 @5k, 600 @3k, 400 @mile) r2min") == (
        "run 1000m @228.0, rest 120s, run 600m @219.8, rest 120s, run 400m @206.8")


# ---- the parts of a split run -----------------------------------------------------------------------------------

def test_the_first_part_of_a_split_run_says_its_own_length() -> None:
    [workout] = workouts("20mi easy; last 5mi @M")
    first, last = workout.timeline
    assert first.text == "15 mi easy" and last.text == "5 mi @M"
