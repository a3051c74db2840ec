"""HTML backend: one self-contained page per file, with an SVG chart and the step table of each workout.

The page needs no network: CSS and SVG are inline and only the reader's system fonts are named. The output
is deterministic (no dates, no random ids), so goldens stay stable.

The chart itself is drawn by `strides.backends.page.chart`; this module writes the page around it: the header,
the totals, the step table and the hover text of each bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import attrs
from jinja2 import StrictUndefined
from markupsafe import Markup, escape

from strides.backends import Backend, RenderOptions
from strides.backends.cards.view import Tick, runs_once, shared_note, tick_rows
from strides.backends.page.chart import (
    AXIS_WIDTH,
    CHART_HEIGHT,
    CHART_WIDTH,
    NOMINAL_OPEN_SECONDS,
    PLOT_HEIGHT,
    PLOT_TOP,
    ZONES,
    Bar,
    Chart,
    repeat_count,
)
from strides.backends.page.chart import chart as draw_chart
from strides.backends.templates_ahead import Templates
from strides.meaning.model import (
    INTENSITIES,
    Distance,
    Effort,
    HeartRate,
    HeartRateZone,
    Kind,
    Node,
    Open,
    Pace,
    Repeat,
    Step,
    Target,
    Workout,
)
from strides.meaning.units import format_clock
from strides.names import slug
from strides.words.phrasebook import (
    INTENSITY_WORDS,
    UNTIL_LAP,
    Phrasebook,
    changed_reps,
    clock,
    pace_name,
    split_text,
    totals,
    watch_band,
)

NBSP = "\u00a0"
MAX_REP_RUNS = 4  # "reps 1, 3, 5, 7, 9…" reads worse than "×8"
LAP_SPLIT_LAPS = 8  # reps up to this many laps also show the lap split; longer ones are road runs



class PagePhrases(Phrasebook):
    """The page's dialect: a step is its amount and kind (`400 m`, `35 s rest`), the target its own column."""

    def what(self, step: Step) -> str:
        """`400 m`, `rest 35 s`, `jog 200 m`, `15 min warm-up`: an amount never broken inside (`200 m`)."""
        kind = "" if step.kind == Kind.run else self.kind(step.kind)
        if isinstance(step.duration, Open):
            return kind or "run"
        amount = self.amount(step.duration).replace(" ", NBSP)
        if step.is_recovery:
            return f"{kind} {amount}"
        return f"{amount} {kind}".strip()

    def shown_target(self, target: Target | None) -> str:
        """`5k pace −3 s/lap · 3:40/km`, `zone 2 · 114–133 bpm`, `all-out`, `240W`."""
        if isinstance(target, Pace):
            name = pace_name(target.basis, self.units)
            value = self.pace(target)
            return f"{name} · {value}" if name else value
        if isinstance(target, HeartRate) and isinstance(target.basis, HeartRateZone):
            return f"zone {target.basis.zone} · {self.target_value(target)}"
        if isinstance(target, Effort):
            return target.word
        return self.target_value(target)

@attrs.frozen
class Row:
    """One line of the step table: a step, or all the steps of a block that are alike."""

    which: str  # "reps 1–11", "×11", or ""
    what: str  # "400 m", "35 s rest", "jog"
    is_open: bool
    target: str
    pace_range: str
    split: str
    note: str
    zone: str


@attrs.frozen
class Block:
    """A top-level node of the workout in the table: a step, or a repeat with its rows."""

    count: str  # "12 ×", "4–6 ×", or ""
    title: str
    rows: tuple[Row, ...]
    ticks: tuple[tuple[str, ...], ...] = ()  # the card's boxes for the printed page: per set, its label and boxes


@attrs.frozen
class Page:
    """One workout, ready for the template."""

    anchor: str
    name: str
    profile: str
    total_time: str
    total_distance: str
    by_intensity: tuple[tuple[str, str], ...]
    by_zone: tuple[tuple[str, str, str], ...]  # (zone, legend word, time)
    chart: Chart
    bars: Markup  # the chart's bars as SVG (see _bars_svg)
    blocks: tuple[Block, ...]
    has_notes: bool = False  # the note column is shown only when some step has a note


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    """The page for every workout of a file."""
    pages = [_page(workout, index) for index, workout in enumerate(workouts, start=1)]
    names = [workout.name for workout in workouts]
    title = " · ".join(names) if len(names) <= 3 else f"{names[0]} and {len(names) - 1} more workouts"
    return PAGE_TEMPLATES.get_template("html_page.j2").render(
        title=title or "Workouts", pages=pages, zones=ZONES, chart_width=CHART_WIDTH, axis_width=AXIS_WIDTH,
        chart_height=CHART_HEIGHT, plot_top=PLOT_TOP, plot_bottom=PLOT_TOP + PLOT_HEIGHT,
        nominal_open=format_clock(NOMINAL_OPEN_SECONDS),
    )


BACKEND = Backend(name="html", suffix=".html", binary=False, per_workout=False, render=render)


@lru_cache(maxsize=1 << 14)  # a plan's bars share most of their coordinates
def _number(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros, the same on every machine."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


PAGE_TEMPLATES = Templates(
    "html", ("html_page.j2", "html_workout.j2", "html_chart.j2", "html_style.j2"), {"num": _number},
    autoescape=True,  # names and notes are the user's text: never markup
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


# ---- the page ---------------------------------------------------------------------------------------------


def _page(workout: Workout, index: int) -> Page:
    units = workout.profile.units
    timeline = workout.timeline
    sums = totals(workout)
    total = sums.time + (f" {sums.open_phrase}" if sums.open_steps else "")
    chart = draw_chart(workout, _bar_titles(units, workout.profile.lap))
    return Page(
        anchor=f"w{index}-{slug(workout.name)}",
        name=workout.name,
        profile=workout.profile.summary,
        total_time=total,
        total_distance=sums.distance,
        by_intensity=_time_by_intensity(timeline),
        by_zone=_time_by_zone(timeline),
        chart=chart,
        bars=_bars_svg(chart.bars),
        blocks=_blocks(workout),
        has_notes=any(step.note for step in timeline),
    )


def _bars_svg(bars: Sequence[Bar]) -> Markup:
    """The chart's bars, written here rather than in html_chart.j2: a plan has thousands of them, and the
    template's attribute look-ups and escaping were most of the time its page took. Only the hover text and
    the label can hold the runner's words: they are escaped; the rest are numbers and the model's words."""
    label_y = _number(PLOT_TOP + PLOT_HEIGHT - 5)
    out = []
    for bar in bars:
        middle = _number(bar.x + bar.width / 2)
        rep = f' data-rep="{bar.rep}"' if bar.rep else ""
        out.append(f'<rect role="img" class="bar zone-{bar.zone}{" open" if bar.is_open else ""}" '
                   f'x="{_number(bar.x)}" y="{_number(bar.y)}" width="{_number(bar.width)}" '
                   f'height="{_number(bar.height)}" data-kind="{bar.kind}" data-intensity="{bar.intensity}" '
                   f'data-seconds="{_number(bar.seconds)}"{rep}><title>{escape(bar.title)}</title></rect>\n')
        if bar.label:
            out.append(f'<text class="bar-label" x="{middle}" y="{label_y}" text-anchor="middle">'
                       f'{escape(bar.label)}</text>\n')
        if bar.is_open:
            out.append(f'<text class="open-label" x="{middle}" y="{_number(bar.y - 4)}" '
                       'text-anchor="middle">open</text>\n')
    return Markup("".join(out))


def _blocks(workout: Workout) -> tuple[Block, ...]:
    """The table's blocks, each repeat with the card's boxes to tick (numbered as on the card)."""
    units = workout.profile.units
    blocks = []
    for node, steps in zip(workout.items, workout.steps_per_item, strict=True):
        block = _block(node, steps, units, workout)
        rows = () if isinstance(node, Step) else tick_rows(node, units, bool(shared_note(node)))  # as on the card
        blocks.append(attrs.evolve(block, ticks=tuple(_tick_line(row.label, row.ticks, row.extra) for row in rows)))
    return tuple(blocks)


def _tick_line(label: str, ticks: Sequence[Tick], extra: Sequence[Tick]) -> tuple[str, ...]:
    """A set's label (or nothing) and its boxes, each a cell of the printed grid."""
    boxes = [f"☐\u00a0{t.number}" + (f"\u00a0·\u00a0{t.label}" if t.label else "") for t in ticks]
    boxes += [f"(☐\u00a0{t.number})" for t in extra]
    return (f"{label}:" if label else "", *boxes)


def _time_by_intensity(steps: Sequence[Step]) -> tuple[tuple[str, str], ...]:
    seconds = {intensity: 0.0 for intensity in INTENSITIES}
    for step in steps:
        seconds[step.intensity] = seconds.get(step.intensity, 0.0) + (step.estimated_seconds or 0.0)
    return tuple(
        (INTENSITY_WORDS.get(key, key), format_clock(value)) for key, value in seconds.items() if value > 0
    )


def _time_by_zone(steps: Sequence[Step]) -> tuple[tuple[str, str, str], ...]:
    """Time in each zone the workout reaches; a zone reached only by open steps says so."""
    seconds: dict[str, float] = {}
    for step in steps:
        zone = str(step.zone)
        seconds[zone] = seconds.get(zone, 0.0) + (step.estimated_seconds or 0.0)
    return tuple(
        (zone, word, format_clock(seconds[zone]) if seconds[zone] else "open")
        for _, zone, word in ZONES
        if zone in seconds
    )


def _block(node: Node, steps: Sequence[Step], units: str, workout: Workout) -> Block:
    """A top-level node of the workout, its rows in the structure written: the reps of one round, a set's
    reps under its count, a ladder's reps in the order run, then what comes between them."""
    if isinstance(node, Step):
        return Block(count="", title=node.text, rows=(_row(node, "", units, workout),))
    count = repeat_count(node) if not runs_once(node) else ""
    return Block(count=count, title=node.text, rows=tuple(_repeat_rows(node, units, workout)))


def _repeat_rows(repeat: Repeat, units: str, workout: Workout, nested: bool = False) -> list[Row]:
    """A repeat's rows: a group run once step by step in order (`rep 3` and the recoveries between), any
    other its round as written, the reps its modifiers changed, and its recovery `between reps` or `sets`."""
    if runs_once(repeat):
        rows, number = [], 0
        for node in repeat.round(0):
            if isinstance(node, Repeat):
                rows.extend(_repeat_rows(node, units, workout, nested=True))
                continue
            number += node.is_rep
            rows.append(_row(node, f"rep {number}" if node.is_rep else "", units, workout))
        return rows
    rows = []
    for index, node in enumerate(repeat.work):
        if isinstance(node, Repeat):
            inner = _repeat_rows(node, units, workout, nested=True)
            rows.extend([attrs.evolve(inner[0], which=_joined(repeat_count(node), inner[0].which)), *inner[1:]])
        else:
            rows.append(_row(node, "then" if index else _usual_reps(repeat), units, workout))
    rows.extend(_row(rep, f"rep {number}", units, workout) for number, rep in changed_reps(repeat))
    if repeat.between is not None:
        which = f"between {PagePhrases(units).between_what(repeat, nested)}"
        rows.append(_row(repeat.between, which, units, workout))
    return rows


def _joined(*words: str) -> str:
    return " ".join(word for word in words if word)


def _usual_reps(repeat: Repeat) -> str:
    """`reps 1–11` when the modifiers changed some reps of a one-rep round, else nothing to say."""
    changed = {number for number, _ in changed_reps(repeat)}
    if not changed or repeat.reps_per_round != 1 or len(repeat.work) != 1:
        return ""
    runs = _runs([n for n in range(1, repeat.reps + 1) if n not in changed])
    return ("rep " if sum(map(len, runs)) == 1 else "reps ") + _ranges(runs) if len(runs) <= MAX_REP_RUNS else ""


def _variant_key(step: Step) -> tuple[object, ...]:
    """Steps that read the same: everything but their place."""
    return (step.kind, step.intensity, step.duration, step.target, step.note)


def _row(step: Step, which: str, units: str, workout: Workout) -> Row:
    target, pace_range = _target_text(step, units)
    return Row(
        which=which,
        what=_what(step),
        is_open=isinstance(step.duration, Open),
        target=target,
        pace_range=pace_range,
        split=_split_text(step, units, workout.profile.lap),
        note=_note_text(step),
        zone=str(step.zone),
    )


def _note_text(step: Step) -> str:
    """The runner's own note (a written range is shown in the step column)."""
    return step.note or ""


def _runs(numbers: Sequence[int]) -> list[list[int]]:
    """1, 2, 3, 5 -> [[1, 2, 3], [5]]."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def _ranges(runs: Sequence[Sequence[int]]) -> str:
    """[[1, 2, 3], [5]] -> '1–3, 5'."""
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)


def _what(step: Step) -> str:
    return PagePhrases().what(step)


def _target_text(step: Step, units: str) -> tuple[str, str]:
    """The target as the runner reads it, and the band a watch allows around a single pace."""
    target = step.target
    shown = PagePhrases(units).shown_target(target)
    if isinstance(target, Pace):
        band = watch_band(target, units)
        return shown, f"watch {band}" if band else ""
    return shown, ""


def _split_text(step: Step, units: str, lap: float) -> str:
    """The split for a distance rep (a range of them for a pace range), with the lap split for track reps
    longer than a lap."""
    if step.intensity in ("warmup", "cooldown"):  # run by feel: a split would only distract
        return ""
    split, target = split_text(step), step.target
    if not split or not isinstance(target, Pace) or not isinstance(step.duration, Distance) or target.is_range:
        return split
    if lap + 1e-6 < step.duration.meters <= LAP_SPLIT_LAPS * lap + 1e-6:
        return f"{split} · {clock(lap * target.exact / 1000.0)}/lap"
    return split


def _bar_titles(units: str, lap: float) -> Callable[[Step], str]:
    """The hover text of each bar: which rep, then the step's own text. The reps of a block read alike but
    for their number, and a plan has thousands of bars, so each text is made once."""
    made: dict[tuple[object, ...], str] = {}

    def title(step: Step) -> str:
        # all that the text is made of; how a distance was written and where a pace came from are not in
        # their equality, so they are in the key
        key = (*_variant_key(step), step.estimated_seconds, getattr(step.duration, "written_in", None),
               getattr(step.target, "basis", None))
        text = made.get(key)
        if text is None:
            text = made[key] = _step_title(step, units, lap)
        return f"rep {step.rep[0]} of {step.rep[1]}: {text}" if step.rep else text

    return title


def _step_title(step: Step, units: str, lap: float) -> str:
    """The step, its target, its split or likely time, and the note."""
    target, _ = _target_text(step, units)
    split = _split_text(step, units, lap)
    parts = [_what(step), target, split]
    if isinstance(step.duration, Open):
        parts.append(UNTIL_LAP)
    elif isinstance(step.duration, Distance) and not split and step.estimated_seconds is not None:
        parts.append(f"about {format_clock(step.estimated_seconds)}")
    parts.append(_note_text(step))
    return " · ".join(part for part in parts if part)
