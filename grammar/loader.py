"""The parser of strides, read from the tables shipped in the package (parse_tables.py, written by build.py).

Nothing is read from a cache on disk: the tables are a module of the package. When they were made from another
grammar than the one beside them, Lark builds the tables from the grammar in memory instead (slower to start,
same parser).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any

from strides.grammar.build import digest, grammar_text
from strides.grammar.runtime import Parser, TokenHook


def shipped_tables() -> dict[str, Any] | None:
    """The tables of parse_tables.py, or None when they were made from another grammar."""
    from strides.grammar import parse_tables as tables

    if tables.GRAMMAR_DIGEST != digest(grammar_text()):
        return None
    loaded: dict[str, Any] = json.loads(tables.TABLES)
    return loaded


def tables_in_force() -> dict[str, Any]:
    """The shipped tables, or, when they are stale, those Lark builds from the grammar beside them."""
    shipped = shipped_tables()
    if shipped is not None:
        return shipped
    from strides.grammar.build import tables

    return tables(grammar_text())


@functools.lru_cache(maxsize=1)
def _parser() -> Parser:
    return Parser(tables_in_force())


def load_parser(on_token: Mapping[str, TokenHook] | None = None) -> Parser:
    """A parser of strides.lark; `on_token` hooks are called with each token of their terminal as it is read."""
    return _parser().with_hooks(on_token) if on_token else _parser()


@functools.lru_cache(maxsize=1)
def name_line() -> re.Pattern[str]:
    """The grammar's own pattern of a name line (`Tue track:`), for what looks at lines without parsing them
    (reading on after a syntax error, the editor's split of a file into workouts)."""
    return _parser().pattern("HEADER")
