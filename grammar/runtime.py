"""The LALR parser of strides at run time: a contextual lexer and a shift-reduce loop over the shipped tables.

Lark builds the tables (build.py); reading a workout needs only the tables, a loop and the regular expressions of
the terminals, so Lark itself, a fifth of a command's start-up, is not imported to read one. The parser makes
the tree Lark makes with the options in build.OPTIONS: the same nodes, tokens, placeholders and positions, and
the same mistakes at the same places (tests/language/test_reliability_input.py compares the two over a corpus).

How Lark reads, kept here:
- The lexer of a state tries only the terminals the state accepts (and the ignored ones), one by one in Lark's
  order; the first that matches wins. A pattern is compiled the first time it is tried.
- A keyword a pattern also matches (`last` is a NAME too) is the keyword when the token is exactly it.
- When no terminal of the state matches, the text is read with every terminal: if something matches, the
  mistake is that token out of place (`UnexpectedToken`), else characters nothing reads (`UnexpectedCharacters`).
- A node starts where its first child with a position starts, tokens left out of the tree included, and ends
  where its last one ends; `[optional]` parts that are absent stand as None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

TokenHook = Callable[["Token"], "Token"]
_END = "$END"


class Token(str):
    """A piece of the text as the lexer read it: a string, with its terminal's name and its place."""

    type: str
    start_pos: int
    line: int
    column: int
    end_line: int
    end_column: int
    end_pos: int

    def __new__(cls, type_: str, value: str, start_pos: int = 0, line: int = 1, column: int = 1,
                end_line: int = 1, end_column: int = 1, end_pos: int = 0) -> Token:
        token = super().__new__(cls, value)
        token.type, token.start_pos, token.line, token.column = type_, start_pos, line, column
        token.end_line, token.end_column, token.end_pos = end_line, end_column, end_pos
        return token

    @property
    def value(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {str(self)!r})"

    def __reduce__(self) -> Any:
        return Token, (self.type, str(self), self.start_pos, self.line, self.column, self.end_line,
                       self.end_column, self.end_pos)


class Tree:
    """A node of the syntax tree: the rule (or alias) it was read by, its children and its place, which is
    from the start of its first token to the end of its last (`empty` when it has none)."""

    __slots__ = ("data", "children", "first", "last")

    def __init__(self, data: str, children: list[Any], first: Token | None = None, last: Token | None = None
                 ) -> None:
        self.data, self.children, self.first, self.last = data, children, first, last

    @property
    def meta(self) -> Tree:
        """The node's place, as Lark names it: the node itself."""
        return self

    @property
    def empty(self) -> bool:
        return self.first is None

    line = property(lambda self: self.first.line)
    column = property(lambda self: self.first.column)
    start_pos = property(lambda self: self.first.start_pos)
    end_line = property(lambda self: self.last.end_line)
    end_column = property(lambda self: self.last.end_column)
    end_pos = property(lambda self: self.last.end_pos)

    def __repr__(self) -> str:
        return f"Tree({self.data!r}, {self.children!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tree) and (self.data, self.children) == (other.data, other.children)

    __hash__ = None  # type: ignore[assignment]


Meta = Tree  # what a transformer's method is given as the node's place: the node itself


class UnexpectedInput(Exception):
    """The text does not read as strides."""


class UnexpectedCharacters(UnexpectedInput):
    """No terminal reads the text at `pos_in_stream`; `allowed`: the terminals that would have fitted."""

    def __init__(self, pos_in_stream: int, line: int, column: int, allowed: set[str]) -> None:
        super().__init__(f"no terminal matches at line {line} column {column}")
        self.pos_in_stream, self.line, self.column, self.allowed = pos_in_stream, line, column, allowed


class UnexpectedToken(UnexpectedInput):
    """`token` does not fit where it stands (`$END`: the text ended early); `expected`: what would have fitted."""

    def __init__(self, token: Token, expected: set[str]) -> None:
        super().__init__(f"unexpected {token.type} {str(token)!r} at line {token.line} column {token.column}")
        self.token, self.expected = token, expected
        self.pos_in_stream = token.start_pos


class _Lexer:
    """The terminals one parser state accepts, in the order they are tried, and, found as characters are
    met, those of them a token starting with a given character can be of."""

    __slots__ = ("order", "keywords", "allowed", "starting")

    def __init__(self, order: list[str], keywords: dict[str, list[str]], allowed: list[str]) -> None:
        self.order, self.keywords, self.allowed = order, keywords, set(allowed)
        self.starting: dict[str, list[str]] = {}


class Parser:
    """The parser of the shipped tables (`tables`: the JSON build.py writes). `on_token`: hooks called with
    each token of their terminal as it is read, ignored ones (comments) included."""

    def __init__(self, tables: Mapping[str, Any], on_token: Mapping[str, TokenHook] | None = None) -> None:
        self._patterns: dict[str, re.Pattern[str]] = {}
        terminals = tables["terminals"]
        self._regexps: dict[str, str] = {name: regexp for name, (regexp, *_) in terminals.items()}
        self._newlines = frozenset(name for name, (_, newline, *_) in terminals.items() if newline)
        # what a token of each terminal can start with: ASCII characters (None: any), and beyond ASCII
        self._first: dict[str, tuple[str | None, bool]] = {name: (ascii_, beyond) for name, (_, _, ascii_, beyond)
                                                            in terminals.items()}
        self._ignore = frozenset(tables["ignore"])
        self._lexers = [_Lexer(*lexer) for lexer in tables["lexers"]]
        self._lexer_of = [self._lexers[index] for index in tables["lexer_of"]]
        self._states: list[dict[str, int]] = tables["states"]
        self._rules: list[list[Any]] = tables["rules"]  # [origin, size, node name, plan, trailing placeholders]
        self._start, self._end = tables["start"], tables["end"]
        self._hooks = dict(on_token or {})

    def with_hooks(self, on_token: Mapping[str, TokenHook]) -> Parser:
        """The same parser (tables and compiled patterns shared), calling `on_token` as it reads."""
        other = Parser.__new__(Parser)
        other.__dict__.update(self.__dict__)
        other._hooks = dict(on_token)
        return other

    def pattern(self, terminal: str) -> re.Pattern[str]:
        """The compiled regular expression of a terminal."""
        found = self._patterns.get(terminal)
        if found is None:
            found = self._patterns[terminal] = re.compile(self._regexps[terminal])
        return found

    def parse(self, text: str, watch: Callable[[Token], object] | None = None) -> Tree:
        """The syntax tree of `text`; `watch` sees each token before the parser takes it."""
        states, rules, end_state = self._states, self._rules, self._end
        state_stack = [self._start]
        value_stack: list[Any] = []
        for token in self._tokens(text, state_stack):
            kind = token.type
            if watch is not None and kind != _END:
                watch(token)
            while True:  # reduce as the token asks, then shift it; the end token reduces to the end state
                actions = states[state_stack[-1]]
                action = actions.get(kind)
                if action is None:
                    raise UnexpectedToken(token, {name for name in actions if name.isupper()})
                if action >= 0:
                    state_stack.append(action)
                    value_stack.append(token)
                    break
                origin, size, name, plan, trailing = rules[-action - 1]
                if size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    children = []
                value_stack.append(_node(name, children, plan, trailing))
                state_stack.append(states[state_stack[-1]][origin])
                if kind == _END and state_stack[-1] == end_state:
                    tree: Tree = value_stack[-1]
                    return tree
        raise AssertionError("the token stream ends with the end token")  # pragma: no cover

    def _tokens(self, text: str, state_stack: list[int]) -> Iterable[Token]:
        """The tokens of `text`, each read by the lexer of the state the parser is in when it is read, then
        the end token (placed at the last token, as Lark places it)."""
        pos, line, line_start, size = 0, 1, 0, len(text)
        ignore, newlines, hooks, lexer_of = self._ignore, self._newlines, self._hooks, self._lexer_of
        last: Token | None = None
        while pos < size:
            lexer = lexer_of[state_stack[-1]]
            found = self._match(lexer, text, pos)
            if found is None:
                raise self._mistake(lexer, text, pos, line, pos - line_start + 1)
            value, matched = found
            start, start_line, start_column, pos = pos, line, pos - line_start + 1, pos + len(value)
            if matched in newlines and "\n" in value:
                line += value.count("\n")
                line_start = start + value.rindex("\n") + 1
            hook = hooks.get(matched)
            if hook is None and matched in ignore:  # spaces: no token to make
                continue
            kind = self._keyword(lexer, matched, value)
            token = Token(kind, value, start, start_line, start_column, line, pos - line_start + 1, pos)
            if hook is not None and kind == matched:  # as Lark: a keyword's token is not its pattern's
                token = hook(token)
            if matched not in ignore:
                last = token
                yield token
        if last is None:
            yield Token(_END, "", 0, 1, 1, 1, 1, 0)
        else:
            yield Token(_END, "", last.start_pos, last.line, last.column, last.end_line, last.end_column,
                        last.end_pos)

    def _match(self, lexer: _Lexer, text: str, pos: int) -> tuple[str, str] | None:
        """The first of the lexer's terminals that matches at `pos`, trying only those that can start with
        the character there: the same first match, with a few patterns tried (and compiled) instead of all."""
        char = text[pos]
        names = lexer.starting.get(char)
        if names is None:
            names = lexer.starting[char] = [name for name in lexer.order if self._can_start(name, char)]
        patterns = self._patterns
        for name in names:
            pattern = patterns.get(name) or self.pattern(name)
            found = pattern.match(text, pos)
            if found:
                return found.group(0), name
        return None

    def _keyword(self, lexer: _Lexer, matched: str, value: str) -> str:
        """The keyword a token of `matched` is when it is exactly one (`last` read as a NAME), else `matched`."""
        for keyword in lexer.keywords.get(matched, ()):
            if self.pattern(keyword).fullmatch(value):
                return keyword
        return matched

    def _can_start(self, terminal: str, char: str) -> bool:
        ascii_, beyond = self._first[terminal]
        return True if ascii_ is None else (char in ascii_ if ord(char) < 128 else beyond)

    def _mistake(self, lexer: _Lexer, text: str, pos: int, line: int, column: int) -> UnexpectedInput:
        """What stands at `pos`, which the state's lexer cannot read: a token of another place, or nothing."""
        allowed = (lexer.allowed - self._ignore) or {"<END-OF-FILE>"}
        root = self._lexers[0]
        at, at_line, at_column = pos, line, column
        while at < len(text):
            found = self._match(root, text, at)
            if found is None:
                break
            value, kind = found
            start_line, start_column = at_line, at_column
            if kind in self._newlines and "\n" in value:
                at_line, at_column = at_line + value.count("\n"), len(value) - value.rindex("\n")
            else:
                at_column += len(value)
            at += len(value)
            if kind in self._ignore:  # as the whole lexer would, read on past spaces and comments
                continue
            token = Token(self._keyword(root, kind, value), value, at - len(value), start_line, start_column,
                          at_line, at_column, at)
            return UnexpectedToken(token, allowed)
        return UnexpectedCharacters(pos, line, column, allowed)


def _node(name: str, children: list[Any], plan: list[list[int]] | None, trailing: int) -> Tree:
    """The tree of a reduced rule: children left out or spliced in (`_rule`s) by the plan, placeholders
    for absent optional parts, and the place of its first and last child with one."""
    first = last = None
    for child in children:
        if type(child) is Token:
            first = child
            break
        if child.first is not None:
            first = child.first
            break
    if first is not None:
        for child in reversed(children):
            if type(child) is Token:
                last = child
                break
            if child.last is not None:
                last = child.last
                break
    if plan is None:
        return Tree(name, children, first, last)
    kept: list[Any] = []
    for index, splice, nones in plan:
        if nones:
            kept.extend([None] * nones)
        if splice:
            if kept:
                kept.extend(children[index].children)
            else:  # a list built by left recursion grows in place, not copied at each item
                kept = children[index].children
        else:
            kept.append(children[index])
    if trailing:
        kept.extend([None] * trailing)
    return Tree(name, kept, first, last)


class Transformer:
    """Turns a syntax tree into something else, bottom up: the method named after a node's rule is called with
    the node's place and its transformed children, the method named after a token's terminal (in capitals)
    with the token. A node or token without a method is kept as it is (a node's children transformed)."""

    def transform(self, tree: Tree) -> Any:
        rules, terminals = _methods(type(self))

        def walk(node: Tree) -> Any:
            children = []
            for child in node.children:
                kind = type(child)
                if kind is Tree:
                    child = walk(child)
                elif kind is Token:
                    method = terminals.get(child.type)
                    if method is not None:
                        child = method(self, child)
                children.append(child)
            method = rules.get(node.data)
            return Tree(node.data, children, node.first, node.last) if method is None else \
                method(self, node, children)

        return walk(tree)


_METHODS: dict[type, tuple[dict[str, Callable[..., Any]], dict[str, Callable[..., Any]]]] = {}


def _methods(kind: type) -> tuple[dict[str, Callable[..., Any]], dict[str, Callable[..., Any]]]:
    """A transformer's methods for rules and for terminals, found once per class."""
    found = _METHODS.get(kind)
    if found is None:
        own = {name: getattr(kind, name) for name in dir(kind)
               if not name.startswith("_") and not hasattr(Transformer, name) and callable(getattr(kind, name))}
        found = _METHODS[kind] = ({name: f for name, f in own.items() if not name.isupper()},
                                  {name: f for name, f in own.items() if name.isupper()})
    return found
