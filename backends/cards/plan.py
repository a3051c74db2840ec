"""A plan for the terminal: one row a week, a column a day, the week's totals at the row's end, then the totals
of each phase and of the whole plan."""

from __future__ import annotations

from strides.meaning.model import MILE
from strides.meaning.plan import Plan, PlanDay, PlanWeek, Totals, workout_totals
from strides.meaning.units import format_clock

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CELL = 6


def plan_table(plan: Plan) -> str:
    """The plan, week by week. A day shows its distance (`*` a quality session, `+` a double), `rest`, or `-`
    when the plan says nothing about it."""
    unit, scale = _unit(plan)
    head = f"{'week':>4}  {'phase':<8} {'starts':<10} " + " ".join(f"{d:>{CELL}}" for d in DAYS)
    head += f"  {unit:>6} {'time':>8} {'Q':>2}"
    rows = [head, "-" * len(head)]
    rows += [_week_row(week, scale) for week in plan.weeks]
    rows.append("-" * len(head))
    for phase, totals in plan.phases():
        rows.append(_total_row(phase, totals, scale, len(head)))
    rows.append(_total_row(f"{plan.title} ({len(plan.weeks)} weeks)", plan.totals, scale, len(head)))
    return "\n".join(row.rstrip() for row in rows) + "\n"


def _unit(plan: Plan) -> tuple[str, float]:
    units = next((w.profile.units for _, w in plan.sessions()), "km")
    return ("mi", MILE) if units == "mi" else ("km", 1000.0)


def _week_row(week: PlanWeek, scale: float) -> str:
    by_day: dict[int, list[PlanDay]] = {}
    extra: list[PlanDay] = []
    for day in week.days:
        if day.weekday is None:
            extra.append(day)
        else:
            by_day.setdefault(day.weekday, []).append(day)
    cells = [_cell(by_day.get(index, []), scale) for index in range(7)]
    starts = week.first_day.isoformat() if week.first_day else ""
    totals = week.totals
    row = (f"{week.number:>4}  {(week.phase or '')[:8]:<8} {starts:<10} " + " ".join(f"{c:>{CELL}}" for c in cells)
           + f"  {totals.meters / scale:>6.1f} {format_clock(totals.seconds):>8} {totals.quality:>2}")
    if extra:
        row += "  " + ", ".join(f"{day.label} {_cell([day], scale)}" for day in extra)
    return row


def _cell(days: list[PlanDay], scale: float) -> str:
    workouts = [w for day in days for w in day.workouts]
    if not workouts:
        return "rest" if any(day.rest for day in days) else "-"
    totals = [workout_totals(w) for w in workouts]
    text = f"{sum(t.meters for t in totals) / scale:.1f}"
    if any(t.quality for t in totals):
        text += "*"
    if len(workouts) > 1:
        text += "+"
    return text


def _total_row(label: str, totals: Totals, scale: float, width: int) -> str:
    figures = f"{totals.meters / scale:>6.1f} {format_clock(totals.seconds):>8} {totals.quality:>2}"
    return f"{label[: width - len(figures) - 2]:<{width - len(figures) - 2}}  {figures}"
