"""The resolver's passes: through fixture files per stage (tests/meaning/fixtures/<stage>/*.txt, input and expected
output side by side), and each pass alone on a model built for it."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from casefile import Case, check_cases
from modeldump import dump_diagnostic, dump_workout
from seeds import SEEDS

from strides.errors import StridesError, StridesWarning
from strides.language import ast
from strides.language.parse import parse
from strides.meaning import model
from strides.meaning.passes.context import Context
from strides.meaning.passes.estimates import estimate, estimated, likely_paces
from strides.meaning.passes.expand import expand, unexpanded
from strides.meaning.passes.levels import grade, step_level, zone_of
from strides.meaning.passes.limits import MAX_STEPS, check_size
from strides.meaning.passes.modifiers import change_reps, each_rep, modify
from strides.meaning.passes.recoveries import recovery
from strides.meaning.passes.targets import target
from strides.meaning.passes.walk import each_step, map_steps
from strides.meaning.passes.warnings import warnings
from strides.meaning.profile import Runner, runner_from, settings_from_pairs
from strides.meaning.resolve import PASSES, Resolution, resolve

FIXTURES = Path(__file__).parent / "fixtures"
FIVE_K = Runner(races=(("5k", 1140.0),))
MILE_6 = Runner(races=(("mile", 360.0),))


def _expanded(source: ast.WorkoutSource, runner: Runner) -> model.Workout:
    context = Context(runner, source)
    return expand(unexpanded(context), context)


def sources(case: Case) -> list[tuple[ast.WorkoutSource, Runner]]:
    extra = settings_from_pairs(case.settings)
    return [(source, runner_from((*source.settings, *extra))) for source in parse(case.text)]


def expanded(case: Case) -> list[str]:
    lines = []
    for source, runner in sources(case):
        try:
            lines += dump_workout(_expanded(source, runner), estimates=False)
        except StridesError as error:
            lines.append(dump_diagnostic(error))
    return lines


def resolved(case: Case) -> list[str]:
    try:
        found = sources(case)
    except StridesError as error:
        return [dump_diagnostic(error)]
    lines = []
    for source, runner in found:
        resolution = resolve(source, runner)
        lines += [dump_diagnostic(d) for d in resolution.diagnostics]
        if resolution.workout is not None:
            lines += dump_workout(resolution.workout)
    return lines


# ---- fixture files --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["blocks", "targets"])
def test_expand_fixtures(name: str) -> None:
    check_cases(FIXTURES / "expand" / f"{name}.txt", expanded)


def test_resolved_edge_cases() -> None:
    check_cases(FIXTURES / "resolved" / "edge_cases.txt", resolved)


def test_resolved_seeds() -> None:
    head = ["# The whole resolver on every seed workout (tests/helpers/seeds.py): the resolved model, estimates,",
            "# levels and zones. Written from tests/helpers/seeds.py; regenerate with STRIDES_UPDATE_GOLDENS=1.", ""]
    cases = [Case(seed_id, text, settings) for seed_id, text, settings in SEEDS]
    check_cases(FIXTURES / "resolved" / "seeds.txt", resolved, cases, head)


# ---- the driver ---------------------------------------------------------------------------------------------


def one(text: str, runner: Runner = FIVE_K) -> Resolution:
    [source] = parse(text)
    return resolve(source, runner)


def test_passes_run_in_a_fixed_order_expand_first() -> None:
    assert PASSES == (expand, check_size, estimate, grade)


def test_a_resolution_holds_the_workout_and_its_warnings() -> None:
    resolution = one("400 @2:50/km", MILE_6)
    assert resolution.workout is not None and resolution.error is None
    assert [w.message.split(" works")[0] for w in resolution.warnings] == ["@2:50/km"]
    assert resolution.result is resolution.workout


def test_a_resolution_that_fails_holds_the_mistake_and_no_workout() -> None:
    resolution = one("400 @z2")
    assert resolution.workout is None
    assert resolution.error is not None and "needs maxhr" in resolution.error.message
    assert resolution.result is resolution.error


def test_a_failed_workout_carries_no_warnings_about_steps_it_never_resolved() -> None:
    assert one("400 @2:50/km; 400 @z2", MILE_6).warnings == ()


# ---- expand -------------------------------------------------------------------------------------------------


def expand_one(text: str, runner: Runner = FIVE_K) -> model.Workout:
    [source] = parse(text)
    return _expanded(source, runner)


def test_expand_keeps_a_repeat_as_its_work_count_and_recovery() -> None:
    [repeat] = expand_one("12x400 @5k r35s").items
    assert isinstance(repeat, model.Repeat)
    assert (repeat.count, len(repeat.work), repeat.between and repeat.between.duration) == (12, 1, model.Time(35))


def test_expand_adds_no_estimates_or_levels() -> None:
    [step] = expand_one("1k @5k").items
    assert isinstance(step, model.Step)
    assert (step.estimated_seconds, step.level, step.zone) == (None, model.UNTARGETED_LEVEL, model.Zone.easy)


def test_expand_refuses_a_workout_with_no_steps() -> None:
    source = ast.WorkoutSource("Empty", (), ())
    with pytest.raises(StridesError, match="has no steps"):
        _expanded(source, FIVE_K)


def test_expand_refuses_a_block_too_large_where_it_is_written() -> None:
    with pytest.raises(StridesError, match="unrolls to 19,900 steps") as caught:
        expand_one("400; 100x(100x400 r200)")
    assert caught.value.span is not None and caught.value.span.column == 6


# ---- the pieces expand is made of ----------------------------------------------------------------------------


def test_a_target_says_what_it_was_resolved_from() -> None:
    pace = target(ast.NamedPace(ast.PaceName("5k", "5k"), ast.Offset(-3.0, None, "-3s")), model.Distance(400), FIVE_K)
    assert isinstance(pace, model.Pace)
    assert pace.basis == model.RacePace("5k", 5000.0, model.Offset(-3.0, 400.0, per_lap=True))
    assert pace.exact == pytest.approx(228 - 7.5)


def test_a_zone_says_its_scheme() -> None:
    runner = Runner(maxhr=190.0, lthr=170.0)
    heart_rate = target(ast.HeartRateZone(3), model.Time(600), runner)
    assert isinstance(heart_rate, model.HeartRate)
    assert heart_rate.basis == model.HeartRateZone(3, model.ZoneScheme.lthr)
    assert (heart_rate.low, heart_rate.high) == (153, 160)


def test_an_rpe_effort_carries_its_number() -> None:
    assert target(ast.EffortWord("rpe 7"), model.Time(60), FIVE_K) == model.Effort("rpe 7", 7.0)
    assert target(ast.EffortWord("hard"), model.Time(60), FIVE_K) == model.Effort("hard")


def test_a_ratio_recovery_rests_for_the_split_of_what_it_follows() -> None:
    rep = expand_one("400 @5k").items[0]
    rest = recovery(ast.Recovery("rest", ratio=1.0, text="r1:1"), [rep], FIVE_K)
    assert rest.duration == model.Time(pytest.approx(91.2))
    assert rest.intensity == model.Intensity.rest


def test_a_modifier_records_the_reps_it_changes_by_number() -> None:
    block = expand_one("2x(4x400 @5k r200) r5min").items[0]
    assert isinstance(block, model.Repeat)
    changed = modify(block, ast.Last(None, ast.EffortWord("all-out")), FIVE_K)
    assert isinstance(changed, model.Repeat)
    assert [number for number, _ in changed.changes] == [8]
    assert changed.work == block.work, "the work of a round is untouched"


def test_change_reps_sees_earlier_changes() -> None:
    block = model.Repeat((model.Step("run", "active", model.Distance(400.0), model.Effort("hard")),), count=3)
    first = change_reps(block, [3], lambda k, rep: attrs.evolve(rep, note="first"))
    second = change_reps(first, [3], lambda k, rep: attrs.evolve(rep, text=f"{rep.note} then second"))
    assert isinstance(second, model.Repeat)
    assert second.changed[3].text == "first then second"


def test_each_rep_changes_work_and_changes_but_not_recoveries() -> None:
    rep = model.Step("run", "active", model.Distance(400.0))
    rest = model.Step("rest", "rest", model.Time(60.0))
    block = model.Repeat((rep,), count=2, between=rest, changes=((2, rep),))
    noted = each_rep(block, lambda step: attrs.evolve(step, note="n"))
    assert isinstance(noted, model.Repeat)
    assert [s.note for s in model.unroll((noted,))] == ["n", None, "n"]


# ---- the passes after expand, each alone ----------------------------------------------------------------------


def workout(*items: model.Node, profile: model.Profile | None = None) -> model.Workout:
    return model.Workout("w", items, profile or model.Profile(""))


def test_check_size_refuses_more_steps_than_a_workout_holds() -> None:
    rep = model.Step("run", "active", model.Distance(400.0))
    fits = workout(model.Repeat((rep,), count=MAX_STEPS))
    assert check_size(fits, Context(FIVE_K)) is fits
    with pytest.raises(StridesError, match="unrolls to 10,001 steps"):
        check_size(workout(*fits.items, rep), Context(FIVE_K))


def test_estimate_times_a_distance_at_its_pace_and_a_walk_at_walking_pace() -> None:
    rep, = expand_one("400 @5k").items
    walk = model.Step("walk", "recovery", model.Distance(200.0))
    found = estimate(workout(rep, walk), Context(FIVE_K))
    assert [(s.estimated_seconds, s.estimated_meters) for s in found.timeline] == [
        (pytest.approx(91.2), 400.0), (120.0, 200.0)]


def test_estimate_leaves_open_steps_without_a_time() -> None:
    step = model.Step("jog", "recovery", model.Open())
    found = estimated(step, likely_paces(FIVE_K))
    assert (found.estimated_seconds, found.estimated_meters) == (None, None)


def test_estimate_reaches_every_stored_step() -> None:
    rep = model.Step("run", "active", model.Time(60.0))
    rest = model.Step("rest", "rest", model.Time(30.0))
    found = estimate(workout(model.Repeat((rep,), count=3, between=rest, changes=((3, rep),))), Context(FIVE_K))
    assert all(step.estimated_seconds is not None for step in each_step(found.items))


def test_grade_sets_each_steps_level_and_zone() -> None:
    steps = (model.Step("sprint", "active", model.Distance(60.0)), model.Step("rest", "rest", model.Time(60.0)))
    graded = grade(workout(*steps), Context(Runner()))
    assert [(s.level, s.zone) for s in graded.timeline] == [(1.0, "max"), (0.1, "recovery")]


def test_a_pace_is_graded_by_its_cost_against_the_vdot() -> None:
    easy, threshold, mile = (expand_one(f"1k @{p}", FIVE_K).items[0] for p in ("E", "T", "mile"))
    vdot = FIVE_K.vdot
    assert [zone_of(step_level(s, vdot)) for s in (easy, threshold, mile)] == ["easy", "threshold", "max"]


def test_without_a_vdot_a_pace_is_graded_by_what_it_was_written_as() -> None:
    rpe = model.Step("run", "active", model.Time(60.0), model.Effort("rpe 4", 4.0))
    clock = model.Step("run", "active", model.Time(60.0), model.Pace(200, 210, 205, "3:25/km",
                                                                     basis=model.ClockPace(205, None, 1000, "km")))
    assert [step_level(s, None) for s in (rpe, clock)] == [0.4, 0.6]


def test_map_steps_and_each_step_visit_work_between_and_changes() -> None:
    rep = model.Step("run", "active", model.Distance(400.0), text="rep")
    rest = model.Step("rest", "rest", model.Time(60.0), text="rest")
    last = attrs.evolve(rep, text="last")
    found = map_steps(workout(model.Repeat((rep,), count=12, between=rest, changes=((12, last),))),
                      lambda step: attrs.evolve(step, text=step.text.upper()))
    assert [s.text for s in each_step(found.items)] == ["REP", "REST", "LAST"]


# ---- warnings -----------------------------------------------------------------------------------------------


def resolved_workout(text: str, runner: Runner) -> model.Workout:
    found = one(text, runner).workout
    assert found is not None
    return found


def test_warnings_name_each_implausibly_fast_pace_where_it_is_written() -> None:
    text = "400 @5k; 400 @2:50/km"
    found = warnings(resolved_workout(text, MILE_6), Context(MILE_6))
    assert [(w.span.column if w.span else None) for w in found] == [text.index("2:50") + 1]
    assert all(isinstance(w, StridesWarning) for w in found)


def test_warnings_check_both_ends_of_a_clock_range() -> None:
    found = warnings(resolved_workout("1k @3:00-3:10/km", MILE_6), Context(MILE_6))
    assert [w.message.split(", well")[0] for w in found] == ["@3:00-3:10/km works out at 3:00/km",
                                                             "@3:00-3:10/km works out at 3:10/km"]


def test_warnings_leave_ranges_and_progressions_alone() -> None:
    text = "1k @mile..3k; 4x400 @mile-10s; each -1s"
    found = warnings(resolved_workout(text, MILE_6), Context(MILE_6))
    assert [w.message.split(" works")[0] for w in found] == ["@mile-10s"]  # the block's own pace, once


def test_warnings_say_when_a_workout_is_very_long() -> None:
    long_run = model.Step("run", "active", model.Time(6 * 3600.0), estimated_seconds=6 * 3600.0)
    [warning] = warnings(workout(long_run), Context(FIVE_K))
    assert "takes about 6.0 hours" in warning.message
