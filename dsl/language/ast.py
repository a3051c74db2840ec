"""The syntax tree: what the runner wrote, with no profile applied yet.

Nodes are small frozen attrs classes; the source span is a field that takes no part in equality, so tests
compare structure, not positions.
"""

from __future__ import annotations

import attrs

from strides.errors import Span, StridesError
from strides.record import Record


def _span() -> Span | None:
    return attrs.field(default=None, eq=False, repr=False)  # type: ignore[no-any-return]


def _as_written() -> str:
    """The words as typed: kept for labels and messages, but two spellings of one thing are equal."""
    return attrs.field(default="", eq=False, repr=False)


@attrs.frozen(repr=False, eq=False)
class Amount(Record):
    """A length as written. `dimension` is time, distance, bare (a number with no unit), units (a distance in
    the profile's units: Daniels' `2 E`), open or bpm."""

    dimension: str
    low: float  # seconds, metres, or the bare number; 0 for open
    high: float | None = None  # upper end of a range
    laps: bool = False  # written in laps: metres depend on the profile's lap length
    text: str = _as_written()
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class Offset(Record):
    """`-3s` (per lap), `+20s/mi`, `-3s/km`: seconds added per `per` metres (None: per lap)."""

    seconds: float
    per: float | None
    text: str = _as_written()
    span: Span | None = _span()
    per_units: bool = False  # per mile or km, the profile's `units`: `MP-10 sec` on a rep of a mile or more


@attrs.frozen(repr=False, eq=False)
class PaceName(Record):
    """A race (`5k`, `mile`, `hm`) or a training pace (`T`, `easy`), as a canonical name."""

    name: str
    text: str = _as_written()
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class NamedPace(Record):
    """`@5k-3s`, `@T`, `@mp+20s/mi`."""

    pace: PaceName
    offset: Offset | None = None
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class PaceBetween(Record):
    """`@10k..5k`: anywhere between two paces."""

    faster: PaceName
    slower: PaceName
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class ClockPace(Record):
    """`@3:48/km`, `@7:00/mi`, `@3:40-3:45/km`; with no unit (`@1:28`, `@88s`) the split for the whole rep."""

    low: float
    high: float | None
    per: float | None  # metres the time is for; None: the whole rep (or one lap when per_lap)
    per_lap: bool = False
    text: str = _as_written()
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class HeartRateZone(Record):
    """`@z2`."""

    zone: int
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class HeartRateRange(Record):
    """`@140-150bpm`."""

    low: float
    high: float
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class EffortWord(Record):
    """`all-out`, `hard`, `rpe7`: an effort with no pace."""

    word: str
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class PowerRange(Record):
    """`@240W`, `@230-250W`: watts, as a running power meter measures them."""

    low: float
    high: float
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class SpeedRange(Record):
    """`@13km/h`, `@8.5mph`, `@12-14kph`: a treadmill's speed, in the unit written (`km/h` or `mph`)."""

    low: float
    high: float
    unit: str
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class HeartRateShare(Record):
    """`@70-80%max`, `@60-70% HRR`, `@95% LTHR`: percent of max heart rate, of heart-rate reserve or of
    lactate-threshold heart rate."""

    low: float
    high: float
    of: str  # "max", "reserve", "lthr"
    span: Span | None = _span()


Target = (NamedPace | PaceBetween | ClockPace | HeartRateZone | HeartRateRange | EffortWord | PowerRange | SpeedRange
          | HeartRateShare)


@attrs.frozen(repr=False, eq=False)
class Recovery(Record):
    """What comes between reps. `amount` None with `ratio` set is `r1:1`; with neither it runs to the lap button."""

    kind: str  # rest, jog, walk, float
    amount: Amount | None = None
    ratio: float | None = None  # the rest over the work: r1:1 -> 1.0, r1:2 -> 2.0, r2:1 -> 0.5
    target: Target | None = None
    text: str = _as_written()
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class Step(Record):
    """One rep or one continuous run; several amounts make a ladder (one rep each)."""

    kinds: tuple[str, ...]
    amounts: tuple[Amount, ...]
    target: Target | None = None
    recovery: Recovery | None = None
    note: str | None = None
    text: str = _as_written()
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class Group(Record):
    """`(a, b, c)`: a sequence run as one block."""

    items: tuple[Element, ...]
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class Block(Record):
    """`[count x] body [recovery] [note]`: the unit modifiers act on."""

    body: Step | Group
    count: int = 1
    count_upto: int | None = None
    counted: bool = False  # a count was written (`1x400` is a repeat of one)
    recovery: Recovery | None = None
    note: str | None = None
    text: str = _as_written()
    span: Span | None = _span()
    # How strides read what could be read more than one way (`400s: read as 400 m reps`), for explain
    readings: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)


@attrs.frozen(repr=False, eq=False)
class Last(Record):
    """`last all-out`, `last 2 @5k-5s`, `last 3mi @hm`."""

    amount: Amount | None
    change: Target | None
    span: Span | None = _span()
    note: str | None = None  # for the changed reps: `last @mile "kick"`


@attrs.frozen(repr=False, eq=False)
class Reps(Record):
    """`reps 12,16 all-out`."""

    numbers: tuple[int, ...]
    change: Target
    span: Span | None = _span()
    note: str | None = None


@attrs.frozen(repr=False, eq=False)
class Each(Record):
    """`each -10s/mi`: a progression, rep k changed by (k-1) times the offset."""

    offset: Offset
    span: Span | None = _span()


Modifier = Last | Reps | Each
Element = Block | Modifier


@attrs.frozen(repr=False, eq=False)
class Setting(Record):
    """`5k = 19:00`."""

    key: str
    value: str
    span: Span | None = _span()
    value_span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class Header(Record):
    """`Tue 12 x 400:` starts a named workout."""

    name: str
    span: Span | None = _span()


Entry = Header | Setting | Element


@attrs.frozen(repr=False, eq=False)
class WorkoutSource(Record):
    """A workout as written: its name, its elements and the settings in force where it starts."""

    name: str
    elements: tuple[Element, ...]
    settings: tuple[Setting, ...]
    mistake: StridesError | None = attrs.field(default=None, eq=False)  # the first one in its steps
    span: Span | None = _span()
    more_mistakes: tuple[StridesError, ...] = attrs.field(default=(), eq=False)  # those after the first
