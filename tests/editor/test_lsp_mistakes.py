"""`strides lsp` while a workout has a mistake in it, which is always, while typing: what can be read is still
hovered (the steps before and after the mistake, the settings, the name), inlay hints stay, and formatting
writes the workouts that read and leaves the broken one as typed, saying so. Over a real LSP client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("pygls", reason="pygls is in the test extra (pip install -e '.[test]')")
from lsp_client import Client  # noqa: E402
from lsprotocol import types as lsp  # noqa: E402
from test_lsp import apply, hover_text, uri, where  # noqa: E402

GOOD = "5k = 19:00\n\nTue track:\n  wu 15min easy\n  12x400 @5k-3s r35s\n  last all-out\n  cd 10min easy\n"
MISTAKES = {  # the broken line, put in place of the 12x400, and its message
    "a unit left out": ("  12x400 @5k-3s r35\n  last all-out\n", "`r35` has no unit"),
    "a parenthesis left open": ("  3x(400 @5k r200\n", "this `(` is never closed"),
    "a word half typed": ("  12x400 @5k-3s r35s ea\n", "unknown word `ea`"),
    "a pace the profile cannot give": ("  10x400 @zz\n", "unknown race pace `zz`"),
}


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    started = Client()
    yield started
    started.close()


def broken(mistake: str) -> str:
    return GOOD.replace("  12x400 @5k-3s r35s\n  last all-out\n", MISTAKES[mistake][0])


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_the_steps_around_a_mistake_the_setting_and_the_name_are_hovered(client: Client, mistake: str) -> None:
    name, text = uri(), broken(mistake)
    diagnostics = client.open(name, text)
    assert [MISTAKES[mistake][1] in d.message for d in diagnostics] == [True]
    assert hover_text(client, name, text, "wu 15min") == ("**Warm up 15 min at easy pace (4:41–5:19/km).**\n\n"
                                                          "about 15 min · 3.0 km")
    assert hover_text(client, name, text, "cd 10min").startswith("**Cool down 10 min at easy pace")
    assert "VDOT 52.9" in hover_text(client, name, text, "5k = 19:00")
    named = hover_text(client, name, text, "Tue track")
    line = diagnostics[0].range.start.line + 1
    assert named.startswith(f"**Tue track**: not compiled: line {line}, {MISTAKES[mistake][1]}")
    assert "The steps that can be read: about 25 min · 5.0 km · 2 steps on the watch" in named


def test_a_modifier_after_a_broken_step_is_not_read_as_changing_the_step_before(client: Client) -> None:
    name, text = uri(), broken("a unit left out")
    client.open(name, text)
    assert client.hover(name, *where(text, "last all-out")) is None  # its block is the broken one
    assert "last" not in hover_text(client, name, text, "wu 15min")


def test_the_target_of_a_step_after_a_mistake_is_hovered(client: Client) -> None:
    name = uri()
    text = "5k = 19:00\nTue:\n  3x(400 @5k r200\n  8x200 @mile r200\n"
    client.open(name, text)
    assert hover_text(client, name, text, "@mile", 1).startswith("**@mile**: ")


def test_the_splits_of_the_steps_that_read_stay_shown(client: Client) -> None:
    name, text = uri(), GOOD.replace("  cd 10min easy\n", "  4x200 @mile r200\n  cd 10min ea\n")
    client.open(name, text)
    labels = [hint.label for hint in client.inlay_hints(name, 0, 10)]
    assert [label[:5] for label in labels] == ["= 1:2", "= 0:4"]  # the 400s' split, the 200s'; none for the cd


def test_formatting_writes_the_workouts_that_read_and_leaves_the_broken_one_as_typed(client: Client) -> None:
    name = uri()
    text = ("5K=19:00\n\nTue track:\n  WU 15 MIN easy\n  12x400 @5k-3s r35\n  last all-out\n"
            "Thu: 3 X 1MI @ T R 2 MIN\n# long run\nSat: 16mi easy;last 25min @mp\n")
    client.open(name, text)
    edits = client.formatting(name)
    assert edits is not None
    assert apply(text, edits) == ("5k = 19:00\n\nTue track:\n  WU 15 MIN easy\n  12x400 @5k-3s r35\n  last all-out\n"
                                  "\nThu:\n  3x1mi @T r2min\n\n# long run\nSat:\n  16mi easy\n  last 25min @mp\n")
    assert client.messages[-1] == ("strides: formatted the workouts that read; left as typed, with a mistake: "
                                   "Tue track (line 3)")


def test_a_file_without_a_mistake_is_formatted_as_strides_fmt_does(client: Client) -> None:
    name, text = uri(), "units = mi\nThu: 2 E + 6 x 1 k I w/ 3-min jg + 2 E\n"
    client.open(name, text)
    edits = client.formatting(name)
    assert edits is not None
    assert apply(text, edits) == "units = mi\n\nThu:\n  2mi easy\n  6x1km @I r3min jog\n  2mi easy\n"
    assert isinstance(edits[0], lsp.TextEdit)
