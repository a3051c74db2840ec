"""Highlighting: the Pygments lexer (found by its entry point) and the VS Code extension's TextMate grammar (read
by VS Code's own engine, vscode-textmate with Oniguruma, in node) each read every example, seed workout and
spelling of docs/language.md and the README's tour whole, with no error and no character left unrecognised, and
give each pace, amount, note, name and section label its own kind."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
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


def examples_of(path: Path, section: str | None = None) -> list[str]:
    """Every spelling written in backticks in the tables of a page (or of one of its sections)."""
    text = path.read_text(encoding="utf-8")
    if section is not None:
        text = text.split(section, 1)[1].split("\n## ", 1)[0]
    return [example for line in text.split("\n") if line.startswith("|") for example in re.findall(r"`([^`]+)`", line)]


TOUR = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## A tour of the language", 1)[1]
EXAMPLES_OF_THE_DOCS = [(f"docs: {example}", example) for example in [
    *examples_of(ROOT / "docs" / "language.md"), *examples_of(ROOT / "README.md", "## A tour of the language"),
    *re.findall(r"```\n(.*?)```", TOUR, re.S)[:1]]]

# What each spelling the language reads is highlighted as: (a line, a part of it, what the part is).
EXPECTED = [
    ('10x45" hard r45"', '45"', "amount"), ('10x45" hard r45"', "hard", "effort"),
    ("8x2' r1'", "2'", "amount"), ("1'30\"", "1'30\"", "amount"),
    ("2 E + 6 x 1 k I w/ 3-min jg + 2 E", "1 k", "amount"), ("2 E + 6 x 1 k I w/ 3-min jg + 2 E", "3-min", "amount"),
    ("2 E + 6 x 1 k I w/ 3-min jg + 2 E", "E", "daniels"), ("2 E + 6 x 1 k I w/ 3-min jg + 2 E", "I", "daniels"),
    ("2 E + 6 x 1 k I w/ 3-min jg + 2 E", "+", "punctuation"),
    ("300-600-900-600-300 @5k", "300-600-900-600-300", "amount"), ("200-400-600m", "200-400-600m", "amount"),
    ("2 hrs; 90 mins; 3 kms; 800 metres", "2 hrs", "amount"),
    ("2 hrs; 90 mins; 3 kms; 800 metres", "800 metres", "amount"),
    ("@ half marathon pace", "half marathon pace", "pace"), ("at 5k pace", "5k pace", "pace"),
    ("@10k to hm", "10k to hm", "pace"), ("@3k-5k pace", "3k-5k pace", "pace"),
    ("@7:15 per mile", "7:15 per mile", "pace"),
    ("12x400 @5k - 3s r35s", "5k - 3s", "pace"), ("3x1mi @mp + 20s/mi", "mp + 20s/mi", "pace"),
    ("12x400 @5k-3s r35s", "5k-3s", "pace"), ("@10k..5k", "10k..5k", "pace"),
    ('12mi easy; last 3mi @hm "finish strong"', '"finish strong"', "note"), ("6x20s “on grass”", "“on grass”", "note"),
    ("Tue track: wu 15min", "Tue track:", "name"), ("Warm-up: 15 min easy", "Warm-up:", "section"),
    ("Main set:", "Main set:", "section"), ("Cool-down:", "Cool-down:", "section"),
]
TEXTMATE = {"amount": "constant.numeric.amount.strides", "pace": "constant.other.pace.strides",
            "daniels": "constant.other.pace.strides", "note": "string.quoted.double.strides",
            "name": "entity.name.function.workout.strides", "section": "keyword.other.section.strides",
            "punctuation": "punctuation.separator.strides", "effort": "constant.language.effort.strides"}


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


def test_every_example_of_the_docs_lexes_without_an_error_token() -> None:
    from pygments.token import Error

    for _, example in EXAMPLES_OF_THE_DOCS:
        assert [value for kind, value in lexer().get_tokens(example) if kind in Error] == [], example


def pygments_kinds() -> dict[str, Any]:
    from pygments.token import Keyword, Name, Number, Punctuation, String

    return {"amount": Number, "daniels": Name.Constant, "note": String, "name": Name.Function, "section": Name.Label,
            "punctuation": Punctuation, "effort": Keyword.Constant}


@pytest.mark.parametrize(("line", "part", "kind"), EXPECTED, ids=[f"{kind}: {part}" for _, part, kind in EXPECTED])
def test_the_lexer_reads_every_spelling_as_what_it_is(line: str, part: str, kind: str) -> None:
    from pygments.token import Keyword, Name, Number, Operator, Whitespace

    at, tokens, found = line.index(part), [], 0
    for token, value in lexer().get_tokens(line):
        if found < at + len(part) and found + len(value) > at:
            tokens.append((token, value))
        found += len(value)
    if kind == "pace":  # a pace's name or number, and the words and signs that go with it (`pace`, `to`, `-3s`)
        assert {token for token, _ in tokens} <= {Name.Constant, Number, Keyword, Operator, Operator.Word, Whitespace}
        assert "".join(value for _, value in tokens) == part
    else:
        assert tokens == [(pygments_kinds()[kind], part)]


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


# ---- the TextMate grammar of the VS Code extension, read by VS Code's own engine --------------------------------
MODULES = VSCODE / "node_modules"


class Grammar:
    """The grammar read by vscode-textmate with Oniguruma's regular expressions, in node, as VS Code reads it."""

    def __init__(self, path: Path) -> None:
        if shutil.which("node") is None:
            pytest.skip("node is not installed (apt-get install nodejs npm)")
        if not (MODULES / "vscode-textmate").is_dir() or not (MODULES / "vscode-oniguruma").is_dir():
            pytest.skip("the TextMate engine is not installed (npm install in editors/vscode)")
        self.path = path

    def scopes(self, lines: list[str]) -> list[list[tuple[int, int, list[str]]]]:
        """For each line, (start, end, scopes) of each of its tokens, the innermost scope last."""
        done = subprocess.run(["node", str(ROOT / "tests" / "helpers" / "textmate_tokens.js"), str(self.path),
                               str(MODULES)], input=json.dumps(lines), capture_output=True, text=True, timeout=120,
                              check=False)
        assert done.returncode == 0, done.stderr
        return [[(start, end, scopes) for start, end, scopes in line] for line in json.loads(done.stdout)]

    def scope_of(self, line: str, part: str) -> set[str]:
        """The innermost scopes the characters of `part` (its first place in `line`) are given."""
        at = line.index(part)
        [tokens] = self.scopes([line])
        return {scopes[-1] for start, end, scopes in tokens for _ in range(max(start, at), min(end, at + len(part)))}


@pytest.fixture(scope="module")
def grammar() -> Grammar:
    return Grammar(VSCODE / "syntaxes" / "strides.tmLanguage.json")


def test_the_textmate_grammar_reads_every_workout_and_example_without_gaps(grammar: Grammar) -> None:
    lines = [line for _, text in [*CORPUS, *EXAMPLES_OF_THE_DOCS] for line in text.split("\n")]
    for line, tokens in zip(lines, grammar.scopes(lines), strict=True):
        for start, end, scopes in tokens:
            assert not [scope for scope in scopes if scope.startswith("invalid")], line
            text = line[start:end]
            assert not text.strip() or len(scopes) > 1, f"{line!r}: nothing reads {text.strip()!r}"


@pytest.mark.parametrize(("line", "part", "kind"), EXPECTED, ids=[f"{kind}: {part}" for _, part, kind in EXPECTED])
def test_the_textmate_grammar_scopes_every_spelling(grammar: Grammar, line: str, part: str, kind: str) -> None:
    assert grammar.scope_of(line, part) == {TEXTMATE[kind]}


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
