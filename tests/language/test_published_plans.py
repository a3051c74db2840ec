"""Plan weeks as published, in their own layout, read into the weeks and days they print.

Sources (each week copied as printed; only the table's pipes restored where the page was flattened):
- GALLOWAY: Jeff Galloway's half marathon program for runners with a time goal, as printed at
  http://www.halfmarathoners.com/half-marathon-training-resources/jeff-galloway-half-marathon-training-programs/runners-with-a-time-goal
- COACH_LADD: 2L Coaching's marathon running plan, RaceTimes August/September 2019, p. 29,
  https://fliphtml5.com/fhlz/fppn/AugustSeptember_RaceTimes_2019/29
- COUCH_TO_5K: the nine-week Couch to 5K, as printed at https://fromcouch.com
"""

from __future__ import annotations

import pytest

from strides.pipeline import compile_each

HEAD = ("| Week | Monday | Tuesday | Wednesday | Thursday | Friday | Saturday | Sunday |\n"
        "|---|---|---|---|---|---|---|---|\n")

GALLOWAY = HEAD + """| 1 | Off | 30 min run | Off | 30 min run | Easy walk | Off | 5 mile run |
| 3 | Off | 35 min run | Off | 35 min run | Easy walk | Off | 7.5 mile run |
| 4 | Off | 45 min run | Off | 40 min run | Easy walk | Off | 4 x 800 |
| 5 | Off | 45 min run | Off | 40 min run | Easy walk | Off | 9 mile run |
| 7 | Off | 45 min run | Off | 45 min run | Easy walk | Off | 11 mile run |
| 9 | Off | 45 min run | Off | 45 min run | Easy walk | Off | 13 mile run |
| 10 | Off | 45 min run | Off | 45 min run | Easy walk | Off | 10 x 800 |
| 11 | Off | 45 min run | Off | 45 min run | Easy walk | Off | 15 mile run |
| 12 | Off | 45 min run | Off | 45 min run | Easy walk | Off | 12 x 800 |
| 13 | Off | 45 min run | Off | 45 min run | Easy walk | Off | 17 mile run |
| 16 | Off | 45 min run | Off | 45 min run | Easy walk | Off | 4 mile run |
| 17 | Off | 45 min run | Off | 45 min run | Easy walk | Off | 6-12 mile run |
"""

# The weeks of the same table whose cells use words strides does not read (MM: Galloway's magic mile).
GALLOWAY_UNREAD = HEAD + """| 2 | Off | 35 min run + MM | Off | 35 min run | Easy walk | Off | 6 mile run |
| 6 | Off | 45 min run + MM | Off | 45 min run | Easy walk | Off | 6 x 800 |
| 8 | Off | 45 min run + MM | Off | 45 min run | Easy walk | Off | 8 x 800 |
| 14 | Off | 45 min run | Off | 45 min run | Easy walk | Off | Easy 5 miles/MM |
| 15 | Off | 45 min run | Off | 45 min run | Easy walk | Off | Goal race |
"""

COACH_LADD = HEAD + """| 1 | Rest | 3 miles | CT* | 3 miles | Rest | Rest | 6 miles |
| 2 | Rest | 3 miles | Rest | 4 miles | CT or Rest | Rest | 7 miles |
| 4 | Rest | 4 miles | CT | 5 miles | CT or Rest | Rest | 9 miles |
"""

COUCH_TO_5K = """Week 1 - training for a 5k
Monday: 5-minute brisk walk, followed by 1-minute jogging/running and 1:30 minutes of walking.
Tuesday: Rest day, or yoga
Wednesday: 5-minute brisk walk, followed by 1-minute jogging/running and 1:30 minutes of walking.
Thursday: Cross training like weightlifting or cardio class like Zumba
Friday: Rest Day
Saturday: 5-minute brisk walk, followed by 1-minute running and 1:30 minutes of walking.
Sunday: Rest day
Week 2 - couch to 5k training plan
Monday: 5-minute brisk walk, followed by 1-and-a-half minute running and 2 minutes of walking.
Tuesday: Rest day, or yoga
Wednesday: 5-minute brisk walk, followed by 1-and-a-half minute running and 2 minutes of walking.
Thursday: Cross training like weightlifting or cardio class like Zumba
Friday: Rest Day
Saturday: 5-minute brisk walk, followed by 1-and-a-half minute running and 2 minutes of walking.
Sunday: Rest day
Week 3
Monday: 5-minute brisk walk, then 2 repetitions of 1-and-a-half minutes of running, 1-and-a-half minutes of walking, 3 minutes of running and 3 minutes of walking.
Tuesday: Rest day, or yoga
Wednesday: 5-minute brisk walk, then 2 repetitions of 1-and-a-half minutes of running, 1-and-a-half minutes of walking, 3 minutes of running and 3 minutes of walking.
Thursday: Cross training like weightlifting or cardio class like Zumba
Friday: Rest Day
Saturday: 5-minute brisk walk, then 2 repetitions of 1-and-a-half minutes of running, 1-and-a-half minutes of walking, 3 minutes of running and 3 minutes of walking.
Sunday: Rest day
"""  # noqa: E501 - as printed


def weeks_of(text: str, complete: bool = True) -> list[tuple[int, list[str]]]:
    """Each week's number and its days, a day shown as its rest or its workouts' names."""
    compiled = compile_each(text, {"5k": "25:00"})
    if complete:
        assert not compiled.mistakes, [m.render() for m in compiled.mistakes]
    assert compiled.plan is not None
    return [(week.number, [day.rest or ("run" if day.workouts else "unread") for day in week.days])
            for week in compiled.plan.weeks]


def test_galloway_time_goal_half_marathon() -> None:
    weeks = weeks_of(GALLOWAY)
    assert [number for number, _ in weeks] == [1, 3, 4, 5, 7, 9, 10, 11, 12, 13, 16, 17]
    assert all(days == ["Off", "run", "Off", "run", "Easy walk", "Off", "run"] for _, days in weeks)
    compiled = compile_each(GALLOWAY, {"5k": "25:00"})
    assert compiled.plan is not None
    sunday = compiled.plan.weeks[-1].days[-1].workouts[0]
    assert sunday.timeline[0].duration.meters == pytest.approx(6 * 1609.344)  # `6-12 mile run` runs the lower end


def test_galloway_weeks_with_the_magic_mile_keep_their_days() -> None:
    compiled = compile_each(GALLOWAY_UNREAD, {"5k": "25:00"})
    assert compiled.plan is not None
    assert [len(week.days) for week in compiled.plan.weeks] == [7] * 5
    assert len(compiled.mistakes) == 5  # each unread cell, once; the other days compile
    assert len(compiled.workouts) == 5 * 3 - 5


def test_coach_ladd_marathon() -> None:
    assert weeks_of(COACH_LADD) == [
        (1, ["Rest", "run", "CT*", "run", "Rest", "Rest", "run"]),
        (2, ["Rest", "run", "Rest", "run", "CT or Rest", "Rest", "run"]),
        (4, ["Rest", "run", "CT", "run", "CT or Rest", "Rest", "run"]),
    ]


def test_couch_to_5k_weeks_and_rest_days() -> None:
    """The weeks and rest days are read; the runs, written in prose, are refused one by one."""
    weeks = weeks_of(COUCH_TO_5K, complete=False)
    assert [number for number, _ in weeks] == [1, 2, 3]
    for _, days in weeks:
        assert [days[1], days[3], days[4], days[6]] == [
            "Rest day, or yoga", "Cross training like weightlifting or cardio class like Zumba", "Rest Day", "Rest day"]
        assert [days[0], days[2], days[5]] == ["unread"] * 3
