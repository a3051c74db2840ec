"""What strides ships built ahead of time is what its sources give (`python -m strides.ahead --check`)."""

from __future__ import annotations

import subprocess
import sys

import jinja2
import lark
import pytest

from strides import ahead
from strides.backends import templates_ahead
from strides.grammar import parse_tables

# Another Lark numbers the states otherwise, another Jinja writes other code (the dependency floors): what they
# would make differs from what is shipped, and the shipped parts are then made in memory at run time instead.
MADE_BY_ANOTHER = {
    "parse tables": None if parse_tables.LARK_VERSION == lark.__version__
    else f"the tables were written by Lark {parse_tables.LARK_VERSION}",
    "templates": None if templates_ahead.made_by() == f"jinja2 {jinja2.__version__}"
    else f"the templates were compiled by {templates_ahead.made_by()}",
}


@pytest.mark.parametrize("part", list(ahead.MADE_AHEAD))
def test_each_part_made_ahead_is_current(part: str) -> None:
    if MADE_BY_ANOTHER.get(part):
        pytest.skip(MADE_BY_ANOTHER[part])
    assert ahead.out_of_date([part]) == [], "run python -m strides.ahead"


def test_the_check_from_the_command_line() -> None:
    if any(MADE_BY_ANOTHER.values()):
        pytest.skip("; ".join(reason for reason in MADE_BY_ANOTHER.values() if reason))
    done = subprocess.run([sys.executable, "-m", "strides.ahead", "--check"], capture_output=True, text=True,
                          timeout=300)
    assert (done.returncode, done.stderr) == (0, "")


def test_a_stale_part_is_named_and_the_check_fails(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
                                                   ) -> None:
    monkeypatch.setattr(ahead, "out_of_date", lambda: ["the compiled templates of card"])
    assert ahead.main(["--check"]) == 1
    assert "out of date: the compiled templates of card" in capsys.readouterr().err


def test_an_unknown_option_is_a_usage_mistake(capsys: pytest.CaptureFixture[str]) -> None:
    assert ahead.main(["--chek"]) == 2
