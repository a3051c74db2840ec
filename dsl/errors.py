"""One error type for every user mistake, rendered as `file:line:col: message`, the line and a caret."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import attrs


@attrs.frozen
class Span:
    """Where something stands in the source: 1-based line and column, 0-based character offsets."""

    line: int
    column: int
    start: int
    end: int


class StridesError(Exception):
    """A mistake the user can fix; never shown with a traceback."""

    def __init__(self, message: str, span: Span | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.hint = hint

    def render(self, source: str | None = None, filename: str = "<input>") -> str:
        """`file:line:col: message`, then the offending line with a caret under the span, then the hint."""
        if self.span is None:
            text = f"{filename}: {self.message}"
            return f"{text}\n  {self.hint}" if self.hint else text
        span = self.span
        lines = [f"{filename}:{span.line}:{span.column}: {self.message}"]
        if source is not None:
            line_text = _line_at(source, span.line)
            width = max(1, min(span.end - span.start, len(line_text) - span.column + 1))
            lines.append(f"  {line_text}")
            lines.append("  " + _caret_padding(line_text, span.column) + "^" * width)
        if self.hint:
            lines.append(f"  {self.hint}")
        return "\n".join(lines)


class StridesWarning(StridesError):
    """Something legal but implausible: reported, and the output is still written."""

    def render(self, source: str | None = None, filename: str = "<input>") -> str:
        first, _, rest = super().render(source, filename).partition(": ")
        return f"{first}: warning: {rest}"


def _line_at(source: str, line: int) -> str:
    lines = source.splitlines()
    return lines[line - 1].expandtabs(1) if 0 < line <= len(lines) else ""


def _caret_padding(line_text: str, column: int) -> str:
    return " " * (column - 1)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest known word, for 'did you mean …?'."""
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint line, or None when nothing is close."""
    best = suggest(word, choices)
    return f"did you mean `{best}`?" if best else None
