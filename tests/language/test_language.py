"""The language as people type it: every spelling, spacing and case of each construct, and constructs combined."""

from __future__ import annotations

import attrs
import pytest
from conftest import compile_one
from seeds import S19, S20

from strides.language.parse import parse
from strides.meaning import paces
from strides.meaning.model import (
    ClockPace,
    Distance,
    Effort,
    HeartRate,
    HeartRateZone,
    Offset,
    Open,
    Pace,
    PaceBetween,
    Per,
    RacePace,
    Repeat,
    Step,
    Target,
    Time,
    ZoneScheme,
)
from strides.pipeline import compile_text

P = {**S20, "lthr": "170"}


@pytest.mark.parametrize(("written", "canonical"), [
    ("12 x 400", "12x400"),
    ("12×400", "12x400"),
    ("12 × 400 m", "12x400"),
    ("12X400M", "12x400"),
    ("wu 15 min", "wu 15min"),
    ("WU 15MIN", "wu 15min"),
    ("warmup 15min", "wu 15min"),
    ("warm-up 15min", "wu 15min"),
    ("warm up 15min", "wu 15min"),
    ("15min wu", "wu 15min"),
    ("cool down 10 mins", "cd 10min"),
    ("4x1k", "4x1000"),
    ("4x1km", "4x1000m"),
    ("4 x 1 km", "4x1000"),
    ("2x1mile", "2x1mi"),
    ("2 x mile", "2x1mi"),
    ("1:30", "90s"),
    ("1h15", "75min"),
    ("1:15:00", "75min"),
    ("1 h", "60min"),
    ("2 laps", "800"),
    ("lap", "400"),
    ("5x3min hard r2min jog", "5x3min HARD R2MIN JOG"),
    ("8x150 all-out", "8x150 all out"),
    ("8x150 all-out", "8x150 @all-out"),
    ("400 @5k", "400 @ 5k"),
    ("400 @5k", "400 @5k pace"),
    ("400 @5k-3s r35s", "400 @ 5K-3s Pace r35s"),
    ("20min @M", "20min @ marathon pace"),
    ("400 @5k-3s", "400 @5k-3 s"),
    ("400 @5k-3s", "400 @5k - 3s"),
    ("400 @5k-3s", "400 @5K -3S"),
    ("400 @5k+3s", "400 @5k +3s"),
    ("400 @mp+20s/mi", "400 @mp + 20 s/mi"),
    ("400 @5k-3s", "400 @5k-7.5s/km"),
    ("400 @mp", "400 @marathon"),
    ("400 @mp", "400 @M"),
    ("400 @hm", "400 @hmp"),
    ("400 @T", "400 @threshold"),
    ("400 @T", "400 @tempo"),
    ("400 @E", "400 @easy"),
    ("400 easy", "400 easy @E"),
    ("400 @88s", "400 @1:28"),
    ("400 @1:28", "400 @3:40/km"),
    ("3x(1mi @T r1min)", "3x1mi @T r1min"),
    ("12x400 r35s", "12x400 r 35 s"),
    ("12x400 r200", "12x400 r200 jog"),
    ("12x400 r200", "12x400 jog 200"),
    ("12x400 r200", "12x400 r200m"),
    ("12x400 r1min walk", "12x400 walk 1min"),
    ("6x1min hill jog back", "6x1min hills jog back"),
    ("(400 @5k, 200 @mp)", "(400 @5k + 200 @mp)"),
    ("(400 @5k, 200 @mp)", "(400 @5k; 200 @mp)"),
    ("(400 @5k, 200 @mp)", "(\n  400 @5k\n  200 @mp\n)"),
    ("wu 15min; 5x1k @T; cd 10min", "wu 15min\n5x1k @T\ncd 10min"),
    ("wu 15min; 5x1k @T; cd 10min", "wu 15min, 5x1k @T, cd 10min"),
    ("wu 15min; 5x1k @T; cd 10min", "wu 15min  # easy\n\n5x1k @T ;; cd 10min  # done"),
    ('8x20s strides "on grass"', '8x20s strides “on grass”'),
    ("reps 2,4 all-out", "rep 2, 4 all-out"),
])
def test_spellings_mean_the_same(written: str, canonical: str) -> None:
    prefix = "10x400 @5k r1min; " if written.startswith("rep") else ""
    assert meaning(prefix + written) == meaning(prefix + canonical)


def meaning(text: str) -> list[Step]:
    """The timeline without the words kept as written (labels and step texts)."""
    return [attrs.evolve(step, text="", target=_unlabelled(step.target)) for step in steps_of(text, P)]


def _unlabelled(target: Target | None) -> Target | None:
    return attrs.evolve(target, label="") if isinstance(target, (Pace, HeartRate)) else target


def steps_of(text: str, settings: dict[str, str]) -> tuple[Step, ...]:
    return compile_one(text, settings).timeline


def first(text: str, settings: dict[str, str]) -> Step:
    return steps_of(text, settings)[0]


def pace_of(text: str, settings: dict[str, str]) -> Pace:
    target = first(text, settings).target
    assert isinstance(target, Pace)
    return target


def heart_rate_of(text: str, settings: dict[str, str]) -> tuple[int, int]:
    target = first(text, settings).target
    assert isinstance(target, HeartRate)
    return target.low, target.high


def active(steps: tuple[Step, ...]) -> list[Step]:
    return [step for step in steps if step.is_rep]


def test_kind_words_may_stand_before_or_after_the_amount() -> None:
    assert meaning("jog 3min") == meaning("3min jog")


def test_names_lines_split_a_file_into_workouts() -> None:
    text = "5k = 19:00\n\nTue 12 x 400:\n  wu 15min\n  12x400 @5k-3s r35s\n\nThu tempo: wu 2mi; 20min @T; cd 2mi\n"
    workouts = compile_text(text)
    assert [w.name for w in workouts] == ["Tue 12 x 400", "Thu tempo"]
    assert [len(w.timeline) for w in workouts] == [24, 3]


def test_settings_apply_to_the_workouts_after_them() -> None:
    text = "A:\n 400 @5k\n5k = 20:00\nB:\n 400 @5k\n"
    a, b = compile_text("5k = 19:00\n" + text)
    assert a.timeline[0].target.exact == pytest.approx(228)  # type: ignore[union-attr]
    assert b.timeline[0].target.exact == pytest.approx(240)  # type: ignore[union-attr]


def test_the_command_line_wins_over_the_file() -> None:
    workout = compile_text("5k = 20:00\n400 @5k", {"5k": "19:00"})[0]
    assert workout.timeline[0].target.exact == pytest.approx(228)  # type: ignore[union-attr]


def test_a_file_of_steps_is_one_workout_named_after_the_file() -> None:
    assert parse("5x1k @T", "thursday_tempo.strides")[0].name == "thursday tempo"


def test_units_mi_changes_nothing_but_display() -> None:
    in_km, in_miles = compile_one("400 @5k", S19), compile_one("units = mi\n400 @5k", S19)
    assert in_km.timeline == in_miles.timeline
    assert (in_km.profile.units, in_miles.profile.units) == ("km", "mi")


def test_tolerance_sets_the_width_of_a_pace_range() -> None:
    pace = pace_of("tolerance = 3s/km\n400 @5k", S19)
    assert (pace.fast, pace.slow) == (225.0, 231.0)
    pace = pace_of("tolerance = 1%\n400 @5k", S19)
    assert (pace.fast, pace.slow) == pytest.approx((225.72, 230.28))


def test_offsets_follow_the_lap_length() -> None:
    pace = pace_of("lap = 200\n400 @5k-3s", S19)
    assert pace.exact == pytest.approx(228 - 15)
    assert pace.basis == RacePace("5k", 5000.0, Offset(-3.0, 200.0, per_lap=True))


def test_pace_between_two_races() -> None:
    pace = pace_of("1k @10k..5k", S20)
    five_k, ten_k = 240.0, paces.pace_of_race(paces.vdot_from_race(5000, 1200), 10000)
    assert (pace.fast, pace.slow) == (five_k, pytest.approx(ten_k)), "the two paces are the range: no tolerance on top"
    assert pace.basis == PaceBetween(RacePace("10k", 10000.0), RacePace("5k", 5000.0))


def test_clock_pace_range() -> None:
    pace = pace_of("3x1k @3:40-3:45/km", S20)
    assert (pace.fast, pace.slow, pace.is_range) == (220.0, 225.0, True)
    assert pace.basis == ClockPace(220.0, 225.0, 1000.0, Per.km)


def test_heart_rate_from_threshold_uses_friel_zones() -> None:
    assert heart_rate_of("30min @z3", P) == (153, 160)
    assert first("30min @z3", P).target.basis == HeartRateZone(3, ZoneScheme.lthr)  # type: ignore[union-attr]


def test_heart_rate_in_beats_per_minute() -> None:
    assert heart_rate_of("30min @140-150bpm", P) == (140, 150)


def test_rpe_is_an_effort() -> None:
    assert first("5x3min @rpe8 r2min", P).target == Effort("rpe 8", 8.0)


def test_last_two_reps() -> None:
    reps = active(steps_of("6x400 @5k r1min; last 2 @5k-5s", S19))
    assert [r.target.exact for r in reps] == pytest.approx([228] * 4 + [228 - 12.5] * 2)  # type: ignore[union-attr]


def test_a_modifier_note_goes_to_the_reps_it_changes() -> None:
    steps = steps_of('6x400 @5k "relax" r1min; last 2 @mile "kick"; rep 1 @10k "settle"', S19)
    assert [s.note for s in active(steps)] == ["settle"] + ["relax"] * 3 + ["kick"] * 2
    long_run = steps_of('12mi easy; last 3mi @hm "finish strong"', S19)
    assert [s.note for s in long_run] == [None, "finish strong"]


def test_a_note_on_a_group_goes_to_every_rep_inside() -> None:
    steps = steps_of('3x(8min @T r90s) "relaxed"; (1k @10k "even", 1k @5k) "then faster"', S19)
    assert [s.note for s in steps] == ["relaxed", None, "relaxed", None, "relaxed", "even; then faster",
                                       "then faster"]


def test_last_changes_the_last_rep_of_sets() -> None:
    [sets] = compile_one("2x(4x400 @5k r200) r5min; last all-out", S19).items
    assert isinstance(sets, Repeat)
    assert [number for number, _ in sets.changes] == [8]
    reps = active(steps_of("2x(4x400 @5k r200) r5min; last all-out", S19))
    assert reps[-1].target == Effort("all-out") and isinstance(reps[-2].target, Pace)


def test_ratio_recovery_is_work_to_rest() -> None:
    [repeat] = compile_one("4x800 @5k r1:2", S19).items
    assert isinstance(repeat, Repeat) and repeat.between is not None
    assert repeat.between.duration == Time(pytest.approx(800 * 0.228 * 2))
    [repeat] = compile_one("4x800 @5k r2:1", S19).items
    assert isinstance(repeat, Repeat) and repeat.between is not None
    assert repeat.between.duration == Time(pytest.approx(800 * 0.228 / 2))


def test_counted_group_with_its_own_recovery() -> None:
    steps = steps_of("3x(800 @5k, 400 @mile) r3min", S19)
    assert [s.kind for s in steps] == ["run", "run", "rest"] * 2 + ["run", "run"]


def test_nested_three_levels() -> None:
    steps = steps_of("2x(2x(3x200 @mile r200) r3min) r5min", S19)
    assert len(active(steps)) == 12
    rests = [s.duration for s in steps if s.kind == "rest"]
    assert rests == [Time(180), Time(300), Time(180)]


def test_ladder_with_count() -> None:
    steps = steps_of("2x200/400 @mile r200", S19)
    assert [s.duration for s in steps] == [Distance(m) for m in (200, 200, 400, 200, 200, 200, 400)]


def test_open_step() -> None:
    assert first("open @T", S19).duration == Open()


def test_strides_imply_an_effort_and_sprints_all_out() -> None:
    assert first("4x100 strides", S19).target == Effort("fast")
    assert first("4x60 sprint", S19).target == Effort("all-out")


def test_drills_and_stretch_have_no_target() -> None:
    assert [s.target for s in steps_of("drills 10min; stretch 5min", S19)] == [None, None]


def test_each_per_lap() -> None:
    reps = steps_of("4x400 @5k; each -1s", S19)
    assert [r.split for r in reps] == pytest.approx([91.2, 90.2, 89.2, 88.2])


def test_a_recovery_on_the_last_step_of_a_workout_is_dropped() -> None:
    assert len(steps_of("20min @T r3min", S19)) == 1


def test_a_recovery_on_a_single_step_separates_it_from_the_next() -> None:
    assert [s.kind for s in steps_of("20min @T r3min jog; 10min @T", S19)] == ["run", "jog", "run"]


def test_totals_add_up() -> None:
    workout = compile_one("wu 10min; 5x1k @5k r400 jog", S19)
    assert workout.total_meters == pytest.approx(10 * 60 / ((280.57 + 319.34) / 2) * 1000 + 5000 + 1600, rel=1e-3)
