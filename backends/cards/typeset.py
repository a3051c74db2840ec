"""Type for the printed cards and strips: the fonts, the measure of a text, and pieces of text set in a layout's
sizes into rows, wrapped between words to a column's width (strides.backends.cards.pdf and .wristband)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

import attrs
from fpdf import FPDF
from fpdf.drawing_primitives import DeviceGray
from fpdf.fonts import TTFFont

from strides.backends.fonts_ahead import FULL, common_name

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
MIN_TYPE = 7.0  # points: nothing on a card is smaller
MIN_SPLIT = 13.0  # points: the rep split is read mid-rep, at arm's length
UNIT = re.compile(r"(\d) (m|km|mi|min|s|h|bpm)\b")
PAIR = re.compile(r"(\d(?: |\u00a0)(?:m|km|mi)) (\d+:\d\d)")  # `200 m 0:44`: a distance and its split


@attrs.frozen
class Layout:
    """Page size in millimetres (width, height) and type sizes in points."""

    size: tuple[float, float]
    margin: float
    sizes: dict[str, float]
    min_split: float  # splits never shrink below this, however long the workout
    gap: float  # space around blocks of more than one line
    min_type: float = MIN_TYPE


@attrs.frozen
class Piece:
    text: str
    role: str


@attrs.frozen
class Row:
    """One line: pieces side by side and one flush right, or a line of tick boxes."""

    left: tuple[Piece, ...] = ()
    right: Piece | None = None
    cells: tuple[str, ...] = ()  # tick boxes (or a ladder's entries), drawn in columns `cell_width` apart
    cell_width: float = 0.0  # for a tabbed row, the width of its first piece's column
    cell_role: str = "tick"  # the type of the cells: a ladder's splits are set as splits
    indent: float = 0.0
    tabbed: bool = False  # the first piece is a column shared with the block's other tabbed rows


# ---- type ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def font_dir() -> Path:
    # The package is installed as files (the fonts are handed to fpdf2 by path): no need for the
    # resource readers, which import zipfile.
    return Path(__file__).resolve().parent.parent / "fonts"


class UncoveredText(Exception):
    """A text holds a character the common cut of the fonts lacks: the document is set again in full fonts."""


def new_pdf(title: str, full_fonts: bool = False) -> FPDF:
    """A document in DejaVu Sans: the common cut of its glyphs (strides.backends.fonts_ahead), which reads
    in a fraction of the time, or the full fonts for a document that needs them."""
    pdf = FPDF(unit="mm")
    for style, file in zip(("", "B"), FULL, strict=True):
        pdf.add_font(FONT, style, str(font_dir() / (file if full_fonts else common_name(file))))
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_creation_date(CREATED)
    pdf.set_title(title)
    pdf.set_creator("strides")
    _FULL_FONTS[pdf] = full_fonts
    for bold in (False, True):  # the first document's fonts measure for all: the font files never change
        font = pdf.fonts[FONT_KEY + "B" * bold]
        if isinstance(font, TTFFont):
            # fpdf2 gives a glyph it lacks a default width; the common cut has no default: such a text
            # cannot be set in it.
            _ADVANCES.setdefault((full_fonts, bold), (font.cw if full_fonts else dict(font.cw), pdf.k))
    return pdf


# The advance widths (thousandths of the type size, by code point) of each font, full or cut, and fpdf2's
# points per mm, taken from the fonts a document has loaded, so that measuring needs no font of its own.
_ADVANCES: dict[tuple[bool, bool], tuple[Mapping[int, float], float]] = {}
_FULL_FONTS: WeakKeyDictionary[FPDF, bool] = WeakKeyDictionary()  # which fonts each document has
PAGE_COUNT = "{nb}"  # fpdf2's alias: a text holding it is measured with the count it stands for


@lru_cache(maxsize=2)
def _ruler(full_fonts: bool) -> FPDF:
    return new_pdf("", full_fonts)


@lru_cache(maxsize=1 << 15)
def measure(text: str, bold: bool, size: float, full_fonts: bool = False) -> float:
    """The width of `text` in millimetres: fitting a card measures the same pieces at many sizes. The sum
    is fpdf2's own (`get_string_width` without text shaping), done without building its text fragments.
    Raises UncoveredText for a character the common cut lacks."""
    if (full_fonts, bold) not in _ADVANCES:
        _ruler(full_fonts)  # loads the fonts, and with them their widths
    advances, k = _ADVANCES[full_fonts, bold]
    try:
        width = sum(advances[ord(c)] for c in text) * size * 0.001 / k
    except KeyError:
        raise UncoveredText(text) from None
    if PAGE_COUNT not in text:
        return width
    ruler = _ruler(full_fonts)
    ruler.set_font(FONT, "B" if bold else "", size)
    return float(ruler.get_string_width(text))


class Typesetter:
    """Sets text in a layout's sizes times a scale, and measures it."""

    def __init__(self, pdf: FPDF, layout: Layout, scale: float = 1.0) -> None:
        self.pdf, self.layout, self.scale = pdf, layout, scale
        self.full_fonts = _FULL_FONTS.get(pdf, True)
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
        return measure(piece.text, piece.role in BOLD, self.sizes[piece.role], self.full_fonts)

    def line_height(self, role: str) -> float:
        return self.line_heights[role]

    def height(self, row: Row) -> float:
        heights = self.line_heights
        tallest = max((heights[p.role] for p in row.left), default=0.0)
        if row.cells:
            tallest = max(tallest, heights[row.cell_role])
        if row.right:
            tallest = max(tallest, heights[row.right.role])
        return tallest or heights["small"] / 2

    def text(self, x: float, baseline: float, piece: Piece) -> float:
        """Draw `piece` on `baseline` from x; returns its width."""
        self.use(piece.role)
        # A no-break space only binds words for wrapping (`bound`): the text drawn, and copied, has plain
        # spaces; a tick box keeps its own, as it always has.
        self.pdf.text(x, baseline, piece.text if piece.role == "tick" else piece.text.replace(NBSP, " "))
        return self.width(piece)

    def draw(self, row: Row, x: float, top: float, width: float) -> float:
        """Draw a row below `top` (wrapped to `width` beforehand, see `wrap`); returns its height."""
        height = self.height(row)
        baseline = top + height * 0.76
        x, width = x + row.indent, width - row.indent
        if row.cells:
            for cell in row.cells:
                x += row.cell_width * tick_columns(self.text(x, baseline, Piece(cell, row.cell_role)), row.cell_width)
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


def tick_columns(width: float, cell_width: float) -> int:
    """How many tick columns a cell takes: a labelled box can be wider than a plain one."""
    return max(1, -int(-width // cell_width))


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


def bound(text: str) -> str:
    """A phrase whose parts must not part: an amount and its unit (`200 m`, `5 min`), a distance and its
    split (`200 m 0:44`), a separator and the word before it (`1:28 ·`)."""
    text = UNIT.sub(lambda found: found[1] + NBSP + found[2], text)
    text = PAIR.sub(lambda found: found[1] + NBSP + found[2], text)
    return text.replace(" · ", NBSP + "· ")


def _words(pieces: Sequence[Piece]) -> list[tuple[str, str]]:
    """The words of some pieces with their role, each with the space before it if it had one (so that `)`
    stays against `6:32`)."""
    text = "".join(piece.text for piece in pieces)
    words: list[tuple[str, str]] = []
    at = 0
    for piece in pieces:
        for bare in filter(None, piece.text.split(" ")):  # a no-break space binds: `200 m`, `200 m 0:44`
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
