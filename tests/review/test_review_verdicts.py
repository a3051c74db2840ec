"""Rep by rep: generated activities, perfect and spoiled, reviewed against their workouts."""

from __future__ import annotations

import pytest
from activity_maker import Faults, make, proven
from conftest import compile_one

from strides.errors import StridesError
from strides.meaning.model import Effort, Workout
from strides.review import review
from strides.review.activity import read_activity
from strides.review.report import Review

S19 = {"5k": "19:00", "maxhr": "190"}
TRACK = "wu 3min; 12x400 @5k-3s r35s; cd 2min"
BY_ORDER = (True, False)  # the watch ran the workout (laps say their step), or the runner pressed lap


def reviewed(workout: Workout, faults: Faults | None = None) -> Review:
    return review(read_activity(proven(make(workout, faults or Faults())), "run.fit"), workout)


def reps(done: Review) -> list[tuple[str | None, float | None]]:
    return [(j.verdict.word, j.verdict.delta_seconds) for j in done.steps if j.step.is_rep]


@pytest.fixture(scope="module")
def track() -> Workout:
    return compile_one(TRACK, S19)


@pytest.mark.parametrize("watch", BY_ORDER)
def test_rep_7_at_1_31_is_slow_by_3_s_and_every_other_rep_on(watch: bool) -> None:
    done = reviewed(compile_one("12x400 @5k-3s r35s", S19), Faults(slow={7: 3.0}, watch=watch))
    assert reps(done) == [("on", 0.0)] * 6 + [("slow", 3.0)] + [("on", 0.0)] * 5
    rep7 = [j for j in done.steps if j.step.rep == (7, 12)][0]
    assert rep7.actual is not None and (rep7.actual.seconds, rep7.actual.meters) == (91.2, 400.0)
    assert rep7.verdict.delta_pace == 7.5  # s/km: 3:48/km against 3:40.5/km
    assert all(j.verdict.word == "on" for j in done.steps if not j.step.is_rep)
    assert (done.summary.reps_on, done.summary.reps_judged) == (11, 12)
    assert done.summary.slowest is rep7


def test_an_auto_lapped_tempo_is_one_step_at_its_average_pace() -> None:
    tempo = compile_one("wu 2mi; 3mi @T; cd 1mi", S19)
    for watch in BY_ORDER:
        done = reviewed(tempo, Faults(autolap=1000.0, watch=watch))
        step = done.steps[1]
        assert len(step.matched.laps) == 5 and step.actual is not None
        assert step.actual.meters == pytest.approx(4828.03)
        assert step.actual.pace == pytest.approx(tempo.timeline[1].target.exact, abs=0.01)  # type: ignore[union-attr]
        assert step.verdict.word == "on"
        assert "step 2 (3 mi @T): laps 5–9 merged (auto-laps)" in done.notes


@pytest.mark.parametrize("watch", BY_ORDER)
def test_a_tail_lap_is_left_out_and_said(track: Workout, watch: bool) -> None:
    done = reviewed(track, Faults(tail=3.0, watch=watch))
    assert {j.verdict.word for j in done.steps} == {"on"}
    assert "lap 26: a 3 s tail lap, left out" in done.notes
    assert [lap.number for lap in done.extra] == [26]


@pytest.mark.parametrize("watch", BY_ORDER)
def test_a_rep_skipped_with_the_lap_button_is_missed(track: Workout, watch: bool) -> None:
    done = reviewed(track, Faults(skipped=5, watch=watch))
    assert [word for word, _ in reps(done)] == ["on"] * 4 + ["missed"] + ["on"] * 7
    assert done.summary.missed == 1


def test_a_rep_never_run_leaves_a_rep_and_a_recovery_missed_and_says_why_it_may_be_another(track: Workout) -> None:
    done = reviewed(track, Faults(dropped=5, watch=False))
    assert [j.verdict.word for j in done.steps].count("missed") == 2
    assert [word for word, _ in reps(done)].count("missed") == 1
    assert any("may be another of its kind" in note for note in done.notes)


@pytest.mark.parametrize("watch", BY_ORDER)
def test_a_rep_ended_early_is_short(track: Workout, watch: bool) -> None:
    done = reviewed(track, Faults(early={3: 0.75}, watch=watch))
    assert [word for word, _ in reps(done)] == ["on"] * 2 + ["short"] + ["on"] * 9


@pytest.mark.parametrize("watch", BY_ORDER)
def test_an_extra_rep_is_left_unmatched_and_said(track: Workout, watch: bool) -> None:
    done = reviewed(track, Faults(extra_rep=True, watch=watch))
    assert {j.verdict.word for j in done.steps} == {"on"}
    assert [(lap.timer, lap.meters) for lap in done.extra] == [(35.0, 0.0), (88.2, 400.0)]
    assert "lap 26 (1:28, 400 m) matches no planned step" in done.notes


@pytest.mark.parametrize("watch", BY_ORDER)
def test_a_pause_is_left_out_of_the_time_and_said(track: Workout, watch: bool) -> None:
    done = reviewed(track, Faults(pauses={4: 40.0, 1: 25.0}, watch=watch))
    assert {j.verdict.word for j in done.steps} == {"on"}
    rep = done.steps[3].actual
    assert rep is not None and (rep.seconds, rep.elapsed, rep.paused) == (88.2, 128.2, 40.0)
    assert "step 4 (400 m @5k-3s): paused 0:40 (left out of its time and pace)" in done.notes


@pytest.mark.parametrize("watch", BY_ORDER)
def test_indoors_lengths_in_time_are_judged_and_paces_are_not(track: Workout, watch: bool) -> None:
    done = reviewed(track, Faults(indoor=True, watch=watch))
    assert {j.verdict.word for j in done.steps if not j.step.is_rep} == {"on"}
    assert {j.verdict.word for j in done.steps if j.step.is_rep} == {None}
    assert any(note.startswith("steps 2, 4, 6") and "no distance was recorded" in note for note in done.notes)
    assert done.summary.fade is None


def test_efforts_get_no_verdict_but_their_numbers() -> None:
    done = reviewed(compile_one("4x400 @5k r1min; last all-out", S19))
    last = done.steps[-1]
    assert isinstance(last.step.target, Effort) and last.verdict.word is None
    assert last.actual is not None and last.actual.meters == 400.0 and last.split is not None


def test_the_fade_compares_the_first_half_of_the_reps_with_the_second(track: Workout) -> None:
    done = reviewed(track, Faults(slow={9: 2.0, 10: 2.0, 11: 2.0, 12: 2.0}))
    fade = done.summary.fade
    assert fade is not None and fade.reps == 6 and fade.first == 0.0
    assert fade.change == pytest.approx(4 * 5.0 / 6)  # 2 s over 400 m is 5 s/km, on four reps of six


def test_heart_rate_zones_add_up_to_the_time_on_the_clock(track: Workout) -> None:
    done = reviewed(track)
    total = sum(seconds for _, seconds in done.summary.zones)
    assert total == pytest.approx(sum(j.actual.seconds for j in done.steps if j.actual), abs=30)


def test_heart_rate_and_power_targets_are_judged_on_the_averages() -> None:
    done = reviewed(compile_one("20min @z2; 5min @230-250W", S19))
    assert [j.verdict.word for j in done.steps] == ["on", "on"]


def test_another_sport_is_said_and_reviewed_when_its_laps_match(track: Workout) -> None:
    done = reviewed(track, Faults(sport="cycling"))
    assert done.notes[0] == "this is a cycling activity, not a run: reviewed against the workout anyway"
    assert {j.verdict.word for j in done.steps} == {"on"}


def test_another_sport_whose_laps_match_nothing_is_refused(track: Workout) -> None:
    other = compile_one("1mi @T", S19)
    data = proven(make(compile_one("10x100 strides", S19), Faults(sport="cycling")))
    with pytest.raises(StridesError, match="cycling activity, not a run, and none of its laps match"):
        review(read_activity(data, "ride.fit"), other)
    assert track  # the fixture's workout is not involved
