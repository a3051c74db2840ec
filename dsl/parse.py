"""Text -> syntax tree: the Lark parser, the tree-to-AST transformer, and workouts split by name lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from lark import Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedInput
from lark.tree import Meta

from strides import ast
from strides.errors import Span, StridesError, is_unsafe, normalise_newlines, refuse_invisible
from strides.grammar.loader import load_parser
from strides.limits import InputWatch, check_size, watched_parse
from strides.model import join_notes
from strides.profile import KNOWN_KEYS, setting_key
from strides.syntax_errors import explain_parse_error
from strides.words import (
    EFFORTS,
    KINDS,
    checked_number,
    heart_rate_zone,
    pace_name,
    race_of_distance,
    read_amount,
    read_clock_pace,
    read_count,
    read_offset,
    read_ratio,
    read_rep_number,
    shown,
    sub_span,
)


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The grammar's parser, loaded once per process from the tables shipped in the package."""
    return build_parser()


def build_parser(lexer_callbacks: Mapping[str, Callable[[Token], Token]] | None = None) -> Lark:
    """A parser of the grammar of its own; `lexer_callbacks` see each token of their terminal as it is lexed
    (the formatter collects comments with them)."""
    return load_parser(lexer_callbacks)


def token_span(token: Token) -> Span:
    return Span(token.line or 1, token.column or 1, token.start_pos or 0, token.end_pos or 0)


def meta_span(meta: Meta) -> Span | None:
    if getattr(meta, "empty", True):
        return None
    return Span(meta.line, meta.column, meta.start_pos, meta.end_pos)


class _Note(str):
    """A quoted note, told apart from kind words among a step's words."""


class _Kind(str):
    """A canonical kind word."""


def parse_entries(source: str, using: Lark | None = None) -> list[ast.Entry | StridesError]:
    """Every header, setting and element of a file, in order. A mistake inside one element stands in its
    place, so the other workouts of the file can still be compiled; a syntax error stops the whole file.
    `using`: a parser from `build_parser`, when the caller needs one of its own. Positions refer to the
    text with its line ends normalised (`normalise_newlines`)."""
    check_size(source)
    source = normalise_newlines(source)
    watch = InputWatch()
    try:
        tree = watched_parse(using or parser(), source, watch)
    except UnexpectedInput as error:
        raise explain_parse_error(error, source, watch.unclosed()) from error
    to_ast = _ToAst(source)
    entries: list[ast.Entry | StridesError] = []
    for child in tree.children:
        parts = child.children if isinstance(child, Tree) and child.data == "header" else [child]
        for part in parts:
            if isinstance(part, Token):  # the name line itself
                entries.append(ast.Header(str(part).replace("\t", " ").strip()[:-1].strip(), token_span(part)))
                try:
                    refuse_invisible(str(part)[:-1], token_span(part), "a workout name")
                except StridesError as error:
                    entries.append(error)
                continue
            try:
                entries.append(to_ast.transform(part))
            except StridesError as error:
                entries.append(error)
    return entries


def parse(source: str, filename: str = "<text>") -> list[ast.WorkoutSource]:
    """A file's workouts, each with the settings in force where it starts (and the first mistake in it)."""
    workouts: list[ast.WorkoutSource] = []
    settings: list[ast.Setting] = []
    name: str | None = None
    name_span: Span | None = None
    elements: list[ast.Element] = []
    mistake: StridesError | None = None

    def close() -> None:
        if name is not None or elements or mistake:
            workouts.append(ast.WorkoutSource(name or _default_name(filename), tuple(elements),
                                              tuple(settings_at_start), mistake, span=name_span))

    settings_at_start: list[ast.Setting] = []
    late: ast.Setting | None = None  # a setting after the steps of a workout: it applies from the next one
    for entry in parse_entries(source):
        if isinstance(entry, ast.Header):
            close()
            name, name_span, elements, settings_at_start, late = entry.name, entry.span, [], list(settings), None
            mistake = None
        elif isinstance(entry, StridesError):
            mistake = mistake or entry
        elif isinstance(entry, ast.Setting):
            settings.append(entry)
            if elements:
                late = late or entry
            else:
                settings_at_start.append(entry)
        else:
            if late is not None:
                raise StridesError(f"the setting `{late.key}` stands among the steps of a workout", late.span,
                                   "settings apply to the workouts after them: move it above the workout's name line")
            if not elements and name is None:
                settings_at_start = list(settings)
            if (not elements and name is not None and isinstance(entry, ast.Block)
                    and _looks_like_a_setting(name, entry)):
                mistake = mistake or StridesError(
                    f"`{name}: {entry.text}` starts a workout named `{name}`", name_span,
                    f"a profile setting is written with `=`: `{name} = {entry.text}`")
            elements.append(entry)
    if late is not None:
        raise StridesError(f"the setting `{late.key}` comes after the last workout and applies to none", late.span,
                           "move it to the top of the file")
    close()
    return workouts


def _looks_like_a_setting(name: str, element: ast.Element) -> bool:
    """`5k: 19:00`, `maxhr: 190`: a profile setting written like a name line."""
    clock = isinstance(element, ast.Block) and re.fullmatch(r"[\d:.]+", element.text) is not None
    return clock and setting_key(name) in KNOWN_KEYS


def _default_name(filename: str) -> str:
    if filename.startswith("<"):
        return "Workout"
    stem = "".join(char for char in PurePath(filename).stem if not is_unsafe(char))  # shown on cards and pages
    return stem.replace("_", " ").replace("-", " ").strip() or "Workout"


class _ToAst(Transformer[Token, Any]):
    """One method per grammar rule, called with the node's position and its transformed children, each
    returning AST nodes."""

    def _call_userfunc(self, tree: Tree[Token], new_children: list[Any] | None = None) -> Any:
        # Lark's v_args(meta=True) builds a wrapper object on every call; calling directly is a third faster.
        children = new_children if new_children is not None else tree.children
        return getattr(self, tree.data)(tree.meta, children)

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source

    def text(self, meta: Meta) -> str:
        """The words of a node as written, spaces folded (and, from a comment inside it, characters that would
        not show as themselves left out: the text is shown on pages)."""
        if getattr(meta, "empty", True):
            return ""
        words = " ".join(self.source[meta.start_pos : meta.end_pos].split())
        return words if words.isprintable() else "".join(char for char in words if not is_unsafe(char))

    def setting(self, meta: Meta, children: list[Token]) -> ast.Setting:
        token = children[0]
        text = str(token)
        key, _, value = text.partition("=")
        span = token_span(token)
        value_offset = len(text) - len(text.partition("=")[2].lstrip())
        return ast.Setting(key.strip(), value.strip(), span, sub_span(span, value_offset, len(value.strip())))

    # ---- blocks ---------------------------------------------------------------------------------------------
    def block(self, meta: Meta, children: list[Any]) -> ast.Block:
        count_token, body, *tail = children
        span = meta_span(meta)
        count, count_upto = _read_count(count_token) if count_token is not None else (1, None)
        recovery: ast.Recovery | None = None
        note: str | None = None
        if isinstance(body, ast.Step):
            recovery, note, body = body.recovery, body.note, ast.Step(
                body.kinds, body.amounts, body.target, None, None, body.text, body.span)
        for item in tail:
            if isinstance(item, ast.Recovery):
                recovery = _one_recovery(recovery, item)
            elif isinstance(item, _Note):
                note = join_notes(note, item)
            elif recovery is not None:
                recovery = _attach_to_recovery(recovery, item)
            else:
                raise StridesError("kind words and targets go inside the parentheses", span)
        if count_token is not None and count < 1:
            raise StridesError("a repeat needs at least one rep", token_span(count_token))
        text = self.text(meta)
        return ast.Block(body, count, count_upto, count_token is not None, recovery, note, text, span)

    def group(self, meta: Meta, children: list[ast.Element]) -> ast.Group:
        return ast.Group(tuple(children), meta_span(meta))

    def step(self, meta: Meta, children: list[Any]) -> ast.Step:
        kinds: list[str] = []
        amounts: list[ast.Amount] = []
        target: ast.Target | None = None
        recovery: ast.Recovery | None = None
        note: str | None = None
        for item in children:
            if isinstance(item, ast.Amount):
                amounts.append(item)
            elif isinstance(item, _Note):
                note = join_notes(note, item)
            elif isinstance(item, ast.Recovery):
                recovery = _one_recovery(recovery, item)
            elif recovery is not None:
                recovery = _attach_to_recovery(recovery, item)
            elif isinstance(item, _Kind):
                kinds.append(item)
            else:
                target = _one_target(target, item)
        return ast.Step(tuple(kinds), tuple(amounts), target, recovery, note, self.text(meta), meta_span(meta))

    def KIND(self, token: Token) -> _Kind:  # noqa: N802 - terminal callbacks are named after the terminal
        return _Kind(KINDS[token.lower()])

    RECOVERY_KIND = KIND

    def warmup(self, meta: Meta, children: list[Any]) -> _Kind:
        return _Kind("warmup")

    def cooldown(self, meta: Meta, children: list[Any]) -> _Kind:
        return _Kind("cooldown")

    def note(self, meta: Meta, children: list[Token]) -> _Note:
        token = children[0]
        inside = str(token)[1:-1]
        span = token_span(token)
        refuse_invisible(inside, Span(span.line, span.column + 1, span.start + 1, span.end - 1), "a note")
        return _Note(inside.replace("\t", " ").strip())

    # ---- amounts --------------------------------------------------------------------------------------------
    def amount(self, meta: Meta, children: list[Token]) -> ast.Amount:
        amount = _amount_of(children)
        if amount.dimension == "bpm":
            raise StridesError(f"`{amount.text}` is a heart rate, not a length: write it as a target, `@{amount.text}`",
                               amount.span)
        return amount

    def open_amount(self, meta: Meta, children: list[Any]) -> ast.Amount:
        return ast.Amount("open", 0.0, text="open", span=meta_span(meta))

    def lap_amount(self, meta: Meta, children: list[Any]) -> ast.Amount:
        return ast.Amount("distance", 1.0, laps=True, text="lap", span=meta_span(meta))

    def mile_amount(self, meta: Meta, children: list[Any]) -> ast.Amount:
        return ast.Amount("distance", 1609.344, text="mile", span=meta_span(meta))

    # ---- targets --------------------------------------------------------------------------------------------
    def pace_ref(self, meta: Meta, children: list[Token]) -> Any:
        token = children[0]
        span = token_span(token)
        if token.type == "AMOUNT":
            amount = _amount_of(children)
            span = amount.span or span
            if amount.dimension == "time":
                return ast.ClockPace(amount.low, amount.high, None, text=amount.text, span=span)
            if amount.dimension == "bpm":
                return ast.HeartRateRange(amount.low, amount.high or amount.low, span)
            return race_of_distance(amount)
        word = str(token)
        lowered = word.lower()
        if lowered[:1] == "z" and lowered[1:].isdigit():
            return heart_rate_zone(word, span)
        if lowered.startswith("rpe") and lowered[3:].isdigit():
            return _rpe(lowered[3:], span)
        if lowered in EFFORTS:
            return ast.EffortWord(EFFORTS[lowered], span)
        return pace_name(word, span)

    def pace_target(self, meta: Meta, children: list[Any]) -> ast.Target:
        ref, offset_token = children[0], children[1] if len(children) > 1 else None
        if offset_token is None:
            return ref if not isinstance(ref, ast.PaceName) else ast.NamedPace(ref, None, meta_span(meta))
        offset = read_offset(str(offset_token), token_span(offset_token))
        if not isinstance(ref, ast.PaceName):
            raise StridesError("an offset goes after a race or training pace, as in `@5k-3s`", offset.span)
        return ast.NamedPace(ref, offset, meta_span(meta))

    def pace_between(self, meta: Meta, children: list[Any]) -> ast.PaceBetween:
        first, second = children
        for ref in (first, second):
            if not isinstance(ref, ast.PaceName):
                raise StridesError("`..` goes between two race or training paces, as in `@10k..5k`", meta_span(meta))
        return ast.PaceBetween(first, second, meta_span(meta))

    def clock_pace(self, meta: Meta, children: list[Token]) -> ast.ClockPace:
        return read_clock_pace(str(children[0]), token_span(children[0]))

    def effort_target(self, meta: Meta, children: list[ast.EffortWord]) -> ast.EffortWord:
        return children[0]

    def effort(self, meta: Meta, children: list[Token]) -> ast.EffortWord:
        return ast.EffortWord(EFFORTS[children[0].lower()], meta_span(meta))

    def all_out(self, meta: Meta, children: list[Any]) -> ast.EffortWord:
        return ast.EffortWord("all-out", meta_span(meta))

    def rpe(self, meta: Meta, children: list[Token]) -> ast.EffortWord:
        token = children[-1]
        if not re.fullmatch(r"\d+(?:\.\d+)?", str(token)):
            raise StridesError(f"RPE is one number from 1 to 10, not `{token}`", token_span(token))
        return _rpe(str(token), token_span(token))

    # ---- power, treadmill speed, heart rate as a share -------------------------------------------------------
    def power_target(self, meta: Meta, children: list[Token]) -> ast.PowerRange:
        low, high = _numbers_of(children[0])
        return ast.PowerRange(low, high, token_span(children[0]))

    def speed_target(self, meta: Meta, children: list[Token]) -> ast.SpeedRange:
        token = children[0]
        low, high = _numbers_of(token)
        unit = "mph" if str(token).lower().endswith("mph") else "km/h"
        return ast.SpeedRange(low, high, unit, token_span(token))

    def share_target(self, meta: Meta, children: list[Token]) -> ast.HeartRateShare:
        token = children[0]
        low, high = _numbers_of(token)
        basis = "".join(str(token).partition("%")[2].lower().split())
        of = "lthr" if "lthr" in basis else "reserve" if ("hrr" in basis or "reserve" in basis) else "max"
        if not basis:
            number = str(token).partition("%")[0].strip()
            raise StridesError(f"`@{number}%` of what: of max heart rate (`@{number}%max`), of heart-rate reserve "
                               f"(`@{number}% HRR`) or of lactate-threshold heart rate (`@{number}% LTHR`)?",
                               token_span(token), "say what the percentage is of")
        return ast.HeartRateShare(low, high, of, token_span(token))

    # ---- recoveries -----------------------------------------------------------------------------------------
    def timed_recovery(self, meta: Meta, children: list[ast.Amount]) -> ast.Recovery:
        amount = children[-1]
        text = self.text(meta)
        if amount.dimension == "bare":
            if amount.low < 100:
                number = amount.text
                raise StridesError(f"`{text}` has no unit: seconds or metres?", meta_span(meta),
                                   f"did you mean `r{number}s`? (a bare number is metres: `r200` jogs 200 m)")
            amount = ast.Amount("distance", amount.low, amount.high, text=amount.text, span=amount.span)
        kind = "rest" if amount.dimension == "time" else "jog"
        return ast.Recovery(kind, amount, text=text, span=meta_span(meta))

    def ratio_recovery(self, meta: Meta, children: list[Token]) -> ast.Recovery:
        # `r1:1` rests as long as the rep took; `r1:2` half of it (docs/language.md).
        ratio = read_ratio(str(children[-1]), meta_span(meta))
        return ast.Recovery("rest", None, ratio=ratio, text=self.text(meta), span=meta_span(meta))

    def full_recovery(self, meta: Meta, children: list[Any]) -> ast.Recovery:
        return ast.Recovery("rest", None, text=self.text(meta), span=meta_span(meta))

    def back_recovery(self, meta: Meta, children: list[Any]) -> ast.Recovery:
        kind = KINDS[str(children[0]).lower()]
        return ast.Recovery(kind, None, text=self.text(meta), span=meta_span(meta))

    def kind_recovery(self, meta: Meta, children: list[Any]) -> ast.Recovery:
        kind, amount = KINDS[str(children[0]).lower()], children[1]
        if amount.dimension == "bare":
            amount = ast.Amount("distance", amount.low, amount.high, text=amount.text, span=amount.span)
        return ast.Recovery(kind, amount, text=self.text(meta), span=meta_span(meta))

    # ---- modifiers ------------------------------------------------------------------------------------------
    def last(self, meta: Meta, children: list[Any]) -> ast.Last:
        amount = next((c for c in children if isinstance(c, ast.Amount)), None)
        note = next((c for c in children if isinstance(c, _Note)), None)
        change = next((c for c in children if c is not None and not isinstance(c, (ast.Amount, _Note))), None)
        if change is None:
            raise StridesError("`last` needs what to change", meta_span(meta),
                               "write `last all-out`, `last @mile` or `last 2 @5k-5s`")
        return ast.Last(amount, change, meta_span(meta), note)

    def reps(self, meta: Meta, children: list[Any]) -> ast.Reps:
        numbers = tuple(read_rep_number(str(c), token_span(c))
                        for c in children if isinstance(c, Token) and c.type == "INT")
        note = children[-1] if isinstance(children[-1], _Note) else None
        change = children[-2] if note is not None else children[-1]
        return ast.Reps(numbers, change, meta_span(meta), note)

    def each(self, meta: Meta, children: list[Token]) -> ast.Each:
        return ast.Each(read_offset(str(children[0]), token_span(children[0])), meta_span(meta))


def _amount_of(tokens: list[Token]) -> ast.Amount:
    """An amount from its number and, when written apart, its unit (`15 min`)."""
    number = tokens[0]
    if len(tokens) == 1:
        return read_amount(str(number), token_span(number))
    unit = tokens[1]
    span = Span(number.line or 1, number.column or 1, number.start_pos or 0, unit.end_pos or 0)
    return read_amount(f"{number}{unit}", span)


def _numbers_of(token: Token) -> tuple[float, float]:
    """The number, or the two ends of a range, that a power, speed or share starts with (`230-250W`)."""
    ends = re.findall(r"\d+(?:\.\d+)?", str(token).partition("%")[0])[:2]
    span = token_span(token)
    low, high = (checked_number(end, span) for end in (ends[0], ends[-1]))
    if high < low:
        raise StridesError(f"the range `{shown(str(token), 40)}` runs backwards: write the smaller end first", span)
    return low, high


def _rpe(number: str, span: Span) -> ast.EffortWord:
    value = float(number)
    if not 1 <= value <= 10:
        raise StridesError(f"RPE runs from 1 to 10, not {number}", span)
    return ast.EffortWord(f"rpe {number}", span)


def _read_count(token: Token) -> tuple[int, int | None]:
    return read_count(str(token), token_span(token))


def _one_recovery(current: ast.Recovery | None, new: ast.Recovery) -> ast.Recovery:
    if current is not None:
        raise StridesError(f"two recoveries, `{current.text}` and `{new.text}`: keep one", new.span)
    return new


def _one_target(current: ast.Target | None, new: ast.Target) -> ast.Target:
    if current is not None:
        raise StridesError("a step has one target; this is a second one", new.span,
                           "for a range between two paces write `@10k..5k`")
    return new


def _attach_to_recovery(recovery: ast.Recovery, item: Any) -> ast.Recovery:
    """`r2min jog`, `float 200 @mp`: words after a recovery describe it."""
    if isinstance(item, _Kind):
        if item not in ("jog", "walk", "float", "rest"):
            raise StridesError(f"a recovery can be a jog, walk, float or rest, not `{item}`", recovery.span)
        return ast.Recovery(item, recovery.amount, recovery.ratio, recovery.target, recovery.text, recovery.span)
    return ast.Recovery(recovery.kind, recovery.amount, recovery.ratio, _one_target(recovery.target, item),
                        recovery.text, recovery.span)


__all__: Sequence[str] = ("parse", "parse_entries", "parser")
