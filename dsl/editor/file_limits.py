"""The limits of a file (strides.language.input_limits: its size, its workouts, its words) in the live analysis,
which checks a file workout by workout: a piece is within them when its file is not, so they are the file's to
enforce. A file past one is refused whole, as `strides check` refuses it: the same mistake, at the same place,
found by reading the file as the parser reads it, which stops at the limit.

That reading costs as much as parsing the file, and an edit is otherwise checked in the time of one workout;
so it is done only when cheap bounds cannot tell the file is within the limits. Every word, number or sign
holds a character other than a space or a tab (a line end is one); a name line is read only where the
grammar's pattern of one matches the start of a line. In a file of more characters than the limit of words,
each piece's words are counted (and remembered by its text), stopping as soon as their sum could pass it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence

from strides.errors import StridesError, normalise_newlines
from strides.grammar.loader import name_line
from strides.grammar.runtime import Token, UnexpectedInput
from strides.language.input_limits import MAX_SOURCE_BYTES, MAX_WORDS, MAX_WORKOUTS, check_size
from strides.language.parse import parser
from strides.language.resync import parse_pieces

LARGE_FILE = MAX_SOURCE_BYTES // 4  # characters; past this the file may be over the byte limit (4 bytes at most)
JOINS = 2  # words a piece may have in the file and not on its own: the line end before it, and one spare
PER_LINE_OUTSIDE = 2  # words of a line between workouts: a setting and its line end


class WordCounts:
    """The words of pieces' own lines (after the settings copied above them), remembered by the piece's text."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.counted: OrderedDict[tuple[str, int], int] = OrderedDict()

    def words(self, text: str, prefix: int) -> int:
        key = (text, prefix)
        found = self.counted.get(key)
        if found is None:
            found = self.counted[key] = own_words(text, prefix)
            if len(self.counted) > self.size:
                self.counted.popitem(last=False)
        else:
            self.counted.move_to_end(key)
        return found


def past_a_limit(text: str, lines: Sequence[str], pieces: Iterable[tuple[str, int]], outside: int,
                 counts: WordCounts) -> StridesError | None:
    """The mistake that stops `strides check` before it reads a workout of `text`, if any. `pieces`: each
    piece's text and the number of setting lines copied above it; `outside`: the lines in no piece."""
    if not _may_be_past_a_limit(text, lines, pieces, outside, counts):
        return None
    try:  # read as strides.language.parse.parse_entries reads it, without making the syntax tree
        check_size(text)
        for _ in parse_pieces(parser(), normalise_newlines(text)):
            pass
    except StridesError as error:
        return error
    return None


def _may_be_past_a_limit(text: str, lines: Sequence[str], pieces: Iterable[tuple[str, int]], outside: int,
                         counts: WordCounts) -> bool:
    if len(text) > LARGE_FILE:
        return True
    if len(lines) > MAX_WORKOUTS and sum(1 for line in lines if name_line().match(line)) > MAX_WORKOUTS:
        return True
    if _most_words(text) <= MAX_WORDS:
        return False
    bound = outside * PER_LINE_OUTSIDE
    for piece_text, prefix in pieces:
        bound += counts.words(piece_text, prefix) + JOINS
        if bound > MAX_WORDS:
            return True
    return False


def own_words(text: str, prefix: int) -> int:
    """The words, numbers and signs the parser reads after the first `prefix` lines of `text`; past a
    syntax error, one for each character that may hold one."""
    counter = _Counter(prefix)
    source = normalise_newlines(text)
    try:
        parser().parse(source, counter)
    except (UnexpectedInput, StridesError):
        return counter.count + _most_words(source[counter.end:])
    return counter.count


class _Counter:
    def __init__(self, prefix: int) -> None:
        self.prefix, self.count, self.end = prefix, 0, 0

    def __call__(self, token: Token) -> None:
        self.end = token.end_pos
        if token.line > self.prefix:
            self.count += 1


def _most_words(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\t")
