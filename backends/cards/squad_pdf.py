"""The squad sheet on paper: A4 or Letter landscape, a table per workout, to be read from a clipboard.

Type is never below 8 pt and the splits, 13 pt and bold, are the largest numbers; rows are shaded in turn so
that an eye finds a name's line at arm's length. Columns take the width of what they hold, a column's title
wraps over several lines; block columns that do not fit beside the names go on to a second table, and a
squad too long for one page goes on to the next with the names of the columns again.
"""

from __future__ import annotations

from collections.abc import Sequence

from strides.backends.cards.squad import Cell, Column, Line, Sheet, group_text
from strides.backends.cards.typeset import Layout, Piece, Row, Typesetter, UncoveredText, new_pdf, wrap

PAPERS = {"a4": (297.0, 210.0), "letter": (279.4, 215.9)}  # landscape, in millimetres
MARGIN = 10.0
SIZES = {"name": 16, "title": 10, "split": 13, "pace": 11, "detail": 9, "tick": 11, "small": 8, "profile": 8,
         "effort": 10}
ROW = 8.0  # millimetres: a line a pencil can follow
PAD = 2.5  # either side of a cell's text
TICK_WIDTH = 24.0  # room to tick and to write a word
MIN_COLUMN = 26.0
MAX_TITLE = 60.0  # a block's title longer than this wraps
SHADE = 236  # every other row, a light grey
MIN_SHEET_TYPE = 8.0


def layout(paper: str) -> Layout:
    return Layout(PAPERS[paper], MARGIN, dict(SIZES), SIZES["split"], 0.0, min_type=MIN_SHEET_TYPE)


def render_pdf(sheets: Sequence[Sheet], paper: str = "a4") -> bytes:
    try:
        return _document(sheets, paper, full_fonts=False)
    except UncoveredText:  # a name in a script the common cut of the fonts lacks
        return _document(sheets, paper, full_fonts=True)


def _document(sheets: Sequence[Sheet], paper: str, full_fonts: bool) -> bytes:
    pdf = new_pdf(", ".join(s.name for s in sheets), full_fonts)
    ts = Typesetter(pdf, layout(paper))
    for found in sheets:
        _SheetDrawing(ts, found).draw()
    return bytes(pdf.output())


class _SheetDrawing:
    """One workout's sheet on as many pages as it takes."""

    def __init__(self, ts: Typesetter, found: Sheet) -> None:
        self.ts, self.sheet = ts, found
        self.width, self.height = ts.layout.size
        self.inner = self.width - 2 * MARGIN
        self.name_w = max([self._w("athlete", "small"), *(self._w(line.name, "pace") for line in found.lines)]) \
            + 2 * PAD
        self.total_w = max([self._w("total", "small"), *(self._w(line.total, "detail") for line in found.lines)]) \
            + 2 * PAD
        self.widths = [max(MIN_COLUMN, min(self._w(column.title, "title") + 2 * PAD, MAX_TITLE),
                           *(self._cell_width(line.cells[k]) for line in found.lines))
                       for k, column in enumerate(found.columns)]
        self.page_top = 0.0
        self.y = 0.0

    def _w(self, text: str, role: str) -> float:
        return self.ts.width(Piece(text, role))

    def _cell_width(self, cell: Cell) -> float:
        width = self._w(cell.split, "split") + (self._w("  " + cell.half, "detail") if cell.half else 0.0)
        if cell.recovery:
            width += self._w("  " + cell.recovery, "small")
        return min(width + 2 * PAD, self.inner / 2)

    # ---- pages ---------------------------------------------------------------------------------------------

    def draw(self) -> None:
        self._new_page(continued=False)
        for number, chunk in enumerate(self._chunks(), 1):
            self._table(chunk, last=number == len(self._chunks()))
        self._groups()

    def _new_page(self, continued: bool) -> None:
        ts, found = self.ts, self.sheet
        ts.pdf.add_page(format=(self.width, self.height))
        y = MARGIN
        name = f"{found.name} (continued)" if continued else found.name
        count = f"{len(found.lines)} athlete{'s' if len(found.lines) != 1 else ''}, fastest first"
        y += ts.draw(Row((Piece(name, "name"),), Piece(count, "detail")), MARGIN, y, self.inner)
        if found.same and not continued:
            for row in wrap(ts, Row((Piece("all: " + " · ".join(found.same), "detail"),)), self.inner):
                y += ts.draw(row, MARGIN, y, self.inner)
        ts.pdf.set_draw_color(120)
        ts.pdf.set_line_width(0.3)
        ts.pdf.line(MARGIN, y + 1.0, MARGIN + self.inner, y + 1.0)
        self.y = y + 3.0

    def _chunks(self) -> list[list[int]]:
        """The block columns in runs that fit beside the names, the total and the ticks."""
        room = self.inner - self.name_w - self.total_w - TICK_WIDTH
        chunks: list[list[int]] = [[]]
        used = 0.0
        for k, width in enumerate(self.widths):
            if chunks[-1] and used + width > room:
                chunks.append([])
                used = 0.0
            chunks[-1].append(k)
            used += width
        return chunks

    # ---- a table -------------------------------------------------------------------------------------------

    def _table(self, chunk: list[int], last: bool) -> None:
        # Columns as wide as what they hold, so that the eye goes straight from a name to its split and
        # total; the room left is the last column's, to tick and to write in.
        widths = [self.widths[k] + (0.0 if last else self._spare(chunk) / len(chunk)) for k in chunk]
        heads = [self._head(self.sheet.columns[k], w) for k, w in zip(chunk, widths, strict=True)]
        head_h = max([self.ts.line_height("small"), *(sum(self.ts.height(r) for r in h) for h in heads)]) + 1.0
        if self.y + head_h + ROW > self.height - MARGIN:
            self._new_page(continued=True)
        self._header(heads, widths, head_h, last)
        for index, line in enumerate(self.sheet.lines):
            if self.y + ROW > self.height - MARGIN:
                self._new_page(continued=True)
                self._header(heads, widths, head_h, last)
            self._row(index, line, chunk, widths, last)
        self.y += ROW / 2

    def _spare(self, chunk: list[int]) -> float:
        return max(0.0, self.inner - self.name_w - sum(self.widths[k] for k in chunk))

    def _head(self, column: Column, width: float) -> list[Row]:
        rows = wrap(self.ts, Row((Piece(column.title, "title"),)), width - 2 * PAD)
        if column.recovery:
            rows += wrap(self.ts, Row((Piece(column.recovery, "small"),)), width - 2 * PAD)
        if column.track:
            rows.append(Row((Piece("split · 200 m", "small"),)))
        return rows

    def _header(self, heads: list[list[Row]], widths: list[float], height: float, last: bool) -> None:
        ts, bottom = self.ts, self.y + height
        small = ts.line_height("small")
        ts.draw(Row((Piece("athlete", "small"),)), MARGIN + PAD, bottom - small - 0.5, self.name_w)
        x = MARGIN + self.name_w
        for rows, width in zip(heads, widths, strict=True):
            y = bottom - sum(ts.height(r) for r in rows) - 0.5
            for row in rows:
                y += ts.draw(row, x + PAD, y, width - 2 * PAD)
            x += width
        if last:
            ts.draw(Row((Piece("total", "small"),)), x + PAD, bottom - small - 0.5, self.total_w)
            ts.draw(Row((Piece("done · notes", "small"),)), x + self.total_w + PAD, bottom - small - 0.5,
                    TICK_WIDTH)
        ts.pdf.set_draw_color(120)
        ts.pdf.line(MARGIN, bottom, MARGIN + self.inner, bottom)
        self.y = bottom

    def _row(self, index: int, line: Line, chunk: list[int], widths: list[float], last: bool) -> None:
        ts, pdf, top = self.ts, self.ts.pdf, self.y
        if index % 2:
            pdf.set_fill_color(SHADE)
            pdf.rect(MARGIN, top, self.inner, ROW, style="F")
        middle = top + (ROW - ts.line_height("split")) / 2
        ts.draw(Row((Piece(line.name, "pace"),)), MARGIN + PAD, top + (ROW - ts.line_height("pace")) / 2,
                self.name_w)
        x = MARGIN + self.name_w
        for k, width in zip(chunk, widths, strict=True):
            self._cell(line.cells[k], x + PAD, middle, width - 2 * PAD)
            x += width
        if last:
            ts.draw(Row((Piece(line.total, "detail"),)), x + PAD, top + (ROW - ts.line_height("detail")) / 2,
                    self.total_w)
            box = 4.2
            pdf.set_draw_color(60)
            pdf.set_line_width(0.3)
            pdf.rect(x + self.total_w + PAD, top + (ROW - box) / 2, box, box)
        self.y = top + ROW

    def _cell(self, cell: Cell, x: float, top: float, width: float) -> None:
        pieces = [Piece(cell.split, "split")] + ([Piece("  " + cell.half, "detail")] if cell.half else [])
        if cell.recovery:
            pieces.append(Piece("  " + cell.recovery, "small"))
        row = wrap(self.ts, Row(tuple(pieces)), width)[0]
        self.ts.draw(row, x, top, width)

    def _groups(self) -> None:
        ts = self.ts
        for group in self.sheet.groups:
            for row in wrap(ts, Row((Piece(group_text(group, self.sheet.columns), "detail"),)), self.inner):
                if self.y + ts.height(row) > self.height - MARGIN:
                    self._new_page(continued=True)
                self.y += ts.draw(row, MARGIN, self.y, self.inner)
        if self.sheet.left_out:
            text = f"not on this sheet (their profile cannot pace it): {', '.join(self.sheet.left_out)}"
            for row in wrap(ts, Row((Piece(text, "detail"),)), self.inner):
                if self.y + ts.height(row) > self.height - MARGIN:
                    self._new_page(continued=True)
                self.y += ts.draw(row, MARGIN, self.y, self.inner)

