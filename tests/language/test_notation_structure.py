"""Workouts as runners write them: modifiers (`first 3`, `reps 2-5`, `reps 3, 6 and 9`, a `last` measured
the other way), targets after groups and ladders, dash ladders, targets in words, splits with `in`, races
as steps and section labels. Each case asserts the timeline on the model (see `compact`)."""

from __future__ import annotations

import pytest
from test_notation_misreadings import read, refusal, workouts

from strides.meaning.model import Distance, Effort, Pace, Time

MODIFIERS = [
    ("6x400 @5k r60s; first 2 @10k",
     "2×(run 400m @236.4, rest 60s), 3×(run 400m @228.0, rest 60s), run 400m @228.0"),
    ("5x400 @5k r60s; reps 2-4 @mile",
     "run 400m @228.0, 3×(rest 60s, run 400m @206.8), rest 60s, run 400m @228.0"),
    ("9x200 @5k r200 jog; reps 3, 6 and 9 all-out",
     "2×(run 200m @228.0, jog 200m), run 200m @all-out, 2×(jog 200m, run 200m @228.0), jog 200m, "
     "run 200m @all-out, 2×(jog 200m, run 200m @228.0), jog 200m, run 200m @all-out"),
    ("4x400 @5k; first @mile", "run 400m @206.8, 3×run 400m @228.0"),
    ("6x400 @5k; reps 1-2 & 5 @3k", "2×run 400m @219.8, 2×run 400m @228.0, run 400m @219.8, run 400m @228.0"),
]


@pytest.mark.parametrize(("written", "meant"), MODIFIERS)
def test_modifiers_as_runners_write_them(written: str, meant: str) -> None:
    assert read(written) == meant


def test_a_rep_range_that_runs_backwards_is_refused() -> None:
    assert "run backwards" in refusal("6x400 @5k; reps 5-2 @mile").message


SPLIT_BY_PACE = [
    # 25 min at 258.6 s/km is 5800.5 m: the rest of 16 mi easy
    ("16mi easy; last 25min @mp", (25749.5 - 5800.5, 1500.0, 258.6)),
    # 3 mi at 248.0 s/km is 1197.3 s: the rest of 90 min easy
    ("90min easy; last 3mi @hm", (5400.0 - 1197.3, 4828.0, 248.0)),
]


@pytest.mark.parametrize(("written", "parts"), SPLIT_BY_PACE)
def test_a_last_part_measured_the_other_way_is_split_by_its_pace(written: str,
                                                                 parts: tuple[float, float, float]) -> None:
    [workout] = workouts(written)
    first, last = workout.timeline
    head, tail, pace = parts
    length = first.duration.meters if isinstance(first.duration, Distance) else first.duration.seconds  # type: ignore[union-attr]
    assert abs(length - head) < 1.0
    other = last.duration.seconds if isinstance(last.duration, Time) else last.duration.meters  # type: ignore[union-attr]
    assert abs(other - tail) < 1.0
    assert isinstance(last.target, Pace) and round(last.target.exact, 1) == pace


def test_a_last_part_measured_the_other_way_needs_a_pace() -> None:
    assert "has no pace to convert it with" in refusal("16mi easy; last 25min all-out").message


GROUP_TARGETS = [
    ("3x(1000, 600, 400) @5k r90s",
     "2×(run 1000m @228.0, run 600m @228.0, run 400m @228.0, rest 90s), run 1000m @228.0, run 600m @228.0, "
     "run 400m @228.0"),
    ("(600, 400, 200) @mile r1min", "run 600m @206.8, rest 60s, run 400m @206.8, rest 60s, run 200m @206.8"),
    ("2x(800, 400 @mile) @5k r2min",
     "run 800m @228.0, run 400m @206.8, rest 120s, run 800m @228.0, run 400m @206.8"),
    ("4x(400, 200 jog) @5k", "4×(run 400m @228.0, jog 200m)"),
]


@pytest.mark.parametrize(("written", "meant"), GROUP_TARGETS)
def test_a_target_after_a_group_applies_to_each_item_without_one(written: str, meant: str) -> None:
    assert read(written) == meant


DASH_LADDERS = [
    ("300-600-900-600-300 @5k r200",
     "run 300m @228.0, jog 200m, run 600m @228.0, jog 200m, run 900m @228.0, jog 200m, run 600m @228.0, "
     "jog 200m, run 300m @228.0"),
    ("200-400-600m @mile r1min", "run 200m @206.8, rest 60s, run 400m @206.8, rest 60s, run 600m @206.8"),
    ("1-2-3km @10k r2min", "run 1000m @236.4, rest 120s, run 2000m @236.4, rest 120s, run 3000m @236.4"),
    ("15-20min easy", "easy 900s @300.0"),  # two amounts stay a range
]


@pytest.mark.parametrize(("written", "meant"), DASH_LADDERS)
def test_dash_ladders_of_three_or_more(written: str, meant: str) -> None:
    assert read(written) == meant


TARGET_PHRASES = [
    ("5x1k @ 10k pace r2min", "4×(run 1000m @236.4, rest 120s), run 1000m @236.4"),
    ("20min @ half marathon pace", "run 1200s @248.0"),
    ("20min @half marathon", "run 1200s @248.0"),
    ("5x1k @5k effort r2min", "4×(run 1000m @228.0, rest 120s), run 1000m @228.0"),
    ("20min @10k to hm", "run 1200s @242.2"),
    ("6x1k @3k-5k pace r2min", "5×(run 1000m @223.9, rest 120s), run 1000m @223.9"),
    ("5k @7:15 per mile", "run 5000m @270.3"),
    ("5k @6:45 min/mi", "run 5000m @251.7"),
    ("5k @4:10 per km", "run 5000m @250.0"),
    ("30min @mp-hm", "run 1800s @253.3"),
    ("4x2mi @ marathon pace r1mi jog", "3×(run 3218.7m @258.6, jog 1609.3m), run 3218.7m @258.6"),
    ("5x1k at 10k pace r2min", "4×(run 1000m @236.4, rest 120s), run 1000m @236.4"),
    ("5x1k @ vo2max w/ 3 min jog", "4×(run 1000m @224.4, jog 180s), run 1000m @224.4"),
    ("4 x 5 min at threshold w/ 1 min", "3×(run 300s @243.9, rest 60s), run 300s @243.9"),
    ("20min At 4:10 per km", "run 1200s @250.0"),
    ("20min @ 4:10/km pace", "run 1200s @250.0"),
    ("2x1mi @ 6:00 pace r 90s", "run 1609.3m @223.7, rest 90s, run 1609.3m @223.7"),
]


@pytest.mark.parametrize(("written", "meant"), TARGET_PHRASES)
def test_targets_in_the_words_runners_use(written: str, meant: str) -> None:
    assert read(written) == meant


def test_a_range_of_two_paces_runs_between_them() -> None:
    [workout] = workouts("6x1k @3k-5k pace")
    target = workout.timeline[0].target
    assert isinstance(target, Pace) and (round(target.fast, 1), round(target.slow, 1)) == (219.8, 228.0)


SPLITS = [
    ("8x400 in 85 r60s", "7×(run 400m @212.5, rest 60s), run 400m @212.5"),
    ("4x1200 in 4:30 r2min", "3×(run 1200m @225.0, rest 120s), run 1200m @225.0"),
    ("6x200 in 40s r200 jog", "5×(run 200m @200.0, jog 200m), run 200m @200.0"),
]


@pytest.mark.parametrize(("written", "meant"), SPLITS)
def test_a_split_written_with_in(written: str, meant: str) -> None:
    assert read(written) == meant


RACES = [
    ("wu 15min; 5k race; cd 10min", "warmup 900s, run 5000m @race, cooldown 600s"),
    ("3k time trial", "run 3000m @time trial"),
    ("2mi TT", "run 3218.7m @time trial"),
    ("wu 2mi; parkrun; cd 1mi", "warmup 3218.7m, run 5000m @race, cooldown 1609.3m"),
    ("10k race", "run 10000m @race"),
]


@pytest.mark.parametrize(("written", "meant"), RACES)
def test_races_and_trials_are_steps_at_race_effort(written: str, meant: str) -> None:
    assert read(written) == meant
    [workout] = workouts(written)
    assert any(isinstance(step.target, Effort) for step in workout.timeline)


SESSION = """Tue 5x1 mile @ 10k + strides:
Warm-up: 15 min easy
Main set: 5 x 1 mile @ 10k pace w/ 90s jog
Set 2: 4 x 100 strides
Cool-down: 10 min easy
"""


def test_section_labels_inside_a_workout_are_not_names() -> None:
    [workout] = workouts(SESSION)
    assert workout.name == "Tue 5x1 mile @ 10k + strides"
    assert read(SESSION) == ("warmup 900s @300.0, 4×(run 1609.3m @236.4, jog 90s), run 1609.3m @236.4, "
                             "4×strides 100m @fast, cooldown 600s @300.0")


def test_a_name_line_after_section_labels_starts_the_next_workout() -> None:
    first, second = workouts("Mon:\nWarm-up: 10min easy\nMain set: 4x400 @5k\nThu @ track:\n20min easy")
    assert (first.name, second.name) == ("Mon", "Thu @ track")
    assert len(first.timeline) == 5 and len(second.timeline) == 1


def test_a_split_written_with_in_is_labelled_as_the_split() -> None:
    from strides.meaning.model import Pace
    from strides.pipeline import compile_text

    [rep, *_] = compile_text("8x400 in 85 w/ 400 jog")[0].timeline
    assert isinstance(rep.target, Pace) and rep.target.label == "1:25" and rep.split == 85.0


@pytest.mark.parametrize(("written", "meant"), [
    ("2 x 3 x 400 @ 5k r60s", "2×(run 400m @228.0, rest 60s), 2×run 400m @228.0, 2×(rest 60s, run 400m @228.0)"),
    ("2x2x200", "4×run 200m"),
])
def test_sets_written_with_two_counts(written: str, meant: str) -> None:
    assert read(written, **{"5k": "19:00"}) == meant


def test_sets_written_with_two_counts_are_said_to_have_no_rest_between_them() -> None:
    from strides.backends import RenderOptions, get_backend
    from strides.pipeline import compile_text

    workouts = compile_text("3 x 3 x 400 @5k r60s", {"5k": "19:00"})
    said = str(get_backend("explain").render(workouts, RenderOptions()))
    assert "1 min between 400s, no rest between sets" in said
