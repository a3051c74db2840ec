"""The limits of a file (strides.language.input_limits) hold on every surface, said the same way: `strides check`,
the live analysis the editors share, `strides serve` and `strides lsp` refuse a file past one with the same
message at the same place, and a file at a limit is refused by none."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import strides
from strides.editor.document import Cache, analyse
from strides.editor.file_limits import own_words
from strides.language.input_limits import MAX_ENTRIES, MAX_NESTING, MAX_WORDS, MAX_WORKOUTS, InputWatch
from strides.language.parse import parser

FILE = "plan.strides"
FOUR_STEPS = "1min easy; 2min hard; 1min easy; 2min hard"  # 12 words with the name, 13 with the line end
AT_THE_WORD_LIMIT = "\n".join(f"W{n}: {FOUR_STEPS}" for n in range(3846)) + "; 1min easy"

PAST_A_FILE_LIMIT = {
    "workouts": "\n".join(f"W{n}: 10min easy" for n in range(MAX_WORKOUTS + 7_000)),
    "section labels": "W: 10min easy\n" + "\n".join("Main set: 1min easy" for _ in range(MAX_WORKOUTS + 2)),
    "words": AT_THE_WORD_LIMIT + "; 1min easy; 1min easy",
    "words after settings": "5k = 19:00\nmaxhr = 190\n" + "\n".join(
        f"W{n}: {FOUR_STEPS}; {FOUR_STEPS}" for n in range(2_200)),
    "size": "5k = 19:00\n" + "Tue: 12x400 @5k-3s r35s; cd 10min; wu 10min easy; 3x1mi @T r1min jog\n" * 15_000,
}


def words(text: str) -> int:
    watch = InputWatch()
    try:
        parser().parse(text, watch)
    except strides.StridesError:
        pass
    return watch.words


def test_the_file_at_the_word_limit_holds_exactly_as_many_words() -> None:
    assert words(AT_THE_WORD_LIMIT) == MAX_WORDS


@pytest.mark.parametrize("name", PAST_A_FILE_LIMIT)
def test_the_live_analysis_refuses_a_file_past_a_limit_as_check_does(name: str) -> None:
    text = PAST_A_FILE_LIMIT[name]
    [said] = strides.check(text, filename=FILE)
    analysis = analyse(text, FILE, {}, Cache())
    assert [mark.rendered for mark in analysis.marks] == [said.render()]
    [mark] = analysis.marks
    if said.span is not None:
        assert mark.start == (said.span.line - 1, said.span.column - 1)
    assert analysis.placed == ()  # refused whole: no workout was checked


def test_a_file_at_the_limits_is_refused_by_neither() -> None:
    for text in (AT_THE_WORD_LIMIT, "\n".join(f"W{n}: 10min easy" for n in range(MAX_WORKOUTS))):
        assert not any("the file holds more" in d.message for d in strides.check(text, filename=FILE))
        analysis = analyse(text, FILE, {}, Cache())
        assert not any("the file holds more" in mark.message for mark in analysis.marks)
        assert analysis.placed


def test_an_edit_that_passes_the_limit_is_refused_and_one_that_comes_back_is_not() -> None:
    cache = Cache()
    assert analyse(AT_THE_WORD_LIMIT, FILE, {}, cache).placed
    past = analyse(AT_THE_WORD_LIMIT + "; 1min easy", FILE, {}, cache)
    assert [mark.message for mark in past.marks] == [f"the file holds more than {MAX_WORDS:,} words, numbers "
                                                     "and signs"]
    assert analyse(AT_THE_WORD_LIMIT, FILE, {}, cache).placed


@pytest.mark.parametrize("text", [
    "vdot = 50\nW: 10min easy\nX: " + "(" * (MAX_NESTING + 1) + "1min easy" + ")" * (MAX_NESTING + 1),
    "vdot = 50\nW: 10min easy\nX: " + "1min easy; " * (MAX_ENTRIES + 1),
])
def test_a_workout_past_a_limit_is_marked_where_check_marks_it(text: str) -> None:
    [said] = strides.check(text, filename=FILE)
    assert said.span is not None
    marks = analyse(text, FILE, {}, Cache()).marks
    assert [(mark.message, mark.start) for mark in marks if mark.severity == "error"] == [
        (said.message, (said.span.line - 1, said.span.column - 1))]


def test_a_piece_is_never_counted_below_its_words_in_the_file() -> None:
    """The bound that spares an edit the reading of the whole file: a piece's own words as the file has them."""
    text = "5k = 19:00\nW: 2x(1min @5k, 1min easy) # fast\n  3x400 @5k r200\n"
    assert own_words(text, 1) == words(text) - words("5k = 19:00\n")
    broken = "5k = 19:00\nW: 2x(1min @5k, 1min easy ) ) 5min"
    assert own_words(broken, 1) >= len(broken.split()) - 3


# ---- the editors: `strides serve` and `strides lsp` -------------------------------------------------------
def test_serve_refuses_a_file_past_the_workout_limit_as_check_does() -> None:
    from test_serve import start, stop

    running = start()
    try:
        text = PAST_A_FILE_LIMIT["workouts"]
        [said] = strides.check(text)
        assert said.span is not None
        status, body, _ = running.request("/api/check", {"text": text})
        answer = json.loads(body)
        assert status == 200 and answer["workouts"] == [] and answer["broken"] == []
        assert [(m["message"], m["line"], m["column"]) for m in answer["marks"]] == [
            (said.message, said.span.line, said.span.column)]
    finally:
        stop(running)


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    pytest.importorskip("pygls", reason="pygls is in the test extra (pip install -e '.[test]')")
    from lsp_client import Client

    started = Client()
    yield started
    started.close()


@pytest.mark.parametrize("name", ["workouts", "words"])
def test_lsp_refuses_a_file_past_a_limit_as_check_does(client: object, name: str) -> None:
    text = PAST_A_FILE_LIMIT[name]
    [said] = strides.check(text)
    assert said.span is not None
    [diagnostic] = client.open(f"file:///workouts/past-{name}.strides", text)  # type: ignore[attr-defined]
    assert diagnostic.message == f"{said.message}\n{said.hint}"  # an editor shows the hint under the message
    start = diagnostic.range.start
    assert (start.line, start.character) == (said.span.line - 1, said.span.column - 1)
