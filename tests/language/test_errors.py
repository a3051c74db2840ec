"""Every mistake reads as `file:line:col: message`, the line, a caret under the spot, and a hint."""

from __future__ import annotations

import pytest
from seeds import S19

from strides.cli.main import main
from strides.errors import StridesError
from strides.pipeline import compile_text


def error_of(text: str, settings: dict[str, str] | None = None) -> str:
    with pytest.raises(StridesError) as caught:
        compile_text(text, S19 if settings is None else settings, "week.strides")
    return caught.value.render(text, "week.strides")


def caret_under(rendered: str, word: str) -> bool:
    """The caret line marks exactly `word` in the quoted source line."""
    lines = rendered.splitlines()
    source, carets = lines[1], lines[2]
    start = carets.index("^")
    return source[start : start + carets.count("^")] == word


@pytest.mark.parametrize(("text", "says", "points_at"), [
    ("12x400 @5k-3s r35", "`r35` has no unit: seconds or metres?", "r35"),
    ("12x400 @6k", "unknown race pace `6k`; known: 1500, mile, 3k, 2mi, 5k", "6k"),
    ("10min @4:00", "per km or per mile?", "4:00"),
    ("1000000x400", "more than strides accepts in one workout (10,000 steps)", "1000000x400"),
    ("12x400 r35s; last", "`last` needs what to change", "last"),
    ("wu 15mn", "unknown unit `mn`", "mn"),
    ("wu 15min; lsat all-out", "unknown word `lsat`", "lsat"),
    ("12x400 @tmepo", "unknown race pace `tmepo`", "tmepo"),
    ("12x400 @5k-3", "the offset `-3` has no unit", "-3"),
    ("12x400 @5k + 3s", "unexpected `+`", "+"),
    ("10 × 1 km @ 5k pace, r 90 sec", "`r 90 sec` is a recovery: it goes after the rep it follows", "r 90 sec"),
    ("400 @5k @mile", "a step has one target", "@mile"),
    ("12x400 r35s; reps 13 all-out", "there is no rep 13", "reps 13 all-out"),
    ("3x(400 @5k", "this `(` is never closed", "("),
    ("0x400", "a repeat needs at least one rep", "0x"),
    ("0s @5k", "lasts no time at all", "0s"),
    ("400km easy", "longer than 250 km", "400km"),
    ("12x400 @1:00/km", "faster than any world record", "1:00/km"),
    ("40min @z6", "zones run from z1 to z5", "z6"),
    ("12x400 @rpe11", "RPE runs from 1 to 10", "rpe11"),
    ("20-15min easy", "runs backwards", "20-15min"),
    ("wu 15min cd 10min", "`10min` starts a new step", "10min"),
    ("12x400 r35s r1min", "two recoveries", "r1min"),
    ("60min easy; last 3 km all-out", "has no pace to convert it with", "3 km"),
    ("5x1k @T; last 3mi @hm", "splits a continuous run", "last 3mi @hm"),
    ("each -10s/mi", "there is none", "each -10s/mi"),
    ("3x400 @5k r1:0", "ratio needs two numbers above zero", "r1:0"),
    ("5k = 19:00\n400 @5k\nmaxhr = 190", "comes after the last workout", "maxhr = 190"),
    ("A:\n400 @5k\nmaxhr = 190\n400 @5k", "stands among the steps", "maxhr = 190"),
    ("5k = 19\n400 @5k", "is not a race time", "19"),
    ("fivek = 19:00\n400 @5k", "unknown setting `fivek`", "fivek = 19:00"),
    ("5k: 19:00\n400 @5k", "`5k: 19:00` starts a workout named `5k`", "5k:"),
    ("units = furlongs\n400 @5k", "units is `km` or `mi`", "furlongs"),
])
def test_mistakes_are_pointed_at(text: str, says: str, points_at: str) -> None:
    rendered = error_of(text)
    assert rendered.startswith("week.strides:")
    assert says in rendered.splitlines()[0]
    assert caret_under(rendered, points_at), rendered


@pytest.mark.parametrize(("text", "hint"), [
    ("12x400 @5k-3s r35", "did you mean `r35s`?"),
    ("wu 15mn", "did you mean `min`?"),
    ("wu 15min; lsat all-out", "did you mean `last`?"),
    ("12x400 @tmepo", "did you mean `tempo`?"),
    ("10min @4:00", "`@4:00/km` or `@4:00/mi`"),
    ("12x400 r35s; last", "`last all-out`"),
    ("wramup 10min", "did you mean `warmup`?"),
])
def test_mistakes_come_with_a_suggestion(text: str, hint: str) -> None:
    assert hint in error_of(text)


def test_a_race_pace_needs_a_profile() -> None:
    rendered = error_of("12x400 @5k", {})
    assert "`@5k` needs a 5k time or any race in the profile" in rendered
    assert "add `5k = 19:00` or `--set 5k=19:00`" in rendered


def test_training_paces_need_a_profile() -> None:
    assert "`@T` needs a race time or a vdot in the profile" in error_of("20min @T", {})


def test_heart_rate_zones_need_a_heart_rate() -> None:
    assert "needs maxhr or lthr" in error_of("40min @z2", {})


def test_line_and_column_count_from_one_in_the_right_line() -> None:
    rendered = error_of("Tue:\n  wu 15min\n  12x400 @5k r35\n")
    assert rendered.startswith("week.strides:3:14:")


def test_race_names_are_case_insensitive() -> None:
    assert compile_text("12x400 @5K", S19)


def test_the_command_line_exits_one_with_a_caret_and_no_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["compile", "-e", "12x400 @5k-3s r35", "--set", "5k=19:00"])
    err = capsys.readouterr().err
    assert code == 1 and "^^^" in err and "Traceback" not in err
    assert err.startswith("<text>:1:15: `r35` has no unit")


def test_deep_nesting_is_refused() -> None:
    text = "2x(" * 50 + "400" + ")" * 50
    assert "nested deeper than" in error_of(text)


def test_huge_input_is_refused() -> None:
    with pytest.raises(StridesError, match="larger than"):
        compile_text("400\n" * 400_000, S19)


def test_a_named_workout_needs_steps() -> None:
    assert "the workout `Tue` has no steps" in error_of("Tue:\nWed: 5x1k @5k")


def test_a_recovery_on_its_own_says_where_it_goes() -> None:
    assert "`r2min` is a recovery: it goes after the rep it follows" in error_of("r2min")


def test_check_reports_every_mistake_of_a_workout_not_only_its_first() -> None:
    import strides

    text = "A: 12x400 r35; 6x200 @5kk; 3x(200, jog)\nB: 5x1k r2min; 4 x 300 @milee\n"
    found = [(d.line, d.column) for d in strides.check(text, {"5k": "19:00"}) if d.severity == "error"]
    assert found == [(1, 11), (1, 24), (1, 36), (2, 25)]


@pytest.mark.parametrize(("text", "points_at", "says"), [
    ("4x(200, jog)", "jog", "`jog` alone is no step"),
    ("(400, easy) r2min", "easy", "`easy` alone is no step"),
    ("3x(1k @T, walk)", "walk", "`walk` alone is no step"),
])
def test_a_group_ending_in_a_bare_kind_points_at_the_kind_not_the_parenthesis(text: str, points_at: str,
                                                                              says: str) -> None:
    with pytest.raises(StridesError) as caught:
        compile_text(text, {"5k": "19:00"})
    span = caught.value.span
    assert span is not None and text[span.start:span.end] == points_at
    assert says in caught.value.message


def test_a_parenthesis_with_nothing_open_closes_nothing() -> None:
    with pytest.raises(StridesError, match=r"this `\)` closes nothing"):
        compile_text("4x400)", {"5k": "19:00"})
