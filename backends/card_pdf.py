"""The printable track card: an index card, an A6 card in large type, or a wristband strip.

The index and A6 cards draw the same view as the text card (`card_view.card_view`), in one or two columns,
shrunk until the whole workout fits on its page. The wristband lists the workout step by step with each
rep's split in large type, on a strip narrow enough to tape round a wrist.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import attrs
from fpdf import FPDF

from strides.backends import Backend, RenderOptions
from strides.backends.card_view import (
    Block,
    CardView,
    RepLine,
    TickRow,
    amount_text,
    card_view,
    is_wide,
    pace_text,
    recovery_phrase,
    repeat_phrase,
    runs_once,
    step_phrase,
)
from strides.errors import StridesError
from strides.model import Effort, HeartRate, Pace, Repeat, Step, Workout
from strides.units import format_clock

PT = 25.4 / 72  # millimetres per point
LEADING = 1.25  # line height as a multiple of the type size
FONT = "DejaVu"
NBSP = "\u00a0"  # keeps a box and its number together
# A fixed date keeps the bytes repeatable: the same workout always gives the same file.
CREATED = datetime(2024, 1, 1, tzinfo=timezone.utc)
GRAY = {"name": 0, "title": 0, "split": 0, "effort": 0, "pace": 0, "tick": 20, "detail": 60, "profile": 90,
        "small": 90}
BOLD = ("name", "title", "split", "effort")
COLUMN_GAP = 5.0


@attrs.frozen
class Layout:
    """Page size in millimetres (width, height) and type sizes in points."""

    size: tuple[float, float]
    margin: float
    sizes: dict[str, float]
    min_split: float  # splits never shrink below this, however long the workout
    gap: float  # space around blocks of more than one line


LAYOUTS = {
    "index": Layout((127.0, 76.2), 5.0, {"name": 11, "profile": 7, "title": 10, "pace": 9, "split": 14,
                                         "detail": 8, "tick": 9, "small": 7, "effort": 10}, 9.0, 1.6),
    "a6": Layout((148.0, 105.0), 6.0, {"name": 14, "profile": 9, "title": 13, "pace": 12, "split": 18,
                                       "detail": 10.5, "tick": 12, "small": 9, "effort": 13},
                 16.0, 2.4),
    "wristband": Layout((25.0, 280.0), 2.0, {"name": 8, "profile": 5.5, "title": 7, "pace": 6, "split": 13,
                                             "detail": 6, "tick": 7, "small": 5.5,
                                             "effort": 9}, 13.0, 1.2),
}
# Tried largest first: big type is what makes a card readable mid-rep. Two columns only at sizes up to 1.
SCALES = (1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6, 0.55, 0.5)


@attrs.frozen
class Piece:
    text: str
    role: str


@attrs.frozen
class Row:
    """One line: pieces side by side and one flush right, or a line of tick boxes."""

    left: tuple[Piece, ...] = ()
    right: Piece | None = None
    cells: tuple[str, ...] = ()  # tick boxes, drawn in columns `cell_width` apart
    cell_width: float = 0.0  # for a tabbed row, the width of its first piece's column
    indent: float = 0.0
    tabbed: bool = False  # the first piece is a column shared with the block's other tabbed rows


# ---- type -------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def font_dir() -> Path:
    return Path(str(files("strides.backends") / "fonts"))


def new_pdf(title: str) -> FPDF:
    pdf = FPDF(unit="mm")
    pdf.add_font(FONT, "", str(font_dir() / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(font_dir() / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_creation_date(CREATED)
    pdf.set_title(title)
    pdf.set_creator("strides")
    return pdf


class Typesetter:
    """Sets text in a layout's sizes times a scale, and measures it."""

    def __init__(self, pdf: FPDF, layout: Layout, scale: float = 1.0) -> None:
        self.pdf, self.layout, self.scale = pdf, layout, scale

    def size(self, role: str, shrink: float = 1.0) -> float:
        size = self.layout.sizes[role] * self.scale * shrink
        return max(size, self.layout.min_split) if role == "split" else size

    def use(self, role: str, shrink: float = 1.0) -> None:
        self.pdf.set_font(FONT, "B" if role in BOLD else "", self.size(role, shrink))
        self.pdf.set_text_color(GRAY[role])

    def width(self, piece: Piece, shrink: float = 1.0) -> float:
        self.use(piece.role, shrink)
        return float(self.pdf.get_string_width(piece.text))

    def line_height(self, role: str) -> float:
        return self.size(role) * PT * LEADING

    def height(self, row: Row) -> float:
        roles = [p.role for p in row.left] + ["tick"] * bool(row.cells)
        if row.right:
            roles.append(row.right.role)
        return max((self.line_height(r) for r in roles), default=self.line_height("small") / 2)

    def text(self, x: float, baseline: float, piece: Piece, shrink: float = 1.0) -> float:
        """Draw `piece` on `baseline` from x; returns its width."""
        self.use(piece.role, shrink)
        self.pdf.text(x, baseline, piece.text)
        return float(self.pdf.get_string_width(piece.text))

    def draw(self, row: Row, x: float, top: float, width: float) -> float:
        """Draw a row below `top`, shrinking it when it is too wide for `width`; returns its height."""
        height = self.height(row)
        baseline = top + height * 0.76
        x, width = x + row.indent, width - row.indent
        if row.cells:
            for cell in row.cells:
                x += row.cell_width * _columns(self.text(x, baseline, Piece(cell, "tick")), row.cell_width)
            return height
        shrink = min(1.0, width / self.natural_width(row))
        while shrink > 0.3 and self.natural_width(row, shrink) > width:  # splits keep their least size
            shrink *= 0.9
        right_x = x + width - (self.width(row.right, shrink) if row.right else 0.0)
        for index, piece in enumerate(row.left):  # left to right, so that copied text reads in order
            drawn = self.text(x, baseline, piece, shrink)
            x += row.cell_width * shrink if row.tabbed and index == 0 else drawn
        if row.right:
            self.text(right_x, baseline, row.right, shrink)
        return height

    def natural_width(self, row: Row, shrink: float = 1.0) -> float:
        """The width a row takes, with a gap before its right-hand piece."""
        pieces = [self.width(p, shrink) for p in row.left]
        if row.tabbed and pieces:
            pieces[0] = row.cell_width * shrink
        right = self.width(row.right, shrink) + self.size(row.right.role, shrink) * PT if row.right else 0.0
        return max(sum(pieces) + right, 1e-6)


def _columns(width: float, cell_width: float) -> int:
    """How many tick columns a cell takes: a labelled box can be wider than a plain one."""
    return max(1, -int(-width // cell_width))


# ---- index and A6 cards -----------------------------------------------------------------------------------


def block_rows(block: Block) -> list[Row]:
    """The title line, a line per rep with its split in large type, recoveries, then the tick boxes."""
    title = (Piece(block.title, "title"),) + ((Piece("  " + block.split, "split"),) if block.split else ())
    rows = [Row(title, Piece(block.pace, "pace") if block.pace else None)]
    for rep in block.reps:
        rows.extend(rep_rows(rep, per_rep=bool(block.ticks)))
    rows.extend(Row((Piece(r, "detail"),), indent=2) for r in block.recoveries)
    rows.extend(Row(cells=tick_cells(row), indent=2) for row in block.ticks)
    return rows


def rep_rows(rep: RepLine, per_rep: bool) -> list[Row]:
    if not rep.split:
        return [Row((Piece(rep.phrase, "detail"),), Piece(rep.pace, "pace"), indent=2)] if rep.phrase else []
    notes = ["per rep" if per_rep and not rep.phrase else "", f"200 m {rep.half_lap}" if rep.half_lap else ""]
    note = " · ".join(n for n in notes if n)
    left = [Piece(rep.phrase + "  ", "detail")] if rep.phrase else []
    left += [Piece(rep.split, "split")] + ([Piece("  " + note, "detail")] if note else [])
    right = Piece(rep.pace, "pace") if rep.phrase and rep.pace else None
    rows = [Row(tuple(left), right, indent=2, tabbed=bool(rep.phrase))]
    if rep.laps:
        rows.append(Row((Piece("laps  " + "  ".join(rep.laps), "small"),), indent=4))
    return rows


def tick_cells(row: TickRow) -> tuple[str, ...]:
    cells = [f"☐{NBSP}{t.number}" + (f"{NBSP}{t.label}" if t.label else "") for t in row.ticks]
    if row.extra:  # the top of a `4-6x` range: more boxes, set apart
        cells.append("+" + NBSP + NBSP.join(f"☐{NBSP}{t.number}" for t in row.extra))
    return tuple([row.label, *cells] if row.label else cells)


def flow_ticks(ts: Typesetter, row: Row, width: float) -> list[Row]:
    """A line of tick boxes broken into as many lines as the column needs, in equal columns."""
    widths = [ts.width(Piece(c, "tick")) for c in row.cells]
    plain = [w for w, c in zip(widths, row.cells, strict=True) if c.count(NBSP) == 1] or widths
    cell_w = max(plain) + ts.size("tick") * PT * 1.2
    lines: list[Row] = []
    start, used = 0, 0.0
    for i, w in enumerate(widths):
        span = cell_w * _columns(w, cell_w)
        if used + span > width - row.indent + 1e-6 and i > start:
            lines.append(attrs.evolve(row, cells=row.cells[start:i], cell_width=cell_w))
            start, used = i, 0.0
        used += span
    lines.append(attrs.evolve(row, cells=row.cells[start:], cell_width=cell_w))
    return lines


@attrs.frozen
class Placement:
    """Lines ready to draw: (column, top of the line within the body, row)."""

    column_width: float
    lines: list[tuple[int, float, Row]]


def arrange(
    ts: Typesetter, blocks: list[list[Row]], count: int, size: tuple[float, float], whole: bool
) -> Placement | None:
    """Blocks top to bottom in `count` columns, or None when they do not fit. With `whole` a block never
    breaks across columns; otherwise it may, but a block's title stays with its next line."""
    column_width = (size[0] - (count - 1) * COLUMN_GAP) / count
    placed: list[tuple[int, float, Row]] = []
    column, y = 0, 0.0
    for rows in blocks:
        lines = [line for row in rows for line in (flow_ticks(ts, row, column_width) if row.cells else [row])]
        lines = tabulate(ts, lines)
        heights = [ts.height(line) for line in lines]
        gap = _gap(ts, lines)
        keep = sum(heights) + gap if whole else sum(heights[:2]) + gap / 2
        if y + keep > size[1] + 1e-6 and y > 0:
            column, y = column + 1, 0.0
        y += gap / 2
        for line, height in zip(lines, heights, strict=True):
            if y + height > size[1] + 1e-6:
                column, y = column + 1, 0.0
            if column == count:
                return None
            placed.append((column, y, line))
            y += height
        y += gap / 2
    return Placement(column_width, placed)


def tabulate(ts: Typesetter, lines: list[Row]) -> list[Row]:
    """Line up the splits of a ladder's reps: the rep names share one column."""
    tab = max((ts.width(line.left[0]) for line in lines if line.tabbed), default=0.0)
    return [attrs.evolve(line, cell_width=tab) if line.tabbed else line for line in lines]


def _gap(ts: Typesetter, lines: list[Row]) -> float:
    return ts.layout.gap * ts.scale if len(lines) > 1 else 0.0


def fit(pdf: FPDF, layout: Layout, view: CardView) -> tuple[Typesetter, Placement]:
    """The largest type, in one column if possible, at which the whole card fits its page."""
    blocks = [block_rows(b) for b in view.blocks]
    width, height = layout.size
    for scale in SCALES:
        ts = Typesetter(pdf, layout, scale)
        body = height - 2 * layout.margin - head_height(ts, view) - ts.line_height("small") - 1.0
        size = (width - 2 * layout.margin, body)
        tries = ((1, True), (2, True), (2, False)) if scale <= 1.0 else ((1, True),)
        for count, whole in tries:
            placement = arrange(ts, blocks, count, size, whole)
            if placement is not None:
                return ts, placement
    # Longer than any real session: draw it at the smallest size and let the last lines run off.
    return ts, arrange(ts, blocks, 1, (size[0], 10_000.0), True)  # type: ignore[return-value]


def head_height(ts: Typesetter, view: CardView) -> float:
    return ts.line_height("name") + ts.line_height("profile") * bool(view.profile) + 1.5


def draw_card(pdf: FPDF, layout: Layout, view: CardView) -> None:
    width, height = layout.size
    pdf.add_page(format=(width, height))
    ts, placement = fit(pdf, layout, view)
    top = layout.margin + draw_head(ts, view, width - 2 * layout.margin)
    step = placement.column_width + COLUMN_GAP
    for column, y, line in placement.lines:
        ts.draw(line, layout.margin + column * step, top + y, placement.column_width)
    ts.text(layout.margin, height - layout.margin, Piece(f"Total {view.totals}", "small"))


def draw_head(ts: Typesetter, view: CardView, width: float) -> float:
    """The workout's name, the profile line and a rule; returns the height used."""
    margin = ts.layout.margin
    y = margin
    y += ts.draw(Row((Piece(view.name, "name"),)), margin, y, width)
    if view.profile:
        y += ts.draw(Row((Piece(view.profile, "profile"),)), margin, y, width)
    ts.pdf.set_draw_color(140)
    ts.pdf.set_line_width(0.2)
    ts.pdf.line(margin, y + 0.5, margin + width, y + 0.5)
    return y + 1.5 - margin


# ---- wristband --------------------------------------------------------------------------------------------


def wristband_rows(ts: Typesetter, workout: Workout, width: float) -> Iterator[Row]:
    """Every step in order: reps numbered with their split in large type, everything else small."""
    for node in workout.items:
        if isinstance(node, Step):
            yield from _step_rows(node, workout.profile.units)
        else:
            yield from _wrapped(ts, repeat_phrase(node), "detail", width)  # where a block starts
            yield from _repeat_rows(node, workout.profile.units)


def _step_rows(step: Step, units: str) -> Iterator[Row]:
    yield Row((Piece(step_phrase(step), "title"),))
    if _split(step):
        yield Row(right=Piece(_split(step), "split"))  # a tempo's time, under its name
    elif isinstance(step.target, HeartRate) or (isinstance(step.target, Pace) and not is_wide(step.target)):
        yield Row(right=Piece(pace_text(step, units), "effort"))


def _repeat_rows(repeat: Repeat, units: str) -> Iterator[Row]:
    for number, step in numbered(repeat, [0]):
        if step.is_recovery:
            yield Row((Piece(recovery_phrase(step, units), "small"),), indent=3)
        else:
            value = _rep_value(step, units)
            role = "split" if value == _split(step) else "effort"
            yield Row((Piece(number, "tick"), Piece(" " + _rep_size(step), "small")), Piece(value, role))
    if repeat.count_upto:
        more = repeat.count_upto - repeat.count
        # With one round run no recovery stands between rounds above: say which one comes before the others.
        gap = f", {recovery_phrase(repeat.between, units)} between" if repeat.count == 1 and repeat.between else ""
        yield Row((Piece(f"+ {more} more if going well{gap}", "small"),), indent=3)


def numbered(repeat: Repeat, counter: list[int]) -> Iterator[tuple[str, Step]]:
    """The steps of a block with the number of the box they tick on the card: one per round, or one per
    rep in a group; each set counts from 1, as on the card."""
    for index in range(repeat.count):
        new_round = True
        for node in repeat.round(index):
            if isinstance(node, Repeat):
                yield from numbered(node, [0])
            elif node.is_recovery:
                yield "", node
            elif new_round or runs_once(repeat):
                counter[0] += 1
                new_round = False
                yield str(counter[0]), node
            else:
                yield "", node
        if repeat.between is not None and index < repeat.count - 1:
            yield "", repeat.between


def _rep_size(step: Step) -> str:
    return "" if step.split is not None else amount_text(step.duration)


def _split(step: Step) -> str:
    if step.split is not None and isinstance(step.target, Pace) and not is_wide(step.target):
        return format_clock(step.split)
    return ""


def _rep_value(step: Step, units: str) -> str:
    """The one thing to read at a glance: the split, else the effort, pace or heart rate."""
    if _split(step):
        return _split(step)
    if isinstance(step.target, Effort):
        return step.target.word
    if isinstance(step.target, (Pace, HeartRate)):
        return pace_text(step, units)
    return amount_text(step.duration)


def draw_wristband(pdf: FPDF, workout: Workout, totals: str) -> None:
    layout = LAYOUTS["wristband"]
    ts = Typesetter(pdf, layout)
    width = layout.size[0] - 2 * layout.margin
    head = _wrapped(ts, workout.name, "name", width) + _wrapped(ts, workout.profile.summary, "profile", width)
    foot = _wrapped(ts, f"Total {totals}", "small", width)
    rows = [*head, Row(), *wristband_rows(ts, workout, width), Row(), *foot]
    for page in _pages(ts, rows, layout.size[1] - 2 * layout.margin):
        pdf.add_page(format=(layout.size[0], sum(ts.height(r) for r in page) + 2 * layout.margin))
        y = layout.margin
        for row in page:
            y += ts.draw(row, layout.margin, y, width)


def _wrapped(ts: Typesetter, text: str, role: str, width: float) -> list[Row]:
    """Words broken into lines that fit the strip (the strip is too narrow for a name on one line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and ts.width(Piece(f"{lines[-1]} {word}", role)) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return [Row((Piece(line, role),)) for line in lines]


def _pages(ts: Typesetter, rows: list[Row], height: float) -> Iterator[list[Row]]:
    page: list[Row] = []
    used = 0.0
    for row in rows:
        if page and used + ts.height(row) > height:
            yield page
            page, used = [], 0.0
        page.append(row)
        used += ts.height(row)
    yield page


# ---- the backend ------------------------------------------------------------------------------------------


def render(workouts: Sequence[Workout], options: RenderOptions) -> bytes:
    """One page per workout (a strip of one or more pages for the wristband), in one PDF."""
    if options.card not in LAYOUTS:
        raise StridesError(f"unknown card layout `{options.card}`; known: {', '.join(LAYOUTS)}")
    pdf = new_pdf(", ".join(w.name for w in workouts))
    for workout in workouts:
        view = card_view(workout)
        if options.card == "wristband":
            draw_wristband(pdf, workout, view.totals)
        else:
            draw_card(pdf, LAYOUTS[options.card], view)
    return bytes(pdf.output())


BACKEND = Backend(name="pdf", suffix=".pdf", binary=True, per_workout=False, render=render)
