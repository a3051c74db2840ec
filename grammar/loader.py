"""The parser of strides, read from the tables shipped in the package (parse_tables.py, written by build.py).

Nothing is read from a cache on disk: the tables are a module of the package, loaded with Lark's own loader
for serialised parsers. When they do not match the grammar or the installed Lark, the parser is built from
the grammar in memory instead (slower to start, same parser).

Lark's contextual lexer gives each parser state a regular expression of the terminals it accepts, one
alternation per state, compiled when the state is first met: a few dozen compilations of the same long
patterns in every run. With the tables as they are made here, each terminal's pattern is compiled once per
process and a state tries its terminals in the same order the alternation would, so the first terminal that
matches wins as before, and no alternation is ever compiled. And the positions
Lark gives each node of the tree (`propagate_positions`) are computed by a leaner copy of its own wrapper:
building the tree is most of the time spent parsing.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import lark
from lark import Lark, Token, Tree
from lark.lexer import BasicLexer, CallChain, ContextualLexer, Scanner, TerminalDef, UnlessCallback
from lark.parse_tree_builder import PropagatePositions

from strides.grammar.build import OPTIONS, digest, grammar_text

LexerCallback = Callable[[Token], Token]

_PATTERNS: dict[tuple[str, int], re.Pattern[str]] = {}


def _pattern(terminal: TerminalDef, flags: int) -> re.Pattern[str]:
    regexp = terminal.pattern.to_regexp()
    key = (regexp, flags)
    if key not in _PATTERNS:
        _PATTERNS[key] = re.compile(regexp, flags)
    return _PATTERNS[key]


class _TerminalScanner(Scanner):
    """A state's terminals tried one by one, in the order of Lark's alternation: the same first match.
    Compiling a state's alternation costs more than matching its terminals one by one saves, even over a
    year's plan (measured with bench/bench.py), so it is never compiled."""

    def __init__(self, terminals: list[TerminalDef], g_regex_flags: int, re_: Any, use_bytes: bool) -> None:
        self.terminals = terminals
        self.g_regex_flags = g_regex_flags
        self.re_ = re_
        self.use_bytes = use_bytes
        self.allowed_types = {t.name for t in terminals}
        self._each = [(_pattern(t, g_regex_flags), t.name) for t in terminals]

    def match(self, text: Any, pos: int) -> tuple[str, str] | None:
        source, end = text.text, text.end
        for pattern, name in self._each:
            found = pattern.match(source, pos, end)
            if found:
                return found.group(0), name
        return None

    def fullmatch(self, text: str) -> str | None:
        for pattern, name in self._each:
            if pattern.fullmatch(text):
                return name
        return None


class _BasicLexer(BasicLexer):
    def _build_scanner(self) -> Scanner:
        # As Lark builds it, with the scanner above for the state and for the keywords inside NAME.
        terminals, self.callback = _terminals_and_keywords(list(self.terminals), self.g_regex_flags)
        for type_, f in self.user_callbacks.items():
            if type_ in self.callback:
                self.callback[type_] = CallChain(  # type: ignore[no-untyped-call]
                    self.callback[type_], f, lambda t, type_=type_: t.type == type_)
            else:
                self.callback[type_] = f
        return _TerminalScanner(terminals, self.g_regex_flags, self.re, self.use_bytes)


def _terminals_and_keywords(terminals: list[TerminalDef], flags: int
                            ) -> tuple[list[TerminalDef], dict[str, LexerCallback]]:
    """Lark's rule for keywords a pattern also matches (`last` is a NAME too): the pattern's token is
    renamed to the keyword when it is exactly the keyword, and the keyword needs no pattern of its own."""
    patterns = [t for t in terminals if t.pattern.type == "re"]
    strings = [t for t in terminals if t.pattern.type == "str"]
    embedded: set[str] = set()
    callbacks: dict[str, LexerCallback] = {}
    for terminal in patterns:
        compiled = _pattern(terminal, flags)
        keywords = []
        for word in strings:
            if word.priority != terminal.priority:
                continue
            found = compiled.match(word.pattern.value)
            if found and found.group(0) == word.pattern.value:
                keywords.append(word)
                if set(word.pattern.flags) <= set(terminal.pattern.flags):
                    embedded.add(word.name)
        if keywords:
            callbacks[terminal.name] = UnlessCallback(_TerminalScanner(keywords, flags, re, False))
    return [t for t in terminals if t.name not in embedded], callbacks


class _ContextualLexer(ContextualLexer):
    BasicLexer = _BasicLexer


class _Positions:
    """Lark's PropagatePositions for a grammar without `?rule`s: a node starts where its first child with a
    position starts and ends where its last one ends (children are tokens, nodes, or None placeholders)."""

    __slots__ = ("node_builder",)

    def __init__(self, node_builder: Callable[[list[Any]], Any]) -> None:
        self.node_builder = node_builder

    def __call__(self, children: list[Any]) -> Any:
        node = self.node_builder(children)
        if not isinstance(node, Tree):
            return node
        first = _placed(children)
        if first is None:
            return node
        last = _placed(reversed(children))
        meta: Any = node.meta  # Lark's Meta, with the attributes Lark's own wrapper sets
        meta.line = meta.container_line = first.line
        meta.column = meta.container_column = first.column
        meta.start_pos = meta.container_start_pos = first.start_pos
        meta.end_line = meta.container_end_line = last.end_line
        meta.end_column = meta.container_end_column = last.end_column
        meta.end_pos = meta.container_end_pos = last.end_pos
        meta.empty = False
        return node


def _placed(children: Any) -> Any:
    """The first token, or position of a node, among `children`."""
    for child in children:
        if isinstance(child, Token):
            return child
        if isinstance(child, Tree):
            meta = child._meta
            if meta is not None and not meta.empty:
                return meta
    return None


def _lean_positions(parser: Lark) -> Lark:
    callbacks = parser._callbacks  # the very table the LALR parser calls
    for rule, callback in callbacks.items():
        if type(callback) is PropagatePositions and callback.node_filter is None:
            callbacks[rule] = _Positions(callback.node_builder)
    return parser


def shipped_tables() -> tuple[dict[str, Any], dict[int, Any]] | None:
    """Lark's serialised parser (data, memo) from parse_tables.py, or None when the tables were made from
    another grammar or by another version of Lark."""
    from strides.grammar import parse_tables as tables

    if tables.LARK_VERSION != lark.__version__ or tables.GRAMMAR_DIGEST != digest(grammar_text()):
        return None
    payload = json.loads(tables.TABLES)
    table = payload["data"]["parser"]["parser"]
    # JSON keys are strings: the memo, the terminal numbers and the states are numbered.
    table["tokens"] = {int(number): name for number, name in table["tokens"].items()}
    table["states"] = {int(state): {int(token): tuple(action) for token, action in actions.items()}
                       for state, actions in table["states"].items()}
    memo = {int(number): item for number, item in payload["memo"].items()}
    for item in memo.values():
        options = item.get("options")
        if isinstance(options, dict) and "empty_indices" in options:  # a tuple, which JSON wrote as a list
            options["empty_indices"] = tuple(options["empty_indices"])
    return payload["data"], memo


def load_parser(lexer_callbacks: Mapping[str, LexerCallback] | None = None) -> Lark:
    """A parser of strides.lark; `lexer_callbacks` are called with each token of their terminal as it is lexed."""
    from strides.grammar import parse_tables as tables

    callbacks = dict(lexer_callbacks or {})
    # The lexer and positions above follow the Lark the tables were made with; any other keeps its own.
    same_lark = tables.LARK_VERSION == lark.__version__
    plugins = {"ContextualLexer": _ContextualLexer} if same_lark else {}
    shipped = shipped_tables()
    if shipped is not None:
        data, memo = shipped
        loaded: Lark = Lark._load_from_dict(  # type: ignore[no-untyped-call]
            data, memo, lexer_callbacks=callbacks, _plugins=plugins)
    else:
        loaded = Lark(grammar_text(), **OPTIONS, lexer_callbacks=callbacks, _plugins=plugins)
    return _lean_positions(loaded) if same_lark else loaded


@functools.lru_cache(maxsize=1)
def name_line() -> re.Pattern[str]:
    """The grammar's own pattern of a name line (`Tue track:`), for what looks at lines without parsing them
    (reading on after a syntax error, the editor's split of a file into workouts)."""
    from strides.parse import parser

    header = next(t for t in parser().terminals if t.name == "HEADER")
    return re.compile(header.pattern.to_regexp())
