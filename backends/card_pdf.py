"""The printable track card: an index card (exactly 5 × 3 in) or an A6 card in large type; the wristband
strips are drawn by `strides.backends.wristband`.

The cards draw the same view as the text card (`card_view.card_view`), in one or two columns, at the largest
type at which the whole workout fits its card. Type never goes below 7 pt and the rep split, at least 13 pt,
stays the largest number: a line too long for its column wraps, and a workout too long for one card goes on
to a second that says so. All the cards of one file share one type scale, so a busy day does not get smaller
type than its neighbours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import attrs
from fpdf import FPDF
from fpdf.drawing_primitives import DeviceGray
from fpdf.fonts import TTFFont

from strides.backends import Backend, RenderOptions
from strides.backends.card_view import Block, CardView, RepLine, TickRow, card_view, even_counts
from strides.errors import StridesError
from strides.model import Workout

PT = 25.4 / 72  # millimetres per point
LEADING = 1.25  # line height as a multiple of the type size
FONT = "DejaVu"
NBSP = "\u00a0"  # keeps a box and its number together
# A fixed date keeps the bytes repeatable: the same workout always gives the same file.
CREATED = datetime(2024, 1, 1, tzinfo=timezone.utc)
GRAY = {"name": 0, "title": 0, "split": 0, "effort": 0, "pace": 0, "tick": 20, "detail": 60, "profile": 90,
        "small": 90}
BOLD = ("name", "title", "split", "effort")
INK = {role: DeviceGray(level / 255) for role, level in GRAY.items()}  # as fpdf2 makes of a grey level
FONT_KEY = FONT.lower()  # fpdf2's name for the family in use
COLUMN_GAP = 5.0
MIN_TYPE = 7.0  # points: nothing on a card is smaller
MIN_SPLIT = 13.0  # points: the rep split is read mid-rep, at arm's length


@attrs.frozen
class Layout:
    """Page size in millimetres (width, height) and type sizes in points."""

    size: tuple[float, float]
    margin: float
    sizes: dict[str, float]
    min_split: float  # splits never shrink below this, however long the workout
    gap: float  # space around blocks of more than one line
    min_type: float = MIN_TYPE


LAYOUTS = {
    "index": Layout((127.0, 76.2), 5.0, {"name": 11, "profile": 7, "title": 10, "pace": 9, "split": 14,
                                         "detail": 8, "tick": 9, "small": 7, "effort": 10}, MIN_SPLIT, 1.6),
    "a6": Layout((148.0, 105.0), 6.0, {"name": 14, "profile": 9, "title": 13, "pace": 12, "split": 18,
                                       "detail": 10.5, "tick": 12, "small": 9, "effort": 13},
                 16.0, 2.4),
    # A strip of 150 x 25 mm, several to a sheet (strides.backends.wristband): 6 pt at the least.
    "wristband": Layout((150.0, 25.0), 1.5, {"name": 8, "profile": 6, "title": 7, "pace": 7, "split": 9,
                                            "detail": 7, "tick": 7, "small": 6, "effort": 7}, 9.0, 0.0,
                        min_type=6.0),
}
CARD_LAYOUTS = tuple(LAYOUTS)
# Tried largest first: big type is what makes a card readable mid-rep. Two columns only at sizes up to 1.
SCALES = (1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.92, 0.85, 0.78, 0.72)


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
    # The package is installed as files (the fonts are handed to fpdf2 by path): no need for the
    # resource readers, which import zipfile.
    return Path(__file__).resolve().parent / "fonts"


def new_pdf(title: str) -> FPDF:
    pdf = FPDF(unit="mm")
    pdf.add_font(FONT, "", str(font_dir() / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(font_dir() / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_creation_date(CREATED)
    pdf.set_title(title)
    pdf.set_creator("strides")
    for bold in (False, True):  # the first document's fonts measure for all: the font files never change
        font = pdf.fonts[FONT_KEY + "B" * bold]
        if isinstance(font, TTFFont):
            _ADVANCES.setdefault(bold, (font.cw, pdf.k))
    return pdf


# The advance widths (thousandths of the type size, by code point) of each font and fpdf2's points per mm,
# taken from the fonts a document has loaded, so that measuring needs no font of its own.
_ADVANCES: dict[bool, tuple[Mapping[int, float], float]] = {}
PAGE_COUNT = "{nb}"  # fpdf2's alias: a text holding it is measured with the count it stands for


@lru_cache(maxsize=1)
def _ruler() -> FPDF:
    return new_pdf("")


@lru_cache(maxsize=1 << 15)
def measure(text: str, bold: bool, size: float) -> float:
    """The width of `text` in millimetres: fitting a card measures the same pieces at many sizes. The sum
    is fpdf2's own (`get_string_width` without text shaping), done without building its text fragments."""
    if bold not in _ADVANCES:
        _ruler()  # loads the fonts, and with them their widths
    if bold in _ADVANCES and PAGE_COUNT not in text:
        advances, k = _ADVANCES[bold]
        return sum(advances[ord(c)] for c in text) * size * 0.001 / k
    ruler = _ruler()
    ruler.set_font(FONT, "B" if bold else "", size)
    return float(ruler.get_string_width(text))


class Typesetter:
    """Sets text in a layout's sizes times a scale, and measures it."""

    def __init__(self, pdf: FPDF, layout: Layout, scale: float = 1.0) -> None:
        self.pdf, self.layout, self.scale = pdf, layout, scale
        # Every line of every card asks for these: worked out once per scale.
        self.sizes = {role: self._size(role) for role in layout.sizes}
        self.line_heights = {role: size * PT * LEADING for role, size in self.sizes.items()}

    def _size(self, role: str) -> float:
        size = max(self.layout.sizes[role] * self.scale, self.layout.min_type)
        return max(size, self.layout.min_split) if role == "split" else size

    def size(self, role: str) -> float:
        return self.sizes[role]

    def use(self, role: str) -> None:
        pdf, style, size = self.pdf, "B" if role in BOLD else "", self.sizes[role]
        # fpdf2 does nothing for the font already in use, but only after some work: most pieces keep it.
        if pdf.font_size_pt != size or pdf.font_style != style or pdf.font_family != FONT_KEY:
            pdf.set_font(FONT, style, size)
        if pdf.text_color is not INK[role]:
            pdf.set_text_color(INK[role])

    def width(self, piece: Piece) -> float:
        return measure(piece.text, piece.role in BOLD, self.sizes[piece.role])

    def line_height(self, role: str) -> float:
        return self.line_heights[role]

    def height(self, row: Row) -> float:
        heights = self.line_heights
        tallest = max((heights[p.role] for p in row.left), default=0.0)
        if row.cells:
            tallest = max(tallest, heights["tick"])
        if row.right:
            tallest = max(tallest, heights[row.right.role])
        return tallest or heights["small"] / 2

    def text(self, x: float, baseline: float, piece: Piece) -> float:
        """Draw `piece` on `baseline` from x; returns its width."""
        self.use(piece.role)
        self.pdf.text(x, baseline, piece.text)
        return self.width(piece)

    def draw(self, row: Row, x: float, top: float, width: float) -> float:
        """Draw a row below `top` (wrapped to `width` beforehand, see `wrap`); returns its height."""
        height = self.height(row)
        baseline = top + height * 0.76
        x, width = x + row.indent, width - row.indent
        if row.cells:
            for cell in row.cells:
                x += row.cell_width * _columns(self.text(x, baseline, Piece(cell, "tick")), row.cell_width)
            return height
        right_x = x + width - (self.width(row.right) if row.right else 0.0)
        for index, piece in enumerate(row.left):  # left to right, so that copied text reads in order
            drawn = self.text(x, baseline, piece)
            x += row.cell_width if row.tabbed and index == 0 else drawn
        if row.right:
            self.text(right_x, baseline, row.right)
        return height

    def natural_width(self, row: Row) -> float:
        """The width a row takes, with a gap before its right-hand piece."""
        pieces = [self.width(p) for p in row.left]
        if row.tabbed and pieces:
            pieces[0] = row.cell_width
        right = self.width(row.right) + self.size(row.right.role) * PT if row.right else 0.0
        return max(sum(pieces) + right, 1e-6)


def _columns(width: float, cell_width: float) -> int:
    """How many tick columns a cell takes: a labelled box can be wider than a plain one."""
    return max(1, -int(-width // cell_width))


# ---- index and A6 cards -----------------------------------------------------------------------------------


def block_rows(block: Block) -> list[Row]:
    """The title line, a line per rep with its split in large type, recoveries, then the tick boxes."""
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
    if not rep.split:
        return [Row((Piece(rep.phrase, "detail"),), Piece(rep.pace, "pace"), indent=2)] if rep.phrase else []
    notes = ["per rep" if per_rep and not rep.phrase and not rep.extra else "", rep.extra,
             f"200 m {rep.half_lap}" if rep.half_lap else ""]
    note = " · ".join(n for n in notes if n)
    left = [Piece(rep.phrase + "  ", "detail")] if rep.phrase else []
    left += [Piece(rep.split, "split")] + ([Piece("  " + note, "detail")] if note else [])
    right = Piece(rep.pace, "pace") if rep.phrase and rep.pace else None
    rows = [Row(tuple(left), right, indent=2, tabbed=bool(rep.phrase))]
    if rep.laps:
        rows.append(Row((Piece(rep.marks_label + "  " + "  ".join(rep.laps), "small"),), indent=4))
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
        span = cell_w * _columns(w, cell_w)
        limit = most[len(lines)] if len(lines) < len(most) else len(widths)
        if i > start and (used + span > width + 1e-6 or i - start >= limit):
            lines.append((start, i))
            start, used = i, 0.0
        used += span
    return [*lines, (start, len(widths))]


def wrap(ts: Typesetter, row: Row, width: float) -> list[Row]:
    """A row too wide for its column as several: the right-hand piece on a line of its own, then the words
    of the left ones broken between words (never inside one, never by shrinking the type)."""
    if row.cells or ts.natural_width(row) <= width - row.indent + 1e-6:
        return [row]
    if row.right is not None:
        left = attrs.evolve(row, right=None)
        return [*wrap(ts, left, width), Row(right=row.right, indent=row.indent)]
    lines: list[list[tuple[str, str]]] = [[]]
    for word, role in _words(row.left):
        trial = Row(_pieces([*lines[-1], (word, role)]), indent=row.indent)
        if lines[-1] and ts.natural_width(trial) > width - row.indent - (2 if len(lines) > 1 else 0) + 1e-6:
            lines.append([])
            word = word.lstrip()
        lines[-1].append((word, role))
    return [Row(_pieces(line), indent=row.indent + (2 if i else 0)) for i, line in enumerate(lines)]


def _words(pieces: Sequence[Piece]) -> list[tuple[str, str]]:
    """The words of some pieces with their role, each with the space before it if it had one (so that `)`
    stays against `6:32`)."""
    text = "".join(piece.text for piece in pieces)
    words: list[tuple[str, str]] = []
    at = 0
    for piece in pieces:
        for bare in piece.text.split():
            found = text.index(bare, at)
            words.append((f" {bare}" if found > 0 and text[found - 1].isspace() else bare, piece.role))
            at = found + len(bare)
    return words


def _pieces(words: list[tuple[str, str]]) -> tuple[Piece, ...]:
    """Words joined into pieces, one per run of the same role."""
    pieces: list[Piece] = []
    for word, role in words:
        if pieces and pieces[-1].role == role:
            pieces[-1] = Piece(pieces[-1].text + word, role)
        else:
            pieces.append(Piece(word if pieces else word.lstrip(), role))
    return tuple(pieces)


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


def set_blocks(ts: Typesetter, blocks: list[list[Row]], column_width: float) -> list[SetBlock]:
    """The blocks set in a column `column_width` wide: wrapped once, then stacked into columns of any
    height."""
    found = []
    for rows in blocks:
        # Tabbed first: a rep name's column is part of the width the line is wrapped to.
        lines = [line for row in tabulate(ts, rows)
                 for line in (flow_ticks(ts, row, column_width) if row.cells else wrap(ts, row, column_width))]
        found.append(SetBlock(lines, [ts.height(line) for line in lines], _gap(ts, lines)))
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
        for line, line_height in zip(block.lines, block.heights, strict=True):
            if y + line_height > height + 1e-6 and y > 0:
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


def best_scale(pdf: FPDF, layout: Layout, card: Fitting, first: float | None = None) -> float | None:
    """The largest scale at which the card fits on one card; None when it needs more than one. Given a
    scale `first` it may answer any scale no smaller than that instead: whether the card fits at `first`
    is tried first, and that settles it."""
    def fits(scale: float) -> bool:
        return placement(Typesetter(pdf, layout, scale), card, balance=False) is not None

    if first is not None and fits(first):
        return first
    return next((scale for scale in SCALES if fits(scale)), None)


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
    pdf = new_pdf(", ".join(w.name for w in workouts))
    if options.card == "wristband":
        from strides.backends.wristband import draw_sheets

        draw_sheets(pdf, workouts, options.paper)
        return bytes(pdf.output())
    layout = LAYOUTS[options.card]
    cards = [Fitting.of(card_view(workout), layout) for workout in workouts]
    # One type scale for all the cards: a busy day gets no smaller type than its neighbours (a day too long
    # for one card at any size goes on to a second one instead).
    scale = shared_scale(pdf, layout, cards)
    for card in cards:
        draw_card(pdf, layout, card, scale)
    return bytes(pdf.output())


BACKEND = Backend(name="pdf", suffix=".pdf", binary=True, per_workout=False, render=render)
