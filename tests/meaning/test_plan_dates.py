"""A plan on the calendar: dates from `start`, from `race`, from its own dates or `--start`; contradictions."""

from __future__ import annotations

import datetime as dt

import pytest

from strides.meaning.plan import Plan
from strides.pipeline import compile_each

PROFILE = {"5k": "20:00"}
WEEKS = "Week 1\nMon: rest\nTue: 5mi easy\nWeek 2\nTue: 5mi easy\nSun: 10mi easy\n"


def plan_of(text: str, start: dt.date | None = None) -> Plan:
    compiled = compile_each(text, PROFILE, start=start)
    assert not compiled.mistakes, [m.render() for m in compiled.mistakes]
    assert compiled.plan is not None
    return compiled.plan


def dates(plan: Plan) -> list[str]:
    return [day.where for week in plan.weeks for day in week.days]


def mistakes_of(text: str) -> list[str]:
    return [m.render() for m in compile_each(text, PROFILE).mistakes]


def test_dates_from_start() -> None:
    assert dates(plan_of("start = 2027-01-04\n" + WEEKS)) == ["2027-01-04", "2027-01-05", "2027-01-12", "2027-01-17"]


def test_a_start_on_a_wednesday_puts_week_one_in_its_week() -> None:
    assert dates(plan_of("start = 2027-01-06\n" + WEEKS))[:2] == ["2027-01-04", "2027-01-05"]


def test_dates_count_back_from_the_race() -> None:
    plan = plan_of("race = 2027-01-17 half marathon\n" + WEEKS)
    assert dates(plan) == ["2027-01-04", "2027-01-05", "2027-01-12", "2027-01-17"]
    assert plan.race == (dt.date(2027, 1, 17), "half marathon")


def test_an_eighteen_week_plan_ends_on_race_week() -> None:
    text = "race = 2027-04-18 marathon\n" + "".join(f"Week {n}\nSun: 10mi easy\n" for n in range(1, 19))
    plan = plan_of(text)
    assert plan.weeks[0].monday == dt.date(2026, 12, 14)
    assert plan.weeks[-1].days[-1].date == dt.date(2027, 4, 18)


def test_without_dates_weeks_stay_relative_until_start_places_them() -> None:
    assert dates(plan_of(WEEKS)) == ["Week 1 · Mon", "Week 1 · Tue", "Week 2 · Tue", "Week 2 · Sun"]
    assert dates(plan_of(WEEKS, start=dt.date(2027, 3, 1)))[0] == "2027-03-01"


def test_week_of_and_dated_days_place_the_plan() -> None:
    assert dates(plan_of("Week of 2027-01-04\nTue: 5mi easy\n")) == ["2027-01-05"]
    assert dates(plan_of("Week 1\n2027-01-05: 5mi easy\nWeek 2\nTue: 5mi easy\n")) == ["2027-01-05", "2027-01-12"]
    text = "start = 2027-01-04\nWeek 1\nTue 5 Jan: 5mi easy\nWeek 2\nTue Jan 12: 5mi easy\n"
    assert dates(plan_of(text)) == ["2027-01-05", "2027-01-12"]


def test_a_date_outside_its_week_is_refused_with_both_dates() -> None:
    (message,) = mistakes_of("start = 2027-01-04\nWeek 2\n2027-01-05: 5mi easy\n")
    assert "`2027-01-05:`" not in message
    assert "is 2027-01-05, outside week 2 (2027-01-11 to 2027-01-17)" in message
    assert message.startswith("<input>:3:1:")


def test_a_weekday_that_is_not_the_date_is_refused() -> None:
    (message,) = mistakes_of("start = 2027-01-04\nWeek 1\nWed 5 Jan: 5mi easy\n")
    assert "`Wed 5 Jan`: 2027-01-05 is a Tuesday" in message


def test_week_of_that_disagrees_with_start_is_refused() -> None:
    (message,) = mistakes_of("start = 2027-01-04\nWeek 1\nTue: 5mi easy\nWeek of 2027-01-25\nTue: 5mi easy\n")
    assert "week 2 is the week of 2027-01-11 by the plan's dates, not of 2027-01-25" in message


def test_no_such_day() -> None:
    (message,) = mistakes_of("start = 2027-02-30\nWeek 1\nTue: 5mi easy\n")
    assert "`2027-02-30` is no day of the calendar" in message


def test_weekly_totals() -> None:
    plan = plan_of("Week 1\nTue: 2k @T; 5min @T\nThu: 5k easy\nWeek 2\nSun: 10k easy\n")
    first, second = plan.weeks
    assert first.totals.meters == pytest.approx(5000 + 2000 + 300 / plan_of("Week 1\nTue: 1k @T\n").weeks[0]
                                                .totals.seconds * 1000, rel=1e-6)
    assert (first.totals.quality, second.totals.quality, plan.totals.workouts) == (1, 0, 3)
    zones = first.totals.zone_seconds()
    assert zones["threshold"] > 0 and zones["easy"] > 0
    assert plan.totals.meters == pytest.approx(first.totals.meters + second.totals.meters)
