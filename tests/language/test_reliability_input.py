"""Reading input safely: the parser comes from the package (never from a cache another user can write), lines
are counted as the parser counts them, messages show every character safely, only group parentheses nest,
and the work is bounded by the size of the input."""

from __future__ import annotations

import os
import pickle
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lark
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Lark
from seeds import S20, SEEDS
from strategies import workout_files
from test_fuzz import WORDS, assert_points_into, unsafe

import strides.pipeline
from strides import errors
from strides.cli.main import main
from strides.errors import Span, StridesError, StridesWarning
from strides.grammar import build, loader, parse_tables, runtime
from strides.language import input_limits as limits
from strides.language.ast import Setting
from strides.language.fmt import format_source
from strides.language.parse import build_parser, parse, parser
from strides.meaning.profile import runner_from
from strides.pipeline import compile_each, compile_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def mistake(text: str, settings: dict[str, str] | None = None) -> StridesError:
    with pytest.raises(StridesError) as caught:
        compile_text(text, S20 if settings is None else settings)
    return caught.value


def rendered(text: str, settings: dict[str, str] | None = None) -> str:
    return mistake(text, settings).render(text, "plan.strides")


# ---- the parser: built from tables shipped in the package -------------------------------------------------------
class _Plant:
    """Unpickled, creates the file `marker`: what a planted cache file could do in another user's strides."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[str, str]]:
        return open, (str(self.marker), "w")


def old_cache_file(folder: Path) -> Path:
    """The file Lark's `cache=True` reads for strides' grammar: its name is predictable by anyone."""
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        Lark.open_from_package("strides.grammar", "strides.lark", parser="lalr", propagate_positions=True,
                               cache=True, maybe_placeholders=True)
    finally:
        tempfile.tempdir = saved
    (path,) = folder.glob(".lark_cache_*")
    return path


def test_a_pickle_planted_at_the_old_cache_path_is_never_loaded(tmp_path: Path) -> None:
    shared = tmp_path / "tmp"
    shared.mkdir()
    planted = old_cache_file(shared)
    marker = tmp_path / "ran"
    digest_line = planted.read_bytes().split(b"\n", 1)[0]
    planted.write_bytes(digest_line + b"\n" + pickle.dumps(_Plant(marker)))
    env = {**os.environ, "TMPDIR": str(shared), "TEMP": str(shared), "TMP": str(shared)}
    done = subprocess.run([sys.executable, "-m", "strides", "compile", "-e", "12x400 @5k r1min", "--set",
                           "5k=20:00", "--format", "json"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not marker.exists(), "the planted pickle was loaded"
    assert sorted(p.name for p in shared.iterdir()) == [planted.name], "nothing is written to the shared folder"


def test_the_parser_is_loaded_from_the_package_without_a_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pickle(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the parser was read from a pickle")

    monkeypatch.setattr(pickle, "load", no_pickle)
    monkeypatch.setattr(pickle, "loads", no_pickle)
    assert build_parser().parse("12x400 @5k r1min").data == "start"


# The tables are written by the Lark the project develops with; an older Lark (the dependency floors) may
# number them otherwise, so there only the grammar digest can be compared.
SAME_LARK = pytest.mark.skipif(parse_tables.LARK_VERSION != __import__("lark").__version__,
                               reason=f"the tables were written by Lark {parse_tables.LARK_VERSION}")


def test_the_shipped_tables_are_of_the_grammar_in_force() -> None:
    assert parse_tables.GRAMMAR_DIGEST == build.digest(build.grammar_text())


def test_the_tables_are_written_the_same_whatever_the_hash_seed() -> None:
    outputs = {subprocess.run([sys.executable, "-m", "strides.grammar.build"], capture_output=True,
                              text=True, timeout=300, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(outputs) == 1


def positions(node: Any) -> Any:
    """A parse tree with every position in it, Lark's or strides' own, for comparing two parsers."""
    if isinstance(node, (lark.Tree, runtime.Tree)):
        meta = node.meta
        where = None if meta.empty else (meta.line, meta.column, meta.start_pos, meta.end_line, meta.end_column,
                                         meta.end_pos)
        return str(node.data), where, [positions(child) for child in node.children]
    if isinstance(node, (lark.Token, runtime.Token)):
        return node.type, str(node), node.line, node.column, node.start_pos, node.end_line, node.end_column, \
            node.end_pos
    return node


def parsed(using: Lark | runtime.Parser, text: str) -> Any:
    """The tree, or the mistake: its kind, where it is, what was expected and the token out of place."""
    try:
        return positions(using.parse(text))
    except (lark.exceptions.UnexpectedInput, runtime.UnexpectedInput) as error:
        token = getattr(error, "token", None)
        return type(error).__name__, getattr(error, "pos_in_stream", None), \
            sorted(getattr(error, "expected", None) or getattr(error, "allowed", None) or []), \
            token is not None and positions(token)


@pytest.fixture(scope="module")
def lark_built() -> Lark:
    """The parser as Lark builds it from the grammar, with its own lexer and positions."""
    return Lark(build.grammar_text(), **build.OPTIONS)


def corpus() -> list[str]:
    rng = random.Random(7)
    texts = [seed[1] for seed in SEEDS] + [path.read_text(encoding="utf-8") for path in EXAMPLES.glob("*.strides")]
    for _ in range(600):
        texts.append("".join(rng.choice(WORDS) + rng.choice(["", " ", "  "]) for _ in range(rng.randint(1, 25))))
    for _ in range(300):
        text = rng.choice(SEEDS)[1]
        at = rng.randint(0, len(text))
        texts.append(text[:at] + rng.choice([*WORDS, "x", "#", '"', ")", "("]) + text[at:])
    plan = "\n".join(f"W{number}: {seed[1]}" for number, seed in enumerate(SEEDS * 3))
    return [*texts, plan, plan + "\n400 @5k r1min )"]  # long enough for each state to be met often


def test_the_shipped_parser_reads_everything_as_lark_builds_it(lark_built: Lark) -> None:
    shipped = parser()
    for text in corpus():
        assert parsed(shipped, text) == parsed(lark_built, text), repr(text)


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(workout_files(max_workouts=3))
def test_the_shipped_parser_reads_any_generated_file_as_lark_builds_it(lark_built: Lark, text: str) -> None:
    assert parsed(parser(), text) == parsed(lark_built, text)


def test_stale_tables_are_not_used(monkeypatch: pytest.MonkeyPatch, lark_built: Lark) -> None:
    monkeypatch.setattr(parse_tables, "GRAMMAR_DIGEST", "from another grammar")
    assert loader.shipped_tables() is None
    rebuilt = runtime.Parser(loader.tables_in_force())
    text = "Tue:\n  wu 15min; 3x(400 @5k r1:1, 200 @mile) r2min; last all-out # done"
    assert parsed(rebuilt, text) == parsed(lark_built, text)


def test_reading_a_workout_does_not_import_lark() -> None:
    # Lark builds the tables; the command line reads with the tables alone (a fifth of its start-up otherwise)
    program = ("import sys\nfrom strides.cli.main import main\n"
               "try:\n    main(['compile', '-e', '12x400 @5k r1min', '--set', '5k=20:00', '-f', 'json'])\n"
               "except SystemExit:\n    pass\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'lark'))")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == b"[]"


def test_on_token_hooks_see_the_tokens_of_their_terminal() -> None:
    seen: list[str] = []

    def comment(token: runtime.Token) -> runtime.Token:
        seen.append(str(token))
        return token

    build_parser(on_token={"COMMENT": comment}).parse('400 "# not this" # this one\n200')
    assert seen == ["# this one"]
    assert format_source("400  # kept\n") == "400  # kept\n"


# ---- settings, each read once -----------------------------------------------------------------------------------
def plan_with_a_setting_before_each_workout(count: int) -> str:
    return "5k = 19:00\n" + "".join(f"tolerance = {1 + n % 3}%\nW{n}: 400 @5k\n" for n in range(count))


def test_each_setting_is_read_once_however_many_workouts_follow(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[int] = []

    def counting(settings: Any) -> Any:
        settings = list(settings)
        read.append(len(settings))
        return runner_from(settings)

    monkeypatch.setattr(strides.pipeline, "runner_from", counting)
    results = compile_each(plan_with_a_setting_before_each_workout(300)).results
    assert len(results) == 300 and not any(isinstance(r, StridesError) for r in results)
    assert sum(read) <= 5 * 300, "settings are not read again for every workout"


SETTINGS = [("5k", "19:00"), ("5K", "20:00"), ("10k", "41:00"), ("mile", "5:30"), ("maxhr", "190"),
            ("maxhr", "999"), ("units", "mi"), ("units", "furlongs"), ("fivek", "19:00"), ("tolerance", "3%"),
            ("half marathon", "1:30:00"), ("vdot", "50")]


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.lists(st.sampled_from(SETTINGS), max_size=4), min_size=1, max_size=6),
       st.lists(st.sampled_from(SETTINGS), max_size=2))
def test_each_workout_gets_the_runner_of_all_its_settings(groups: list[list[tuple[str, str]]],
                                                          extra: list[tuple[str, str]]) -> None:
    """Read once each, the settings still give what reading all of them in order gives, mistakes included."""
    text = "".join("".join(f"{key} = {value}\n" for key, value in group) + f"W{n}: 400\n"
                   for n, group in enumerate(groups))
    profile = [Setting(key, value) for key, value in extra]
    results = compile_each(text, profile=profile).results
    for source, result in zip(parse(text), results, strict=True):
        try:
            expected: Any = runner_from([*source.settings, *profile]).profile
        except StridesError as error:
            expected = error.render(text)
        got = result.render(text) if isinstance(result, StridesError) else result.profile
        assert got == expected


# ---- line counting ----------------------------------------------------------------------------------------------
def test_old_mac_line_ends_are_line_ends() -> None:
    text = "wu 15min\r12x400 @6k\rcd 10min"
    error = mistake(text)
    assert error.span is not None and (error.span.line, error.span.column) == (2, 9)
    assert error.render(text, "plan.strides").split("\n")[1] == "  12x400 @6k"


def test_windows_line_ends_count_as_one() -> None:
    text = "5k = 20:00\r\nTue:\r\n  wu 15min\r\n  12x400 @6k\r\n"
    assert rendered(text, {}).startswith("plan.strides:4:11: unknown race pace `6k`")
    assert rendered(text, {}).split("\n")[1:3] == ["    12x400 @6k", "            ^^"]


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"],
                         ids=["VT", "FF", "FS", "GS", "RS", "NEL", "LS", "PS"])
@pytest.mark.parametrize("where", ["comment", "name line comment", "group comment"])
def test_a_character_python_splits_lines_at_does_not_shift_the_line_shown(char: str, where: str) -> None:
    text = {"comment": f"# a{char}b\nwu 15min\n12x400 @6k",
            "name line comment": f"Tue:  # a{char}b\n  wu 15min\n  12x400 @6k",
            "group comment": f"3x(400,  # a{char}b\n 200)\n12x400 @6k"}[where]
    error = mistake(text)
    shown = error.render(text, "plan.strides").split("\n")
    assert error.span is not None and error.span.line == 3
    assert shown[1].strip() == "12x400 @6k" and shown[2].strip() == "^^"


def test_the_caller_may_render_with_the_text_as_read() -> None:
    raw = "A:\r\n  400 @5k\r  400 @6k\r\n"
    error = mistake(raw)
    assert error.render(raw) == error.render(raw.replace("\r\n", "\n").replace("\r", "\n"))
    assert error.render(raw).split("\n")[1] == "    400 @6k"


def test_a_setting_mistake_in_a_windows_file_points_at_its_value(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "plan.strides"
    path.write_bytes(b"5k = 19\r\n\r\nTue:\r\n  400 @5k\r\n")
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:1:6: `19` is not a race time")
    assert err.split("\n")[1:3] == ["  5k = 19", "       ^^"]


# ---- messages shown safely --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "escape"), [
    ("wu 15min \u202e", "\\u202e"), ("wu 15min\x00", "\\x00"), ("400 \u200b", "\\u200b"),
    ("400 \x1b[31m", "\\x1b"), ("400 \udc80", "\\udc80"), ("400 \u2066x", "\\u2066"),
])
def test_unsafe_characters_are_shown_escaped(text: str, escape: str) -> None:
    shown = rendered(text)
    assert escape in shown
    assert all(not unsafe(char) for char in shown if char != "\n")


def test_a_message_is_one_line_whatever_it_quotes() -> None:
    error = StridesError("unknown setting `a\nb\u2028c`", Span(1, 1, 0, 1), "did you mean `x\ny`?\nsee the README")
    lines = error.render("a", "my\nfile").split("\n")
    assert lines[0] == "my\\nfile:1:1: unknown setting `a\\nb\\u2028c`"
    assert lines[3:] == ["  did you mean `x\\ny`?", "see the README"]


def test_a_warning_is_labelled_after_the_place_whatever_the_file_name() -> None:
    warning = StridesWarning("long", Span(1, 1, 0, 1))
    assert warning.render("400", "a: b.strides").split("\n")[0] == "a: b.strides:1:1: warning: long"


def test_a_long_line_is_shown_cut_around_the_caret() -> None:
    text = "400 @5k; " * 50 + "400 @6k" + "; 200 @mile" * 50
    lines = rendered(text).split("\n")
    assert lines[1].startswith("  …") and lines[1].endswith("…")
    assert len(lines[1]) <= errors.SHOWN_COLUMNS + 4
    caret = lines[2].index("^")
    assert lines[1][caret : caret + 2] == "6k" and lines[2].count("^") == 2


def test_the_caret_stands_under_the_mistake_after_wide_and_escaped_characters() -> None:
    for text in ["# 中文\u202e\n中文 400 @6k", "\t\t400 @6k # \u200b", '"注意" 400 @6k']:
        assert_points_into(mistake(text), text)


def test_rendering_mistakes_splits_the_source_once() -> None:
    text = "".join(f"W{n}: 400 @6k\n" for n in range(2_000))
    found = compile_each(text).mistakes
    before = errors._lines.cache_info().misses
    for error in found:
        error.render(text, "plan.strides")
    assert errors._lines.cache_info().misses - before <= 1
    assert len(found) == 2_000


# ---- nesting ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ['400 "' + "(" * 20 + '"', "# " + "(" * 20 + "\n400", "Tue " + "(" * 20 + ":\n 400",
                                  "3x(400 " + '"((((((((((" ' + "r1min)"])
def test_parentheses_in_notes_comments_and_names_do_not_nest(text: str) -> None:
    assert compile_text(text, S20)


def test_nesting_is_counted_on_group_parentheses() -> None:
    text = '400 "((", ' + "(" * 9 + "400" + ")" * 9
    error = mistake(text)
    assert "nested deeper than 8 levels" in error.message
    assert error.span is not None and error.span.column == len('400 "((", ') + 9


def test_an_unclosed_group_is_found_among_parentheses_in_notes() -> None:
    error = mistake('3x(400 "(" @5k')
    assert error.message == "this `(` is never closed"
    assert error.span is not None and error.span.column == 3


# ---- limits, checked where crossed ------------------------------------------------------------------------------
def test_a_workout_of_too_many_steps_is_refused_where_the_limit_is_crossed() -> None:
    error = mistake("1\n" * 400_000)
    assert "more than 10,000 steps and modifiers" in error.message
    assert error.span is not None and error.span.line == limits.MAX_ENTRIES + 1


def test_too_many_workouts_are_refused_at_the_first_one_past_the_limit() -> None:
    error = mistake("W: 400\n" * 100_000)
    assert f"more than {limits.MAX_WORKOUTS:,} workouts" in error.message
    assert error.span is not None and error.span.line == limits.MAX_WORKOUTS + 1


def test_too_many_words_are_refused_at_the_first_one_past_the_limit() -> None:
    error = mistake("1" + " wu" * 300_000)  # the n-th word from the second on starts at column 3n - 3
    assert f"more than {limits.MAX_WORDS:,} words" in error.message
    assert error.span is not None and error.span.column == 3 * (limits.MAX_WORDS + 1) - 3


def test_the_limits_are_documented() -> None:
    language = (EXAMPLES.parent / "docs" / "language.md").read_text(encoding="utf-8")
    for number in (limits.MAX_SOURCE_BYTES, limits.MAX_NESTING, limits.MAX_WORKOUTS, limits.MAX_ENTRIES,
                   limits.MAX_WORDS):
        assert f"{number:,}" in language


# ---- names and notes that reach a card, page or watch -----------------------------------------------------------
@pytest.mark.parametrize(("text", "what", "column"), [
    ('400 "on\u202e grass"', "a note", 8), ('400 "x\x00"', "a note", 7), ("Tue\u200b:\n400", "a workout name", 4),
    ('400 "\u2028"', "a note", 6), ("Tu\x1be:\n400", "a workout name", 3),
])
def test_invisible_characters_in_names_and_notes_are_refused(text: str, what: str, column: int) -> None:
    error = mistake(text)
    assert error.message.startswith(f"{what} holds `\\")
    assert error.span is not None and error.span.column == column


def test_joiners_inside_words_and_emoji_are_kept_and_tabs_read_as_spaces() -> None:
    (workout,) = compile_text('Tue\tRun:\n  400 "🏃\u200d♀️\tfast"', S20)
    assert workout.name == "Tue Run"
    assert workout.timeline[0].note == "🏃\u200d♀️ fast"


def test_a_name_from_a_file_name_leaves_invisible_characters_out() -> None:
    (workout,) = compile_each("400", filename="tue\u202e-400.strides").results
    assert not isinstance(workout, StridesError) and workout.name == "tue 400"
