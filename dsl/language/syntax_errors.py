"""Turns the parser's mistakes into messages a runner can act on."""

from __future__ import annotations

import re

from strides.errors import Hint, Span, StridesError, did_you_mean
from strides.grammar.runtime import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from strides.language.lexicon import KINDS, PACE_WORDS, VOCABULARY
from strides.meaning.units import DISTANCE_UNITS, LAP_UNITS, TIME_UNITS

# What each terminal is, in the runner's words; terminals not listed are left out of "expected" lists.
_EXPECTED_WORDS = {
    "AMOUNT": "an amount (400, 15min, 1mi)",
    "COUNT": "a count (12x)",
    "AT": "a target (@5k)",
    "_SEP": "`;` or a new line",
    "RPAR": "`)`",
    "LPAR": "`(`",
    "R": "a recovery (r90s)",
    "STRING": 'a note in quotes ("…")',
    "INT": "a rep number",
    "OFFSET": "an offset (-3s)",
    "PACE": "a pace (3:48/km)",
    "NAME": "a pace name (5k, T)",
    "EFFORT": "an effort (all-out)",
    "RATIO": "a ratio (1:1)",
}

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_UNIT_WORDS = sorted({*TIME_UNITS, *DISTANCE_UNITS, *LAP_UNITS})


def _span_at(source: str, pos: int, length: int) -> Span:
    # Lines counted as the parser counts them: only `\n` ends one (the source is normalised).
    line = source.count("\n", 0, pos) + 1
    column = pos - (source.rfind("\n", 0, pos) + 1) + 1
    return Span(line, column, pos, pos + max(1, length))


def _expected(names: set[str]) -> str:
    words = sorted({_EXPECTED_WORDS[n] for n in names if n in _EXPECTED_WORDS})
    return "expected " + ", ".join(words) if words else ""


def explain_parse_error(error: UnexpectedInput, source: str, unclosed: Span | None = None) -> StridesError:
    """A `StridesError` pointing at the spot the parser stopped at, with what would have fitted there. `source` is
    the text as parsed (line ends normalised); `unclosed`: the innermost group `(` still open there."""
    at = _position(error)
    if unclosed is not None and at is not None and source.count("\n", unclosed.start, at) > 0:
        # A step on a later line than an open `(` that does not fit: the `(` was never closed
        return StridesError("this `(` is never closed", unclosed, "add `)` after the last step of the group")
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_text(source, error.pos_in_stream or 0, set(error.allowed or ()))
    if isinstance(error, UnexpectedToken):
        token = error.token
        if token.type == "$END":
            return _unexpected_end(source, set(error.expected), unclosed)
        return _unexpected_text(source, token.start_pos or 0, set(error.expected), token.type)
    return StridesError(str(error))


def _position(error: UnexpectedInput) -> int | None:
    if isinstance(error, UnexpectedCharacters):
        return error.pos_in_stream
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        start: int | None = error.token.start_pos
        return start
    return None


def _unexpected_end(source: str, expected: set[str], unclosed: Span | None) -> StridesError:
    end = len(source.rstrip())
    span = _span_at(source, max(0, end - 1), 1)
    if "RPAR" in expected and unclosed is not None:
        return StridesError("this `(` is never closed", unclosed, "add `)` after the last step")
    return StridesError("the workout ends too early", span, _expected(expected) or None)


def _unexpected_text(source: str, pos: int, expected: set[str], token_type: str | None = None) -> StridesError:
    if pos > 0 and source[pos - 1] in "rR" and (pos < 2 or not source[pos - 2].isalnum()) and _WORD.match(source, pos):
        pos -= 1  # `recovery`, `race`: the `r` the lexer took for a recovery is part of the word
    word_match = _WORD.match(source, pos)
    if word_match:
        word = word_match.group()
        span = _span_at(source, pos, len(word))
        line_start = source.rfind("\n", 0, pos) + 1
        line = source[line_start : source.find("\n", pos) if "\n" in source[pos:] else len(source)]
        if source[line_start:pos].strip() == "" and _looks_like_a_name(line, word):
            return StridesError(f"`{line.strip()}` reads like a workout's name, but has no colon", span,
                                f"a workout name ends with `:`: write `{line.strip()}:`")
        if pos > 0 and source[pos - 1].isdigit():
            return StridesError(f"unknown unit `{word}`", span, did_you_mean(word, _UNIT_WORDS)
                                or "units: s, min, h, m, km, mi, lap")
        if re.match(r"r[^\S\n]*(?:\d|full\b)", source[pos:], re.IGNORECASE):
            recovery = source[pos:].split("\n")[0]
            recovery = re.split(r"[;,#]", recovery)[0].strip()
            before = source[:pos].rstrip()
            hint = (f"write it on the rep, without the `{before[-1]}` before it" if before.endswith((",", ";"))
                    else f"write it on the rep, as in `12x400 {recovery}`")
            return StridesError(f"`{recovery}` is a recovery: it goes after the rep it follows",
                                _span_at(source, pos, len(recovery)), hint)
        misplaced = _misplaced(word)
        if misplaced is not None:
            return StridesError(misplaced[0], span, misplaced[1])
        if token_type is None or token_type in ("NAME",):
            known = _suggestion(word, VOCABULARY) or _suggestion(word, PACE_WORDS)
            return StridesError(f"unknown word `{word}`", span, known or _expected(expected) or None)
        return StridesError(f"`{word}` does not fit here", span, _placement_hint(token_type, expected))
    char = source[pos] if pos < len(source) else ""
    if char == ")":
        return _closing(source, pos)
    rest = re.match(r"\S+", source[pos:])
    text = rest.group() if rest else char
    span = _span_at(source, pos, len(text))
    if re.match(r"[+\-−]\s*\d", source[pos:]):
        return StridesError(f"unexpected `{text}`", span,
                            "an offset is written against its pace, with a unit: `@5k-3s`, `@mp+20s/mi`")
    if char.isdigit() and "AMOUNT" not in expected and "_SEP" in expected:
        return StridesError(f"`{text}` starts a new step", span, "separate steps with `;`, `,` or a new line")
    return StridesError(f"unexpected `{text}`", span, _expected(expected) or None)


# The item just before a `)`: from the `(` or `,` that starts it, in a group still open on this line.
_LAST_ITEM = re.compile(r"[(,][^\S\n]*([^(),;\n]*?)[^\S\n]*$")


def _closing(source: str, pos: int) -> StridesError:
    """A `)` the parser did not take: either nothing is open, or the group's last item is not a step (a kind
    word alone, `4x(200, jog)`), which is the mistake to point at."""
    line_start = source.rfind("\n", 0, pos) + 1
    before = source[line_start:pos]
    if before.count("(") <= before.count(")"):
        return StridesError("this `)` closes nothing", _span_at(source, pos, 1))
    item = _LAST_ITEM.search(before)
    words = item[1].split() if item else []
    if words and all(word.lower() in KINDS for word in words):
        start = line_start + item.start(1)  # type: ignore[union-attr]  # words are found only in an item
        shown = " ".join(words)
        return StridesError(f"`{shown}` alone is no step: give it an amount", _span_at(source, start, len(shown)),
                            f"write how far or how long, as in `{shown} 200` or `{shown} 1min`")
    return StridesError("this `)` closes the group before its last item is a whole step",
                        _span_at(source, pos, 1), "each item of a group is a step with an amount: `(400, 200 jog)`")


def _suggestion(word: str, words: list[str]) -> Hint | None:
    """'did you mean …?', never with the word itself."""
    others = [known for known in words if known.lower() != word.lower()]
    return did_you_mean(word, others)


_PACE_LOWER = {word.lower() for word in PACE_WORDS} | {"threshold", "interval", "half"}
_UNIT_LOWER = {word.lower() for word in _UNIT_WORDS}


def _misplaced(word: str) -> tuple[str, str] | None:
    """A word strides knows, standing where it does not fit: what is wrong with its place."""
    lowered = word.lower()
    if lowered in ("pace", "effort"):
        return f"`{word}` follows a named pace", f"write it after the target, as in `@5k {lowered}`"
    if word in ("E", "M", "T", "I", "R") or (lowered in _PACE_LOWER and lowered not in KINDS):
        return f"`{word}` is a pace", f"write `@{word}` after the amount, as in `20min @{word}`"
    if lowered in _UNIT_LOWER:
        return f"`{word}` is a unit", f"it goes right after its number, as in `20{lowered}`, once per amount"
    return None


_NAME_WORDS = re.compile(r"[^\W\d_][\w'’-]*(?:[^\S\n]+[\w'’-]+){0,5}[^\S\n]*")


def _looks_like_a_name(line: str, word: str) -> bool:
    """`Tuesday intervals` on a line of its own: a few words, none of them strides', no digits or signs."""
    text = line.strip()
    return (_NAME_WORDS.fullmatch(text) is not None and word.lower() not in VOCABULARY
            and word.lower() not in KINDS and not any(char.isdigit() for char in text))


def _placement_hint(token_type: str, expected: set[str]) -> str | None:
    if token_type in ("KIND", "RECOVERY_KIND", "WARM", "COOL") and "_SEP" in expected:
        return "separate steps with `;`, `,` or a new line"
    if "AMOUNT" in expected and "_SEP" not in expected:
        return "a step needs an amount, as in `stretch 10min` or `400`"
    return _expected(expected) or None
