"""The printable track card: an index card (exactly 5 × 3 in) or an A6 card in large type; the wristband
strips are drawn by `strides.backends.cards.wristband`.

The cards draw the same view as the text card (`card_view.card_view`), in one or two columns, at the largest
type at which the whole workout fits its card. Type never goes below 7 pt and the rep split, at least 13 pt,
stays the largest number: a line too long for its column wraps, and a workout too long for one card goes on
to a second that says so. Each card is set in the largest type its content allows, between a floor and a
ceiling the cards of one file share.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from fpdf import FPDF

from strides.backends import Backend, RenderOptions
from strides.backends.cards.typeset import (
    MIN_SPLIT,
    NBSP,
    PT,
    Layout,
    Piece,
    Row,
    Typesetter,
    UncoveredText,
    bound,
    new_pdf,
    tick_columns,
    wrap,
)
from strides.backends.cards.view import Block, CardView, RepLine, TickRow, card_view, even_counts
from strides.errors import StridesError
from strides.meaning.model import Workout

COLUMN_GAP = 5.0
LAYOUTS = {
    "index": Layout((127.0, 76.2), 5.0, {"name": 11, "profile": 7, "title": 10, "pace": 9, "split": 14,
                                         "detail": 8, "tick": 9, "small": 7, "effort": 10}, MIN_SPLIT, 1.6),
    "a6": Layout((148.0, 105.0), 6.0, {"name": 14, "profile": 9, "title": 13, "pace": 12, "split": 18,
                                       "detail": 10.5, "tick": 12, "small": 9, "effort": 13},
                 16.0, 2.4),
    # A strip of 150 x 25 mm, several to a sheet (strides.backends.cards.wristband): read at a glance
    # mid-rep, its body is 9 pt and its splits 12 pt; nothing is below the cards' 7 pt.
    "wristband": Layout((150.0, 25.0), 1.5, {"name": 9, "profile": 7, "title": 9, "pace": 9, "split": 12,
                                            "detail": 9, "tick": 9, "small": 7, "effort": 9}, 12.0, 0.0),
}
CARD_LAYOUTS = tuple(LAYOUTS)
# Tried largest first: big type is what makes a card readable mid-rep. Two columns only at sizes up to 1.
SCALES = (1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.92, 0.85, 0.78, 0.72)
MARKS_PER_ROW = 5  # lap or km times on one row: a longer row would wrap, leaving a time without its label
CEILING_RATIO = 1.5  # the largest card type of a file, as a multiple of its smallest


# ---- index and A6 cards -----------------------------------------------------------------------------------


def block_rows(block: Block) -> list[Row]:
    """The title line, a line per rep with its split in large type, recoveries, then the tick boxes; a line
    too long for its column wraps between its phrases, never inside an amount or a pair (`bound`)."""
    return [attrs.evolve(row, left=tuple(Piece(bound(p.text), p.role) for p in row.left))
            for row in _block_rows(block)]


def _block_rows(block: Block) -> list[Row]:
    rows = [Row((Piece(f"({block.lead})", "small"),))] if block.lead else []
    title = (Piece(block.title, "title"),) + ((Piece("  " + block.split, "split"),) if block.split else ())
    rows.append(Row(title, Piece(block.pace, "pace") if block.pace else None))
    if block.note:
        rows.append(Row((Piece(f"“{block.note}”", "detail"),), indent=2))
    for rep in block.reps:
        rows.extend(rep_rows(rep, per_rep=bool(block.ticks)))
    rows.extend(Row((Piece(r, "detail"),), indent=2) for r in block.recoveries)
    rows.extend(Row(cells=tick_cells(row), indent=2) for row in block.ticks)
    return rows


def rep_rows(rep: RepLine, per_rep: bool) -> list[Row]:
    if not rep.split:  # a road segment's split is on its title line; its km or mile marks go under it
        rows = [Row((Piece(rep.phrase, "detail"),), Piece(rep.pace, "pace"), indent=2)] if rep.phrase else []
        return rows + _marks(rep)
    notes = ["per rep" if per_rep and not rep.phrase and not rep.extra else "", rep.extra,
             f"200 m {rep.half_lap}" if rep.half_lap else ""]
    note = " · ".join(n for n in notes if n)
    left = [Piece(rep.phrase + "  ", "detail")] if rep.phrase else []
    left += [Piece(rep.split, "split")] + ([Piece("  " + note, "detail")] if note else [])
    right = Piece(rep.pace, "pace") if rep.phrase and rep.pace else None
    return [Row(tuple(left), right, indent=2, tabbed=bool(rep.phrase)), *_marks(rep)]


def _marks(rep: RepLine) -> list[Row]:
    """`laps 1:36 3:12`, `each km 4:16 8:32 …`: the time at each mark, a mark never parted from its time."""
    rows = []
    for start in range(0, len(rep.laps), MARKS_PER_ROW):
        end = min(start + MARKS_PER_ROW, len(rep.laps))
        label = rep.marks_label if start == 0 else f"{rep.marks} {start + 1}–{end}"  # which marks, on each row
        rows.append(Row((Piece(label.replace(" ", NBSP) + "  " + "  ".join(rep.laps[start:end]), "small"),),
                        indent=4))
    return rows


def tick_cells(row: TickRow) -> tuple[str, ...]:
    cells = [f"☐{NBSP}{t.number}" + (f"{NBSP}·{NBSP}{t.label.replace(' ', NBSP)}" if t.label else "")
             for t in row.ticks]
    if row.extra:  # the top of a `4-6x` range: more boxes, set apart
        cells.append("+" + NBSP + NBSP.join(f"☐{NBSP}{t.number}" for t in row.extra))
    return tuple([row.label, *cells] if row.label else cells)


def flow_ticks(ts: Typesetter, row: Row, width: float) -> list[Row]:
    """A line of tick boxes broken into as few lines as the column needs, in equal columns and split evenly
    (12 boxes as 6 and 6 or 4, 4 and 4, never 8 and 4)."""
    widths = [ts.width(Piece(c, "tick")) for c in row.cells]
    plain = [w for w, c in zip(widths, row.cells, strict=True) if c.count(NBSP) == 1] or widths
    cell_w = max(plain) + ts.size("tick") * PT * 1.2
    greedy = _tick_lines(widths, cell_w, width - row.indent, [len(widths)] * len(widths))
    if len(greedy) > 1:
        even = _tick_lines(widths, cell_w, width - row.indent, even_counts(len(widths), len(greedy)))
        greedy = even if len(even) == len(greedy) else greedy
    return [attrs.evolve(row, cells=row.cells[start:end], cell_width=cell_w) for start, end in greedy]


def _tick_lines(widths: list[float], cell_w: float, width: float, most: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each line of boxes: as many as fit, at most `most[k]` on line k."""
    lines: list[tuple[int, int]] = []
    start, used = 0, 0.0
    for i, w in enumerate(widths):
        span = cell_w * tick_columns(w, cell_w)
        limit = most[len(lines)] if len(lines) < len(most) else len(widths)
        if i > start and (used + span > width + 1e-6 or i - start >= limit):
            lines.append((start, i))
            start, used = i, 0.0
        used += span
    return [*lines, (start, len(widths))]


@attrs.frozen
class Placement:
    """Lines ready to draw: (column, top of the line within the body, row); columns past the card's own go
    on to the next card."""

    column_width: float
    lines: list[tuple[int, float, Row]]
    columns: int  # how many the card has
    used: int  # how many the lines fill

    @property
    def fits(self) -> bool:
        return self.used <= self.columns


@attrs.frozen
class SetBlock:
    """A block's lines wrapped to a column's width, with their heights and the space around the block."""

    lines: list[Row]
    heights: list[float]
    gap: float
    entries: list[float] = attrs.field(factory=list)  # by line: the height of the entry it starts, else 0



def set_blocks(ts: Typesetter, blocks: list[list[Row]], column_width: float) -> list[SetBlock]:
    """The blocks set in a column `column_width` wide: wrapped once, then stacked into columns of any
    height."""
    found = []
    for rows in blocks:
        # Tabbed first: a rep name's column is part of the width the line is wrapped to.
        entries = [flow_ticks(ts, row, column_width) if row.cells else wrap(ts, row, column_width)
                   for row in tabulate(ts, rows)]
        lines = [line for entry in entries for line in entry]
        heights = [ts.height(line) for line in lines]
        starts = [sum(ts.height(line) for line in entry) if index == 0 else 0.0
                  for entry in entries for index in range(len(entry))]
        found.append(SetBlock(lines, heights, _gap(ts, lines), starts))
    return found


def arrange(blocks: list[SetBlock], column_width: float, count: int, height: float, whole: bool) -> Placement:
    """Blocks top to bottom in `count` columns of `height`, in reading order. With `whole` a block never
    breaks across columns; otherwise it may, but a block's title stays with its next line."""
    placed: list[tuple[int, float, Row]] = []
    column, y = 0, 0.0
    for block in blocks:
        gap = block.gap
        keep = sum(block.heights) + gap if whole else sum(block.heights[:2]) + gap / 2
        if y + keep > height + 1e-6 and y > 0:
            column, y = column + 1, 0.0
        y += gap / 2
        for line, line_height, entry in zip(block.lines, block.heights, block.entries, strict=True):
            # an entry (a line and what wrapped from it: a rep and its pace) is never parted across columns
            if entry and y + entry > height + 1e-6 and y > 0:
                column, y = column + 1, 0.0
            elif y + line_height > height + 1e-6 and y > 0:
                column, y = column + 1, 0.0
            placed.append((column, y, line))
            y += line_height
        y += gap / 2
    return Placement(column_width, placed, count, column + 1)


def columns_width(width: float, count: int) -> float:
    return (width - (count - 1) * COLUMN_GAP) / count


def tabulate(ts: Typesetter, lines: list[Row]) -> list[Row]:
    """Line up the splits of a ladder's reps: the rep names share one column."""
    tab = max((ts.width(line.left[0]) for line in lines if line.tabbed), default=0.0)
    return [attrs.evolve(line, cell_width=tab) if line.tabbed else line for line in lines]


def _gap(ts: Typesetter, lines: list[Row]) -> float:
    return ts.layout.gap * ts.scale if len(lines) > 1 else 0.0


def body_size(ts: Typesetter, view: CardView) -> tuple[float, float]:
    layout = ts.layout
    width, height = layout.size
    body = height - 2 * layout.margin - head_height(ts, view) - ts.line_height("small") - 1.0
    return width - 2 * layout.margin, body


@attrs.frozen
class Fitting:
    """A workout's card view in a layout, its blocks' rows, and their lines as set so far at a scale in a
    number of columns: fitting sets a card at several scales, two columns are tried twice, and the drawing
    uses the lines set at the scale chosen."""

    view: CardView
    layout: Layout
    blocks: list[list[Row]]
    set_in: dict[tuple[float, int], list[SetBlock]] = attrs.field(factory=dict)

    @classmethod
    def of(cls, view: CardView, layout: Layout) -> Fitting:
        return cls(view, layout, [block_rows(b) for b in view.blocks])

    def lines(self, ts: Typesetter, count: int, column_width: float) -> list[SetBlock]:
        assert ts.layout is self.layout, "a fitting holds the lines of one layout"
        key = (ts.scale, count)
        if key not in self.set_in:
            self.set_in[key] = set_blocks(ts, self.blocks, column_width)
        return self.set_in[key]


def placement(ts: Typesetter, card: Fitting, balance: bool = True) -> Placement | None:
    """The card at `ts`'s scale in one column, else two (balanced unless told not to), or None when it
    needs a second card."""
    width, height = body_size(ts, card.view)
    tries = ((1, True), (2, True), (2, False)) if ts.scale <= 1.0 else ((1, True),)
    for count, whole in tries:
        column_width = columns_width(width, count)
        set_ = card.lines(ts, count, column_width)
        placed = arrange(set_, column_width, count, height, whole)
        if placed.fits:
            return balanced(set_, placed, height, whole) if count == 2 and balance else placed
    return None


def balanced(blocks: list[SetBlock], placed: Placement, height: float, whole: bool) -> Placement:
    """Two columns of about the same height: the shortest body that still holds them, found by halving."""
    low, high = height / 2.5, height
    for _ in range(12):
        middle = (low + high) / 2
        trial = arrange(blocks, placed.column_width, 2, middle, whole)
        low, high = (low, middle) if trial.fits else (middle, high)
    trial = arrange(blocks, placed.column_width, 2, high, whole)
    return trial if trial.fits else placed


def best_scale(pdf: FPDF, layout: Layout, card: Fitting, first: float | None = None,
               ceiling: float = SCALES[0]) -> float | None:
    """The largest scale up to `ceiling` at which the card fits on one card; None when it needs more than
    one. Given a scale `first` it may answer any scale no smaller than that instead: whether the card fits
    at `first` is tried first, and that settles it."""
    def fits(scale: float) -> bool:
        return placement(Typesetter(pdf, layout, scale), card, balance=False) is not None

    if first is not None and fits(first):
        return first
    return next((scale for scale in SCALES if scale <= ceiling + 1e-9 and fits(scale)), None)


def card_scales(pdf: FPDF, layout: Layout, cards: Sequence[Fitting]) -> list[float]:
    """Each card in the largest type its content allows, between a floor and a ceiling the file shares: the
    floor is the busiest card's scale (no card is set smaller), the ceiling a step of CEILING_RATIO above it,
    so that a one-line card is not tiny beside a busy one nor huge beside its neighbours."""
    floor = shared_scale(pdf, layout, cards)
    ceiling = floor * CEILING_RATIO
    return [best_scale(pdf, layout, card, ceiling=ceiling) or floor for card in cards]


def shared_scale(pdf: FPDF, layout: Layout, cards: Sequence[Fitting]) -> float:
    """The smallest of the cards' best scales (the cards that fit on one card at some scale): a card that
    fits at the smallest found so far cannot make it smaller, and one try says so."""
    smallest: float | None = None
    for card in cards:
        scale = best_scale(pdf, layout, card, first=smallest)
        if scale is not None and (smallest is None or scale < smallest):
            smallest = scale
    return SCALES[-1] if smallest is None else smallest


def head_height(ts: Typesetter, view: CardView) -> float:
    return ts.line_height("name") + ts.line_height("profile") * bool(view.profile) + 1.5


def draw_card(pdf: FPDF, layout: Layout, fitting: Fitting, scale: float) -> None:
    """The card at `scale`; what does not fit goes on to more cards of the same size, each saying so."""
    width, height = layout.size
    view = fitting.view
    ts = Typesetter(pdf, layout, scale)
    placed = placement(ts, fitting) or overflowing(ts, fitting)
    cards = -(-placed.used // placed.columns)
    for card in range(cards):
        pdf.add_page(format=(width, height))
        name = view.name if card == 0 else f"{view.name} (continued)"
        top = layout.margin + draw_head(ts, attrs.evolve(view, name=name), width - 2 * layout.margin)
        step = placed.column_width + COLUMN_GAP
        for column, y, line in placed.lines:
            if column // placed.columns == card:
                ts.draw(line, layout.margin + column % placed.columns * step, top + y, placed.column_width)
        foot = f"Total {view.totals}" if card == cards - 1 else f"continued on card {card + 2} of {cards}"
        ts.text(layout.margin, height - layout.margin, Piece(foot, "small"))


def overflowing(ts: Typesetter, card: Fitting) -> Placement:
    """A workout too long for one card, in columns that go on to more cards."""
    width, height = body_size(ts, card.view)
    count = 2 if ts.layout.size[0] > 130 else 1
    column_width = columns_width(width, count)
    return arrange(card.lines(ts, count, column_width), column_width, count, height, False)


def draw_head(ts: Typesetter, view: CardView, width: float) -> float:
    """The workout's name, the profile line and a rule; returns the height used."""
    margin = ts.layout.margin
    y = margin
    for row in wrap(ts, Row((Piece(view.name, "name"),)), width)[:1]:
        y += ts.draw(row, margin, y, width)
    if view.profile:
        y += ts.draw(Row((Piece(view.profile, "profile"),)), margin, y, width)
    ts.pdf.set_draw_color(140)
    ts.pdf.set_line_width(0.2)
    ts.pdf.line(margin, y + 0.5, margin + width, y + 0.5)
    return y + 1.5 - margin


# ---- the backend ------------------------------------------------------------------------------------------


def render(workouts: Sequence[Workout], options: RenderOptions) -> bytes:
    """One card per workout (more for a very long one), or the wristband strips on sheets of paper."""
    if options.card not in CARD_LAYOUTS:
        raise StridesError(f"unknown card layout `{options.card}`; known: {', '.join(CARD_LAYOUTS)}")
    try:
        return _document(workouts, options, full_fonts=False)
    except UncoveredText:  # a name or note in a script the common cut of the fonts lacks
        return _document(workouts, options, full_fonts=True)


def _document(workouts: Sequence[Workout], options: RenderOptions, full_fonts: bool) -> bytes:
    pdf = new_pdf(", ".join(w.name for w in workouts), full_fonts)
    if options.card == "wristband":
        from strides.backends.cards.wristband import draw_sheets

        draw_sheets(pdf, workouts, options.paper)
        return bytes(pdf.output())
    layout = LAYOUTS[options.card]
    cards = [Fitting.of(card_view(workout), layout) for workout in workouts]
    # Each card sized to its content, within a floor and a ceiling shared by the file (a day too long for
    # one card at any size goes on to a second one instead).
    for card, scale in zip(cards, card_scales(pdf, layout, cards), strict=True):
        draw_card(pdf, layout, card, scale)
    return bytes(pdf.output())


BACKEND = Backend(name="pdf", suffix=".pdf", binary=True, per_workout=False, render=render)
