"""A roster as a spreadsheet saves it: a header row `name,group,5k,maxhr,units,…`, then one athlete a row.

An empty cell is a setting not given. The columns are the settings a profile takes, and `name`, `group` and
`intervals`; each cell is read by the profile's own reader, and a mistake is pointed at its row and column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from strides.errors import Span, StridesError, did_you_mean, normalise_newlines
from strides.language.ast import Setting
from strides.meaning.profile import KNOWN_KEYS, setting_key
from strides.squad.roster import ACCOUNT_KEY, Reader, Roster, RosterMistakes, hide_keys, span_of

NAME, GROUP = "name", "group"


def read_csv_roster(text: str) -> Roster:
    """The roster of a CSV file: written again in strides' own style, with every cell's place kept, and read
    as such. RosterMistakes names every mistake, at the row and column of the cell."""
    text = normalise_newlines(text).lstrip("\ufeff")
    rows = list(_cells(text))
    if not rows:
        raise RosterMistakes([StridesError("the roster is empty: give a header row `name,5k,maxhr,…` and an "
                                           "athlete a row")], text)
    header = rows[0]
    mistakes = [error for error in (_header_mistake(cell) for cell in header) if error is not None]
    keys = [setting_key(cell.value) for cell in header]
    if NAME not in keys:
        first_line = text.split("\n", 1)[0]
        mistakes.append(StridesError("the header row needs a `name` column", span_of(1, 0, 0, len(first_line))))
    if mistakes:
        raise RosterMistakes(mistakes, hide_keys(text))
    return _roster(text, keys, rows[1:])


class _Cell:
    def __init__(self, value: str, line: int, line_start: int, column: int, width: int) -> None:
        self.value, self.line, self.line_start, self.column, self.width = value, line, line_start, column, width

    def setting(self, key: str) -> Setting:
        span = span_of(self.line, self.line_start, self.column, self.width)
        return Setting(key, self.value.strip(), span, span)


def _cells(text: str) -> Iterator[list[_Cell]]:
    """Each non-empty line's cells, with where each stands (a quoted cell spans no line end here)."""
    start = 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            values = next(csv.reader([line]))
            yield [_Cell(value, number, start, column, width)
                   for value, (column, width) in zip(values, _places(line), strict=False)]
        start += len(line) + 1


def _places(line: str) -> Iterator[tuple[int, int]]:
    """(column, width) of each cell of a line, quotes honoured."""
    at, quoted, begin = 0, False, 0
    for at, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            yield begin, at - begin
            begin = at + 1
    yield begin, len(line) - begin


def _header_mistake(cell: _Cell) -> StridesError | None:
    key = setting_key(cell.value)
    if key in KNOWN_KEYS or key in (NAME, GROUP, ACCOUNT_KEY):
        return None
    where = span_of(cell.line, cell.line_start, cell.column, cell.width)
    return StridesError(f"unknown column `{cell.value.strip()}`", where,
                        did_you_mean(cell.value.strip(), [*KNOWN_KEYS, NAME, GROUP, ACCOUNT_KEY])
                        or f"known: {NAME}, {GROUP}, {', '.join(sorted(KNOWN_KEYS))}, {ACCOUNT_KEY}")


def _roster(text: str, keys: list[str], rows: list[list[_Cell]]) -> Roster:
    """The rows read as the athlete lines of a roster: one reader, one set of checks, for both styles."""
    reader = Reader(text)
    for row in rows:
        named = {key: cell for key, cell in zip(keys, row, strict=False)}
        try:
            _athlete(reader, named, row[0])
        except StridesError as error:
            reader.mistakes.append(error)
    return reader.roster()


def _athlete(reader: Reader, named: dict[str, _Cell], first: _Cell) -> None:
    name = named.get(NAME)
    if name is None or not name.value.strip():
        raise StridesError("this row has no name", span_of(first.line, first.line_start, 0, 1))
    group = named.get(GROUP)
    group_name = group.value.strip() if group is not None else ""
    if group_name and group_name.casefold() not in (g.casefold() for g in reader.groups):
        assert group is not None
        reader.new_group(group_name, group.setting(GROUP).span or _nowhere(first), [])
    settings = [cell.setting(key) for key, cell in named.items() if key not in (NAME, GROUP) and cell.value.strip()]
    found = next((g for g in reader.groups if g.casefold() == group_name.casefold()), "")
    reader.new_athlete(name.value.strip(), name.setting(NAME).span or _nowhere(first), settings, found)


def _nowhere(cell: _Cell) -> Span:
    return span_of(cell.line, cell.line_start, 0, 1)
