"""The vocabulary, and readers for the compound lexemes the grammar leaves whole (amounts, offsets, paces).

Each reader takes the token's text and its span, so a mistake inside `15mn` or `-3` is pointed at exactly.
"""

from __future__ import annotations

import re

from strides.errors import Span, StridesError, did_you_mean
from strides.language.ast import Amount, ClockPace, HeartRateZone, Offset, PaceName
from strides.meaning.model import MILE
from strides.meaning.units import DISTANCE_UNITS, KM, LAP_UNITS, TIME_UNITS, format_clock

# Kind words and what they mean; the value is the canonical kind.
KINDS = {
    "wu": "warmup", "warmup": "warmup", "warm-up": "warmup",
    "cd": "cooldown", "cooldown": "cooldown", "cool-down": "cooldown",
    "run": "run", "running": "run", "easy": "easy", "tempo": "tempo", "steady": "steady",
    "jog": "jog", "jogging": "jog", "walk": "walk", "walking": "walk",
    "rest": "rest", "float": "float", "strides": "strides", "stride": "strides",
    "hill": "hill", "hills": "hill", "sprint": "sprint", "sprints": "sprint",
    "drills": "drills", "drill": "drills", "stretch": "stretch", "stretching": "stretch",
    # as runners and coaches write them: Daniels' `jg`, plurals, `off` and `recovery` for the jog between reps
    "jg": "jog", "jogs": "jog", "walks": "walk", "rests": "rest", "recovery": "jog", "off": "jog",
    "between": "rest",  # `4 x (1200, 800, 400) @5k, 2 min between`
    # a race or a time trial as a step: the distance at race effort
    "race": "race", "tt": "time trial", "time trial": "time trial", "timetrial": "time trial",
    "time-trial": "time trial",
}
# The kind words that may start a recovery (`jog 200`, `walk back`); the grammar's RECOVERY_KIND.
RECOVERY_WORDS = ("jog", "jogs", "jg", "walk", "walks", "float", "rest", "rests", "recovery", "off", "between")
# Race kinds, and the effort each stands for.
RACE_KINDS = {"race": "race", "time trial": "time trial"}
# Labels of the parts of a session (`Warm-up:`, `Main set:`) that stand on a line like a name line but name
# no workout; the kind a step under each takes when it has none of its own.
SECTION_LABELS = {"warm-up": "warmup", "warmup": "warmup", "warm up": "warmup", "wu": "warmup",
                  "cool-down": "cooldown", "cooldown": "cooldown", "cool down": "cooldown", "cd": "cooldown",
                  "main set": None, "main": None, "main session": None, "session": None, "set": None,
                  "workout": None, "drills": None, "strides": None}
_SECTION = r"(?:set|rep|block|part|round)\s*\d+|(?:first|second|third|last|final)\s+set"  # compiled when met
EFFORTS = {"all-out": "all-out", "allout": "all-out", "max": "all-out", "hard": "hard",
           "moderate": "moderate", "fast": "fast"}

# Race distances a profile can hold, by canonical name, in metres.
RACES = {
    "1500": 1500.0, "mile": MILE, "3k": 3000.0, "2mi": 2 * MILE, "5k": 5000.0, "8k": 8000.0,
    "10k": 10000.0, "15k": 15000.0, "10mi": 10 * MILE, "hm": 21097.5, "marathon": 42195.0,
}
RACE_ALIASES = {
    "hmp": "hm", "half": "hm", "mp": "marathon", "m": "marathon", "mar": "marathon",
    "1mi": "mile", "1500m": "1500", "gmp": "marathon",
}
# Paces raced on the road: a bare seconds offset on one of them, for a rep of a mile or more, is per mile
# or per km as much as per lap (`3 x 2 mi @ MP-10 sec`), so it is read in the profile's units or asked.
ROAD_PACES = frozenset({"marathon", "hm", "10mi", "15k", "10k", "T", "M", "E", "steady", "CV"})
TRAINING = {"e": "E", "easy": "E", "t": "T", "tempo": "T", "threshold": "T",
            "i": "I", "interval": "I", "r": "R", "rep": "R", "steady": "steady", "lt": "T", "cv": "CV",
            # Daniels' I is the pace of VO2max, R his repetition pace
            "vo2max": "I", "vo2": "I", "repetition": "R"}
PACE_WORDS = sorted({*RACES, *RACE_ALIASES, "E", "M", "T", "I", "R", "easy", "tempo", "threshold", "steady",
                     "LT", "CV", "vo2max"})

# Every word the language knows, for 'did you mean' on a word the grammar could not place.
VOCABULARY = sorted({*KINDS, *EFFORTS, "last", "reps", "rep", "each", "open", "lap", "mile", "back", "full",
                     "warm up", "cool down", "all out", "rpe", "pace"})

LARGEST_NUMBER = 1e7  # far beyond any amount, pace or offset; keeps arithmetic finite
# The longest step strides takes, in time and in distance; the shortest timed step (a watch counts whole
# seconds: a 0.4 s step would be a 0 s step).
MAX_SECONDS = 24 * 3600.0
MAX_METERS = 250_000.0
MIN_SECONDS = 1.0
# A repeat runs at most this many times (both ends of `4-6x`); a rep number in `reps N` is at most the
# most steps a workout unrolls to.
MAX_REPS = 1000
MAX_REP_NUMBER = 10_000
COUNT_READ_UPTO = 10**9  # a count beyond this is refused as read; smaller ones are checked by the resolver
MAX_RATIO_PART = 9  # `r1:9` to `r9:1`: the rest of a ratio is one digit, and its work no more
SHOWN_DIGITS = 20  # a number longer than this is cut in messages

_UNIT_WORDS = sorted({*TIME_UNITS, *DISTANCE_UNITS, *LAP_UNITS, "bpm"})

_PART = r"(\d+:\d\d(?::\d\d)?(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_AMOUNT = re.compile(rf"{_PART}(?:\s*[-–]\s*{_PART})?\s*([a-z]*)", re.I)
_HOURS = re.compile(r"(\d+)h(\d\d?)(?:min)?", re.I)
# `45"`, `2'`, `1'30"`: minutes and seconds marks (also the primes ′ ″)
_MARKS = r"(?:(\d+(?:\.\d+)?)['′])?\s*(?:(\d+(?:\.\d+)?)[\"″])?"  # compiled when first met
_PER = re.compile(r"\s*(?:/|per\s+|min\s*/)\s*([a-z0-9]+)\s*$", re.I)  # `/km`, ` per mile`, ` min/mi`


def section_label(name: str) -> tuple[bool, str | None]:
    """Whether a line `name:` labels a part of the session rather than naming a workout, and the kind a
    step under it takes."""
    words = " ".join(name.lower().replace("_", " ").split())
    if words in SECTION_LABELS:
        return True, SECTION_LABELS[words]
    return re.fullmatch(_SECTION, words, re.I) is not None, None


def sub_span(span: Span, offset: int, length: int) -> Span:
    """The span of part of a one-line token."""
    return Span(span.line, span.column + offset, span.start + offset, span.start + offset + max(1, length))


def shown(text: str, width: int = SHOWN_DIGITS) -> str:
    """Text for a message, cut when it is long (a number of a thousand digits)."""
    return text if len(text) <= width else text[:width] + "…"


def clock_seconds(text: str) -> float:
    """`1:30` -> 90, `1:15:00` -> 4500, `88` -> 88."""
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def read_clock(text: str, span: Span | None) -> float:
    """`1:30` -> 90, `1:15:00` -> 4500, as `clock_seconds`, but refusing `1:99` and `1:75:00`: the fields
    after the first run from 00 to 59. A first field of a thousand digits reads as infinity, which every
    caller refuses as too long or too slow."""
    rest = text.split(":")[1:]
    seconds = clock_seconds(text)
    for index, field in enumerate(rest):
        if float(field) >= 60:
            unit = "a minute has 60 seconds" if index == len(rest) - 1 else "an hour has 60 minutes"
            meant = f" (`{text}` would be `{format_clock(seconds, _decimals(text))}`)" if seconds < MAX_SECONDS else ""
            raise StridesError(f"`{shown(text)}`: {unit}", span, f"minutes and seconds run from 00 to 59{meant}")
    return seconds


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


def checked_number(text: str, span: Span | None) -> float:
    """A number as written, refused when it is beyond anything a workout could mean (`float` reads a
    number of any length, as infinity when it is too long, so the test catches that too)."""
    value = float(text)
    if not value < LARGEST_NUMBER:
        raise StridesError(f"`{shown(text)}` is too large a number: nothing in a workout comes near "
                           f"{LARGEST_NUMBER:,.0f}", span)
    return value


def too_long(text: str, dimension: str, span: Span | None) -> StridesError:
    """The refusal of a step longer than strides takes."""
    if dimension == "time":
        return StridesError(f"`{shown(text)}` is longer than a day: a step lasts at most "
                            f"{MAX_SECONDS / 3600:g} h", span)
    return StridesError(f"`{shown(text)}` is longer than {MAX_METERS / 1000:g} km, the longest step strides takes",
                        span)


def read_count(text: str, span: Span) -> tuple[int, int | None]:
    """`12x` -> (12, None), `4-6x` -> (4, 6). A number too long to be read exactly is refused here; the
    resolver checks the count against MAX_REPS, pointing at the whole block."""
    refusal = f"`{shown(text.strip())}`: a repeat runs at most {MAX_REPS:,} times"
    numbers = [count_value(part, span, COUNT_READ_UPTO, refusal)
               for part in "".join(c if c.isdigit() else " " for c in text).split()]
    if len(numbers) == 2:
        low, high = numbers
        if high < low:
            raise StridesError(f"the range `{text.strip()}` runs backwards", span)
        return low, (high if high != low else None)
    return numbers[0], None


def read_rep_number(text: str, span: Span) -> int:
    """A number of `reps 12,16`: counted from 1, and no higher than a workout has steps."""
    number = count_value(text, span, MAX_REP_NUMBER,
                         f"there is no rep {shown(text)}: a workout unrolls to at most {MAX_REP_NUMBER:,} steps")
    if number < 1:
        raise StridesError("reps are counted from 1", span)
    return number


def read_ratio(text: str, span: Span | None) -> float:
    """Work:rest as coaches write it, as the rest over the work: `1:1` -> 1.0, `1:2` -> 2.0 (rest twice the
    rep), `2:1` -> 0.5; each number from 1 to MAX_RATIO_PART."""
    refusal = f"a work:rest ratio needs two numbers above zero, at most {MAX_RATIO_PART} each, as in `r1:1`"
    work, rest = (count_value(part, span, MAX_RATIO_PART, refusal) for part in text.split(":"))
    if work == 0 or rest == 0:
        raise StridesError(refusal, span)
    return rest / work


def count_value(digits: str, span: Span | None, most: int, refusal: str) -> int:
    """A whole number as written, refused with `refusal` (which names `most`) when it is above `most`;
    read without `int` on a thousand digits, which Python refuses."""
    significant = digits.lstrip("0") or "0"
    if len(significant) > len(str(most)) or int(significant) > most:
        raise StridesError(refusal, span)
    return int(significant)


_FRACTION = re.compile(r"(\d+)/(\d+)([^\d].*)")
_HYPHENED = re.compile(r"[\d.]+-[a-z]+", re.I)


def read_amount(text: str, span: Span) -> Amount:
    """`400`, `15min`, `1.5mi`, `15-20min`, `1:30`, `1h15`, `2 laps`, `140-150bpm`."""
    marks = re.fullmatch(_MARKS, text) if text[-1:] in "'′\"″" else None
    if marks is not None and (marks[1] or marks[2]):
        if marks[1] and marks[2] and float(marks[2]) >= 60:
            raise StridesError(f"`{shown(text)}`: a minute has 60 seconds", span)
        seconds = float(marks[1] or 0) * 60 + float(marks[2] or 0)
        return _checked_length(Amount("time", seconds, None, text=text, span=span))
    fraction = _FRACTION.fullmatch(text)
    if fraction:  # `1/2 mile`: read as the decimal it is (`0.5mile`), which is also how fmt writes it
        return read_amount(f"{int(fraction[1]) / int(fraction[2]):.6g}{fraction[3]}", span)
    if _HYPHENED.fullmatch(text):  # `3-min`, as Daniels prints it
        return read_amount(text.replace("-", ""), span)
    hours = _HOURS.fullmatch(text)
    if hours:
        if int(hours[2]) > 59:
            raise StridesError(f"`{shown(text)}`: an hour has 60 minutes", span, "write `1h30` for an hour and a half")
        seconds = float(hours[1]) * 3600 + int(hours[2]) * 60  # infinity for a thousand digits: too long
        if seconds > MAX_SECONDS:
            raise too_long(text, "time", span)
        return Amount("time", seconds, None, text=text, span=span)
    match = _AMOUNT.fullmatch(text)
    if match is None:  # the grammar's terminal and this pattern describe the same shapes
        raise StridesError(f"cannot read the amount `{text}`", span)
    low_text, high_text, unit = match[1], match[2], match[3].lower()
    if ":" in low_text or (high_text and ":" in high_text):
        if unit:
            raise StridesError(f"`{shown(text)}`: a clock time takes no unit", span)
        low, high = read_clock(low_text, span), read_clock(high_text, span) if high_text else None
        return _checked_length(_ordered(Amount("time", low, high, text=text, span=span)))
    # A time or distance is checked against the longest step once scaled (a thousand digits read as
    # infinity, which is longer too); a number whose unit waits for the profile against LARGEST_NUMBER.
    low, high = float(low_text), float(high_text) if high_text else None
    if unit not in TIME_UNITS and unit not in DISTANCE_UNITS:
        low, high = checked_number(low_text, span), checked_number(high_text, span) if high_text else None
    if not unit:
        return _ordered(Amount("bare", low, high, text=text, span=span))
    if unit in TIME_UNITS:
        scale = TIME_UNITS[unit]
        return _checked_length(_ordered(Amount("time", low * scale, _scaled(high, scale), text=text, span=span)))
    if unit in DISTANCE_UNITS:
        scale = DISTANCE_UNITS[unit]
        return _checked_length(_ordered(Amount("distance", low * scale, _scaled(high, scale), text=text,
                                               span=span)))
    if unit in LAP_UNITS:
        return _ordered(Amount("distance", low, high, laps=True, text=text, span=span))
    if unit == "bpm":
        return _ordered(Amount("bpm", low, high, text=text, span=span))
    unit_at = match.start(3)
    raise StridesError(f"unknown unit `{match[3]}` in `{text}`", sub_span(span, unit_at, len(unit)),
                       did_you_mean(unit, _UNIT_WORDS) or "units: s, min, h, m, km, mi, lap")


def _checked_length(amount: Amount) -> Amount:
    """A time or a distance in metres refused when longer than any step (laps wait for the profile's lap)."""
    if (amount.high or amount.low) > (MAX_SECONDS if amount.dimension == "time" else MAX_METERS):
        raise too_long(amount.text, amount.dimension, amount.span)
    return amount


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale


def _ordered(amount: Amount) -> Amount:
    if amount.high is not None and amount.high < amount.low:
        raise StridesError(f"the range `{shown(amount.text, 40)}` runs backwards: write the smaller end first",
                           amount.span)
    if amount.high == amount.low:
        return Amount(amount.dimension, amount.low, None, amount.laps, amount.text, amount.span)
    return amount


def read_per(unit: str, span: Span) -> tuple[float | None, bool]:
    """The distance after `/` in a pace or offset: (metres, per lap)."""
    unit = unit.lower()
    if unit in ("km", "k"):
        return KM, False
    if unit in ("mi", "mile"):
        return MILE, False
    if unit in LAP_UNITS:
        return None, True
    match = re.fullmatch(r"(\d+)m?", unit)
    if match:
        if not 1 <= float(match[1]) <= 100_000:
            raise StridesError(f"a pace per `{shown(unit)}`? give a distance from 1 m to 100 km", span)
        return float(match[1]), False
    raise StridesError(f"unknown distance `/{unit}`", span, did_you_mean(unit, ["km", "mi", "lap", "400m"])
                       or "write /km, /mi, /lap or /400m")


def read_offset(text: str, span: Span) -> Offset:
    """`-3s` per lap, `+20s/mi`, `-3s/km`."""
    match = re.fullmatch(r"([+\-−])\s*(\d+(?:\.\d+)?)\s*([a-z]*)(?:\s*/\s*([a-z0-9]+))?", text, re.I)
    if match is None:
        raise StridesError(f"cannot read the offset `{text}`", span)
    sign = -1.0 if match[1] in "-−" else 1.0
    signed = f"{match[1]}{match[2]}"
    if match[3].lower() not in ("s", "sec", "secs", "second", "seconds"):
        problem = "has no unit" if not match[3] else f"is in `{match[3]}`, not seconds"
        raise StridesError(f"the offset `{text}` {problem}", span,
                           f"write `{signed}s` (per lap), `{signed}s/km` or `{signed}s/mi`")
    per, per_lap = read_per(match[4], sub_span(span, match.start(4), len(match[4]))) if match[4] else (None, True)
    seconds = sign * checked_number(match[2], span)
    return Offset(seconds, None if per_lap else per, text="".join(text.split()), span=span)  # `- 3s` reads `-3s`


def read_clock_pace(text: str, span: Span) -> ClockPace:
    """`3:48/km`, `3:40-3:45/km`, `1:28` (the split for the rep)."""
    per_match = _PER.search(text)
    times = text[: per_match.start()] if per_match else text
    parts = re.split(r"\s*[-–]\s*", times.strip())
    for part in parts:  # a pace slower than walking is refused later; this keeps its numbers finite
        checked_number(part.partition(":")[0], span)
    low, high = read_clock(parts[0], span), read_clock(parts[1], span) if len(parts) > 1 else None
    if high is not None and high < low:
        low, high = high, low
    if per_match is None:
        return ClockPace(low, high, None, text=text, span=span)
    per, per_lap = read_per(per_match[1], sub_span(span, per_match.start(1), len(per_match[1])))
    return ClockPace(low, high, per, per_lap, text=text, span=span)


def heart_rate_zone(word: str, span: Span) -> HeartRateZone:
    """`z2` (the word's digits follow its `z`): a zone from z1 to z5."""
    refusal = f"heart-rate zones run from z1 to z5, not `{shown(word)}`"
    zone = count_value(word[1:], span, 5, refusal)
    if zone < 1:
        raise StridesError(refusal, span)
    return HeartRateZone(zone, span)


def pace_name(word: str, span: Span) -> PaceName:
    """A race or training pace name, made canonical: `5K` -> 5k, `mp` -> marathon, `tempo` -> T."""
    lowered = word.lower()
    if lowered in RACES:
        return PaceName(lowered, word, span)
    if lowered in RACE_ALIASES:
        return PaceName(RACE_ALIASES[lowered], word, span)
    if lowered in TRAINING:
        return PaceName(TRAINING[lowered], word, span)
    raise unknown_pace(word, span)


def race_of_distance(amount: Amount) -> PaceName:
    """`@5k`, `@1500`, `@10mi`: a race named by its distance."""
    if amount.dimension in ("distance", "bare") and amount.high is None and not amount.laps:
        for name, meters in RACES.items():
            if abs(meters - amount.low) < 0.5:
                return PaceName(name, amount.text, amount.span)
    raise unknown_pace(amount.text, amount.span)


def unknown_pace(word: str, span: Span | None) -> StridesError:
    known = ", ".join(RACES) + "; E, M, T, I, R, easy, steady, tempo"
    hint = did_you_mean(word, PACE_WORDS)
    return StridesError(f"unknown race pace `{word}`; known: {known}", span, hint)
