"""Apple Watch custom workouts (`--format workout`): one WorkoutKit `.workout` file per workout.

Opened on the iPhone paired with the watch, the file offers "Add to Workouts" and syncs to the watch. The
workout becomes a custom running workout: a first warm-up step is WorkoutKit's warm-up, a last cool-down step
its cool-down, and everything between goes into blocks of work and recovery steps, each run `iterations` times.

Rounds that look the same to the watch share one block, as they share one repeat step in the FIT file:
`12x400 r35s; last all-out` is a block of 400 + rest run 11 times, then a block with the all-out 400.
WorkoutKit has no block inside a block, so a repeat inside a repeat is written out round by round inside the
outer repeat's block (said as a warning); the watch still runs exactly the steps of the timeline.

A pace is an average-speed range alert (m/s, from the same tolerance and rounded outwards to the mm/s as in
the FIT file): judged over the step, like a split, it does not beep on every GPS wobble. A heart rate written
as a zone (`@z2`) is the watch's own zone, any other heart rate a bpm range; power an average-power range.
The watch shows a step's goal and alert itself; what the file has no field for (the kind of step when it is
not a plain run, an effort's word, the runner's note, a range the watch runs the lower end of) is the step's
display name.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from itertools import groupby

import attrs

from strides.backends import Backend, RenderOptions
from strides.backends import workoutkit as wk
from strides.backends.nesting import repeat_depth
from strides.errors import StridesError, StridesWarning
from strides.meaning.model import (
    Distance,
    Duration,
    Effort,
    HeartRate,
    HeartRateZone,
    Intensity,
    Kind,
    Node,
    Pace,
    Power,
    Repeat,
    Speed,
    Step,
    Target,
    Time,
    Workout,
    unroll,
)
from strides.meaning.units import watch_note
from strides.words.phrasebook import Phrasebook

# Apple documents no length for a step's name; strides keeps names to about two lines of a small watch's
# screen, cut between words.
STEP_NAME_CHARS = 32
# The plan's reference id is a UUID derived from the workout, so the same workout always gives the same
# file; a changed workout gets a new id.
REFERENCE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "strides:workoutkit-plan")
NAME_SEPARATOR = " · "
UNITS = {"km": wk.LengthUnit.kilometers, "mi": wk.LengthUnit.miles}

BOOK = Phrasebook()
Blocks = list[wk.IntervalBlock]


def render(workouts: Sequence[Workout], options: RenderOptions) -> bytes:
    """The `.workout` file of one workout (the backend is per_workout)."""
    if len(workouts) != 1:
        raise ValueError(f"the workout backend renders one workout at a time, got {len(workouts)}")
    return wk.encode(workout_plan(workouts[0]))


def workout_plan(workout: Workout) -> wk.WorkoutPlan:
    """The WorkoutKit plan of a workout: always the same for the same workout."""
    custom = _names_cut(custom_workout(workout))
    return wk.WorkoutPlan(reference_id(custom), custom)


def reference_id(custom: wk.CustomWorkout) -> str:
    """The plan's id strides derives from its workout: how the importer knows strides' own files."""
    return str(uuid.uuid5(REFERENCE_NAMESPACE, wk.encode(wk.WorkoutPlan("", custom)).hex())).upper()


def custom_workout(workout: Workout) -> wk.CustomWorkout:
    """The custom workout with every step's name in full (`workout_plan` cuts them)."""
    items = list(workout.items)
    if not items:
        raise StridesError(f"workout `{workout.name}` has no steps to put in a .workout file", workout.span)
    warmup = _slot(items, 0, Intensity.warmup)
    cooldown = _slot(items, -1, Intensity.cooldown)
    return wk.CustomWorkout(
        activity=wk.RUNNING,
        location=_location(workout),
        display_name=workout.name or None,
        warmup=warmup,
        blocks=tuple(block for item in items for block in _node_blocks(item)),
        cooldown=cooldown,
    )


def _slot(items: list[Node], index: int, intensity: Intensity) -> wk.WorkoutStep | None:
    """The warm-up (or cool-down) step taken from `items` for its own slot, when it is one; a step is always
    left for a block."""
    node = items[index]
    if len(items) < 2 or not isinstance(node, Step) or node.intensity != intensity:
        return None
    del items[index]
    return workout_step(node, in_slot=True)


def _location(workout: Workout) -> wk.Location:
    """Indoor when every pace is a treadmill speed (`@13km/h`), else outdoor."""
    paces = [step.target for step in workout.timeline if isinstance(step.target, Pace)]
    treadmill = bool(paces) and all(isinstance(pace.basis, Speed) for pace in paces)
    return wk.Location.indoor if treadmill else wk.Location.outdoor


# --- nodes to blocks --------------------------------------------------------------------------------------


def _node_blocks(node: Node) -> Blocks:
    if isinstance(node, Step):
        return [wk.IntervalBlock((interval_step(node),))]
    return _with_count_range(node, _repeat_blocks(node))


def _repeat_blocks(repeat: Repeat) -> Blocks:
    """Runs of equal rounds become a block each; a repeat with no two rounds alike is one block run once,
    unless a round holds a repeat that can be a block of its own."""
    rounds = [_written_out(round_) for round_ in repeat.rounds]
    grouped = [(steps, sum(1 for _ in run)) for steps, run in groupby(rounds)]
    if len(grouped) < len(rounds):
        return [wk.IntervalBlock(steps, count) for steps, count in grouped]
    if all(repeat_depth(node) == 0 for node in repeat.work):
        return [wk.IntervalBlock(tuple(step for steps in rounds for step in steps))]
    return _merged([block for round_ in repeat.rounds for node in round_ for block in _node_blocks(node)])


def _written_out(nodes: Sequence[Node]) -> tuple[wk.IntervalStep, ...]:
    """Every step of `nodes` in running order, repeats written out round by round."""
    return tuple(interval_step(step) for step in unroll(nodes))


def _merged(blocks: Blocks) -> Blocks:
    """Neighbouring blocks that run once are one block."""
    merged: Blocks = []
    for block in blocks:
        if merged and merged[-1].iterations == 1 and block.iterations == 1:
            merged[-1] = wk.IntervalBlock(merged[-1].steps + block.steps)
        else:
            merged.append(block)
    return merged


def _with_count_range(repeat: Repeat, blocks: Blocks) -> Blocks:
    """A count range (`4-6x400`) runs its lower end and says so in the name of the repeat's first step."""
    if repeat.count_upto is None or not blocks or not blocks[0].steps:
        return blocks
    first_block = blocks[0]
    first = first_block.steps[0]
    said = f"{repeat.count}-{repeat.count_upto}x: watch runs {repeat.count}"
    named = attrs.evolve(first.step, display_name=_joined([said, first.step.display_name or ""]))
    renamed = wk.IntervalStep(first.purpose, named)
    return [wk.IntervalBlock((renamed, *first_block.steps[1:]), first_block.iterations), *blocks[1:]]


# --- one step ---------------------------------------------------------------------------------------------


def interval_step(step: Step) -> wk.IntervalStep:
    """A step in a block: work when it is a rep, recovery otherwise."""
    purpose = wk.Purpose.work if step.is_rep else wk.Purpose.recovery
    return wk.IntervalStep(purpose, workout_step(step, in_slot=False))


def workout_step(step: Step, in_slot: bool = False) -> wk.WorkoutStep:
    """The goal, alert and name of a step; `in_slot` when it is the warm-up or cool-down, which name
    themselves."""
    return wk.WorkoutStep(goal(step.duration), alert(step.target), step_name(step, in_slot))


def goal(duration: Duration) -> wk.Goal:
    """Whole seconds (the watch counts seconds), distances in the unit written, open steps until the runner
    moves on. A range (`15-20min`) runs its lower end; the step's name holds the range."""
    if isinstance(duration, Time):
        return wk.TimeGoal(wk.Duration(math.floor(duration.seconds + 0.5)))
    if isinstance(duration, Distance):
        unit = UNITS.get(duration.written_in or "", wk.LengthUnit.meters)
        digits = 2 if unit == wk.LengthUnit.meters else 6  # to the centimetre, or about
        return wk.DistanceGoal(wk.Length(round(duration.meters / wk.METRES_IN[unit], digits), unit))
    return wk.OpenGoal()


def alert(target: Target | None) -> wk.Alert | None:
    if isinstance(target, Pace):
        # m/s to the mm/s, the slower end rounded down and the faster up: both ends stay inside the range.
        slow, fast = math.floor(1_000_000 / target.slow) / 1000, math.ceil(1_000_000 / target.fast) / 1000
        return wk.RangeAlert(wk.AlertType.average_speed, slow, fast)
    if isinstance(target, HeartRate):
        if isinstance(target.basis, HeartRateZone):
            return wk.ZoneAlert(wk.AlertType.current_heart_rate, target.basis.zone)
        return wk.RangeAlert(wk.AlertType.current_heart_rate, target.low, target.high)
    if isinstance(target, Power):
        return wk.RangeAlert(wk.AlertType.average_power, target.low, target.high)
    return None  # an effort has no number the watch could check: its word is in the name


def step_name(step: Step, in_slot: bool = False) -> str | None:
    """What the file has no field for, in words: `Strides fast`, `Walk`, `all-out · on grass`, `15–20 min`;
    None when a plain run has nothing to add."""
    words = [] if step.kind == Kind.run or in_slot else [BOOK.kind_title(step.kind)]
    if isinstance(step.target, Effort):
        words.append(step.target.word)
    return _joined([" ".join(words), watch_note(step) or ""]) or None


def _joined(parts: Sequence[str]) -> str:
    return NAME_SEPARATOR.join(part for part in parts if part)


def cut_name(name: str) -> str:
    """The name in at most STEP_NAME_CHARS, whole words kept (a first word longer than that is cut)."""
    if len(name) <= STEP_NAME_CHARS:
        return name
    head = name[:STEP_NAME_CHARS + 1]
    kept = head.rsplit(" ", 1)[0].rstrip(" ·;:") if " " in head else ""
    return kept or name[:STEP_NAME_CHARS]


def _names_cut(custom: wk.CustomWorkout) -> wk.CustomWorkout:
    def cut(step: wk.WorkoutStep) -> wk.WorkoutStep:
        return step if step.display_name is None else attrs.evolve(step, display_name=cut_name(step.display_name))

    blocks = tuple(wk.IntervalBlock(tuple(wk.IntervalStep(s.purpose, cut(s.step)) for s in block.steps),
                                    block.iterations) for block in custom.blocks)
    warmup = None if custom.warmup is None else cut(custom.warmup)
    cooldown = None if custom.cooldown is None else cut(custom.cooldown)
    return attrs.evolve(custom, warmup=warmup, blocks=blocks, cooldown=cooldown)


def plan_steps(custom: wk.CustomWorkout) -> list[wk.WorkoutStep]:
    """Every step of a plan once, in file order: warm-up, the blocks' steps, cool-down."""
    inner = [s.step for block in custom.blocks for s in block.steps]
    return [*([custom.warmup] if custom.warmup else []), *inner, *([custom.cooldown] if custom.cooldown else [])]


# --- what the file cannot hold ----------------------------------------------------------------------------


def warnings(workouts: Sequence[Workout]) -> list[StridesWarning]:
    """A repeat inside a repeat, written out; a step name cut short."""
    found = []
    for workout in workouts:
        depth = max((repeat_depth(node) for node in workout.items), default=0)
        if depth > 1:
            found.append(StridesWarning(
                f"workout: `{workout.name}`: a repeat inside a repeat is written out round by round: Apple Watch "
                "workouts have blocks of steps, no block inside a block", workout.span))
        names = {step.display_name for step in plan_steps(custom_workout(workout)) if step.display_name}
        for name in sorted(name for name in names if len(name) > STEP_NAME_CHARS):
            found.append(StridesWarning(
                f"workout: `{workout.name}`: the step name `{name}` is cut to {STEP_NAME_CHARS} characters: "
                f"`{cut_name(name)}`", workout.span))
    return found


BACKEND = Backend(name="workout", suffix=".workout", binary=True, per_workout=True, render=render,
                  warnings=warnings)
