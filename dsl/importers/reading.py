"""Words in other formats' step names and notes that say what strides says otherwise: a kind (`Jog`,
`Warm up`), an effort (`all-out`), and in strides' own files the range a step runs the lower end of
(`15–20 min`) and a count range (`4-6x: watch runs 4`).

>>> kind_and_effort("Hill hard")
('hill', 'hard', '')
>>> kind_and_effort("WU 15min")
('warmup', None, '15min')
"""

from __future__ import annotations

import re

from strides.meaning.model import MILE, Distance, Duration, Kind, Time, intensity_of
from strides.meaning.units import format_duration

KIND_WORDS = {
    "wu": "warmup", "warmup": "warmup", "warm-up": "warmup", "warm": "warmup", "cd": "cooldown",
    "cooldown": "cooldown", "cool-down": "cooldown", "cool": "cooldown", "jog": "jog", "walk": "walk",
    "float": "float", "rest": "rest", "recover": "jog", "recovery": "jog", "easy": "easy", "hill": "hill",
    "hills": "hill", "strides": "strides", "sprint": "sprint", "drills": "drills", "stretch": "stretch",
    "run": "run", "interval": "run",
}
# The intensity each kind runs at (docs/language.md): a kind a source names is kept only where it agrees.
KIND_INTENSITY = {str(kind): str(intensity_of(kind)) for kind in Kind}  # every kind, by its word
# `Warm up`, `Cool down`: the kind is two words.
SECOND_WORDS = {"warm": "up", "cool": "down"}
EFFORTS = ("all-out", "hard", "moderate", "fast")
_RPE = re.compile(r"rpe ?(\d+(?:\.\d+)?)$", re.IGNORECASE)
_COUNT_RANGE = re.compile(r"(\d+)-(\d+)x: watch runs (\d+)")
_RANGE_UNITS = {"s": 1.0, "min": 60.0, "h": 3600.0, "m": 1.0, "km": 1000.0, "mi": MILE}


def kind_and_effort(name: str | None) -> tuple[str | None, str | None, str]:
    """The kind a name starts with, the effort it ends with, and the words between."""
    words = (name or "").split()
    kind = None
    if words and words[0].lower() in KIND_WORDS:
        first = words.pop(0).lower()
        kind = KIND_WORDS[first]
        if first in SECOND_WORDS and words and words[0].lower() == SECOND_WORDS[first]:
            words.pop(0)
    effort = effort_word(words[-1]) if words else None
    if effort is not None:
        words.pop()
    elif len(words) >= 2:
        effort = effort_word(" ".join(words[-2:]))
        if effort is not None:
            del words[-2:]
    return kind, effort, " ".join(words)


def effort_word(text: str) -> str | None:
    """`all-out`, `rpe 7`: the effort a whole note is, else None."""
    lowered = text.strip().lower()
    if lowered in EFFORTS:
        return lowered
    match = _RPE.fullmatch(lowered)
    return f"rpe {match.group(1)}" if match else None


def count_range(part: str) -> int | None:
    """The upper end of `4-6x: watch runs 4`, strides' note on a count range's first step."""
    match = _COUNT_RANGE.fullmatch(part.strip())
    return int(match.group(2)) if match else None


def duration_range(part: str, duration: Duration) -> Duration | None:
    """The duration with its upper end, when `part` is strides' note of the range it is the lower end of
    (`15–20 min`, `200–400 m`); None when it is not."""
    if not isinstance(duration, (Time, Distance)) or "–" not in part:
        return None
    upto = _upper_end(part.strip())
    if upto is None:
        return None
    ranged: Duration = Time(duration.seconds, upto) if isinstance(duration, Time) else \
        Distance(duration.meters, upto)
    return ranged if format_duration(ranged) == part.strip() else None


def _upper_end(text: str) -> float | None:
    high = text.split("–", 1)[1]
    match = re.fullmatch(r"(\d+(?:\.\d+)?) ?([a-z]+)?", high)
    if match:
        scale = _RANGE_UNITS.get(match.group(2) or "", None)
        return float(match.group(1)) * scale if scale else None
    clock = re.fullmatch(r"(?:(\d+):)?(\d+):(\d\d)", high)
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        return hours * 3600.0 + minutes * 60.0 + seconds
    return None



_AMOUNT_WORD = re.compile(r"[\d:.,/@%x×+-]+(?:s|sec|secs|min|mins|h|hr|m|km|mi|k|bpm|w)?", re.IGNORECASE)
_SHORT_KINDS = {"WU": "Warm-up", "CD": "Cool-down"}


def step_words(name: str | None, notes: str | None, duration: Duration, *, targeted: bool, ours: bool
               ) -> tuple[str | None, str | None, Duration, str | None, int | None]:
    """(kind, effort, duration, note, count range's upper end) from a step's name and notes.

    In strides' own files (`ours`) the name and the full wording the notes begin with are strides' words,
    read for the kind and effort and then left out, and a range note gives the duration its upper end. In
    another tool's file, a name that says more than a kind and an effort is the runner's: it goes first in
    the note.
    """
    kind, effort, rest = kind_and_effort(name)
    parts = [part for part in (notes or "").split("; ") if part.strip()] if ours else \
        ([notes.strip()] if notes and notes.strip() else [])
    if ours and parts and name and _squeezed(parts[0]).startswith(_squeezed(_expanded(name))):
        parts.pop(0)
    upto = None
    if ours:
        kept = []
        for part in parts:
            ranged = duration_range(part, duration)
            counted = count_range(part)
            if ranged is not None:
                duration = ranged
            elif counted is not None:
                upto = counted
            else:
                kept.append(part)
        parts = kept
    elif name and _says_more(rest):
        parts.insert(0, name.strip())
    if not targeted and effort is None and parts and effort_word(parts[0]):
        effort = effort_word(parts.pop(0))
    return kind, (None if targeted else effort), duration, "; ".join(parts) or None, upto


def _squeezed(text: str) -> str:
    return "".join(text.split()).replace("–", "-")


def _expanded(name: str) -> str:
    first, _, rest = name.partition(" ")
    return f"{_SHORT_KINDS.get(first, first)} {rest}"


def _says_more(rest: str) -> bool:
    return any(not _AMOUNT_WORD.fullmatch(word) for word in rest.split())
