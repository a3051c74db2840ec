"""The text track card: a plain-text summary to print, keep in a pocket or paste into a message.

`card_view` says what goes on the card; the jinja2 template lays it out in 60 columns, with the helpers here
for what a template does badly (flowing boxes, breaking long lines).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import jinja2

from strides.backends import Backend, RenderOptions
from strides.backends.cards.view import RepLine, Tick, TickRow, card_view, even_counts
from strides.backends.templates_ahead import Templates
from strides.meaning.model import Workout

WIDTH = 60


# ---- text layout ------------------------------------------------------------------------------------------


def spread(left: str, right: str, width: int = WIDTH) -> str:
    """`left` and `right` on one line, `right` flush with the edge; on two lines when they do not fit."""
    if not right:
        return left
    gap = width - len(left) - len(right)
    return f"{left}{' ' * gap}{right}" if gap >= 2 else f"{left}\n  {right}"


def split_text(rep: RepLine, per_rep: bool) -> str:
    """`1:28 per rep · 200 m 0:44`, or for one of several reps `800 m @3k 2:51 · 200 m 0:43 · 3:34/km`."""
    per = per_rep and rep.split and not rep.phrase and not rep.extra
    parts = [f"{rep.split} per rep" if per else rep.split, rep.extra]
    if rep.half_lap:
        parts.append(f"200 m {rep.half_lap}")
    if rep.phrase and rep.pace:
        parts.append(rep.pace)
    text = " · ".join(p for p in parts if p)
    return f"{rep.phrase} {text}" if rep.phrase and text else text


def tick_lines(rows: Sequence[TickRow], width: int = WIDTH - 2) -> list[str]:
    """Boxes flowed into lines, numbers right-aligned so that plain boxes line up in columns, the same
    columns in every row (set) of the block."""
    ticks = [t for row in rows for t in (*row.ticks, *row.extra)]
    digits = len(str(max((t.number for t in ticks), default=0)))

    def cell(tick: Tick) -> str:
        return f"☐ {tick.number:>{digits}}" + (f" · {tick.label}" if tick.label else "")

    shown = [t for row in rows for t in row.ticks]
    cell_width = max(len(cell(t)) for t in [t for t in shown if not t.label] or shown) if shown else 0
    lines: list[str] = []
    for row in rows:
        prefix = f"{row.label}  " if row.label else ""
        flowed = _even_flow([cell(t).ljust(cell_width) for t in row.ticks], width - len(prefix))
        lines.extend((prefix if i == 0 else " " * len(prefix)) + line for i, line in enumerate(flowed))
        if row.extra:
            lines.extend(_flow(["if going well: " + "   ".join(f"☐ {t.number}" for t in row.extra)], width))
    return lines


def _even_flow(cells: list[str], width: int, gap: str = "   ") -> list[str]:
    """Cells flowed into as few lines as they need, the same number on each (12 boxes as 6 and 6, not 8 and
    4), the last line shorter only by what does not divide."""
    lines = _flow(cells, width, gap)
    if len(lines) < 2:
        return lines
    even, start = [], 0
    for count in even_counts(len(cells), len(lines)):
        even.append(gap.join(cells[start : start + count]).rstrip())
        start += count
    return even if all(len(line) <= width for line in even) else lines


def _flow(cells: list[str], width: int, gap: str = "   ") -> list[str]:
    lines: list[str] = []
    line = ""
    for cell in cells:
        candidate = f"{line}{gap}{cell}" if line else cell
        if line and len(candidate.rstrip()) > width:
            lines.append(line.rstrip())
            line = cell
        else:
            line = candidate
    return [*lines, line.rstrip()] if line else lines


def lap_lines(rep: RepLine, width: int) -> list[str]:
    """`laps 1:44 3:29 5:13 6:58` (`each km 4:16 8:32` on the road), broken under itself when there are many."""
    label = rep.marks_label + " "
    lines = _flow(list(rep.laps), width - len(label), gap=" ")
    return [(label if i == 0 else " " * len(label)) + line for i, line in enumerate(lines)]


SEPARATORS = (" · ", ", ", "; ", " + ")  # where a line may break: between phrases, never inside one


def fit_width(text: str, width: int = WIDTH) -> str:
    """Break any line still wider than the card (a long name or note) under itself, between its phrases
    (`400 m @5k 1:31 · 200 m 0:46`), and between words only inside a phrase too long for a line."""
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines.extend(_break_phrases(line, width, indent + "  "))
    return "\n".join(lines)


def phrases(line: str) -> list[str]:
    """A line cut after each separator, the separator kept with the phrase before it."""
    parts = [line]
    for separator in SEPARATORS:
        parts = [piece for part in parts for piece in _cut_after(part, separator)]
    return parts


def _cut_after(text: str, separator: str) -> list[str]:
    pieces = text.split(separator)
    return [piece + separator.rstrip() for piece in pieces[:-1]] + pieces[-1:]


def _break_phrases(line: str, width: int, indent: str) -> list[str]:
    lines: list[str] = []
    current = ""
    for phrase in phrases(line):
        candidate = f"{current} {phrase.strip()}" if current else phrase
        if current and len(candidate) > width:
            lines.append(current)
            current = indent + phrase.strip()
        else:
            current = candidate
    lines.append(current)
    result: list[str] = []
    for text in lines:  # a phrase longer than a line: between its words
        result.extend(textwrap.wrap(text, width, subsequent_indent=indent) if len(text) > width else [text])
    return result


CARD_TEMPLATES = Templates(
    "card", ("card.txt.j2",), {"spread": spread, "split_text": split_text, "tick_lines": tick_lines,
                               "lap_lines": lap_lines},
    autoescape=False,  # plain text: nothing to escape
    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)


def _template() -> jinja2.Template:
    return CARD_TEMPLATES.get_template("card.txt.j2")


def render_text(workout: Workout) -> str:
    """One workout's card, no line wider than WIDTH."""
    return fit_width(_template().render(card=card_view(workout), width=WIDTH))


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    """Every workout's card, one after the other; a plan as its table of weeks."""
    if options.plan is not None:
        from strides.backends.cards.plan import plan_table

        return plan_table(options.plan)
    return "\n".join(render_text(w) for w in workouts)


BACKEND = Backend(name="card", suffix=".txt", binary=False, per_workout=False, render=render)
