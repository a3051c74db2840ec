"""`--roster` on compile, explain and push: the squad sheet, a folder per athlete, JSON per athlete, mistakes
at their place, all or nothing, and a push to each athlete's own intervals.icu account."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeservices import Intervals, serving
from fitwalk import executed
from squad_roster import TWELVE

from strides.cli.main import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main

WEEK = "Tue track: wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min\nThu tempo: 3x1mi @T r1min\n"


@pytest.fixture
def squad(tmp_path: Path) -> Path:
    (tmp_path / "week.strides").write_text(WEEK, encoding="utf-8")
    (tmp_path / "squad.roster").write_text(TWELVE, encoding="utf-8")
    return tmp_path


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def test_the_text_sheet_has_every_athlete(squad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("compile", squad / "week.strides", "--roster", squad / "squad.roster", "-f", "card") == EXIT_OK
    out = capsys.readouterr().out
    assert sum(line.startswith("Alice ") for line in out.splitlines()) == 2
    assert "Tue track" in out and "Thu tempo" in out and "Track (" in out


def test_athletes_and_groups_are_chosen(squad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = squad / "squad.roster"
    assert run("compile", squad / "week.strides", "--roster", roster, "-f", "json", "--athlete", "alice,Gita") == 0
    assert [a["name"] for a in json.loads(capsys.readouterr().out)["athletes"]] == ["Alice", "Gita"]
    assert run("compile", squad / "week.strides", "--roster", roster, "-f", "json", "--group", "road") == 0
    assert len(json.loads(capsys.readouterr().out)["athletes"]) == 6
    assert run("compile", squad / "week.strides", "--roster", roster, "--athlete", "Zed") == EXIT_USAGE
    assert "no athlete `Zed`" in capsys.readouterr().err


def test_squad_options_need_a_roster(squad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("compile", squad / "week.strides", "--groups", "2") == EXIT_USAGE
    assert run("compile", squad / "week.strides", "-f", "pdf", "--card", "squad", "-o", squad / "x.pdf") == EXIT_USAGE
    assert "--card squad needs a squad: --roster FILE" in capsys.readouterr().err


def test_a_folder_per_athlete(squad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = squad / "out"
    assert run("compile", squad / "week.strides", "--roster", squad / "squad.roster", "-f", "fit", "-o",
               f"{out}/") == EXIT_OK
    assert sorted(p.name for p in out.iterdir())[:3] == ["alice", "ben", "chloe"]
    assert sorted(p.name for p in (out / "alice").iterdir()) == ["thu-tempo.fit", "tue-track.fit"]
    alice = [s for s in executed((out / "alice" / "tue-track.fit").read_bytes()) if (s.name or "").startswith("400")]
    gita = [s for s in executed((out / "gita" / "tue-track.fit").read_bytes()) if (s.name or "").startswith("400")]
    assert len(alice) == len(gita) == 11 and alice[0].name != gita[0].name  # each at their own split


def test_a_roster_mistake_is_at_its_line_and_column(squad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (squad / "bad.roster").write_text("Alice: 5k = 19:00\nBen: 5k = 19:0o, maxhrr = 180\n", encoding="utf-8")
    assert run("compile", squad / "week.strides", "--roster", squad / "bad.roster", "-f", "card") == EXIT_INPUT
    err = capsys.readouterr().err
    assert f"{squad / 'bad.roster'}:2:11: `19:0o` is not a race time" in err


def test_an_athlete_without_the_race_is_named_and_nothing_is_written(squad: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (squad / "mixed.roster").write_text("Alice: 5k = 19:00\nHal: maxhr = 190\n", encoding="utf-8")
    sheet = squad / "sheet.pdf"
    args = ["compile", squad / "week.strides", "--roster", squad / "mixed.roster", "-f", "pdf", "--card", "squad",
            "-o", sheet]
    assert run(*args) == EXIT_INPUT
    assert "Hal: `@5k` needs a 5k time" in capsys.readouterr().err and not sheet.exists()
    assert run(*args, "--keep-going") == EXIT_INPUT
    assert sheet.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(sheet).pages)
    assert "Alice" in text and "not on this sheet (their profile cannot pace it): Hal" in text


def test_explain_says_each_athletes_paces(squad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("explain", squad / "week.strides", "--roster", squad / "squad.roster", "--athlete", "Ben") == 0
    out = capsys.readouterr().out
    assert out.startswith("── Ben ──") and "/mi" in out


@pytest.fixture
def account(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Intervals]:
    """Alice's intervals.icu account on 127.0.0.1, and no credentials in the environment."""
    for name in list(os.environ):
        if name.startswith("STRIDES_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    alice = Intervals("i1", "KEYALICE1")
    with serving(alice) as url:
        monkeypatch.setenv("STRIDES_INTERVALS_URL", url)
        yield alice


def test_push_needs_an_account_for_each_athlete(squad: Path, account: Intervals,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (squad / "two.roster").write_text("Alice: 5k = 19:00, intervals = i1:KEYALICE1\nBen: 5k = 20:00\n",
                                      encoding="utf-8")
    assert run("push", squad / "week.strides", "--roster", squad / "two.roster", "--to", "intervals") == EXIT_INPUT
    said = capsys.readouterr()
    assert "one account per athlete; Ben has none" in said.err and "KEYALICE1" not in said.err + said.out
    assert not account.seen


def test_push_puts_each_athletes_workouts_on_their_own_calendar(
        squad: Path, account: Intervals, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (squad / "one.roster").write_text("Alice: 5k = 19:00, intervals = i1:KEYALICE1\n", encoding="utf-8")
    assert run("push", squad / "week.strides", "--roster", squad / "one.roster", "--to", "intervals",
               "--week-of", "2026-12-07") == EXIT_OK
    said = capsys.readouterr()
    assert "KEYALICE1" not in said.out + said.err and "── Alice ──" in said.out
    assert {e["name"] for e in account.events.values()} == {"Tue track", "Thu tempo"}
    (squad / "env.roster").write_text("Alice: 5k = 19:00, intervals = i1\n", encoding="utf-8")
    monkeypatch.setenv("STRIDES_INTERVALS_API_KEY_I1", "KEYALICE1")
    assert run("push", squad / "week.strides", "--roster", squad / "env.roster", "--to", "intervals",
               "--week-of", "2026-12-07", "--dry-run") == EXIT_OK
    assert "KEYALICE1" not in capsys.readouterr().out
