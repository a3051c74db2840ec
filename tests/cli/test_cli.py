"""The command line, through the installed console script and in-process."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lark import Lark

from strides.cli import output
from strides.cli.main import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.strides"))
TWELVE = "wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"


def strides(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = shutil.which("strides") or sys.executable
    prefix = [] if command.endswith("strides") else ["-m", "strides"]
    return subprocess.run([command, *prefix, *args], input=stdin, capture_output=True, text=True, timeout=60)


def test_console_script_compiles_the_canonical_example() -> None:
    done = strides("compile", "-e", TWELVE, "--set", "5k=19:00", "--format", "json")
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)["workouts"][0]["timeline"]
    assert len(steps) == 25 and steps[1]["split"] == pytest.approx(88.2)


def test_python_dash_m_works() -> None:
    done = subprocess.run([sys.executable, "-m", "strides", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "examples:" in done.stdout


def test_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == EXIT_OK
    assert "strides compile -e" in capsys.readouterr().out


def test_usage_mistakes_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", "--format", "docx", "-e", "400"]) == EXIT_USAGE
    assert main(["compile"]) == EXIT_USAGE
    assert main(["compile", "-e", "400", "--set", "5k"]) == EXIT_USAGE
    assert "--set takes KEY=VALUE" in capsys.readouterr().err


def test_input_mistakes_exit_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", "-e", "12x400 @6k", "--set", "5k=19:00"]) == EXIT_INPUT
    assert "unknown race pace" in capsys.readouterr().err
    assert main(["compile", "no/such/file.strides"]) == EXIT_INPUT  # a missing file is a mistake in the input
    assert capsys.readouterr().err == "strides: cannot read no/such/file.strides: there is no such file\n"


def test_standard_input_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    done = strides("compile", "-", "-o", str(out), "--set", "5k=19:00", stdin=TWELVE)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(out.read_text())["workouts"][0]["timeline"]) == 25
    assert not [p for p in tmp_path.iterdir() if p.name != "out.json"]  # no temporary file left behind


def test_nothing_is_written_when_the_input_is_wrong(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert main(["compile", "-e", "12x400 @6k", "--set", "5k=19:00", "-o", str(out)]) == EXIT_INPUT
    assert not out.exists()


def test_check_reports_each_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = tmp_path / "good.strides", tmp_path / "bad.strides"
    good.write_text("5k = 19:00\n12x400 @5k r1min\n")
    bad.write_text("5k = 19:00\n\n12x400 @5k r35\n")
    assert main(["check", str(good), str(bad)]) == EXIT_INPUT
    captured = capsys.readouterr()
    assert "good.strides: 1 workout ok" in captured.out
    assert f"{bad}:3:12: `r35` has no unit" in captured.err


def test_profile_file_and_set_together(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "me.profile"
    profile.write_text("5k = 20:00\nmaxhr = 190\n")
    assert main(["compile", "-e", "400 @5k; 20min @z2", "--profile", str(profile), "--set", "5k=19:00"]) == 0
    steps = json.loads(capsys.readouterr().out)["workouts"][0]["timeline"]
    assert steps[0]["target"]["exact"] == pytest.approx(228) and steps[1]["target"]["hr"] == [114, 133]


def test_a_mistake_in_a_profile_file_points_into_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "me.profile"
    profile.write_text("5k = 19\n")
    assert main(["compile", "-e", "400 @5k", "--profile", str(profile)]) == EXIT_INPUT
    assert f"{profile}:1:6: " in capsys.readouterr().err


def test_explain_reads_like_a_coach(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "-e", TWELVE, "--set", "5k=19:00"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "12 × 400 m in 1:28 (5k pace −3 s/lap, 3:40/km), 35 s between reps; the last one all-out" in out


def test_paces_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paces", "--set", "5k=19:00"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "VDOT 52.9" in out and "4:04/km" in out and "1:29.8/400m" in out
    assert main(["paces"]) == EXIT_USAGE


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_compiles(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(example)]) == EXIT_OK, capsys.readouterr().err


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 5


def test_grammar_has_no_conflicts() -> None:
    grammar = (ROOT / "grammar" / "strides.lark").read_text()
    Lark(grammar, parser="lalr", strict=True)  # raises on any shift/reduce or terminal collision


def test_implausible_values_warn_but_still_compile(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", "-e", "12x400 @2:50/km", "--set", "5k=19:00"]) == EXIT_OK
    captured = capsys.readouterr()
    assert "<text>:1:9: warning: @2:50/km works out at 2:50/km, well faster than your mile race pace" in captured.err
    assert json.loads(captured.out)["workouts"][0]["timeline"]


def test_one_bad_workout_stops_the_file_unless_keep_going(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.strides"
    plan.write_text("5k = 19:00\nGood: 5x1k @5k r2min\nBad: 12x400 @zz\nAlso good: 20min @T\n")
    out = tmp_path / "fit"
    assert main(["compile", str(plan), "--format", "fit", "-o", f"{out}/"]) == EXIT_INPUT
    assert not out.exists()
    assert main(["compile", str(plan), "--format", "fit", "-o", f"{out}/", "--keep-going"]) == EXIT_INPUT
    assert sorted(p.name for p in out.iterdir()) == ["also-good.fit", "good.fit"]
    assert f"{plan}:3:14: unknown race pace `zz`" in capsys.readouterr().err


def test_check_reports_every_bad_workout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.strides"
    plan.write_text("5k = 19:00\nA: 12x400 @zz\nB: 12x400 @5k r35\n")
    assert main(["check", str(plan)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert ":2:12: unknown race pace" in err and ":3:15: `r35` has no unit" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only_and_clears_its_line() -> None:
    terminal, pipe = _Terminal(), io.StringIO()
    assert list(output.progress(range(200), 200, "compiling fit", terminal)) == list(range(200))
    assert terminal.getvalue().startswith("\rcompiling fit 0/200") and terminal.getvalue().endswith("\r\x1b[K")
    assert list(output.progress(range(200), 200, "compiling fit", pipe)) == list(range(200))
    assert pipe.getvalue() == ""
    few = _Terminal()
    list(output.progress(range(3), 3, "compiling fit", few))
    assert few.getvalue() == "", "a few items are done before anyone looks"


def test_many_files_are_summed_up_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.strides"
    plan.write_text("".join(f"Day {k}:\n  {k}x400 @5k r1min\n" for k in range(1, 31)), encoding="utf-8")
    assert main(["compile", str(plan), "--format", "fit", "-o", f"{tmp_path}/out/", "--set", "5k=20:00"]) == EXIT_OK
    assert len(list((tmp_path / "out").glob("*.fit"))) == 30
    assert capsys.readouterr().err.strip() == f"wrote 30 .fit files into {tmp_path}/out"


def _choices(command: str, option: str) -> list[str]:
    from strides.cli.main import build_parser

    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command")
    sub = subcommands.choices[command]  # type: ignore[index]
    return list(next(a for a in sub._actions if option in a.option_strings).choices)


def test_format_choices_are_the_backend_registry() -> None:
    from strides.backends import BACKENDS, get_backend

    assert _choices("compile", "--format") == sorted(BACKENDS)
    assert all(get_backend(name).name == name for name in BACKENDS)


def test_card_choices_are_the_pdf_layouts() -> None:
    from strides.backends import CARD_LAYOUTS
    from strides.backends.cards.pdf import LAYOUTS

    assert _choices("compile", "--card") == [*CARD_LAYOUTS, "squad"] and list(CARD_LAYOUTS) == list(LAYOUTS)
