"""Completion and the outline of a file being edited: what can be typed where the cursor is, and the workouts
as a list of symbols.

After `@` come the paces the profile can resolve, each with its value; after a number, units; after `r`, the
recovery forms; where a step starts, kind words and whole sessions as snippets; above the workouts, settings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import attrs

from strides.editor.document import Analysis, Placed, Position
from strides.editor.hover import compile_alone, name_end, pace_text, totals
from strides.errors import StridesError
from strides.language import ast
from strides.meaning.model import Effort, HeartRate, Pace

PACES = (
    ("5k", "5 km race pace"), ("10k", "10 km race pace"), ("mile", "mile race pace"), ("3k", "3 km race pace"),
    ("1500", "1500 m race pace"), ("2mi", "2 mile race pace"), ("8k", "8 km race pace"),
    ("15k", "15 km race pace"), ("10mi", "10 mile race pace"), ("hm", "half-marathon pace"),
    ("mp", "marathon pace"), ("E", "easy (Daniels)"), ("M", "marathon (Daniels)"), ("T", "threshold (Daniels)"),
    ("I", "interval (Daniels)"), ("R", "repetition (Daniels)"), ("steady", "between easy and marathon"),
    ("z1", "heart-rate zone 1"), ("z2", "heart-rate zone 2"), ("z3", "heart-rate zone 3"),
    ("z4", "heart-rate zone 4"), ("z5", "heart-rate zone 5"),
)
EFFORTS = (("all-out", "as fast as you can"), ("hard", "an effort, no pace"), ("moderate", "an effort, no pace"),
           ("fast", "an effort, no pace"), ("rpe7", "rate of perceived exertion, 1–10"))
KINDS = (
    ("wu", "warm-up"), ("cd", "cool-down"), ("easy", "easy run, at @E"), ("tempo", "tempo run, at @T"),
    ("steady", "steady run"), ("jog", "jog (recovery)"), ("walk", "walk (recovery)"), ("float", "float (recovery)"),
    ("strides", "strides, fast"), ("hill", "hill rep"), ("sprint", "sprint, all-out"), ("drills", "drills"),
    ("stretch", "stretching"), ("rest", "standing rest"),
)
MODIFIERS = (("last", "change the last rep(s): `last all-out`"), ("reps", "change named reps: `reps 4,8 hard`"),
             ("each", "a progression: `each -10s/mi`"))
UNITS = (("s", "seconds"), ("min", "minutes"), ("h", "hours"), ("m", "metres"), ("k", "kilometres"),
         ("mi", "miles"), ("laps", "track laps"), ("x", "repeats: `12x400`"))
RECOVERIES = (
    ("r90s", "90 s standing rest between reps"), ("r2min jog", "2 min jog between reps"),
    ("r200 jog", "200 m jog between reps"), ("r1:1", "rest as long as the rep took"),
    ("r1:2", "rest twice as long as the rep took"), ("r full", "rest until you press lap"),
    ("r1min walk", "1 min walk between reps"),
)
SNIPPETS = (
    ("track 12x400", "12x400 @5k-3s r35s", "${1:12}x${2:400} @${3:5k}-${4:3}s r${5:35}s"),
    ("warm-up", "wu 15min easy", "wu ${1:15}min easy"),
    ("cool-down", "cd 10min easy", "cd ${1:10}min easy"),
    ("cruise intervals", "3x1mi @T r1min jog", "${1:3}x${2:1mi} @T r${3:1}min jog"),
    ("VO2max kilometres", "5x1k @I r2min jog", "${1:5}x1k @I r${2:2}min jog"),
    ("sets of 400s", "2x(4x400 @5k r200 jog) r5min", "${1:2}x(${2:4}x400 @${3:5k} r200 jog) r${4:5}min"),
    ("pyramid", "200/400/600/400/200 @5k r200 jog", "200/400/600/400/200 @${1:5k} r200 jog"),
    ("hill repeats", "8x90s hill hard jog back", "${1:8}x${2:90}s hill hard jog back"),
    ("fartlek", "6x(1min hard, 2min jog)", "${1:6}x(${2:1}min hard, ${3:2}min jog)"),
    ("long run, fast finish", "12mi easy; last 3mi @hm", "${1:12}mi easy\nlast ${2:3}mi @${3:hm}"),
    ("progression", "6x1mi @T+60s/mi; each -10s/mi", "${1:6}x1mi @T+${2:60}s/mi\neach -${3:10}s/mi"),
    ("strides", "6x20s strides r1min walk", "${1:6}x${2:20}s strides r1min walk"),
    ("tempo", "20min @T", "${1:20}min @T"),
)
SETTINGS = (("5k", "5 km race time", "5k = ${1:19:00}"), ("10k", "10 km race time", "10k = ${1:40:00}"),
            ("hm", "half-marathon time", "hm = ${1:1:30:00}"), ("marathon", "marathon time", "marathon = ${1:3:15:00}"),
            ("vdot", "VDOT instead of a race", "vdot = ${1:50}"), ("maxhr", "maximum heart rate", "maxhr = ${1:190}"),
            ("lthr", "lactate-threshold heart rate", "lthr = ${1:170}"), ("units", "km or mi", "units = ${1|km,mi|}"),
            ("tolerance", "pace range on the watch", "tolerance = ${1:2%}"),
            ("lap", "track lap in metres", "lap = ${1:400}"))

_AT = re.compile(r"@\s*([\w.+\-:]*)$")
_RECOVERY = re.compile(r"(?:^|[\s;,(])(r[\w:]*)$", re.I)
_NUMBER = re.compile(r"(?:^|[\s;,(x×/@-])(\d+(?:\.\d+)?)$")
_STEP_START = re.compile(r"(?:^|[;,(+]|^\S[^;,]*:)\s*(\w*)$")
_WORD = re.compile(r"(?:^|\s)([a-z][\w-]*)?$", re.I)


@attrs.frozen
class Item:
    """One completion: `insert` replaces the text from `start` to the cursor."""

    label: str
    kind: str  # pace, effort, kind, modifier, unit, recovery, snippet, setting
    detail: str
    insert: str
    start: Position
    snippet: bool = False


def complete(analysis: Analysis, position: Position, given: Mapping[str, str]) -> list[Item]:
    line, character = position
    before = analysis.lines[line][:character] if line < len(analysis.lines) else ""
    placed = analysis.at(line)
    if "#" in before or before.count('"') % 2:
        return []  # in a comment or a note
    at = _AT.search(before)
    if at:
        return _paces(analysis, line, given, (line, character - len(at[1])), at[1])
    number = _NUMBER.search(before)
    if number:
        start = (line, character - len(number[1]))
        return [Item(f"{number[1]}{unit}", "unit", detail, f"{number[1]}{unit}", start) for unit, detail in UNITS]
    recovery = _RECOVERY.search(before)
    if recovery and placed is not None:
        start = (line, character - len(recovery[1]))
        return [Item(text, "recovery", detail, text, start) for text, detail in RECOVERIES]
    step_start = _STEP_START.search(before)
    word = _WORD.search(before)
    typed = step_start[1] if step_start else (word[1] or "") if word else None
    if typed is None:
        return []
    start = (line, character - len(typed))
    items = _words(start, bool(step_start))
    if step_start and (placed is None or not before.strip() or before.rstrip().endswith(":")):
        items += [Item(label, "snippet", example, body, start, snippet=True) for label, example, body in SNIPPETS]
    if placed is None and not before.strip():
        items += [Item(key, "setting", detail, body, start, snippet=True) for key, detail, body in SETTINGS]
    return items


def _words(start: Position, at_step_start: bool) -> list[Item]:
    items = [Item(word, "kind", detail, word, start) for word, detail in KINDS]
    items += [Item(word, "effort", detail, word, start) for word, detail in EFFORTS if word != "rpe7"]
    if at_step_start:
        items += [Item(word, "modifier", detail, word, start) for word, detail in MODIFIERS]
    return items


def _paces(analysis: Analysis, line: int, given: Mapping[str, str], start: Position, typed: str) -> list[Item]:
    placed = analysis.at(line)
    settings = _settings_at(analysis, placed, line)
    items = []
    for name, meaning in (*PACES, *EFFORTS):
        value = _value(settings, given, name)
        if value is not None:
            items.append(Item(name, "effort" if (name, meaning) in EFFORTS else "pace", f"{value} — {meaning}",
                              name, start))
    return items


def _settings_at(analysis: Analysis, placed: Placed | None, line: int) -> Sequence[ast.Setting]:
    if placed is not None and placed.piece.sources:
        return placed.piece.sources[0].settings
    return analysis.settings_above(line)


def _value(settings: Sequence[ast.Setting], given: Mapping[str, str], name: str) -> str | None:
    """What `@name` comes to under these settings: `3:48/km · 6:07/mi`, `114–133 bpm`; None when it does not."""
    compiled = compile_alone(settings, given, f"1k @{name}")
    if isinstance(compiled, StridesError):
        return None
    target = compiled.timeline[0].target
    if isinstance(target, Pace):
        return f"{pace_text(target, 'km')} · {pace_text(target, 'mi')}"
    if isinstance(target, HeartRate):
        return f"{target.low}–{target.high} bpm"
    if isinstance(target, Effort):
        return target.word
    return None


# ---- the outline -----------------------------------------------------------------------------------------------
@attrs.frozen
class Symbol:
    name: str
    detail: str
    start: Position
    end: Position
    name_start: Position
    name_end: Position
    children: tuple[Symbol, ...] = ()


def symbols(analysis: Analysis) -> list[Symbol]:
    """Each workout, from its name line to its last step, with its top-level steps inside."""
    found = []
    for placed in analysis.placed:
        last = placed.last
        while last > placed.first and not analysis.lines[last].strip():
            last -= 1
        end = (last, len(analysis.lines[last]))
        sources = placed.piece.sources
        name = placed.name or (sources[0].name if sources else "Workout")
        workout = placed.workout
        detail = totals(workout) if workout is not None else "has a mistake"
        if placed.header is not None:
            name_start, name_stop = (placed.header, 0), (placed.header, name_end(placed))
        else:
            name_start, name_stop = (placed.first, 0), (placed.first, len(analysis.lines[placed.first]))
        found.append(Symbol(name, detail, (placed.first, 0), end, name_start, name_stop, _steps(placed)))
    return found


def _steps(placed: Placed) -> tuple[Symbol, ...]:
    piece = placed.piece
    steps = []
    for source in piece.sources[:1]:
        for element in source.elements:
            span = element.span
            if span is None:
                continue
            start, end = placed.to_file(piece.position(span.start)), placed.to_file(piece.position(span.end))
            text = " ".join(piece.text[span.start : span.end].split())
            steps.append(Symbol(text, "", start, end, start, end))
    return tuple(steps)
