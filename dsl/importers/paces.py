"""How an imported pace is written: a clock pace per km (per mile with `units = mi`), one pace where the
source's range is the profile's tolerance around it, else the range itself; a share of a race's pace as that
race with an offset.

Each end is written in whole seconds when a whole second lies within the source's own rounding of it (a
pace typed as 4:05/km into another tool comes back as 4:05), else to a tenth of a second, so that writing it
adds no more error than the source holds.

>>> from strides.meaning.profile import Runner
>>> from strides.language import fmt
>>> fmt.target_text(pace_target(Speeds(slow=1000 / 250, fast=1000 / 245), Runner()), bare_effort=True)
'@4:05-4:10/km'
>>> fmt.target_text(pace_target(Speeds(slow=4.446, fast=4.628), Runner()), bare_effort=True)
'@3:40.5/km'
"""

from __future__ import annotations

from strides.importers.neutral import RaceShare, Speeds
from strides.language import ast
from strides.meaning.model import MILE
from strides.meaning.profile import Runner

EPSILON = 1e-6


def pace_target(target: Speeds | RaceShare, runner: Runner) -> ast.Target:
    if isinstance(target, RaceShare):
        return _race_share(target, runner)
    per = MILE if runner.units == "mi" else 1000.0
    fast, slow = per / target.fast, per / target.slow
    fast_slack, slow_slack = _slack(per, target.fast, target.resolution), _slack(per, target.slow, target.resolution)
    single = _single(fast, slow, fast_slack, slow_slack, runner, per)
    if single is not None:
        return ast.ClockPace(single, None, per)
    return ast.ClockPace(_rounded(fast, fast_slack), _rounded(slow, slow_slack), per)


def _slack(per: float, speed: float, resolution: float) -> float:
    """How far the pace of a speed held to ± `resolution` may be from the pace meant."""
    return per / max(speed - resolution, EPSILON) - per / speed + EPSILON


def _single(fast: float, slow: float, fast_slack: float, slow_slack: float, runner: Runner, per: float
            ) -> float | None:
    """The one pace whose tolerance band the range is, within the source's rounding (None if none is)."""
    middle = (fast + slow) / 2
    if slow - fast <= fast_slack + slow_slack:  # one speed: the profile's tolerance widens it, as any pace
        return _rounded(middle, max(fast_slack, slow_slack))
    # A whole second must fit as the source holds it; a tenth may add the twentieth of a second it rounds off.
    for candidate, allowance in ((float(round(middle)), 0.0), (round(middle, 1), 0.05)):
        half = _half_band(candidate, runner, per)
        if abs(candidate - half - fast) <= fast_slack + allowance \
                and abs(candidate + half - slow) <= slow_slack + allowance:
            return candidate
    return None


def _half_band(pace: float, runner: Runner, per: float) -> float:
    value, unit = runner.tolerance
    return pace * value / 100.0 if unit == "%" else value * per / 1000.0


def _rounded(pace: float, slack: float) -> float:
    whole = round(pace)
    return float(whole) if abs(whole - pace) <= slack else round(pace, 1)


def _race_share(share: RaceShare, runner: Runner) -> ast.Target:
    """`@5k`, `@5k-7.5s/km`: one share of a race's pace as that race and an offset per km, which keeps the
    workout tied to the runner's fitness as the source is; a range as the paces it spans (the reader gives a
    share only when the profile has the race's pace)."""
    race_pace = runner.race_pace(share.race)
    assert race_pace is not None
    if share.high - share.low > 2 * share.resolution:
        speed = 1000.0 / race_pace
        return pace_target(Speeds(speed * share.low, speed * share.high, speed * share.resolution), runner)
    middle = (share.low + share.high) / 2
    offset = round(race_pace / middle - race_pace, 1)
    if offset == 0:
        return ast.NamedPace(ast.PaceName(share.race))
    return ast.NamedPace(ast.PaceName(share.race), ast.Offset(offset, 1000.0))
