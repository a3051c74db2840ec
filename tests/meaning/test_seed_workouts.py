"""Every workout of SEED_WORKOUTS.md, with what its timeline must show."""

from __future__ import annotations

import math
from typing import Any

import pytest
from conftest import GOLDEN, check_golden, timeline
from seeds import S19, S20, SEEDS

from strides.backends import RenderOptions, get_backend
from strides.pipeline import compile_text

MILE = 1609.344
Steps = list[dict[str, Any]]


# An independent statement of the Daniels–Gilbert equations, so the pace model is checked, not echoed.
def _vdot(meters: float, seconds: float) -> float:
    minutes = seconds / 60
    v = meters / minutes
    cost = -4.60 + 0.182258 * v + 0.000104 * v * v
    return cost / (0.8 + 0.1894393 * math.exp(-0.012778 * minutes) + 0.2989558 * math.exp(-0.1932605 * minutes))


def _equivalent_pace(from_meters: float, from_seconds: float, meters: float) -> float:
    target, low, high = _vdot(from_meters, from_seconds), 60.0, 60.0 * 600
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if _vdot(meters, middle) > target else (low, middle)
    return (low + high) / 2 / meters * 1000


def _t_pace(vdot: float) -> float:
    a, b, c = 0.000104, 0.182258, -4.60 - 0.88 * vdot
    return 60000 / ((-b + math.sqrt(b * b - 4 * a * c)) / (2 * a))


def reps(steps: Steps) -> Steps:
    return [s for s in steps if s["intensity"] == "active"]


def of(steps: Steps, intensity: str) -> Steps:
    return [s for s in steps if s["intensity"] == intensity]


def around(step: dict[str, Any], pace: float, slack: float = 0.05) -> bool:
    fast, slow = step["target"]["pace"]
    return fast - slack <= pace <= slow + slack


def exact(step: dict[str, Any]) -> float:
    return float(step["target"]["exact"])


def meters(step: dict[str, Any]) -> float:
    return float(step["duration"]["meters"])


def seconds(step: dict[str, Any]) -> float:
    return float(step["duration"]["seconds"])


def test_twelve_by_four_hundred_with_an_all_out_last_rep() -> None:
    steps = timeline("wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min", S19)
    assert len(steps) == 25
    assert steps[0]["intensity"] == "warmup" and seconds(steps[0]) == 900
    assert steps[-1]["intensity"] == "cooldown" and seconds(steps[-1]) == 600
    work = reps(steps)
    assert [meters(s) for s in work] == [400] * 12
    for rep in work[:11]:
        assert around(rep, 220.5) and exact(rep) == pytest.approx(220.5)
        assert rep["split"] == pytest.approx(88.2)
    assert work[11]["target"] == {"effort": "all-out"} and work[11]["split"] is None
    assert [r["rep"] for r in work] == [[k, 12] for k in range(1, 13)]
    rests = of(steps, "rest")
    assert len(rests) == 11 and all(seconds(r) == 35 for r in rests)
    assert steps[-2] == work[11]  # no rest after the last rep


def test_beginner_ranges_run_their_lower_end_and_name_the_range() -> None:
    steps = timeline("wu 15-20min; 4-6x400 @5k r200 jog; cd 10-15min", S19)
    assert len(reps(steps)) == 4 and all(around(r, 228.0) for r in reps(steps))
    jogs = of(steps, "recovery")
    assert len(jogs) == 3 and all(meters(j) == 200 and j["kind"] == "jog" for j in jogs)
    assert seconds(steps[0]) == 900 and steps[0]["note"] == "15–20 min"
    assert seconds(steps[-1]) == 600 and steps[-1]["note"] == "10–15 min"


def test_strides_take_an_effort_not_a_pace() -> None:
    steps = timeline("8-10x100 strides", S19)
    assert len(steps) == 8 and all(s["kind"] == "strides" and "effort" in s["target"] for s in steps)


def test_sixteen_by_four_hundred_with_one_to_one_recovery_and_hammer_reps() -> None:
    text = ("wu 15min easy; stretch 10min; drills 10min; 16x400 @5k r1:1; reps 12,16 all-out; cd 15min easy; "
            "stretch 10min")
    steps = timeline(text, S19)
    assert len(steps) == 36
    work = [s for s in reps(steps) if s["duration"].get("meters") == 400]
    assert len(work) == 16
    assert work[11]["target"] == {"effort": "all-out"} and work[15]["target"] == {"effort": "all-out"}
    assert all(around(r, 228.0) for i, r in enumerate(work) if i not in (11, 15))
    rests = [s for s in steps if s["kind"] == "rest"]
    assert len(rests) == 15 and all(seconds(r) == pytest.approx(91.2) for r in rests)


def test_mile_repeats_at_an_absolute_pace_with_walk_range() -> None:
    steps = timeline("wu 1mi easy; 4x1mi @7:00/mi r90-120s walk; cd 1mi easy", S19)
    assert len(steps) == 9
    work = [s for s in steps if s["kind"] == "run"]
    assert len(work) == 4 and all(exact(r) == pytest.approx(260.976, abs=0.001) for r in work)
    walks = of(steps, "recovery")
    assert len(walks) == 3 and all(seconds(w) == 90 and w["note"] == "90–120 s" for w in walks)


def test_five_k_pace_is_the_equivalent_of_a_marathon_goal() -> None:
    steps = timeline("wu 1mi; 4x100 strides; 5x800 @5k r400 jog; cd 1.5mi", {"marathon": "3:45:00"})
    eights = [s for s in steps if s["duration"].get("meters") == 800]
    want = _equivalent_pace(42195, 3 * 3600 + 45 * 60, 5000)
    assert len(eights) == 5 and all(exact(s) == pytest.approx(want, abs=0.05) for s in eights)


def test_two_mile_reps_are_exact_miles() -> None:
    steps = timeline("wu 1mi; 2x2mi @8:30/mi r2min jog; cd 1mi", S19)
    assert len(steps) == 5 and [meters(s) for s in reps(steps)] == [3218.688, 3218.688]


def test_reps_with_no_recovery_written_have_none() -> None:
    steps = timeline("5x1000 @5k", S20)
    assert len(steps) == 5 and all(exact(s) == pytest.approx(240.0) for s in steps)


def test_mile_pace_is_the_equivalent_of_the_five_k() -> None:
    steps = timeline("10x200 @mile", S20)
    want = _equivalent_pace(5000, 1200, MILE)
    assert len(steps) == 10 and all(exact(s) == pytest.approx(want, abs=0.05) for s in steps)


def test_a_note_goes_on_every_stride() -> None:
    steps = timeline('8x20s strides r1min walk "on grass"', S20)
    strides = [s for s in steps if s["kind"] == "strides"]
    walks = [s for s in steps if s["kind"] == "walk"]
    assert len(strides) == 8 and len(walks) == 7
    assert all(s["note"] == "on grass" for s in strides)


def test_hill_sprints_are_efforts() -> None:
    steps = timeline("4x10s hill sprint r2min walk", S20)
    hills = [s for s in steps if s["kind"] == "hill"]
    assert len(hills) == 4 and all(s["target"] == {"effort": "all-out"} for s in hills)


def test_a_fartlek_round_keeps_its_last_jog() -> None:
    steps = timeline("6-8x(1min hard, 2min jog)", S20)
    assert len(steps) == 12 and steps[-1]["kind"] == "jog"
    assert [s["target"] for s in steps[::2]] == [{"effort": "hard"}] * 6


def test_recovery_range_uses_its_lower_end() -> None:
    steps = timeline("4-6x200 @mile r200-400 jog", S20)
    jogs = of(steps, "recovery")
    assert len(reps(steps)) == 4 and len(jogs) == 3 and all(meters(j) == 200 for j in jogs)
    assert jogs[0]["note"] == "200–400 m"


def test_last_minutes_of_an_easy_run_at_threshold() -> None:
    steps = timeline("30min easy; last 5-10min @T", S20)
    assert [seconds(s) for s in steps] == [1500, 300]
    assert exact(steps[1]) == pytest.approx(_t_pace(_vdot(5000, 1200)), abs=0.05)
    assert steps[0]["target"]["pace"][0] < steps[0]["target"]["pace"][1]  # easy is a range


@pytest.mark.parametrize(("text", "count"), [
    ("wu 15min; 8-12x400 @5k r200 jog; cd 10min", 17),
    ("15min @T; 3min jog; 2x800 @5k r2min", 5),
    ("10x200 @mile float 200 @mp", 19),
    ("6x1min hill hard jog back", 11),
    ("3x90s hill @5k jog back; 4x15s hill sprint walk back", 12),
    ("3x1mi @T r1min jog; 4x200 @5k", 9),
    ("8x(400 @5k, 200 @mp)", 16),
    ("8x150 all-out r3min walk; 4x200 @mile-3s r full", 22),
    ("2mi @T; 4x400 @mile r200 jog; 2mi @T", 9),
    ("3x8min @T r90s jog", 5),
    ("3x5k @mp r5min jog; 5k @hm", 6),
    ("9x(1mi @mp, 1mi @mp+20s/mi)", 18),
    ("5x3min hard r2min jog", 9),
    ("2x(90s hard, 90s float); 4x(60s hard, 60s float); 4x(30s hard, 30s float); 4x(15s hard, 15s float)", 28),
    ("10x(60 sprint, 60 float)", 20),
    ("wu 2mi; 6x800 @5k r400 jog; cd 2mi", 13),
    ("40min @z2", 1),
])
def test_step_counts(text: str, count: int) -> None:
    assert len(timeline(text, S20)) == count


def test_floats_run_at_marathon_pace() -> None:
    steps = timeline("10x200 @mile float 200 @mp", S20)
    floats = [s for s in steps if s["kind"] == "float"]
    want = _equivalent_pace(5000, 1200, 42195)
    assert len(floats) == 9 and all(meters(f) == 200 and exact(f) == pytest.approx(want, abs=0.05) for f in floats)


def test_jog_back_waits_for_the_lap_button() -> None:
    steps = timeline("6x1min hill hard jog back", S20)
    backs = [s for s in steps if s["duration"] == {"open": True}]
    assert len(backs) == 5 and all(b["kind"] == "jog" for b in backs)


def test_fast_finish_splits_the_long_run() -> None:
    steps = timeline("12mi easy; last 3mi @hm", S20)
    assert meters(steps[0]) == pytest.approx(9 * MILE) and meters(steps[1]) == pytest.approx(3 * MILE)
    assert exact(steps[1]) == pytest.approx(_equivalent_pace(5000, 1200, 21097.5), abs=0.05)


def test_progression_ends_exactly_at_threshold() -> None:
    steps = timeline("10x1mi @T+90s/mi; each -10s/mi", S20)
    assert len(steps) == 10 and not of(steps, "rest") and not of(steps, "recovery")
    paces = [exact(s) for s in steps]
    assert all(a - b == pytest.approx(10 / 1.609344) for a, b in zip(paces, paces[1:], strict=False))
    assert paces[-1] == pytest.approx(_t_pace(_vdot(5000, 1200)), abs=0.05)


def test_strides_after_a_session_can_have_a_pace() -> None:
    steps = timeline("8x400 @5k r200 jog; 4x100 strides @5k-5s", S20)
    strides = [s for s in steps if s["kind"] == "strides"]
    assert len(strides) == 4 and all(exact(s) == pytest.approx(240.0 - 12.5) for s in strides)


def test_alternators_have_no_rest() -> None:
    steps = timeline("8x(400 @5k, 200 @mp)", S20)
    assert not of(steps, "rest") and all(exact(s) == pytest.approx(240.0) for s in steps[::2])


def test_a_group_takes_its_recovery_between_items() -> None:
    steps = timeline("(1600 @10k, 1200 @5k, 800 @3k, 400 @mile) r2min", S20)
    assert [meters(s) for s in reps(steps)] == [1600, 1200, 800, 400]
    assert [seconds(s) for s in of(steps, "rest")] == [120, 120, 120]
    paces = [exact(s) for s in reps(steps)]
    assert paces == sorted(paces, reverse=True)  # each one faster


def test_pyramid() -> None:
    steps = timeline("200/400/600/800/600/400/200 @5k r200 jog", S20)
    assert [meters(s) for s in reps(steps)] == [200, 400, 600, 800, 600, 400, 200]
    assert len(of(steps, "recovery")) == 6


def test_alternating_miles_add_twenty_seconds_a_mile() -> None:
    steps = timeline("9x(1mi @mp, 1mi @mp+20s/mi)", S20)
    pairs = zip(steps[::2], steps[1::2], strict=True)
    assert all(exact(b) - exact(a) == pytest.approx(20 / 1.609344) for a, b in pairs)


def test_sets_take_a_set_rest_between_them() -> None:
    steps = timeline("2x(4x400 @5k r200 jog) r5min", S20)
    assert len(reps(steps)) == 8
    assert len([s for s in steps if s["duration"].get("meters") == 200]) == 6
    assert [seconds(s) for s in of(steps, "rest")] == [300]


def test_heart_rate_zone_from_max_heart_rate() -> None:
    steps = timeline("40min @z2", S20)
    assert steps[0]["target"]["hr"] == [114, 133]


@pytest.mark.parametrize(("seed_id", "text", "settings"), SEEDS, ids=[s[0] for s in SEEDS])
def test_timeline_golden(seed_id: str, text: str, settings: dict[str, str]) -> None:
    rendered = get_backend("json").render(compile_text(text, settings), RenderOptions())
    check_golden(GOLDEN / "json" / f"{seed_id}.json", str(rendered))
