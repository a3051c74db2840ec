"""One error type for every user mistake, rendered as `file:line:col: message`, the line and a caret.

Lines are counted as the parser counts them: the text is read with its line ends normalised (`\\r\\n` and a
lone `\\r` become `\\n`, see `normalise_newlines`), and only `\\n` ends a line; a form feed, a vertical tab or
U+2028 inside a comment or a note is a character of its line. `render` normalises the text it is given the
same way, so a caller may pass the text as it was read.

What reaches the terminal is shown safely: control, format (zero-width, bidirectional) and line-separator
characters are written as escapes (`\\x00`, `\\u202e`), so that a message is one line and reads as it is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

import attrs

from strides.record import Record

SHOWN_COLUMNS = 100  # a longer source line is shown cut around the caret
LEFT_OF_CARET = 30  # columns kept before the caret when the line is cut
ELLIPSIS = "…"

_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


@attrs.frozen(repr=False, eq=False)
class Span(Record):
    """Where something stands in the source: 1-based line and column, 0-based character offsets."""

    line: int
    column: int
    start: int
    end: int


def normalise_newlines(text: str) -> str:
    """`\\r\\n` and a lone `\\r` as `\\n`: the text every position in strides refers to."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_unsafe(char: str) -> bool:
    """A character that would not show as itself on a terminal: a control, format or line-separator one."""
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def escaped(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(text: str) -> str:
    """`text` with every unsafe character escaped: one line, read as it is."""
    if text.isprintable():  # the common case, and a fast one
        return text
    return "".join(escaped(char) if is_unsafe(char) else char for char in text)


class UsageError(Exception):
    """The command line asks for something impossible (exit code 2)."""


@attrs.frozen(repr=False, eq=False)
class Hint(Record):
    """A hint that suggests what to write instead: `did you mean `r35s`?` with the suggestion `r35s`, which
    an editor offers as a fix (the words of a hint are for people; the suggestion is the fact)."""

    text: str
    suggestion: str


class StridesError(Exception):
    """A mistake the user can fix; never shown with a traceback. `suggestion` is what to write over the span
    instead, when the mistake has one (an editor's quick fix), given by itself or by a `Hint`."""

    label = ""  # put before the message: `warning: `

    def __init__(self, message: str, span: Span | None = None, hint: str | Hint | None = None, *,
                 suggestion: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.hint = hint.text if isinstance(hint, Hint) else hint
        self.suggestion = hint.suggestion if isinstance(hint, Hint) and suggestion is None else suggestion

    def render(self, source: str | None = None, filename: str = "<input>") -> str:
        """`file:line:col: message`, then the offending line with a caret under the span, then the hint."""
        message = self.label + shown(self.message)
        if self.span is None:
            lines = [f"{shown(filename)}: {message}"]
        else:
            span = self.span
            lines = [f"{shown(filename)}:{span.line}:{span.column}: {message}"]
            if source is not None:
                line_text = source_line(source, span.line)
                text, carets = excerpt(line_text, span.column, span.end - span.start)
                lines += [f"  {text}", f"  {carets}"]
        if self.hint:
            first, *rest = _hint_lines(self.hint)
            lines += [f"  {first}", *rest]
        return "\n".join(lines)


class StridesWarning(StridesError):
    """Something legal but implausible: reported, and the output is still written."""

    label = "warning: "


# Joiners shape letters and emoji (`🏃‍♀️`); between two visible characters they are kept.
_JOINERS = frozenset({"\u200c", "\u200d"})


def refuse_invisible(text: str, span: Span, what: str) -> None:
    """Names and notes are printed on cards and pages and sent to the watch: a control, invisible or
    direction-changing character there is refused, where it stands (a tab is read as a space)."""
    if text.isprintable():
        return
    for index, char in enumerate(text):
        if char == "\t" or not is_unsafe(char) or _joining(text, index):
            continue
        where = Span(span.line, span.column + index, span.start + index, span.start + index + 1)
        raise StridesError(f"{what} holds `{escaped(char)}`, a character that does not show as itself", where,
                           "delete it: names and notes are printed on cards and pages and sent to the watch")


def _joining(text: str, index: int) -> bool:
    if text[index] not in _JOINERS or not 0 < index < len(text) - 1:
        return False
    return not is_unsafe(text[index - 1]) and not is_unsafe(text[index + 1]) and not text[index - 1].isspace() \
        and not text[index + 1].isspace()


def source_line(source: str, line: int) -> str:
    """The text of line `line` (from 1) as the parser counts lines; "" past the end."""
    lines = _lines(source)
    return lines[line - 1] if 0 < line <= len(lines) else ""


@lru_cache(maxsize=4)
def _lines(source: str) -> Sequence[str]:
    # Once per source: a file with thousands of mistakes is split once, not once per mistake.
    return normalise_newlines(source).split("\n")


def excerpt(line: str, column: int, length: int) -> tuple[str, str]:
    """The line as shown (tabs as one space, unsafe characters escaped, cut to about SHOWN_COLUMNS around
    the caret) and the caret line under the `length` characters from `column` (at least one caret)."""
    first = min(max(column - 1, 0), len(line))
    last = min(first + max(length, 1), len(line))
    if len(line) <= 4 * SHOWN_COLUMNS and _width(line, 0, len(line)) <= SHOWN_COLUMNS:
        low, high = 0, len(line)
    else:
        high = _reach(line, first, SHOWN_COLUMNS - LEFT_OF_CARET, step=1)
        room = SHOWN_COLUMNS - _width(line, first, high)
        low = _reach(line, first, room, step=-1)
    before = ELLIPSIS if low > 0 else ""
    after = ELLIPSIS if high < len(line) else ""
    text = before + "".join(_cell(char) for char in line[low:high]) + after
    padding = len(before) + _width(line, low, first)
    carets = max(1, _width(line, first, min(last, high)))
    return text, " " * padding + "^" * carets


def _reach(line: str, start: int, columns: int, step: int) -> int:
    """How far from `start`, forwards (`step` 1) or backwards (-1), the characters fit in `columns`."""
    used, index = 0, start
    while True:
        position = index if step > 0 else index - 1
        if not 0 <= position < len(line):
            return index
        used += _char_width(line[position])
        if used > columns:
            return index
        index += step


def _cell(char: str) -> str:
    if char == "\t":
        return " "  # the parser counts a tab as one column
    return escaped(char) if is_unsafe(char) else char


def _char_width(char: str) -> int:
    if char == "\t":
        return 1
    if is_unsafe(char):
        return len(escaped(char))
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _width(line: str, start: int, end: int) -> int:
    """Columns the characters `line[start:end]` take on a terminal."""
    return sum(_char_width(char) for char in line[start:end])


def _hint_lines(hint: str) -> list[str]:
    """A hint's lines, each shown safely; a line break inside backticks is user text, escaped in place."""
    lines: list[str] = []
    current: list[str] = []
    quoted = False
    for char in hint:
        if char == "`":
            quoted = not quoted
        if char == "\n" and not quoted:
            lines.append(shown("".join(current)))
            current = []
        else:
            current.append(char)
    lines.append(shown("".join(current)))
    return lines


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest known word, for 'did you mean …?'."""
    import difflib  # only a mistake needs it: not imported at every start

    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> Hint | None:
    """A hint that suggests the closest known word, or None when nothing is close."""
    best = suggest(word, choices)
    return Hint(f"did you mean `{best}`?", best) if best else None
