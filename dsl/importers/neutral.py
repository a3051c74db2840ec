"""What every reader makes of a workout file: steps and repeats as the source holds them, with no strides
spelling yet. The printer (`strides.importers.printer`) turns it into strides text.

Durations are the model's own (`Time`, `Distance`, `Open`); targets are the numbers the source holds, with
how finely it holds them, so that the printer writes no more digits than the source can mean.
"""

from __future__ import annotations

import attrs

from strides.errors import StridesError
from strides.language.lexicon import MAX_REPS
from strides.meaning.model import Duration


class Unreadable(StridesError):
    """A file strides cannot read as a workout: one line, exit 1."""


@attrs.frozen
class Speeds:
    """A pace target held as speeds in m/s (`slow` ≤ `fast`), each known to ± `resolution` m/s."""

    slow: float
    fast: float
    resolution: float = 0.001


@attrs.frozen
class RaceShare:
    """A pace as a share of a race's speed (Zwift's `Power` with its `pace`): `low` ≤ `high`, 1.0 the race."""

    race: str  # a strides race name: mile, 5k, 10k, hm, marathon
    low: float
    high: float
    resolution: float = 0.0005


@attrs.frozen
class NamedPace:
    """A pace strides names (`5k`, `T`, `E`), where a source gives a share of a race's pace with no profile
    to put a number on it, or names a zone."""

    name: str


@attrs.frozen
class BeatsPerMinute:
    low: int
    high: int


@attrs.frozen
class HeartRateZone:
    zone: int  # 1-5


@attrs.frozen
class ShareOfMax:
    """A heart rate as percent of maximum heart rate."""

    low: int
    high: int


@attrs.frozen
class Watts:
    low: int
    high: int


@attrs.frozen
class Effort:
    word: str  # all-out, hard, moderate, fast, `rpe 7`


Target = Speeds | RaceShare | NamedPace | BeatsPerMinute | HeartRateZone | ShareOfMax | Watts | Effort


@attrs.frozen
class Step:
    """One step: `intensity` is warmup, active, recovery, rest or cooldown; `kind` a strides kind word when
    the source names one (`jog`, `walk`, `hill`), else None. `unsaid` is what strides cannot say about it,
    kept as comments."""

    intensity: str
    duration: Duration
    target: Target | None = None
    kind: str | None = None
    note: str | None = None
    unsaid: tuple[str, ...] = ()


@attrs.frozen
class Repeat:
    """`count` rounds of `items` (a count range `4-6x` keeps 6 in `count_upto`)."""

    count: int
    items: tuple[Item, ...]
    count_upto: int | None = None


Item = Step | Repeat


@attrs.frozen
class Imported:
    """One workout read from a file: its name (None when the file has none), its items, and what strides
    cannot say about the workout as a whole."""

    name: str | None
    items: tuple[Item, ...]
    unsaid: tuple[str, ...] = ()


def rounds(count: object, where: str) -> int:
    """A repeat's count of rounds as a file gives it, held to what strides runs (1 to 1,000)."""
    if isinstance(count, bool) or not isinstance(count, (int, float)) or count != int(count) \
            or not 1 <= count <= MAX_REPS:
        raise Unreadable(f"{where} repeats {count!r} times; a repeat runs 1 to {MAX_REPS:,} times")
    return int(count)


def unsaid_of(items: tuple[Item, ...]) -> list[str]:
    """Everything the items leave unsaid, in order: what the importer says on standard error."""
    found: list[str] = []
    for item in items:
        found.extend(item.unsaid if isinstance(item, Step) else unsaid_of(item.items))
    return found
