"""The canonical spelling of a workout file, as `strides fmt` writes it.

One setting per line (`key = value`), a blank line before each name line, the steps of a named workout indented
two spaces with one block or modifier per line, and every construct in one spelling: `wu`, `cd`, `12x400`,
`r35s`, `r2min jog`, `r200 jog`, `jog back`, `r1:1`, `r full`, `@5k-3s`, `@3:48/km`, `@10k..5k`, `@z2`,
`@140-150bpm`, `all-out`, `@rpe7`, `"note"`, `last 2 @5k-5s`, `reps 12,16 all-out`, `each -10s/mi`.

Formatting changes spelling, never meaning: the file parses to the same syntax tree before and after, and
formatting twice gives the same text as formatting once. Comments are kept: a comment at the end of a line
stays after the entry it followed (comments inside a group written over several lines go to the end of its
line, since the group is written on one line), and a comment on a line of its own stays above the entry that
follows it. Blank lines other than those before name lines are not kept.

>>> print(format_source("5K=19:00\\nTue: WU 15 MIN; 12 x 400m @ 5k - 3s r 35 s;Last all out"), end="")
5k = 19:00
<BLANKLINE>
Tue:
  wu 15min
  12x400m @5k-3s r35s
  last all-out
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from decimal import Decimal

import attrs

from strides.errors import Span, StridesError, normalise_newlines
from strides.grammar.runtime import Token
from strides.language import ast
from strides.language.lexicon import read_amount, read_clock_pace, read_offset
from strides.language.parse import build_parser, parse_entries
from strides.language.plan_lines import is_plan
from strides.meaning.model import MILE
from strides.meaning.profile import KNOWN_KEYS, setting_key

INDENT = "  "
_NOWHERE = Span(1, 1, 0, 0)
_KIND_WORDS = {"warmup": "wu", "cooldown": "cd"}
_LEADING_KINDS = ("warmup", "cooldown", "drills", "stretch")  # read best before the amount: `drills 10min`
_PACE_WORDS = {"marathon": "mp"}
_SHARE_WORDS = {"max": "max", "reserve": "HRR", "lthr": "LTHR"}
_BARE_EFFORTS = ("all-out", "hard", "moderate", "fast")
_COMMENT_IN_SEPARATOR = re.compile(r"#[^\n]*")


def format_source(text: str) -> str:
    """The file in canonical spelling. A file with a mistake in it is not formatted: the mistake is raised."""
    text = normalise_newlines(text)  # the positions of comments are those of the parser's text
    if is_plan(text):  # a plan's layout (weeks on one line, tables) is the runner's: kept as written
        return text if text.endswith("\n") or not text else text + "\n"
    # The grammar's own lexer finds the comments, so a `#` inside a note is never taken for one.
    tokens: list[Token] = []
    collect = _collector(tokens)
    parsed = parse_entries(text, using=build_parser(on_token={"COMMENT": collect, "_SEP": collect}))
    entries: list[ast.Entry] = []
    for entry in parsed:
        if isinstance(entry, StridesError):
            raise entry
        entries.append(entry)
    placed, tail = _place_comments(text, entries, _comments(text, tokens))
    lines = _layout(placed, tail)
    return "\n".join(lines) + "\n" if lines else ""


def entry_text(entry: ast.Entry) -> str:
    """One header, setting, block or modifier on one line, without indentation."""
    if isinstance(entry, ast.Header):
        return f"{entry.name}:"
    if isinstance(entry, ast.Setting):
        key = setting_key(entry.key)
        return f"{key if key in KNOWN_KEYS else entry.key} = {entry.value}".rstrip()
    return element_text(entry)


def element_text(element: ast.Element) -> str:
    if isinstance(element, ast.Block):
        return _block(element)
    if isinstance(element, ast.Last):
        words = ["last"]
        if element.amount is not None:
            words.append(amount_text(element.amount))
        if element.change is not None:
            words.append(target_text(element.change, bare_effort=True))
        if element.note is not None:
            words.append(_note(element.note))
        return " ".join(words)
    if isinstance(element, ast.Reps):
        word = "rep" if len(element.numbers) == 1 else "reps"
        numbers = ",".join(str(number) for number in element.numbers)
        note = f" {_note(element.note)}" if element.note is not None else ""
        return f"{word} {numbers} {target_text(element.change, bare_effort=True)}{note}"
    return f"each {_offset(element.offset)}"


# ---- blocks and steps ----------------------------------------------------------------------------------------
def _block(block: ast.Block) -> str:
    body = _step(block.body) if isinstance(block.body, ast.Step) else _group(block.body)
    if block.counted:
        upto = f"-{block.count_upto}" if block.count_upto is not None else ""
        # `12xlap` would read as one unknown amount: a word after the count stands apart from it
        body = f"{block.count}{upto}x{' ' if body[:1].isalpha() else ''}{body}"
    words = [body]
    if block.recovery is not None:
        words.append(recovery_text(block.recovery))
    if block.note is not None:
        words.append(_note(block.note))
    return " ".join(words)


def _group(group: ast.Group) -> str:
    return "(" + ", ".join(element_text(item) for item in group.items) + ")"


def _step(step: ast.Step) -> str:
    if any(amount.dimension == "units" for amount in step.amounts):
        return _daniels_step(step)
    # Warm-ups, cool-downs, drills and stretches read best in front (`wu 15min`), the others after the amount
    # (`30min easy`, `8x20s strides`); the order of the kinds is kept, as the first names the step.
    leading = 0
    while leading < len(step.kinds) and step.kinds[leading] in _LEADING_KINDS:
        leading += 1
    words = [_KIND_WORDS.get(kind, kind) for kind in step.kinds[:leading]]
    words.append("/".join(amount_text(amount) for amount in step.amounts))
    words.extend(_KIND_WORDS.get(kind, kind) for kind in step.kinds[leading:])
    if step.target is not None:
        words.append(target_text(step.target, bare_effort=True))
    if step.recovery is not None:  # the parser moves these to the block; kept should a caller build one
        words.append(recovery_text(step.recovery))
    if step.note is not None:
        words.append(_note(step.note))
    return " ".join(words)


def _daniels_step(step: ast.Step) -> str:
    """`2 E`, `8 M`: a distance in the profile's units is written as Daniels prints it, since only its letter
    says so (with `units` set in the file, the parser has made it a distance already)."""
    kinds = list(step.kinds)
    target = step.target
    if "easy" in kinds and target is None:
        kinds.remove("easy")
        letter = "E"
    elif isinstance(target, ast.NamedPace) and target.offset is None and target.pace.name in ("T", "I", "R",
                                                                                             "marathon"):
        letter, target = ("M" if target.pace.name == "marathon" else target.pace.name), None
    else:  # kept from looping should a caller build one; the parser gives none
        raise StridesError("a distance in the profile's units needs its pace letter", step.span)
    amounts = "/".join(_number(amount.low) for amount in step.amounts)
    plain = attrs.evolve(step, kinds=tuple(kinds), amounts=(), target=target)
    rest = _step(plain).strip() if kinds or target or plain.note else ""
    return " ".join(word for word in (f"{amounts} {letter}", rest) if word)


def _note(note: str) -> str:
    for opening, closing in (('"', '"'), ("“", "”")):
        if closing not in note:
            return f"{opening}{note}{closing}"
    # Holds both kinds of closing quote: several notes joined by `; `, written back one by one.
    parts = note.split("; ")
    if len(parts) == 1:  # no single note holds both; kept from looping should a caller build one
        return f"“{note.replace('”', '')}”"
    return " ".join(_note(part) for part in parts)


# ---- recoveries ----------------------------------------------------------------------------------------------
def recovery_text(recovery: ast.Recovery) -> str:
    """`r35s`, `r2min jog`, `r200 jog`, `r1:1`, `r full`, `jog back`, `r200 float @mp`."""
    if recovery.ratio is not None:
        head, named = f"r{_ratio(recovery.ratio)}", recovery.kind != "rest"
    elif recovery.amount is None:
        head, named = ("r full" if recovery.kind == "rest" else f"{recovery.kind} back"), False
    else:
        amount = _recovery_amount(recovery.amount)
        head = f"r{'' if amount[:1].isdigit() else ' '}{amount}"
        # A timed rest needs no word (`r35s`); a jog is named even where it is the default (`r200 jog`).
        named = not (recovery.kind == "rest" and recovery.amount.dimension == "time")
    words = [head, recovery.kind] if named else [head]
    if recovery.target is not None:
        words.append(target_text(recovery.target, bare_effort=False))
    return " ".join(words)


def _ratio(ratio: float) -> str:
    for work in range(1, 10):  # the ratio is the rest over the work
        rest = round(ratio * work)
        if rest >= 1 and rest / work == ratio:
            return f"{work}:{rest}"
    raise StridesError(f"the ratio {ratio} cannot be written as work:rest")


def _recovery_amount(amount: ast.Amount) -> str:
    """`r200` is metres when the number is 100 or more and whole; shorter distances, and a distance in miles
    (`r0.5mi`, 804.672 m), keep their unit."""
    if amount.dimension == "distance" and not amount.laps and amount.low >= 100 \
            and all(float(end).is_integer() for end in _ends(amount)):
        bare = _exact(_range_candidates(amount, 1.0, ""), amount, as_dimension="distance")
        if bare is not None:
            return bare
    return amount_text(amount)


# ---- amounts -------------------------------------------------------------------------------------------------
def amount_text(amount: ast.Amount) -> str:
    """`400`, `400m`, `1km`, `1.5mi`, `lap`, `2laps`, `35s`, `15min`, `1h`, `10:45`, `15-20min`, `open`."""
    if amount.dimension == "open":
        return "open"
    if amount.laps and amount.low == 1 and amount.high is None:
        return "lap"
    written = _exact(_amount_candidates(amount), amount)
    return written if written is not None else amount.text


def _amount_candidates(amount: ast.Amount) -> Iterable[str]:
    if amount.dimension == "bare":
        yield from _range_candidates(amount, 1.0, "")
    elif amount.laps:
        yield from _range_candidates(amount, 1.0, "laps")
    elif amount.dimension == "time":
        for scale, unit in ((3600.0, "h"), (60.0, "min")):
            if _whole(amount, scale):
                yield from _range_candidates(amount, scale, unit)
        if _ends(amount)[-1] >= 600 and not _whole(amount, 60.0):
            yield "-".join(_clock(end, hours=True) for end in _ends(amount))
        yield from _range_candidates(amount, 1.0, "s")
    elif amount.dimension == "distance":
        yield from _range_candidates(amount, MILE, "mi", decimals=2)
        if amount.low >= 1000:
            yield from _range_candidates(amount, 1000.0, "km", decimals=1)
        yield from _range_candidates(amount, 1.0, "m")
    elif amount.dimension == "bpm":
        yield from _range_candidates(amount, 1.0, "bpm")


def _range_candidates(amount: ast.Amount, scale: float, unit: str, decimals: int | None = None) -> Iterable[str]:
    """`15-20min`; with `decimals`, only when no end needs more (`1.5mi` is a distance, `0.6214mi` is not)."""
    quotients = [end / scale for end in _ends(amount)]
    if decimals is not None:  # 14 mi is 13.999999999999998 mi to the bit: the reader decides if close is exact
        quotients = [round(quotient, decimals) for quotient in quotients]
    try:
        yield "-".join(_number(quotient) for quotient in quotients) + unit
    except _Unwritable:
        return


def _ends(amount: ast.Amount) -> tuple[float, ...]:
    return (amount.low,) if amount.high is None else (amount.low, amount.high)


def _whole(amount: ast.Amount, scale: float) -> bool:
    return all(math.isfinite(end) and end > 0 and end % scale == 0 for end in _ends(amount))


def _exact(candidates: Iterable[str], amount: ast.Amount, as_dimension: str | None = None) -> str | None:
    """The first spelling that reads back as exactly this amount (`1.5mi` may not be `2414.016m` to the bit)."""
    for candidate in candidates:
        try:
            read = read_amount(candidate, _NOWHERE)
        except StridesError:
            continue
        dimension = as_dimension if read.dimension == "bare" and as_dimension else read.dimension
        if (dimension, read.low, read.high, read.laps) == (amount.dimension, amount.low, amount.high, amount.laps):
            return candidate
    return None


# ---- targets -------------------------------------------------------------------------------------------------
def target_text(target: ast.Target, bare_effort: bool) -> str:
    """`@5k-3s`, `@10k..5k`, `@3:48/km`, `@1:28`, `@z2`, `@140-150bpm`, `all-out` (or `@all-out`), `@rpe7`."""
    if isinstance(target, ast.EffortWord):
        return _effort(target.word, bare_effort)
    if isinstance(target, ast.NamedPace):
        offset = _offset(target.offset) if target.offset is not None else ""
        return f"@{_pace_name(target.pace, followed=bool(offset))}{offset}"
    if isinstance(target, ast.PaceBetween):
        return f"@{_pace_name(target.faster, False)}..{_pace_name(target.slower, False)}"
    if isinstance(target, ast.ClockPace):
        return "@" + _clock_pace(target)
    if isinstance(target, ast.HeartRateZone):
        return f"@z{target.zone}"
    if isinstance(target, (ast.PowerRange, ast.SpeedRange, ast.HeartRateShare)):
        return "@" + _measured(target)
    amount = ast.Amount("bpm", target.low, target.high if target.high != target.low else None)
    return "@" + (_exact(_amount_candidates(amount), amount) or f"{target.low}-{target.high}bpm")


def _measured(target: ast.PowerRange | ast.SpeedRange | ast.HeartRateShare) -> str:
    """`240W`, `12-14km/h`, `8.5mph`, `70-80%max`, `60-70%HRR`, `95%LTHR`."""
    try:
        ends = _number(target.low) if target.low == target.high else f"{_number(target.low)}-{_number(target.high)}"
    except _Unwritable:
        ends = f"{target.low}-{target.high}"
    if isinstance(target, ast.PowerRange):
        return f"{ends}W"
    if isinstance(target, ast.SpeedRange):
        return f"{ends}{target.unit}"
    return f"{ends}%{_SHARE_WORDS[target.of]}"


def _effort(word: str, bare: bool) -> str:
    if word.startswith("rpe "):
        number = word[4:]
        return f"@rpe{number}" if number.isdigit() else f"@rpe {number}"
    # Bare words are steps' own; after a group's recovery only `@hard` is read as its target.
    return word if bare and word in _BARE_EFFORTS else f"@{word}"


def _pace_name(name: ast.PaceName, followed: bool) -> str:
    if name.name == "1500" and followed:
        return "1500m"  # `@1500-3s` would read as the range 1500-3 s
    return _PACE_WORDS.get(name.name, name.name)


def _offset(offset: ast.Offset) -> str:
    sign = "-" if offset.seconds < 0 else "+"
    try:
        written = f"{sign}{_number(abs(offset.seconds))}s{_per(offset.per, False)}"
        read = read_offset(written, _NOWHERE)
    except (_Unwritable, StridesError):
        return offset.text
    return written if (read.seconds, read.per) == (offset.seconds, offset.per) else offset.text


def _per(per: float | None, per_lap: bool) -> str:
    if per_lap:
        return "/lap"
    if per is None:
        return ""
    if per == 1000:
        return "/km"
    if per == MILE:
        return "/mi"
    return f"/{_number(per)}m"


def _clock_pace(pace: ast.ClockPace) -> str:
    ends = (pace.low,) if pace.high is None else (pace.low, pace.high)
    try:
        written = "-".join(_clock(end, hours=False) for end in ends) + _per(pace.per, pace.per_lap)
        read = read_clock_pace(written, _NOWHERE)
    except (_Unwritable, StridesError):
        return pace.text
    same = (read.low, read.high, read.per, read.per_lap) == (pace.low, pace.high, pace.per, pace.per_lap)
    return written if same else pace.text


# ---- numbers -------------------------------------------------------------------------------------------------
class _Unwritable(Exception):
    """A number the language has no digits for (infinite, say): the spelling as written is kept."""


def _number(value: float) -> str:
    """`400`, `1.5`, `0.00001`: the shortest digits that read back as the same float, never an exponent."""
    if not math.isfinite(value) or value < 0:
        raise _Unwritable(value)
    if value == int(value):
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _clock(seconds: float, hours: bool) -> str:
    """m:ss (h:mm:ss when `hours`), with the decimals of the seconds kept."""
    if not math.isfinite(seconds) or seconds < 0:
        raise _Unwritable(seconds)
    minutes = int(seconds // 60)
    rest = _number(round(seconds - minutes * 60, 9))  # 283.2 - 240 is 43.19999999999999 to the bit
    rest = rest if seconds - minutes * 60 >= 10 else "0" + rest
    if hours and minutes >= 60:
        return f"{minutes // 60}:{minutes % 60:02d}:{rest}"
    return f"{minutes}:{rest}"


# ---- comments and layout -------------------------------------------------------------------------------------
def _collector(tokens: list[Token]) -> Callable[[Token], Token]:
    """A hook adding the comment tokens, and the separators that can hold comments, to `tokens` as the
    parser reads them."""

    def collect(token: Token) -> Token:
        tokens.append(token)
        return token

    return collect


@attrs.frozen
class _Comment:
    position: int
    text: str
    alone: bool  # on a line of its own


def _comments(text: str, tokens: list[Token]) -> list[_Comment]:
    found: list[_Comment] = []
    for token in tokens:
        start = token.start_pos or 0
        matches = [(0, str(token))] if token.type == "COMMENT" else [
            (m.start(), m.group()) for m in _COMMENT_IN_SEPARATOR.finditer(str(token))]
        for offset, comment in matches:
            position = start + offset
            line_start = text.rfind("\n", 0, position) + 1
            found.append(_Comment(position, comment.rstrip(), not text[line_start:position].strip()))
    return found


@attrs.frozen
class _Placed:
    entry: ast.Entry
    leading: tuple[str, ...]  # comment lines above it
    trailing: tuple[str, ...]  # comments at the end of its line


def _place_comments(text: str, entries: list[ast.Entry], comments: list[_Comment]
                    ) -> tuple[list[_Placed], list[str]]:
    """Each comment goes with an entry: above the next one when alone on its line, else after the entry that
    comes last on its line (or whose lines it stands among)."""
    line_of = _line_finder(text)
    bounds = [_lines(entry, line_of) for entry in entries]
    starts = [first for first, _ in bounds]
    leading: list[list[str]] = [[] for _ in entries]
    trailing: list[list[str]] = [[] for _ in entries]
    tail: list[str] = []
    for comment in comments:
        line = line_of(comment.position)
        before = bisect_left(starts, line + 1) - 1  # the last entry starting on or before this line
        inside = before >= 0 and bounds[before][0] < line <= bounds[before][1]
        if comment.alone and not inside:
            if before + 1 < len(entries):
                leading[before + 1].append(comment.text)
            else:
                tail.append(comment.text)
        elif before >= 0:
            trailing[before].append(comment.text)
        elif entries:
            leading[0].append(comment.text)
        else:
            tail.append(comment.text)
    placed = [_Placed(entry, tuple(lead), tuple(trail))
              for entry, lead, trail in zip(entries, leading, trailing, strict=True)]
    return placed, tail


def _line_finder(text: str) -> Callable[[int], int]:
    newlines = [index for index, char in enumerate(text) if char == "\n"]
    return lambda position: bisect_left(newlines, position) + 1


def _lines(entry: ast.Entry, line_of: Callable[[int], int]) -> tuple[int, int]:
    span = entry.span
    if span is None:
        return (0, 0)
    return line_of(span.start), line_of(max(span.start, span.end - 1))


def _layout(placed: list[_Placed], tail: list[str]) -> list[str]:
    lines: list[str] = []
    indent = ""
    for item in placed:
        if isinstance(item.entry, ast.Header):
            if lines:
                lines.append("")
            indent = ""
        lines.extend(indent + comment for comment in item.leading)
        line = indent + entry_text(item.entry)
        if item.trailing:
            line += "  " + " ".join(item.trailing)
        lines.append(line)
        if isinstance(item.entry, ast.Header):
            indent = INDENT
    lines.extend(indent + comment for comment in tail)
    return lines


__all__ = ("amount_text", "element_text", "entry_text", "format_source", "recovery_text", "target_text")
