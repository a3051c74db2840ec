"""The ordered readings of plans' notation (strides.language.readings), the silent misreadings they end, and
the corpus of published workouts read as meant or refused with the canonical spelling."""

from __future__ import annotations

import pytest
from corpus_reach import entries, judge
from test_notation_misreadings import compact

from strides.errors import StridesError
from strides.language import readings
from strides.language.fmt import format_source
from strides.pipeline import compile_text

PROFILE = {"5k": "19:00", "marathon": "3:10:00"}


def timeline(text: str, **settings: str) -> str:
    return compact([step for workout in compile_text(text, {**PROFILE, **settings}) for step in workout.timeline])


def refusal(text: str, **settings: str) -> StridesError:
    with pytest.raises(StridesError) as caught:
        compile_text(text, {**PROFILE, **settings})
    return caught.value


def test_the_readings_are_a_list_of_plain_functions_in_order() -> None:
    assert [reading.__name__ for reading in readings.READINGS] == [
        "daniels_letters", "plural_metres", "bare_numbers", "parkrun_is_a_race", "on_is_hard",
        "road_offset_in_units"]
    assert [reading.__name__ for reading in readings.BLOCK_READINGS] == [
        "miles_written_m", "tiny_metres", "total_with_segment"]


# ---- a bare offset on a road pace, for a rep of a mile or more -------------------------------------------------
def test_a_bare_offset_on_a_long_road_rep_asks_per_what_without_units() -> None:
    error = refusal("Strength: 3 x 2 mi @ MP-10 sec w/ 800m jog")
    assert "per mile, per km or per lap?" in error.message
    assert "`-10s/mi`" in (error.hint or "") and error.suggestion == "-10s/mi"


def test_a_bare_offset_on_a_long_road_rep_is_in_the_profiles_units() -> None:
    # marathon 3:10:00 is 270.2 s/km; 10 s per mile less is 264.0 s/km, not 10 s per 400 m (245.2 s/km)
    assert timeline("3 x 2 mi @ MP-10 sec w/ 800m jog", units="mi") == \
        "2×(run 3218.7m @264.0, jog 800m), run 3218.7m @264.0"
    [workout] = compile_text("3 x 2 mi @ MP-10 sec", {**PROFILE, "units": "km"})
    assert workout.timeline[0].target.exact == pytest.approx(270.2 - 10, abs=0.1)  # type: ignore[union-attr]
    assert any("per km" in reading for reading in workout.readings)


def test_a_bare_offset_stays_per_lap_on_track_paces_and_short_reps() -> None:
    assert timeline("12x400 @5k-3s") == "12×run 400m @220.5"
    assert timeline("3x1mi @5k-3s") == "3×run 1609.3m @220.5"
    assert timeline("6x800 @mp-2s").startswith("6×run 800m @265.2")


# ---- progressions --------------------------------------------------------------------------------------------
def test_a_progression_on_a_split_moves_the_split() -> None:
    [workout] = compile_text("3x2mi @17:00; each -15s", PROFILE)
    splits = [step.split for step in workout.timeline]
    assert splits == pytest.approx([1020.0, 1005.0, 990.0])


def test_a_progression_on_a_clock_pace_is_in_its_own_unit() -> None:
    [workout] = compile_text("3x1mi @7:00/mi; each -5s", PROFILE)
    assert [step.split for step in workout.timeline] == pytest.approx([420.0, 415.0, 410.0])


def test_a_bare_progression_on_a_long_road_rep_asks_without_units() -> None:
    assert "per mile, per km or per lap?" in refusal("6x1mi @mp; each -5s").message
    assert timeline("8x400 @5k; each -1s").startswith("run 400m @228.0, run 400m @225.5")


# ---- `m` in a plan in miles, and runs no one runs -------------------------------------------------------------
@pytest.mark.parametrize("text", ["units = mi\n3 m run", "units = mi\n3 m"])
def test_m_after_a_small_number_is_miles_in_a_plan_in_miles(text: str) -> None:
    assert timeline(text) == "run 4828m"


def test_m_is_miles_with_the_profiles_units_in_miles() -> None:
    assert timeline("3 m run", units="mi") == "run 4828m"


@pytest.mark.parametrize("text", ["3 m run", "units = km\n3 m run", "12x20m", "units = mi\n12x20m @5k"])
def test_a_run_of_a_few_metres_is_refused_with_the_units_named(text: str) -> None:
    error = refusal(text)
    assert "no step anyone runs" in error.message
    assert "mi`" in (error.hint or "")


def test_short_sprints_stay_metres() -> None:
    assert timeline("10x30m sprint r1min").startswith("9×(sprint 30m @all-out, rest 60s)")


# ---- a total with a segment --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "meant"), [
    ("10 Miles with 2 Miles at Tempo", "run 6437.4m @300.0, run 3218.7m @243.9, run 6437.4m @300.0"),
    ("60min w/ 20min @T", "run 1200s @300.0, run 1200s @243.9, run 1200s @300.0"),
])
def test_a_total_with_a_segment_is_the_run_with_the_segment_inside(text: str, meant: str) -> None:
    assert timeline(text).replace("easy", "run") == meant


def test_a_with_recovery_without_a_pace_stays_a_recovery() -> None:
    assert timeline("4 x 400 with 400 walk") == "3×(run 400m, walk 400m), run 400m"


def test_race_pace_after_a_race_reads_as_its_pace() -> None:
    assert timeline("6x1k @10k race pace") == timeline("6x1k @10k")


def test_a_fraction_is_of_one_or_two_digits() -> None:
    assert timeline("300/1k") == "run 300m, run 1000m"
    assert timeline("4x 1/2 mile") == "4×run 804.7m"


@pytest.mark.parametrize("text", ["10 Miles with 2 Miles at Tempo\n", "units = mi\n3 m run\n",
                                  "3x2mi @17:00\neach -15s\n", "300/1k\n"])
def test_the_new_spellings_format_to_the_same_meaning(text: str) -> None:
    formatted = format_source(text)
    assert timeline(formatted) == timeline(text)
    assert format_source(formatted) == formatted


# ---- the corpus ---------------------------------------------------------------------------------------------
CORPUS = entries()


@pytest.mark.parametrize("entry", CORPUS, ids=[f"{e.kind}:{e.text[:40]}" for e in CORPUS])
def test_a_published_workout_is_never_silently_misread(entry: object) -> None:
    verdict = judge(entry)  # type: ignore[arg-type]
    assert verdict.status in ("meant", "refused"), verdict.why


def test_the_corpus_reach_does_not_fall() -> None:
    meant = sum(judge(entry).status == "meant" for entry in CORPUS)
    assert meant >= 47  # raise this as readings are added
