"""`strides paces`: the equivalent race times and Daniels training paces of a profile."""

from __future__ import annotations

from strides.language.lexicon import RACES
from strides.meaning import paces
from strides.meaning.model import MILE
from strides.meaning.profile import RACE_LABELS, Runner
from strides.meaning.units import format_clock


def _per(seconds_per_km: float) -> str:
    return f"{format_clock(seconds_per_km)}/km  {format_clock(seconds_per_km * MILE / 1000)}/mi"


def pace_table(runner: Runner) -> str:
    vdot = runner.vdot
    assert vdot is not None
    given = dict(runner.races)
    lines = [f"VDOT {vdot:.1f}", "", "Race equivalents"]
    for name, meters in RACES.items():
        pace = runner.race_pace(name) or paces.pace_of_race(vdot, meters)
        mark = "  (given)" if name in given else ""
        lines.append(f"  {RACE_LABELS[name]:<14} {format_clock(pace * meters / 1000):>8}   {_per(pace)}{mark}")
    easy_fast, easy_slow = paces.easy_range(vdot)
    marathon = runner.race_pace("marathon") or paces.pace_of_race(vdot, RACES["marathon"])
    interval, repetition = paces.interval_pace(vdot), paces.repetition_pace(vdot)
    lines += [
        "", "Training paces",
        f"  E  easy        {format_clock(easy_fast)}–{format_clock(easy_slow)}/km  "
        f"{format_clock(easy_fast * MILE / 1000)}–{format_clock(easy_slow * MILE / 1000)}/mi",
        f"  M  marathon    {_per(marathon)}",
        f"  T  threshold   {_per(paces.threshold_pace(vdot))}",
        f"  I  interval    {_per(interval)}  {format_clock(interval * 0.4, 1)}/400m",
        f"  R  repetition  {_per(repetition)}  {format_clock(repetition * 0.4, 1)}/400m",
    ]
    return "\n".join(lines) + "\n"
