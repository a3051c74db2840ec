"""Which day each pushed workout goes on: `--date DAY` for one workout, `--week-of MONDAY` for a week of
workouts named after their days (`Tue track`, `Thursday tempo`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from strides.errors import StridesError, UsageError
from strides.meaning.model import Workout

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}


def parse_day(text: str, option: str) -> dt.date:
    """A date written `2026-12-08`; anything else is a mistake on the command line."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise UsageError(f"{option} takes a date written YYYY-MM-DD, as in {option} 2026-12-08, not `{text}`")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text}: there is no such day") from None


def weekday_of(name: str) -> int | None:
    """The day a workout's name starts with (`Tue 12 x 400` -> 1), or None."""
    first = re.match(r"[A-Za-z]+", name.strip())
    return WEEKDAYS.get(first.group(0).lower()) if first else None


def place(workouts: Sequence[Workout], date: str | None, week_of: str | None) -> list[dt.date | None]:
    """Each workout's day, in order; None for all of them when neither option is given (a library)."""
    if date is not None and week_of is not None:
        raise UsageError("give either --date or --week-of, not both")
    if date is not None:
        day = parse_day(date, "--date")
        if len(workouts) > 1:
            raise UsageError(f"--date places one workout and this file has {len(workouts)}: give --week-of "
                             "MONDAY to place workouts named after their days (`Tue track`)")
        return [day]
    if week_of is None:
        return [None] * len(workouts)
    monday = parse_day(week_of, "--week-of")
    if monday.weekday() != 0:
        raise UsageError(f"--week-of {week_of} is a {monday:%A}: give the Monday the week starts on, "
                         f"{monday - dt.timedelta(days=monday.weekday()):%Y-%m-%d}")
    days = [weekday_of(workout.name) for workout in workouts]
    unplaced = [workout.name for workout, day in zip(workouts, days, strict=True) if day is None]
    if unplaced:
        names = ", ".join(f"`{name}`" for name in unplaced)
        raise StridesError(f"--week-of places workouts on the day their name starts with, and {names} "
                           f"{'does' if len(unplaced) == 1 else 'do'} not start with one",
                           hint="start each name with a day (`Tue track`), or push one workout with --date")
    return [monday + dt.timedelta(days=day) for day in days if day is not None]
