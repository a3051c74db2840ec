"""Every seed workout run perfectly is reviewed `on` at every step (efforts have no verdict), whether the watch
ran the workout or the runner pressed the lap button; with no workout given, the watch's stored workout is
reviewed against and gives the same verdicts."""

from __future__ import annotations

import pytest
from activity_maker import Faults, make, proven
from conftest import compile_one
from seeds import SEED_IDS, SEEDS

from strides.meaning.model import Effort
from strides.pipeline import compile_text
from strides.review import choose, review, stored_plan
from strides.review.activity import read_activity


@pytest.mark.parametrize(("seed_id", "text", "settings"), SEEDS, ids=SEED_IDS)
def test_a_perfect_run_of_every_seed_is_on_target(seed_id: str, text: str, settings: dict[str, str]) -> None:
    workout = compile_one(text, settings)
    watch = read_activity(proven(make(workout)), f"{seed_id}.fit")
    laps_only = read_activity(make(workout, Faults(watch=False)), f"{seed_id}-laps.fit")
    for activity in (watch, laps_only):
        done = review(activity, workout)
        verdicts = {(j.number, j.verdict.word) for j in done.steps if not isinstance(j.step.target, Effort)}
        assert {word for _, word in verdicts} <= {"on"}, verdicts
        assert all(j.verdict.word is None for j in done.steps if isinstance(j.step.target, Effort))
        assert not done.extra and len(done.notes) == 1, done.notes
    # The watch's own copy of the workout, read back from the activity, reviews the same.
    stored = choose(compile_text(stored_plan(watch), settings), watch, None, "stored", stored=True)
    assert len(stored.timeline) == len(workout.timeline)
    assert {j.verdict.word for j in review(watch, stored).steps} <= {"on", None}
    assert stored.name == workout.name
