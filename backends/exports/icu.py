"""intervals.icu's workout text: what its workout builder reads, and what its API takes as a description.

    Warm-up
    - 15m

    Main set 11x
    - 400mtr 3:36-3:45/km Pace
    - Rest 35s

    - all-out 400mtr

Steps are lines starting with `- `: a cue (any text before the amount), the amount (`15m` is minutes, `mtr`
metres, `km`, `mi`), the target (`3:36-3:45/km Pace`, `70-80% HR`, `95% LTHR`, `Z2 HR`, `230-250W`) and
`Press lap` for a step that ends at the lap button. A header line ending in `6x` repeats the lines under it;
a blank line ends it.
intervals.icu has no repeat inside a repeat, so an inner repeat is written out round by round, and a last
round that differs (`last all-out`, no rest after the last rep) follows its repeat on its own. Paces are
always absolute, the runner's own, as strides worked them out: never intervals.icu's zones.

Heart rates are written as shares (`73-79% HR`, `95% LTHR`) and intervals.icu turns them back into beats with
the max HR and LTHR in its own settings. A push reads those and writes the shares of them (`HeartScale`), so
the watch gets the beats strides worked out; offline, the shares are of the profile's `maxhr`, and a warning
names it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs

from strides.backends import Backend, RenderOptions
from strides.backends.exports.view import (
    Cautions,
    cautions_of,
    count_range,
    effort_of,
    heart_rate_of,
    max_heart_rate,
    pace_of,
    power_of,
    range_written,
    role,
    rounds_of,
    runs,
)
from strides.errors import StridesWarning
from strides.meaning.model import (
    MILE,
    Distance,
    HeartRate,
    HeartRateShare,
    Kind,
    Node,
    Open,
    Repeat,
    ShareOf,
    Step,
    Time,
    Workout,
)
from strides.meaning.units import format_clock

# How long an open step is drawn on intervals.icu's chart; the watch ends it at the lap button.
OPEN_DRAWN = "1m"
KIND_CUES = {Kind.rest: "Rest", Kind.jog: "Jog", Kind.walk: "Walk", Kind.float: "Float", Kind.strides: "Strides",
             Kind.hill: "Hill", Kind.sprint: "Sprint", Kind.drills: "Drills", Kind.stretch: "Stretch",
             Kind.easy: "Easy"}
HEADERS = {"warmup": "Warm-up", "cooldown": "Cool-down"}


@attrs.frozen
class HeartScale:
    """The beats intervals.icu reads shares of heart rate against; None where its settings have none."""

    max_hr: float | None = None
    lthr: float | None = None


@attrs.frozen
class Block:
    """Lines under one header; `count` above 1 repeats them."""

    lines: tuple[str, ...]
    count: int = 1
    header: str | None = None


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    """The text of one workout (the backend is per_workout)."""
    if len(workouts) != 1:
        raise ValueError(f"the icu backend renders one workout at a time, got {len(workouts)}")
    return workout_text(workouts[0])


def workout_text(workout: Workout, scale: HeartScale | None = None) -> str:
    """The text; with `scale` (intervals.icu's own settings) heart rates are shares of its max HR and LTHR."""
    return build(workout, scale)[0]


def uses_heart_rate(workout: Workout) -> bool:
    return any(heart_rate_of(step) is not None for step in workout.timeline)


def build(workout: Workout, scale: HeartScale | None = None) -> tuple[str, list[StridesWarning]]:
    writer = _Writer(workout, scale)
    blocks = _merged(writer.blocks(workout.items))
    text = "\n\n".join(_block_text(block) for block in blocks) + "\n"
    return text, writer.cautions.found


def _block_text(block: Block) -> str:
    header = block.header or ""
    if block.count > 1:
        header = f"{header or 'Main set'} {block.count}x"
    return "\n".join([header, *block.lines] if header else block.lines)


def _merged(blocks: list[Block]) -> list[Block]:
    """Plain blocks side by side become one, so that the text has a blank line only where it means one."""
    merged: list[Block] = []
    for block in blocks:
        last = merged[-1] if merged else None
        if last is not None and last.count == 1 and block.count == 1 and last.header == block.header:
            merged[-1] = Block((*last.lines, *block.lines), 1, last.header)
        else:
            merged.append(block)
    return merged


class _Writer:
    def __init__(self, workout: Workout, scale: HeartScale | None) -> None:
        self.workout = workout
        self.units = workout.profile.units
        self.scale = scale or HeartScale()
        # Without intervals.icu's own max HR the profile's stands in, and the runner is told the shares assume it.
        self.assumed = scale is None
        self.max_hr = self.scale.max_hr or max_heart_rate(workout)
        self.cautions = Cautions(workout, "icu")

    def blocks(self, nodes: Sequence[Node]) -> list[Block]:
        blocks: list[Block] = []
        for node in nodes:
            if isinstance(node, Step):
                blocks.append(Block((self.line(node),), 1, HEADERS.get(role(node))))
            else:
                blocks.extend(self.repeat(node))
        return blocks

    def repeat(self, repeat: Repeat) -> list[Block]:
        if repeat.count_upto is not None:
            self.cautions.add(count_range(repeat))
        blocks: list[Block] = []
        for body, count in runs(tuple(self.blocks(round_)) for round_ in rounds_of(repeat)):
            if count == 1:
                blocks.extend(body)
            else:
                blocks.append(Block(self.flat(body), count))
        return blocks

    def flat(self, body: Sequence[Block]) -> tuple[str, ...]:
        """The lines of a repeat's round; a repeat inside it is written out, round by round."""
        lines: list[str] = []
        for block in body:
            if block.count > 1:
                self.cautions.add("a repeat inside a repeat is written out round by round: intervals.icu has "
                                  "no nested repeats")
            lines.extend(block.lines * block.count)
        return tuple(lines)

    def line(self, step: Step) -> str:
        words = ["-", *self.cue(step), self.amount(step), self.target(step)]
        if isinstance(step.duration, Open):
            words.append("Press lap")
        return " ".join(word for word in words if word)

    def cue(self, step: Step) -> list[str]:
        words = [KIND_CUES[step.kind]] if step.kind in KIND_CUES else []
        effort = effort_of(step)
        if effort:
            words.append(effort.replace("rpe ", "RPE"))
        if step.note:
            if any(character.isdigit() for character in step.note):
                self.cautions.add(f'the note "{step.note}" is left out: intervals.icu would read its numbers '
                                  "as part of the step")
            else:
                words.append(step.note.replace("\n", " "))
        return words

    def amount(self, step: Step) -> str:
        if range_written(step):
            self.cautions.add("a range such as 15-20min runs its lower end: intervals.icu has no ranges")
        if isinstance(step.duration, Time):
            return clock(step.duration.seconds)
        if isinstance(step.duration, Distance):
            return distance(step.duration.meters)
        return OPEN_DRAWN

    def target(self, step: Step) -> str:
        pace, heart_rate, power = pace_of(step), heart_rate_of(step), power_of(step)
        if power is not None:
            return f"{power.low}-{power.high}W"
        if pace is not None:
            # Whole seconds, rounded outwards so that the range the runner was given stays inside.
            unit = MILE / 1000 if self.units == "mi" else 1.0
            fast = format_clock(math.floor(pace.fast * unit))
            slow = format_clock(math.ceil(pace.slow * unit))
            return f"{fast}-{slow}/{self.units} Pace"
        if heart_rate is not None:
            return self.heart(heart_rate)
        return ""

    def heart(self, heart_rate: HeartRate) -> str:
        share = heart_rate.basis
        if isinstance(share, HeartRateShare) and share.of == ShareOf.lthr:  # intervals.icu's own unit
            if self.scale.lthr:
                return f"{_shares(heart_rate, self.scale.lthr)}% LTHR"
            ends = f"{share.low:g}" if share.low == share.high else f"{share.low:g}-{share.high:g}"
            return f"{ends}% LTHR"
        if self.max_hr:
            if self.assumed:
                self.cautions.add(f"heart rates are written as % of max HR {self.max_hr:g} (the profile's maxhr): "
                                  "intervals.icu turns them into beats with the max HR in its own settings, so "
                                  f"give it {self.max_hr:g} there too (`strides push` reads it and converts)")
            return f"{_shares(heart_rate, self.max_hr)}% HR"
        if heart_rate.label.lower().startswith("z"):
            return f"{heart_rate.label.upper()} HR"
        self.cautions.add(f"{heart_rate.label} has no target: intervals.icu takes heart rates as % of max "
                          "HR, and the profile has no maxhr")
        return ""


def _shares(heart_rate: HeartRate, of: float) -> str:
    """`low-high` whole percent of `of`, rounded outwards so that the beats asked for stay inside."""
    return f"{math.floor(heart_rate.low / of * 100)}-{math.ceil(heart_rate.high / of * 100)}"


def clock(seconds: float) -> str:
    """`15m`, `35s`, `1m30s`, `1h15m`: whole seconds."""
    total = math.floor(seconds + 0.5)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}h" if hours else "", f"{minutes}m" if minutes else "", f"{secs}s" if secs else ""]
    return "".join(parts) or "0s"


def distance(meters: float) -> str:
    """`400mtr` (`m` means minutes there), `1.5km`, `2mi`; to the centimetre."""
    miles = meters / MILE
    if abs(miles * 100 - round(miles * 100)) < 1e-6 and meters >= MILE * 0.99:
        return f"{_trim(miles)}mi"
    if meters >= 1000 and abs(meters % 100) < 1e-6:
        return f"{_trim(meters / 1000)}km"
    return f"{_trim(meters)}mtr"


def _trim(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def pushed_cautions(workouts: Sequence[Workout]) -> list[StridesWarning]:
    """What a push's text cannot carry: the same as the export's, less the max HR it assumes (a push reads
    intervals.icu's own)."""
    return [warning for workout in workouts for warning in build(workout, HeartScale())[1]]


BACKEND = Backend(name="icu", suffix=".txt", binary=False, per_workout=True, render=render,
                  warnings=cautions_of(build))
