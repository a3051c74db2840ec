"""`strides explain`: each workout read out the way a coach says it."""

from __future__ import annotations

import pytest
from seeds import S19

from strides.backends import RenderOptions
from strides.backends.explain import render
from strides.pipeline import compile_text

P = {**S19, "maxhr": "190"}


def said(text: str) -> str:
    """The first step's sentence."""
    return render(compile_text(text, P), RenderOptions()).splitlines()[2]


@pytest.mark.parametrize(("text", "sentence"), [
    ("12x400 @5k-3s r35s; last all-out",
     "1. 12 × 400 m in 1:28 (3:40/km), 35 s standing rest between; the last one all-out."),
    ("2x(4x400 @5k r200) r5min",
     "1. 2 × 4 × 400 m in 1:31 (3:48/km), 200 m jog between, 5 min standing rest between sets."),
    ("2x(200/400 @5k r200 jog) r3min",
     "1. 2 × (200 m in 0:46 (3:48/km), jog 200 m, 400 m in 1:31 (3:48/km)), 3 min standing rest between sets."),
    ("200/400 @5k r200", "1. 200 m in 0:46 (3:48/km); then jog 200 m; then 400 m in 1:31 (3:48/km)."),
    ("30min @140-150bpm", "1. Run 30 min at 140–150 bpm."),
    ("30min @z2", "1. Run 30 min at 114–133 bpm (z2)."),
    ('4x400 @5k r1min; last 2 @mile "kick"',
     '1. 4 × 400 m in 1:31 (3:48/km), 1 min standing rest between; rep 3 in 1:23 (3:27/km) ("kick"); '
     'rep 4 in 1:23 (3:27/km) ("kick").'),
    ("2h easy", "1. Easy run 2 h at 4:41–5:19/km."),
])
def test_sentences(text: str, sentence: str) -> None:
    assert said(text) == f"  {sentence}"


def test_the_totals_line_counts_the_watch_steps() -> None:
    lines = render(compile_text("wu 15min; 12x400 @5k-3s r35s; cd 10min", P), RenderOptions()).splitlines()
    assert lines[-1] == "  In all about 49 min and 9.8 km (25 steps on the watch)."
