"""A plan's outputs: the JSON weeks, the iCalendar file (read back by two independent parsers), the terminal
table, and the command line around them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

from strides.backends import RenderOptions, get_backend
from strides.cli.main import EXIT_INPUT, EXIT_OK, main
from strides.meaning.plan import Plan
from strides.pipeline import compile_each

EXAMPLE = Path(__file__).parents[2] / "examples" / "10k-plan.strides"
SAVED = dt.datetime(2027, 1, 2, 9, 30, tzinfo=dt.timezone.utc)
PLAN = """5k = 20:00
start = 2027-01-04
Base
Week 1
Mon: rest
Tue: wu 2mi easy; 4x1mi @T r1min; cd 1mi easy
Thu: 40min easy "hills, if you can"
Sun: 8mi easy
Week 2 (build)
Mon: rest; Tue: 8x400 @5k r400 jog / PM: 20min easy; Sun: 9mi easy
"""


def plan_of(text: str, saved: dt.datetime = SAVED) -> Plan:
    compiled = compile_each(text, filename="club.strides")
    assert not compiled.mistakes, [m.render() for m in compiled.mistakes]
    assert compiled.plan is not None
    return attrs.evolve(compiled.plan, saved=saved)


def render(format: str, plan: Plan) -> str:  # noqa: A002
    workouts = [w for _, w in plan.sessions()]
    made = get_backend(format).render(workouts, RenderOptions(plan=plan))
    assert isinstance(made, str)
    return made


def test_json_has_weeks_beside_workouts_each_with_its_date_and_week() -> None:
    document = json.loads(render("json", plan_of(PLAN)))
    first, second = document["weeks"]
    assert (first["week"], first["phase"], first["first_day"], first["rest_days"]) == (1, "base", "2027-01-04",
                                                                                       ["2027-01-04"])
    assert (second["week"], second["phase"], second["workouts"], second["quality"]) == (2, "build", 3, 1)
    assert set(first["zones"]) == {"recovery", "easy", "steady", "threshold", "interval", "max"}
    assert first["seconds"] == pytest.approx(sum(first["zones"].values()))
    workouts = document["workouts"]
    assert [(w["date"], w["week"], w["name"]) for w in workouts][:2] == [
        ("2027-01-05", 1, "Week 1 Tue"), ("2027-01-07", 1, "Week 1 Thu")]
    assert [w["name"] for w in workouts if w["date"] == "2027-01-12"] == ["Week 2 Tue", "Week 2 Tue PM"]
    assert sum(w["totals"]["meters"] for w in workouts) == pytest.approx(document["plan"]["totals"]["meters"])
    assert [p["phase"] for p in document["plan"]["phases"]] == ["base", "build"]


def test_files_of_workouts_keep_their_json() -> None:
    compiled = compile_each("Tue: 5mi easy", {"5k": "20:00"})
    assert compiled.plan is None
    assert "weeks" not in json.loads(str(get_backend("json").render(compiled.workouts, RenderOptions())))


def events_by_icalendar(text: str) -> dict[str, dict[str, object]]:
    import icalendar

    calendar = icalendar.Calendar.from_ical(text)
    return {str(event["uid"]): {"date": event.decoded("dtstart"), "summary": str(event["summary"]),
                                "sequence": int(event["sequence"]), "description": str(event["description"])}
            for event in calendar.walk("VEVENT")}


def test_ics_is_read_back_by_icalendar_and_by_ics() -> None:
    text = render("ics", plan_of(PLAN))
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = events_by_icalendar(text)
    assert len(events) == 6
    tuesday = next(e for e in events.values() if e["summary"] == "Week 1 Tue")
    assert tuesday["date"] == dt.date(2027, 1, 5)
    assert "threshold pace" in str(tuesday["description"]) and "line 6: Tue: wu 2mi easy" in str(tuesday["description"])
    thursday = next(e for e in events.values() if e["summary"] == "Week 1 Thu")
    assert "hills, if you can" in str(thursday["description"])  # a comma and a quote escaped and read back

    import ics  # an independent parser

    calendar = ics.Calendar(text)
    read = {event.uid: event for event in calendar.events}
    assert set(read) == set(events)
    assert {event.name for event in read.values()} == {str(e["summary"]) for e in events.values()}
    assert all(event.all_day for event in read.values())


def test_uids_stay_and_sequences_rise_when_a_workout_is_edited() -> None:
    before = events_by_icalendar(render("ics", plan_of(PLAN)))
    edited = PLAN.replace("4x1mi @T r1min", "5x1mi @T r1min")
    after = events_by_icalendar(render("ics", plan_of(edited, SAVED + dt.timedelta(hours=2))))
    assert set(after) == set(before)
    for uid, event in after.items():
        assert event["sequence"] > before[uid]["sequence"]
        assert event["date"] == before[uid]["date"]
    again = events_by_icalendar(render("ics", plan_of(PLAN)))
    assert again == before  # the same file makes the same calendar


def test_a_moved_workout_leaves_its_old_day() -> None:
    moved = events_by_icalendar(render("ics", plan_of(PLAN.replace("Thu: 40min", "Fri: 40min"))))
    assert sorted(str(e["date"]) for e in moved.values() if e["summary"].startswith("Week 1 F")) == ["2027-01-08"]
    assert not any(e["date"] == dt.date(2027, 1, 7) for e in moved.values())


def test_a_calendar_needs_dates() -> None:
    compiled = compile_each("Week 1\nTue: 5mi easy", {"5k": "20:00"})
    with pytest.raises(Exception, match="a calendar needs dates"):
        get_backend("ics").render(compiled.workouts, RenderOptions(plan=compiled.plan))


def test_the_terminal_table() -> None:
    table = render("card", plan_of(PLAN))
    lines = table.splitlines()
    assert lines[0].split() == ["week", "phase", "starts", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "km",
                                "time", "Q"]
    assert lines[2].split()[:6] == ["1", "base", "2027-01-04", "rest", "11.3*", "-"]
    assert lines[3].split()[3:5] == ["rest", "9.8*+"]
    assert lines[-1].startswith("club (2 weeks)")


def test_strides_plan_and_ics_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(EXAMPLE)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "  12  taper    2027-04-12" in out and "10k-plan (12 weeks)" in out
    target = tmp_path / "plan.ics"
    assert main(["compile", str(EXAMPLE), "-f", "ics", "-o", str(target)]) == EXIT_OK
    assert len(events_by_icalendar(target.read_text())) == 50


def test_start_places_a_plan_without_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "relative.strides"
    source.write_text("5k = 20:00\nWeek 1\nTue: 5mi easy\n")
    assert main(["compile", str(source), "-f", "ics"]) == EXIT_INPUT
    assert "a calendar needs dates" in capsys.readouterr().err
    assert main(["compile", str(source), "-f", "json", "--start", "2027-03-01"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["workouts"][0]["date"] == "2027-03-02"
    assert main(["plan", str(source), "--start", "1 March"]) != EXIT_OK
    assert "--start takes a date written YYYY-MM-DD" in capsys.readouterr().err
