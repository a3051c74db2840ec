"""Verdicts: each planned step against what its laps hold, and the summary of the session.

The tolerance rule. A pace is `on` inside the range the watch was given: the target widened by the profile's
`tolerance` (2 % by default, or so many s/km), or a range as written; `fast` or `slow` outside it. A step's
length (a rep, a recovery, a warm-up) is `on` within 2 % of what was planned, at least 2 s or 5 m either way
(the watch ends timed and measured steps itself: a length is off only when the lap button ended the step or
auto-laps were merged); `short` or `long` beyond, and `missed` with no lap or under a fifth of it. Heart rate
and power targets are judged on the step's average: above the band is `fast` (harder than asked), below it
`slow`. Efforts (`all-out`, `hard`) get no verdict, only their numbers. A step cut short or run long says so
before its pace does.

`delta_seconds` is the time the step took minus the time its distance takes at the exact target pace
(positive: slower), or for a step judged on its length alone, its time minus the time planned; `delta_pace`
is its pace minus the exact target, in seconds per km or mile as the profile's units say.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from strides.meaning.model import Distance, Effort, HeartRate, Pace, Power, Step, Time
from strides.meaning.units import per_unit_meters
from strides.review.activity import Lap
from strides.review.match import Matched, planned_length

LENGTH_SHARE = 0.02
LENGTH_FLOOR = {"time": 2.0, "distance": 5.0}  # seconds, metres
MISSED_SHARE = 0.2
TRACK_REPS_UPTO = 3000.0  # metres: a distance rep this long or shorter has lap splits
ON, FAST, SLOW, SHORT, LONG, MISSED = "on", "fast", "slow", "short", "long", "missed"
HR_ZONES = ((0.5, "z1"), (0.6, "z2"), (0.7, "z3"), (0.8, "z4"), (0.9, "z5"))  # shares of max heart rate


@attrs.frozen
class Actual:
    """What the laps of one step hold: time on the clock (pauses left out), distance, heart rate…"""

    seconds: float
    elapsed: float
    meters: float | None
    hr_avg: float | None = None
    hr_max: int | None = None
    power: float | None = None
    cadence: float | None = None

    @property
    def pace(self) -> float | None:
        """Seconds per km; None without a distance."""
        return self.seconds * 1000.0 / self.meters if self.meters and self.seconds > 0 else None

    @property
    def paused(self) -> float:
        return round(max(0.0, self.elapsed - self.seconds), 3)


@attrs.frozen
class Verdict:
    word: str | None  # on, fast, slow, short, long, missed; None for an effort or what cannot be judged
    delta_seconds: float | None = None
    delta_pace: float | None = None  # seconds per km
    why: str | None = None  # when there is no verdict and there could have been


@attrs.frozen
class Judged:
    matched: Matched
    actual: Actual | None
    verdict: Verdict
    split: float | None  # seconds per profile lap, for track reps

    @property
    def step(self) -> Step:
        return self.matched.planned.step

    @property
    def number(self) -> int:
        return self.matched.planned.number


def actual_of(laps: Sequence[Lap]) -> Actual | None:
    """The laps of a step added up; heart rate, power and cadence averaged over their time."""
    if not laps:
        return None
    # Laps hold milliseconds and centimetres: their sums are rounded to those, free of float noise.
    seconds = round(sum(lap.timer for lap in laps), 3)
    meters = None if any(lap.meters is None for lap in laps) else round(sum(lap.meters or 0.0 for lap in laps), 2)
    maxima = [lap.hr_max for lap in laps if lap.hr_max is not None]
    return Actual(seconds, round(sum(lap.elapsed for lap in laps), 3), meters, _weighted(laps, "hr_avg"),
                  max(maxima) if maxima else None, _weighted(laps, "power"), _weighted(laps, "cadence"))


def _weighted(laps: Sequence[Lap], field: str) -> float | None:
    pairs = [(lap.timer, getattr(lap, field)) for lap in laps if getattr(lap, field) is not None]
    time = sum(t for t, _ in pairs)
    if not pairs:
        return None
    return sum(t * v for t, v in pairs) / time if time > 0 else float(pairs[0][1])


def length_verdict(wanted: tuple[float, float], measured: float, floor: float) -> str:
    """The length of a step against its planned `wanted` (lowest, highest), with `floor` the least slack.

    >>> length_verdict((35.0, 35.0), 36.5, 2.0), length_verdict((400.0, 400.0), 300.0, 5.0)
    ('on', 'short')
    >>> length_verdict((90.0, 120.0), 130.0, 2.0), length_verdict((400.0, 400.0), 60.0, 5.0)
    ('long', 'missed')
    """
    low, high = wanted
    if measured < low * MISSED_SHARE:
        return MISSED
    if measured < low - max(low * LENGTH_SHARE, floor):
        return SHORT
    if measured > high + max(high * LENGTH_SHARE, floor):
        return LONG
    return ON


def pace_verdict(target: Pace, pace: float) -> str:
    """A pace in s/km against the range the watch allowed.

    >>> target = Pace(216.09, 224.91, 220.5, "5k-3s")
    >>> pace_verdict(target, 228.0), pace_verdict(target, 220.5), pace_verdict(target, 214.0)
    ('slow', 'on', 'fast')
    """
    return FAST if pace < target.fast else SLOW if pace > target.slow else ON


def band_verdict(low: float, high: float, value: float) -> str:
    """A heart rate or a power against its band: above it is harder than asked.

    >>> band_verdict(140, 150, 155), band_verdict(140, 150, 145), band_verdict(140, 150, 120)
    ('fast', 'on', 'slow')
    """
    return FAST if value > high else SLOW if value < low else ON


def judge(step: Step, actual: Actual | None) -> Verdict:
    """The verdict of one step (see the module's docstring for the rule)."""
    if actual is None:
        return Verdict(MISSED)
    length = _length(step, actual)
    if length == MISSED:
        return Verdict(MISSED, _delta(step, actual))
    target = step.target
    if isinstance(target, Effort):
        return Verdict(None)
    if isinstance(target, Pace):
        pace = actual.pace
        if pace is None or actual.meters is None:
            return Verdict(length, why="no distance was recorded: the pace cannot be judged")
        delta = actual.seconds - actual.meters * target.exact / 1000.0
        word = length if length not in (ON, None) else pace_verdict(target, pace)
        return Verdict(word, round(delta, 1), round(pace - target.exact, 1))
    if isinstance(target, (HeartRate, Power)):
        value = actual.hr_avg if isinstance(target, HeartRate) else actual.power
        if value is None:
            return Verdict(length, why=f"no {'heart rate' if isinstance(target, HeartRate) else 'power'} "
                           "was recorded")
        word = length if length not in (ON, None) else band_verdict(target.low, target.high, value)
        return Verdict(word, _delta(step, actual))
    return Verdict(length if length is not None else ON, _delta(step, actual))


def _length(step: Step, actual: Actual) -> str | None:
    """The step's length verdict; None when it cannot be told (an open step, a distance not recorded)."""
    wanted = planned_length(step)
    if wanted is None:
        return None
    if isinstance(step.duration, Time):
        return length_verdict(wanted, actual.seconds, LENGTH_FLOOR["time"])
    if actual.meters is None:
        return None
    return length_verdict(wanted, actual.meters, LENGTH_FLOOR["distance"])


def _delta(step: Step, actual: Actual) -> float | None:
    """Seconds over (or under) a timed step's planned time."""
    if isinstance(step.duration, Time):
        low, high = step.duration.seconds, step.duration.upto or step.duration.seconds
        off = actual.seconds - low if actual.seconds < low else actual.seconds - high if actual.seconds > high else 0.0
        return round(off, 1)
    return None


def split_of(step: Step, actual: Actual | None, lap: float) -> float | None:
    """Seconds per track lap of a distance rep up to TRACK_REPS_UPTO, as run."""
    if actual is None or actual.meters is None or not isinstance(step.duration, Distance):
        return None
    if not lap <= step.duration.meters <= TRACK_REPS_UPTO or actual.meters <= 0:
        return None
    return actual.seconds * lap / actual.meters


def judged(matched: Matched, lap: float) -> Judged:
    actual = actual_of(matched.laps)
    step = matched.planned.step
    return Judged(matched, actual, judge(step, actual), split_of(step, actual, lap))


# ---- the summary --------------------------------------------------------------------------------------------


@attrs.frozen
class Fade:
    """The reps' pace against their targets, first half and second half, in s/km (positive: slower)."""

    first: float
    second: float
    reps: int  # in each half

    @property
    def change(self) -> float:
        return self.second - self.first


@attrs.frozen
class Summary:
    reps_planned: int  # active steps
    reps_judged: int  # … with a verdict (efforts and steps that cannot be judged left out)
    reps_on: int
    missed: int  # planned steps of any kind with no lap
    fade: Fade | None
    fastest: Judged | None
    slowest: Judged | None
    zones: tuple[tuple[str, float], ...]  # (zone, seconds), when heart rate and max heart rate are known


def summary(steps: Sequence[Judged], heart_rates: Sequence[tuple[float, int]], maxhr: float | None) -> Summary:
    reps = [j for j in steps if j.step.is_rep]
    judged_reps = [j for j in reps if j.verdict.word is not None]
    run = [j for j in reps if j.actual is not None and j.actual.pace is not None and j.verdict.word != MISSED]
    return Summary(
        reps_planned=len(reps), reps_judged=len(judged_reps),
        reps_on=sum(j.verdict.word == ON for j in judged_reps),
        missed=sum(j.verdict.word == MISSED for j in steps),
        fade=fade([j.verdict.delta_pace for j in run if j.verdict.delta_pace is not None]),
        fastest=min(run, key=_pace, default=None), slowest=max(run, key=_pace, default=None),
        zones=zones(heart_rates, maxhr))


def _pace(judged: Judged) -> float:
    pace = judged.actual.pace if judged.actual else None
    return pace if pace is not None else 0.0


def fade(deltas: Sequence[float]) -> Fade | None:
    """First half against second half of the reps (the middle one of an odd count in neither).

    >>> fade([0.0, 1.0, 2.0, 9.0, 5.0]).change
    6.5
    >>> fade([3.0]) is None
    True
    """
    half = len(deltas) // 2
    if half == 0:
        return None
    return Fade(sum(deltas[:half]) / half, sum(deltas[-half:]) / half, half)


def zones(heart_rates: Sequence[tuple[float, int]], maxhr: float | None) -> tuple[tuple[str, float], ...]:
    """Seconds in each heart-rate zone (shares of max heart rate, as `@z2` reads them), below z1 first.

    >>> zones([(1.0, 90), (1.0, 150), (2.0, 185)], 190)
    (('below z1', 1.0), ('z1', 0.0), ('z2', 0.0), ('z3', 1.0), ('z4', 0.0), ('z5', 2.0))
    """
    if not heart_rates or not maxhr:
        return ()
    seconds = dict.fromkeys(["below z1", *(name for _, name in HR_ZONES)], 0.0)
    for time, bpm in heart_rates:
        name = "below z1"
        for share, zone in HR_ZONES:
            if bpm >= share * maxhr:
                name = zone
        seconds[name] += time
    return tuple(seconds.items())


def per_unit(seconds_per_km: float, units: str) -> float:
    """A pace difference in s/km as seconds per the profile's unit."""
    return seconds_per_km * per_unit_meters(units) / 1000.0
