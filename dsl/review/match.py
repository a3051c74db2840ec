"""Laps to planned steps.

Every planned step takes a run of consecutive laps (several when auto-laps cut it, or a short tail lap
belongs to it), or none (missed); a lap may belong to no step (an extra rep, a lap before the workout). Of all
the ways to do this, the one that costs least is taken, by dynamic programming over (steps, laps):

- a step costs how far its laps' time or distance is from what was planned, relative to it (`misfit`);
- a rep's pace outside its target's range costs how far outside, relative to the target;
- a lap merged into a step after an auto-lap or a tail lap costs little; after a lap the button closed, as
  much as the lap left unmatched: two laps are one step only when that fits the plan better;
- a missed step and an unmatched lap cost as much as a step run twice too long; a tail lap next to nothing;
- when the watch ran the workout, a lap of another watch step costs more than missing the step.

Ties go to the plan as written: when a rep is missing, or one is extra, and nothing tells which, the last ones
are said to be.

>>> from strides.meaning.model import Intensity, Kind, Step, Time
>>> rep = Planned(1, Step(Kind.run, Intensity.active, Time(60.0)), None)
>>> lap = Lap(1, 60.0, 60.0, 250.0, "manual", None)
>>> misfit(rep.step, 66.0, None), misfit(rep.step, 60.0, None)
(0.1, 0.0)
>>> [len(m.laps) for m in match([rep, rep], [lap]).steps]
[1, 0]
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from strides.meaning.model import Distance, Open, Pace, Step, Time
from strides.review.activity import Lap

MISSED = 1.0  # a planned step with no lap
UNMATCHED = 1.0  # a lap that belongs to no step
TAIL_SECONDS = 5.0  # a lap this short is a tail: the lap button pressed twice, or the watch stopped late
UNMATCHED_TAIL = 0.02  # a tail lap is left out of the steps beside it rather than lengthen one
MERGED = UNMATCHED + 0.1  # a lap after the first in one step, where the lap button (or the step's end) closed one
MERGED_AUTO = 0.005  # … after an auto-lap
MERGED_TAIL = 0.05  # … with a tail lap on either side
WRONG_STEP = 3.0  # a lap the watch recorded under another step
TIE = 1e-6  # per place from the end: missing (or extra) later steps (laps) is the cheaper guess
MAX_LAPS_PER_STEP = 200
LONGEST = 3.0  # a step's laps stop growing past this many times its planned length


@attrs.frozen
class Planned:
    """A step of the planned timeline, and the workout step the watch runs it as (when known)."""

    number: int  # in the timeline, from 1
    step: Step
    watch_index: int | None


@attrs.frozen
class Matched:
    planned: Planned
    laps: tuple[Lap, ...]  # none: missed


@attrs.frozen
class Matching:
    steps: tuple[Matched, ...]
    extra: tuple[Lap, ...]  # laps that belong to no planned step


def planned_length(step: Step) -> tuple[float, float] | None:
    """The lowest and highest amount a step asks for, in seconds or metres; None for an open step."""
    duration = step.duration
    if isinstance(duration, (Time, Distance)):
        low = duration.seconds if isinstance(duration, Time) else duration.meters
        return low, max(low, duration.upto or low)
    return None


def misfit(step: Step, seconds: float, meters: float | None) -> float:
    """How far laps of `seconds` and `meters` are from the step, relative to its planned length (0 inside a
    range). A distance step without a measured distance is compared by its estimated time."""
    wanted = planned_length(step)
    if wanted is None:
        return _pace_misfit(step, seconds, meters)
    measured = seconds if isinstance(step.duration, Time) else meters
    if measured is None:
        if not step.estimated_seconds:
            return 0.0
        wanted, measured = (step.estimated_seconds, step.estimated_seconds), seconds
    return round(_outside(measured, *wanted) + _pace_misfit(step, seconds, meters), 9)


def _outside(value: float, low: float, high: float) -> float:
    """How far `value` is outside low…high, relative to `low`."""
    off = low - value if value < low else value - high if value > high else 0.0
    return off / low if low > 0 else 0.0


def _pace_misfit(step: Step, seconds: float, meters: float | None) -> float:
    target = step.target
    if not isinstance(target, Pace) or not meters:
        return 0.0
    return _outside(seconds * 1000.0 / meters, target.fast, target.slow) * target.fast / target.exact

def match(planned: Sequence[Planned], laps: Sequence[Lap]) -> Matching:
    """The cheapest way to give each planned step its laps."""
    n, m = len(planned), len(laps)
    infinite = float("inf")
    cost = [[infinite] * (m + 1) for _ in range(n + 1)]
    came: list[list[tuple[int, int]]] = [[(-1, -1)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    def relax(i: int, j: int, value: float, before: tuple[int, int]) -> None:
        if value < cost[i][j]:
            cost[i][j], came[i][j] = value, before

    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == infinite:
                continue
            if j < m:
                relax(i, j + 1, here + _unmatched(laps[j]) + TIE * (m - j), (i, j))
            if i < n:
                relax(i + 1, j, here + MISSED + TIE * (n - i), (i, j))
                for end, value in _groups(planned[i], laps, j):
                    relax(i + 1, end, here + value, (i, j))
    return _traced(planned, laps, came)


def _unmatched(lap: Lap) -> float:
    return UNMATCHED_TAIL if lap.timer < TAIL_SECONDS else UNMATCHED


def _groups(planned: Planned, laps: Sequence[Lap], first: int) -> list[tuple[int, float]]:
    """(end, cost) of giving the step laps[first:end], for each end worth trying."""
    step, wanted = planned.step, planned_length(planned.step)
    found: list[tuple[int, float]] = []
    seconds, meters, merged = 0.0, 0.0, 0.0
    has_meters = True
    for end in range(first + 1, min(len(laps), first + MAX_LAPS_PER_STEP) + 1):
        lap = laps[end - 1]
        if planned.watch_index is not None and lap.step_index is not None and lap.step_index != planned.watch_index:
            found.append((end, WRONG_STEP * (end - first)))  # one such lap may stand in for a step, no more
            break
        if end > first + 1:
            merged += _merge_cost(laps[end - 2], lap)
        seconds += lap.timer
        if lap.meters is None:
            has_meters = False
        else:
            meters += lap.meters
        found.append((end, misfit(step, seconds, meters if has_meters else None) + merged))
        measured = seconds if isinstance(step.duration, Time) else meters
        if wanted is not None and measured > LONGEST * wanted[1] and end - first > 1:
            break
        if isinstance(step.duration, Open) and end - first >= 2 and not lap.is_auto:
            break
    return found


def _merge_cost(before: Lap, lap: Lap) -> float:
    if before.is_auto:
        return MERGED_AUTO
    if min(before.timer, lap.timer) < TAIL_SECONDS:
        return MERGED_TAIL
    return MERGED


def _traced(planned: Sequence[Planned], laps: Sequence[Lap], came: list[list[tuple[int, int]]]) -> Matching:
    """The matching the cheapest path through the table stands for."""
    given: dict[int, tuple[Lap, ...]] = {}
    extra: list[Lap] = []
    i, j = len(planned), len(laps)
    while (i, j) != (0, 0):
        before_i, before_j = came[i][j]
        if before_i == i:  # a lap on its own
            extra.append(laps[before_j])
        elif before_j < j:
            given[before_i] = tuple(laps[before_j:j])
        i, j = before_i, before_j
    steps = tuple(Matched(p, given.get(index, ())) for index, p in enumerate(planned))
    return Matching(steps, tuple(reversed(extra)))
