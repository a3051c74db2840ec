"""Text -> syntax tree: the parser, the tree-to-AST transformer, and workouts split by name lines."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from strides.errors import Span, StridesError, is_unsafe, normalise_newlines, refuse_invisible
from strides.grammar.loader import load_parser
from strides.grammar.runtime import Meta, Parser, Token, Transformer, Tree
from strides.language import ast
from strides.language.input_limits import check_size
from strides.language.lexicon import (
    EFFORTS,
    KINDS,
    RACES,
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
    section_label,
    shown,
    sub_span,
)
from strides.language.notation import (
    UNITS_BELOW,
    Between,
    Ladder,
    Letter,
    Lettered,
    OnOff,
    between,
    dash_ladder,
    in_section,
    plain,
    recovery_after,
    refuse_loose_offset,
    targeted_items,
    token_span,
    with_recovery,
)
from strides.language.readings import StepWords, read_block, read_step
from strides.language.resync import parse_pieces
from strides.meaning.model import join_notes
from strides.meaning.profile import KNOWN_KEYS, setting_key
from strides.meaning.units import format_clock


@lru_cache(maxsize=1)
def parser() -> Parser:
    """The grammar's parser, loaded once per process from the tables shipped in the package."""
    return build_parser()


def build_parser(on_token: Mapping[str, Callable[[Token], Token]] | None = None) -> Parser:
    """A parser of the grammar of its own; `on_token` hooks see each token of their terminal as it is read
    (the formatter collects comments with them)."""
    return load_parser(on_token)


def meta_span(meta: Meta) -> Span | None:
    if getattr(meta, "empty", True):
        return None
    return Span(meta.line, meta.column, meta.start_pos, meta.end_pos)


class _Note(str):
    """A quoted note, told apart from kind words among a step's words."""


class _Kind(str):
    """A canonical kind word."""


def parse_entries(source: str, using: Parser | None = None) -> list[ast.Entry | StridesError]:
    """Every header, setting and element of a file, in order. A mistake inside one element stands in its
    place, so the other workouts of the file can still be compiled; so does a syntax error, after which
    reading resumes at the next statement (strides.language.resync).
    `using`: a parser from `build_parser`, when the caller needs one of its own. Positions refer to the
    text with its line ends normalised (`normalise_newlines`)."""
    check_size(source)
    source = normalise_newlines(source)
    to_ast = _transformer(source)
    entries: list[ast.Entry | StridesError] = []
    for piece in parse_pieces(using or parser(), source):
        if isinstance(piece, StridesError):
            entries.append(piece)
        else:
            _read_tree(piece, to_ast, source, entries)
    return entries


def _read_tree(tree: Tree, to_ast: _ToAst, source: str, entries: list[ast.Entry | StridesError]) -> None:
    """The entries of one syntax tree, added to `entries`."""
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
            to_ast.readings = []
            try:
                entry = to_ast.transform(part)
            except StridesError as error:
                entries.append(error)
                continue
            if isinstance(entry, ast.Setting) and setting_key(entry.key) == "units":
                to_ast.units = entry.value.strip().lower()
            before = entries[-1] if entries else None
            if isinstance(before, ast.Block) and isinstance(entry, ast.Block):
                try:
                    refuse_loose_offset(before, entry, source)
                except StridesError as error:
                    entries.append(error)
                    continue
                if recovery_after(before, entry, source):
                    entries[-1] = with_recovery(before, entry)
                    continue
            entries.append(entry)


def parse(source: str, filename: str = "<text>") -> list[ast.WorkoutSource]:
    """A file's workouts, each with the settings in force where it starts (and the first mistake in it)."""
    workouts: list[ast.WorkoutSource] = []
    settings: list[ast.Setting] = []
    name: str | None = None
    name_span: Span | None = None
    elements: list[ast.Element] = []
    mistake: StridesError | None = None
    more: list[StridesError] = []  # a workout's mistakes after its first: `check` reports every one

    def close() -> None:
        if name is not None or elements or mistake:
            workouts.append(ast.WorkoutSource(name or _default_name(filename), tuple(elements),
                                              tuple(settings_at_start), mistake, span=name_span,
                                              more_mistakes=tuple(more)))

    settings_at_start: list[ast.Setting] = []
    late: ast.Setting | None = None  # a setting after the steps of a workout: it applies from the next one
    section: str | None = None  # the kind that steps under `Warm-up:` or `Cool-down:` take
    for entry in parse_entries(source):
        if isinstance(entry, ast.Header) and section_label(entry.name)[0]:
            section = section_label(entry.name)[1]  # `Main set:` labels a part of the session, not a workout
            continue
        if isinstance(entry, ast.Block) and section is not None:
            entry = in_section(entry, section)
        if isinstance(entry, ast.Header):
            section = None
            close()
            name, name_span, elements, settings_at_start, late = entry.name, entry.span, [], list(settings), None
            mistake, more = None, []
        elif isinstance(entry, StridesError):
            if mistake is None:
                mistake = entry
            else:
                more.append(entry)
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


class _ToAst(Transformer):
    """One method per grammar rule, called with the node's position and its transformed children, each
    returning AST nodes; one per terminal whose token is read into a word (`KIND`)."""

    def __init__(self) -> None:
        self.source = ""
        self.units: str | None = None  # the file's `units` setting where the element stands
        self.readings: list[str] = []  # how the element being read was read, where it could be read otherwise

    def _for_file(self, source: str) -> _ToAst:
        """The transformer, ready for a file."""
        self.source, self.units, self.readings = source, None, []
        return self

    def _written(self, meta: Meta) -> str:
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
            elif isinstance(body, ast.Group) and not isinstance(item, _Kind):
                body = targeted_items(body, item)  # `3x(1000, 600, 400) @5k`: the target of each item
            else:
                raise StridesError("kind words go inside the parentheses", span)
        if count_token is not None and count < 1:
            raise StridesError("a repeat needs at least one rep", token_span(count_token))
        text = self._written(meta)
        readings, self.readings = tuple(self.readings), []
        block = ast.Block(body, count, count_upto, count_token is not None, recovery, note, text, span, readings)
        return read_block(block, self.units)

    def sets(self, meta: Meta, children: list[Any]) -> ast.Block:
        """`3 x 3 x 400 @5k r60s`: three sets of the inner repeat, which takes what follows the rep."""
        outer, inner, step = children
        reps = self.block(meta, [inner, step])
        count, count_upto = _read_count(outer)
        if count < 1:
            raise StridesError("a repeat needs at least one rep", token_span(outer))
        return ast.Block(ast.Group((reps,), reps.span), count, count_upto, True, None, None, reps.text, reps.span,
                         reps.readings)

    def group(self, meta: Meta, children: list[ast.Element]) -> ast.Group:
        return ast.Group(tuple(children), meta_span(meta))

    def step(self, meta: Meta, children: list[Any]) -> ast.Step:
        kinds: list[str] = []
        amounts: list[ast.Amount] = []
        target: ast.Target | None = None
        recovery: ast.Recovery | None = None
        note: str | None = None
        letters: list[Letter] = []
        for item in children:
            if isinstance(item, ast.Amount):
                amounts.append(item)
            elif isinstance(item, _MARKERS):  # the notation of plans: rare, so looked at once
                recovery, target = self._marked(item, amounts, letters, kinds, recovery, target, meta)
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
        words = read_step(StepWords(kinds, amounts, target, letters, self.units, self.readings, meta_span(meta)))
        kinds, amounts, target = words.kinds, words.amounts, words.target
        return ast.Step(tuple(kinds), tuple(amounts), target, recovery, note, self._written(meta), meta_span(meta))

    def _marked(self, item: Ladder | Letter | Lettered | OnOff, amounts: list[ast.Amount], letters: list[Letter],
                kinds: list[str], recovery: ast.Recovery | None, target: ast.Target | None, meta: Meta
                ) -> tuple[ast.Recovery | None, ast.Target | None]:
        """A dash ladder, a Daniels letter or an on/off among a step's words, added to what it holds."""
        if isinstance(item, Ladder):
            amounts.extend(item.amounts)
        elif isinstance(item, Letter):
            letters.append(item)
        elif isinstance(item, Lettered):
            amounts.append(item.amount)
            letters.append(item.letter)
        else:
            if item.effort is not None:
                target = _one_target(target, ast.EffortWord(item.effort, meta_span(meta)))
            if item.target is not None:
                target = _one_target(target, item.target)
            kinds.append("on")
            if item.recovery is not None:
                recovery = _one_recovery(recovery, item.recovery)
        return recovery, target

    def KIND(self, token: Token) -> _Kind:  # noqa: N802 - terminal callbacks are named after the terminal
        word = token.lower()
        return _Kind(KINDS[word] if word in KINDS else KINDS[" ".join(word.split())])  # `time  trial`

    RECOVERY_KIND = KIND

    def TRAINING_LETTER(self, token: Token) -> Letter:  # noqa: N802
        return Letter(str(token))

    def on_off(self, meta: Meta, children: list[Any]) -> OnOff:
        if len(children) == 1:
            return OnOff(None)
        return OnOff(self._off(meta, children[1], children[2]))

    def target_off(self, meta: Meta, children: list[Any]) -> OnOff:
        """`10 x 1 min @5k / 1 min jog`: the rep at its target, then its recovery."""
        return OnOff(self._off(meta, children[1], children[2]), target=children[0])

    def effort_off(self, meta: Meta, children: list[Any]) -> OnOff:
        return OnOff(self._off(meta, children[1], children[2]), EFFORTS[str(children[0]).lower()])

    def _off(self, meta: Meta, amount: Any, kind: str) -> ast.Recovery:
        """What follows the `/` of `45s on / 15s off`: a jog, walk, rest or float, or easy running."""
        amount = plain(amount)
        if amount.dimension == "bare":
            amount = ast.Amount("distance", amount.low, amount.high, text=amount.text, span=amount.span)
        recovery = ast.Recovery("jog", amount, text=self._written(meta), span=meta_span(meta))
        return _attach_to_recovery(recovery, _Kind(kind))

    def split(self, meta: Meta, children: list[Token]) -> ast.ClockPace:
        """`in 85`, `in 4:30`: the time for the whole rep."""
        amount = _amount_of(children)
        if amount.dimension not in ("time", "bare"):
            raise StridesError(f"`in {amount.text}` is a split: give the time the rep takes, as in `in 85` or "
                               "`in 4:30`", amount.span)
        # Labelled as the split it is (`1:25`, as `@1:25` would be), not as the bare `85` it was written.
        shown = "–".join(format_clock(end) for end in (amount.low, amount.high) if end is not None)
        return ast.ClockPace(amount.low, amount.high, None, text=shown, span=amount.span)

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
    def amount(self, meta: Meta, children: list[Token]) -> ast.Amount | Ladder | Lettered:
        if len(re.findall(r"[-–](?=[^\S\n]*\d)", str(children[0]))) >= 2:
            return dash_ladder(children)
        if len(children) > 1 and str(children[1]) == "M" and children[0].end_pos != children[1].start_pos:
            number = read_amount(str(children[0]), token_span(children[0]))
            if number.dimension == "bare" and number.low < UNITS_BELOW:  # `8 M`: Daniels' marathon pace
                return Lettered(number, Letter("M"))
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

    def parkrun(self, meta: Meta, children: list[Any]) -> ast.Amount:
        return ast.Amount("distance", 5000.0, text="parkrun", span=meta_span(meta))

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
        if token.type == "HALF":
            return ast.PaceName("hm", " ".join(self._written(meta).split()), span)
        if "-" in lowered and lowered.partition("-")[0] in (*RACES, "mp", "hmp", "m", "e", "t", "i", "r"):
            first, _, second = word.partition("-")  # `@mp-hm`: between two paces
            return Between(pace_name(first, span), pace_name(second, span))
        if lowered[:1] == "z" and lowered[1:].isdigit():
            return heart_rate_zone(word, span)
        if lowered.startswith("rpe") and lowered[3:].isdigit():
            return _rpe(lowered[3:], span)
        if lowered in EFFORTS:
            return ast.EffortWord(EFFORTS[lowered], span)
        return pace_name(word, span)

    def pace_target(self, meta: Meta, children: list[Any]) -> ast.Target:
        ref, offset_token = children[0], children[1] if len(children) > 1 else None
        if isinstance(ref, Between):
            if offset_token is not None:
                raise StridesError("an offset goes after one pace, not after a range", token_span(offset_token))
            return between(ref.faster, ref.slower, meta_span(meta))
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
                raise StridesError("a range goes between two race or training paces, as in `@10k..5k` or "
                                   "`@10k to hm`", meta_span(meta))
        return between(first, second, meta_span(meta))

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
    def timed_recovery(self, meta: Meta, children: list[Any]) -> ast.Recovery:
        amount = plain(children[-1])
        text = self._written(meta)
        if amount.dimension == "bare":
            if amount.low < 100:
                number = amount.text
                likely = f"r{number}min" if amount.low < 10 else f"r{number}s"  # `r2`: minutes
                shown_likely = f"r{number}min` or `r{number}s" if amount.low < 10 else likely
                raise StridesError(f"`{text}` has no unit: seconds or metres?", meta_span(meta),
                                   f"did you mean `{shown_likely}`? (a bare number is metres: `r200` jogs 200 m)",
                                   suggestion=likely)
            amount = ast.Amount("distance", amount.low, amount.high, text=amount.text, span=amount.span)
        kind = "rest" if amount.dimension == "time" else "jog"
        return ast.Recovery(kind, amount, text=text, span=meta_span(meta))

    def equal_recovery(self, meta: Meta, children: list[Any]) -> ast.Recovery:
        """`r equal`, `equal rest`, `w/ equal`: as long as the rep took (`r1:1`)."""
        kind = next((str(c) for c in children if isinstance(c, _Kind)), "rest")
        return ast.Recovery(kind, None, ratio=1.0, text=self._written(meta), span=meta_span(meta))

    def ratio_recovery(self, meta: Meta, children: list[Token]) -> ast.Recovery:
        # Work:rest as coaches write it: `r1:1` rests as long as the rep took, `r1:2` twice as long.
        ratio = read_ratio(str(children[-1]), meta_span(meta))
        return ast.Recovery("rest", None, ratio=ratio, text=self._written(meta), span=meta_span(meta))

    def full_recovery(self, meta: Meta, children: list[Any]) -> ast.Recovery:
        return ast.Recovery("rest", None, text=self._written(meta), span=meta_span(meta))

    def back_recovery(self, meta: Meta, children: list[Any]) -> ast.Recovery:
        kind = str(children[0])
        return ast.Recovery(kind, None, text=self._written(meta), span=meta_span(meta))

    def kind_recovery(self, meta: Meta, children: list[Any]) -> ast.Recovery:
        kind, amount = str(children[0]), plain(children[1])
        if amount.dimension == "bare":
            amount = ast.Amount("distance", amount.low, amount.high, text=amount.text, span=amount.span)
        return ast.Recovery(kind, amount, text=self._written(meta), span=meta_span(meta))

    def recovery_after(self, meta: Meta, children: list[Any]) -> ast.Recovery:
        """`2 min rest`, `400 jog` written after the rep itself, as coaches write it."""
        return self.kind_recovery(meta, [children[1], children[0]])

    # ---- modifiers ------------------------------------------------------------------------------------------
    def last(self, meta: Meta, children: list[Any]) -> ast.Last:
        children = [plain(c) if isinstance(c, Lettered) else c for c in children]
        amount = next((c for c in children if isinstance(c, ast.Amount)), None)
        note = next((c for c in children if isinstance(c, _Note)), None)
        change = next((c for c in children if c is not None and not isinstance(c, (ast.Amount, _Note))), None)
        if change is None:
            raise StridesError("`last` needs what to change", meta_span(meta),
                               "write `last all-out`, `last @mile` or `last 2 @5k-5s`")
        return ast.Last(amount, change, meta_span(meta), note)

    def reps(self, meta: Meta, children: list[Any]) -> ast.Reps:
        numbers: list[int] = []
        for child in children[1:]:
            if isinstance(child, Token) and child.type == "INT":
                numbers.append(read_rep_number(str(child), token_span(child)))
            elif isinstance(child, range):
                numbers.extend(child)
        note = children[-1] if isinstance(children[-1], _Note) else None
        change = children[-2] if note is not None else children[-1]
        return ast.Reps(tuple(dict.fromkeys(numbers)), change, meta_span(meta), note)

    def rep_range(self, meta: Meta, children: list[Token]) -> range:
        """`reps 2-5`: reps 2, 3, 4 and 5."""
        low, high = (read_rep_number(str(c), token_span(c)) for c in children)
        if high < low:
            raise StridesError(f"the reps `{low}-{high}` run backwards: write the smaller first", meta_span(meta))
        return range(low, high + 1)

    def first(self, meta: Meta, children: list[Any]) -> ast.Reps:
        """`first 3 @10k`: reps 1 to 3; `first @mile`: rep 1."""
        children = [plain(c) if isinstance(c, Lettered) else c for c in children]
        amount = next((c for c in children if isinstance(c, ast.Amount)), None)
        note = next((c for c in children if isinstance(c, _Note)), None)
        change = next(c for c in children[1:] if c is not None and not isinstance(c, (ast.Amount, _Note)))
        count = 1 if amount is None else int(amount.low)
        if amount is not None and (amount.dimension != "bare" or amount.low != count or count < 1):
            raise StridesError(f"`first {amount.text}`: how many reps?", amount.span, "write `first 3 @10k`")
        read_rep_number(str(count), meta_span(meta) or Span(1, 1, 0, 0))
        return ast.Reps(tuple(range(1, count + 1)), change, meta_span(meta), note)

    def each(self, meta: Meta, children: list[Token]) -> ast.Each:
        return ast.Each(read_offset(str(children[0]), token_span(children[0])), meta_span(meta))


_MARKERS = (Ladder, Letter, Lettered, OnOff)
_TRANSFORMERS = threading.local()  # one per thread: a transformer holds the file it reads


def _transformer(source: str) -> _ToAst:
    """This thread's transformer, for `source`."""
    made: _ToAst | None = getattr(_TRANSFORMERS, "made", None)
    if made is None:
        made = _TRANSFORMERS.made = _ToAst()
    return made._for_file(source)


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
    if isinstance(item, _Kind) and item == "easy":  # `r90s easy`: easy running between reps
        easy = ast.NamedPace(ast.PaceName("E", "easy", recovery.span), None, recovery.span)
        return ast.Recovery("jog", recovery.amount, recovery.ratio, _one_target(recovery.target, easy),
                            recovery.text, recovery.span)
    if isinstance(item, _Kind):
        if item not in ("jog", "walk", "float", "rest"):
            raise StridesError(f"a recovery can be a jog, walk, float or rest, not `{item}`", recovery.span)
        return ast.Recovery(item, recovery.amount, recovery.ratio, recovery.target, recovery.text, recovery.span)
    return ast.Recovery(recovery.kind, recovery.amount, recovery.ratio, _one_target(recovery.target, item),
                        recovery.text, recovery.span)


__all__: Sequence[str] = ("parse", "parse_entries", "parser")
