"""A training plan: weeks of days, each day its workouts or a rest, placed on the calendar, with totals.

Weeks run Monday to Sunday. `start = DAY` is the plan's first day (week 1 is the week holding it); `race = DAY`
puts the last week on the race's week, the weeks before it counting back; `Week of DAY` places its own week; a
dated day places the plan when nothing else does. A date that disagrees with the week it is written in is a
mistake naming both. Without any of these the plan stays relative (`Week 3 · Tue`) until `--start` places it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from strides.errors import StridesError
from strides.language.plan_lines import WEEKDAYS, DayLines, PlanLines, WeekLines
from strides.meaning.model import Workout, Zone

ZONES = tuple(zone.value for zone in Zone)
QUALITY_ZONES = frozenset({"threshold", "interval", "max"})
QUALITY_SECONDS = 300.0  # five minutes at threshold or harder make a session a quality one (strides alone do not)


@attrs.frozen
class Totals:
    """What a stretch of the plan adds up to: distance, time, time in each zone, quality sessions."""

    meters: float = 0.0
    seconds: float = 0.0
    by_zone: tuple[float, ...] = (0.0,) * len(ZONES)  # seconds in each of ZONES
    quality: int = 0
    workouts: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.meters + other.meters, self.seconds + other.seconds,
                      tuple(a + b for a, b in zip(self.by_zone, other.by_zone, strict=True)),
                      self.quality + other.quality, self.workouts + other.workouts)

    def zone_seconds(self) -> dict[str, float]:
        return dict(zip(ZONES, self.by_zone, strict=True))


def workout_totals(workout: Workout) -> Totals:
    by_zone = [0.0] * len(ZONES)
    for step in workout.timeline:
        by_zone[ZONES.index(step.zone)] += step.estimated_seconds or 0.0
    hard = sum(seconds for zone, seconds in zip(ZONES, by_zone, strict=True) if zone in QUALITY_ZONES)
    return Totals(workout.total_meters, workout.total_seconds, tuple(by_zone), int(hard >= QUALITY_SECONDS), 1)


@attrs.frozen
class PlanDay:
    """A day of the plan: its workouts (none on a rest day), where it falls, and its rest's words."""

    week: int  # the week's number
    label: str  # `Tue`, `Day 3`, as the day is shown
    weekday: int | None
    date: dt.date | None
    workouts: tuple[Workout, ...]
    rest: str | None = None
    line: int = 0
    written: tuple[str, ...] = ()  # the line each workout is written on

    @property
    def where(self) -> str:
        """`2027-01-19`, or `Week 3 · Tue` in a plan with no dates."""
        return self.date.isoformat() if self.date else f"Week {self.week} · {self.label}"


@attrs.frozen
class PlanWeek:
    number: int
    phase: str | None
    monday: dt.date | None
    days: tuple[PlanDay, ...]
    note: str | None = None

    @property
    def totals(self) -> Totals:
        return sum((workout_totals(w) for day in self.days for w in day.workouts), Totals())

    @property
    def first_day(self) -> dt.date | None:
        dates = [day.date for day in self.days if day.date is not None]
        return min(dates) if dates else self.monday


@attrs.frozen
class Plan:
    title: str
    weeks: tuple[PlanWeek, ...]
    race: tuple[dt.date, str] | None = None
    saved: dt.datetime | None = None  # when the file was last saved: a calendar's events are versioned by it

    @property
    def dated(self) -> bool:
        return any(week.monday is not None for week in self.weeks)

    @property
    def totals(self) -> Totals:
        return sum((week.totals for week in self.weeks), Totals())

    def phases(self) -> list[tuple[str, Totals]]:
        """Each phase in the order it first comes, with its totals."""
        totals: dict[str, Totals] = {}
        for week in self.weeks:
            if week.phase:
                totals[week.phase] = totals.get(week.phase, Totals()) + week.totals
        return list(totals.items())

    def sessions(self) -> list[tuple[PlanDay, Workout]]:
        """Every workout in calendar order, with its day."""
        return [(day, workout) for week in self.weeks for day in week.days for workout in day.workouts]


def make_plan(lines: PlanLines, workouts: Sequence[Workout | None], title: str,
              start: dt.date | None = None) -> tuple[Plan, list[StridesError]]:
    """The plan of `lines`, `workouts[i]` its i-th session's workout (None when it has a mistake), placed from
    the file's anchors or, when it has none, from `start` (`--start`)."""
    mistakes: list[StridesError] = []
    mondays = _mondays(lines, start, mistakes)
    by_day: dict[int, list[Workout]] = {}
    written: dict[int, list[str]] = {}
    for session, workout in zip(lines.sessions, workouts, strict=True):
        if workout is not None:
            by_day.setdefault(session.day, []).append(workout)
            written.setdefault(session.day, []).append(session.written)
    days: dict[int, list[PlanDay]] = {}
    for index, day in enumerate(lines.days):
        placed = _placed(day, lines.weeks[day.week], mondays[day.week], mistakes)
        days.setdefault(day.week, []).append(attrs.evolve(placed, workouts=tuple(by_day.get(index, ())),
                                                           written=tuple(written.get(index, ()))))
    weeks = tuple(PlanWeek(week.number, week.phase, mondays[index],
                           tuple(sorted(days.get(index, []), key=_day_order)), week.note)
                  for index, week in enumerate(lines.weeks))
    race = next(((a.date, a.words) for a in lines.anchors if a.key == "race"), None)
    return Plan(title, weeks, race), mistakes


def _day_order(day: PlanDay) -> tuple[int, int]:
    return (day.date.toordinal() if day.date else 0, day.weekday if day.weekday is not None else 9)


def _mondays(lines: PlanLines, start: dt.date | None, mistakes: list[StridesError]) -> list[dt.date | None]:
    """The Monday of each week, or None for all in a plan with no dates."""
    anchors = {a.key: a for a in lines.anchors}
    first: dt.date | None
    numbers = [week.number for week in lines.weeks]
    if "start" in anchors:
        first = _monday(anchors["start"].date)
    elif "race" in anchors and numbers:
        first = _monday(anchors["race"].date) - dt.timedelta(weeks=max(numbers) - min(1, *numbers))
    elif start is not None:
        first = _monday(start)
    else:
        first = _from_written(lines)
    if first is None or not numbers:
        return [None] * len(lines.weeks)
    base = min(1, *numbers)  # `start` is week 1's (a plan may count from week 0)
    mondays: list[dt.date | None] = [first + dt.timedelta(weeks=number - base) for number in numbers]
    for week, monday in zip(lines.weeks, mondays, strict=True):
        if week.week_of is not None and monday is not None and _monday(week.week_of) != monday:
            mistakes.append(StridesError(
                f"week {week.number} is the week of {monday.isoformat()} by the plan's dates, not of "
                f"{week.week_of.isoformat()}", week.span, "correct one of the two dates"))
    return mondays


def _from_written(lines: PlanLines) -> dt.date | None:
    """The first week's Monday from the first date written in a week header or on a day."""
    numbers = [week.number for week in lines.weeks]
    for week in lines.weeks:
        if week.week_of is not None:
            return _monday(week.week_of) - dt.timedelta(weeks=week.number - min(1, *numbers))
    for day in lines.days:
        if day.label.date is not None:
            week = lines.weeks[day.week]
            return _monday(day.label.date) - dt.timedelta(weeks=week.number - min(1, *numbers))
    return None


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _placed(day: DayLines, week: WeekLines, monday: dt.date | None, mistakes: list[StridesError]) -> PlanDay:
    label = day.label
    written = label.date or _with_year(label.day_month, monday)
    weekday = label.weekday
    if label.number is not None:
        weekday = (label.number - 1) % 7 if label.number <= 7 else None
    shown = (f"Day {label.number}" if label.number is not None
             else WEEKDAYS[weekday].title() if weekday is not None else label.text)
    date = None if monday is None or weekday is None else monday + dt.timedelta(days=weekday)
    if label.number is not None and label.number > 7 and monday is not None:
        date = monday + dt.timedelta(days=label.number - 1)
    if written is not None:
        if label.weekday is not None and written.weekday() != label.weekday:
            mistakes.append(StridesError(f"`{label.text}`: {written.isoformat()} is a {written:%A}", label.span))
        elif monday is not None and _monday(written) != monday:
            mistakes.append(StridesError(
                f"`{label.text}` is {written.isoformat()}, outside week {week.number} "
                f"({monday.isoformat()} to {(monday + dt.timedelta(days=6)).isoformat()})", label.span,
                "move the day to its week, or correct its date"))
        date, weekday = written, written.weekday()
        shown = WEEKDAYS[weekday].title()
    line = label.span.line if label.span is not None else 0
    return PlanDay(week.number, shown, weekday, date, (), day.rest, line)


def _with_year(day_month: tuple[int, int] | None, monday: dt.date | None) -> dt.date | None:
    """`Tue 5 Jan` in the year that puts it nearest the week it is written in."""
    if day_month is None or monday is None:
        return None
    day, month = day_month
    candidates = []
    for year in (monday.year - 1, monday.year, monday.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda date: abs((date - monday).days)) if candidates else None
