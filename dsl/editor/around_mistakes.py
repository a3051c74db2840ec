"""Reading a workout that has a mistake in it, for the hovers: which modifiers belong to which block when a
broken statement stands between them, and the lines that the reading after a mistake skipped (a group left
open swallows the lines after it), each read alone."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from strides.editor.document import SETTING, STEPS, Piece, classify
from strides.errors import Span, StridesError
from strides.language import ast
from strides.language.parse import parse


def _mistake_starts(piece: Piece, low: int, high: int) -> bool:
    """Whether an error of the piece starts at an offset from `low` up to (not including) `high`."""
    return any(d.severity == "error" and d.span is not None and low <= d.span.start < high
               for d in piece.diagnostics)


def broken_between(piece: Piece, before: ast.Element, after: ast.Element) -> bool:
    """Whether a mistake stands between two elements: what follows it does not belong to what precedes it."""
    if before is after or before.span is None or after.span is None:
        return False
    return _mistake_starts(piece, before.span.end, after.span.start)


def broken_within(piece: Piece, element: ast.Element) -> bool:
    span: Span | None = element.span
    return span is not None and _mistake_starts(piece, span.start, span.end)


def modifiers_after(piece: Piece, elements: Sequence[ast.Element], start: int) -> Iterator[ast.Modifier]:
    """The modifiers written after the block `elements[start]`, up to the next block or mistake."""
    for element in elements[start + 1 :]:
        if isinstance(element, ast.Block) or broken_between(piece, elements[start], element):
            return
        yield element


def skipped_lines(piece: Piece) -> Iterator[int]:
    """The lines of steps that no element read covers and no mistake starts on."""
    covered = [(e.span.start, e.span.end) for source in piece.sources for e in source.elements if e.span]
    covered += [(d.span.start, d.span.end) for d in piece.diagnostics if d.span is not None]
    for line, text in enumerate(piece.lines):
        start = piece.line_starts[line]
        end = start + len(text)
        if classify(text) == STEPS and not any(low <= end and start <= high for low, high in covered):
            yield line


def line_alone(piece: Piece, offset: int) -> list[ast.WorkoutSource]:
    """The syntax tree of the line holding `offset` read alone, in place (the other lines blanked but for the
    settings above it, so that its spans are the piece's own and its settings in force)."""
    line, _ = piece.position(offset)
    kept = [text if n == line or (n < line and classify(text) == SETTING) else " " * len(text)
            for n, text in enumerate(piece.lines)]
    try:
        return parse("\n".join(kept), piece.filename)
    except StridesError:
        return []
