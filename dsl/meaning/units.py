"""Exact unit conversions and the one place numbers are rounded for display.

>>> format_clock(88.2)
'1:28'
>>> format_pace(220.5, "km")
'3:40/km'
>>> format_distance(1609.344)
'1 mi'
"""

from __future__ import annotations

from strides.meaning.model import MILE, Distance, Duration, Open, Step, Time

KM = 1000.0

# Length of each distance word in metres; `lap` is the profile's lap and is looked up separately.
DISTANCE_UNITS = {
    "m": 1.0, "meter": 1.0, "meters": 1.0, "metre": 1.0, "metres": 1.0,
    "k": KM, "km": KM, "kms": KM,
    "mi": MILE, "mile": MILE, "miles": MILE,
}
TIME_UNITS = {
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
}
LAP_UNITS = ("lap", "laps")


def per_unit_meters(units: str) -> float:
    """Metres in the unit paces are shown per: km or mi."""
    return MILE if units == "mi" else KM


def format_clock(seconds: float, decimals: int = 0) -> str:
    """m:ss or h:mm:ss, rounded to nearest (ties to even) only here."""
    scale = 10**decimals
    total = round(seconds * scale)
    whole, frac = divmod(total, scale)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    text = f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    return f"{text}.{frac:0{decimals}d}" if decimals else text


def format_pace(seconds_per_km: float, units: str = "km") -> str:
    """A pace as the runner reads it: 3:40/km or 5:55/mi."""
    return f"{format_clock(seconds_per_km * per_unit_meters(units) / KM)}/{units}"


def format_seconds(seconds: float) -> str:
    """A short duration: 35 s, 15 min, 1:30, 1 h 05 min, 2 h."""
    if seconds < 60 and abs(seconds - round(seconds)) < 1e-9:
        return f"{round(seconds)} s"
    if seconds < 60:
        return f"{seconds:.1f} s"
    if abs(seconds % 60) < 1e-9:
        minutes = round(seconds / 60)
        if minutes < 60:
            return f"{minutes} min"
        return f"{minutes // 60} h" + (f" {minutes % 60:02d} min" if minutes % 60 else "")
    return format_clock(seconds)


def _trim(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def format_distance(meters: float) -> str:
    """400 m, 1.5 km, 1 mi, 2 mi: miles only when the distance is a whole number of hundredths of a mile."""
    miles = meters / MILE
    if meters >= MILE * 0.99 and abs(miles * 100 - round(miles * 100)) < 1e-6:
        return f"{_trim(miles)} mi"
    if meters >= KM and abs(meters % 100) < 1e-6:
        return f"{_trim(meters / KM)} km"
    return f"{_trim(meters)} m"


def time_range(low: float, high: float) -> str:
    """`15–20 min`, `90–120 s`."""
    if low % 60 == 0 and high % 60 == 0:
        return f"{low / 60:g}–{high / 60:g} min"
    if high < 600 and low == int(low) and high == int(high):
        return f"{low:g}–{high:g} s"
    return f"{format_clock(low)}–{format_clock(high)}"


def _distance_range(low: float, high: float) -> str:
    low_text, high_text = format_distance(low), format_distance(high)
    unit = high_text.split()[-1]
    if low_text.endswith(" " + unit):
        low_text = low_text[: -len(unit) - 1]
    return f"{low_text}–{high_text}"


def format_total_time(seconds: float) -> str:
    """An estimated total, to the minute: 49 min, 1 h 05 min, 2 h."""
    minutes = round(seconds / 60)
    return format_seconds(60 * minutes) if minutes else "0 min"


def format_total_distance(meters: float, units: str = "km") -> str:
    """An estimated total, one decimal: 9.8 km or 6.1 mi."""
    return f"{meters / per_unit_meters(units):.1f} {units}"


def format_duration(duration: Duration) -> str:
    """How a step's length is shown, ranges included: '15–20 min', '90–120 s', '400 m', 'open'."""
    if isinstance(duration, Open):
        return "open"
    if isinstance(duration, Time):
        if duration.upto is None:
            return format_seconds(duration.seconds)
        return time_range(duration.seconds, duration.upto)
    if duration.upto is None:
        return format_distance(duration.meters)
    return _distance_range(duration.meters, duration.upto)


def watch_note(step: Step) -> str | None:
    """The note for a watch or the timeline: the runner's note, and the written range the watch runs the
    lower end of (`15–20 min`)."""
    parts = [step.note] if step.note else []
    if isinstance(step.duration, (Time, Distance)) and step.duration.upto is not None:
        parts.append(format_duration(step.duration))
    return "; ".join(parts) or None


def duration_json(duration: Duration) -> dict[str, float | bool]:
    """The timeline JSON form of a duration."""
    if isinstance(duration, Time):
        return {"seconds": duration.seconds}
    if isinstance(duration, Distance):
        return {"meters": duration.meters}
    return {"open": True}
