"""The resolved workout: what every backend reads.

Everything here is numbers, never source text to re-parse. Paces are seconds per kilometre, distances metres,
durations seconds. A workout is a sequence of nodes; a node is a `Step` or a `Repeat`. A `Repeat` keeps its
rounds explicitly, each already changed by modifiers (`last all-out`, `each -10s/mi`) and ending with the
recovery that follows it, except the last round: recoveries come between rounds, never after the last one.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

import attrs

from strides.errors import Span

MILE = 1609.344


@attrs.frozen
class Time:
    """A timed duration; `upto` is the upper end when a range such as `15-20min` was written."""

    seconds: float
    upto: float | None = None


@attrs.frozen
class Distance:
    """A distance; `upto` is the upper end when a range such as `r200-400` was written."""

    meters: float
    upto: float | None = None


@attrs.frozen
class Open:
    """Until the lap button is pressed (`open`, `jog back`, `r full`)."""


Duration = Time | Distance | Open


@attrs.frozen
class Pace:
    """A pace target in s/km: `fast` < `slow`; `exact` is the pace the splits are computed from."""

    fast: float
    slow: float
    exact: float
    label: str  # as written, e.g. "5k-3s", "T", "3:48/km"
    is_range: bool = False  # written as a range (E, 10k..5k, 3:40-3:45/km): show both ends, not `exact`


@attrs.frozen
class HeartRate:
    """A heart-rate target in beats per minute."""

    low: int
    high: int
    label: str  # "z2", "140-150bpm"


@attrs.frozen
class Effort:
    """An effort with no pace: the watch shows the word, the runner judges the speed."""

    word: str  # "all-out", "hard", "fast", "rpe 7"


Target = Pace | HeartRate | Effort

INTENSITIES = ("warmup", "active", "recovery", "rest", "cooldown")


@attrs.frozen
class Step:
    """One thing the runner does: a rep, a recovery, a warm-up."""

    kind: str  # warmup, cooldown, run, easy, jog, walk, rest, float, strides, hill, sprint, drills, stretch
    intensity: str  # one of INTENSITIES
    duration: Duration
    target: Target | None = None
    note: str | None = None  # the runner's own words, from `"…"`
    rep: tuple[int, int] | None = None  # (k, n): the k-th of n reps of its block
    text: str = ""  # a short description, e.g. "400 @5k-3s", for names and hover titles
    estimated_seconds: float | None = None  # None for open steps
    estimated_meters: float | None = None

    @property
    def split(self) -> float | None:
        """Seconds for a distance rep at its exact target pace."""
        if isinstance(self.duration, Distance) and isinstance(self.target, Pace):
            return self.duration.meters * self.target.exact / 1000.0
        return None

    @property
    def is_recovery(self) -> bool:
        return self.intensity in ("recovery", "rest")


@attrs.frozen
class Repeat:
    """A block of rounds; each round but the last ends with the recovery written for the block."""

    rounds: tuple[tuple[Node, ...], ...]
    count_upto: int | None = None  # `4-6x400` keeps 6 here and runs 4 rounds
    text: str = ""
    # The recovery written between the rounds; kept here too because a count range run at its low end of one
    # (`1-3x400 r60s`) has no second round for the recovery to stand in, and the card still shows it.
    between: Step | None = None

    @property
    def count(self) -> int:
        return len(self.rounds)


Node = Step | Repeat


@attrs.frozen
class Profile:
    """Where the paces came from, for the line printed on cards and pages."""

    summary: str  # e.g. "5 km 19:00 · VDOT 52.9"; "" when the profile is empty
    units: str = "km"  # how paces are shown: "km" or "mi"
    vdot: float | None = None
    lap: float = 400.0


@attrs.frozen
class Workout:
    """A named workout, resolved."""

    name: str
    items: tuple[Node, ...]
    profile: Profile
    line: int = 1  # where it starts in its file, for messages
    span: Span | None = attrs.field(default=None, eq=False)  # its name line (or first step), for messages

    @cached_property
    def timeline(self) -> tuple[Step, ...]:
        return tuple(unroll(self.items))

    @property
    def total_seconds(self) -> float:
        return sum(s.estimated_seconds or 0.0 for s in self.timeline)

    @property
    def total_meters(self) -> float:
        return sum(s.estimated_meters or 0.0 for s in self.timeline)


def unroll(nodes: tuple[Node, ...]) -> Iterator[Step]:
    """The steps in the order the runner does them."""
    for node in nodes:
        if isinstance(node, Step):
            yield node
        else:
            for round_ in node.rounds:
                yield from unroll(round_)


def join_notes(first: str | None, second: str) -> str:
    """Two notes on one step (`"on grass"` on a rep and another on its block), one after the other."""
    return f"{first}; {second}" if first else str(second)
