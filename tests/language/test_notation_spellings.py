"""Workouts as runners write them: units and plurals, `w/` and `with`, Daniels' printed notation, on/off,
and the recoveries people write. Each case asserts the timeline on the model (see `compact`)."""

from __future__ import annotations

import pytest
from test_notation_misreadings import read, readings

UNIT_WORDS = [
    ("2 hrs easy", "easy 7200s @300.0"),
    ("1 hr easy", "easy 3600s @300.0"),
    ("1.5 hours easy", "easy 5400s @300.0"),
    ("90 mins easy", "easy 5400s @300.0"),
    ("45 secs hard", "run 45s @hard"),
    ("800 metres @5k", "run 800m @228.0"),
    ("3 kms easy", "easy 3000m @300.0"),
    ("10K easy", "easy 10000m @300.0"),
    ("5 x 1K @10k r2 mins", "4×(run 1000m @236.4, rest 120s), run 1000m @236.4"),
]


@pytest.mark.parametrize(("written", "meant"), UNIT_WORDS)
def test_unit_words_and_plurals(written: str, meant: str) -> None:
    assert read(written) == meant


WITH = [
    ("5x1k @5k w/ 2min jog", "4×(run 1000m @228.0, jog 120s), run 1000m @228.0"),
    ("4 x 400 with 400 walk", "3×(run 400m, walk 400m), run 400m"),
    ("6x800 @5k w/ 400 jg", "5×(run 800m @228.0, jog 400m), run 800m @228.0"),
    ("8x400 @5k with 90s rest", "7×(run 400m @228.0, rest 90s), run 400m @228.0"),
    ("4x1mi @T w/ 1 min rests", "3×(run 1609.3m @243.9, rest 60s), run 1609.3m @243.9"),
    ("6x1k @5k with equal rest", "5×(run 1000m @228.0, rest 228s), run 1000m @228.0"),
    ("8x30s hill w/ jog back", "7×(hill 30s, jog open), hill 30s"),
]


@pytest.mark.parametrize(("written", "meant"), WITH)
def test_with_introduces_the_recovery(written: str, meant: str) -> None:
    assert read(written) == meant


DANIELS = [
    ("2 E + 6 x 1 k I w/ 3-min jg + 2 E", {"units": "mi"},
     "easy 3218.7m @300.0, 5×(run 1000m @224.4, jog 180s), run 1000m @224.4, easy 3218.7m @300.0"),
    ("1 E + 4 x 1 mi T w/ 1 min rests + 1 E", {"units": "mi"},
     "easy 1609.3m @300.0, 3×(run 1609.3m @243.9, rest 60s), run 1609.3m @243.9, easy 1609.3m @300.0"),
    ("30 min E + 6 x 200 R w/ 200 jg", {},
     "easy 1800s @300.0, 5×(run 200m @209.4, jog 200m), run 200m @209.4"),
    ("2 E + 6 x 1 k I w/ 3-min jg + 2 E", {},
     "easy 2000m @300.0, 5×(run 1000m @224.4, jog 180s), run 1000m @224.4, easy 2000m @300.0"),
    ("3 E + 8 M + 1 E", {"units": "mi"}, "easy 4828m @300.0, run 12874.8m @258.6, easy 1609.3m @300.0"),
    ("20 min T + 10 min E", {}, "run 1200s @243.9, easy 600s @300.0"),
    ("2 E\n5 x 1 k I w/ 400 jg\n2 E", {"units": "km"},
     "easy 2000m @300.0, 4×(run 1000m @224.4, jog 400m), run 1000m @224.4, easy 2000m @300.0"),
]


@pytest.mark.parametrize(("written", "settings", "meant"), DANIELS)
def test_daniels_notation_as_printed_in_his_plans(written: str, settings: dict[str, str], meant: str) -> None:
    assert read(written, **settings) == meant


def test_a_bare_number_before_a_pace_letter_says_it_is_in_the_profile_units() -> None:
    assert readings("2 E", units="mi") == (
        "`2 E`: read as 2 mi (a bare number before a pace letter is in the profile's units)",)


def test_the_units_setting_in_the_file_decides_a_daniels_distance() -> None:
    assert read("units = mi\nDay: 2 E + 4 x 1 mi T w/ 1 min rests") == (
        "easy 3218.7m @300.0, 3×(run 1609.3m @243.9, rest 60s), run 1609.3m @243.9")


ON_OFF = [
    ("15 x 45s on / 15s off", "14×(run 45s @hard, jog 15s), run 45s @hard"),
    ("6x(3min on, 2min off)", "6×(run 180s @hard, jog 120s)"),
    ("10 x 1min on / 1min off", "9×(run 60s @hard, jog 60s), run 60s @hard"),
    ("8 x 30s @mile on / 30s off", "7×(run 30s @206.8, jog 30s), run 30s @206.8"),
    ("5x(2min on @5k, 1min off)", "5×(run 120s @228.0, jog 60s)"),
    ("8 x 1 min hard / 1 min easy", "7×(run 60s @hard, jog 60s @300.0), run 60s @hard"),
    ("10x30s fast / 30s jog", "9×(run 30s @fast, jog 30s), run 30s @fast"),
    ("10 x 1 min @ 5k / 1 min jog", "9×(run 60s @228.0, jog 60s), run 60s @228.0"),
    ("8x400 @5k / 200 jog", "7×(run 400m @228.0, jog 200m), run 400m @228.0"),
]


@pytest.mark.parametrize(("written", "meant"), ON_OFF)
def test_on_is_the_rep_and_off_the_recovery(written: str, meant: str) -> None:
    assert read(written) == meant


RECOVERIES = [
    ("6x800 @5k r90s easy", "5×(run 800m @228.0, jog 90s @300.0), run 800m @228.0"),
    ("6x800 @5k r800 easy", "5×(run 800m @228.0, jog 800m @300.0), run 800m @228.0"),
    ("6x800 @5k, 400m recovery jog", "5×(run 800m @228.0, jog 400m), run 800m @228.0"),
    ("5x1k @5k, 2 min rest", "4×(run 1000m @228.0, rest 120s), run 1000m @228.0"),
    ("6x800 @5k r equal", "5×(run 800m @228.0, rest 182.4s), run 800m @228.0"),
    ("6x800 @5k equal rest", "5×(run 800m @228.0, rest 182.4s), run 800m @228.0"),
    ("6x800 @5k equal jog", "5×(run 800m @228.0, jog 182.4s), run 800m @228.0"),
    ("8x60s hill walk back", "7×(hill 60s, walk open), hill 60s"),
    ("8x60s hill jog back", "7×(hill 60s, jog open), hill 60s"),
    ("6x400 @mile, 90s recovery", "5×(run 400m @206.8, jog 90s), run 400m @206.8"),
    ("6 x 800m @ 5K pace with 400m jog recovery", "5×(run 800m @228.0, jog 400m), run 800m @228.0"),
    ("10 x 400m in 80-82 w/ 200 jog", "9×(run 400m @202.5, jog 200m), run 400m @202.5"),
    ("6x3min @T, 90s between", "5×(run 180s @243.9, rest 90s), run 180s @243.9"),
    ("6x800 @5k 2 min rest", "5×(run 800m @228.0, rest 120s), run 800m @228.0"),
    ("12x400 @5k 200 walk", "11×(run 400m @228.0, walk 200m), run 400m @228.0"),
    ("8 x 400 @ mile 90 sec jog", "7×(run 400m @206.8, jog 90s), run 400m @206.8"),
    ("2x(1200, 800) @ 5k pace, 2 min between", "run 1200m @228.0, run 800m @228.0, rest 120s, run 1200m @228.0, "
                                               "run 800m @228.0"),
]


@pytest.mark.parametrize(("written", "meant"), RECOVERIES)
def test_recoveries_as_runners_write_them(written: str, meant: str) -> None:
    assert read(written) == meant


def test_a_recovery_after_the_last_lone_step_is_said_to_be_left_out() -> None:
    from strides.pipeline import compile_each

    compiled = compile_each("30min @mp 10min jog", {"5k": "19:00"})
    assert read("30min @mp 10min jog", **{"5k": "19:00"}) == "run 1800s @258.6"
    [warning] = compiled.warnings
    assert "left out" in warning.message and warning.hint == "to run it, make it a step of its own: `; 10min jog`"
    assert not compile_each("10min @mp r2min; 6x800 @5k", {"5k": "19:00"}).warnings


FRACTIONS = [
    ("4 x 1 mile @T w/ 1/2 mile jog", "3×(run 1609.3m @243.9, jog 804.7m), run 1609.3m @243.9"),
    ("3 x 1/2 mile @5k r2min", "2×(run 804.7m @228.0, rest 120s), run 804.7m @228.0"),
    ("8x400 @5k r1/4 lap", "7×(run 400m @228.0, jog 100m), run 400m @228.0"),
    ("6x200/400 @5k", "6×(run 200m @228.0, run 400m @228.0)"),  # a ladder, not a fraction
]


@pytest.mark.parametrize(("written", "meant"), FRACTIONS)
def test_fractions_of_a_mile_or_a_lap(written: str, meant: str) -> None:
    assert read(written, **{"5k": "19:00"}) == meant
