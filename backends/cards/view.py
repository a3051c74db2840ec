"""What a track card says, as a small view both card backends draw: the text card (`card`) and the PDF
cards (`card_pdf`), so the two always say the same thing.

`card_view` turns a resolved workout into blocks of title, rep splits (with 200 m and lap splits for track
reps), recoveries and a checklist of reps, and the totals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from strides.meaning.model import (
    MILE,
    Distance,
    Duration,
    Effort,
    HeartRate,
    Kind,
    Node,
    Open,
    Pace,
    Profile,
    Repeat,
    Step,
    Workout,
)
from strides.meaning.units import KM, format_clock, format_pace
from strides.words.phrasebook import (
    IMPLIED_EFFORT,
    LEADING_KINDS,
    UNTIL_LAP,
    Phrasebook,
    is_plain_easy,
    node_reps,
    pace_first_to_last,
    split_text,
    totals,
)

TICK_NOTE_WIDTH = 16  # a note beside a box on the checklist is cut to this
TRACK_SPLIT_FROM = 400.0  # reps this long or longer get 200 m and lap splits
MAX_LAP_MARKS = 10  # beyond ten laps a list of lap times stops being a help
TRACK_SPLITS_UP_TO = 3000.0  # longer reps are run on the road: km or mile splits, no laps
MAX_ROAD_MARKS = 26  # a marathon's miles; more marks than that are no help on a card


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
            return "full rest" if step.kind == Kind.rest else f"{self.kind(step.kind)} back"
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
    laps: tuple[str, ...]  # time at each lap mark (or each km or mile of a road segment: `marks`)
    pace: str  # "3:40/km", "5:08–5:49/km", "133–152 bpm"
    marks: str = "laps"  # what `laps` are times at: "laps", or "km"/"mi" for a road segment's cumulative splits
    extra: str = ""  # what the split line says besides: "10 s/mi faster each"

    @property
    def marks_label(self) -> str:
        """`laps`, or `each km` before a road segment's cumulative splits."""
        return "laps" if self.marks == "laps" else f"each {self.marks}"


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
    note: str = ""  # the runner's note shared by every rep of the block, said once
    lead: str = ""  # how the block follows the one before when no recovery stands between: `straight on`

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


def step_phrase(step: Step, quiet: bool = False) -> str:
    """`400 m @5k-3s`, `20 s strides`, `Warm-up 15 min easy`, `1 min hard`."""
    book = CardPhrases()
    amount = "" if isinstance(step.duration, Open) else book.amount(step.duration)
    target = book.step_label(step)
    if step.kind in LEADING_KINDS:
        words = [book.kind_title(step.kind), amount, target]
    elif step.kind in (Kind.run, Kind.easy):
        # An easy step says `easy` through its E target, unless a modifier changed it (`last 3mi @hm`).
        words = [amount, target or book.kind(step.kind)]
    else:
        words = [amount, book.kind(step.kind), target]
    if isinstance(step.duration, Open):
        words.append(UNTIL_LAP)
    if step.note and not quiet:
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
    split = split_text(step)
    if not isinstance(target, Pace) or not isinstance(duration, Distance) or not split:
        return RepLine(phrase, "", "", (), pace)
    if target.is_range or step.intensity != "active":  # warm-ups are not timed lap by lap; a range has no laps
        return RepLine(phrase, split, "", _road_splits(duration.meters, target, profile), pace,
                       marks=profile.units)
    if duration.meters > TRACK_SPLITS_UP_TO + 1e-6:
        return RepLine(phrase, split, "", _road_splits(duration.meters, target, profile), pace,
                       marks=profile.units)
    return RepLine(phrase, split, *_track_splits(duration.meters, target.exact, profile.lap), pace)


def _track_splits(meters: float, seconds_per_km: float, lap: float) -> tuple[str, tuple[str, ...]]:
    """The 200 m split and the time at each lap mark, for reps worth timing on a track."""
    if not TRACK_SPLIT_FROM <= meters <= min(MAX_LAP_MARKS * lap, TRACK_SPLITS_UP_TO + 1e-6):
        return "", ()
    per_meter = seconds_per_km / KM
    marks = tuple(format_clock(per_meter * lap * k) for k in range(1, int(meters / lap + 1e-9) + 1))
    return format_clock(per_meter * 200), marks if meters > lap + 1e-6 else ()


def _road_splits(meters: float, target: Pace, profile: Profile) -> tuple[str, ...]:
    """The time at each km or mile (the profile's unit) of a road segment, when there are a few of them."""
    if target.is_range:
        return ()
    unit = MILE if profile.units == "mi" else KM
    count = int(meters / unit + 1e-9)
    if not 2 <= count <= MAX_ROAD_MARKS:
        return ()
    return tuple(format_clock(target.exact * unit / KM * k) for k in range(1, count + 1))


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


def round_phrase(nodes: Sequence[Node], quiet: bool = False) -> str:
    parts = [step_phrase(n, quiet) if isinstance(n, Step) else repeat_phrase(n, quiet) for n in nodes]
    return parts[0] if len(parts) == 1 and isinstance(nodes[0], Step) else "(" + " + ".join(parts) + ")"


def repeat_phrase(repeat: Repeat, quiet: bool = False) -> str:
    """`12 × 400 m @5k-3s`, `4–6 × 400 m @5k`, `2 × (4 × 400 m @5k)`, `200/400/600 m @5k`; `quiet` leaves
    the reps' notes to the block."""
    if runs_once(repeat):
        return group_phrase(work_of(repeat, 0), quiet)
    count = f"{repeat.count}–{repeat.count_upto}" if repeat.count_upto else str(repeat.count)
    return f"{count} × {round_phrase(work_of(repeat, 0), quiet)}"


def group_phrase(nodes: Sequence[Node], quiet: bool = False) -> str:
    """A ladder with one target reads `200/400/…/200 m @5k`; any other group lists its reps."""
    steps = [n for n in nodes if isinstance(n, Step)]
    distances = [s.duration for s in steps if isinstance(s.duration, Distance)]
    same_target = len({target_phrase(s) for s in steps}) == 1
    if len(steps) == len(nodes) == len(distances) and same_target and len(steps) > 1:
        units = {amount_text(d).split()[-1] for d in distances}
        if len(units) == 1:
            amounts = "/".join(amount_text(d).split()[0] for d in distances)
            return " ".join(w for w in (amounts, units.pop(), target_phrase(steps[0])) if w)
    return ", ".join(step_phrase(n, quiet) if isinstance(n, Step) else repeat_phrase(n, quiet) for n in nodes)


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
    book = book_for(profile)
    reps = [s for s in first_work_steps(work_of(repeat, 0), whole=runs_once(repeat)) if not s.is_recovery]
    note = shared_note(repeat)
    if note:
        reps = [attrs.evolve(s, note=None) for s in reps]
    firsts = {(s.duration, s.target, s.kind): s for s in reversed(reps)}
    distinct = [firsts[key] for key in dict.fromkeys((s.duration, s.target, s.kind) for s in reps)]
    recoveries = tuple(recovery_lines(repeat, book))
    title, ticks = repeat_phrase(repeat, bool(note)), tick_rows(repeat, profile.units, bool(note))
    progression = book.progression(repeat)
    if len(distinct) == 1:
        line = rep_line(distinct[0], profile, "")
        if progression:  # each rep its own split and pace: first to last, and by how much
            first_last, _, each = progression.partition(", ")
            line = RepLine("", first_last, "", (), _paces_first_to_last(repeat, profile.units), extra=each)
        return Block(title, line.pace, (line,), recoveries, ticks, note=note)
    if len({(s.target, s.kind) for s in distinct}) == 1:  # a ladder: one pace, reps differ in length
        lines = tuple(attrs.evolve(rep_line(s, profile, amount_text(s.duration)), pace="") for s in distinct)
        return Block(title, pace_text(distinct[0], profile.units), lines, recoveries, ticks, note=note)
    lines = tuple(rep_line(s, profile, step_phrase(s)) for s in distinct)
    return Block(title, "", lines, recoveries, ticks, note=note)


def _paces_first_to_last(repeat: Repeat, units: str) -> str:
    first, last = (rep.target for rep in node_reps(repeat)[:: max(repeat.reps - 1, 1)])
    assert isinstance(first, Pace) and isinstance(last, Pace)  # a progression moves a pace
    return pace_first_to_last(first, last, units)


def shared_note(repeat: Repeat) -> str:
    """The note every rep of a block has (`(…) "stay relaxed"`): the card says it once."""
    notes = {s.note for s in first_work_steps(work_of(repeat, 0), whole=True) if not s.is_recovery}
    reps = [s for s in first_work_steps(work_of(repeat, 0), whole=True) if not s.is_recovery]
    if len(notes) == 1 and len(reps) > 1 and not repeat.changes:
        return notes.pop() or ""
    return ""


def recovery_lines(repeat: Repeat, book: CardPhrases) -> list[str]:
    """What comes between the reps and sets of a block, in words: `jog 200 m between 400s`, `straight into
    the mile`, `rest 3 min between sets`; a group run once lists those between its reps."""
    if runs_once(repeat):
        lines = inner_recoveries((repeat,), book.units)
        return list(dict.fromkeys(lines))
    lines = book.recoveries(repeat)
    single = [n for n in repeat.work if isinstance(n, Step)]
    if repeat.between is None and repeat.count > 1 and len(single) == len(repeat.work) == 1:
        lines.append("no recovery written between reps")
    return lines


def tick_rows(repeat: Repeat, units: str, quiet: bool = False) -> tuple[TickRow, ...]:
    """One row of boxes per set, a box per rep in it; a group ticks each rep with its own numbers."""
    if runs_once(repeat):
        return (TickRow("", _ladder_ticks(repeat, units)),)
    if any(isinstance(node, Repeat) for node in repeat.work):  # sets: `3x(6x400 r60s, 1mi @T) r3min`
        rows, first = [], 1
        for index in range(repeat.count):  # reps numbered on through the sets, as the watch and the page count
            rows.append(_set_row(repeat, index, units, first))
            first += len(rows[-1].ticks)
        return tuple(rows)
    labels = _round_labels(repeat, units)
    if quiet:  # the block's note is said once, not beside every box
        labels = [label.split(" “")[0] for label in labels]
    shown = _shown_labels(labels) if len(labels) > 1 else [""]  # one round of a range: the title says it
    ticks = tuple(Tick(k, label) for k, label in enumerate(shown, 1))
    extra = tuple(Tick(k) for k in range(repeat.count + 1, (repeat.count_upto or 0) + 1))
    return (TickRow("", ticks, extra),)


def _set_row(repeat: Repeat, index: int, units: str, first: int = 1) -> TickRow:
    """The boxes of set `index`: one per rep, the reps unlike the set's usual one with their own numbers."""
    steps = [s for s in first_work_steps(work_of(repeat, index), whole=True) if not s.is_recovery]
    usual = Counter((s.duration, s.target) for s in steps).most_common(1)[0][0]
    labels = ["" if (s.duration, s.target) == usual else _own_numbers(s, units) for s in steps]
    if all(runs_once(n) for n in work_of(repeat, index) if isinstance(n, Repeat)) and \
            all(isinstance(n, Repeat) for n in work_of(repeat, index)):
        labels = [_own_numbers(s, units) for s in steps]  # a ladder in sets: every rep differs
    return TickRow(f"set {index + 1}", tuple(Tick(k, label) for k, label in enumerate(labels, first)))


def _ladder_ticks(repeat: Repeat, units: str) -> tuple[Tick, ...]:
    """A box for each rep of a ladder or group run once, labelled with its length (or its effort)."""
    steps = first_work_steps(work_of(repeat, 0), whole=True)
    return tuple(Tick(k, _own_numbers(s, units)) for k, s in enumerate(steps, 1))


def _own_numbers(step: Step, units: str) -> str:
    """A rep's own distance and split, `200 · 0:46`, so that no label reads as another rep's number."""
    amount = CardPhrases(units).amount(step.duration).removesuffix(" m")
    split = split_text(step)
    if split:
        return f"{amount} · {split}"
    return f"{amount} · {rep_label(step, units)}" if rep_label(step, units) else amount


def _round_labels(repeat: Repeat, units: str) -> list[str]:
    """Each round's label. The rounds the modifiers left alone are one and the same work: labelled once."""
    said: dict[int, tuple[tuple[Node, ...], str]] = {}  # the work is kept, so that its id stays its own
    labels = []
    for index in range(repeat.count):
        work = work_of(repeat, index)
        if id(work) not in said:
            said[id(work)] = work, " + ".join(rep_label(s, units) for s in first_work_steps(work, whole=True))
        labels.append(said[id(work)][1])
    return labels


def _shown_labels(labels: list[str]) -> list[str]:
    """Only the reps that differ from the usual one are labelled, unless most differ (a progression)."""
    usual, count = Counter(labels).most_common(1)[0]
    if count * 2 < len(labels) or len(labels) == 1:
        return labels
    return ["" if label == usual else label for label in labels]


def even_counts(total: int, lines: int) -> list[int]:
    """`total` boxes over `lines` lines, no two lines differing by more than one: 10 over 3 is 4, 3, 3."""
    base, more = divmod(total, lines)
    return [base + (index < more) for index in range(lines)]


# ---- the card ---------------------------------------------------------------------------------------------


def totals_text(workout: Workout) -> str:
    """`about 49 min · 9.5 km`, with the steps that have no estimate (lap button) counted apart."""
    return totals(workout).line


def card_view(workout: Workout) -> CardView:
    """What the card says, ready to be laid out as text or drawn on a page."""
    profile = workout.profile
    blocks = [
        step_block(node, profile) if isinstance(node, Step) else repeat_block(node, profile)
        for node in workout.items
    ]
    for index in range(1, len(blocks)):
        lead = lead_in(workout, index)
        if lead:
            blocks[index] = attrs.evolve(blocks[index], lead=lead)
    return CardView(workout.name, workout.profile.summary, tuple(blocks), totals_text(workout))


def lead_in(workout: Workout, index: int) -> str:
    """`straight on from the 2 mi`: said when a block of reps follows reps with no recovery written between
    (one run in parts, `12mi easy; last 3mi @hm`, goes without saying)."""
    before, after = workout.steps_per_item[index - 1][-1], workout.steps_per_item[index][0]
    items = workout.items[index - 1], workout.items[index]
    if not (before.is_rep and after.is_rep) or all(isinstance(item, Step) for item in items):
        return ""
    if not (isinstance(before.duration, Distance) and isinstance(after.duration, Distance)):
        return ""  # a fartlek's timed parts run on into each other
    return f"straight on from {book_for(workout.profile).rep_name(before)}"
