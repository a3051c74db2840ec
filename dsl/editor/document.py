"""A file being edited, checked workout by workout and remembered by its text, for the language server and the
live editor page.

The file is cut at its name lines into pieces, one workout each. A piece is checked as a text of its own: the
settings written above it, then its own lines. So a mistake in one workout never hides the others (even a
mistake in the file's syntax stays in its workout), and a piece whose text and settings have not changed is not
checked again: in a training plan of a year, an edit re-checks one workout. Positions here are 0-based lines
and characters (code points); `strides check` counts from 1.

The limits of a file (its size, its workouts, its words) are the file's, not a piece's: a file past one is
refused whole, as `strides check` refuses it, before any piece is checked (strides.live_limits).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property

import attrs

import strides
from strides.diagnostics import Diagnostic
from strides.editor.file_limits import WordCounts, past_a_limit
from strides.errors import Span, StridesError
from strides.grammar.loader import name_line
from strides.language.ast import Setting, WorkoutSource
from strides.language.input_limits import MAX_WORKOUTS
from strides.language.lexicon import section_label
from strides.language.parse import parse
from strides.meaning.model import Workout
from strides.meaning.profile import runner_from

# What the grammar reads as a name line and as a setting line, at the start of a line (grammar/strides.lark).
_SETTING = re.compile(r"[^\S\n]*([A-Za-z0-9_.][A-Za-z0-9_. \t\-]*)=([^\n#]*)")
_BLANK = re.compile(r"\s*(?:#.*)?")
HEADER, SETTING, BLANK, STEPS = "header", "setting", "blank", "steps"
CACHE_SIZE = MAX_WORKOUTS + 1000  # pieces remembered: the most a file holds, and room for their edits

Position = tuple[int, int]


@attrs.frozen
class Mark:
    """A mistake or warning at its place: `start` to `end` is the caret span `strides check` underlines."""

    severity: str
    message: str
    hint: str | None
    start: Position
    end: Position
    rendered: str = attrs.field(default="", eq=False)  # as `strides check` prints it, file name and caret
    suggestion: str | None = None  # what to write over the span instead, when the mistake says


def classify(line: str) -> str:
    header = name_line().match(line)
    if header and not section_label(header[0].strip()[:-1])[0]:  # `Main set:` is part of a workout
        return HEADER
    if _SETTING.match(line):
        return SETTING
    return BLANK if _BLANK.fullmatch(line) else STEPS


def header_name(line: str) -> str:
    """The workout name on a name line, as the parser reads it."""
    match = name_line().match(line)
    return match[0].strip()[:-1].strip() if match else line.strip()


class Piece:
    """One workout's text as checked: its mistakes and its resolved workouts, in the piece's own lines."""

    def __init__(self, text: str, filename: str, settings: Mapping[str, str]) -> None:
        self.text = text
        self.filename = filename
        self.settings = dict(settings)
        self.workouts, self.diagnostics = _compile_and_check(text, self.settings, filename)
        self.lines = text.split("\n")
        self.fixes: dict[Mark, str | None] = {}
        self.memo: dict[str, str] = {}  # what others make of the piece once (the live page's HTML), kept with it

    @cached_property
    def marks(self) -> list[Mark]:
        return [self.mark(d) for d in self.diagnostics]

    @cached_property
    def sources(self) -> list[WorkoutSource]:
        """The syntax tree of the piece (with spans), for hovers and hints; none when it does not parse."""
        try:
            return parse(self.text, self.filename)
        except StridesError:
            return []

    @cached_property
    def line_starts(self) -> list[int]:
        starts, offset = [], 0
        for line in self.lines:
            starts.append(offset)
            offset += len(line) + 1
        return starts

    def offset(self, position: Position) -> int:
        line, character = position
        return self.line_starts[line] + min(character, len(self.lines[line]))

    def position(self, offset: int) -> Position:
        line = max(0, _bisect(self.line_starts, offset))
        return line, offset - self.line_starts[line]

    def mark(self, diagnostic: Diagnostic) -> Mark:
        return mark_of(diagnostic, self.lines)

    def fix(self, mark: Mark) -> str | None:
        """The word the hint suggests (`did you mean `r35s`?`) when writing it over the span takes the mistake
        away; None when there is none, or it would not."""
        if mark not in self.fixes:
            self.fixes[mark] = self._try_fix(mark)
        return self.fixes[mark]

    def _try_fix(self, mark: Mark) -> str | None:
        suggested = mark.suggestion
        if suggested is None or mark.severity != "error":
            return None
        start, end = self.offset(mark.start), self.offset(mark.end)
        fixed = self.text[:start] + suggested + self.text[end:]
        after = [d for d in strides.check(fixed, self.settings, filename=self.filename) if d.severity == "error"]
        # Mended: no mistake is left at the place or before it (one further on was hidden behind this one).
        mended = all(d.span is not None and d.span.start >= start + len(suggested) for d in after)
        return suggested if mended else None


def mark_of(diagnostic: Diagnostic, lines: Sequence[str]) -> Mark:
    """A diagnostic at its place in `lines`."""
    span = diagnostic.span
    if span is None or span.line > len(lines):
        line = 0 if span is None else len(lines) - 1
        start, end = (line, 0), (line, len(lines[line]))
    else:
        line, column = span.line - 1, span.column - 1
        text = lines[line].rstrip("\r")
        width = max(1, min(span.end - span.start, len(text) - column))  # as the caret is drawn
        start, end = (line, min(column, len(text))), (line, min(column + width, len(text)))
    return Mark(diagnostic.severity, diagnostic.message, diagnostic.hint, start, end, diagnostic.render(),
                diagnostic.suggestion)


def _bisect(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts)
    while low < high:
        middle = (low + high) // 2
        if starts[middle] <= offset:
            low = middle + 1
        else:
            high = middle
    return low - 1


def _compile_and_check(text: str, settings: Mapping[str, str], filename: str
                       ) -> tuple[list[Workout], list[Diagnostic]]:
    """The one place the pieces meet the compiler: every diagnostic, and the workouts when there is no error."""
    diagnostics = strides.check(text, settings, filename=filename)
    if any(d.severity == "error" for d in diagnostics):
        return [], diagnostics
    return strides.compile(text, settings, filename=filename), diagnostics


@attrs.frozen
class Placed:
    """A piece where it stands in the file: the piece's first `prefix` lines are the settings written above it
    (at the file's lines `setting_lines`), the rest are the file's lines from `first` to `last`."""

    piece: Piece = attrs.field(eq=False)
    setting_lines: tuple[int, ...]
    first: int
    last: int
    header: int | None  # the file's line of the workout's name, if it has one

    @property
    def prefix(self) -> int:
        return len(self.setting_lines)

    def to_file(self, position: Position) -> Position:
        line, character = position
        if line < self.prefix:
            return self.setting_lines[line], character
        return self.first + line - self.prefix, character

    def to_piece(self, position: Position) -> Position | None:
        line, character = position
        if not self.first <= line <= self.last:
            return None
        return self.prefix + line - self.first, character

    def place(self, mark: Mark) -> Mark:
        return attrs.evolve(mark, start=self.to_file(mark.start), end=self.to_file(mark.end))

    @property
    def name(self) -> str | None:
        if self.header is None:
            return None
        return header_name(self.piece.lines[self.prefix])

    @property
    def workout(self) -> Workout | None:
        workouts = self.piece.workouts
        return workouts[0] if workouts else None


class Cache:
    """Pieces by their text, file name and the settings given from outside, the least recently used let go."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.pieces: OrderedDict[tuple[str, str, tuple[tuple[str, str], ...]], Piece] = OrderedDict()
        self.checked = 0  # pieces checked so far (the rest came from the cache)
        self.words = WordCounts(size)

    def piece(self, text: str, filename: str, settings: Mapping[str, str]) -> Piece:
        key = (text, filename, tuple(settings.items()))
        found = self.pieces.get(key)
        if found is not None:
            self.pieces.move_to_end(key)
            return found
        piece = Piece(text, filename, settings)
        self.checked += 1
        self.pieces[key] = piece
        if len(self.pieces) > self.size:
            self.pieces.popitem(last=False)
        return piece


@attrs.frozen
class Analysis:
    """A file checked: its pieces in order, every mark in the file's lines, and the file's own lines."""

    lines: tuple[str, ...]
    placed: tuple[Placed, ...]
    marks: tuple[Mark, ...]
    settings: tuple[int, ...]  # the file's setting lines
    origins: Mapping[Mark, tuple[Placed, Mark]] = attrs.field(factory=dict, eq=False)  # where each mark came from

    def fix(self, mark: Mark) -> str | None:
        """What to write over the mark's span to mend it, when its hint says and that works (see Piece.fix)."""
        origin = self.origins.get(mark)
        return origin[0].piece.fix(origin[1]) if origin else None

    def at(self, line: int) -> Placed | None:
        """The piece whose lines hold `line`."""
        for placed in self.placed:
            if placed.first <= line <= placed.last:
                return placed
        return None

    def workouts(self) -> Iterator[Workout]:
        for placed in self.placed:
            yield from placed.piece.workouts

    def settings_above(self, line: int) -> list[Setting]:
        """The settings written above `line` (and on it), in order, as the parser reads them."""
        return [setting_of(self.lines[n], n) for n in self.settings if n <= line]


def setting_of(line: str, number: int) -> Setting:
    """A setting line read as the parser reads it, with its spans in the file (offsets within its line)."""
    match = _SETTING.match(line)
    assert match is not None
    key, value = match[1].strip(), match[2].strip()
    start = len(line) - len(line.lstrip())
    value_start = match.start(2) + len(match[2]) - len(match[2].lstrip())
    span = Span(number + 1, start + 1, start, match.end(2))
    return Setting(key, value, span, Span(number + 1, value_start + 1, value_start, value_start + len(value)))


def analyse(text: str, filename: str, settings: Mapping[str, str] | None = None, cache: Cache | None = None
            ) -> Analysis:
    """Check `text` piece by piece; `settings` are given from outside (`--set`) and win over the file's."""
    cache = cache or Cache()
    given = dict(settings or {})
    lines = tuple(text.split("\n"))
    kinds = [classify(line) for line in lines]
    setting_lines = tuple(n for n, kind in enumerate(kinds) if kind == SETTING)
    cut = list(_cut(lines, kinds, setting_lines))
    outside = len(lines) - sum(last + 1 - first for _, _, first, last, _ in cut)
    refusal = past_a_limit(text, lines, ((piece, len(above)) for piece, above, *_ in cut), outside, cache.words)
    if refusal is not None:
        return Analysis(lines, (), (_refusal_mark(refusal, text, filename, lines),), ())
    placed = [Placed(cache.piece(piece, filename, given), above, first, last, header)
              for piece, above, first, last, header in cut]
    marks = _profile_marks(text, filename, lines, setting_lines) if not placed else []
    origins: dict[Mark, tuple[Placed, Mark]] = {}
    for where in placed:
        for local in where.piece.marks:
            mark = where.place(local)
            if mark not in origins:  # a bad setting stops every workout below it: it is said once
                origins[mark] = (where, local)
                marks.append(mark)
    return Analysis(lines, tuple(placed), tuple(marks), setting_lines, origins)


def _cut(lines: Sequence[str], kinds: Sequence[str], setting_lines: Sequence[int]
         ) -> Iterator[tuple[str, tuple[int, ...], int, int, int | None]]:
    """(text, setting lines above, first line, last line, name line) of each piece: its workout's lines after
    the settings written above it."""
    for first, last, header in _bodies(kinds):
        above = tuple(n for n in setting_lines if n < first)
        yield "\n".join([*(lines[n] for n in above), *lines[first : last + 1]]), above, first, last, header


def _bodies(kinds: Sequence[str]) -> Iterator[tuple[int, int, int | None]]:
    """(first line, last line, name line) of each workout: from its name line (or, before the first name line,
    its first step) to its last step. The last one runs to the end of the file, so that a setting after it is
    reported as applying to none."""
    headers = [n for n, kind in enumerate(kinds) if kind == HEADER]
    regions = list(zip([0, *headers], [*headers, len(kinds)], strict=True))
    found: list[tuple[int, int, int | None]] = []
    for number, (start, stop) in enumerate(regions):
        steps = [n for n in range(start, stop) if kinds[n] in (STEPS, HEADER)]
        if steps:
            found.append((steps[0], steps[-1], start if number > 0 else None))
    if found:
        first, _, header = found[-1]
        found[-1] = (first, len(kinds) - 1, header)
    yield from found


def _refusal_mark(error: StridesError, text: str, filename: str, lines: Sequence[str]) -> Mark:
    diagnostic = Diagnostic.of(error, text, filename)
    if error.span is None:  # the file as a whole: said before its first line is read
        return Mark("error", error.message, error.hint, (0, 0), (0, 0), diagnostic.render(), error.suggestion)
    return mark_of(diagnostic, lines)


def _profile_marks(text: str, filename: str, lines: Sequence[str], setting_lines: Sequence[int]) -> list[Mark]:
    """For a file of settings alone (a profile), the first setting that is wrong."""
    try:
        runner_from([setting_of(lines[n], n) for n in setting_lines])
    except StridesError as error:
        span = error.span
        line = span.line - 1 if span else 0
        column = span.column - 1 if span else 0
        end = column + max(1, span.end - span.start) if span else len(lines[line])
        return [Mark("error", error.message, error.hint, (line, column), (line, end), error.render(text, filename),
                     error.suggestion)]
    return []
