"""How much one file may hold. The limits are checked on the tokens as the parser reads them, so that an input
past one is refused where the limit is crossed, after work in proportion to the limit, not to the input."""

from __future__ import annotations

from strides.errors import Span, StridesError
from strides.grammar.runtime import Parser, Token, Tree

MAX_SOURCE_BYTES = 1_000_000
MAX_NESTING = 8  # group parentheses inside one another; those in notes, comments and names do not count
MAX_WORKOUTS = 5_000  # name lines in one file
MAX_ENTRIES = 10_000  # blocks and modifiers in one workout as written (repeats unrolled: strides.meaning.resolve)
MAX_WORDS = 50_000  # words, numbers and signs (`@`, `;`, `(`, …) in one file

# Tokens after which, outside parentheses, a new block or modifier starts.
_ENTRY_BEFORE = frozenset({None, "_SEP", "HEADER"})
_NOT_ENTRIES = frozenset({"_SEP", "HEADER", "SETTING"})


def check_size(source: str) -> None:
    if len(source.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
        raise StridesError(f"the input is larger than {MAX_SOURCE_BYTES:,} bytes; split it into several files")


class InputWatch:
    """Called with each token the parser reads, in order; raises at the first one past a limit."""

    def __init__(self) -> None:
        self.opened: list[Token] = []  # the group parentheses open at this point, innermost last
        self.words = 0
        self.workouts = 0
        self.entries = 0
        self.previous: str | None = None

    def __call__(self, token: Token) -> None:
        kind = token.type
        outside = not self.opened
        self.words += 1
        if self.words > MAX_WORDS:
            raise StridesError(f"the file holds more than {MAX_WORDS:,} words, numbers and signs",
                               _span(token), "split it into several files")
        if kind == "LPAR":
            self.opened.append(token)
            if len(self.opened) > MAX_NESTING:
                raise StridesError(f"parentheses nested deeper than {MAX_NESTING} levels", _span(token))
        elif kind == "RPAR" and self.opened:
            self.opened.pop()
        elif kind == "HEADER":
            self.workouts += 1
            self.entries = 0
            if self.workouts > MAX_WORKOUTS:
                raise StridesError(f"the file holds more than {MAX_WORKOUTS:,} workouts", _span(token),
                                   "split it into several files")
        if outside:
            self._count_entry(token)
        self.previous = kind

    def unclosed(self) -> Span | None:
        """Where the innermost group still open starts."""
        return _span(self.opened[-1]) if self.opened else None

    def _count_entry(self, token: Token) -> None:
        if self.previous not in _ENTRY_BEFORE or token.type in _NOT_ENTRIES:
            return
        self.entries += 1
        if self.entries > MAX_ENTRIES:
            raise StridesError(f"this workout holds more than {MAX_ENTRIES:,} steps and modifiers", _span(token),
                               "split it into several workouts, each under a name line")


def watched_parse(using: Parser, source: str, watch: InputWatch) -> Tree:
    """The parse of `source`, with each token given to `watch` as it is read."""
    return using.parse(source, watch)


def _span(token: Token) -> Span:
    start = token.start_pos or 0
    return Span(token.line or 1, token.column or 1, start, token.end_pos or start + 1)
