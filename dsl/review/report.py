"""A review: every planned step judged against its laps, what the matching did, and the summary."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from strides.meaning.model import Workout
from strides.meaning.units import format_clock, format_distance
from strides.review.activity import Activity, ActivityError, Lap, laps_described
from strides.review.judge import Judged, Summary, judged, summary
from strides.review.match import TAIL_SECONDS, match
from strides.review.plan import planned_steps

RUNNING = frozenset({"running", "generic"})  # generic: a watch's "other", or a file that does not say
UNMATCHED = frozenset({"missed", "short", "long"})  # of another sport: no step of it fits the workout


@attrs.frozen
class Review:
    workout: Workout
    activity: Activity
    steps: tuple[Judged, ...]
    extra: tuple[Lap, ...]  # laps that belong to no planned step
    notes: tuple[str, ...]  # how the laps were matched, what was merged, left over or paused
    summary: Summary

    @property
    def units(self) -> str:
        return self.workout.profile.units


def review(activity: Activity, workout: Workout) -> Review:
    """The activity against the workout. A sport other than running is said in the notes, and refused when
    none of its laps match the workout."""
    planned, how = planned_steps(workout, activity)
    matching = match(planned, activity.laps)
    steps = tuple(judged(m, workout.profile.lap) for m in matching.steps)
    notes = [how]
    if activity.sport is not None and activity.sport not in RUNNING:
        if all(j.verdict.word in UNMATCHED for j in steps):
            raise ActivityError(f"{activity.name} is a {activity.sport} activity, not a run, and none of its laps "
                                "match the workout")
        notes.insert(0, f"this is a {activity.sport} activity, not a run: reviewed against the workout anyway")
    notes.extend(_step_notes(steps))
    if how.startswith("the watch ran no") and any(j.verdict.word == "missed" for j in steps):
        notes.append("with laps matched by their order, a rep said to be missed may be another of its kind")
    notes.extend(_extra_notes(matching.extra))
    return Review(workout, activity, steps, matching.extra, tuple(notes),
                  summary(steps, activity.heart_rates, workout.profile.maxhr))


def _step_notes(steps: tuple[Judged, ...]) -> Iterator[str]:
    for judged_step in steps:
        laps, where = judged_step.matched.laps, f"step {judged_step.number} ({judged_step.step.text})"
        if len(laps) > 1:
            yield f"{where}: {laps_described(laps)} merged{_merged_why(laps)}"
        wrong = [lap for lap in laps if lap.step_index is not None
                 and judged_step.matched.planned.watch_index not in (None, lap.step_index)]
        if wrong:
            yield f"{where}: {laps_described(wrong)} recorded under another watch step"
        actual = judged_step.actual
        if actual is not None and actual.paused >= 1:
            yield f"{where}: paused {format_clock(actual.paused)} (left out of its time and pace)"
    yield from _grouped(steps)


def _grouped(steps: tuple[Judged, ...]) -> Iterator[str]:
    """Why steps could not be judged, each reason once with the steps it holds for."""
    why: dict[str, list[int]] = {}
    for judged_step in steps:
        if judged_step.verdict.why:
            why.setdefault(judged_step.verdict.why, []).append(judged_step.number)
    for reason, numbers in why.items():
        yield f"step{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}: {reason}"


def _merged_why(laps: tuple[Lap, ...]) -> str:
    reasons = []
    if any(lap.is_auto for lap in laps[:-1]):
        reasons.append("auto-laps")
    tails = [lap for lap in laps if lap.timer < TAIL_SECONDS]
    if tails:
        reasons.append(", ".join(f"a {lap.timer:.0f} s tail lap" for lap in tails))
    return f" ({'; '.join(reasons)})" if reasons else ""


def _extra_notes(extra: tuple[Lap, ...]) -> Iterator[str]:
    for lap in extra:
        if lap.timer < TAIL_SECONDS:
            yield f"lap {lap.number}: a {lap.timer:.0f} s tail lap, left out"
            continue
        meters = f", {format_distance(round(lap.meters))}" if lap.meters else ""
        yield f"lap {lap.number} ({format_clock(lap.timer)}{meters}) matches no planned step"
