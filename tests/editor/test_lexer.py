"""Highlighting: the Pygments lexer (found by its entry point) and the VS Code extension's TextMate grammar each
read every example and seed workout whole, with no character left unrecognised."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from seeds import SEEDS

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.strides"))
VSCODE = ROOT / "editors" / "vscode"
# Every construct of docs/language.md, in one file, beside the examples and the seeds.
EVERY_CONSTRUCT = """\
# comment
5K = 19:00
half marathon = 1:30:00
max_hr = 190
units = mi
Tue track: wu 15 min easy; 12 X 400 @ 5k - 3s r 35 s; Last All Out; cd 10min
Thu:
  warm up 2mi; 3x(1mi @T r1min) r3min; (1600 @10k, 1200 @5k, 800 @3k) r2min
  200/400/600/400/200 @5k r200 jog; 2x200/400 r200
  6x1min hill hard jog back; 4x15s hill sprint walk back; 8x150 all-out r full; 4x400 r1:1
  10x1mi @T+90s/mi; each -10s/mi
  12mi easy; last 3mi @hm "finish strong"; reps 12,16 all-out; last 2 @5k-5s
  @3:48/km @7:00/mi @1:28/400m @3:40-3:45/km @88s @10k..5k @z2 @140-150bpm @rpe7 @5k pace
  (1min @5k + 1min jog); @mp + 20s/mi; 4-6x400 @mile; 15-20min; 90–120s; open; lap; 2 laps; 1h15 “on grass”
"""


def corpus() -> list[tuple[str, str]]:
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in EXAMPLES]
    texts += [(seed_id, text) for seed_id, text, _ in SEEDS]
    return [*texts, ("every construct", EVERY_CONSTRUCT)]


CORPUS = corpus()
IDS = [name for name, _ in CORPUS]


# ---- Pygments ----------------------------------------------------------------------------------------------------
pygments = pytest.importorskip("pygments", reason="pygments is in the test extra")


def lexer() -> Any:
    from pygments.lexers import get_lexer_by_name

    return get_lexer_by_name("strides")


def test_the_lexer_is_registered_by_its_entry_point() -> None:
    found = [e for e in entry_points(group="pygments.lexers") if e.name == "strides"]
    assert [e.value for e in found] == ["strides.editor.pygments_lexer:StridesLexer"]
    assert type(lexer()).__name__ == "StridesLexer"


def test_the_lexer_is_found_by_file_name() -> None:
    from pygments.lexers import get_lexer_for_filename

    assert get_lexer_for_filename("week.strides").name == "strides"


@pytest.mark.parametrize(("name", "text"), CORPUS, ids=IDS)
def test_every_workout_lexes_without_an_error_token(name: str, text: str) -> None:
    from pygments.token import Error

    tokens = list(lexer().get_tokens(text))
    assert [(kind, value) for kind, value in tokens if kind in Error] == []
    assert "".join(value for _, value in tokens) == text if text.endswith("\n") else text + "\n"


def test_the_parts_of_a_workout_get_their_own_tokens() -> None:
    from pygments.token import Comment, Keyword, Name, Number, Operator, String

    tokens = [(kind, value) for kind, value in lexer().get_tokens(
        '5k = 19:00\nTue: 12x400 @5k-3s r35s "kick" # fast\nlast all-out') if value.strip()]
    assert (Name.Attribute, "5k") in tokens and (Number, "19:00") in tokens
    assert (Name.Function, "Tue:") in tokens
    assert [(Number, "12"), (Operator, "x"), (Number, "400")] == tokens[4:7]
    assert (Name.Constant, "5k") in tokens and (Number, "-3s") in tokens
    assert (Keyword.Reserved, "r") in tokens and (Number, "35s") in tokens
    assert (String, '"kick"') in tokens and (Comment.Single, "# fast") in tokens
    assert (Keyword.Reserved, "last") in tokens and (Keyword.Constant, "all-out") in tokens


def test_a_word_the_language_does_not_know_is_a_name_not_an_error() -> None:
    from pygments.token import Error, Name

    tokens = list(lexer().get_tokens("wu 15min eazy"))
    assert (Name, "eazy") in tokens
    assert not [kind for kind, _ in tokens if kind in Error]


def test_pygmentize_highlights_an_example() -> None:
    pygmentize = shutil.which("pygmentize", path=str(Path(sys.executable).parent))
    if pygmentize is None:
        pytest.skip("pygmentize is not installed beside this Python")
    result = subprocess.run([pygmentize, "-l", "strides", "-f", "html", str(ROOT / "examples" / "week.strides")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert '<span class="nf">Tue 12 x 400:</span>' in result.stdout
    assert 'class="err"' not in result.stdout


# ---- the TextMate grammar of the VS Code extension -----------------------------------------------------------------
class Grammar:
    """The grammar's rules, tried the way a TextMate engine tries them on each line: at each place the rule whose
    match starts first (the earliest in the list on a tie) takes the text. The grammar keeps to `match` rules and
    to the part of regular expressions that Oniguruma and Python read alike, so this is how VS Code reads it."""

    def __init__(self, path: Path) -> None:
        document = json.loads(path.read_text(encoding="utf-8"))
        self.scope = document["scopeName"]
        self.rules: list[tuple[str, re.Pattern[str], dict[str, Any]]] = []
        for include in document["patterns"]:
            name = include["include"].removeprefix("#")
            rule = document["repository"][name]
            assert set(rule) <= {"name", "match", "captures"}, f"{name}: only match rules are checked"
            self.rules.append((name, re.compile(rule["match"]), rule))

    def tokens(self, line: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, rule) of each token of a line; the text between tokens is left out."""
        position = 0
        while position < len(line):
            best: tuple[int, int, str] | None = None
            for name, pattern, _ in self.rules:
                match = pattern.search(line, position)
                if match and match.end() > match.start() and (best is None or match.start() < best[0]):
                    best = (match.start(), match.end(), name)
            if best is None:
                return
            yield best
            position = best[1]


@pytest.fixture(scope="module")
def grammar() -> Grammar:
    return Grammar(VSCODE / "syntaxes" / "strides.tmLanguage.json")


@pytest.mark.parametrize(("name", "text"), CORPUS, ids=IDS)
def test_the_textmate_grammar_reads_every_workout_without_gaps(grammar: Grammar, name: str, text: str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        covered = [False] * len(line)
        for start, end, _ in grammar.tokens(line):
            covered[start:end] = [True] * (end - start)
        left = "".join(char for char, done in zip(line, covered, strict=True) if not done)
        assert not left.strip(), f"line {number} {line!r}: nothing reads {left.strip()!r}"


def test_the_textmate_grammar_scopes_the_parts_of_a_workout(grammar: Grammar) -> None:
    line = 'Tue: 12x400 @5k-3s r35s "kick" # fast'
    found = {line[start:end]: rule for start, end, rule in grammar.tokens(line)}
    assert found == {"Tue:": "workout-name", "12x": "count", "400": "amount", "@5k-3s": "target", "r": "recovery",
                     "35s": "amount", '"kick"': "note", "# fast": "comment"}
    steps = "  last all-out; cd 10min"
    assert {steps[s:e]: rule for s, e, rule in grammar.tokens(steps)} == {
        "last": "modifier", "all-out": "effort", ";": "punctuation", "cd": "kind", "10min": "amount"}
    assert [rule for _, _, rule in grammar.tokens("maxhr = 190")] == ["setting"]


def test_the_extension_declares_the_language_its_grammar_and_its_configuration() -> None:
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    [language] = manifest["contributes"]["languages"]
    [grammar] = manifest["contributes"]["grammars"]
    assert language["id"] == grammar["language"] == "strides" and language["extensions"] == [".strides"]
    assert (VSCODE / grammar["path"]).is_file() and (VSCODE / language["configuration"]).is_file()
    assert json.loads((VSCODE / grammar["path"]).read_text(encoding="utf-8"))["scopeName"] == grammar["scopeName"]
    configuration = json.loads((VSCODE / language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"] == {"lineComment": "#"} and ["(", ")"] in configuration["brackets"]
    assert (VSCODE / manifest["main"]).is_file()
    assert "strides" in (VSCODE / manifest["main"]).read_text(encoding="utf-8")
