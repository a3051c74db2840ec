"""`strides explain`: each workout read out the way a coach says it."""

from __future__ import annotations

import pytest
from seeds import S19

from strides.backends import RenderOptions
from strides.backends.explain import render
from strides.pipeline import compile_text

P = {**S19, "maxhr": "190"}


def said(text: str) -> str:
    """The first step's sentence (after any line on how strides read the text)."""
    lines = render(compile_text(text, P), RenderOptions()).splitlines()
    return next(line for line in lines if line.startswith("  1. "))


@pytest.mark.parametrize(("text", "sentence"), [
    ("12x400 @5k-3s r35s; last all-out",
     "1. 12 × 400 m in 1:28 (5k pace −3 s/lap, 3:40/km), 35 s between reps; the last one all-out."),
    ("2x(4x400 @5k r200) r5min",
     "1. 2 × 4 × 400 m in 1:31 (5k pace, 3:48/km), 200 m jog between 400s, 5 min between sets."),
    ("3x(6x400 @5k r60s, 1mi @T) r3min",
     "1. 3 × (6 × 400 m in 1:31 (5k pace, 3:48/km), 1 mi in 6:32 (threshold pace, 4:04/km)), "
     "1 min between 400s, straight into the mile, 3 min between sets."),
    ("2x(200/400 @5k r200 jog) r3min",
     "1. 2 × (200 m in 0:46 (5k pace, 3:48/km), 200 m jog, 400 m in 1:31 (5k pace, 3:48/km)), "
     "3 min between sets."),
    ("200/400 @5k r200", "1. 200 m in 0:46 (5k pace, 3:48/km); then 200 m jog; then 400 m in 1:31 (5k pace, 3:48/km)."),
    ("(1600 @10k, 1200 @5k) r2min",
     "1. 1600 m in 6:18 (10k pace, 3:56/km); then 2 min rest; then 1200 m in 4:34 (5k pace, 3:48/km)."),
    ("30min @140-150bpm", "1. Run 30 min at 140–150 bpm."),
    ("30min @z2", "1. Run 30 min in zone 2 (114–133 bpm)."),
    ("30min @mp", "1. Run 30 min at marathon pace (4:19/km)."),
    ('4x400 @5k r1min; last 2 @mile "kick"',
     '1. 4 × 400 m in 1:31 (5k pace, 3:48/km), 1 min between reps; rep 3 in 1:23 (mile pace, 3:27/km) ("kick"); '
     'rep 4 in 1:23 (mile pace, 3:27/km) ("kick").'),
    ("10x1mi @T+90s/mi; each -10s/mi",
     "1. 10 × 1 mi in 8:02 (threshold pace +90 s/mi, 5:00/km); 8:02 → 6:32, 10 s/mi faster each."),
    ("4-6x800 @3:40-3:45/km r400 jog", "1. 4–6 × 800 m in 2:56–3:00 (3:40–3:45/km), 400 m jog between reps."),
    ("4x400 @5k r0.5mi", "1. 4 × 400 m in 1:31 (5k pace, 3:48/km), 0.5 mi jog between reps."),
    ("2h easy", "1. Easy run 2 h at 4:41–5:19/km."),
])
def test_sentences(text: str, sentence: str) -> None:
    assert said(text) == f"  {sentence}"


def test_the_totals_line_counts_the_watch_steps() -> None:
    lines = render(compile_text("wu 15min; 12x400 @5k-3s r35s; cd 10min", P), RenderOptions()).splitlines()
    assert lines[-1] == "  In all about 49 min and 9.8 km (25 steps on the watch)."


def test_steps_until_the_lap_button_are_counted_in_the_totals_line() -> None:
    lines = render(compile_text("6x1min hill hard jog back", P), RenderOptions()).splitlines()
    assert lines[-1].endswith("(11 steps on the watch), plus 5 open steps (lap button).")
