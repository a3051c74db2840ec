"""The review as one self-contained page: the planned session's chart (the bars of `strides compile --format
html`, from `strides.backends.page.chart`) with the pace each step was run at drawn over its bar, coloured by its
verdict; the step table; the summary and the notes. The page's style is the workout page's own, read from
the package, with a few rules of its own after it."""

from __future__ import annotations

from html import escape
from importlib import resources

from strides.backends.page.chart import AXIS_WIDTH, CHART_HEIGHT, CHART_WIDTH, PLOT_HEIGHT, PLOT_TOP, Bar, Level, chart
from strides.meaning.model import Pace, Step
from strides.meaning.passes.levels import pace_level
from strides.meaning.units import format_pace
from strides.review.as_text import summary_lines
from strides.review.judge import Judged
from strides.review.phrases import NONE, distance_words, rep_words, target_words, time_words, verdict_words
from strides.review.report import Review

HIGHEST = 1.12  # a pace beyond all-out is drawn just over the chart's top
REVIEW_STYLE = """
.actual { stroke-width: 3.5; stroke-linecap: round; }
.verdict-on { stroke: #12733f; color: #12733f; }
.verdict-fast { stroke: #1f4fb3; color: #1f4fb3; }
.verdict-slow { stroke: #b3202e; color: #b3202e; }
.verdict-short, .verdict-long { stroke: #8f5f00; color: #8f5f00; }
.verdict-missed { stroke: #1d2733; color: #1d2733; }
.actual.verdict-none { stroke: #1d2733; stroke-dasharray: 3 3; }
td.verdict { font-weight: 600; white-space: nowrap; }
rect.bar { opacity: .55; }
.key { display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; margin: .3rem 0 0; padding: 0; list-style: none; }
.notes li { color: var(--muted); }
"""
CHART_LABEL = "The planned session as bars (width is time, height is effort), the pace each step was run at over them"
KEY = "".join(f'<li class="verdict-{word}">{text}</li>' for word, text in (
    ("on", "on"), ("fast", "fast"), ("slow", "slow"), ("short", "short or long"), ("missed", "× missed")))


def render(done: Review) -> str:
    units = done.units
    drawn = chart(done.workout, lambda step: step.text)
    overlay = "".join(_actual_mark(bar, judged, done) for bar, judged in zip(drawn.bars, done.steps, strict=True))
    rows = "".join(_row(judged, units) for judged in done.steps)
    summary = "".join(f"<li>{escape(line)}</li>" for line in summary_lines(done.summary, units))
    notes = "".join(f"<li>{escape(note)}</li>" for note in done.notes)
    when = done.activity.started.strftime("%Y-%m-%d %H:%M") if done.activity.started else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review: {escape(done.workout.name)}</title>
<style>
{_style()}{REVIEW_STYLE}</style>
</head>
<body>
<main class="workout">
<h1>Review: {escape(done.workout.name)}</h1>
<p class="profile">{escape(done.activity.name)} · {escape(when)} · {escape(done.workout.profile.summary)}</p>
<figure class="chart">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH + AXIS_WIDTH:g} {CHART_HEIGHT:g}" role="img"
 aria-label="{CHART_LABEL}">
{_levels(drawn.levels)}<g class="bars">{"".join(_bar(bar) for bar in drawn.bars)}</g>
<g class="actuals">{overlay}</g>
</svg>
<figcaption>Bars: the plan. Lines: the pace each step was run at.
<ul class="key">{KEY}</ul></figcaption>
</figure>
<ul class="summary">{summary}</ul>
<table class="steps">
<thead><tr><th>#</th><th>step</th><th>target</th><th>time</th><th>distance</th><th>pace</th><th>split</th><th>HR</th><th>verdict</th></tr></thead>
<tbody>{rows}</tbody>
</table>
<h2>Notes</h2>
<ul class="notes">{notes}</ul>
</main>
</body>
</html>
"""


def _style() -> str:
    return (resources.files("strides.backends") / "templates" / "html_style.j2").read_text(encoding="utf-8")


def _levels(levels: tuple[Level, ...]) -> str:
    lines = [f'<line x1="0" x2="{CHART_WIDTH:g}" y1="{level.y:.1f}" y2="{level.y:.1f}"/>'
             f'<text x="{CHART_WIDTH + 8:g}" y="{level.y - 3:.1f}">{escape(level.label)}</text>' for level in levels]
    return f'<g class="levels">{"".join(lines)}</g>\n'


def _bar(bar: Bar) -> str:
    return (f'<rect class="bar zone-{bar.zone}{" open" if bar.is_open else ""}" x="{bar.x:.1f}" y="{bar.y:.1f}" '
            f'width="{bar.width:.1f}" height="{bar.height:.1f}"><title>{escape(bar.title)}</title></rect>')


def actual_level(step: Step, pace: float, vdot: float | None) -> float | None:
    """How hard the pace run was, on the chart's scale: as the bars are graded with a VDOT; without one, a
    paced step's bar moved by the ratio of the speeds (nothing to draw for the others)."""
    if vdot:
        return pace_level(Pace(pace, pace, pace, ""), vdot)
    if isinstance(step.target, Pace):
        return step.level * step.target.exact / pace
    return None


def _actual_mark(bar: Bar, judged: Judged, done: Review) -> str:
    word = judged.verdict.word or "none"
    if judged.actual is None or word == "missed":
        x, y = bar.x + bar.width / 2, PLOT_TOP + PLOT_HEIGHT - 10
        return f'<text class="verdict-missed" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">×<title>' \
               f'{escape(judged.step.text)}: missed</title></text>'
    pace = judged.actual.pace
    level = actual_level(judged.step, pace, done.workout.profile.vdot) if pace else None
    if level is None:
        return ""
    y = PLOT_TOP + PLOT_HEIGHT * (1 - min(HIGHEST, max(0.0, level)))
    title = f"{judged.step.text}: {format_pace(pace or 0.0, done.units)}, {verdict_words(judged, done.units)}"
    return (f'<line class="actual verdict-{word}" x1="{bar.x + 1:.1f}" x2="{bar.x + max(bar.width - 1, 1.5):.1f}" '
            f'y1="{y:.1f}" y2="{y:.1f}"><title>{escape(title)}</title></line>')


def _row(judged: Judged, units: str) -> str:
    step, actual = judged.step, judged.actual
    cells = [str(judged.number), f"{step.text} {rep_words(step)}".strip(), target_words(step, units)]
    if actual is None:
        cells += [NONE] * 5
    else:
        hr = f"{actual.hr_avg:.0f}/{actual.hr_max}" if actual.hr_avg is not None and actual.hr_max else NONE
        cells += [time_words(actual.seconds), distance_words(actual.meters, units),
                  format_pace(actual.pace, units) if actual.pace else NONE,
                  time_words(judged.split) if judged.split else "", hr]
    labels = ("#", "step", "target", "time", "distance", "pace", "split", "HR")
    tds = "".join(f'<td data-label="{label}">{escape(cell)}</td>' for label, cell in zip(labels, cells, strict=True))
    word = judged.verdict.word or "none"
    return f'<tr>{tds}<td data-label="verdict" class="verdict verdict-{word}">' \
           f'{escape(verdict_words(judged, units))}</td></tr>\n'
