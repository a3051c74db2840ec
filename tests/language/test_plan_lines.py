"""Reading a plan's structure: week headers, phases, days, rest days, doubles, weeks on one line and tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from strides.language.plan_lines import is_plan, read_plan
from strides.pipeline import compile_each

EXAMPLES = Path(__file__).parents[2] / "examples"


def days_of(text: str) -> list[tuple[int, str, str | None]]:
    lines = read_plan(text)
    assert lines is not None
    return [(lines.weeks[day.week].number, day.label.text, day.rest) for day in lines.days]


@pytest.mark.parametrize("name", ["hills", "long-run", "tempo", "track-400s", "week"])
def test_files_of_workouts_are_no_plans(name: str) -> None:
    assert not is_plan((EXAMPLES / f"{name}.strides").read_text())


@pytest.mark.parametrize("header, number, phase, note", [
    ("Week 1", 1, None, None),
    ("Week 3 (base)", 3, "base", None),
    ("Week 12 — taper", 12, "taper", None),
    ("week 6 - lighter, with a 5 km race", 6, None, "lighter, with a 5 km race"),
    ("Week 2: build phase", 2, "build", "build phase"),
])
def test_week_headers(header: str, number: int, phase: str | None, note: str | None) -> None:
    lines = read_plan(f"{header}\nTue: 5mi easy\n")
    assert lines is not None
    week = lines.weeks[0]
    assert (week.number, week.phase, week.note) == (number, phase, note)


def test_phase_headers_carry_to_the_weeks_after_them() -> None:
    lines = read_plan("Base\nWeek 1\nTue: 5mi easy\nPhase 2: build\nWeek 2\nTue: 5mi easy\nWeek 3\nTue: 5mi easy\n")
    assert lines is not None
    assert [week.phase for week in lines.weeks] == ["base", "build", "build"]


@pytest.mark.parametrize("label, weekday", [("Tue", 1), ("Tuesday", 1), ("tues", 1), ("2027-01-05", 1),
                                            ("Tue 5 Jan", 1), ("Tue Jan 5", 1), ("Sunday", 6)])
def test_day_labels(label: str, weekday: int) -> None:
    lines = read_plan(f"Week 1\n{label}: 5mi easy\n")
    assert lines is not None and not lines.mistakes
    assert lines.days[0].label.weekday == weekday
    assert lines.sessions[0].name.startswith("Week 1 ")


def test_numbered_days() -> None:
    lines = read_plan("Week 1\nDay 1: 20min easy\nDay 3: 20min easy\n")
    assert lines is not None
    assert [day.label.number for day in lines.days] == [1, 3]
    assert [s.name for s in lines.sessions] == ["Week 1 Day 1", "Week 1 Day 3"]


@pytest.mark.parametrize("rest", ["rest", "off", "Rest", "rest or cross-train", "Cross", "Easy walk", "CT or Rest",
                                  "Rest day, or yoga", "Day off"])
def test_rest_days_are_days_without_workouts(rest: str) -> None:
    compiled = compile_each(f"Week 1\nMon: {rest}\nTue: 5mi easy\n", {"5k": "20:00"})
    assert not compiled.mistakes
    assert compiled.plan is not None
    monday, tuesday = compiled.plan.weeks[0].days
    assert (monday.rest, monday.workouts) == (rest, ())
    assert len(tuesday.workouts) == 1


def test_a_week_on_one_line() -> None:
    text = "Week 3\nMon: rest; Tue: 8 x 400m @ 5K pace w/ 400m jog; Wed: 5 mi easy | Thu: off\n"
    compiled = compile_each(text, {"5k": "20:00"})
    assert not compiled.mistakes
    assert days_of(text) == [(3, "Mon", "rest"), (3, "Tue", None), (3, "Wed", None), (3, "Thu", "off")]
    assert [w.name for w in compiled.workouts] == ["Week 3 Tue", "Week 3 Wed"]
    assert [len(w.timeline) for w in compiled.workouts] == [15, 1]


def test_a_week_header_and_its_days_on_one_line() -> None:
    text = "Week 2 (build): Mon: rest; Tue: 6x800 @5k r400 jog; Sun: 12mi easy\n"
    compiled = compile_each(text, {"5k": "20:00"})
    assert not compiled.mistakes
    assert compiled.plan is not None and compiled.plan.weeks[0].phase == "build"
    assert [w.name for w in compiled.workouts] == ["Week 2 Tue", "Week 2 Sun"]


@pytest.mark.parametrize("text", ["Week 1\nTue: 8x400 @5k r400 / PM: 30min easy\n",
                                  "Week 1\nTue: 8x400 @5k r400\nPM: 30min easy\n",
                                  "Week 1\nTue: 8x400 @5k r400\nTue: 30min easy\n"])
def test_doubles(text: str) -> None:
    compiled = compile_each(text, {"5k": "20:00"})
    assert not compiled.mistakes
    assert compiled.plan is not None
    (tuesday,) = compiled.plan.weeks[0].days if "PM" in text else compiled.plan.weeks[0].days[:1]
    if "PM" in text:
        assert [w.name for w in tuesday.workouts] == ["Week 1 Tue", "Week 1 Tue PM"]
    assert len(compiled.workouts) == 2


def test_a_day_among_the_steps_of_another_is_refused() -> None:
    compiled = compile_each("Week 1\nMon: 5mi easy Tue: 8x400 @5k r400\n", {"5k": "20:00"})
    assert compiled.mistakes
    message = compiled.mistakes[0].render()
    assert "`Tue:` stands among the steps of the day before it" in message
    assert "put `;` or `|` between the days" in message


def test_steps_outside_any_day_are_refused() -> None:
    compiled = compile_each("Week 1\n5mi easy\nTue: 5mi easy\n")
    assert compiled.mistakes[0].render().startswith("<input>:2:1: steps that belong to no day of the plan")


def test_a_table_of_weeks() -> None:
    text = ("| Week | Mon | Tue | Wed | Thu | Fri | Sat | Sun | Total |\n|---|---|---|---|---|---|---|---|---|\n"
            "| 1 | Off | 30 min run | Off | 30 min run | Easy walk | Off | 5 mile run | 9 |\n")
    compiled = compile_each(text)
    assert not compiled.mistakes
    assert compiled.plan is not None
    assert [d.label for d in compiled.plan.weeks[0].days] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert [w.name for w in compiled.workouts] == ["Week 1 Tue", "Week 1 Thu", "Week 1 Sun"]


def test_a_mistake_keeps_its_place_in_the_file() -> None:
    compiled = compile_each("Week 1\nMon: rest; Tue: 8x400 @5k r35\n", {"5k": "20:00"})
    (mistake,) = compiled.mistakes
    assert mistake.span is not None and (mistake.span.line, mistake.span.column) == (2, 27)


def test_profile_changes_apply_from_where_they_stand() -> None:
    text = "5k = 20:00\nWeek 1\nTue: 1k @5k\n5k = 18:40\nWeek 2\nTue: 1k @5k\n"
    first, second = compile_each(text).workouts
    assert first.total_seconds == pytest.approx(240, abs=1)
    assert second.total_seconds < 230


def test_each_day_of_a_line_keeps_its_own_mistake() -> None:
    compiled = compile_each("Week 1\nTue: 8x400 @5k r35; Wed: 5mi easy; Thu: 6x1k @10k r33\n", {"5k": "20:00"})
    assert [(m.span.line, m.span.column) for m in compiled.mistakes if m.span] == [(2, 16), (2, 51)]
    assert [w.name for w in compiled.workouts] == ["Week 1 Wed"]


def test_every_plan_the_reader_finds_is_looked_for() -> None:
    """The pipeline loads the plan reader only for a text its quick look may call a plan: every plan in these
    tests and the examples must pass that look."""
    import ast as python_ast

    from strides.language.plan_lines import read_plan
    from strides.pipeline import _MAYBE_A_PLAN

    here = Path(__file__).parent
    texts = [path.read_text(encoding="utf-8") for path in EXAMPLES.glob("*.strides")]
    for module in (here / "test_plan_lines.py", here / "test_published_plans.py"):
        texts += [node.value for node in python_ast.walk(python_ast.parse(module.read_text(encoding="utf-8")))
                  if isinstance(node, python_ast.Constant) and isinstance(node.value, str)]
    plans = [text for text in texts if read_plan(text) is not None]
    assert len(plans) > 20
    assert [text for text in plans if not _MAYBE_A_PLAN.search(text)] == []
