"""A plan as an iCalendar file (RFC 5545): one all-day event per dated workout, written with `icalendar`.

Each event's UID is its date, its place among the day's workouts and the plan's name, so the same day's
workout keeps its UID when it is edited and a calendar that imports the file again updates it in place. Its
SEQUENCE is the number of minutes from 2024-01-01 to the moment the plan was last saved (DTSTAMP), so every
saved edit raises it, with no state kept anywhere: the same file always makes the same calendar.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from strides.backends import Backend, RenderOptions
from strides.backends.explain import explain
from strides.errors import StridesError
from strides.meaning.model import Workout
from strides.meaning.plan import Plan, PlanDay

EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def uid(plan: Plan, date: dt.date, slot: int) -> str:
    """The event's identity: the plan, the day, and which of the day's workouts it is."""
    key = hashlib.sha256(plan.title.encode()).hexdigest()[:12]
    return f"{date:%Y%m%d}-{slot + 1}-{key}@strides"


def sequence(saved: dt.datetime) -> int:
    return max(0, int((saved - EPOCH).total_seconds() // 60))


def description(day: PlanDay, workout: Workout, written: str) -> str:
    return f"{explain(workout).strip()}\n\nWeek {day.week} · {day.label}, line {workout.line}: {written}"


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    plan = options.plan
    if plan is None or not plan.dated:
        raise StridesError("a calendar needs dates: write the file as a plan with `start = DAY` or `race = DAY`, "
                           "or give --start DAY", hint="see docs/plans.md")
    try:
        import icalendar
    except ImportError:  # pragma: no cover - a dependency; the message is for a broken install
        raise StridesError("--format ics needs the icalendar package: pip install icalendar") from None
    saved = (plan.saved or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//strides//training plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", plan.title)
    for week in plan.weeks:
        for day in week.days:
            if day.date is None:
                continue
            for slot, (workout, written) in enumerate(zip(day.workouts, day.written, strict=True)):
                event = icalendar.Event()
                event.add("uid", uid(plan, day.date, slot))
                event.add("dtstamp", saved)
                event.add("sequence", sequence(saved))
                event.add("dtstart", day.date)
                event.add("dtend", day.date + dt.timedelta(days=1))
                event.add("summary", workout.name)
                event.add("description", description(day, workout, written))
                event.add("transp", "TRANSPARENT")
                if week.phase:
                    event.add("categories", [week.phase])
                calendar.add_component(event)
    # icalendar writes each content line (escaped, typed); they are folded here, as its own folding goes
    # character by character and would take most of the time of a plan of years.
    return "".join(fold(str(line)) + "\r\n" for line in calendar.content_lines() if line)


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545, 3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, width = [], 0, 75
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, width = end, 74  # a continuation line starts with a space
    return "\r\n ".join(parts)


BACKEND = Backend(name="ics", suffix=".ics", binary=False, per_workout=False, render=render)
