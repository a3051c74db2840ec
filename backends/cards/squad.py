"""The squad sheet: one session, every athlete at their own paces, as a table a coach holds on a clipboard.

`sheets` reads each athlete's resolved workouts through the track card's own view (`card_view`), so every
number on the sheet is the one that athlete's card shows: a table per workout, the athletes as rows sorted
fastest first, a column per block (the rep split and the 200 m split of track reps, the recovery when it
differs between athletes), the total and a box to tick. Blocks that are the same for everyone (strides,
drills, efforts) are said once above the table. Pace groups sum up the athletes in a few lines.

The text sheet (`render_text`) is 60 columns wide; the PDF is drawn by `squad_pdf`, the page by
`strides.backends.page.squad`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

import attrs

from strides.backends.cards.view import Block, card_view
from strides.meaning.model import HeartRate, Pace, Power, Step, Workout
from strides.words.phrasebook import is_plain_easy, split_text

WIDTH = 60
NAME_WIDTH = 14  # a name longer than this is cut on the text sheet
TICK = "☐"


@attrs.frozen
class Member:
    """An athlete and their workouts, one for each of the file's, None where they cannot run it."""

    name: str
    group: str
    workouts: tuple[Workout | None, ...]


@attrs.frozen
class Cell:
    split: str  # "1:28"; "1:28 / 2:57" for a ladder's rungs in order; a pace where a rep has no split
    half: str = ""  # the 200 m split of a track rep
    recovery: str = ""  # when it differs between the athletes: `float 200 m @mp 0:54`


@attrs.frozen
class Column:
    block: int  # which block of the workout, from 0
    title: str  # "12 × 400 m @5k-3s"
    recovery: str  # "rest 35 s between reps", when the same for everyone
    track: bool  # its reps have 200 m splits


@attrs.frozen
class Line:
    name: str
    group: str
    profile: str
    cells: tuple[Cell, ...]
    total: str


@attrs.frozen
class PaceGroup:
    label: str
    names: tuple[str, ...]
    ranges: tuple[str, ...]  # each column's splits, fastest to slowest


@attrs.frozen
class Sheet:
    name: str
    same: tuple[str, ...]  # the blocks everyone runs alike
    columns: tuple[Column, ...]
    lines: tuple[Line, ...]
    groups: tuple[PaceGroup, ...] = ()
    left_out: tuple[str, ...] = ()  # athletes who cannot run this workout


def sheets(members: Sequence[Member], names: Sequence[str], pace_groups: int = 0) -> list[Sheet]:
    """A sheet per workout of the file. `pace_groups` N > 0 puts the athletes in N pace groups; else the
    roster's groups are used, when it has some."""
    return [sheet(members, index, name, pace_groups) for index, name in enumerate(names)]


def sheet(members: Sequence[Member], index: int, name: str, pace_groups: int = 0) -> Sheet:
    running = [(m, w) for m in members if (w := m.workouts[index]) is not None]
    running.sort(key=lambda pair: (_speed(pair[1]), pair[0].name.casefold()))
    views = [card_view(workout) for _, workout in running]
    width = min((len(v.blocks) for v in views), default=0)
    blocks = [[v.blocks[k] for v in views] for k in range(width)]
    shown = [k for k, column in enumerate(blocks) if _varies(column, [w.steps_per_item[k] for _, w in running])]
    same = tuple(blocks[k][0].headline for k in range(width) if k not in shown)
    columns = tuple(_column(k, [blocks[k][row] for row in range(len(views))]) for k in shown)
    lines = tuple(Line(member.name, member.group, view.profile,
                       tuple(_cell(view.blocks[k], column.recovery) for k, column in zip(shown, columns, strict=True)),
                       view.totals.removeprefix("about "))
                  for (member, _), view in zip(running, views, strict=True))
    left_out = tuple(m.name for m in members if m.workouts[index] is None)
    found = Sheet(name, same, columns, lines, left_out=left_out)
    order = tuple(dict.fromkeys(m.group for m in members))  # the roster's groups, in its order
    return attrs.evolve(found, groups=grouped(found, [_speed(w) for _, w in running], pace_groups, order))


def _speed(workout: Workout) -> float:
    """How fast the athlete runs this workout: the mean pace of its paced reps (s/km), for the order."""
    paces = [s.target.exact for s in workout.timeline if s.is_rep and isinstance(s.target, Pace)] or \
        [s.target.exact for s in workout.timeline if isinstance(s.target, Pace)]
    return sum(paces) / len(paces) if paces else float("inf")


def _varies(column: Sequence[Block], steps: Sequence[Sequence[Step]]) -> bool:
    """A block worth a column: a split or a target of its own in some athlete's steps (an easy warm-up is
    run by feel, an effort is the same word for all), and (in a squad of several) not the same for everyone."""
    if not any(_own_number(step) for athlete in steps for step in athlete):
        return False
    cells = {(_cell(b, "").split, _cell(b, "").half, b.recoveries) for b in column}
    return len(cells) > 1 or len(column) == 1


def _own_number(step: Step) -> bool:
    target = step.target
    if isinstance(target, Pace):
        return bool(split_text(step)) or not is_plain_easy(target)
    return isinstance(target, (HeartRate, Power))


def _column(index: int, blocks: Sequence[Block]) -> Column:
    recoveries = {"; ".join(b.recoveries) for b in blocks}
    shared = recoveries.pop() if len(recoveries) == 1 else ""
    return Column(index, blocks[0].title, shared, any(rep.half_lap for b in blocks for rep in b.reps))


def _cell(block: Block, shared_recovery: str) -> Cell:
    recovery = "; ".join(block.recoveries)
    recovery = "" if recovery == shared_recovery else recovery
    if block.split:
        return Cell(block.split, "", recovery)
    values = [rep.split or rep.pace for rep in block.reps]
    if len(block.reps) == 1:
        return Cell(values[0] or block.pace, block.reps[0].half_lap, recovery)
    return Cell(" / ".join(v for v in values if v) or block.pace, "", recovery)


# ---- pace groups ------------------------------------------------------------------------------------------


def grouped(found: Sheet, speeds: Sequence[float], count: int, order: Sequence[str] = ()) -> tuple[PaceGroup, ...]:
    """`count` pace groups split where the athletes' paces lie furthest apart, or the roster's groups (in
    the roster's `order`)."""
    lines = found.lines
    if count > 0:
        parts = _split_at_gaps(list(speeds), min(count, len(lines)))
        return tuple(_group(f"pace group {k}", [lines[i] for i in part], len(found.columns))
                     for k, part in enumerate(parts, 1))
    present = {line.group for line in lines}
    labels = [g for g in dict.fromkeys([*order, *(line.group for line in lines)]) if g in present]
    if labels == [""]:
        return ()
    return tuple(_group(label or "no group", [line for line in lines if line.group == label], len(found.columns))
                 for label in labels)


def _split_at_gaps(speeds: list[float], count: int) -> list[list[int]]:
    """The indices of athletes in pace order, cut in `count` runs at the widest gaps."""
    if count <= 1 or not speeds:
        return [list(range(len(speeds)))]
    finite = [s if s != float("inf") else max([x for x in speeds if x != float("inf")], default=0) + 1
              for s in speeds]
    gaps = sorted(range(1, len(finite)), key=lambda i: (-(finite[i] - finite[i - 1]), i))[: count - 1]
    cuts = [0, *sorted(gaps), len(finite)]
    return [list(range(cuts[k], cuts[k + 1])) for k in range(len(cuts) - 1)]


def _group(label: str, lines: Sequence[Line], columns: int) -> PaceGroup:
    ranges = tuple(split_range([line.cells[k].split for line in lines]) for k in range(columns))
    return PaceGroup(label, tuple(line.name for line in lines), ranges)


def split_range(splits: Sequence[str]) -> str:
    """`1:24–1:28`: the fastest and slowest of some splits (each part of a ladder's on its own)."""
    values = list(dict.fromkeys(s for s in splits if s))
    if len(values) <= 1:
        return values[0] if values else ""
    parts = [v.split(" / ") for v in values]
    if len({len(p) for p in parts}) != 1:
        return f"{values[0]} … {values[-1]}"
    return " / ".join(_range([p[k] for p in parts]) for k in range(len(parts[0])))


def _range(values: Sequence[str]) -> str:
    """The lowest and highest of some values written alike (`1:24`, `3:40/km`, `133–152 bpm`), as one range;
    values written in different units are shown first and last."""
    read = [_ends(v) for v in values]
    if any(r is None for r in read) or len({r[2] for r in read if r is not None}) != 1:
        return values[0] if len(set(values)) == 1 else f"{values[0]} … {values[-1]}"
    ends = [r for r in read if r is not None]
    low = min(ends, key=lambda r: _number(r[0]))[0]
    high = max(ends, key=lambda r: _number(r[1]))[1]
    return f"{low}{ends[0][2]}" if low == high else f"{low}–{high}{ends[0][2]}"


_VALUE = re.compile(r"(\d+(?::\d\d){0,2})(?:–(\d+(?::\d\d){0,2}))?(.*)")


def _ends(text: str) -> tuple[str, str, str] | None:
    """`5:03–5:45/km` -> ("5:03", "5:45", "/km"); `1:28` -> ("1:28", "1:28", "")."""
    found = _VALUE.fullmatch(text)
    if found is None:
        return None
    return found[1], found[2] or found[1], found[3]


def _number(text: str) -> float:
    total = 0.0
    for part in text.split(":"):
        total = total * 60 + int(part)
    return total


# ---- the text sheet ---------------------------------------------------------------------------------------


def render_text(all_sheets: Sequence[Sheet]) -> str:
    """Every sheet, 60 columns wide: as many block columns as fit beside the names, the rest below."""
    return "\n".join(_text_sheet(s) for s in all_sheets)


def _text_sheet(found: Sheet) -> str:
    out = [found.name, f"{len(found.lines)} athlete{'s' if len(found.lines) != 1 else ''}, fastest first"]
    if found.same:
        out += _wrapped("all: " + " · ".join(found.same), WIDTH)
    out.append("═" * WIDTH)
    name_width = min(NAME_WIDTH, max([len("athlete"), *(len(line.name) for line in found.lines)]))
    total_width = max([5, *(len(line.total) for line in found.lines)])
    texts = [[_cell_text(line.cells[k]) for line in found.lines] for k in range(len(found.columns))]
    widths = [max([len(t) for t in column] or [0]) + 3 * column_.track
              for column, column_ in zip(texts, found.columns, strict=True)]
    room = WIDTH - name_width - 2 - len(TICK) - 2
    chunks = _chunks([max(10, w) for w in widths], room) or [[]]
    last = sum(max(10, widths[k]) + 2 for k in chunks[-1])
    if chunks[-1] and last + total_width + 2 > room:  # the total on a table of its own
        chunks.append([])
    for number, chunk in enumerate(chunks, 1):
        out += _table(found, chunk, [max(10, widths[k]) for k in chunk], texts, name_width,
                      total_width if number == len(chunks) else 0)
    for group in found.groups:
        out += _wrapped(group_text(group, found.columns), WIDTH, "  ")
    if found.left_out:
        out += _wrapped(f"not on this sheet (their profile cannot pace it): {', '.join(found.left_out)}", WIDTH)
    return "\n".join(line.rstrip() for line in out) + "\n"


def _cell_text(cell: Cell) -> str:
    text = f"{cell.split} · {cell.half}" if cell.half else cell.split
    return f"{text}; {cell.recovery}" if cell.recovery else text


def _chunks(widths: Sequence[int], room: int) -> list[list[int]]:
    """The columns in runs that fit `room` side by side (a column too wide for any run stands alone)."""
    chunks: list[list[int]] = []
    used = room + 1
    for k, width in enumerate(widths):
        if used + width + 2 > room and (not chunks or chunks[-1]):
            chunks.append([])
            used = 0
        chunks[-1].append(k)
        used += width + 2
    return chunks


def _table(found: Sheet, chunk: list[int], widths: list[int], texts: list[list[str]], name_width: int,
           total_width: int) -> list[str]:
    heads = [_head(found.columns[k], width) for k, width in zip(chunk, widths, strict=True)]
    depth = max((len(h) for h in heads), default=1)
    out = []
    for row in range(depth):
        first = "athlete" if row == depth - 1 else ""
        last = ["total".ljust(total_width)] if row == depth - 1 and total_width else []
        cells = [(h[row] if row < len(h) else "").ljust(w) for h, w in zip(heads, widths, strict=True)]
        out.append("  ".join([first.ljust(name_width), *cells, *last]))
    out.append("─" * WIDTH)
    for index, line in enumerate(found.lines):
        cells = [texts[k][index].ljust(w) for k, w in zip(chunk, widths, strict=True)]
        end = [line.total.ljust(total_width), TICK] if total_width else []
        out.append("  ".join([_cut(line.name, name_width).ljust(name_width), *cells, *end]))
    out.append("")
    return out


def _head(column: Column, width: int) -> list[str]:
    lines = textwrap.wrap(column.title, width) or [""]
    if column.recovery:
        lines += textwrap.wrap(column.recovery, width)
    if column.track:
        lines.append("split · 200 m"[:width])
    return lines


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def group_text(group: PaceGroup, columns: Sequence[Column]) -> str:
    """`pace group 1 (Alice, Ben): 1:24–1:28`; with several columns each range after its block's title."""
    named = len(columns) > 1
    ranges = " · ".join(f"{c.title} {r}" if named else r for c, r in zip(columns, group.ranges, strict=True) if r)
    names = ", ".join(group.names)
    return f"{group.label} ({names}): {ranges}" if ranges else f"{group.label}: {names}"


def _wrapped(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, subsequent_indent=indent or "  ", break_on_hyphens=False) or [""]
