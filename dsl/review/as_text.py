"""The review as a table for the terminal: one line per planned step, then the summary and the notes."""

from __future__ import annotations

from collections.abc import Sequence

from strides.meaning.units import format_clock, format_pace
from strides.review.judge import Judged, Summary
from strides.review.phrases import (
    NONE,
    distance_words,
    rep_words,
    seconds_per_unit,
    target_words,
    time_words,
    verdict_words,
)
from strides.review.report import Review

RIGHT = frozenset({"#", "time", "distance", "pace", "split", "HR", "power", "cadence"})


def render(done: Review) -> str:
    units = done.units
    lines = [_heading(done), ""]
    lines += _table(done.steps, units)
    lines += ["", *summary_lines(done.summary, units)]
    lines += ["", "notes:", *(f"  {note}" for note in done.notes)]
    return "\n".join(lines) + "\n"


def _heading(done: Review) -> str:
    activity = done.activity
    when = activity.started.strftime("%Y-%m-%d %H:%M") if activity.started else "no date"
    profile = f" · {done.workout.profile.summary}" if done.workout.profile.summary else ""
    return f"{done.workout.name} · {activity.name} · {when}{profile}"


def _table(steps: Sequence[Judged], units: str) -> list[str]:
    extra = [name for name, has in (("power", any(j.actual and j.actual.power for j in steps)),
                                     ("cadence", any(j.actual and j.actual.cadence for j in steps))) if has]
    heads = ["#", "step", "rep", "target", "time", "distance", "pace", "split", "HR", *extra, "verdict"]
    rows = [_row(j, units, extra) for j in steps]
    widths = [max(len(row[i]) for row in [heads, *rows]) for i in range(len(heads))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.rjust(w) if head in RIGHT else cell.ljust(w)
                         for head, cell, w in zip(heads, cells, widths, strict=True)).rstrip()
    return [line(heads), *(line(row) for row in rows)]


def _row(judged: Judged, units: str, extra: Sequence[str]) -> list[str]:
    step, actual = judged.step, judged.actual
    cells = [str(judged.number), step.text, rep_words(step), target_words(step, units)]
    if actual is None:
        cells += [NONE] * (5 + len(extra))
    else:
        pace = actual.pace
        hr = f"{actual.hr_avg:.0f}/{actual.hr_max}" if actual.hr_avg is not None and actual.hr_max else NONE
        cells += [time_words(actual.seconds), distance_words(actual.meters, units),
                  format_pace(pace, units) if pace else NONE,
                  time_words(judged.split) if judged.split else "", hr]
        numbers = {"power": f"{actual.power:.0f} W" if actual.power else NONE,
                   "cadence": f"{actual.cadence:.0f} spm" if actual.cadence else NONE}
        cells += [numbers[name] for name in extra]
    return [*cells, verdict_words(judged, units)]


def summary_lines(summary: Summary, units: str) -> list[str]:
    """The summary, a line for each of its parts."""
    efforts = summary.reps_planned - summary.reps_judged
    left = f" ({efforts} not judged: efforts, or nothing to judge them by)" if efforts else ""
    lines = [f"reps on target: {summary.reps_on} of {summary.reps_judged}{left}"]
    if summary.missed:
        lines.append(f"steps missed: {summary.missed}")
    if summary.fade is not None:
        fade = summary.fade
        lines.append(f"fade: {seconds_per_unit(fade.change, units)} (first {fade.reps} reps "
                     f"{seconds_per_unit(fade.first, units)} from target, last {fade.reps} "
                     f"{seconds_per_unit(fade.second, units)})")
    for word, judged in (("fastest", summary.fastest), ("slowest", summary.slowest)):
        if judged is not None and judged.actual is not None and judged.actual.pace:
            lines.append(f"{word} rep: step {judged.number} ({judged.step.text} {rep_words(judged.step)}) "
                         f"{format_pace(judged.actual.pace, units)}")
    if summary.zones:
        lines.append("heart rate: " + " · ".join(f"{zone} {format_clock(seconds)}" for zone, seconds in summary.zones
                                                  if seconds))
    return lines
