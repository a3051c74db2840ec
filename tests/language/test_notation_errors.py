"""Errors that help: a known word in the wrong place is told what is wrong with its place, a suggestion
never repeats the word it rejects, and the mistakes runners make in plans get one message each."""

from __future__ import annotations

import pytest
from test_notation_misreadings import refusal

import strides
from strides.backends import RenderOptions, get_backend
from strides.language.parse import parse
from strides.pipeline import compile_text

MISPLACED = [
    ("20min marathon", "`marathon` is a pace", "`@marathon`"),
    ("20min pace", "`pace` follows a named pace", "`@5k pace`"),
    ("20 min min", "`min` is a unit", "right after its number"),
    ("5 km km", "`km` is a unit", "right after its number"),
    ("20min tempo threshold", "`threshold` is a pace", "`@threshold`"),
]


@pytest.mark.parametrize(("written", "message", "hint"), MISPLACED)
def test_a_known_word_out_of_place_is_told_its_place(written: str, message: str, hint: str) -> None:
    error = refusal(written)
    assert message in error.message
    assert hint in (error.hint or "")


NEVER_ITSELF = ["20min pace", "20min marathon", "20 min min", "5 km km", "4x1k T T"]


@pytest.mark.parametrize("written", NEVER_ITSELF)
def test_a_suggestion_never_repeats_the_word_it_rejects(written: str) -> None:
    error = refusal(written)
    word = error.message.split("`")[1]
    assert f"did you mean `{word}`" not in (error.hint or "")


WHOLE_WORDS = [
    ("6x1k @5k rcovery jog", "`rcovery`", "`recovery`"),
    ("4x400 @5k racee", "`racee`", "`race`"),
]


@pytest.mark.parametrize(("written", "word", "suggestion"), WHOLE_WORDS)
def test_a_leading_r_stays_part_of_its_word(written: str, word: str, suggestion: str) -> None:
    error = refusal(written)
    assert word in error.message and suggestion in (error.hint or "")


def test_a_short_bare_rest_suggests_minutes_first() -> None:
    hint = refusal("5x1k @5k r2").hint or ""
    assert hint.index("`r2min`") < hint.index("`r2s`")


def test_an_unclosed_group_is_reported_at_its_parenthesis() -> None:
    error = refusal("Mon: 4x400 @5k\nTue: 5x(1k @5k, 2min jog\nWed: 20min easy")
    assert "never closed" in error.message
    assert error.span is not None and (error.span.line, error.span.column) == (2, 8)


def test_a_name_line_without_its_colon_is_told_so() -> None:
    error = refusal("Tuesday intervals\n4x400 @5k")
    assert "a workout name ends with `:`" in (error.hint or "")


def test_explain_says_how_a_step_was_read() -> None:
    text = get_backend("explain").render(compile_text("10x400s @5k r60s", {"5k": "19:00"}), RenderOptions())
    assert "`400s`: read as 400 m reps" in str(text)


def test_explain_says_a_daniels_distance_is_in_the_profile_units() -> None:
    text = get_backend("explain").render(compile_text("2 E", {"5k": "19:00", "units": "mi"}), RenderOptions())
    assert "read as 2 mi" in str(text)


THREE_BROKEN = """5k = 19:00
Mon: 4x400 @5k r60s; 3x2min @T rr2min
Tue: 20min easy; 5x1k @5k jgo
Wed: 6x(1k @5k, 2min jog
Thu: 20min easy
"""


def test_check_reports_a_syntax_mistake_in_each_workout_with_its_own_caret() -> None:
    diagnostics = strides.check(THREE_BROKEN, filename="week.strides")
    assert [(d.line, d.column) for d in diagnostics] == [(2, 32), (3, 27), (4, 8)]
    assert all(d.filename == "week.strides" and d.source == THREE_BROKEN for d in diagnostics)
    assert "never closed" in diagnostics[2].message
    assert diagnostics[1].render().startswith("week.strides:3:27: unknown word `jgo`")


def test_the_workouts_around_a_syntax_mistake_still_compile() -> None:
    workouts = parse(THREE_BROKEN)
    assert [(w.name, w.mistake is None) for w in workouts] == [
        ("Mon", False), ("Tue", False), ("Wed", False), ("Thu", True)]


def test_a_pasted_paragraph_of_prose_gets_one_message() -> None:
    prose = ("Run easy for about forty minutes and then do some strides at the end, staying relaxed.\n"
             "Then walk home and have a good breakfast with lots of coffee and fruit.\n"
             "Stretch afterwards if you have time for it.\n")
    assert len(strides.check(prose)) == 1


def test_reading_resumes_after_a_semicolon_on_the_same_line() -> None:
    [workout] = parse("4x400 @5k jgo; 10min easy")
    assert workout.mistake is not None and len(workout.elements) == 1  # the 10min easy after the mistake
