"""Hypothesis strategies for valid workout files, written the many ways runners type them.

`workout_files()` draws a whole file: a profile (always a race and `maxhr`, so every target resolves), then
one or more workouts, named or not, built from every construct of the language: counts and count ranges,
kind words before and after the amount, ladders, groups nested up to three deep, every recovery and target
form, notes, modifiers after blocks, comments. Case, spacing and separators vary as people type them.

Each piece is drawn together with what the resolver will make of it (how many reps, whether every rep has a
pace, whether its time is known), so modifiers and `r1:1` are only drawn where they are valid and the files
compile: a file from here that does not compile is a bug in strides or in this module. Unrolled workouts stay
under 200 steps. Files end their lines with `\n`, sometimes `\r\n` or a lone `\r`; comments may hold form
feeds, U+2028 and the like (characters of their line, not line ends), and notes, comments and names may hold
parentheses (which never count as nesting).

The notation of plans and articles is drawn too: plural reps (`8x800s`), seconds and minutes marks (`45"`,
`2'`), `w/` and `with`, Daniels' letters (`6 x 1 k I`), on/off, dash ladders, targets after a group, target
phrases (`@ 10k pace`, `@10k to hm`, `@7:15 per mile`), splits with `in`, races as steps, `first N`, rep
ranges, section labels and `+` between steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs
from hypothesis import strategies as st

from strides.language.lexicon import section_label

MAX_UNROLLED = 150
# The kind that names a step when several are written, and the ones that make it something other than a rep
# (docs/language.md: "The step is named by the first of warm-up, cool-down, hill, …").
KIND_ORDER = ("warmup", "cooldown", "hill", "strides", "sprint", "drills", "stretch", "easy", "jog", "walk",
              "float", "rest", "run")
NOT_REPS = ("warmup", "cooldown", "jog", "walk", "float", "rest")
KIND_SPELLINGS = {
    "warmup": ("wu", "warmup", "warm-up", "warm up", "Warm Up"),
    "cooldown": ("cd", "cooldown", "cool-down", "cool down"),
    "run": ("run", "running"), "easy": ("easy",), "tempo": ("tempo",), "steady": ("steady",),
    "jog": ("jog", "jogging"), "walk": ("walk", "walking"), "rest": ("rest",), "float": ("float",),
    "strides": ("strides", "stride"), "hill": ("hill", "hills"), "sprint": ("sprint", "sprints"),
    "drills": ("drills", "drill"), "stretch": ("stretch", "stretching"),
}
IMPLIED_PACE = ("easy", "tempo", "steady")
RACE_WORDS = ("1500", "mile", "3k", "2mi", "5k", "8k", "10k", "15k", "10mi", "hm", "hmp", "half", "mp", "m",
              "marathon")
TRAINING_WORDS = ("E", "M", "T", "I", "R", "easy", "tempo", "threshold", "steady")
EFFORT_WORDS = ("all-out", "all out", "allout", "max", "hard", "moderate", "fast")


@attrs.frozen
class Piece:
    """Text for a block or modifier, and what it resolves to."""

    text: str
    size: int  # steps once unrolled
    reps: int  # working steps, which `last` and `reps` count
    paced: bool  # every rep has a pace target (needed by `each`)
    known: bool  # every step's time is known: timed, or a distance at a pace (needed by `r1:1` after it)
    single: tuple[str, float] | None = None  # a lone step: ("time", s) or ("distance", m), for `last 3mi @hm`
    closed: bool = False  # split by `last 3mi @hm`: a modifier after it would change only the split-off end


# ---- typing habits -------------------------------------------------------------------------------------------
def spaced(draw: st.DrawFn) -> str:
    """The space between words: usually one, sometimes more, sometimes a tab."""
    return draw(st.sampled_from([" ", " ", " ", "  ", "\t", " \t "]))


def chance(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in `one_in` draws; False for the simplest example, so shrinking removes things."""
    return draw(st.integers(1, one_in)) == one_in


def tight(draw: st.DrawFn) -> str:
    """Space inside a construct (`12 x 400`, `r 35 s`): usually none."""
    return draw(st.sampled_from(["", "", "", " "]))


def cased(draw: st.DrawFn, word: str) -> str:
    style = draw(st.sampled_from(["as is", "as is", "lower", "upper", "title"]))
    return {"as is": word, "lower": word.lower(), "upper": word.upper(), "title": word.title()}[style]


def number(value: float) -> str:
    return f"{value:g}"


# ---- amounts -------------------------------------------------------------------------------------------------
def time_text(draw: st.DrawFn, seconds: int) -> str:
    """One of the ways to write a whole number of seconds."""
    # `300s` on a rep reads as 300 m reps (`8x800s`): whole hundreds of seconds are written `300 sec`
    units = ["sec", "secs", "seconds"] if seconds >= 100 and seconds % 100 == 0 else ["s", "sec", "secs", "seconds"]
    forms = [f"{seconds}{tight(draw)}{cased(draw, draw(st.sampled_from(units)))}"]
    seconds_mark, minutes_mark = draw(st.sampled_from(['"', "″"])), draw(st.sampled_from(["'", "′"]))
    if seconds < 60:
        forms.append(f"{seconds}{seconds_mark}")
    elif seconds % 60 == 0:
        forms.append(f"{seconds // 60}{minutes_mark}")
    else:
        forms.append(f"{seconds // 60}{minutes_mark}{seconds % 60:02d}{seconds_mark}")
    if seconds % 60 == 0:
        minutes = seconds // 60
        unit = cased(draw, draw(st.sampled_from(["min", "mins", "minutes"])))
        forms.append(f"{minutes}{tight(draw)}{unit}")
        if minutes % 60 == 0:
            forms.append(f"{minutes // 60}{tight(draw)}{cased(draw, 'h')}")
        elif minutes > 60:
            forms.append(f"{minutes // 60}h{minutes % 60:02d}")
    if seconds % 30 == 0 and seconds % 60:
        forms.append(f"{seconds / 60:g}min")
    if seconds >= 60:
        forms.append(f"{seconds // 60}:{seconds % 60:02d}")
    if seconds >= 3600:
        forms.append(f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}")
    return draw(st.sampled_from(forms))


def time_range_text(draw: st.DrawFn, low: int, high: int) -> str:
    dash = draw(st.sampled_from(["-", "-", "–", " - "]))
    if low % 60 == 0 and high % 60 == 0 and draw(st.booleans()):
        return f"{low // 60}{dash}{high // 60}{cased(draw, 'min')}"
    return f"{low}{dash}{high}{draw(st.sampled_from(['s', 'sec']))}"


def distance_text(draw: st.DrawFn, meters: float, bare: bool = True) -> str:
    """`400`, `400m`, `400 meters`, `1k`, `1 km`, `1.5mi`, `mile`, `lap`, `2 laps`."""
    forms = [f"{number(meters)}{tight(draw)}{cased(draw, draw(st.sampled_from(['m', 'meters', 'metres'])))}"]
    if bare:
        forms.append(number(meters))
    if meters % 100 == 0 or meters == 42195:
        forms.append(f"{number(meters / 1000)}{tight(draw)}{cased(draw, draw(st.sampled_from(['k', 'km'])))}")
    if meters % 400 == 0:
        laps = int(meters // 400)
        forms.append(cased(draw, "lap") if laps == 1 else f"{laps}{tight(draw)}{cased(draw, 'laps')}")
    return draw(st.sampled_from(forms))


def mile_text(draw: st.DrawFn, miles: float) -> str:
    if miles == 1 and draw(st.booleans()):
        return cased(draw, "mile")
    return f"{number(miles)}{tight(draw)}{cased(draw, draw(st.sampled_from(['mi', 'mile', 'miles'])))}"


@st.composite
def rep_amount(draw: st.DrawFn, dimension: str) -> tuple[str, tuple[str, float] | None]:
    """A rep's amount, and its length as the resolver measures it (None when open)."""
    if dimension == "time":
        if chance(draw, 6):
            low = draw(st.sampled_from([60, 120, 300, 600, 900]))
            high = low + draw(st.sampled_from([30, 60, 300]))
            return time_range_text(draw, low, high), ("time", float(low))
        seconds = draw(st.sampled_from([10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 480, 600, 900, 1200, 2400,
                                        3600, 4500]))
        return time_text(draw, seconds), ("time", float(seconds))
    if dimension == "miles":
        miles = draw(st.sampled_from([1, 1, 1.5, 2, 3, 6.2, 13.1, 14, 26.2]))
        return mile_text(draw, miles), ("distance", miles * 1609.344)
    if dimension == "open":
        return cased(draw, "open"), None
    if chance(draw, 7):
        low = draw(st.sampled_from([200, 400, 800]))
        dash = draw(st.sampled_from(["-", "–"]))
        return f"{low}{dash}{low * 2}", ("distance", float(low))
    meters = draw(st.sampled_from([60, 100, 150, 200, 300, 400, 400, 600, 800, 1000, 1200, 1600, 2000, 3000,
                                   5000, 21100, 42195]))
    return distance_text(draw, meters), ("distance", float(meters))


# ---- targets -------------------------------------------------------------------------------------------------
def offset_text(draw: st.DrawFn, budget_per_km: float = 12.0, apart: bool = False) -> tuple[str, float]:
    """`-3s`, `+20s/mi`, `-3s/km`, and how many s/km it moves the pace (lap = 400 m).

    `apart`: the offset stands apart from its pace, so a lone ` + ` would separate steps instead."""
    pers = [("", 2.5), ("/km", 1.0), ("/mi", 1 / 1.609344), ("/lap", 2.5), ("/400m", 2.5)]
    # one second of the unit must fit the budget (a second per mile always does: the budget is at least 1)
    per, scale = draw(st.sampled_from([(per, scale) for per, scale in pers if scale <= budget_per_km]))
    limit = max(1, int(budget_per_km / scale))
    seconds = draw(st.integers(1, limit))
    sign = draw(st.sampled_from(["-", "+", "−"]))
    unit = cased(draw, draw(st.sampled_from(["s", "s", "sec"])))
    after_sign = "" if apart and sign == "+" and not per else tight(draw)
    text = f"{sign}{after_sign}{seconds}{unit}{per}"
    return text, seconds * scale * (-1 if sign != "+" else 1)


def named_pace_text(draw: st.DrawFn, offset: bool) -> str:
    word = draw(st.sampled_from(RACE_WORDS + TRAINING_WORDS))
    if word == "1500" and offset:
        word = "1500m"  # `@1500-3s` reads as the time range 1500-3 s
    written = cased(draw, word) if not word[0].isdigit() else word.upper() if draw(st.booleans()) else word
    if not offset:
        return written
    before = tight(draw) if word != "1500m" else ""
    return f"{written}{before}{offset_text(draw, apart=bool(before))[0]}"


def clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


@st.composite
def pace_target(draw: st.DrawFn, split_for: float | None) -> str:
    """A target that resolves to a pace; a bare split only for a rep of `split_for` metres."""
    at = "@" + tight(draw)
    forms = ["named", "named", "offset", "between", "clock", "clock range"]
    if split_for is not None:
        forms.append("split")
    form = draw(st.sampled_from(forms))
    if form == "named":
        pace = named_pace_text(draw, offset=False)
        if pace.lower() in ("hm", "half") and chance(draw, 3):
            pace = cased(draw, "half marathon")
        return at + pace + draw(st.sampled_from(["", "", f" {cased(draw, 'pace')}", f" {cased(draw, 'effort')}"]))
    if form == "offset":
        return at + named_pace_text(draw, offset=True)
    if form == "between":
        first, second = named_pace_text(draw, False), named_pace_text(draw, False)
        between = draw(st.sampled_from(["..", "..", f" {cased(draw, 'to')} ", "-"]))
        if between == "-" and (first[:1].isdigit() or first.lower() in ("m", "half", "easy", "tempo", "threshold",
                                                                       "steady", "marathon", "mile")):
            between = ".."  # `@1500-3000` is a range of numbers; `@half-5k` one unknown word
        return at + f"{first}{between}{second}"
    per, low, high = draw(st.sampled_from([("/km", 180, 480), ("/mi", 300, 720), ("/400m", 72, 180),
                                           ("/lap", 72, 180)]))
    first = draw(st.integers(low, high))
    if form == "clock":
        spelled = {"/km": [" per km"], "/mi": [" per mile", " min/mi"]}.get(per, [])
        return at + clock(first) + draw(st.sampled_from([per, per, *spelled]))
    if form == "clock range":
        return at + f"{clock(first)}-{clock(first + draw(st.integers(1, 15)))}{per}"
    assert split_for is not None
    seconds = max(1, round(draw(st.integers(200, 400)) * split_for / 1000))
    if chance(draw, 3):  # `8x400 in 85`, `4x1200 in 4:30`
        return f"{cased(draw, 'in')} " + draw(st.sampled_from([clock(seconds) if seconds >= 60 else str(seconds),
                                                               str(seconds)]))
    return at + draw(st.sampled_from([clock(seconds) if seconds >= 60 else f"{seconds}s", f"{seconds}s"]))


@st.composite
def other_target(draw: st.DrawFn, bare_effort: bool = True) -> str:
    """A heart-rate or effort target."""
    form = draw(st.sampled_from(["zone", "bpm", "bpm single", "effort", "rpe"]))
    at = "@" + tight(draw)
    if form == "zone":
        return at + cased(draw, f"z{draw(st.integers(1, 5))}")
    if form == "bpm":
        low = draw(st.integers(100, 170))
        return at + f"{low}-{low + draw(st.integers(5, 20))}{cased(draw, 'bpm')}"
    if form == "bpm single":
        return at + f"{draw(st.integers(100, 180))}{tight(draw)}{cased(draw, 'bpm')}"
    if form == "rpe":
        value = draw(st.integers(1, 10))
        return draw(st.sampled_from([f"@rpe{value}", f"@RPE {value}"] + ([f"rpe {value}"] if bare_effort else [])))
    word = cased(draw, draw(st.sampled_from(EFFORT_WORDS)))
    return word if bare_effort and draw(st.booleans()) else at + word


# ---- recoveries ----------------------------------------------------------------------------------------------
@st.composite
def recovery(draw: st.DrawFn, ratio_ok: bool) -> tuple[str, bool]:
    """A recovery as written, and whether its time is known (`jog back` runs to the lap button, a jog of
    200 m has no pace)."""
    forms = ["rest", "rest", "rest range", "jog", "jog distance", "jog after", "walk", "float", "rest word",
             "back", "full", "with", "easy"]
    if ratio_ok:
        forms += ["ratio", "equal"]
    form = draw(st.sampled_from(forms))
    r, gap = cased(draw, "r"), tight(draw)
    if form == "with":  # `w/ 2min jog`, `with 400 walk`, `w/ 3-min jg`, `w/ 1 min rests`
        word = cased(draw, draw(st.sampled_from(["w/", "with"])))
        seconds = draw(st.sampled_from([60, 90, 120, 180]))
        if draw(st.booleans()):
            kind = cased(draw, draw(st.sampled_from(["jog", "jg", "rest", "rests", "walk"])))
            length = draw(st.sampled_from([time_text(draw, seconds), f"{seconds // 60}-min"] if seconds % 60 == 0
                                          else [time_text(draw, seconds)]))
            return f"{word} {length}{spaced(draw)}{kind}", True
        return f"{word} {draw(st.sampled_from([200, 400]))}{spaced(draw)}{cased(draw, 'jg')}", False
    if form == "easy":  # easy running between reps
        length = time_text(draw, draw(st.sampled_from([60, 90, 120])))
        return f"{r}{gap}{length}{spaced(draw)}{cased(draw, 'easy')}", True
    if form == "equal":
        return draw(st.sampled_from([f"{r} {cased(draw, 'equal')}", f"{cased(draw, 'equal')} {cased(draw, 'rest')}",
                                     f"{cased(draw, 'w/')} {cased(draw, 'equal')}"])), True
    if form == "rest":
        return f"{r}{gap}{time_text(draw, draw(st.sampled_from([15, 30, 35, 45, 60, 90, 120, 180, 300])))}", True
    if form == "rest range":
        return f"{r}{gap}{time_range_text(draw, 60, draw(st.sampled_from([90, 120])))}", True
    if form == "jog":
        seconds = draw(st.sampled_from([60, 90, 120, 180]))
        return f"{r}{gap}{time_text(draw, seconds)}{spaced(draw)}{cased(draw, 'jog')}", True
    if form == "jog distance":
        meters = draw(st.sampled_from([100, 200, 400]))
        tail = draw(st.sampled_from(["", f"{spaced(draw)}{cased(draw, 'jog')}"]))
        written = number(meters) if draw(st.booleans()) else distance_text(draw, meters, bare=False)
        return f"{r}{gap}{written}{tail}", False
    if form == "jog after":
        kind = draw(st.sampled_from(["jog", "walk"]))
        meters = draw(st.sampled_from([100, 200, 400]))
        return f"{cased(draw, kind)}{spaced(draw)}{distance_text(draw, meters)}", False
    if form == "walk":
        seconds = draw(st.sampled_from([30, 60, 90, 120]))
        if draw(st.booleans()):
            return f"{cased(draw, 'walk')}{spaced(draw)}{time_text(draw, seconds)}", True
        return f"{r}{gap}{time_text(draw, seconds)}{spaced(draw)}{cased(draw, 'walk')}", True
    if form == "float":
        target = draw(pace_target(None))
        meters = draw(st.sampled_from([100, 200]))
        if draw(st.booleans()):
            return f"{cased(draw, 'float')}{spaced(draw)}{number(meters)}{spaced(draw)}{target}", True
        return f"{r}{meters}{spaced(draw)}{cased(draw, 'float')}{spaced(draw)}{target}", True
    if form == "rest word":
        return f"{cased(draw, 'rest')}{spaced(draw)}{time_text(draw, draw(st.sampled_from([60, 90])))}", True
    if form == "back":
        return f"{cased(draw, draw(st.sampled_from(['jog', 'walk'])))}{spaced(draw)}{cased(draw, 'back')}", False
    if form == "full":
        return f"{r}{spaced(draw)}{cased(draw, 'full')}", False
    work, rest = draw(st.sampled_from([(1, 1), (1, 2), (2, 1), (1, 3)]))
    kind = draw(st.sampled_from(["", f"{spaced(draw)}{cased(draw, 'jog')}"]))
    return f"{r}{work}:{rest}{kind}", True


# Characters a note may not hold (docs/language.md): control, format, surrogate and line-separator ones.
NOT_IN_NOTES = ("Cc", "Cf", "Cs", "Zl", "Zp")


def note(draw: st.DrawFn) -> str:
    words = draw(st.text(st.characters(blacklist_categories=NOT_IN_NOTES, blacklist_characters='"“”\n'),
                         min_size=0, max_size=12))
    if chance(draw, 5):
        words = "(" * draw(st.integers(1, 12)) + words + ")" * draw(st.integers(0, 3))
    if draw(st.booleans()):
        return f'"{words}"'
    return f"“{words}”"


# ---- steps, groups, modifiers --------------------------------------------------------------------------------
def kind_of(kinds: Sequence[str]) -> str:
    return next((kind for kind in KIND_ORDER if kind in kinds), "run")


@st.composite
def count_text(draw: st.DrawFn, most: int) -> tuple[str, int]:
    """`12x`, `12 x`, `12×`, `4-6x`: the text and the count run."""
    count = draw(st.integers(1, max(1, most)))
    written = str(count)
    if chance(draw, 5):
        written = f"{count}{draw(st.sampled_from(['-', '–']))}{count + draw(st.integers(0, 3))}"
    x = draw(st.sampled_from(["x", "x", "X", "×"]))
    return f"{written}{tight(draw)}{x}{tight(draw)}", count


@st.composite
def step_block(draw: st.DrawFn, room: int) -> Piece:
    """`[count x] [kinds] amount[/amount…] [kinds] [target] [recovery] ["note"]`."""
    dimension = draw(st.sampled_from(["distance", "distance", "time", "time", "miles", "open"]))
    ladder = dimension in ("distance", "time") and chance(draw, 6)
    amounts = [draw(rep_amount(dimension)) for _ in range(draw(st.integers(2, 5)) if ladder else 1)]
    kinds = draw(st.lists(st.sampled_from(sorted(KIND_SPELLINGS)), max_size=2))
    placed = [(kind, draw(st.booleans())) for kind in kinds]  # True: written before the amount
    measured = [length for _, length in amounts]
    split_for = measured[0][1] if len(amounts) == 1 and measured[0] and measured[0][0] == "distance" else None
    target, paced = "", any(kind in IMPLIED_PACE for kind in kinds)
    choice = draw(st.sampled_from(["none", "none", "pace", "pace", "other", "letter", "on", "race"]))
    plain_rep = not kinds and len(amounts) == 1 and dimension in ("distance", "time", "miles")
    if choice in ("letter", "on", "race") and not plain_rep:
        choice = "none"
    if choice == "race" and dimension == "time":
        choice = "none"
    if choice == "pace":
        target, paced = draw(pace_target(split_for)), True
    elif choice == "other":
        target, paced = draw(other_target()), False
    elif choice == "letter":  # Daniels: `6 x 1 k I`, `30 min T`
        target, paced = draw(st.sampled_from(["T", "I", "R"])), True
    elif choice == "on":  # `45s on`: hard
        target, paced = cased(draw, "on"), False
    elif choice == "race":  # `5k race`, `2mi TT`
        target, paced = cased(draw, draw(st.sampled_from(["race", "time trial", "TT"]))), False
    meters = measured[0][1] if measured[0] and measured[0][0] == "distance" else None
    if (plain_rep and meters is not None and meters >= 100 and meters % 100 == 0 and amounts[0][0] == number(meters)
            and choice not in ("letter",) and chance(draw, 3)):
        amounts = [(f"{number(meters)}s", amounts[0][1])]  # `8x800s`: 800 m reps
    known = all(length is not None and (length[0] == "time" or paced) for length in measured)

    def spelled(kind: str) -> str:
        return cased(draw, draw(st.sampled_from(KIND_SPELLINGS[kind])))

    words = [spelled(kind) for kind, first in placed if first]
    dashed = len(amounts) >= 3 and all(text.isdigit() for text, _ in amounts) and chance(draw, 2)
    words.append(("-" if dashed else "/").join(text for text, _ in amounts))
    words += [spelled(kind) for kind, first in placed if not first]
    if target:
        words.append(target)
    rest, rest_known = "", True
    if choice == "on" and draw(st.booleans()):  # `45s on / 15s off`
        rest = f"/ {time_text(draw, draw(st.sampled_from([15, 30, 60])))} {cased(draw, 'off')}"
        words.append(rest)
    elif draw(st.integers(0, 2)) > 0:
        rest, rest_known = draw(recovery(ratio_ok=known))
        if choice == "letter" and not re.match(r"r\s*\d|w/|with", rest, re.I):
            rest = ""  # a letter ends its step: only `r90s`, `w/ …` or a separator may follow it
        else:
            words.append(rest)
    if chance(draw, 6):
        words.append(note(draw))
    body = spaced(draw).join(words)
    count, counted = 1, draw(st.integers(0, 2)) > 0
    if counted:
        written, count = draw(count_text(min(12, room // (2 * len(amounts)))))
        # `3xopen` would read as one unknown amount: a word after the count stands apart from it
        body = written + (" " if body[:1].isalpha() and not written[-1:].isspace() else "") + body
    reps = count * len(amounts) if kind_of(kinds) not in NOT_REPS else 0
    single = measured[0] if not counted and len(amounts) == 1 else None
    size = len(amounts) * (2 if rest else 1) * count
    return Piece(body, size, reps, paced, known and rest_known, single)


@attrs.frozen
class Run:
    """A sequence as written (blocks and modifiers) and each block as its modifiers leave it."""

    texts: tuple[str, ...]
    blocks: tuple[Piece, ...]

    @property
    def size(self) -> int:
        return sum(block.size for block in self.blocks)


def joint(draw: st.DrawFn, following: str) -> str:
    """What separates items in parentheses. `+` only before a word: after `@5k`, `+30s` would be an offset."""
    joints = [", ", ",", "; ", "\n  "]
    if following[:1].isalpha() or following[:1] == "(":
        joints += [" + ", "+"]
    return draw(st.sampled_from(joints))


@st.composite
def group_block(draw: st.DrawFn, depth: int, room: int) -> Piece:
    """`[count x](a, b, …) [recovery] ["note"]`."""
    run = draw(sequence(depth + 1, max(2, room // 3), max_blocks=3))
    inner = run.texts[0]
    for text in run.texts[1:]:
        inner += joint(draw, text) + text
    count, written = 1, ""
    if draw(st.booleans()):
        written, count = draw(count_text(min(6, room // (2 * run.size))))
    known = all(item.known for item in run.blocks)
    words = [f"{written}({tight(draw)}{inner}{tight(draw)})"]
    if chance(draw, 4):  # `3x(1000, 600, 400) @5k`: the target of every item that has none
        words.append(draw(pace_target(None)))
    rest, rest_known = "", True
    if draw(st.booleans()):
        rest, rest_known = draw(recovery(ratio_ok=known))
        words.append(rest)
    if chance(draw, 6):
        words.append(note(draw))
    reps = sum(item.reps for item in run.blocks) * count
    paced = all(item.paced for item in run.blocks if item.reps)
    gaps = (count - 1 if written else len(run.blocks) - 1) if rest else 0
    return Piece(spaced(draw).join(words), run.size * count + gaps, reps, paced, known and rest_known)


@st.composite
def block(draw: st.DrawFn, depth: int, room: int) -> Piece:
    if depth < 3 and room >= 8 and chance(draw, 4):
        return draw(group_block(depth, room))
    return draw(step_block(room))


@st.composite
def modifier(draw: st.DrawFn, before: Piece) -> tuple[str, Piece] | None:
    """A modifier valid after `before` and the block as it leaves it, or None when none is valid."""
    forms: list[str] = []
    if before.closed:
        return None
    if before.reps:
        forms += ["last", "last n", "reps", "first", "rep range"]
        if before.paced:
            forms.append("each")
    if before.single is not None:
        forms.append("split")
    if not forms:
        return None
    form = draw(st.sampled_from(forms))
    change = draw(st.one_of(pace_target(None), other_target()))
    last, gap = cased(draw, "last"), spaced(draw)
    changed = attrs.evolve(before, paced=before.paced and is_pace(change), single=None)
    if form == "last":
        return f"{last}{gap}{change}", changed
    if form == "last n":
        return f"{last}{gap}{draw(st.integers(1, before.reps))}{spaced(draw)}{change}", changed
    if form == "reps":
        numbers = sorted(draw(st.sets(st.integers(1, before.reps), min_size=1, max_size=3)))
        word = cased(draw, "rep" if len(numbers) == 1 and draw(st.booleans()) else "reps")
        listed = ("," + tight(draw)).join(str(n) for n in numbers)
        if len(numbers) > 1 and chance(draw, 3):  # `reps 3, 6 and 9`
            listed = ", ".join(str(n) for n in numbers[:-1]) + f" {draw(st.sampled_from(['and', '&']))} {numbers[-1]}"
        return f"{word}{gap}{listed}{spaced(draw)}{change}", changed
    if form == "first":  # `first 3 @10k`, `first @mile`
        count = draw(st.integers(1, before.reps))
        written = "" if count == 1 and draw(st.booleans()) else f"{count}{spaced(draw)}"
        return f"{cased(draw, 'first')}{gap}{written}{change}", changed
    if form == "rep range":  # `reps 2-5 @mile`
        low = draw(st.integers(1, before.reps))
        high = draw(st.integers(low, before.reps))
        dash = draw(st.sampled_from(["-", "–", " - "]))
        return f"{cased(draw, 'reps')}{gap}{low}{dash}{high}{spaced(draw)}{change}", changed
    if form == "each":
        # a progression small enough that the last rep stays a running pace
        offset, _ = offset_text(draw, budget_per_km=max(1.0, 30.0 / before.reps))
        return f"{cased(draw, 'each')}{gap}{offset}", attrs.evolve(before, single=None)
    assert before.single is not None
    dimension, length = before.single
    if dimension == "time":
        part = draw(st.sampled_from([s for s in (10, 30, 60, 120, 300, 600) if s < length] or [1]))
        written = time_text(draw, part)
    else:
        part = draw(st.sampled_from([m for m in (50, 100, 200, 400, 1000) if m < length] or [1]))
        written = distance_text(draw, part, bare=False)
    split = attrs.evolve(changed, size=before.size + 1, reps=before.reps and before.reps + 1, closed=True)
    return f"{last}{gap}{written}{spaced(draw)}{change}", split


def is_pace(target: str) -> bool:
    """Whether a drawn target resolves to a pace (not a heart rate or an effort)."""
    body = target.lstrip("@ \t").lower()
    efforts = ("z", "rpe", *EFFORT_WORDS)
    return target.startswith("@") and not body.startswith(efforts) and "bpm" not in body


@st.composite
def sequence(draw: st.DrawFn, depth: int, room: int, max_blocks: int = 5) -> Run:
    """Blocks, each maybe followed by modifiers; never starting with a modifier."""
    texts: list[str] = []
    blocks: list[Piece] = []
    for _ in range(draw(st.integers(1, max_blocks))):
        if blocks and sum(b.size for b in blocks) >= room:
            break
        blocks.append(draw(block(depth, room - sum(b.size for b in blocks))))
        texts.append(blocks[-1].text)
        while chance(draw, 4):
            changed = draw(modifier(blocks[-1]))
            if changed is None:
                break
            texts.append(changed[0])
            blocks[-1] = changed[1]
    return Run(tuple(texts), tuple(blocks))


# ---- files ---------------------------------------------------------------------------------------------------
# Characters that end a line for str.splitlines() but not for strides: inside a comment they are its text.
NOT_LINE_ENDS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def comment(draw: st.DrawFn) -> str:
    extra = "".join(draw(st.lists(st.sampled_from([*NOT_LINE_ENDS, "(" * 10, ")", "\u202e", " "]), max_size=4)))
    return f"# a comment; with ; inside{extra}"


def separator(draw: st.DrawFn, indent: str) -> str:
    return draw(st.sampled_from(["; ", ";", ", ", f"\n{indent}", f"\n\n{indent}", f" ;\n{indent}",
                                 f"  {comment(draw)}\n{indent}"]))


@st.composite
def steps_text(draw: st.DrawFn, indent: str) -> str:
    """The steps of one workout. Modifiers are written apart from the block they change; Daniels' `+` goes
    only before a word (before a number, after `@5k`, it would be an offset)."""
    run = draw(sequence(0, MAX_UNROLLED))
    text = run.texts[0]
    for piece in run.texts[1:]:
        plus = piece[:1].isalpha() or piece[:1] == "("
        text += (" + " if plus and chance(draw, 5) else separator(draw, indent)) + piece
    return text


SETTING_VALUES: dict[str, Callable[[st.DrawFn], str]] = {
    "5k": lambda draw: f"{draw(st.integers(18, 26))}:{draw(st.integers(0, 59)):02d}",
    "10k": lambda draw: f"{draw(st.integers(38, 55))}:{draw(st.integers(0, 59)):02d}",
    "mile": lambda draw: f"{draw(st.integers(5, 8))}:{draw(st.integers(0, 59)):02d}",
    "hm": lambda draw: f"1:{draw(st.integers(25, 59))}:{draw(st.integers(0, 59)):02d}",
    "marathon": lambda draw: f"{draw(st.integers(3, 4))}:{draw(st.integers(0, 29)):02d}:00",
}


@st.composite
def profile_lines(draw: st.DrawFn) -> list[str]:
    """`5k = 20:00` and `maxhr = 190` always (one race at least), other settings sometimes."""
    races = draw(st.lists(st.sampled_from(sorted(SETTING_VALUES)), min_size=1, max_size=2, unique=True))
    pairs = [(cased(draw, race), SETTING_VALUES[race](draw)) for race in races]
    pairs.append(("maxhr", str(draw(st.integers(170, 205)))))
    extras = {"lthr": str(draw(st.integers(150, 180))), "units": draw(st.sampled_from(["km", "mi"])),
              "tolerance": draw(st.sampled_from(["2%", "1.5%", "3s/km", "5 s/mi"])), "resthr": "50",
              "lap": "400"}
    pairs += [(key, extras[key]) for key in draw(st.lists(st.sampled_from(sorted(extras)), max_size=3, unique=True))]
    return [f"{key}{draw(st.sampled_from([' = ', '=', '  =  ']))}{value}" for key, value in pairs]


NAME_CHARACTERS = st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" -'.&,()/")


@st.composite
def workout_name(draw: st.DrawFn) -> str:
    first = draw(st.characters(whitelist_categories=("Lu", "Ll", "Nd")))
    rest = draw(st.text(NAME_CHARACTERS, max_size=15))
    if chance(draw, 8):
        rest += " " + "(" * draw(st.integers(1, 12))
    name = (first + rest).rstrip()
    return name + " run" if section_label(name)[0] else name  # `Main set:` labels a part, names no workout


@st.composite
def workout_files(draw: st.DrawFn, max_workouts: int = 3) -> str:
    """A whole file: the profile, then workouts, the first maybe unnamed, the others on name lines."""
    lines = draw(profile_lines())
    if draw(st.booleans()):
        lines.insert(0, "# " + draw(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
                                            max_size=20)))
    if chance(draw, 4):
        lines.insert(0, comment(draw))
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "\n\n", "\n  \n"]))
    workouts = draw(st.integers(1, max_workouts))
    unnamed_first = draw(st.booleans())
    for index in range(workouts):
        if index == 0 and unnamed_first:
            text += draw(steps_text("")) + "\n"
            continue
        if index and chance(draw, 5):
            text += f"tolerance = {draw(st.sampled_from(['2%', '3s/km']))}\n"  # applies from the next name line
        name = draw(workout_name())
        if draw(st.booleans()):
            text += f"{name}:{spaced(draw)}{draw(steps_text(''))}\n"
        else:
            indent = draw(st.sampled_from(["  ", "    ", "\t", ""]))
            label = draw(st.sampled_from(["", "", "", "Main set: ", "Set 1:\n" + indent]))  # a part of it
            text += f"{name}:\n{indent}{label}{draw(steps_text(indent))}\n"
        text += draw(st.sampled_from(["", "\n", "# between workouts\n"]))
    return text.replace("\n", draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])))


def one_workout() -> st.SearchStrategy[str]:
    """A file holding exactly one workout."""
    return workout_files(max_workouts=1)
