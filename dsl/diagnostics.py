"""A mistake or warning as data: where it is, what it says, and the same rendering the command line prints."""

from __future__ import annotations

from typing import Literal

import attrs

from strides.errors import Span, StridesError, StridesWarning

Severity = Literal["error", "warning"]


@attrs.frozen
class Diagnostic:
    """One message about a source text. Lines and columns are 1-based; `end_column` is just past the span."""

    severity: Severity
    message: str
    filename: str
    span: Span | None = None
    hint: str | None = None
    source: str | None = attrs.field(default=None, eq=False, repr=False)
    suggestion: str | None = None  # what to write over the span instead (an editor's quick fix)

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None

    @property
    def column(self) -> int | None:
        return self.span.column if self.span else None

    @property
    def end_column(self) -> int | None:
        return self.span.column + max(1, self.span.end - self.span.start) if self.span else None

    def render(self) -> str:
        """`file:line:col: message`, the line, a caret and the hint: exactly what `strides check` prints."""
        return self.error().render(self.source, self.filename)

    def error(self) -> StridesError:
        kind = StridesWarning if self.severity == "warning" else StridesError
        return kind(self.message, self.span, self.hint, suggestion=self.suggestion)

    @classmethod
    def of(cls, error: StridesError, source: str | None, filename: str) -> Diagnostic:
        severity: Severity = "warning" if isinstance(error, StridesWarning) else "error"
        return cls(severity, error.message, filename, error.span, error.hint, source, error.suggestion)
