"""Writes the parse tables of strides.lark into parse_tables.py, for the parser of runtime.py.

    python -m strides.ahead           # regenerate grammar/parse_tables.py (and whatever else is stale)
    python -m strides.ahead --check   # exit 1 when it is out of date
    python -m strides.grammar.build   # print the tables as they would be written

Building the LALR tables takes seconds, so Lark builds them here, once, and they are shipped in the package; at
run time they are read like any other module of strides (nothing is loaded from a cache another user could
write), and Lark is not imported at all. The module records a digest of the grammar and of the options, and
the version of Lark that built them: when the grammar no longer matches, the tables are built in memory instead
(see loader.py), and the sync test fails until they are regenerated.

What is written is what runtime.py needs, taken from the parser Lark builds: each terminal's pattern; for each
state its actions (a shift to a state >= 0, a reduction by rule n as -n-1) and its lexer (the terminals it
tries, in Lark's order, and the keywords a pattern's token may turn out to be); for each rule what it leaves
on the stack, which children its node keeps or splices in, and where absent optional parts stand as None.

Lark numbers states in an order that changes from run to run (it walks sets): they are written in one
canonical numbering (the order they are reached from the start state, symbols by name), rules in the order
the states first reduce by them, so that regenerating from the same grammar gives the same file.
"""

from __future__ import annotations

import binascii
import importlib
import json
import re
import sys
from collections import deque
from pathlib import Path
from typing import Any

# What every parser of strides is: its options are part of the digest, so changing one asks for new tables.
OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "propagate_positions": True,
                           "maybe_placeholders": True}
TABLES = Path(__file__).with_name("parse_tables.py")
QUOTES = "'" * 3


def grammar_text() -> str:
    try:
        return Path(__file__).with_name("strides.lark").read_text(encoding="utf-8")
    except OSError:  # the package is not a folder of files (a zip): ask the importer
        from importlib import resources

        return resources.files("strides.grammar").joinpath("strides.lark").read_text(encoding="utf-8")


def digest(grammar: str) -> str:
    """What the tables were built from, the grammar and the options, as a checksum: it tells stale tables
    from fresh ones at every start, where a cryptographic hash would cost a library's import."""
    built_from = f"{grammar}\n{sorted(OPTIONS.items())!r}"
    return f"{binascii.crc32(built_from.encode()):08x}"


def tables(grammar: str) -> dict[str, Any]:
    """The tables runtime.py reads, of the parser Lark builds from `grammar`."""
    from lark import Lark
    from lark.lexer import UnlessCallback

    made = Lark(grammar, **OPTIONS)
    frontend: Any = made.parser
    table = frontend.parser._parse_table
    contextual = frontend.lexer
    states = _canonical_states(table)
    number = {state: index for index, state in enumerate(states)}
    rules: list[Any] = []
    rule_number: dict[Any, int] = {}
    lexers: list[list[Any]] = []
    lexer_number: dict[str, int] = {}

    def lexer_index(basic: Any) -> int:
        scanner = basic.scanner  # built as Lark builds it: terminals in order, keywords found
        keywords = {name: [t.name for t in callback.scanner.terminals] for name, callback in
                    sorted(basic.callback.items()) if isinstance(callback, UnlessCallback)}
        entry = [[t.name for t in scanner.terminals], keywords, sorted(scanner.allowed_types)]
        key = json.dumps(entry)
        if key not in lexer_number:
            lexer_number[key] = len(lexers)
            lexers.append(entry)
        return lexer_number[key]

    lexer_index(contextual.root_lexer)  # lexer 0: every terminal, for the message of a token out of place
    actions: list[dict[str, int]] = []
    lexer_of: list[int] = []
    for state in states:
        row: dict[str, int] = {}
        for symbol, (action, argument) in sorted(table.states[state].items()):
            if action.name == "Shift":
                row[symbol] = number[argument]
            else:
                if argument not in rule_number:
                    rule_number[argument] = len(rules)
                    rules.append(argument)
                row[symbol] = -rule_number[argument] - 1
        actions.append(row)
        lexer_of.append(lexer_index(contextual.lexers[state]))
    terminals = {t.name: [t.pattern.to_regexp(), _may_hold_a_newline(t.pattern.to_regexp()),
                          *_first_characters(t.pattern.to_regexp())]
                 for t in sorted(made.terminals, key=lambda t: t.name)}
    return {"terminals": terminals, "ignore": sorted(made.ignore_tokens), "lexers": lexers, "lexer_of": lexer_of,
            "states": actions, "rules": [_rule(rule) for rule in rules],
            "start": number[table.start_states["start"]], "end": number[table.end_states["start"]]}


def _canonical_states(table: Any) -> list[int]:
    """Lark's states in the order they are reached from the start, symbols taken by name."""
    order: list[int] = []
    seen: set[int] = set()
    queue = deque([table.start_states["start"]])
    while queue:
        state = queue.popleft()
        if state in seen:
            continue
        seen.add(state)
        order.append(state)
        queue.extend(argument for _, (action, argument) in sorted(table.states[state].items())
                     if action.name == "Shift" and argument not in seen)
    return order + sorted(set(table.states) - seen)  # none should be unreachable; kept in any case


def _rule(rule: Any) -> list[Any]:
    """[the rule's name, how many children it takes off the stack, its node's name, which children the node
    keeps (index, spliced in, placeholders before it), or None for all as they are; placeholders after]."""
    options = rule.options
    if options.expand1 or options.template_source:
        raise SystemExit(f"the parser of runtime.py does not build `?` or template rules: {rule}")
    expansion = rule.expansion
    empty = list(options.empty_indices or [])
    # how many placeholders stand before each child of the expansion, and after the last
    nones = [len(ones) for ones in "".join(str(int(flag)) for flag in empty).split("0")] if empty else \
        [0] * (len(expansion) + 1)
    plan: list[list[int]] = []
    waiting = 0
    for index, symbol in enumerate(expansion):
        waiting += nones[index]
        if options.keep_all_tokens or not (symbol.is_term and symbol.filter_out):
            plan.append([index, int(not symbol.is_term and symbol.name.startswith("_")), waiting])
            waiting = 0
    waiting += nones[len(expansion)]
    whole = not empty and len(plan) == len(expansion) and not any(splice for _, splice, _ in plan)
    return [rule.origin.name, len(expansion), rule.alias or rule.origin.name, None if whole else plan, waiting]


def _first_characters(regexp: str) -> tuple[str | None, bool]:
    """What a token of `regexp` can start with: the ASCII characters (None: any character at all), and
    whether it can start with a character beyond ASCII. A superset is enough (the lexer only skips the
    terminals a character cannot start), so look-arounds and anchors are passed over."""
    sre_parse: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

    classes: list[str] = []
    if not _starts(list(sre_parse.parse(regexp)), False, classes):
        return None, True  # a token could be empty: Lark refuses such terminals, but be safe
    if any(cls == "" for cls in classes):
        return None, True
    first = re.compile("|".join(classes))
    ascii_ = "".join(chr(code) for code in range(128) if first.fullmatch(chr(code)))
    beyond = first.search("".join(chr(code) for code in range(128, sys.maxunicode + 1)
                                  if not 0xD800 <= code < 0xE000)) is not None
    return ascii_, beyond


def _starts(items: list[Any], ignore_case: bool, classes: list[str]) -> bool:
    """Adds to `classes` a regular expression of each character the sequence `items` can start with (""
    for any); True when it cannot match the empty string."""
    for op, arg in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):  # zero width: the next item consumes the first character
            continue
        if name == "LITERAL":
            classes.append(_case(_escaped(arg), ignore_case))
            return True
        if name == "IN":
            classes.append(_case(_class_text(arg), ignore_case))
            return True
        if name == "BRANCH":
            whole = [_starts(list(branch), ignore_case, classes) for branch in arg[1]]
            if all(whole):
                return True
            continue
        if name in ("SUBPATTERN", "ATOMIC_GROUP"):
            body = arg[-1] if name == "SUBPATTERN" else arg
            flags = ignore_case if name == "ATOMIC_GROUP" else \
                (ignore_case or bool(arg[1] & 2)) and not bool(arg[2] & 2)  # re.IGNORECASE is 2
            if _starts(list(body), flags, classes):
                return True
            continue
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if _starts(list(arg[2]), ignore_case, classes) and arg[0] > 0:
                return True
            continue
        classes.append("")  # any character (ANY, NOT_LITERAL, a back-reference, …)
        return True
    return False


def _escaped(code: int) -> str:
    return re.escape(chr(code))


def _class_text(items: list[Any]) -> str:
    """The character class `[…]` of the parsed items of one."""
    categories = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
                  "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
    parts: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            parts.insert(0, "^")
        elif name == "LITERAL":
            parts.append(_escaped(arg))
        elif name == "RANGE":
            parts.append(f"{_escaped(arg[0])}-{_escaped(arg[1])}")
        elif name == "CATEGORY":
            parts.append(categories[str(arg)])
        else:
            return "(?s:.)"
    return "[" + "".join(parts) + "]"


def _case(text: str, ignore_case: bool) -> str:
    return f"(?i:{text})" if ignore_case else text


def _may_hold_a_newline(regexp: str) -> bool:
    """Lark's test of whether a terminal's tokens need their line ends counted."""
    return "\n" in regexp or "\\n" in regexp or "\\s" in regexp or "[^" in regexp or ("(?s" in regexp and "." in regexp)


def tables_source() -> str:
    """The text of parse_tables.py for the grammar as it is now."""
    import lark

    grammar = grammar_text()
    built = tables(grammar)
    lines = ["{"]
    for key, value in built.items():
        if key in ("states", "lexers", "rules", "lexer_of") or isinstance(value, dict):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            body = [json.dumps(item, ensure_ascii=False) if isinstance(value, list) else
                    f"{json.dumps(name)}: {json.dumps(item, ensure_ascii=False)}" for name, item in items]
            if key == "lexer_of":
                body = [", ".join(body)]
            opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
            lines.append(f" {json.dumps(key)}: {opening}\n  " + ",\n  ".join(body) + f"\n {closing},")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value)},")
    text = "\n".join(lines).rstrip(",") + "\n}"
    if QUOTES in text:  # it would end the raw string below
        raise SystemExit("the tables hold three single quotes in a row: write them another way")
    return "".join([
        '"""The parse tables of strides.lark. Generated by `python -m strides.ahead`: do not edit."""\n',
        "# ruff: noqa: E501\n\n",
        f"GRAMMAR_DIGEST = {digest(grammar)!r}\n",
        f"LARK_VERSION = {lark.__version__!r}\n\n",
        "# The tables as JSON, read by loader.py: one string compiles in no time, where the same tables as Python\n",
        "# literals take a tenth of a second to compile when no bytecode is kept.\n",
        f"TABLES = r{QUOTES}\n{text}\n{QUOTES}\n",
    ])

def stale() -> list[str]:
    current = TABLES.read_text(encoding="utf-8") if TABLES.exists() else ""
    return [] if current == tables_source() else [f"{TABLES.name}: the parse tables of strides.lark"]


def write() -> list[str]:
    TABLES.write_text(tables_source(), encoding="utf-8")
    return [str(TABLES)]


if __name__ == "__main__":  # the tables as they would be written, for comparing two builds
    sys.stdout.write(tables_source())
