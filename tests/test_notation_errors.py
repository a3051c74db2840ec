"""Errors that help: a known word in the wrong place is told what is wrong with its place, a suggestion
never repeats the word it rejects, and the mistakes runners make in plans get one message each."""

from __future__ import annotations

import pytest
from test_notation_misreadings import refusal

from strides.backends import RenderOptions, get_backend
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
