"""The resolved model on its own, built by hand: a repeat's rounds come from its structure, its reps are
numbered in running order, and its words compare and print as the strings they are."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest

from strides.errors import Span
from strides.meaning.model import (
    Distance,
    Effort,
    HeartRate,
    HeartRateZone,
    Intensity,
    Kind,
    Open,
    Pace,
    Profile,
    RacePace,
    Repeat,
    Step,
    Time,
    Workout,
    Zone,
    ZoneScheme,
    numbered,
    rep_at,
    reps,
    size,
    unroll,
)

REP = Step(Kind.run, Intensity.active, Distance(400.0), text="rep")
REST = Step(Kind.rest, Intensity.rest, Time(60.0), text="rest")
JOG = Step(Kind.jog, Intensity.recovery, Distance(200.0), text="jog")


def named(text: str) -> Step:
    return attrs.evolve(REP, text=text)


def texts(nodes: tuple[Repeat | Step, ...]) -> list[str]:
    return [step.text for step in unroll(nodes)]


# ---- rounds from the structure ------------------------------------------------------------------------------


def test_the_recovery_comes_between_rounds_never_after_the_last() -> None:
    assert texts((Repeat((REP,), count=3, between=REST),)) == ["rep", "rest", "rep", "rest", "rep"]


def test_a_repeat_of_one_round_runs_its_work_once_without_its_recovery() -> None:
    repeat = Repeat((REP,), count=1, between=REST, count_upto=3)
    assert repeat.rounds == ((REP,),)


def test_a_change_replaces_one_rep_of_one_round() -> None:
    repeat = Repeat((REP, JOG), count=3, changes=((2, named("second")),))
    assert texts((repeat,)) == ["rep", "jog", "second", "jog", "rep", "jog"]
    assert repeat.round(0) == repeat.work and repeat.round(2) == repeat.work


def test_a_change_inside_a_set_becomes_the_inner_repeats_change() -> None:
    sets = Repeat((Repeat((REP,), count=4, between=JOG),), count=2, between=REST, changes=((8, named("last")),))
    inner = sets.round(1)[0]
    assert isinstance(inner, Repeat) and inner.changes == ((4, named("last")),)
    assert texts((sets,))[-1] == "last"
    assert texts((sets,)).count("rep") == 7


def test_an_outer_change_wins_over_the_inner_one_for_the_same_rep() -> None:
    inner = Repeat((REP,), count=2, changes=((2, named("inner")),))
    outer = Repeat((inner,), count=2, changes=((4, named("outer")),))
    assert texts((outer,)) == ["rep", "inner", "rep", "outer"]


def test_rounds_are_the_work_shared_not_copied() -> None:
    repeat = Repeat((REP,), count=1000, between=REST)
    assert all(round_[0] is REP for round_ in repeat.rounds)


# ---- counting -----------------------------------------------------------------------------------------------


def test_sizes_and_reps_come_from_the_structure() -> None:
    sets = Repeat((Repeat((REP,), count=4, between=JOG),), count=2, between=REST)
    assert (size(sets), reps(sets)) == (2 * 7 + 1, 8)
    assert (size(REST), reps(REST), reps(REP)) == (1, 0, 1)


def test_a_huge_repeat_is_counted_without_unrolling_it() -> None:
    huge = Repeat((Repeat((Repeat((REP,), count=1000),), count=1000),), count=1000)
    assert huge.size == 10**9


def test_rep_at_finds_a_rep_as_the_modifiers_left_it() -> None:
    inner = Repeat((REP, JOG, named("b")), count=2, changes=((4, named("changed")),))
    outer = Repeat((inner,), count=3, changes=((6, named("outer")),))
    assert [rep_at(outer, k).text for k in range(1, 7)] == ["rep", "b", "rep", "changed", "rep", "outer"]
    assert outer.unchanged_rep(6).text == "b", "rep 6 is the second rep of a round"


def test_changes_are_read_only() -> None:
    repeat = Repeat((REP,), count=2, changes=((2, named("x")),))
    with pytest.raises(TypeError):
        repeat.changed[1] = REP  # type: ignore[index]


# ---- the timeline -------------------------------------------------------------------------------------------


def test_the_timeline_numbers_the_reps_of_each_repeat_and_not_a_lone_step() -> None:
    workout = Workout("w", (REP, Repeat((REP,), count=3, between=REST)), Profile(""))
    assert [step.rep for step in workout.timeline] == [None, (1, 3), None, (2, 3), None, (3, 3)]
    assert workout.timeline == tuple(step for steps in workout.steps_per_item for step in steps)


def test_sets_are_numbered_through_the_whole_block() -> None:
    sets = Repeat((Repeat((REP,), count=2, between=JOG),), count=2, between=REST)
    assert [step.rep for step in numbered(sets) if step.is_rep] == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_a_step_copied_with_one_fact_keeps_every_other_field() -> None:
    full = Step(Kind.hill, Intensity.active, Time(60.0), Effort("hard"), "note", (1, 6), "text", 60.0, 250.0, 0.8,
                Zone.interval)
    assert all(getattr(full, a.name) for a in attrs.fields(Step)), "every field is set, so none can be dropped"
    assert full.numbered(3, 6) == attrs.evolve(full, rep=(3, 6))
    assert full.estimated(61.0, 251.0) == attrs.evolve(full, estimated_seconds=61.0, estimated_meters=251.0)
    assert full.graded(0.9, Zone.max) == attrs.evolve(full, level=0.9, zone=Zone.max)


def test_a_repeat_or_workout_copied_with_new_steps_keeps_every_other_field() -> None:
    rest = attrs.evolve(REST, estimated_seconds=60.0)
    repeat = Repeat((REP,), 4, REST, 6, ((2, rest),), "4-6x400")
    assert all(getattr(repeat, a.name) for a in attrs.fields(Repeat)), "every field is set, so none can be dropped"
    assert repeat.with_steps((rest,), REP, ()) == attrs.evolve(repeat, work=(rest,), between=REP, changes=())
    workout = Workout("w", (repeat,), Profile("5 km 19:00"), 3, Span(3, 1, 10, 14), ("`400s`: read as 400 m reps",))
    assert all(getattr(workout, a.name) for a in attrs.fields(Workout)), "every field is set"
    copied = workout.with_items((REP,))
    assert copied == attrs.evolve(workout, items=(REP,)) and copied.span == workout.span


def test_totals_add_up_the_estimates_of_the_timeline() -> None:
    rep = attrs.evolve(REP, estimated_seconds=90.0, estimated_meters=400.0)
    workout = Workout("w", (Repeat((rep,), count=4, between=attrs.evolve(REST, estimated_seconds=60.0)),),
                      Profile(""))
    assert (workout.total_seconds, workout.total_meters) == (4 * 90 + 3 * 60, 1600)


# ---- facts --------------------------------------------------------------------------------------------------


def test_words_are_the_strings_they_name() -> None:
    assert Kind.run == "run" and {"run": 1}[Kind.run] == 1
    assert f"{Kind.warmup} {Intensity.active}" == "warmup active"
    assert json.dumps([Kind.float, Zone.max]) == '["float", "max"]'
    assert repr(Intensity.rest) == "'rest'"


def test_a_step_says_its_split_and_whether_it_is_a_rep() -> None:
    pace = Pace(223.44, 232.56, 228.0, "5k")
    rep = attrs.evolve(REP, target=pace)
    assert rep.split == pytest.approx(91.2)
    assert (rep.is_rep, rep.is_recovery, REST.is_rep, REST.is_recovery, JOG.is_recovery) == (
        True, False, False, True, True)
    assert attrs.evolve(REP, duration=Open(), target=pace).split is None


def test_targets_are_equal_when_they_run_and_read_alike_whatever_they_came_from() -> None:
    plain = Pace(223.44, 232.56, 228.0, "5k")
    resolved = attrs.evolve(plain, basis=RacePace("5k", 5000.0), span=Span(1, 5, 4, 7))
    assert resolved == plain and hash(resolved) == hash(plain)
    zone = HeartRate(114, 133, "z2", HeartRateZone(2, ZoneScheme.max))
    assert zone == HeartRate(114, 133, "z2")
    assert Effort("rpe 7", 7.0) != Effort("rpe 7"), "the RPE number is part of the effort"


def test_backends_read_facts_and_never_parse_a_label() -> None:
    """Labels are for display: no backend needs a regular expression to find a zone, a pace or an RPE."""
    backends = Path(__file__).parents[2] / "backends"
    readers = [path.name for path in backends.glob("*.py") if re.search(r"^import re$", path.read_text(), re.M)]
    assert readers == []
