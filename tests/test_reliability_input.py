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

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput
from seeds import S20, SEEDS
from test_fuzz import WORDS

import strides.compile
from strides.ast import Setting
from strides.compile import compile_each, compile_text
from strides.errors import StridesError
from strides.fmt import format_source
from strides.grammar import build, loader, parse_tables
from strides.parse import build_parser, parse, parser
from strides.profile import runner_from

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


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


def test_the_shipped_tables_are_those_of_the_grammar() -> None:
    assert parse_tables.GRAMMAR_DIGEST == build.digest(build.grammar_text())
    assert parse_tables.LARK_VERSION == __import__("lark").__version__
    table = Path(parse_tables.__file__).read_text(encoding="utf-8")
    assert table == build.tables_source(), "grammar/parse_tables.py is stale: run python -m strides.grammar.build"


def test_the_build_checks_the_tables_from_the_command_line() -> None:
    done = subprocess.run([sys.executable, "-m", "strides.grammar.build", "--check"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_the_tables_are_written_the_same_whatever_the_hash_seed() -> None:
    outputs = {subprocess.run([sys.executable, "-m", "strides.grammar.build", "--print"], capture_output=True,
                              text=True, timeout=300, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(outputs) == 1


def positions(node: Any) -> Any:
    """A parse tree with every position in it, or the parse error, for comparing two parsers."""
    if isinstance(node, Tree):
        meta = node.meta
        where = None if meta.empty else (meta.line, meta.column, meta.start_pos, meta.end_line, meta.end_column,
                                         meta.end_pos)
        return node.data, where, [positions(child) for child in node.children]
    if isinstance(node, Token):
        return node.type, str(node), node.line, node.column, node.start_pos, node.end_line, node.end_column, \
            node.end_pos
    return node


def parsed(using: Lark, text: str) -> Any:
    try:
        return positions(using.parse(text))
    except UnexpectedInput as error:
        return type(error).__name__, getattr(error, "pos_in_stream", None), \
            sorted(getattr(error, "expected", None) or getattr(error, "allowed", None) or [])


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
    return texts


def test_the_shipped_parser_reads_everything_as_lark_builds_it(lark_built: Lark) -> None:
    shipped = parser()
    for text in corpus():
        assert parsed(shipped, text) == parsed(lark_built, text), repr(text)


def test_stale_tables_are_not_used(monkeypatch: pytest.MonkeyPatch, lark_built: Lark) -> None:
    monkeypatch.setattr(parse_tables, "GRAMMAR_DIGEST", "from another grammar")
    assert loader.shipped_tables() is None
    rebuilt = loader.load_parser()
    text = "Tue:\n  wu 15min; 3x(400 @5k r1:1, 200 @mile) r2min; last all-out # done"
    assert parsed(rebuilt, text) == parsed(lark_built, text)


def test_lexer_callbacks_see_the_tokens_of_their_terminal() -> None:
    seen: list[str] = []

    def comment(token: Token) -> Token:
        seen.append(str(token))
        return token

    build_parser(lexer_callbacks={"COMMENT": comment}).parse('400 "# not this" # this one\n200')
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

    monkeypatch.setattr(strides.compile, "runner_from", counting)
    results = compile_each(plan_with_a_setting_before_each_workout(300))
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
    results = compile_each(text, profile=profile)
    for source, result in zip(parse(text), results, strict=True):
        try:
            expected: Any = runner_from([*source.settings, *profile]).summary()
        except StridesError as error:
            expected = error.render(text)
        got = result.render(text) if isinstance(result, StridesError) else result.profile
        assert got == expected
