"""Targets as written -> targets in numbers, each with what it was resolved from.

A single pace is widened by the profile's tolerance, so that the watch does not beep on GPS noise; a range
(`E`, `10k..5k`, `3:40-3:45/km`) is its two ends.

>>> from strides.meaning.profile import Runner
>>> pace = target(ast.ClockPace(220.0, None, 1000.0, text="3:40/km"), model.Distance(400), Runner())
>>> pace.fast, pace.exact, pace.slow, pace.basis
(215.6, 220.0, 224.4, ClockPace(seconds=220.0, upto=None, per=1000.0, unit='km'))
"""

from __future__ import annotations

import math

from strides.errors import Span, StridesError
from strides.language import ast
from strides.language.lexicon import RACES, shown
from strides.meaning import model, paces
from strides.meaning.profile import Runner
from strides.meaning.units import format_pace

HEART_RATES = (40, 240)  # bpm, both ends included
SINGLE_HEART_RATE = 3  # `@150bpm` is 147-153 bpm
FASTEST_PACE = 150.0  # s/km: 2:30/km, well beyond any world record over 400 m and up
SLOWEST_PACE = 1800.0
# Friel's running zones as fractions of lactate-threshold heart rate.
FRIEL_ZONES = {1: (0.65, 0.84), 2: (0.85, 0.89), 3: (0.90, 0.94), 4: (0.95, 0.99), 5: (1.00, 1.06)}
# Critical velocity is taken as the speed a race of this many minutes is run at (docs/language.md).
CV_MINUTES = 30.0
POWER_RANGE = (20, 1000)  # watts, both ends included
SINGLE_POWER = 0.03  # `@240W` is 233-247 W, as a running power meter wavers
SHARE_WORDS = {"max": "max", "reserve": "HRR", "lthr": "LTHR"}
# Percentages a share can be, both ends included: above max heart rate is not a heart rate, above LTHR is.
SHARE_RANGES = {"max": (30, 100), "reserve": (20, 100), "lthr": (50, 110)}
EXAMPLE_TIMES = {"1500": "5:00", "mile": "5:30", "3k": "11:00", "2mi": "12:00", "5k": "19:00", "8k": "31:00",
                 "10k": "40:00", "15k": "1:02:00", "10mi": "1:07:00", "hm": "1:30:00", "marathon": "3:15:00"}


def target(written: ast.Target, duration: model.Duration, runner: Runner) -> model.Target:
    """The target of a step of `duration` (a clock pace with no unit is the split for the whole rep)."""
    if isinstance(written, ast.NamedPace):
        return named_pace(written.pace, written.offset, written.span, target_text(written), runner)
    if isinstance(written, ast.PaceBetween):
        return _between(written, runner)
    if isinstance(written, ast.ClockPace):
        return _clock_pace(written, duration, runner)
    if isinstance(written, ast.HeartRateZone):
        return _heart_rate_zone(written, runner)
    if isinstance(written, ast.HeartRateRange):
        return _heart_rate_range(written)
    if isinstance(written, ast.PowerRange):
        return power(written)
    if isinstance(written, ast.SpeedRange):
        return speed(written, runner)
    if isinstance(written, ast.HeartRateShare):
        return heart_rate_share(written, runner)
    return effort(written.word, written.span)


def effort(word: str, span: Span | None = None) -> model.Effort:
    """An effort word; `rpe 7` (as the parser writes it) also says its number."""
    rpe = float(word[len("rpe "):]) if word.startswith("rpe ") else None
    return model.Effort(word, rpe, span)


def named_pace(name: ast.PaceName, offset: ast.Offset | None, span: Span | None, label: str, runner: Runner
               ) -> model.Pace:
    """A race or training pace, moved by its offset."""
    fast, slow = _base_pace(name, span, runner)
    moved = None if offset is None else offset_of(offset, runner)
    basis = _named_basis(name, moved)
    shift = moved.per_km if moved is not None else 0.0
    if fast == slow:
        return single_pace(fast + shift, label, span, basis, runner)
    return model.Pace(fast + shift, slow + shift, (fast + slow) / 2 + shift, label, True, basis, span)


def offset_of(offset: ast.Offset, runner: Runner) -> model.Offset:
    """An offset in numbers: per lap when written bare, per the profile's units when it stands on a road
    pace for a rep of a mile or more (and asked when the profile has none)."""
    if not offset.per_units:
        return model.Offset(offset.seconds, offset.per or runner.lap, offset.per is None)
    if not runner.units_given:
        signed = f"{'-' if offset.seconds < 0 else '+'}{abs(offset.seconds):g}"
        raise StridesError(f"`{offset.text}` on a rep of a mile or more: per mile, per km or per lap?",
                           offset.span, f"write `{signed}s/mi`, `{signed}s/km` or `{signed}s/lap` (or set `units = mi` "
                                        "or `units = km`: a bare offset on a long road rep is then in them)",
                           suggestion=f"{signed}s/mi")
    return model.Offset(offset.seconds, model.MILE if runner.units == "mi" else 1000.0, False)


def single_pace(pace: float, label: str, span: Span | None, basis: model.PaceBasis, runner: Runner
                ) -> model.Pace:
    """A single pace, widened to the profile's tolerance."""
    check_pace(pace, f"@{label}", span)
    value, unit = runner.tolerance
    half = pace * value / 100.0 if unit == "%" else value
    return model.Pace(pace - half, pace + half, pace, label, False, basis, span)


def check_pace(pace: float, what: str, span: Span | None) -> None:
    """Refuse a pace no runner runs: `what` names it in the message."""
    what = shown(what, 40)
    if math.isnan(pace) or pace <= 0:  # an offset larger than the pace itself
        raise StridesError(f"{what} works out at no real pace", span)
    if pace < FASTEST_PACE:
        raise StridesError(f"{what} works out at {format_pace(pace)}, faster than any world record", span)
    if pace > SLOWEST_PACE:
        shown_pace = format_pace(pace) if pace < 100 * SLOWEST_PACE else "far more than an hour per km"
        raise StridesError(f"{what} works out at {shown_pace}, slower than walking", span)


def target_text(written: ast.Target) -> str:
    """The target as written, in its canonical spelling: `5k-3s`, `10k..5k`, `z2`, `140-150bpm`."""
    if isinstance(written, ast.NamedPace):
        return written.pace.text + (written.offset.text if written.offset else "")
    if isinstance(written, ast.PaceBetween):
        return f"{written.faster.text}..{written.slower.text}"
    if isinstance(written, ast.ClockPace):
        return written.text
    if isinstance(written, ast.HeartRateZone):
        return f"z{written.zone}"
    if isinstance(written, ast.HeartRateRange):
        return f"{written.low:g}-{written.high:g}bpm" if written.low != written.high else f"{written.low:g}bpm"
    if isinstance(written, ast.PowerRange):
        return f"{_ends(written.low, written.high)}W"
    if isinstance(written, ast.SpeedRange):
        return f"{_ends(written.low, written.high)}{written.unit}"
    if isinstance(written, ast.HeartRateShare):
        return f"{_ends(written.low, written.high)}%{SHARE_WORDS[written.of]}"
    return written.word


def _ends(low: float, high: float) -> str:
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"


# ---- paces --------------------------------------------------------------------------------------------------


def _named_basis(name: ast.PaceName, offset: model.Offset | None) -> model.RacePace | model.TrainingPace:
    if name.name in RACES:
        return model.RacePace(name.name, RACES[name.name], offset)
    return model.TrainingPace(model.Training(name.name), offset)


def _base_pace(name: ast.PaceName, span: Span | None, runner: Runner) -> tuple[float, float]:
    """A race or training pace as (fast, slow) s/km; equal ends for a single pace."""
    if name.name in RACES:
        pace = runner.race_pace(name.name)
        if pace is None:
            example = EXAMPLE_TIMES[name.name]
            raise StridesError(f"`@{name.text}` needs a {name.name} time or any race in the profile", span,
                               f"add `{name.name} = {example}` or `--set {name.name}={example}`")
        return pace, pace
    vdot = runner.vdot
    if vdot is None:
        raise StridesError(f"`@{name.text}` needs a race time or a vdot in the profile", span,
                           "add `5k = 19:00` (any race) or `vdot = 50`, or `--set 5k=19:00`")
    if name.name == "E":
        return paces.easy_range(vdot)
    if name.name in ("M", "steady"):
        marathon = runner.race_pace("marathon") or paces.pace_of_race(vdot, RACES["marathon"])
        single = marathon if name.name == "M" else (paces.easy_range(vdot)[0] + marathon) / 2
        return single, single
    single = {"T": paces.threshold_pace, "I": paces.interval_pace, "R": paces.repetition_pace,
              "CV": critical_velocity}[name.name](vdot)
    return single, single


def critical_velocity(vdot: float) -> float:
    """The pace, s/km, of a race lasting CV_MINUTES, from the Daniels–Gilbert equations.

    >>> round(critical_velocity(52.88), 1)
    233.2
    """
    return paces.training_pace(vdot, paces.sustainable_fraction(CV_MINUTES))


def _between(written: ast.PaceBetween, runner: Runner) -> model.Pace:
    """Anywhere between two paces: the two paces are the range itself, with no tolerance on top."""
    (fast1, slow1), (fast2, slow2) = (_base_pace(p, written.span, runner) for p in (written.faster, written.slower))
    fast, slow = min(fast1, fast2), max(slow1, slow2)
    label = target_text(written)
    check_pace(fast, f"@{label}", written.span)
    basis = model.PaceBetween(_named_basis(written.faster, None), _named_basis(written.slower, None))
    return model.Pace(fast, slow, (fast1 + slow1 + fast2 + slow2) / 4, label, True, basis, written.span)


def _clock_pace(written: ast.ClockPace, duration: model.Duration, runner: Runner) -> model.Pace:
    per = runner.lap if written.per_lap else written.per
    unit = model.Per.lap if written.per_lap else _unit(written.per)
    if per is None:
        if not isinstance(duration, model.Distance):
            raise StridesError(f"`@{written.text}` on a timed step: per km or per mile?", written.span,
                               f"write `@{written.text}/km` or `@{written.text}/mi`")
        per = duration.meters
    basis = model.ClockPace(written.low, written.high, per, unit)
    low = written.low * 1000.0 / per
    if written.high is None:
        return single_pace(low, written.text, written.span, basis, runner)
    high = written.high * 1000.0 / per
    for pace in (low, high):
        check_pace(pace, f"@{written.text}", written.span)
    return model.Pace(low, high, (low + high) / 2, written.text, True, basis, written.span)


def _unit(per: float | None) -> model.Per:
    if per is None:
        return model.Per.rep
    return {1000.0: model.Per.km, model.MILE: model.Per.mi}.get(per, model.Per.meters)


# ---- heart rates --------------------------------------------------------------------------------------------


def _heart_rate_zone(written: ast.HeartRateZone, runner: Runner) -> model.HeartRate:
    zone = written.zone
    if runner.lthr:
        low, high = (round(runner.lthr * f) for f in FRIEL_ZONES[zone])
        if zone == 5 and runner.maxhr:
            high = round(runner.maxhr)
        scheme = model.ZoneScheme.lthr
    elif runner.maxhr:
        low, high = round(runner.maxhr * (0.4 + zone / 10)), round(runner.maxhr * (0.5 + zone / 10))
        scheme = model.ZoneScheme.max
    else:
        raise StridesError(f"`@z{zone}` needs maxhr or lthr in the profile", written.span,
                           "add `maxhr = 190` or `--set maxhr=190`")
    return model.HeartRate(low, high, f"z{zone}", model.HeartRateZone(zone, scheme), written.span)


def _heart_rate_range(written: ast.HeartRateRange) -> model.HeartRate:
    lowest, highest = HEART_RATES
    if not lowest <= written.low <= written.high <= highest:
        raise StridesError(f"a heart rate runs from {lowest} to {highest} bpm", written.span)
    low, high = written.low, written.high
    if low == high:  # a band around the one value, kept inside the range
        low, high = max(lowest, low - SINGLE_HEART_RATE), min(highest, high + SINGLE_HEART_RATE)
    basis = model.BeatsPerMinute(written.low, written.high)
    return model.HeartRate(round(low), round(high), target_text(written), basis, written.span)


def heart_rate_share(written: ast.HeartRateShare, runner: Runner) -> model.HeartRate:
    """`@70-80%max`, `@60-70% HRR` (Karvonen: resting + share of max minus resting), `@95% LTHR`, in bpm."""
    label = target_text(written)
    lowest, highest = SHARE_RANGES[written.of]
    if not lowest <= written.low <= written.high <= highest:
        raise StridesError(f"`@{label}`: a share of {_SHARE_NAMES[written.of]} runs from {lowest} to {highest}%",
                           written.span)
    base, zero = _share_base(written, label, runner)
    low, high = (zero + (base - zero) * share / 100.0 for share in (written.low, written.high))
    if written.low == written.high:
        low, high = low - SINGLE_HEART_RATE, high + SINGLE_HEART_RATE
    basis = model.HeartRateShare(written.low, written.high, model.ShareOf(written.of))
    heart_rate = model.HeartRate(round(low), round(high), label, basis, written.span)
    if not HEART_RATES[0] <= heart_rate.low <= heart_rate.high <= HEART_RATES[1]:
        raise StridesError(f"`@{label}` works out at {heart_rate.low}-{heart_rate.high} bpm, outside "
                           f"{HEART_RATES[0]}-{HEART_RATES[1]} bpm", written.span)
    return heart_rate


_SHARE_NAMES = {"max": "max heart rate", "reserve": "heart-rate reserve", "lthr": "LTHR"}


def _share_base(written: ast.HeartRateShare, label: str, runner: Runner) -> tuple[float, float]:
    """The heart rates that 100 % and 0 % of the share stand for."""
    needed = {"max": ("maxhr",), "reserve": ("maxhr", "resthr"), "lthr": ("lthr",)}[written.of]
    missing = [key for key in needed if not getattr(runner, key)]
    if missing:
        examples = {"maxhr": 190, "resthr": 50, "lthr": 170}
        raise StridesError(f"`@{label}` needs {' and '.join(missing)} in the profile", written.span,
                           "add " + " and ".join(f"`{key} = {examples[key]}`" for key in missing)
                           + " or " + " ".join(f"`--set {key}={examples[key]}`" for key in missing))
    if written.of == "lthr":
        assert runner.lthr is not None
        return runner.lthr, 0.0
    assert runner.maxhr is not None
    if written.of == "max":
        return runner.maxhr, 0.0
    assert runner.resthr is not None
    if runner.resthr >= runner.maxhr:
        raise StridesError(f"`@{label}` needs a resting heart rate below the maximum (resthr = {runner.resthr:g}, "
                           f"maxhr = {runner.maxhr:g})", written.span)
    return runner.maxhr, runner.resthr


# ---- power and speed ----------------------------------------------------------------------------------------


def power(written: ast.PowerRange) -> model.Power:
    """`@230-250W` as written; `@240W` widened by SINGLE_POWER."""
    lowest, highest = POWER_RANGE
    label = f"{written.low:g} W" if written.low == written.high else f"{written.low:g}–{written.high:g} W"
    if not lowest <= written.low <= written.high <= highest:
        raise StridesError(f"`@{target_text(written)}`: running power runs from {lowest} to {highest} W",
                           written.span)
    if written.low == written.high:
        low, high = round(written.low * (1 - SINGLE_POWER)), round(written.high * (1 + SINGLE_POWER))
        return model.Power(low, high, label, written.low, False, written.span)
    watts = (written.low + written.high) / 2
    return model.Power(round(written.low), round(written.high), label, watts, True, written.span)


def speed(written: ast.SpeedRange, runner: Runner) -> model.Pace:
    """A treadmill speed as the pace it runs at; a single speed widened like any single pace."""
    unit = model.SpeedUnit(written.unit)
    basis = model.Speed(written.low, written.high, unit)
    label = basis.label
    if written.low <= 0:
        raise StridesError(f"`@{target_text(written)}` is standing still: give a speed above 0", written.span)
    per_hour = 1.0 if unit == model.SpeedUnit.kmh else model.MILE / 1000.0  # km per unit
    fast, slow = (3600.0 / (end * per_hour) for end in (written.high, written.low))
    if written.low == written.high:
        return single_pace(fast, label, written.span, basis, runner)
    for pace in (fast, slow):
        check_pace(pace, f"@{label}", written.span)
    middle = 3600.0 / ((written.low + written.high) / 2 * per_hour)
    return model.Pace(fast, slow, middle, label, True, basis, written.span)
