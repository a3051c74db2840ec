"""What a track card says, as a small view both card backends draw: the text card (`card`) and the PDF
cards (`card_pdf`), so the two always say the same thing.

`card_view` turns a resolved workout into blocks of title, rep splits (with 200 m and lap splits for track
reps), recoveries and a checklist of reps, and the totals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from strides.model import (
    Distance,
    Duration,
    Effort,
    HeartRate,
    Node,
    Open,
    Pace,
    Profile,
    Repeat,
    Step,
    Workout,
)
from strides.phrasebook import IMPLIED_EFFORT, LEADING_KINDS, UNTIL_LAP, Phrasebook, is_plain_easy, split_text, totals
from strides.units import KM, format_clock, format_pace

TICK_NOTE_WIDTH = 16  # a note beside a box on the checklist is cut to this
TRACK_SPLIT_FROM = 400.0  # reps this long or longer get 200 m and lap splits
MAX_LAP_MARKS = 10  # beyond ten laps a list of lap times stops being a help


class CardPhrases(Phrasebook):
    """The card's dialect: targets as written (`@5k-3s`), the kind first in a recovery (`rest 35 s`)."""

    def step_label(self, step: Step) -> str:
        """How the target is written on the card: `@5k-3s`, `all-out`, `@z2`, `easy`."""
        target = step.target
        if isinstance(target, Effort):
            return "" if IMPLIED_EFFORT.get(step.kind) == target.word else target.word
        return "easy" if is_plain_easy(target) else self.label(target)

    def recovery(self, step: Step) -> str:
        """`rest 35 s`, `jog 200 m`, `walk 90–120 s`, `float 200 m @mp 0:54`, `jog back`."""
        if isinstance(step.duration, Open):
            return "full rest" if step.kind == "rest" else f"{self.kind(step.kind)} back"
        words = [self.kind(step.kind), self.amount(step.duration), self.step_label(step)]
        words.append(split_text(step) or self.target_value(step.target))
        return " ".join(w for w in words if w)


def book_for(profile: Profile) -> CardPhrases:
    return CardPhrases(profile.units, profile.lap)


@attrs.frozen
class RepLine:
    """One distinct rep of a block, with what the runner checks on the track."""

    phrase: str  # "400 m @5k-3s"; empty when the block's title already says it
    split: str  # "1:28"; empty for timed reps
    half_lap: str  # the 200 m split, "0:44"
    laps: tuple[str, ...]  # time at each lap mark when the rep is longer than a lap
    pace: str  # "3:40/km", "5:08–5:49/km", "133–152 bpm"


@attrs.frozen
class Tick:
    """A box to tick after a rep; `label` says what is special about it, if anything."""

    number: int
    label: str = ""


@attrs.frozen
class TickRow:
    """The ticks of one set (`label` "set 1") or of the whole block (`label` "")."""

    label: str
    ticks: tuple[Tick, ...]
    extra: tuple[Tick, ...] = ()  # reps above the low end of a `4-6x` range


@attrs.frozen
class Block:
    """One top-level item of the workout as the card shows it."""

    title: str
    pace: str  # for the title line, when every rep of the block runs at it
    reps: tuple[RepLine, ...]
    recoveries: tuple[str, ...]
    ticks: tuple[TickRow, ...]
    split: str = ""  # the time for a whole step too long for track splits (`3 mi @hm`), on the title line

    @property
    def headline(self) -> str:
        return f"{self.title} · {self.split}" if self.split else self.title

    @property
    def single(self) -> bool:
        """A plain step: one line, nothing to tick."""
        return not self.ticks and not self.recoveries and all(not r.split for r in self.reps)


@attrs.frozen
class CardView:
    name: str
    profile: str
    blocks: tuple[Block, ...]
    totals: str


# ---- phrases ----------------------------------------------------------------------------------------------


def target_phrase(step: Step) -> str:
    return CardPhrases().step_label(step)


def pace_text(step: Step, units: str) -> str:
    """The resolved target: one pace, a pace range, a heart-rate band."""
    return CardPhrases(units).target_value(step.target)


def is_wide(pace: Pace) -> bool:
    return pace.is_range


def amount_text(duration: Duration) -> str:
    return CardPhrases().amount(duration)


def step_phrase(step: Step) -> str:
    """`400 m @5k-3s`, `20 s strides`, `Warm-up 15 min easy`, `1 min hard`."""
    book = CardPhrases()
    amount = "" if isinstance(step.duration, Open) else book.amount(step.duration)
    target = book.step_label(step)
    if step.kind in LEADING_KINDS:
        words = [book.kind_title(step.kind), amount, target]
    elif step.kind in ("run", "easy"):
        # An easy step says `easy` through its E target, unless a modifier changed it (`last 3mi @hm`).
        words = [amount, target or book.kind(step.kind)]
    else:
        words = [amount, book.kind(step.kind), target]
    if isinstance(step.duration, Open):
        words.append(UNTIL_LAP)
    if step.note:
        words.append(f"“{step.note}”")
    return " ".join(w for w in words if w)


def user_note(step: Step) -> str:
    """The runner's own note (the card shows a written range in the amount)."""
    return step.note or ""


def recovery_phrase(step: Step, units: str) -> str:
    return CardPhrases(units).recovery(step)


def rep_line(step: Step, profile: Profile, phrase: str) -> RepLine:
    pace = pace_text(step, profile.units)
    target, duration = step.target, step.duration
    if not isinstance(target, Pace) or not isinstance(duration, Distance) or is_wide(target):
        return RepLine(phrase, "", "", (), pace)
    split = format_clock(duration.meters * target.exact / KM)
    if step.intensity != "active":  # warm-ups and easy running are not timed lap by lap
        return RepLine(phrase, split, "", (), pace)
    return RepLine(phrase, split, *_track_splits(duration.meters, target.exact, profile.lap), pace)


def _track_splits(meters: float, seconds_per_km: float, lap: float) -> tuple[str, tuple[str, ...]]:
    """The 200 m split and the time at each lap mark, for reps worth timing on a track."""
    if not TRACK_SPLIT_FROM <= meters <= MAX_LAP_MARKS * lap:
        return "", ()
    per_meter = seconds_per_km / KM
    marks = tuple(format_clock(per_meter * lap * k) for k in range(1, int(meters / lap + 1e-9) + 1))
    return format_clock(per_meter * 200), marks if meters > lap + 1e-6 else ()


def rep_label(step: Step, units: str) -> str:
    """What distinguishes one rep from another on the tick list, with its note (`all-out “kick”`)."""
    note = f" “{_shortened(step.note, TICK_NOTE_WIDTH)}”" if step.note else ""
    return _target_label(step, units) + note


def _target_label(step: Step, units: str) -> str:
    if isinstance(step.target, Effort):
        return step.target.word
    if step.split is not None:
        return format_clock(step.split)
    if isinstance(step.target, Pace):
        return format_pace(step.target.exact, units)
    if isinstance(step.target, HeartRate):
        return step.target.label
    return step_phrase(step)


def _shortened(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# ---- blocks -----------------------------------------------------------------------------------------------


def runs_once(repeat: Repeat) -> bool:
    """A group or ladder written without a count range: its one round is the block itself. A count range
    run at its low end of one (`1-3x400 r60s`) is a repeat all the same."""
    return repeat.count == 1 and not repeat.count_upto


def work_of(repeat: Repeat, index: int) -> tuple[Node, ...]:
    """A round without the recovery that separates it from the next one (a group run once, without its
    recoveries)."""
    round_ = repeat.round(index)
    if runs_once(repeat):
        return tuple(n for n in round_ if not (isinstance(n, Step) and n.is_recovery))
    return round_


def between(repeat: Repeat) -> tuple[Step, ...]:
    """The recovery written for the block: between its rounds (with a single round run of a range, the one
    the block keeps for the rounds it may add), or for a group run once, those between its reps."""
    if runs_once(repeat):
        return tuple(n for n in repeat.round(0) if isinstance(n, Step) and n.is_recovery)
    return (repeat.between,) if repeat.between is not None else ()


def round_phrase(nodes: Sequence[Node]) -> str:
    parts = [step_phrase(n) if isinstance(n, Step) else repeat_phrase(n) for n in nodes]
    return parts[0] if len(parts) == 1 and isinstance(nodes[0], Step) else "(" + " + ".join(parts) + ")"


def repeat_phrase(repeat: Repeat) -> str:
    """`12 × 400 m @5k-3s`, `4–6 × 400 m @5k`, `2 × (4 × 400 m @5k)`, `200/400/600 m @5k`."""
    if runs_once(repeat):
        return group_phrase(work_of(repeat, 0))
    count = f"{repeat.count}–{repeat.count_upto}" if repeat.count_upto else str(repeat.count)
    return f"{count} × {round_phrase(work_of(repeat, 0))}"


def group_phrase(nodes: Sequence[Node]) -> str:
    """A ladder with one target reads `200/400/…/200 m @5k`; any other group lists its reps."""
    steps = [n for n in nodes if isinstance(n, Step)]
    distances = [s.duration for s in steps if isinstance(s.duration, Distance)]
    same_target = len({target_phrase(s) for s in steps}) == 1
    if len(steps) == len(nodes) == len(distances) and same_target and len(steps) > 1:
        units = {amount_text(d).split()[-1] for d in distances}
        if len(units) == 1:
            amounts = "/".join(amount_text(d).split()[0] for d in distances)
            return " ".join(w for w in (amounts, units.pop(), target_phrase(steps[0])) if w)
    return ", ".join(step_phrase(n) if isinstance(n, Step) else repeat_phrase(n) for n in nodes)


def first_work_steps(nodes: Sequence[Node], whole: bool = False) -> list[Step]:
    """The reps of a round, nested repeats read from their first round (all rounds when `whole`)."""
    steps: list[Step] = []
    for node in nodes:
        if isinstance(node, Step):
            steps.append(node)
        else:
            for index in range(node.count if whole else 1):
                steps.extend(first_work_steps(work_of(node, index), whole))
    return steps


def inner_recoveries(nodes: Sequence[Node], units: str) -> list[str]:
    """`jog 200 m between reps` (or rounds, of a group), then `rest 5 min between sets` for the enclosing
    block."""
    lines: list[str] = []
    for node in nodes:
        if isinstance(node, Repeat):
            lines.extend(inner_recoveries(work_of(node, 0), units))
            phrases = dict.fromkeys(recovery_phrase(s, units) for s in between(node))
            if phrases:
                lines.append(_glued(node, phrases))
    return lines


def _glued(repeat: Repeat, phrases: Iterable[str]) -> str:
    """The recoveries of a block, and what they come between: sets, rounds (of more than one rep) or reps."""
    round_ = work_of(repeat, 0)
    reps = sum(isinstance(n, Step) and not n.is_recovery for n in round_)
    word = "sets" if any(isinstance(n, Repeat) for n in round_) \
        else "rounds" if not runs_once(repeat) and reps > 1 else "reps"
    glue = " or " if runs_once(repeat) else " + "  # a group lists them; a round chains them
    return glue.join(phrases) + f" between {word}"


def step_block(step: Step, profile: Profile) -> Block:
    rep = rep_line(step, profile, "")
    if rep.split and not rep.half_lap:  # a long run's time fits on its title line
        return Block(step_phrase(step), rep.pace, (attrs.evolve(rep, split=""),), (), (), rep.split)
    return Block(step_phrase(step), rep.pace, (rep,), (), ())


def repeat_block(repeat: Repeat, profile: Profile) -> Block:
    reps = [s for s in first_work_steps(work_of(repeat, 0), whole=runs_once(repeat)) if not s.is_recovery]
    firsts = {(s.duration, s.target, s.kind): s for s in reversed(reps)}
    distinct = [firsts[key] for key in dict.fromkeys((s.duration, s.target, s.kind) for s in reps)]
    recoveries = tuple(dict.fromkeys(inner_recoveries((repeat,), profile.units)))
    title, ticks = repeat_phrase(repeat), tick_rows(repeat, profile.units)
    if len(distinct) == 1:
        line = rep_line(distinct[0], profile, "")
        return Block(title, line.pace, (line,), recoveries, ticks)
    if len({(s.target, s.kind) for s in distinct}) == 1:  # a ladder: one pace, reps differ in length
        lines = tuple(attrs.evolve(rep_line(s, profile, amount_text(s.duration)), pace="") for s in distinct)
        return Block(title, pace_text(distinct[0], profile.units), lines, recoveries, ticks)
    lines = tuple(rep_line(s, profile, step_phrase(s)) for s in distinct)
    return Block(title, "", lines, recoveries, ticks)


def tick_rows(repeat: Repeat, units: str) -> tuple[TickRow, ...]:
    """One row of boxes per set; a group ticks each rep, labelled with its distance."""
    if runs_once(repeat):
        return (TickRow("", _ladder_ticks(repeat, units)),)
    first = work_of(repeat, 0)
    if len(first) == 1 and isinstance(first[0], Repeat):  # sets: `2x(4x400 r200) r5min`
        sets = [s for i in range(repeat.count) for s in work_of(repeat, i)[:1] if isinstance(s, Repeat)]
        if all(runs_once(s) for s in sets):  # a ladder in sets: `2x(200/400/600 r200) r3min`
            return tuple(TickRow(f"set {k}", _ladder_ticks(s, units)) for k, s in enumerate(sets, 1))
        per_set = [[_round_label(s, i, units) for i in range(s.count)] for s in sets]
        in_order = iter(_shown_labels([label for row in per_set for label in row]))
        return tuple(TickRow(f"set {k}", tuple(Tick(i, next(in_order)) for i in range(1, len(row) + 1)))
                     for k, row in enumerate(per_set, 1))
    labels = [_round_label(repeat, i, units) for i in range(repeat.count)]
    shown = _shown_labels(labels) if len(labels) > 1 else [""]  # one round of a range: the title says it
    ticks = tuple(Tick(k, label) for k, label in enumerate(shown, 1))
    extra = tuple(Tick(k) for k in range(repeat.count + 1, (repeat.count_upto or 0) + 1))
    return (TickRow("", ticks, extra),)


def _ladder_ticks(repeat: Repeat, units: str) -> tuple[Tick, ...]:
    """A box for each rep of a ladder or group run once, labelled with its length (or its effort)."""
    steps = first_work_steps(work_of(repeat, 0), whole=True)
    labels = [amount_text(s.duration) if s.split is not None else rep_label(s, units) for s in steps]
    return tuple(Tick(k, label) for k, label in enumerate(labels, 1))


def _round_label(repeat: Repeat, index: int, units: str) -> str:
    return " + ".join(rep_label(s, units) for s in first_work_steps(work_of(repeat, index), whole=True))


def _shown_labels(labels: list[str]) -> list[str]:
    """Only the reps that differ from the usual one are labelled, unless most differ (a progression)."""
    usual, count = Counter(labels).most_common(1)[0]
    if count * 2 < len(labels) or len(labels) == 1:
        return labels
    return ["" if label == usual else label for label in labels]


# ---- the card ---------------------------------------------------------------------------------------------


def totals_text(workout: Workout) -> str:
    """`about 49 min · 9.5 km`, with the steps that have no estimate (lap button) counted apart."""
    return totals(workout).line


def card_view(workout: Workout) -> CardView:
    """What the card says, ready to be laid out as text or drawn on a page."""
    profile = workout.profile
    blocks = tuple(
        step_block(node, profile) if isinstance(node, Step) else repeat_block(node, profile)
        for node in workout.items
    )
    return CardView(workout.name, workout.profile.summary, blocks, totals_text(workout))
