"""The readings of a step's words, as plain functions applied in order (`READINGS`, then `BLOCK_READINGS`).

The grammar gathers a step's words (kinds, amounts, a target, Daniels' letters); each reading here then
decides what one notation of plans means, and either rewrites the words, notes how it read them (the
workout's `readings`, which `explain` prints), or refuses what no runner could mean with the canonical
spelling. A new way of writing a thing is a row in the lexicon or one function here, in its place in the
order.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs

from strides.errors import Span, StridesError
from strides.language import ast
from strides.language.lexicon import ROAD_PACES, pace_name
from strides.language.notation import PLURAL_KINDS, UNITS_BELOW, Letter, refuse_short_bare
from strides.meaning.model import MILE
from strides.meaning.units import format_distance

LONG_REP = MILE - 1.0
# Kinds whose short reps are metres even below SHORTEST_BARE (`10x30m sprint`).
SHORT_METRE_KINDS = frozenset({"sprint", "strides", "hill", "drills"})
TINIEST_RUN = 50.0
MILES_OR_METRES = "miles-m"  # the dimension of `3 m` in a file with no `units`: the profile's units decide


class StepWords:
    """A step's words while they are read: what the grammar found, and how each reading took it."""

    __slots__ = ("amounts", "kinds", "letters", "readings", "span", "target", "units")

    def __init__(self, kinds: list[str], amounts: list[ast.Amount], target: ast.Target | None,
                 letters: list[Letter], units: str | None, readings: list[str], span: Span | None) -> None:
        self.kinds = kinds
        self.amounts = amounts
        self.target = target
        self.letters = letters
        self.units = units  # the file's `units` where the step stands (None: not set in the file)
        self.readings = readings
        self.span = span


StepReading = Callable[[StepWords], None]


def daniels_letters(words: StepWords) -> None:
    """`2 E`, `6 x 1 k I`, `30 min E`: the amount at Daniels' pace; a bare number below UNITS_BELOW is in
    the profile's units, one above is metres (`6 x 200 R`)."""
    for letter in words.letters:
        words.amounts = [_in_units(amount, letter, words) if amount.dimension == "bare" and amount.low < UNITS_BELOW
                         else amount for amount in words.amounts]
        if letter == "E":
            words.kinds.append("easy")
            continue
        pace = ast.NamedPace(pace_name(str(letter), words.span or Span(1, 1, 0, 0)), None, words.span)
        if words.target is not None:
            raise StridesError("a step has one target; this is a second one", pace.span,
                               "for a range between two paces write `@10k..5k`")
        words.target = pace


def _in_units(amount: ast.Amount, letter: str, words: StepWords) -> ast.Amount:
    """A bare number before a Daniels letter: a distance in the file's `units`, or in the profile's."""
    if words.units in ("mi", "mile", "miles", "km", "k", "kilometres"):
        scale = MILE if words.units.startswith("mi") else 1000.0
        high = None if amount.high is None else amount.high * scale
        read = ast.Amount("distance", amount.low * scale, high, text=amount.text, span=amount.span)
        words.readings.append(f"`{amount.text} {letter}`: read as {format_distance(read.low)} (a bare number "
                              "before a pace letter is in the profile's units)")
        return read
    words.readings.append(f"`{amount.text} {letter}`: read as {amount.text} {{units}} (a bare number before a pace "
                          "letter is in the profile's units)")
    return ast.Amount("units", amount.low, amount.high, text=amount.text, span=amount.span)


def plural_metres(words: StepWords) -> None:
    """`10x400s`, `6 x 1000s`: reps named by their plural are metres, not seconds."""
    for index, amount in enumerate(words.amounts):
        match = re.fullmatch(r"(\d+)s", amount.text, re.I) if amount.dimension == "time" else None
        if (match is None or not set(words.kinds or ["run"]) <= PLURAL_KINDS or int(match[1]) < 100
                or int(match[1]) % 100):
            continue
        words.readings.append(f"`{amount.text}`: read as {match[1]} m reps (for seconds write `{match[1]}sec`)")
        words.amounts[index] = ast.Amount("bare", float(match[1]), text=amount.text, span=amount.span)


def bare_numbers(words: StepWords) -> None:
    """`wu 20`, `4x2 @T`: a bare number too short for metres asks for its unit."""
    for amount in words.amounts:
        if amount.dimension == "bare":
            refuse_short_bare(amount, words.kinds)


def parkrun_is_a_race(words: StepWords) -> None:
    if any(amount.text == "parkrun" for amount in words.amounts):
        words.kinds.append("race")


def on_is_hard(words: StepWords) -> None:
    """`45s on`: the hard part, unless a target says how hard."""
    if "on" in words.kinds:
        words.kinds = [kind for kind in words.kinds if kind != "on"]
        words.target = words.target or ast.EffortWord("hard", words.span)


def road_offset_in_units(words: StepWords) -> None:
    """`3 x 2 mi @ MP-10 sec`: a bare seconds offset on a road pace, for a rep of a mile or more, is per mile
    or per km (the profile's `units`; the resolver asks when none is set), not per lap."""
    target = words.target
    if (not isinstance(target, ast.NamedPace) or target.offset is None or target.offset.per is not None
            or target.pace.name not in ROAD_PACES):
        return
    if not any((amount.dimension == "distance" and amount.low >= LONG_REP)
               or (amount.dimension == "units" and amount.low >= 1) for amount in words.amounts):
        return
    offset = attrs.evolve(target.offset, per_units=True)
    words.target = attrs.evolve(target, offset=offset)
    words.readings.append(f"`{offset.text}` on a rep of a mile or more: read as {abs(offset.seconds):g} s per "
                          "{units} (the track's per-lap reading is for short reps)")


READINGS: tuple[StepReading, ...] = (
    daniels_letters,
    plural_metres,
    bare_numbers,
    parkrun_is_a_race,
    on_is_hard,
    road_offset_in_units,
)


def read_step(words: StepWords) -> StepWords:
    for reading in READINGS:
        reading(words)
    return words


# ---- readings of a whole block (the count is known) --------------------------------------------------------
BlockReading = Callable[[ast.Block, "str | None", list[str]], ast.Block]


def miles_written_m(block: ast.Block, units: str | None, readings: list[str]) -> ast.Block:
    """`3 m run` in a plan in miles (Higdon's tables): a single run of a few `m` is miles, since no one runs
    3 metres. With the file's `units = mi` it is miles here; with no `units` in the file the resolver
    decides from the profile's (miles, or refused); with `units = km` `tiny_metres` refuses it."""
    body = block.body
    if (block.counted or not isinstance(body, ast.Step) or (units or "mi").startswith("k")
            or SHORT_METRE_KINDS & set(body.kinds)):
        return block
    amounts = list(body.amounts)
    for index, amount in enumerate(amounts):
        if _tiny_metres(amount):
            number = amount.text.rstrip("mM ").strip()
            if units is None:  # the profile's units decide (meaning.passes.durations)
                amounts[index] = ast.Amount(MILES_OR_METRES, amount.low, amount.high, text=amount.text,
                                            span=amount.span)
            else:
                amounts[index] = ast.Amount("distance", amount.low * MILE, None if amount.high is None
                                            else amount.high * MILE, text=amount.text, span=amount.span)
            readings.append(f"`{amount.text}`: read as {number} mi (in a plan in miles, `m` after a small number "
                            "is miles; write `mi`)")
    return attrs.evolve(block, body=attrs.evolve(body, amounts=tuple(amounts)))


def tiny_metres(block: ast.Block, units: str | None, readings: list[str]) -> ast.Block:
    """`3 m`, `12x20m`: a run no runner runs; sprints and strides may be that short (`10x30m sprint`)."""
    body = block.body
    if not isinstance(body, ast.Step) or SHORT_METRE_KINDS & set(body.kinds):
        return block
    for amount in body.amounts:
        if _tiny_metres(amount):
            number = amount.text.rstrip("mM ").strip()
            raise StridesError(f"`{amount.text}` is {number} metres, no step anyone runs", amount.span,
                               f"did you mean `{number}mi`, `{number}min` or `{number}km`? (`m` is metres; in a plan "
                               "with `units = mi`, a step of a few `m` is read as miles)", suggestion=f"{number}mi")
    return block


def total_with_segment(block: ast.Block, units: str | None, readings: list[str]) -> ast.Block:
    """`10 Miles with 2 Miles at Tempo`, `12 mi w/ 7 mi @ 15K to half marathon race pace` (Pfitzinger,
    Runner's World): the total is the run and the segment sits in its middle, the rest of it easy on either
    side. Written with `w/` or `with` and a target on the segment; a recovery has no target of a pace."""
    body, recovery = block.body, block.recovery
    if (block.counted or not isinstance(body, ast.Step) or recovery is None or recovery.target is None
            or recovery.amount is None or len(body.amounts) != 1 or body.target is not None
            or not recovery.text.lower().startswith(("w/", "with"))):
        return block
    total, part = body.amounts[0], recovery.amount
    if (total.dimension not in ("distance", "time") or part.dimension != total.dimension or total.high is not None
            or part.high is not None or total.laps or part.laps or not part.low < total.low):
        return block
    side = ast.Amount(total.dimension, (total.low - part.low) / 2, text=f"({total.text} - {part.text}) / 2",
                      span=total.span)
    kinds = tuple(kind for kind in body.kinds if kind not in ("easy", "run")) or ()
    easy = ast.Block(ast.Step((*kinds, "easy"), (side,), text=side.text, span=body.span), text=side.text,
                     span=body.span)
    segment = ast.Block(ast.Step((), (part,), recovery.target, text=recovery.text, span=recovery.span),
                        text=recovery.text, span=recovery.span)
    readings.append(f"`{block.text}`: read as a segment in the middle of the run, the rest of it easy before and "
                    "after")
    return attrs.evolve(block, body=ast.Group((easy, segment, easy), block.span), recovery=None)


def _tiny_metres(amount: ast.Amount) -> bool:
    return (amount.dimension == "distance" and not amount.laps and amount.low < TINIEST_RUN
            and re.fullmatch(r"[\d.]+(?:\s*[-–]\s*[\d.]+)?\s*m", amount.text, re.I) is not None)


BLOCK_READINGS: tuple[BlockReading, ...] = (
    miles_written_m,
    tiny_metres,
    total_with_segment,
)


def read_block(block: ast.Block, units: str | None) -> ast.Block:
    readings: list[str] = []
    for reading in BLOCK_READINGS:
        block = reading(block, units, readings)
    if readings:
        block = attrs.evolve(block, readings=(*block.readings, *readings))
    return block
