"""The review's numbers in words, shared by the terminal table and the page."""

from __future__ import annotations

from strides.meaning.model import MILE, Distance, Effort, HeartRate, Pace, Power, Step
from strides.meaning.units import KM, format_clock, format_duration, format_pace
from strides.review.judge import TRACK_REPS_UPTO, Judged, per_unit

NONE = "—"


def target_words(step: Step, units: str) -> str:
    """What the step asked for: the split of a track rep, a pace, a heart rate, a power, an effort; else
    its length (a recovery, a warm-up)."""
    target = step.target
    if isinstance(target, Pace):
        split = step.split
        if split is not None and isinstance(step.duration, Distance) and step.duration.meters <= TRACK_REPS_UPTO:
            return format_clock(split, 1 if split < 600 and split % 1 else 0)
        return format_pace(target.exact, units)
    if isinstance(target, HeartRate):
        return f"{target.low}–{target.high} bpm"
    if isinstance(target, Power):
        return target.label
    if isinstance(target, Effort):
        return target.word
    return format_duration(step.duration)


def time_words(seconds: float) -> str:
    """`1:28.2` under ten minutes (a rep's tenths count), `0:35`, `15:00`, `1:02:03`."""
    return format_clock(seconds, 1 if seconds < 600 and round(seconds, 1) % 1 else 0)


def distance_words(meters: float | None, units: str) -> str:
    if meters is None:
        return NONE
    if meters < KM:
        return f"{meters:.0f} m"
    return f"{meters / (MILE if units == 'mi' else KM):.2f} {units}"


def verdict_words(judged: Judged, units: str) -> str:
    """`on`, `slow +3.0 s (+7.5 s/km)`, `long +6.0 s`, `missed`; a dash for an effort."""
    verdict = judged.verdict
    if verdict.word is None:
        return NONE
    parts = [verdict.word]
    if verdict.word != "missed" and verdict.delta_seconds is not None and verdict.delta_seconds != 0:
        parts.append(f"{verdict.delta_seconds:+.1f} s")
        if verdict.delta_pace is not None:
            parts.append(f"({per_unit(verdict.delta_pace, units):+.1f} s/{units})")
    return " ".join(parts)


def rep_words(step: Step) -> str:
    return f"{step.rep[0]}/{step.rep[1]}" if step.rep else ""


def seconds_per_unit(delta: float, units: str) -> str:
    """`+1.2 s/km`: a pace difference in the profile's unit."""
    return f"{per_unit(delta, units):+.1f} s/{units}"
