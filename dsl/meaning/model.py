"""The resolved workout: what every backend reads.

Everything here is facts, never source text to re-parse: paces are seconds per kilometre, distances metres,
durations seconds, and every target says what it was resolved from (a race, a Daniels pace, a clock pace, a
heart-rate zone). `label` keeps the target as written, for display only.

A workout is a sequence of nodes; a node is a `Step` or a `Repeat`. A `Repeat` keeps its structure: the
`work` of one round, the recovery `between` rounds (never after the last), how many rounds, and the reps that
modifiers changed (`last all-out`, `each -10s/mi`) by their number. Its `rounds` are derived from these.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from enum import Enum
from functools import cached_property
from types import MappingProxyType

import attrs

from strides.errors import Span
from strides.record import Record

MILE = 1609.344


class _Word(str, Enum):
    """A word the model knows; it is the string itself, in comparisons, JSON, templates and reprs."""

    # The member is a str holding its value: str's own methods give it without the Enum's `value` look-up,
    # which pages and cards make tens of thousands of times.
    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(self, spec)

    def __repr__(self) -> str:
        return repr(str.__str__(self))


class Kind(_Word):
    """What the runner does in a step."""

    warmup = "warmup"
    cooldown = "cooldown"
    run = "run"
    easy = "easy"
    jog = "jog"
    walk = "walk"
    rest = "rest"
    float = "float"
    strides = "strides"
    hill = "hill"
    sprint = "sprint"
    drills = "drills"
    stretch = "stretch"


class Intensity(_Word):
    """What the watch is told about a step."""

    warmup = "warmup"
    active = "active"
    recovery = "recovery"
    rest = "rest"
    cooldown = "cooldown"


INTENSITIES = tuple(intensity.value for intensity in Intensity)
# What the watch is told for each kind of step; a kind not named here is run (`active`).
KIND_INTENSITY = {Kind.warmup: Intensity.warmup, Kind.cooldown: Intensity.cooldown, Kind.rest: Intensity.rest,
                  Kind.jog: Intensity.recovery, Kind.walk: Intensity.recovery, Kind.float: Intensity.recovery}


def intensity_of(kind: Kind) -> Intensity:
    """The intensity the watch is told for a step of `kind`."""
    return KIND_INTENSITY.get(kind, Intensity.active)


class Zone(_Word):
    """How hard a step is, in the chart's six bands (each starts where the one below it ends)."""

    recovery = "recovery"
    easy = "easy"
    steady = "steady"
    threshold = "threshold"
    interval = "interval"
    max = "max"


# Where each zone starts, on a level from 0 (standing still) to 1 (all-out).
ZONE_FLOORS: tuple[tuple[float, Zone], ...] = (
    (0.0, Zone.recovery), (0.16, Zone.easy), (0.45, Zone.steady), (0.575, Zone.threshold),
    (0.725, Zone.interval), (0.88, Zone.max),
)


# ---- durations ----------------------------------------------------------------------------------------------


@attrs.frozen(repr=False, eq=False)
class Time(Record):
    """A timed duration; `upto` is the upper end when a range such as `15-20min` was written."""

    seconds: float
    upto: float | None = None


@attrs.frozen(repr=False, eq=False)
class Distance(Record):
    """A distance; `upto` is the upper end when a range such as `r200-400` was written."""

    meters: float
    upto: float | None = None
    # The unit the runner wrote it in ("m", "km", "mi"), so that `r0.5mi` reads "0.5 mi"; None when the model
    # made the distance (a lap count, a split of a step). How it reads, not how far it is: not in equality.
    written_in: str | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(repr=False, eq=False)
class Open(Record):
    """Until the lap button is pressed (`open`, `jog back`, `r full`)."""


Duration = Time | Distance | Open


# ---- what a pace was resolved from ----------------------------------------------------------------------------


class Training(_Word):
    """Daniels' training paces, and steady (halfway between easy and marathon pace)."""

    E = "E"
    M = "M"
    T = "T"
    I = "I"  # noqa: E741 (Daniels' own letter)
    R = "R"
    steady = "steady"
    CV = "CV"  # critical velocity: the speed a race of about 30 minutes is run at (docs/language.md)


class Per(_Word):
    """What a clock pace is measured over: a km, a mile, a lap, some metres, or the whole rep (`@1:28`)."""

    km = "km"
    mi = "mi"
    lap = "lap"
    meters = "m"
    rep = "rep"


@attrs.frozen(repr=False, eq=False)
class Offset(Record):
    """`-3s` (per lap), `+20s/mi`: seconds added per `per` metres."""

    seconds: float
    per: float
    per_lap: bool = False  # written per lap: `per` is the profile's lap

    @property
    def per_km(self) -> float:
        return self.seconds * 1000.0 / self.per


@attrs.frozen(repr=False, eq=False)
class RacePace(Record):
    """The pace of a race (`@5k`, `@hm`), from the profile's races or their equivalent."""

    race: str  # the canonical name: 1500, mile, 3k, 2mi, 5k, 8k, 10k, 15k, 10mi, hm, marathon
    meters: float
    offset: Offset | None = None


@attrs.frozen(repr=False, eq=False)
class TrainingPace(Record):
    """A Daniels pace from the profile's VDOT (`@T`, `@E`, `12mi easy`)."""

    pace: Training
    offset: Offset | None = None


@attrs.frozen(repr=False, eq=False)
class ClockPace(Record):
    """A pace written as a time (`@3:48/km`, `@3:40-3:45/km`, `@1:28` for the whole rep)."""

    seconds: float
    upto: float | None  # the slower end of a range
    per: float  # metres the time is for
    unit: Per


@attrs.frozen(repr=False, eq=False)
class PaceBetween(Record):
    """Anywhere between two paces (`@10k..5k`)."""

    faster: RacePace | TrainingPace
    slower: RacePace | TrainingPace


@attrs.frozen(repr=False, eq=False)
class Progression(Record):
    """A rep of `each -10s/mi`: its block's pace moved `times` times by `each`."""

    base: PaceBasis
    each: Offset
    times: int


class SpeedUnit(_Word):
    """How a treadmill speed was written."""

    kmh = "km/h"
    mph = "mph"


@attrs.frozen(repr=False, eq=False)
class Speed(Record):
    """A speed (`@13km/h`, `@8.5mph`, `@12-14km/h`): `low` and `high` in `unit`, equal for one speed."""

    low: float
    high: float
    unit: SpeedUnit

    @property
    def label(self) -> str:
        """`13 km/h`, `12–14 km/h`, `8.5 mph`."""
        ends = f"{self.low:g}" if self.low == self.high else f"{self.low:g}–{self.high:g}"
        return f"{ends} {self.unit}"


PaceBasis = RacePace | TrainingPace | ClockPace | PaceBetween | Progression | Speed


# ---- targets ------------------------------------------------------------------------------------------------


def _span() -> Span | None:
    return attrs.field(default=None, eq=False, repr=False)  # type: ignore[no-any-return]


@attrs.frozen(repr=False, eq=False)
class Pace(Record):
    """A pace target in s/km: `fast` < `slow`; `exact` is the pace the splits are computed from."""

    fast: float
    slow: float
    exact: float
    label: str  # as written, e.g. "5k-3s", "T", "3:48/km": for display only
    is_range: bool = False  # written as a range (E, 10k..5k, 3:40-3:45/km): show both ends, not `exact`
    # What it was resolved from (None only in models built by hand). Not part of equality: two paces that
    # run alike and read alike are one pace, however they were reached (`each` moves cancelling out).
    basis: PaceBasis | None = attrs.field(default=None, eq=False)
    span: Span | None = _span()  # where it was written, for warnings


class ZoneScheme(_Word):
    """How heart-rate zones are reckoned: fractions of maximum heart rate, or Friel's zones of LTHR."""

    max = "maxhr"
    lthr = "lthr"


@attrs.frozen(repr=False, eq=False)
class HeartRateZone(Record):
    """`@z2`: zone `zone` of `scheme`."""

    zone: int
    scheme: ZoneScheme


@attrs.frozen(repr=False, eq=False)
class BeatsPerMinute(Record):
    """`@140-150bpm` or `@150bpm`, as written (a single value is widened into a band)."""

    low: float
    high: float


class ShareOf(_Word):
    """What a heart rate written as a percentage is a share of."""

    max = "max"  # maximum heart rate
    reserve = "reserve"  # heart-rate reserve, max minus resting (Karvonen)
    lthr = "lthr"  # lactate-threshold heart rate


@attrs.frozen(repr=False, eq=False)
class HeartRateShare(Record):
    """`@70-80%max`, `@60-70% HRR`, `@95% LTHR`: `low` to `high` percent of `of`."""

    low: float
    high: float
    of: ShareOf


@attrs.frozen(repr=False, eq=False)
class HeartRate(Record):
    """A heart-rate target in beats per minute."""

    low: int
    high: int
    label: str  # as written: "z2", "140-150bpm", "70-80%max"
    # What it was resolved from, as for `Pace`.
    basis: HeartRateZone | BeatsPerMinute | HeartRateShare | None = attrs.field(default=None, eq=False)
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class Power(Record):
    """A running-power target in watts (`@240W` widened by the tolerance, `@230-250W` as written)."""

    low: int
    high: int
    label: str  # for display: "230–250 W", "240 W"
    watts: float  # the power written, or the middle of a range
    is_range: bool = False
    span: Span | None = _span()


@attrs.frozen(repr=False, eq=False)
class Effort(Record):
    """An effort with no pace: the watch shows the word, the runner judges the speed."""

    word: str  # "all-out", "hard", "moderate", "fast", "rpe 7"
    rpe: float | None = None  # the number of `rpe 7`
    span: Span | None = _span()


Target = Pace | HeartRate | Effort | Power


# ---- nodes --------------------------------------------------------------------------------------------------

UNTARGETED_LEVEL = 0.32  # easy running: how hard a step is until the resolver says otherwise


@attrs.frozen(repr=False, eq=False)
class Step(Record):
    """One thing the runner does: a rep, a recovery, a warm-up."""

    kind: Kind
    intensity: Intensity
    duration: Duration
    target: Target | None = None
    note: str | None = None  # the runner's own words, from `"…"`
    rep: tuple[int, int] | None = None  # (k, n): the k-th of n reps of its block, set in the timeline
    text: str = ""  # a short description, e.g. "400 @5k-3s", for names and hover titles
    estimated_seconds: float | None = None  # None for open steps
    estimated_meters: float | None = None
    level: float = UNTARGETED_LEVEL  # how hard: 0 standing still to 1 all-out
    zone: Zone = Zone.easy  # the band `level` falls in

    @property
    def split(self) -> float | None:
        """Seconds for a distance rep at its exact target pace."""
        if isinstance(self.duration, Distance) and isinstance(self.target, Pace):
            return self.duration.meters * self.target.exact / 1000.0
        return None

    @property
    def is_recovery(self) -> bool:
        return self.intensity in ("recovery", "rest")

    @property
    def is_rep(self) -> bool:
        """An active step: what modifiers change and rep numbers count."""
        return self.intensity == "active"

    # Copies with one fact added: `attrs.evolve` spelled out, twice as fast, because the passes and the
    # timeline make one for every step (tests/meaning/test_model.py checks that each keeps every other field).
    def numbered(self, number: int, total: int) -> Step:
        """The step as rep `number` of `total`."""
        return Step(self.kind, self.intensity, self.duration, self.target, self.note, (number, total), self.text,
                    self.estimated_seconds, self.estimated_meters, self.level, self.zone)

    def estimated(self, seconds: float | None, meters: float | None) -> Step:
        """The step with its likely time and distance."""
        return Step(self.kind, self.intensity, self.duration, self.target, self.note, self.rep, self.text,
                    seconds, meters, self.level, self.zone)

    def graded(self, level: float, zone: Zone) -> Step:
        """The step with how hard it is."""
        return Step(self.kind, self.intensity, self.duration, self.target, self.note, self.rep, self.text,
                    self.estimated_seconds, self.estimated_meters, level, zone)


@attrs.frozen(repr=False, eq=False)
class Repeat(Record):
    """`count` rounds of `work`, with `between` after every round but the last.

    A group or ladder run once (`(1600 @10k, 800 @5k)`, `200/400/600 @5k r200`) is a repeat of one round
    whose recoveries are part of its work. `changes` are the reps that modifiers changed, by their number in
    running order over all rounds (from 1), ascending.
    """

    work: tuple[Node, ...]
    count: int = 1
    between: Step | None = None
    count_upto: int | None = None  # `4-6x400` keeps 6 here and runs 4 rounds
    changes: tuple[tuple[int, Step], ...] = ()
    text: str = ""

    @cached_property
    def size(self) -> int:
        """Steps once unrolled."""
        return self.count * sum(size(node) for node in self.work) + (self.count - 1) * (self.between is not None)

    @cached_property
    def reps_per_round(self) -> int:
        return sum(reps(node) for node in self.work)

    @property
    def reps(self) -> int:
        """Reps (active steps) in all rounds."""
        return self.count * self.reps_per_round

    @cached_property
    def changed(self) -> Mapping[int, Step]:
        """`changes` by rep number."""
        return MappingProxyType(dict(self.changes))

    @cached_property
    def rounds(self) -> tuple[tuple[Node, ...], ...]:
        """Each round's work, changed by the modifiers, and `between` after all but the last."""
        works = self._works
        if self.between is None:
            return works
        return tuple((*work, self.between) for work in works[:-1]) + works[-1:]

    def with_steps(self, work: tuple[Node, ...], between: Step | None, changes: tuple[tuple[int, Step], ...]
                   ) -> Repeat:
        """The repeat with its steps replaced (`attrs.evolve` spelled out: a pass makes one per repeat)."""
        return Repeat(work, self.count, between, self.count_upto, changes, self.text)

    def unchanged_rep(self, number: int) -> Step:
        """Rep `number` as the round's work has it, before this repeat's own changes."""
        return rep_in(self.work, (number - 1) % self.reps_per_round + 1)

    def round(self, index: int) -> tuple[Node, ...]:
        """The work of round `index` (from 0), changed by the modifiers, without the recovery after it."""
        return self._works[index]

    @cached_property
    def _works(self) -> tuple[tuple[Node, ...], ...]:
        per = self.reps_per_round
        by_round: dict[int, list[tuple[int, Step]]] = {}
        for number, step in self.changes:
            index, within = divmod(number - 1, per)
            by_round.setdefault(index, []).append((within + 1, step))
        return tuple(changed_nodes(self.work, by_round[i]) if i in by_round else self.work
                     for i in range(self.count))


Node = Step | Repeat


def size(node: Node) -> int:
    """Steps in a node once unrolled."""
    return 1 if isinstance(node, Step) else node.size


def reps(node: Node) -> int:
    """Reps (active steps) in a node once unrolled."""
    if isinstance(node, Step):
        return int(node.is_rep)
    return node.reps


def rep_at(node: Node, number: int) -> Step:
    """Rep `number` (from 1, in running order) of a node, as the modifiers left it."""
    if isinstance(node, Step):
        return node
    return node.changed.get(number) or node.unchanged_rep(number)


def rep_in(nodes: Sequence[Node], number: int) -> Step:
    """Rep `number` (from 1, in running order) of a sequence of nodes."""
    for node in nodes:
        count = reps(node)
        if number <= count:
            return rep_at(node, number)
        number -= count
    raise IndexError(f"no rep {number}")


def changed_nodes(nodes: tuple[Node, ...], changes: Sequence[tuple[int, Step]]) -> tuple[Node, ...]:
    """`nodes` with the reps numbered in `changes` (ascending, from 1 over `nodes`) replaced; a change inside a
    nested repeat becomes one of that repeat's changes, over the ones it had."""
    result: list[Node] = []
    offset, index = 0, 0
    for node in nodes:
        count = reps(node)
        end = index
        while end < len(changes) and changes[end][0] <= offset + count:
            end += 1
        mine = changes[index:end]
        if not mine:
            result.append(node)
        elif isinstance(node, Step):
            result.append(mine[0][1])
        else:
            merged = {**node.changed, **{number - offset: step for number, step in mine}}
            result.append(attrs.evolve(node, changes=tuple(sorted(merged.items(), key=lambda pair: pair[0]))))
        offset, index = offset + count, end
    return tuple(result)


def unroll(nodes: Sequence[Node]) -> Iterator[Step]:
    """The steps in the order the runner does them (reps not numbered: see `Workout.timeline`)."""
    for node in nodes:
        if isinstance(node, Step):
            yield node
        else:
            for round_ in node.rounds:
                yield from unroll(round_)


def numbered(node: Node) -> tuple[Step, ...]:
    """The steps of a workout's item in running order, the reps of a repeat numbered (k, n)."""
    if isinstance(node, Step):
        return (node,)
    total, number = node.reps, 0
    steps = []
    for step in unroll((node,)):
        if step.is_rep:
            number += 1
            step = step.numbered(number, total)
        steps.append(step)
    return tuple(steps)


# ---- the workout --------------------------------------------------------------------------------------------


@attrs.frozen(repr=False, eq=False)
class Profile(Record):
    """Where the paces came from, for the line printed on cards and pages."""

    summary: str  # e.g. "5 km 19:00 · VDOT 52.9"; "" when the profile is empty
    units: str = "km"  # how paces are shown: "km" or "mi"
    vdot: float | None = None
    lap: float = 400.0
    maxhr: float | None = None  # for outputs that give heart rates as a share of it
    # The pace of each race (s/km) a runner of this VDOT runs, for outputs that hold paces as shares of a
    # race's pace (Zwift): (canonical race name, pace), empty without a VDOT.
    race_paces: tuple[tuple[str, float], ...] = ()

    def race_pace(self, race: str) -> float | None:
        """The VDOT's pace for `race` (a canonical name: `5k`, `hm`), None without a VDOT."""
        return dict(self.race_paces).get(race)


@attrs.frozen(repr=False, eq=False)
class Workout(Record):
    """A named workout, resolved."""

    name: str
    items: tuple[Node, ...]
    profile: Profile
    line: int = 1  # where it starts in its file, for messages
    span: Span | None = attrs.field(default=None, eq=False)  # its name line (or first step), for messages
    # How strides read what it could have read otherwise: "`400s`: read as 400 m reps"
    readings: tuple[str, ...] = ()

    def with_items(self, items: tuple[Node, ...]) -> Workout:
        """The workout with its items replaced (`attrs.evolve` spelled out: a pass makes one per workout)."""
        return Workout(self.name, items, self.profile, self.line, self.span, self.readings)

    @cached_property
    def steps_per_item(self) -> tuple[tuple[Step, ...], ...]:
        """The timeline, item by item."""
        return tuple(numbered(node) for node in self.items)

    @cached_property
    def timeline(self) -> tuple[Step, ...]:
        """Every step in running order, the reps of each repeat numbered."""
        return tuple(step for steps in self.steps_per_item for step in steps)

    @property
    def total_seconds(self) -> float:
        return sum(s.estimated_seconds or 0.0 for s in self.timeline)

    @property
    def total_meters(self) -> float:
        return sum(s.estimated_meters or 0.0 for s in self.timeline)


def join_notes(first: str | None, second: str) -> str:
    """Two notes on one step (`"on grass"` on a rep and another on its block), one after the other."""
    return f"{first}; {second}" if first else str(second)
