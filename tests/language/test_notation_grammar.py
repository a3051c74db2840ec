"""The grammar and the Python tables say the same words: the grammar's word lists are the tables of
words.py and units.py, and every terminal a message names is named in the grammar."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from strides.language.lexicon import EFFORTS, KINDS, RECOVERY_WORDS
from strides.language.syntax_errors import _EXPECTED_WORDS
from strides.meaning.units import DISTANCE_UNITS, LAP_UNITS, TIME_UNITS

GRAMMAR = (Path(__file__).parents[2] / "grammar" / "strides.lark").read_text(encoding="utf-8")


def definition(name: str) -> str:
    """The right-hand side of a terminal's definition, over its continuation lines."""
    match = re.search(rf"^{re.escape(name)}(?:\.\d+)?:(.*?)(?=^\S)", GRAMMAR, re.M | re.S)
    assert match is not None, name
    return re.sub(r"//[^\n]*", "", match[1])


def words_of(name: str) -> set[str]:
    """The words of a list terminal, one regular expression of alternatives (`/(?:wu|cd|warmup)/i`), a
    `[^\\S\\n]+` in one standing for the space of `time trial`."""
    text = definition(name).strip()
    match = re.fullmatch(r"/\(\?:(.*)\)/i", text)
    assert match is not None, text
    return {word.replace("[^\\S\\n]+", " ").replace("\\", "") for word in match[1].split("|")}


def test_the_kind_words_are_the_kinds_table() -> None:
    spaced_forms = {"warm up", "cool down"}  # the rules `warmup` and `cooldown` read these
    expected = set(KINDS) - set(RECOVERY_WORDS) - spaced_forms
    assert words_of("_KIND_WORD") == expected


def test_the_recovery_words_are_the_kinds_that_start_a_recovery() -> None:
    assert words_of("_RECOVERY_WORD") == set(RECOVERY_WORDS)
    assert set(RECOVERY_WORDS) <= set(KINDS)


def test_the_effort_words_are_the_efforts_table() -> None:
    assert words_of("_EFFORT_WORD") == set(EFFORTS)


def test_the_unit_words_are_the_units_tables() -> None:
    assert words_of("_UNIT_WORD") == {*TIME_UNITS, *DISTANCE_UNITS, *LAP_UNITS, "bpm"}


def test_the_seconds_of_an_offset_are_the_time_units_of_one_second() -> None:
    assert words_of("_SECONDS_WORD") == {word for word, scale in TIME_UNITS.items() if scale == 1.0}


@pytest.mark.parametrize("terminal", sorted(_EXPECTED_WORDS))
def test_every_terminal_a_message_names_is_named_in_the_grammar(terminal: str) -> None:
    assert re.search(rf"^{terminal}(?:\.\d+)?:", GRAMMAR, re.M), terminal
