"""Every word and number a person reads, in one place: kinds, amounts, paces, splits, targets, recoveries
and totals.

`Phrasebook` speaks plain prose (`strides explain`, the editor's hover text). Each medium subclasses it and
overrides only what differs there (the card puts the kind first in a recovery, `rest 35 s`; a watch has a
few bytes for a name). Nothing here reads a label to learn a fact: paces, races and zones come from the
model; a label is shown, as written, only for targets this module has no words for.

>>> book = Phrasebook("km")
>>> book.amount(Distance(804.672, written_in="mi"))
'0.5 mi'
>>> book.recovery(Step(Kind.rest, Intensity.rest, Time(35.0)))
'35 s'
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from strides.meaning.model import (
    MILE,
    BeatsPerMinute,
    Distance,
    Duration,
    Effort,
    HeartRate,
    HeartRateZone,
    Intensity,
    Kind,
    Node,
    Offset,
    Open,
    Pace,
    PaceBasis,
    PaceBetween,
    Progression,
    RacePace,
    Repeat,
    Step,
    Target,
    Time,
    Training,
    TrainingPace,
    Workout,
)
from strides.meaning.profile import RACE_WORDS
from strides.meaning.units import (
    KM,
    format_clock,
    format_distance,
    format_pace,
    format_seconds,
    per_unit_meters,
    time_range,
)
from strides.record import Record

# One table of kinds: (the noun, the verb phrase that starts a sentence).
KINDS: dict[str, tuple[str, str]] = {
    Kind.warmup: ("warm-up", "Warm up"), Kind.cooldown: ("cool-down", "Cool down"), Kind.run: ("run", "Run"),
    Kind.easy: ("easy", "Easy run"), Kind.jog: ("jog", "Jog"), Kind.walk: ("walk", "Walk"),
    Kind.rest: ("rest", "Rest"), Kind.float: ("float", "Float"), Kind.strides: ("strides", "Strides"),
    Kind.hill: ("hill", "Hill rep"), Kind.sprint: ("sprint", "Sprint"), Kind.drills: ("drills", "Drills"),
    Kind.stretch: ("stretch", "Stretch"),
}
INTENSITY_WORDS = {"warmup": "warm-up", "active": "active", "recovery": "recovery", "rest": "rest",
                   "cooldown": "cool-down"}
# Where a name has few letters: a watch's step names.
SHORT_KINDS: dict[str, str] = {Kind.warmup: "WU", Kind.cooldown: "CD"}
LEADING_KINDS = (Kind.warmup, Kind.cooldown, Kind.drills, Kind.stretch)  # read before the amount: `Warm-up 15 min`
IMPLIED_EFFORT = {Kind.strides: "fast", Kind.sprint: "all-out"}  # the language's defaults, not worth repeating
RACE_NAMES = {name: named for name, (_, named) in RACE_WORDS.items()}
TRAINING_NAMES = {Training.E: "easy", Training.M: "marathon", Training.T: "threshold", Training.I: "interval",
                  Training.R: "repetition", Training.steady: "steady"}
TRACK_METRES_BELOW = 3000.0  # shorter distances in metres read as runners say them: 1600 m, not 1.6 km
UNTIL_LAP = "until you press lap"


def trim(number: float) -> str:
    """`0.5`, `2`, `1.25`: at most two decimals, no trailing zeros."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def clock(seconds: float) -> str:
    return format_clock(seconds)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def _whole_miles(meters: float) -> bool:
    miles = meters / MILE
    return meters >= MILE * 0.99 and abs(miles * 100 - round(miles * 100)) < 1e-6


def distance(meters: float, unit: str | None = None) -> str:
    """A distance in the unit the runner wrote it in (`unit`: m, km or mi; None when the model made it)."""
    if unit == "mi" or (unit is None and _whole_miles(meters)):
        return f"{trim(meters / MILE)} mi"
    if unit == "km":
        return f"{trim(meters / KM)} km"
    if meters < TRACK_METRES_BELOW:
        return f"{trim(meters)} m"
    return format_distance(meters)


def estimated_distance(meters: float) -> str:
    """A distance worked out, not written: to 100 m from a kilometre on (`1.6 km`), else to 10 m."""
    return format_distance(round(meters, -2 if meters >= 1000 else -1))


def distance_range(low: float, high: float, unit: str | None = None) -> str:
    """`200–400 m`, `1–2 mi`: the unit once."""
    low_text, high_text = distance(low, unit), distance(high, unit)
    word = high_text.split()[-1]
    return f"{low_text.removesuffix(' ' + word)}–{high_text}"


def pace(seconds_per_km: float, units: str) -> str:
    """`3:40/km`, `5:55/mi`."""
    return format_pace(seconds_per_km, units)


def pace_span(fast: float, slow: float, units: str) -> str:
    """`5:08–5:49/km`."""
    return f"{format_pace(fast, units).split('/')[0]}–{format_pace(slow, units)}"


# ---- the display rules: one way to show each kind of target, on every surface -----------------------------
#
# - A pace written as a range (`easy`, `@E`, `@10k..5k`, `@3:40-3:45/km`) shows its range, `4:54–5:35/km`,
#   never its middle: it is run anywhere inside.
# - A single pace shows itself, `4:00/km`; where there is room, the band the watch allows around it beside
#   it (`watch_band`, `3:55–4:05/km`).
# - A rep at a single pace over a distance is read by its split (`split_text`, `1:36`), and every split (the
#   rep's, the 200 m, each lap, each km or mile of a road segment) is rounded the one way `clock` rounds: to
#   the nearest whole second.
# - Every pace carries its unit, and the unit is the profile's `units`.


def pace_words(target: Pace, units: str) -> str:
    """A pace target by the rules above: `4:54–5:35/km` for a range, `4:00/km` for a single pace."""
    if target.is_range:
        return pace_span(target.fast, target.slow, units)
    return pace(target.exact, units)


def pace_first_to_last(first: Pace, last: Pace, units: str) -> str:
    """A progression's paces from its first rep to its last, `5:12 → 4:16/km`: no one rep's pace is the
    block's."""
    return f"{pace_words(first, units).removesuffix('/' + units)} → {pace_words(last, units)}"


def watch_band(target: Pace, units: str) -> str:
    """The band the watch keeps a single pace in, `3:55–4:05/km`; empty for a range, which is its own band."""
    return "" if target.is_range else pace_span(target.fast, target.slow, units)


def total_time(seconds: float) -> str:
    """The one rounding of a workout's time, everywhere: to the minute (`49 min`, `1 h 05 min`)."""
    minutes = round(seconds / 60)
    return format_seconds(60 * minutes) if minutes else "0 min"


def total_distance(meters: float, units: str) -> str:
    """The one rounding of a workout's distance, everywhere: `9.8 km`, `6.1 mi`."""
    return f"{meters / per_unit_meters(units):.1f} {units}"


@attrs.frozen(repr=False, eq=False)
class Totals(Record):
    """A workout's totals in words; every output shows these same strings."""

    time: str  # "about 49 min"
    distance: str  # "9.8 km"
    open_steps: int  # steps with no estimate: they last until the lap button

    @property
    def open_phrase(self) -> str:
        """`plus 1 open step (lap button)`, or empty: steps that end when the runner says, not counted in."""
        return f"plus {plural(self.open_steps, 'open step')} (lap button)" if self.open_steps else ""

    @property
    def line(self) -> str:
        """`about 49 min · 9.8 km plus 5 open steps (lap button)`."""
        text = f"{self.time} · {self.distance}"
        return f"{text} {self.open_phrase}" if self.open_steps else text


def totals(workout: Workout) -> Totals:
    open_steps = sum(1 for step in workout.timeline if isinstance(step.duration, Open))
    return Totals(f"about {total_time(workout.total_seconds)}",
                  total_distance(workout.total_meters, workout.profile.units), open_steps)


def offset_words(offset: Offset, units: str) -> str:
    """`−3 s/lap`, `+20 s/mi`, `−5 s/km`."""
    sign = "−" if offset.seconds < 0 else "+"
    if offset.per_lap:
        return f"{sign}{trim(abs(offset.seconds))} s/lap"
    for name, meters in (("km", KM), ("mi", MILE)):
        if abs(offset.per - meters) < 1e-6:
            return f"{sign}{trim(abs(offset.seconds))} s/{name}"
    return f"{sign}{trim(abs(offset.per_km) * per_unit_meters(units) / KM)} s/{units}"


def pace_name(basis: PaceBasis | None, units: str) -> str:
    """What a pace was resolved from, in words (`5k pace −3 s/lap`, `threshold pace`); empty for a clock pace,
    which is its own name."""
    if isinstance(basis, RacePace):
        name = f"{RACE_NAMES.get(basis.race, basis.race)} pace"
        return f"{name} {offset_words(basis.offset, units)}" if basis.offset else name
    if isinstance(basis, TrainingPace):
        name = f"{TRAINING_NAMES[basis.pace]} pace"
        return f"{name} {offset_words(basis.offset, units)}" if basis.offset else name
    if isinstance(basis, PaceBetween):
        return f"{pace_name(basis.faster, units).removesuffix(' pace')}–{pace_name(basis.slower, units)}"
    return ""


def label_of(target: object) -> str:
    """A target as written (`5k-3s`, `z2`, `240W`): what any kind of target can show."""
    return str(getattr(target, "label", ""))


def is_plain_easy(target: Target | None) -> bool:
    """Written as easy pace (`@E`, `12mi easy`) with no offset, however modifiers moved it since."""
    if not isinstance(target, Pace):
        return False
    basis = target.basis
    while isinstance(basis, Progression):
        basis = basis.base
    return basis == TrainingPace(Training.E)


def is_timed_on_track(step: Step) -> bool:
    """A rep whose split is worth reading: an active distance step at a pace (not a warm-up or easy run)."""
    return (step.intensity == Intensity.active and step.kind != Kind.easy and isinstance(step.duration, Distance)
            and isinstance(step.target, Pace) and not is_plain_easy(step.target))


def split_text(step: Step) -> str:
    """The split of a distance rep (`1:28`), its range for a pace range (`2:56–3:00`), else empty."""
    target, duration = step.target, step.duration
    if not isinstance(target, Pace) or not isinstance(duration, Distance):
        return ""
    if target.is_range:
        if not is_timed_on_track(step):
            return ""
        fast, slow = duration.meters * target.fast / KM, duration.meters * target.slow / KM
        return f"{clock(fast)}–{clock(slow)}" if clock(fast) != clock(slow) else clock(fast)
    return clock(duration.meters * target.exact / KM)


class Phrasebook:
    """The words of plain prose; a medium subclasses it and overrides what differs there."""

    def __init__(self, units: str = "km", lap: float = 400.0) -> None:
        self.units, self.lap = units, lap

    # ---- kinds and amounts ----
    def kind(self, kind: str) -> str:
        """The noun: `warm-up`, `jog`, `hill`."""
        return KINDS.get(kind, (kind, kind.capitalize()))[0]

    def kind_title(self, kind: str) -> str:
        """The noun at the start of a line: `Warm-up`, `Drills`."""
        word = self.kind(kind)
        return word[:1].upper() + word[1:]

    def kind_short(self, kind: str) -> str:
        """The kind in a name of a few letters: `WU`, `CD`, `Hill`."""
        return SHORT_KINDS.get(kind) or self.kind_title(kind)

    def doing(self, kind: str) -> str:
        """The verb phrase a sentence starts with: `Warm up`, `Easy run`, `Hill rep`."""
        return KINDS.get(kind, (kind, kind.capitalize()))[1]

    def amount(self, duration: Duration) -> str:
        """`400 m`, `0.5 mi`, `15–20 min`, `until you press lap`."""
        if isinstance(duration, Open):
            return UNTIL_LAP
        if isinstance(duration, Time):
            if duration.upto is None:
                return format_seconds(duration.seconds)
            return time_range(duration.seconds, duration.upto)
        if duration.upto is None:
            if duration.written_in is None and duration.meters >= TRACK_METRES_BELOW:
                return self.worked_out(duration.meters)
            return distance(duration.meters, duration.written_in)
        return distance_range(duration.meters, duration.upto, duration.written_in)

    def worked_out(self, meters: float) -> str:
        """A distance strides worked out (the easy part of `16mi easy; last 25min @mp`), in the profile's
        units to a hundredth, unless it is a whole one written some other way (`15 mi`, `5 km`)."""
        if _whole_miles(meters) or abs(meters % 100) < 1e-6:
            return distance(meters)
        unit = "mi" if self.units == "mi" else "km"
        return f"{trim(meters / (MILE if unit == 'mi' else KM))} {unit}"

    # ---- paces and targets ----
    def pace(self, target: Pace) -> str:
        """`3:40/km`, or both ends of a range: `4:41–5:19/km` (`pace_words`)."""
        return pace_words(target, self.units)

    def label(self, target: Target | None) -> str:
        """The target as written, the way a card shows it: `@5k-3s`, `@z2`, `all-out`, `@240W`."""
        if isinstance(target, Effort):
            return target.word
        if target is None:
            return ""
        return f"@{label_of(target)}"

    def target_value(self, target: Target | None) -> str:
        """The resolved numbers of a target: `3:40/km`, `133–152 bpm`; a target of another kind its label."""
        shown: object = target  # kinds of target still to come (power) fall through to their label
        if isinstance(shown, Pace):
            return self.pace(shown)
        if isinstance(shown, HeartRate):
            return f"{shown.low}–{shown.high} bpm"
        if isinstance(shown, Effort) or shown is None:
            return ""
        return label_of(shown)

    def target(self, target: Target | None, split: str = "") -> str:
        """The target in a sentence, its pace named: `at marathon pace (4:19/km)`, `in 1:28 (5k pace −3 s/lap,
        3:40/km)`, `in zone 2 (114–133 bpm)`, `all-out`."""
        shown: object = target  # kinds of target still to come (power) fall through to their label
        if isinstance(shown, Pace):
            return self._pace_target(shown, split)
        if isinstance(shown, HeartRate):
            return self._heart_rate_target(shown)
        if isinstance(shown, Effort):
            return shown.word
        if shown is None:
            return ""
        return f"at {label_of(shown)}"

    def _pace_target(self, target: Pace, split: str) -> str:
        name = pace_name(target.basis, self.units)
        shown = f"{name}, {self.pace(target)}" if name else self.pace(target)
        if split:
            return f"in {split} ({shown})"
        return f"at {name} ({self.pace(target)})" if name else f"at {shown}"

    def _heart_rate_target(self, target: HeartRate) -> str:
        bpm = f"{target.low}–{target.high} bpm"
        basis: object = target.basis
        if isinstance(basis, HeartRateZone):
            return f"in zone {basis.zone} ({bpm})"
        if isinstance(basis, BeatsPerMinute) or basis is None:
            return f"at {bpm}"
        return f"at {target.label} ({bpm})"  # a share of max or reserve: the label says which

    # ---- steps ----
    def step(self, step: Step, capital: bool = True) -> str:
        """A step in a sentence: `Warm up 15 min`, `Easy run 2 h at easy pace (4:41–5:19/km)`."""
        doing = self.doing(step.kind)
        words = [doing if capital else doing.lower(), self.amount(step.duration), self.step_target(step)]
        return self.with_note(" ".join(w for w in words if w), step)

    def rep(self, step: Step) -> str:
        """A rep inside a block: `400 m in 1:28 (…)`, `1 min hill hard`."""
        name = "" if step.kind in (Kind.run, Kind.easy) else f" {self.kind(step.kind)}"
        text = f"{self.amount(step.duration)}{name} {self.step_target(step)}".strip()
        return self.with_note(text, step)

    def step_target(self, step: Step) -> str:
        """The target of a step, said once: an easy run at easy pace gives just the pace."""
        if step.kind == Kind.easy and is_plain_easy(step.target) and isinstance(step.target, Pace):
            return f"at {self.pace(step.target)}"
        if isinstance(step.target, Effort) and IMPLIED_EFFORT.get(step.kind) == step.target.word:
            return ""
        return self.target(step.target, split_text(step) if isinstance(step.target, Pace) else "")

    def with_note(self, text: str, step: Step) -> str:
        return f'{text} ("{step.note}")' if step.note else text

    # ---- recoveries ----
    def recovery(self, step: Step) -> str:
        """A recovery's own words: `60 s`, `200 m jog`, `jog back`, `full rest`, `200 m float at …`."""
        if isinstance(step.duration, Open):
            return "full rest" if step.kind == Kind.rest else f"{self.kind(step.kind)} back"
        kind = "" if step.kind == Kind.rest else f" {self.kind(step.kind)}"
        target = f" {self.target(step.target)}" if step.target else ""
        return f"{self.amount(step.duration)}{kind}{target}"

    def between_what(self, repeat: Repeat, nested: bool = False) -> str:
        """What a repeat's recovery comes between: `sets`, `rounds`, `reps`, or in a set `400s`."""
        if any(isinstance(node, Repeat) for node in repeat.work):
            return "sets"
        reps = [node for node in repeat.work if isinstance(node, Step) and node.is_rep]
        if len(reps) > 1:
            return "rounds"
        if nested and reps and isinstance(reps[0].duration, Distance):
            return self.rep_plural(reps[0])
        return "reps"

    def rep_plural(self, step: Step) -> str:
        """`400s`, `miles`, `1 km reps`."""
        name = _track_name(step)
        return "miles" if name == "mile" else f"{name}s" if name else "reps"

    def rep_name(self, step: Step) -> str:
        """`the mile`, `the 800`, `the 2 km`: a rep as a coach points at it."""
        return f"the {_track_name(step) or self.amount(step.duration)}"

    def recoveries(self, repeat: Repeat, nested: bool = False) -> list[str]:
        """What comes between the parts of a repeat, from its structure: `60 s between 400s`, `straight into
        the mile`, `3 min between sets`."""
        lines: list[str] = []
        work = repeat.work
        for index, node in enumerate(work):
            if isinstance(node, Repeat):
                lines.extend(self.recoveries(node, nested=True))
                after = work[index + 1] if index + 1 < len(work) else None
                if isinstance(after, Step) and after.is_rep:
                    lines.append(f"straight into {self.rep_name(after)}")
        if repeat.count > 1 or repeat.count_upto:
            if repeat.between is not None:
                lines.append(f"{self.recovery(repeat.between)} between {self.between_what(repeat, nested)}")
            elif any(isinstance(node, Repeat) for node in work) and isinstance(work[-1], Repeat):
                lines.append("no rest between sets")  # `3 x 3 x 400 r60s`: the last 400 runs into the next set
        return list(dict.fromkeys(lines))

    def progression(self, repeat: Repeat) -> str:
        """A progression's splits (or paces) from first to last rep: `8:02 → 6:32, 10 s/mi faster each`."""
        eaches = {rep.target.basis.each for _, rep in repeat.changes
                  if isinstance(rep.target, Pace) and isinstance(rep.target.basis, Progression)}
        reps = node_reps(repeat)
        if len(eaches) != 1 or len(reps) < 2 or len(repeat.changes) < len(reps) - 1:
            return ""
        each = eaches.pop()
        first, last = (split_text(r) or self.target_value(r.target) for r in (reps[0], reps[-1]))
        way = "faster" if each.seconds < 0 else "slower"
        if not each.per_lap and all(abs(each.per - meters) > 1e-6 for meters in (KM, MILE)):  # a split's own
            return f"{first} → {last}, {trim(abs(each.seconds))} s {way} each rep"
        return f"{first} → {last}, {offset_words(each, self.units).lstrip('+−')} {way} each"

    # ---- the workout ----
    def totals(self, workout: Workout) -> Totals:
        return totals(workout)


def changed_reps(repeat: Repeat) -> Sequence[tuple[int, Step]]:
    """The reps a modifier gave another target or note than the block's own."""
    return [(number, rep) for number, rep in repeat.changes
            if (rep.target, rep.note) != (repeat.unchanged_rep(number).target, repeat.unchanged_rep(number).note)]


# ---- a watch's step names ---------------------------------------------------------------------------------


def _track_name(step: Step) -> str | None:
    """What a coach calls a rep by its distance: `mile`, `400` (metres under 3 km); None for any other."""
    if isinstance(step.duration, Distance) and step.duration.upto is None:
        meters = step.duration.meters
        if abs(meters - MILE) < 1e-6:
            return "mile"
        if meters < TRACK_METRES_BELOW and step.duration.written_in in (None, "m"):
            return trim(meters)
    return None


def node_reps(node: Node) -> list[Step]:
    """The reps (active steps) of a node in running order, as the modifiers left them."""
    if isinstance(node, Step):
        return [node] if node.is_rep else []
    steps: list[Step] = []
    for round_ in node.rounds:
        for item in round_:
            steps.extend(node_reps(item))
    return steps
