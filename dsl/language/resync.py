"""Reading on after a syntax error, so that `check` reports every broken step of a file, not the first.

The file is parsed whole; when that fails, it is parsed again piece by piece: the part before the broken
statement, then the rest from the next line or `;` after the mistake. Each piece is parsed in place (the text
before it blanked to spaces and line ends), so every position is the file's own. A mistake on the line right
after another, with nothing good between them (a pasted paragraph of prose), is part of the first one.
"""

from __future__ import annotations

from collections.abc import Iterator

from strides.errors import StridesError
from strides.grammar.loader import name_line
from strides.grammar.runtime import Parser, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from strides.language.input_limits import InputWatch, watched_parse
from strides.language.syntax_errors import explain_parse_error

MAX_SYNTAX_ERRORS = 100  # a file with more is not worth reading further: it is not strides

Piece = Tree | StridesError


def parse_pieces(using: Parser, source: str) -> Iterator[Piece]:
    """The file's syntax trees, with the mistake that broke each statement in its place."""
    watch = InputWatch()
    try:
        yield watched_parse(using, source, watch)
        return
    except UnexpectedInput:
        pass
    yield from _resynchronised(using, source)


def _resynchronised(using: Parser, source: str) -> Iterator[Piece]:
    at, errors, quiet_line = 0, 0, -1
    while at < len(source) and errors < MAX_SYNTAX_ERRORS:
        watch = InputWatch()
        text = _in_place(source, at, len(source))
        try:
            yield watched_parse(using, text, watch)
            return
        except UnexpectedInput as error:
            unclosed = watch.unclosed()
            mistake = explain_parse_error(error, text, unclosed)
            where = min(_position(error, len(source)), len(source))
        resume = None
        if unclosed is not None and source.count("\n", unclosed.start, where):
            # the statement that broke is the one with the `(`; the line the parser stopped at is read again
            resume, where = source.rfind("\n", 0, where) + 1, unclosed.start
        start = max(at, _statement_start(source, where))
        if start > at:
            good = _parse_part(using, source, at, start)
            if good is not None:
                yield good
                quiet_line = -1
        line = source.count("\n", 0, where)
        if line != quiet_line:
            yield mistake
            errors += 1
        quiet_line = line + 1  # a mistake on the next line, with nothing good before it, is this one
        following = resume if resume is not None else _next_statement(source, where)
        if following <= at:
            return
        at = following


def _parse_part(using: Parser, source: str, start: int, end: int) -> Tree | None:
    try:
        return watched_parse(using, _in_place(source, start, end), InputWatch())
    except UnexpectedInput:
        return None


def _in_place(source: str, start: int, end: int) -> str:
    """source[start:end] at its own position: the text before it made of as many line ends, the last at
    the same place, and spaces."""
    before = source.count("\n", 0, start)
    if before == 0:
        return " " * start + source[start:end]
    last = source.rfind("\n", 0, start)
    return "\n" * (before - 1) + " " * (last - (before - 1)) + "\n" + " " * (start - last - 1) + source[start:end]


def _position(error: UnexpectedInput, end: int) -> int:
    if isinstance(error, UnexpectedCharacters):
        return error.pos_in_stream or 0
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        return error.token.start_pos or 0
    return end


def _statement_start(source: str, where: int) -> int:
    """Where the statement holding `where` starts: after the last `;` before it on its line, else the start
    of its line (after its name, on a name line)."""
    line_start = source.rfind("\n", 0, where) + 1
    header = name_line().match(source, line_start)
    if header is not None and header.end() <= where:
        line_start = header.end()
    cut = _last_separator(source, line_start, where)
    return cut + 1 if cut is not None else line_start


def _last_separator(source: str, start: int, end: int) -> int | None:
    """The last `;` between start and end outside parentheses, quotes and comments."""
    depth, quote, found = 0, "", None
    for index in range(start, end):
        char = source[index]
        if quote:
            quote = "" if char in ('"', "”") else quote
        elif char in ('"', "“"):
            quote = char
        elif char == "#":
            break
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            found = index
    return found


def _next_statement(source: str, where: int) -> int:
    """Where reading resumes after a mistake at `where`: after the next `;` on its line outside
    parentheses, else the next line."""
    line_end = source.find("\n", where)
    line_end = len(source) if line_end < 0 else line_end
    depth = source.count("(", source.rfind("\n", 0, where) + 1, where) - source.count(
        ")", source.rfind("\n", 0, where) + 1, where)
    for index in range(where, line_end):
        char = source[index]
        if char == "#":
            break
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == ";" and depth <= 0:
            return index + 1
    return line_end + 1
