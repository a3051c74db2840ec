"""The wristband: a strip per workout, at most 150 × 25 mm, to cut out and tape round a wrist.

The strips are laid one under another on A4 or Letter paper, as many as fit, with cut marks at their corners.
Each block of the workout is one compact line (`12×400 1:28 · r35 s`, `last all-out`), its split or pace in
bold and every pace with its unit; a ladder's reps stand in columns, each distance over its split. The lines
fill the strip in columns, and a workout too long for one strip goes on to the next, which says so. The body
is 9 pt, the splits 12 pt, and nothing is below 7 pt.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs
from fpdf import FPDF

from strides.backends.cards.pdf import LAYOUTS
from strides.backends.cards.typeset import PT, Piece, Row, Typesetter, tick_columns, wrap
from strides.backends.cards.view import CardPhrases, book_for, runs_once, work_of
from strides.meaning.model import Distance, Effort, Kind, Node, Open, Pace, Repeat, Step, Workout
from strides.words.phrasebook import changed_reps, is_plain_easy, split_text, totals

PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
STRIP = LAYOUTS["wristband"].size  # millimetres: 150 round the wrist, 25 across
SHEET_MARGIN = 12.0
STRIP_GAP = 5.0  # between strips, where the cut marks are
PADDING = LAYOUTS["wristband"].margin
COLUMNS = 3  # at most: fewer, wider columns when the lines fit in them
COLUMN_GAP = 3.0
MARK = 3.0  # length of a cut mark
LAYOUT = LAYOUTS["wristband"]
LEADS = {Kind.warmup: "wu", Kind.cooldown: "cd"}
STRIP_SCALES = (2.0, 1.7, 1.4, 1.2, 1.0)  # tried largest first, for a workout that fits one strip


@attrs.frozen
class Ladder:
    """A ladder's reps in columns, each distance over its split, then what comes between them."""

    amounts: tuple[str, ...]
    splits: tuple[str, ...]
    between: tuple[Piece, ...] = ()


Line = tuple[Piece, ...] | Ladder


@attrs.frozen
class Strip:
    """One strip: its heading and the lines of its columns."""

    name: str
    totals: str
    lines: tuple[Row, ...]
    columns: int = COLUMNS
    scale: float = 1.0  # a short workout's strip in larger type: the strip is filled, not left half empty


# ---- compact lines ----------------------------------------------------------------------------------------


def short_amount(book: CardPhrases, step: Step) -> str:
    """`400`, `1 mi`, `15 min`: metres go without their unit, as on a track."""
    return "" if isinstance(step.duration, Open) else book.amount(step.duration).removesuffix(" m")


def value(book: CardPhrases, step: Step) -> str:
    """The one thing to read at a glance: the split, else the pace (with its unit), heart rate or effort."""
    if isinstance(step.target, Effort):
        return step.target.word
    return split_text(step) or book.target_value(step.target)


def step_words(book: CardPhrases, step: Step) -> tuple[str, str]:
    """(what, value): `wu 15 min`, `3 mi @hm` and `21:01`, `400` and `1:28`, `1 min hill` and `hard`."""
    lead = LEADS.get(step.kind, "")
    kind = "" if step.kind in (Kind.run, Kind.easy, *LEADS) else book.kind(step.kind)
    label = "" if isinstance(step.target, Effort) or is_plain_easy(step.target) or not step.is_rep \
        or split_text(step) and not isinstance(step.duration, Distance) else book.step_label(step)
    if isinstance(step.target, Pace) and isinstance(step.duration, Distance) and step.duration.meters < 3000:
        label = ""  # a track rep: the split says it all
    if step.kind == Kind.easy or (is_plain_easy(step.target) and not lead):
        kind = "easy"
    what = " ".join(w for w in (lead, short_amount(book, step), kind, label) if w)
    return what, value(book, step)


def value_role(step: Step) -> str:
    """A split or a single pace is what the runner reads mid-rep, in the largest type; a range, a heart rate
    or an effort in bold body type."""
    single = isinstance(step.target, Pace) and not step.target.is_range
    return "split" if single or split_text(step) else "title"


def recovery_words(book: CardPhrases, step: Step) -> str:
    """`r35 s`, `r200 jog`, `jog back`, `r200 float 0:54`."""
    if isinstance(step.duration, Open):
        return book.recovery(step)
    kind = "" if step.kind == Kind.rest else f" {book.kind(step.kind)}"
    split = f" {value(book, step)}" if step.target is not None else ""
    return f"r{short_amount(book, step)}{kind}{split}"


def node_pieces(book: CardPhrases, node: Node) -> list[Piece]:
    """A node as pieces of one line: text, and its split in bold."""
    if isinstance(node, Step):
        if node.is_recovery:
            return [Piece(recovery_words(book, node), "detail")]
        what, shown = step_words(book, node)
        return [Piece(what, "detail")] + ([Piece(" " + shown, value_role(node))] if shown else [])
    if runs_once(node):
        return _group_pieces(book, node)
    count = f"{node.count}–{node.count_upto}" if node.count_upto else str(node.count)
    work = work_of(node, 0)
    inner = _joined([node_pieces(book, n) for n in work])
    progression = book.progression(node)
    if progression:
        first_last = progression.split(", ")[0].replace(" → ", "→")
        inner = [Piece(step_words(book, _first_rep(node))[0], "detail"), Piece(" " + first_last, "split")]
    if len(work) > 1 or isinstance(work[0], Repeat):
        inner = [Piece("(", "detail"), *inner, Piece(")", "detail")]
    pieces = [Piece(f"{count}×", "detail"), *inner]
    if node.between is not None:
        pieces.append(Piece(f" · {recovery_words(book, node.between)}", "detail"))
    return pieces


def _first_rep(repeat: Repeat) -> Step:
    return next(s for s in repeat.rounds[0] if isinstance(s, Step) and s.is_rep)


def _recoveries(book: CardPhrases, group: Repeat) -> list[Piece]:
    recoveries = dict.fromkeys(recovery_words(book, n) for n in group.round(0) if isinstance(n, Step)
                               and n.is_recovery)
    return [Piece(" · " + " or ".join(recoveries), "detail")] if recoveries else []


def _group_pieces(book: CardPhrases, group: Repeat) -> list[Piece]:
    """A group's reps in turn, `1600 6:34, 1200 4:48 · r2 min`."""
    return [*_joined([node_pieces(book, n) for n in work_of(group, 0)]), *_recoveries(book, group)]


def ladder(book: CardPhrases, node: Node) -> Ladder | None:
    """A ladder of one target, each rep with its split (`200/400/600 @5k r200 jog`); None for anything else."""
    if not isinstance(node, Repeat) or not runs_once(node):
        return None
    reps = [n for n in work_of(node, 0) if isinstance(n, Step)]
    if len(reps) < 2 or len(reps) != len(work_of(node, 0)) or len({r.target for r in reps}) != 1 \
            or not all(split_text(r) for r in reps):
        return None
    between = tuple(Piece(p.text.removeprefix(" · "), p.role) for p in _recoveries(book, node))
    return Ladder(tuple(short_amount(book, r) for r in reps), tuple(split_text(r) for r in reps), between)


def _joined(parts: list[list[Piece]]) -> list[Piece]:
    pieces: list[Piece] = []
    for index, part in enumerate(parts):
        if index:
            pieces.append(Piece(", ", "detail"))
        pieces.extend(part)
    return pieces


def changes_line(book: CardPhrases, repeat: Repeat) -> list[Piece]:
    """`last all-out`, `rep 12, 16 all-out`: the reps a modifier changed, when not a progression."""
    if runs_once(repeat) or book.progression(repeat):
        return []
    by_value: dict[str, list[int]] = {}
    for number, rep in changed_reps(repeat):
        by_value.setdefault(value(book, rep) or book.step_label(rep), []).append(number)
    parts = []
    for shown, numbers in by_value.items():
        which = "last" if numbers == [repeat.reps] else f"rep{'s' * (len(numbers) > 1)} {', '.join(map(str, numbers))}"
        parts.append(f"{which} {shown}")
    return [Piece("; ".join(parts), "detail")] if parts else []


def workout_lines(workout: Workout) -> list[Line]:
    """One compact line per block (a ladder in columns), and one for a block's changed reps."""
    book = book_for(workout.profile)
    lines: list[Line] = []
    for node in workout.items:
        changes = changes_line(book, node) if isinstance(node, Repeat) else []
        pieces = node_pieces(book, node) + [Piece(" · " + p.text, p.role) for p in changes]  # kept with it
        lines.append(ladder(book, node) or tuple(_merged(pieces)))
    return lines


def _merged(pieces: list[Piece]) -> Iterator[Piece]:
    """Neighbouring pieces of one role as one."""
    current: Piece | None = None
    for piece in pieces:
        if current is not None and current.role == piece.role:
            current = Piece(current.text + piece.text, piece.role)
            continue
        if current is not None:
            yield current
        current = piece
    if current is not None:
        yield current


# ---- strips and sheets ------------------------------------------------------------------------------------


def column_width(columns: int = COLUMNS) -> float:
    return (STRIP[0] - 2 * PADDING - (columns - 1) * COLUMN_GAP) / columns


def lines_per_column(ts: Typesetter) -> int:
    body = STRIP[1] - 2 * PADDING - ts.line_height("name") - 0.5
    return int(body // ts.line_height("split"))


def ladder_rows(ts: Typesetter, found: Ladder, width: float) -> list[Row]:
    """A ladder as pairs of rows, distances over splits, as many reps to a pair as the column holds."""
    cell = max(ts.width(Piece(split, "split")) for split in found.splits) + ts.size("split") * PT * 0.6
    per = max(1, int(width // cell))
    rows = []
    for start in range(0, len(found.splits), per):
        rows += [Row(cells=found.amounts[start : start + per], cell_width=cell, cell_role="detail"),
                 Row(cells=found.splits[start : start + per], cell_width=cell, cell_role="split")]
    between = " ".join(piece.text for piece in found.between)
    if not between:
        return rows
    last = rows[-2]  # the recovery after the last distances, when there is room for it
    if len(last.cells) + tick_columns(ts.width(Piece(between, "detail")), cell) <= per:
        rows[-2] = attrs.evolve(last, cells=(*last.cells, between))
        return rows
    return rows + wrap(ts, Row(found.between), width)


def set_lines(ts: Typesetter, lines: list[Line], width: float, per: int) -> tuple[list[Row], bool]:
    """The lines wrapped to a column `width` wide, `per` lines to a column, and whether any line had to
    break; a ladder's distances never stand at the foot of a column apart from their splits."""
    rows: list[Row] = []
    broken = False
    for line in lines:
        if isinstance(line, Ladder):
            for row in ladder_rows(ts, line, width):
                if row.cell_role == "detail" and len(rows) % per == per - 1:
                    rows.append(Row())
                rows.append(row)
        else:
            wrapped = wrap(ts, Row(line), width)
            rows, broken = rows + wrapped, broken or len(wrapped) > 1
    return rows, broken


def strips(ts: Typesetter, workout: Workout) -> list[Strip]:
    """The workout's strips: on one strip in the largest type that holds it, in as few columns as hold its
    lines (wide ones wrap less); else at the layout's own sizes on as many strips as they need, each after
    the first saying which it is."""
    lines = workout_lines(workout)
    sums = totals(workout).line
    for scale in STRIP_SCALES:
        sized = Typesetter(ts.pdf, ts.layout, scale)
        per = lines_per_column(sized)
        for columns in range(1, COLUMNS + 1):
            rows, broken = set_lines(sized, lines, column_width(columns), per)
            # larger type only where every line stays whole: a broken line may go on in the next column
            if len(rows) <= per * columns and (scale == 1.0 or not broken):
                return [Strip(workout.name, sums, tuple(rows), columns, scale)]
    per = lines_per_column(ts)
    rows, _ = set_lines(ts, lines, column_width(COLUMNS), per)
    room = per * COLUMNS - 1  # the last line of a strip that goes on says so
    chunks = [rows[i : i + room] for i in range(0, len(rows), room)]
    found = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        more = () if last else (Row((Piece(f"continued on strip {index + 2} →", "small"),)),)
        name = workout.name if index == 0 else f"{workout.name} (strip {index + 1} of {len(chunks)})"
        found.append(Strip(name, sums if last else "", (*chunk, *more)))
    return found


def draw_strip(ts: Typesetter, strip: Strip, x: float, y: float) -> None:
    pdf = ts.pdf
    ts = Typesetter(pdf, ts.layout, strip.scale)
    pdf.set_draw_color(190)
    pdf.set_line_width(0.1)
    pdf.rect(x, y, *STRIP)
    cut_marks(pdf, x, y)
    inner = STRIP[0] - 2 * PADDING
    head = Row((Piece(strip.name, "name"),), Piece(strip.totals, "small") if strip.totals else None)
    top = y + PADDING + ts.draw(wrap(ts, head, inner)[0], x + PADDING, y + PADDING, inner) + 0.5
    per, width = lines_per_column(ts), column_width(strip.columns)
    for index, row in enumerate(strip.lines):
        column, line = divmod(index, per)
        slot = ts.line_height("split")  # every line on one baseline grid, whatever its type
        ts.draw(row, x + PADDING + column * (width + COLUMN_GAP), top + (line + 1) * slot - ts.height(row), width)


def cut_marks(pdf: FPDF, x: float, y: float) -> None:
    """Short lines just outside each corner, where the scissors go."""
    pdf.set_draw_color(0)
    pdf.set_line_width(0.2)
    width, height = STRIP
    for cx in (x, x + width):
        for cy in (y, y + height):
            out = -1 if cx == x else 1
            pdf.line(cx + out * 1.0, cy, cx + out * (1.0 + MARK), cy)
            down = -1 if cy == y else 1
            pdf.line(cx, cy + down * 1.0, cx, cy + down * (1.0 + MARK * 0.5))


def draw_sheets(pdf: FPDF, workouts: Sequence[Workout], paper: str) -> None:
    """Every workout's strips, one under another, on as few sheets as hold them."""
    size = PAPERS.get(paper, PAPERS["a4"])
    ts = Typesetter(pdf, LAYOUT)
    every = [strip for workout in workouts for strip in strips(ts, workout)]
    per_sheet = int((size[1] - 2 * SHEET_MARGIN + STRIP_GAP) // (STRIP[1] + STRIP_GAP))
    x = (size[0] - STRIP[0]) / 2
    for start in range(0, max(len(every), 1), per_sheet):
        pdf.add_page(format=size)
        for slot, strip in enumerate(every[start : start + per_sheet]):
            draw_strip(ts, strip, x, SHEET_MARGIN + slot * (STRIP[1] + STRIP_GAP))
