"""The command line's registries: every verb and every destination named resolves, each verb's help works,
and a command imports only what it uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from strides.cli.main import COMMANDS, EXIT_OK, build_parser, handler, main, verb
from strides.delivery import DESTINATIONS, destination


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_verb_resolves_to_a_module_with_its_help_options_and_run(name: str) -> None:
    module = verb(name)
    assert callable(handler(name)) and callable(module.define)
    assert isinstance(module.HELP, str) and module.HELP


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_verb_answers_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([name, "--help"]) == EXIT_OK
    assert capsys.readouterr().out.startswith(f"usage: strides {name} ")


def test_the_help_lists_every_verb_with_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == EXIT_OK
    listing = " ".join(capsys.readouterr().out.split())
    assert all(f" {name} {verb(name).HELP}" in listing for name in COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_verb_is_read_the_same_with_only_its_options_defined(name: str) -> None:
    words = [name, "--help"]
    whole, alone = build_parser(), build_parser(only=name)
    assert whole.format_usage() == alone.format_usage()
    sub = [a for a in whole._actions if a.dest == "command"][0].choices[name]  # type: ignore[index]
    own = [a for a in alone._actions if a.dest == "command"][0].choices[name]  # type: ignore[index]
    assert sub.format_help() == own.format_help(), words


@pytest.mark.parametrize("name", list(DESTINATIONS))
def test_every_destination_resolves_under_its_name(name: str) -> None:
    found = destination(name)
    assert found.name == name and callable(found.check) and callable(found.push)


def test_push_offers_every_destination() -> None:
    parser = build_parser(only="push")
    push = [a for a in parser._actions if a.dest == "command"][0].choices["push"]  # type: ignore[index]
    assert list(next(a for a in push._actions if "--to" in a.option_strings).choices) == list(DESTINATIONS)


def _loaded(*words: str) -> set[str]:
    program = ("import sys\nfrom strides.cli.main import main\nmain(sys.argv[1:])\n"
               "print('\\n'.join(m for m in sys.modules if m.startswith('strides')))")
    done = subprocess.run([sys.executable, "-c", program, *words], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_a_command_imports_only_what_it_uses(tmp_path: Path) -> None:
    fit = _loaded("compile", "-e", "wu 15min; 6x400 @5k r1min", "--set", "5k=19:00", "--format", "fit", "-o",
                  str(tmp_path / "one.fit"))
    assert "strides.backends.fit" in fit
    parts = {m.split(".")[1] for m in fit if "." in m}
    assert not parts & {"delivery", "editor", "importers", "review", "assistant", "squad"}
    assert {m for m in fit if m.startswith("strides.cli.")} == {f"strides.cli.{name}" for name in (
        "main", "exits", "options", "output", "shared", "parallel", "compile", "squad")}  # squad: its options
    fmt = _loaded("fmt", "-e", "wu 15min")
    assert "strides.language.fmt" in fmt
    assert not {m for m in fmt if m.startswith(("strides.backends", "strides.cli.compile", "strides.meaning.resolve"))}
