"""Whatever is typed, strides answers with a result or a mistake it explains, never a crash or a hang.

Three kinds of input: (a) arbitrary text (any Unicode, control characters, very long lines, deep parentheses,
runs of the language's own words, seed workouts with random edits) through `compile_text` and the command
line; (b) generated valid workouts through every backend, the FIT file decoded and run like a watch; (c) the
formatter, whose output must mean what its input meant.

The examples are derandomised so the suite gives the same answer on every run; set STRIDES_FUZZ_EXAMPLES to a
larger number (e.g. 5000) to search afresh. Crashes found so far are kept at the end of this file as
regression tests, one input each.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import unicodedata
from collections.abc import Iterator
from typing import Any

import fitwalk
import pytest
from conftest import syntax_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seeds import S20, SEEDS
from strategies import workout_files

from strides.backends import BACKENDS, RenderOptions, get_backend
from strides.cli.main import main
from strides.errors import StridesError
from strides.language.fmt import format_source
from strides.language.parse import parse_entries
from strides.meaning.model import Distance, HeartRate, Pace, Time, Workout
from strides.pipeline import compile_text

EXAMPLES = int(os.environ.get("STRIDES_FUZZ_EXAMPLES", "0"))
SEARCHING = EXAMPLES > 0
HANG_SECONDS = 10  # one example: the largest inputs here compile in well under a second


def fuzz_settings(examples: int) -> settings:
    """Few, fixed examples in the suite; many fresh ones when STRIDES_FUZZ_EXAMPLES is set."""
    return settings(max_examples=EXAMPLES or examples, deadline=None, derandomize=not SEARCHING,
                    database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                          HealthCheck.function_scoped_fixture])


# ---- inputs ----------------------------------------------------------------------------------------------
WORDS = [
    "12x", "4-6x", "2×", "12 x ", "400", "1600", "15min", "90s", "1:30", "1h15", "1.5mi", "lap", "open", "mile",
    "m", "s", "min", "@", "5k", "mp", "hm", "1500", "E", "T", "z2", "z9", "140-150bpm", "-3s", "+20s/mi", "/km",
    "/", "..", "3:48/km", "all-out", "hard", "rpe", "rpe7", "7", "7.5", "r", "35s", "200", "jog", "walk",
    "float", "rest", "back", "full", "1:1", "1:0", "wu", "cd", "warm", "up", "easy", "strides", "hill", "drills",
    "(", ")", ";", ",", "\n", "+", "last", "reps", "each", "2,3", '"note"', "“x”", "Tue:", "A:", "5k = 19:00",
    "maxhr = 190", "lthr = 0", "units = mi", "tolerance = 50%", "lap = 100", "vdot = 90", "# c", "0", "0x",
    "0min", "9" * 40, "-", "–", "−", ":", "=", "\t", ".5", "0.0001km", "@10k..5k", "@1:28", "@88s", "×",
    "\r\n", "\x00", "\u2028", "é", "24h", "25h", "10000x", "\ufeff",
    "\r", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2029", "\u202e", "\u200b", "\u200d", "中文", "ｘ",
    "e\u0301", '"(((((((((("', "# ((((((((((\x0c\u2028 x\n", "Tue (((((((((:", '"a\x0cb\u2028c"', "# \x85\n",
]


def word_runs() -> st.SearchStrategy[str]:
    """The language's own words in random order: what reaches deepest into the parser and resolver."""
    return st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(["", " ", " ", "  "])), max_size=30).map(
        lambda pairs: "".join(word + gap for word, gap in pairs))


@st.composite
def edited_seeds(draw: st.DrawFn) -> str:
    """A seed workout with a few random deletions, insertions, duplications and swapped case."""
    text = draw(st.sampled_from([seed[1] for seed in SEEDS]))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 8)))
        edit = draw(st.sampled_from(["delete", "insert", "duplicate", "word", "case"]))
        if edit == "delete":
            text = text[:start] + text[end:]
        elif edit == "insert":
            text = text[:start] + draw(st.text(max_size=3)) + text[start:]
        elif edit == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        elif edit == "word":
            text = text[:start] + draw(st.sampled_from(WORDS)) + text[start:]
        else:
            text = text[:start] + text[start:end].swapcase() + text[end:]
    return text


def any_unicode() -> st.SearchStrategy[str]:
    """Anything at all, lone surrogates and control characters included."""
    return st.text(st.characters(blacklist_categories=()), max_size=80)


@st.composite
def long_lines(draw: st.DrawFn) -> str:
    piece = draw(st.sampled_from(["400 @5k;", "x", "1", "(", "@", "r35s ", '"', "9", "wu 15min, "]))
    return piece * draw(st.integers(500, 4000))


@st.composite
def deep_parentheses(draw: st.DrawFn) -> str:
    opening, closing = draw(st.integers(0, 40)), draw(st.integers(0, 40))
    inside = draw(st.sampled_from(["400", "2x400 r1min", "", "400, 200 @mp"]))
    return draw(st.sampled_from(["", "3x"])) + "(" * opening + inside + ")" * closing


@st.composite
def mistake_in_a_long_line(draw: st.DrawFn) -> str:
    """A mistake somewhere in a line far longer than the terminal: the line is shown cut around it."""
    before = draw(st.sampled_from(["400 @5k; ", "中文 ", "1min @mp r1min, ", "\t", "x"])) * draw(st.integers(0, 60))
    after = draw(st.sampled_from(["; 400", " 200 @mile", "", "\u202e"])) * draw(st.integers(0, 60))
    mistake = draw(st.sampled_from(["400 @6k", "lsat", "12x400 r35", "400 \"\u202e\"", "(400", "400 @5k-3"]))
    return before + mistake + after


def arbitrary_texts() -> st.SearchStrategy[str]:
    return st.one_of(word_runs(), word_runs(), edited_seeds(), edited_seeds(), any_unicode(), long_lines(),
                     deep_parentheses(), mistake_in_a_long_line())


class Hang(Exception):
    """An example ran longer than any input should."""


@contextlib.contextmanager
def time_limit(seconds: int = HANG_SECONDS) -> Iterator[None]:
    def stop(signum: int, frame: Any) -> None:
        raise Hang(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_points_into(error: StridesError, text: str) -> None:
    """A mistake with a place says `:line:col:`, and the place is in the text; the rendered message shows that
    line of the text (as the parser counts lines) with the caret under that column."""
    rendered = error.render(text, "<text>")
    assert all(not unsafe(char) for char in rendered if char != "\n"), "every character is shown escaped"
    if error.span is None:
        assert rendered.startswith("<text>: ")
        return
    span = error.span
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert rendered.startswith(f"<text>:{span.line}:{span.column}: ")
    assert 1 <= span.line <= len(lines)
    assert span.column >= 1 and 0 <= span.start <= span.end <= len(text) + 1
    assert_caret_under(rendered, lines[span.line - 1], span.column)


# ---- how a source line is shown -------------------------------------------------------------------------------
def unsafe(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def shown_char(char: str) -> str:
    """How a character of a source line is shown: a tab as a space, an unsafe one as an escape."""
    if char == "\t":
        return " "
    if not unsafe(char):
        return char
    code = ord(char)
    named = {"\n": "\\n", "\r": "\\r"}
    return named.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000
                               else f"\\U{code:08x}")


def cells(text: str) -> int:
    """Terminal columns: wide characters take two, combining ones none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def assert_caret_under(rendered: str, source_line: str, column: int) -> None:
    """The rendered second line is the source line (or a stretch of it, cut at `…`), and the first caret of
    the third stands under the character at `column` (just past the end when it is one past the last)."""
    _, shown_line, caret_line, *_ = rendered.split("\n") + ["", ""]
    assert shown_line.startswith("  ") and caret_line.startswith("  ")
    shown_line, caret_line = shown_line[2:], caret_line[2:]
    pieces = [shown_char(char) for char in source_line]
    cut_before = shown_line.startswith("…") and not source_line.startswith("…")
    body = shown_line[1:] if cut_before else shown_line
    cut_after = body.endswith("…") and "".join(pieces) != body
    body = body[:-1] if cut_after else body
    assert len(shown_line) <= 2 * 110, "a long line is cut"
    # the characters shown: whole pieces, from some character `first` on
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece))
    joined = "".join(pieces)
    firsts = [index for index, offset in enumerate(offsets) if joined.startswith(body, offset)
              and offsets.count(offset + len(body)) and (cut_before or index == 0)]
    assert firsts, f"the line shown is not the source line:\n{rendered}"
    first = firsts[0]
    caret = len(caret_line) - len(caret_line.lstrip(" "))
    assert caret_line.lstrip(" ").startswith("^")
    target = min(column - 1, len(source_line))
    assert first <= target, rendered
    before = cells("…") if cut_before else 0
    assert caret == before + cells("".join(pieces[first:target])), rendered


# ---- (a) arbitrary text ----------------------------------------------------------------------------------
@fuzz_settings(250)
@given(arbitrary_texts(), st.booleans())
def test_any_text_compiles_or_is_a_mistake_with_a_place(text: str, with_profile: bool) -> None:
    try:
        with time_limit():
            workouts = compile_text(text, S20 if with_profile else None)
    except StridesError as error:
        assert_points_into(error, text)
        return
    assert all(isinstance(w, Workout) for w in workouts)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """`strides …` in-process: the exit code, standard output and standard error."""
    written = io.BytesIO()
    out, err = io.TextIOWrapper(written, encoding="utf-8"), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        with time_limit():
            code = main(argv)
    finally:
        sys.stdout, sys.stderr = saved
    out.flush()
    return code, written.getvalue().decode("utf-8", "replace"), err.getvalue()


def assert_cli_answer(text: str, code: int, err: str) -> None:
    # `-e -3s…` is read by argparse as an unknown option: a usage error, the only one -e text can cause
    allowed = {0, 1, 2} if text.startswith("-") else {0, 1}
    assert code in allowed, err
    if code == 1:
        assert err.strip(), "exit 1 says what is wrong"
        assert "Traceback" not in err


@fuzz_settings(80)
@given(arbitrary_texts())
def test_cli_check_and_compile_answer_any_text(text: str) -> None:
    for argv in (["check", "-e", text], ["compile", "-e", text, "--format", "json", "--set", "5k=20:00"]):
        code, _, err = run_cli(argv)
        assert_cli_answer(text, code, err)


@fuzz_settings(40)
@given(st.one_of(edited_seeds(), word_runs()))
def test_cli_compile_to_fit_files_answers_any_text(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    folder = tmp_path_factory.mktemp("fit")
    code, _, err = run_cli(["compile", "-e", text, "--format", "fit", "-o", f"{folder}/", "--set", "5k=20:00"])
    assert_cli_answer(text, code, err)
    written = sorted(folder.glob("*.fit"))
    if code == 0:
        assert written, "a compiled workout is written"
        for path in written:
            fitwalk.decode(path.read_bytes())
    assert not list(folder.glob(".*.part")), "no half-written file is left behind"


# ---- (b) valid workouts in every backend --------------------------------------------------------------------
def rendered(name: str, workouts: list[Workout]) -> list[bytes | str]:
    backend = get_backend(name)
    if backend.per_workout:
        return [backend.render([workout], RenderOptions()) for workout in workouts]
    return [backend.render(workouts, RenderOptions())]


def compiled(text: str) -> list[Workout]:
    try:
        return compile_text(text)
    except StridesError as error:  # the strategy draws only valid files: a refusal is a bug somewhere
        pytest.fail(f"a valid workout file was refused:\n{error.render(text)}\n--- file ---\n{text}")


def assert_runs_like_its_timeline(workout: Workout, data: bytes) -> None:
    done = fitwalk.executed(data)
    assert len(done) == len(workout.timeline)
    for executed, step in zip(done, workout.timeline, strict=True):
        assert executed.intensity == step.intensity
        if isinstance(step.duration, Time):
            assert executed.duration == "time" and executed.value is not None
            assert abs(executed.value - step.duration.seconds * 1000) <= 500  # whole seconds on the watch
        elif isinstance(step.duration, Distance):
            assert executed.duration == "distance" and executed.value is not None
            assert abs(executed.value - step.duration.meters * 100) <= 0.5  # centimetres
        else:
            assert executed.duration == "open"
        kind = "speed" if isinstance(step.target, Pace) else "heart_rate" if isinstance(step.target, HeartRate) \
            else "open"
        assert executed.target == kind


def fit_refusal_is_the_step_limit(error: StridesError) -> bool:
    return "watches accept at most" in error.message


@fuzz_settings(60)
@given(workout_files())
def test_valid_workouts_render_in_every_backend(text: str) -> None:
    workouts = compiled(text)
    for name in sorted(set(BACKENDS) - {"pdf"}):
        try:
            with time_limit():
                outputs = rendered(name, workouts)
        except StridesError as error:
            no_calendar = name == "ics" and error.message.startswith("a calendar needs dates")  # no plan here
            assert no_calendar or name == "fit" and fit_refusal_is_the_step_limit(error), error.render(text)
            continue
        assert all(outputs)
        if name == "fit":
            for workout, data in zip(workouts, outputs, strict=True):
                assert isinstance(data, bytes)
                assert_runs_like_its_timeline(workout, data)


@fuzz_settings(6)
@given(workout_files(max_workouts=2))
def test_valid_workouts_make_pdf_cards(text: str) -> None:
    (document,) = rendered("pdf", compiled(text))
    assert isinstance(document, bytes) and document.startswith(b"%PDF")


# ---- (c) the formatter --------------------------------------------------------------------------------------
@fuzz_settings(150)
@given(arbitrary_texts())
def test_format_keeps_the_meaning_of_any_text_that_parses(text: str) -> None:
    try:
        entries = parse_entries(text)
    except StridesError:
        with pytest.raises(StridesError):
            format_source(text)
        return
    if any(isinstance(entry, StridesError) for entry in entries):
        with pytest.raises(StridesError):
            format_source(text)
        return
    formatted = format_source(text)
    assert syntax_tree(formatted) == syntax_tree(text)
    assert format_source(formatted) == formatted


# ---- edge inputs --------------------------------------------------------------------------------------------
EDGES = {
    "empty": "",
    "blank lines": "\n\n  \n",
    "only a comment": "# nothing yet",
    "byte order mark": "\ufeffwu 15min",
    "windows line ends": "5k = 19:00\r\nA:\r\n  12x400 @5k r35s\r\n",
    "nul": "wu 15min\x00",
    "lone surrogate": "wu 15min \udc80",
    "nesting at the limit": "(" * 8 + "400" + ")" * 8,
    "nesting past the limit": "(" * 9 + "400" + ")" * 9,
    "unclosed": "3x(400 @5k",
    "just a colon": ":",
    "name only": "Tue:",
    "setting only": "5k = 19:00",
    "huge count": "99999999999999999999x400",
    "huge amount": "9" * 400,
    "too long": "400;" * 250_001,
    "many steps": "10000x(400, 200)",
}


@pytest.mark.parametrize("text", EDGES.values(), ids=EDGES.keys())
def test_edge_inputs_compile_or_are_mistakes(text: str) -> None:
    try:
        with time_limit():
            compile_text(text, S20)
    except StridesError as error:
        assert_points_into(error, text)


# ---- crashes found here once, kept as regression tests -------------------------------------------------------
def compile_every_way(text: str) -> None:
    """Compile and render in every backend but PDF; a StridesError is the right answer to a mistake."""
    try:
        workouts = compile_text(text, {"5k": "20:00", "maxhr": "190"})
        for name in sorted(set(BACKENDS) - {"pdf"}):
            rendered(name, workouts)
    except StridesError:
        pass


@pytest.mark.parametrize("text", ["400 @rpe 7x", "400 rpe 5k", "10min @rpe 7-8"])
def test_rpe_with_a_unit_is_a_mistake(text: str) -> None:
    compile_every_way(text)


def test_decimal_rpe_compiles() -> None:
    compile_every_way("400 @rpe 7.5")


def test_a_progression_past_any_real_pace_is_a_mistake() -> None:
    compile_every_way("10x400 @5k; each -30s")


@pytest.mark.parametrize("text", ["400 @" + "9" * 400 + "s", "400 @5k-" + "9" * 400 + "s",
                                  "400 @5k; each -" + "9" * 400 + "s"], ids=["split", "offset", "each"])
def test_an_endless_pace_is_a_mistake(text: str) -> None:
    compile_every_way(text)


def test_a_pace_per_zero_metres_is_a_mistake() -> None:
    compile_every_way("400 @1:28/0m")


def test_a_card_for_a_count_range_of_recoveries() -> None:
    compile_every_way("1-4x1min float")


def test_plus_separates_group_items_after_a_pace() -> None:
    def kinds(text: str) -> list[tuple[str, object]]:
        return [(s.kind, s.duration) for s in compile_text(text, S20)[0].timeline]

    assert kinds("3x(1min @5k + 30s jog)") == kinds("3x(1min @5k, 30s jog)")


def test_an_offset_per_zero_metres_is_a_mistake() -> None:
    with pytest.raises(StridesError):
        compile_text("400 @5k-3s/0m", S20)
