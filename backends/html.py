"""HTML backend: one self-contained page per file, with an SVG chart and the step table of each workout.

The page needs no network: CSS and SVG are inline and only the reader's system fonts are named. The output
is deterministic (no dates, no random ids), so goldens stay stable.

In the chart a bar's width is its time (distance steps by their estimated time, open steps at a nominal
width), its height how hard it is and its colour the zone that height falls in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import attrs
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from strides.backends import Backend, RenderOptions
from strides.model import (
    INTENSITIES,
    MILE,
    Distance,
    Effort,
    HeartRate,
    Node,
    Open,
    Pace,
    Repeat,
    Step,
    Workout,
    unroll,
)
from strides.paces import oxygen_cost
from strides.units import format_clock, format_duration, per_unit_meters

# Chart geometry, in SVG user units; the page scales the whole chart to its width.
CHART_WIDTH = 960.0
PLOT_TOP = 24.0
PLOT_HEIGHT = 140.0
CHART_HEIGHT = PLOT_TOP + PLOT_HEIGHT + 22.0
BAR_GAP = 1.5  # white space between neighbouring bars, so reps without recovery still read as reps
MIN_BAR_WIDTH = 4.0  # a 15 s stride in a 2-hour run must still be seen
MIN_OPEN_WIDTH = 26.0  # room for the "open" label
NOMINAL_OPEN_SECONDS = 60.0  # an open step has no time; it is drawn as if it took this long
MIN_LEVEL = 0.08
MIN_LABEL_WIDTH = 64.0  # a bar this wide has room to say its length
MIN_LABEL_HEIGHT = 17.0
MAX_REP_RUNS = 4  # "reps 1, 3, 5, 7, 9…" reads worse than "×8"
LAP_SPLIT_LAPS = 8  # reps up to this many laps also show the lap split; longer ones are road runs

# Zones by level (0 = standing still, 1 = all-out); a zone starts at its lower bound. With a VDOT the level
# is linear in the fraction of VO2max a pace costs, so the bounds fall between E, M, T, I and R paces.
ZONES: tuple[tuple[float, str, str], ...] = (
    (0.0, "recovery", "Recovery"),
    (0.16, "easy", "Easy"),
    (0.45, "steady", "Steady · M"),
    (0.575, "threshold", "Threshold · T"),
    (0.725, "interval", "Interval · 5k / I"),
    (0.88, "max", "Max · mile / R / all-out"),
)

KIND_WORDS = {"warmup": "warm-up", "cooldown": "cool-down", "run": ""}
INTENSITY_WORDS = {"warmup": "warm-up", "active": "active", "recovery": "recovery", "rest": "rest",
                   "cooldown": "cool-down"}

# How hard an effort word is, when no pace says it.
EFFORT_LEVELS = {"all-out": 1.0, "sprint": 1.0, "max": 1.0, "fast": 0.92, "strides": 0.92, "hard": 0.8,
                 "moderate": 0.55, "steady": 0.5, "easy": 0.3}
# How hard a named pace is, used only when the profile has no VDOT to compare paces with.
PACE_LABEL_LEVELS = {"e": 0.3, "easy": 0.3, "steady": 0.47, "m": 0.52, "mp": 0.52, "marathon": 0.52,
                     "hm": 0.6, "hmp": 0.6, "15k": 0.62, "10mi": 0.62, "t": 0.63, "tempo": 0.63,
                     "threshold": 0.63, "10k": 0.7, "8k": 0.72, "5k": 0.76, "i": 0.79, "2mi": 0.8,
                     "3k": 0.83, "mile": 0.95, "1500": 0.95, "r": 0.95}
HEART_RATE_LEVELS = (0.2, 0.33, 0.5, 0.62, 0.8)  # z1..z5
# Untargeted steps, by kind then by intensity.
KIND_LEVELS = {"stretch": 0.1, "walk": 0.12, "drills": 0.3, "hill": 0.8, "strides": 0.92, "sprint": 1.0}
INTENSITY_LEVELS = {"rest": 0.1, "recovery": 0.14}
UNTARGETED_LEVEL = 0.32  # easy running, as the totals assume


@attrs.frozen
class Bar:
    """One step of the timeline in the chart."""

    x: float
    width: float
    height: float
    zone: str
    kind: str
    intensity: str
    seconds: float
    is_open: bool
    rep: str  # "3/12", or "" outside a repeat
    title: str
    label: str  # the step's length, written inside bars wide enough for it

    @property
    def y(self) -> float:
        return PLOT_TOP + PLOT_HEIGHT - self.height


@attrs.frozen
class Bracket:
    """A line over the bars of one repeat, with its count."""

    x1: float
    x2: float
    label: str


@attrs.frozen
class Tick:
    """An elapsed-time mark under the chart."""

    x: float
    label: str
    anchor: str  # SVG text-anchor, so the first and last labels stay inside the chart


@attrs.frozen
class Chart:
    bars: tuple[Bar, ...]
    brackets: tuple[Bracket, ...]
    ticks: tuple[Tick, ...]
    has_open: bool


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
    blocks: tuple[Block, ...]


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    """The page for every workout of a file."""
    pages = [_page(workout, index) for index, workout in enumerate(workouts, start=1)]
    names = [workout.name for workout in workouts]
    title = " · ".join(names) if len(names) <= 3 else f"{names[0]} and {len(names) - 1} more workouts"
    return _environment().get_template("html_page.j2").render(
        title=title or "Workouts", pages=pages, zones=ZONES, chart_width=CHART_WIDTH,
        chart_height=CHART_HEIGHT, plot_top=PLOT_TOP, plot_bottom=PLOT_TOP + PLOT_HEIGHT,
        nominal_open=format_clock(NOMINAL_OPEN_SECONDS),
    )


BACKEND = Backend(name="html", suffix=".html", binary=False, per_workout=False, render=render)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,  # names and notes are the user's text: never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _number
    return env


def _number(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros, the same on every machine."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# ---- the page ---------------------------------------------------------------------------------------------


def _page(workout: Workout, index: int) -> Page:
    units = workout.profile.units
    timeline = workout.timeline
    has_open = any(isinstance(step.duration, Open) for step in timeline)
    total = format_clock(workout.total_seconds) + (" + open steps" if has_open else "")
    chart = _chart(workout)
    return Page(
        anchor=f"w{index}-{_slug(workout.name)}",
        name=workout.name,
        profile=workout.profile.summary,
        total_time=total,
        total_distance=_total_distance(workout.total_meters, units),
        by_intensity=_time_by_intensity(timeline),
        by_zone=_time_by_zone(timeline, workout.profile.vdot),
        chart=chart,
        blocks=tuple(_block(node, units, workout) for node in workout.items),
    )


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "workout"


def _total_distance(meters: float, units: str) -> str:
    if meters < 1000:
        return f"{round(meters)} m"
    if units == "mi":
        return f"{meters / MILE:.2f} mi"
    return f"{meters / 1000:.1f} km"


def _time_by_intensity(steps: Sequence[Step]) -> tuple[tuple[str, str], ...]:
    seconds = {intensity: 0.0 for intensity in INTENSITIES}
    for step in steps:
        seconds[step.intensity] = seconds.get(step.intensity, 0.0) + (step.estimated_seconds or 0.0)
    return tuple(
        (INTENSITY_WORDS.get(key, key), format_clock(value)) for key, value in seconds.items() if value > 0
    )


def _time_by_zone(steps: Sequence[Step], vdot: float | None) -> tuple[tuple[str, str, str], ...]:
    """Time in each zone the workout reaches; a zone reached only by open steps says so."""
    seconds: dict[str, float] = {}
    for step in steps:
        zone = _zone(_level(step, vdot))
        seconds[zone] = seconds.get(zone, 0.0) + (step.estimated_seconds or 0.0)
    return tuple(
        (zone, word, format_clock(seconds[zone]) if seconds[zone] else "open")
        for _, zone, word in ZONES
        if zone in seconds
    )


def _block(node: Node, units: str, workout: Workout) -> Block:
    if isinstance(node, Step):
        return Block(count="", title=node.text, rows=(_row(node, [node], units, workout, in_repeat=False),))
    variants: dict[tuple[object, ...], list[Step]] = {}
    for step in unroll((node,)):
        variants.setdefault(_variant_key(step), []).append(step)
    rows = tuple(_row(alike[0], alike, units, workout, in_repeat=True) for alike in variants.values())
    return Block(count=_repeat_count(node), title=node.text, rows=rows)


def _variant_key(step: Step) -> tuple[object, ...]:
    """Steps that read the same in the table: everything but their place."""
    return (step.kind, step.intensity, step.duration, step.target, step.note)


def _repeat_count(repeat: Repeat) -> str:
    if repeat.count_upto is not None and repeat.count_upto != repeat.count:
        return f"{repeat.count}–{repeat.count_upto} ×"
    return f"{repeat.count} ×" if repeat.count > 1 else ""


def _row(step: Step, alike: Sequence[Step], units: str, workout: Workout, in_repeat: bool) -> Row:
    target, pace_range = _target_text(step, units)
    return Row(
        which=_which(alike) if in_repeat else "",
        what=_what(step),
        is_open=isinstance(step.duration, Open),
        target=target,
        pace_range=pace_range,
        split=_split_text(step, units, workout.profile.lap),
        note=_note_text(step),
        zone=_zone(_level(step, workout.profile.vdot)),
    )


def _note_text(step: Step) -> str:
    """The runner's own note (a written range is shown in the step column)."""
    return step.note or ""


def _which(alike: Sequence[Step]) -> str:
    """`reps 1–11` when only some reps of a block read like this, else how many times it comes."""
    reps = [step.rep for step in alike]
    if all(rep is not None for rep in reps):
        numbers = [rep[0] for rep in reps if rep is not None]
        totals = {rep[1] for rep in reps if rep is not None}
        whole = len(totals) == 1 and sorted(numbers) == list(range(1, totals.pop() + 1))
        runs = _runs(sorted(numbers))
        if len(set(numbers)) == len(numbers) and not whole and len(runs) <= MAX_REP_RUNS:
            return ("rep " if len(numbers) == 1 else "reps ") + _ranges(runs)
    return f"×{len(alike)}"


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
    kind = KIND_WORDS.get(step.kind, step.kind)
    if isinstance(step.duration, Open):
        return kind or "run"
    return f"{format_duration(step.duration)} {kind}".strip()


def _target_text(step: Step, units: str) -> tuple[str, str]:
    """The target as the runner reads it, and the range a watch allows around a pace."""
    target = step.target
    if isinstance(target, Pace):
        pace = f"{_pace(target.exact, units)}/{units}"
        shown = pace if target.label == pace else f"{target.label} · {pace}"
        return shown, f"{_pace(target.fast, units)}–{_pace(target.slow, units)}"
    if isinstance(target, HeartRate):
        bpm = f"{target.low}–{target.high} bpm"
        return (bpm if target.label.endswith("bpm") else f"{target.label} · {bpm}"), ""
    if isinstance(target, Effort):
        return target.word, ""
    return "", ""


def _pace(seconds_per_km: float, units: str) -> str:
    return format_clock(seconds_per_km * per_unit_meters(units) / 1000.0)


def _split_text(step: Step, units: str, lap: float) -> str:
    """The split for a distance rep, with the lap split for track reps longer than a lap."""
    split = step.split
    if step.intensity in ("warmup", "cooldown"):  # run by feel: a split would only distract
        return ""
    if split is None or not isinstance(step.target, Pace) or not isinstance(step.duration, Distance):
        return ""
    if lap + 1e-6 < step.duration.meters <= LAP_SPLIT_LAPS * lap + 1e-6:
        return f"{format_clock(split)} · {format_clock(lap * step.target.exact / 1000.0)}/lap"
    return format_clock(split)


# ---- how hard a step is -----------------------------------------------------------------------------------


def _level(step: Step, vdot: float | None) -> float:
    """0 (standing) to 1 (all-out): from the pace against the runner's VDOT, else from the words."""
    target = step.target
    if isinstance(target, Pace):
        level = _pace_level(target, vdot)
    elif isinstance(target, Effort):
        level = _effort_level(target.word)
    elif isinstance(target, HeartRate):
        level = _heart_rate_level(target.label)
    else:
        level = KIND_LEVELS.get(step.kind, INTENSITY_LEVELS.get(step.intensity, UNTARGETED_LEVEL))
    return min(1.0, max(MIN_LEVEL, level))


def _pace_level(pace: Pace, vdot: float | None) -> float:
    if vdot:
        # The fraction of VO2max the pace costs: E is 0.63–0.74 of it, M about 0.81, T 0.88, 5 km race
        # pace 0.96, mile 1.07.
        return (oxygen_cost(60_000.0 / pace.exact) / vdot - 0.5) / 0.6
    word = re.match(r"[a-z0-9]*", pace.label.lower())
    return PACE_LABEL_LEVELS.get(word.group(0) if word else "", 0.6)


def _effort_level(word: str) -> float:
    rpe = re.search(r"rpe\s*(\d+(?:\.\d+)?)", word.lower())
    if rpe:
        return float(rpe.group(1)) / 10.0
    return EFFORT_LEVELS.get(word.lower(), 0.8)


def _heart_rate_level(label: str) -> float:
    zone = re.fullmatch(r"z([1-5])", label.lower())
    return HEART_RATE_LEVELS[int(zone.group(1)) - 1] if zone else 0.45


def _zone(level: float) -> str:
    name = ZONES[0][1]
    for lower, zone, _ in ZONES:
        if level >= lower:
            name = zone
    return name


# ---- the chart --------------------------------------------------------------------------------------------


def _chart(workout: Workout) -> Chart:
    steps: list[Step] = []
    seconds: list[float] = []
    spans: list[tuple[int, int, str]] = []  # first and last bar of each repeat, with its count
    for node in workout.items:
        block = [node] if isinstance(node, Step) else list(unroll((node,)))
        block_seconds = _bar_seconds(block)
        if isinstance(node, Repeat) and _repeat_count(node):
            spans.append((len(steps), len(steps) + len(block) - 1, _repeat_count(node)))
        steps.extend(block)
        seconds.extend(block_seconds)
    minimums = [MIN_OPEN_WIDTH if isinstance(s.duration, Open) else MIN_BAR_WIDTH for s in steps]
    widths = _fit_widths(seconds, minimums, CHART_WIDTH)
    edges = [0.0, *accumulate(widths)]
    bars = tuple(_bar(step, edges[i], widths[i], seconds[i], workout) for i, step in enumerate(steps))
    brackets = tuple(
        Bracket(edges[first] + 1, edges[last + 1] - 1, label if edges[last + 1] - edges[first] >= 20 else "")
        for first, last, label in spans
    )
    has_open = any(bar.is_open for bar in bars)
    return Chart(bars=bars, brackets=brackets, ticks=_ticks(seconds, edges), has_open=has_open)


def _bar_seconds(block: Sequence[Step]) -> list[float]:
    """How long each bar is. An effort rep has no pace of its own: it keeps the time of a paced rep of the
    same distance in its block, so `12x400 …; last all-out` still reads as twelve equal reps."""
    paced: dict[float, float] = {}
    for step in block:
        if isinstance(step.duration, Distance) and isinstance(step.target, Pace) and step.estimated_seconds:
            paced.setdefault(step.duration.meters, step.estimated_seconds)
    seconds = []
    for step in block:
        if isinstance(step.duration, Open) or step.estimated_seconds is None:
            seconds.append(NOMINAL_OPEN_SECONDS)
        elif isinstance(step.duration, Distance) and isinstance(step.target, Effort):
            seconds.append(paced.get(step.duration.meters, step.estimated_seconds))
        else:
            seconds.append(step.estimated_seconds)
    return seconds


def _fit_widths(seconds: Sequence[float], minimums: Sequence[float], width: float) -> list[float]:
    """Widths proportional to time that fill `width`, none under its minimum: the scale is found by
    bisection, since raising a short bar to its minimum leaves less room for the others."""
    if not seconds:
        return []
    floor = sum(minimums)
    if floor >= width * 0.9:  # too many bars for the minimums: shrink them all alike
        minimums = [m * width * 0.9 / floor for m in minimums]
    timed = [s for s in seconds if s > 0]
    if not timed:
        return [width / len(seconds)] * len(seconds)
    low, high = 0.0, width / min(timed)
    for _ in range(60):
        scale = (low + high) / 2
        if sum(max(m, s * scale) for s, m in zip(seconds, minimums, strict=True)) > width:
            high = scale
        else:
            low = scale
    return [max(m, s * low) for s, m in zip(seconds, minimums, strict=True)]


def _bar(step: Step, x: float, width: float, seconds: float, workout: Workout) -> Bar:
    level = _level(step, workout.profile.vdot)
    gap = BAR_GAP if width >= 2 * BAR_GAP else width / 2  # thousands of bars: thinner gaps, no overlap
    rep = f"{step.rep[0]}/{step.rep[1]}" if step.rep else ""
    return Bar(
        x=x + gap / 2,
        width=width - gap,
        height=PLOT_HEIGHT * level,
        zone=_zone(level),
        kind=step.kind,
        intensity=step.intensity,
        seconds=seconds,
        is_open=isinstance(step.duration, Open),
        rep=rep,
        title=_bar_title(step, workout.profile.units, workout.profile.lap),
        label=_bar_label(step, width, PLOT_HEIGHT * level),
    )


def _bar_label(step: Step, width: float, height: float) -> str:
    if isinstance(step.duration, Open) or width < MIN_LABEL_WIDTH or height < MIN_LABEL_HEIGHT:
        return ""
    return format_duration(step.duration)


def _bar_title(step: Step, units: str, lap: float) -> str:
    """The hover text: which rep, the step, its target, its split or likely time, and the note."""
    target, _ = _target_text(step, units)
    split = _split_text(step, units, lap)
    parts = [_what(step), target, split]
    if isinstance(step.duration, Open):
        parts.append("until the lap button")
    elif isinstance(step.duration, Distance) and not split and step.estimated_seconds is not None:
        parts.append(f"about {format_clock(step.estimated_seconds)}")
    parts.append(_note_text(step))
    text = " · ".join(part for part in parts if part)
    return f"rep {step.rep[0]} of {step.rep[1]}: {text}" if step.rep else text


TICK_STEPS = (30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200)


def _ticks(seconds: Sequence[float], edges: Sequence[float]) -> tuple[Tick, ...]:
    """Elapsed-time marks, placed through the bars so they stay right where a bar was widened."""
    total = sum(seconds)
    if total <= 0:
        return ()
    every = next((step for step in TICK_STEPS if total / step <= 8), TICK_STEPS[-1])
    ticks = []
    start, index = 0.0, 0
    for mark in range(0, int(total) + 1, every):
        while index < len(seconds) - 1 and start + seconds[index] < mark:
            start += seconds[index]
            index += 1
        fraction = (mark - start) / seconds[index] if seconds[index] else 0.0
        x = edges[index] + fraction * (edges[index + 1] - edges[index])
        anchor = "start" if x < 20 else "end" if x > CHART_WIDTH - 20 else "middle"
        ticks.append(Tick(x=x, label=format_clock(mark), anchor=anchor))
    return tuple(ticks)
