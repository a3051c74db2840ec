"""The session chart of an HTML page: one bar per step of the timeline, its width the step's time (distance
steps by their estimated time, open steps at a nominal width), its height how hard the step is and its colour
its zone (both worked out by the resolver, `strides.meaning.passes.levels`); brackets over repeats and elapsed-time
ticks underneath.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import accumulate

import attrs

from strides.meaning.model import ZONE_FLOORS, Distance, Effort, Open, Pace, Repeat, Step, Workout, Zone
from strides.meaning.units import format_clock
from strides.words.phrasebook import Phrasebook

# Chart geometry, in SVG user units; the page scales the whole chart to its width.
CHART_WIDTH = 960.0
PLOT_TOP = 24.0
PLOT_HEIGHT = 140.0
CHART_HEIGHT = PLOT_TOP + PLOT_HEIGHT + 22.0
BAR_GAP = 1.5  # white space between neighbouring bars, so reps without recovery still read as reps
MIN_BAR_WIDTH = 4.0  # a 15 s stride in a 2-hour run must still be seen
MIN_OPEN_WIDTH = 26.0  # room for the "open" label
NOMINAL_OPEN_SECONDS = 60.0  # an open step has no time; it is drawn as if it took this long
MIN_LABEL_WIDTH = 64.0  # a bar this wide has room to say its length
MIN_LABEL_HEIGHT = 17.0
AXIS_WIDTH = 66.0  # right of the bars: the effort axis's labels
VIEW_WIDTH = CHART_WIDTH + AXIS_WIDTH
# The effort axis: a short name for each zone, at the level where it starts.
AXIS_WORDS = {Zone.recovery: "rec", Zone.easy: "E", Zone.steady: "M", Zone.threshold: "T", Zone.interval: "I",
              Zone.max: "max"}

# The zones with the words of the legend, each from its lower bound (the resolver puts each step's level,
# from 0 standing still to 1 all-out, and its zone on the step).
ZONE_WORDS = {Zone.recovery: "Recovery", Zone.easy: "Easy", Zone.steady: "Steady · M",
              Zone.threshold: "Threshold · T", Zone.interval: "Interval · 5k / I", Zone.max: "Max · mile / R / all-out"}
ZONES: tuple[tuple[float, str, str], ...] = tuple((floor, str(zone), ZONE_WORDS[zone]) for floor, zone in ZONE_FLOORS)


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
class Level:
    """A line across the chart where a zone starts, with the zone's short name on the effort axis."""

    y: float
    label: str
    zone: str


@attrs.frozen
class Chart:
    bars: tuple[Bar, ...]
    brackets: tuple[Bracket, ...]
    ticks: tuple[Tick, ...]
    has_open: bool
    levels: tuple[Level, ...] = ()


def levels() -> tuple[Level, ...]:
    """Where each zone starts, the lowest (from standing still) named at the foot of the axis."""
    return tuple(Level(PLOT_TOP + PLOT_HEIGHT * (1 - floor), AXIS_WORDS[zone], str(zone))
                 for floor, zone in ZONE_FLOORS)


def repeat_count(repeat: Repeat) -> str:
    if repeat.count_upto is not None and repeat.count_upto != repeat.count:
        return f"{repeat.count}–{repeat.count_upto} ×"
    return f"{repeat.count} ×" if repeat.count > 1 else ""


# ---- the chart --------------------------------------------------------------------------------------------


def chart(workout: Workout, title: Callable[[Step], str]) -> Chart:
    """The chart of a workout; `title` gives each bar its hover text, in the words of the page around it."""
    steps: list[Step] = []
    seconds: list[float] = []
    spans: list[tuple[int, int, str]] = []  # first and last bar of each repeat, with its count
    for node, block in zip(workout.items, workout.steps_per_item, strict=True):
        block_seconds = _bar_seconds(block)
        if isinstance(node, Repeat) and repeat_count(node):
            spans.append((len(steps), len(steps) + len(block) - 1, repeat_count(node)))
        steps.extend(block)
        seconds.extend(block_seconds)
    minimums = [MIN_OPEN_WIDTH if isinstance(s.duration, Open) else MIN_BAR_WIDTH for s in steps]
    widths = _fit_widths(seconds, minimums, CHART_WIDTH)
    edges = [0.0, *accumulate(widths)]
    bars = tuple(_bar(step, edges[i], widths[i], seconds[i], workout, title) for i, step in enumerate(steps))
    brackets = tuple(
        Bracket(edges[first] + 1, edges[last + 1] - 1, label if edges[last + 1] - edges[first] >= 20 else "")
        for first, last, label in spans
    )
    has_open = any(bar.is_open for bar in bars)
    return Chart(bars=bars, brackets=brackets, ticks=_ticks(seconds, edges), has_open=has_open, levels=levels())


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
    """Widths proportional to time that fill `width`, none under its minimum. Raising a short bar to its
    minimum leaves less room for the others, so the scale is solved for: the total width grows linearly
    between the scales at which a bar leaves its minimum, and the segment where it reaches `width` gives
    the scale exactly."""
    if not seconds:
        return []
    floor = sum(minimums)
    if floor >= width * 0.9:  # too many bars for the minimums: shrink them all alike
        minimums = [m * width * 0.9 / floor for m in minimums]
    if not any(s > 0 for s in seconds):
        return [width / len(seconds)] * len(seconds)
    # Below the scale m/s a bar is at its minimum m; above it, it is s wide per unit of scale.
    leaving = sorted((m / s, m, s) for s, m in zip(seconds, minimums, strict=True) if s > 0)
    fixed, per_scale = sum(minimums), 0.0
    for at, minimum, time in leaving:
        if per_scale > 0 and fixed + per_scale * at >= width:
            break
        fixed, per_scale = fixed - minimum, per_scale + time
    scale = (width - fixed) / per_scale
    return [max(m, s * scale) for s, m in zip(seconds, minimums, strict=True)]


def _bar(step: Step, x: float, width: float, seconds: float, workout: Workout,
         title: Callable[[Step], str]) -> Bar:
    level = step.level
    gap = BAR_GAP if width >= 2 * BAR_GAP else width / 2  # thousands of bars: thinner gaps, no overlap
    rep = f"{step.rep[0]}/{step.rep[1]}" if step.rep else ""
    return Bar(
        x=x + gap / 2,
        width=width - gap,
        height=PLOT_HEIGHT * level,
        zone=str(step.zone),
        kind=step.kind,
        intensity=step.intensity,
        seconds=seconds,
        is_open=isinstance(step.duration, Open),
        rep=rep,
        title=title(step),
        label=_bar_label(step, width, PLOT_HEIGHT * level),
    )


def _bar_label(step: Step, width: float, height: float) -> str:
    if isinstance(step.duration, Open) or width < MIN_LABEL_WIDTH or height < MIN_LABEL_HEIGHT:
        return ""
    return _BOOK.amount(step.duration)


_BOOK = Phrasebook()


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
