"""How runners write workouts, read into the syntax tree: the markers the transformer passes between its
rules for the notation of plans and articles (Daniels' letters, on/off, dash ladders), and the readings made
on whole blocks (a recovery written after a repeat, a target after a group, steps under `Warm-up:`)."""

from __future__ import annotations

import re
from typing import Any

import attrs

from strides.errors import Span, StridesError
from strides.grammar.runtime import Token
from strides.language import ast
from strides.language.lexicon import read_amount, sub_span


def token_span(token: Token) -> Span:
    return Span(token.line or 1, token.column or 1, token.start_pos or 0, token.end_pos or 0)


class Letter(str):
    """A Daniels pace letter written after the amount without `@` (`6 x 1 k I`, `2 E`)."""


# The markers below live only while one step is read; plain classes, since an attrs class costs a
# compilation at start-up.
class OnOff:
    """`on`, or `on / 15s off`: the rep is the hard part; what follows the `/` its recovery; `1min hard /
    1min easy` says the rep's effort too."""

    __slots__ = ("effort", "recovery", "target")

    def __init__(self, recovery: ast.Recovery | None, effort: str | None = None,
                 target: ast.Target | None = None) -> None:
        self.recovery = recovery
        self.effort = effort
        self.target = target


class Ladder:
    """A dash ladder, `300-600-900-600-300`: one rep per amount."""

    __slots__ = ("amounts",)

    def __init__(self, amounts: tuple[ast.Amount, ...]) -> None:
        self.amounts = amounts


class Lettered:
    """`8 M`: a number and Daniels' M, which the lexer reads as the unit `M`."""

    __slots__ = ("amount", "letter")

    def __init__(self, amount: ast.Amount, letter: Letter) -> None:
        self.amount = amount
        self.letter = letter


class Between:
    """`@mp-hm`: two paces written as one word."""

    __slots__ = ("faster", "slower")

    def __init__(self, faster: ast.PaceName, slower: ast.PaceName) -> None:
        self.faster = faster
        self.slower = slower


# Numbers of `Ns` that read as metres on a rep (`10x400s`): runners name track reps by their plural.
PLURAL_KINDS = frozenset({"run", "hill", "sprint", "strides", "race"})
SHORTEST_BARE = 50  # a bare number on a step below this is no distance in metres anyone runs
# Kinds whose bare number is most likely minutes when it is too short for metres (`wu 20`).
TIMED_KINDS = frozenset({"warmup", "cooldown", "easy", "jog", "walk", "rest", "float", "tempo", "steady", "drills",
                         "stretch"})
# Below this a bare number before a Daniels letter is in the profile's units (`2 E`); at or above, metres.
UNITS_BELOW = 50



def in_section(block: ast.Block, kind: str) -> ast.Block:
    """A step under `Warm-up:` is a warm-up unless it says otherwise."""
    body = block.body
    if not isinstance(body, ast.Step) or block.counted or {"warmup", "cooldown"} & set(body.kinds):
        return block
    return attrs.evolve(block, body=attrs.evolve(body, kinds=(kind, *body.kinds)))


RECOVERY_KINDS = frozenset({"jog", "walk", "rest", "float"})


def recovery_after(before: ast.Element, block: ast.Block, source: str) -> bool:
    """`6x1k @10k, 90s jog`: a jog, walk or rest written after a repeat that has no recovery, on the same line
    and apart from it by a comma or `;`, is the recovery between its reps."""
    body = block.body
    if not (isinstance(before, ast.Block) and before.counted and before.count > 1 and before.recovery is None
            and isinstance(body, ast.Step) and not block.counted and len(body.amounts) == 1
            and body.kinds and set(body.kinds) <= RECOVERY_KINDS and block.note is None
            and block.recovery is None and before.span is not None and block.span is not None):
        return False
    gap = source[before.span.end : block.span.start]
    return gap.strip() in (",", ";")


def refuse_loose_offset(before: ast.Element, block: ast.Block, source: str) -> None:
    """`12x400 @5k + 3s`: a `+` between steps at the top, before a few seconds of nothing in particular, is
    an offset that came loose from its pace."""
    body = block.body
    if (before.span is None or block.span is None or not isinstance(body, ast.Step) or body.kinds
            or body.target is not None or block.counted or len(body.amounts) != 1
            or body.amounts[0].dimension != "time" or body.amounts[0].low >= 60):
        return
    gap = source[before.span.end : block.span.start]
    if gap.strip() != "+":
        return
    at = before.span.end + gap.index("+")
    line = source.count("\n", 0, at) + 1
    column = at - (source.rfind("\n", 0, at) + 1) + 1
    raise StridesError("unexpected `+`", Span(line, column, at, at + 1),
                       "an offset is written against its pace, with a unit: `@5k-3s`, `@mp+20s/mi`")


def with_recovery(before: ast.Block, after: ast.Block) -> ast.Block:
    body = after.body
    assert isinstance(body, ast.Step)
    kind = next(k for k in body.kinds if k in RECOVERY_KINDS)
    amount = body.amounts[0]
    if amount.dimension == "bare":
        amount = ast.Amount("distance", amount.low, amount.high, text=amount.text, span=amount.span)
    recovery = ast.Recovery(kind, amount, None, body.target, after.text, after.span)
    if isinstance(before.body, ast.Group):  # the resolver says where a group's recovery goes
        return attrs.evolve(before, recovery=recovery)
    reading = f"`{after.text}` after `{before.text}`: read as the recovery between its reps"
    return attrs.evolve(before, recovery=recovery, readings=(*before.readings, reading))



def plain(amount: Any) -> ast.Amount:
    """An amount where no pace letter can follow: `r 8 M` is 8 metres."""
    if isinstance(amount, Lettered):
        return ast.Amount("distance", amount.amount.low, text=f"{amount.amount.text} M", span=amount.amount.span)
    if isinstance(amount, Ladder):
        raise StridesError("a ladder is a list of reps, not a recovery or a modifier", amount.amounts[0].span)
    return amount  # type: ignore[no-any-return]


def dash_ladder(tokens: list[Token]) -> Ladder:
    """`300-600-900-600-300`, `200-400-600m`: the unit written once, at the end, is every amount's."""
    token = tokens[0]
    text = str(token)
    unit = str(tokens[1]) if len(tokens) > 1 else re.sub(r"^[\d.\s–-]*", "", text)
    span = token_span(token)
    amounts = []
    for match in re.finditer(r"\d+(?:\.\d+)?", text):
        part = sub_span(span, match.start(), len(match[0]))
        amounts.append(read_amount(match[0] + unit, part))
    return Ladder(tuple(amounts))


def between(first: ast.PaceName, second: ast.PaceName, span: Span | None) -> ast.PaceBetween:
    return ast.PaceBetween(first, second, span)


def refuse_short_bare(amount: ast.Amount, kinds: list[str]) -> None:
    """`wu 20`, `4x2 @T`, `3x2.5 @mp`: no runner means 20 m or 2.5 m; ask for the unit."""
    if amount.dimension != "bare":
        return
    low, high = amount.low, amount.high or amount.low
    if low >= SHORTEST_BARE and low == int(low) and high == int(high):
        return
    number = amount.text
    timed = bool(TIMED_KINDS & set(kinds))
    choices = [f"{number}min"] if timed else [f"{number}km", f"{number}mi", f"{number}min"]
    if not timed and low >= 10:
        choices = [f"{number}min", f"{number}s", f"{number}km"]
    shown_choices = " or ".join(f"`{choice}`" for choice in choices)
    raise StridesError(f"`{number}` has no unit, and {number} m is no step anyone runs", amount.span,
                       f"did you mean {shown_choices}? (a bare number is metres: `400`)", suggestion=choices[0])


def targeted_items(group: ast.Group, target: ast.Target) -> ast.Group:
    """A target after a group or ladder applies to each item in it that has none (recoveries keep theirs)."""
    items: list[ast.Element] = []
    for item in group.items:
        if isinstance(item, ast.Block) and isinstance(item.body, ast.Group):
            item = attrs.evolve(item, body=targeted_items(item.body, target))
        elif (isinstance(item, ast.Block) and isinstance(item.body, ast.Step) and item.body.target is None
              and not set(item.body.kinds) & {"jog", "walk", "rest", "float"}):
            item = attrs.evolve(item, body=attrs.evolve(item.body, target=target))
        items.append(item)
    return ast.Group(tuple(items), group.span)
