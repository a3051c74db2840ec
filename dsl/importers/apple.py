"""Apple WorkoutKit custom workouts (`.workout` files): strides' own (`--format workout`) and those the
iPhone's Workout app and other tools share.

`strides.backends.workoutkit.read` gives the plan as typed values; this module makes the neutral steps of it.
The warm-up and cool-down are steps of their own, each block a repeat of its steps run `iterations` times
(a block run once is its steps). A work step is a rep, a recovery step a recovery, unless its name says a
kind (`Walk`, `Rest`). A speed alert (average or current, a range or one value) is a pace; a heart-rate zone
the runner's zone of the same number (`@z2`); a heart-rate range bpm; a power range watts.

The file has no field for the kind of a step, an effort or a note: strides writes them in the step's name
(`Strides fast · on grass`, `4-6x: watch runs 4 · Jog`, `15–20 min`) and reads them back from it. A file is
strides' own when its reference id is the one strides derives from the workout; in any other file a name
that says more than a kind and an effort is the runner's note.
"""

from __future__ import annotations

from strides.backends import workoutkit as wk
from strides.backends.workout import NAME_SEPARATOR, reference_id
from strides.importers import neutral as n
from strides.importers.reading import KIND_INTENSITY, count_range, kind_and_effort, step_words
from strides.meaning.model import Distance, Duration, Open, Time
from strides.meaning.profile import Runner

# HKWorkoutActivityType raw values a runner may meet in a shared workout; any other is said by its number.
ACTIVITIES = {13: "cycling", 24: "hiking", 46: "swimming", 52: "walking"}
PURPOSES = {wk.Purpose.work: "active", wk.Purpose.recovery: "recovery"}
SPEEDS = (wk.AlertType.average_speed, wk.AlertType.current_speed)
POWERS = (wk.AlertType.average_power, wk.AlertType.current_power)
RESOLUTION = 0.001  # m/s: strides writes speeds to the mm/s


def read(data: bytes, runner: Runner) -> n.Imported:
    try:
        plan = wk.read(data)
    except wk.WorkoutFileError as error:
        raise n.Unreadable(str(error)) from None
    custom = plan.workout
    if custom.activity != wk.RUNNING:
        activity = ACTIVITIES.get(custom.activity, f"HealthKit activity {custom.activity}")
        raise n.Unreadable(f"a {activity} workout: strides imports running workouts")
    reader = _Reader(plan.reference_id == reference_id(custom))
    items: list[n.Item] = []
    if custom.warmup is not None:
        items.append(reader.step(custom.warmup, "warmup", "the warm-up")[0])
    for number, block in enumerate(custom.blocks, 1):
        items += reader.block(block, number)
    if custom.cooldown is not None:
        items.append(reader.step(custom.cooldown, "cooldown", "the cool-down")[0])
    if not items:
        raise n.Unreadable("the WorkoutKit workout has no steps")
    name = custom.display_name.strip() if custom.display_name else None
    return n.Imported(name or None, tuple(items))


class _Reader:
    def __init__(self, ours: bool) -> None:
        self.ours = ours

    def block(self, block: wk.IntervalBlock, number: int) -> list[n.Item]:
        """A repeat of the block's steps; a block run once is its steps, as strides writes a last round
        that differs (`last all-out`) or a group."""
        where = f"block {number}"
        count = n.rounds(block.iterations, where)
        read = [self.step(step.step, PURPOSES[step.purpose], f"{where}, step {index}")
                for index, step in enumerate(block.steps, 1)]
        if not read:
            raise n.Unreadable(f"{where} has no steps")
        steps, upto = tuple(step for step, _ in read), read[0][1]
        return list(steps) if count == 1 and upto is None else [n.Repeat(count, steps, upto)]

    def step(self, step: wk.WorkoutStep, intensity: str, where: str) -> tuple[n.Step, int | None]:
        """The step, and the upper end of a count range its name gives (`4-6x: watch runs 4`)."""
        unsaid: list[str] = []
        duration = _duration(step.goal, unsaid)
        target = self.target(step.alert, unsaid)
        kind, effort, duration, note, upto = self.words(step.display_name, duration, target is not None)
        if effort is not None:
            target = n.Effort(effort)
        if kind is not None and intensity in ("active", "recovery"):
            intensity = KIND_INTENSITY.get(kind, intensity)
        return n.Step(intensity, duration, target, kind, note, tuple(f"{where}: {text}" for text in unsaid)), upto

    def words(self, name: str | None, duration: Duration, targeted: bool
              ) -> tuple[str | None, str | None, Duration, str | None, int | None]:
        """(kind, effort, duration, note, count range's upper end) from a step's name."""
        if not self.ours:
            return step_words(name, None, duration, targeted=targeted, ours=False)
        parts = name.split(NAME_SEPARATOR) if name else []
        upto = count_range(parts[0]) if parts else None
        if upto is not None:
            parts.pop(0)
        kind = effort = None
        if parts:  # strides' own name begins with the kind and the effort, when the step has either
            named_kind, named_effort, rest = kind_and_effort(parts[0])
            if not rest and (named_kind or named_effort):
                kind, effort = named_kind, named_effort
                parts.pop(0)
        _, noted_effort, duration, note, _ = step_words(None, "; ".join(parts), duration, targeted=targeted,
                                                        ours=True)
        return kind, None if targeted else effort or noted_effort, duration, note, upto

    def target(self, alert: wk.Alert | None, unsaid: list[str]) -> n.Target | None:
        if alert is None:
            return None
        if alert.type in SPEEDS and not isinstance(alert, wk.ZoneAlert):
            slow, fast = (alert.low, alert.high) if isinstance(alert, wk.RangeAlert) else (alert.value, alert.value)
            if 0 < slow <= fast:
                return n.Speeds(slow, fast, RESOLUTION)
        if alert.type == wk.AlertType.current_heart_rate:
            if isinstance(alert, wk.ZoneAlert) and 1 <= alert.zone <= 5:
                if not self.ours:  # strides writes `@z2` as the watch's zone 2: read back as itself
                    unsaid.append(f"the watch's heart-rate zone {alert.zone}, read as strides' z{alert.zone} "
                                  "(from maxhr or lthr)")
                return n.HeartRateZone(alert.zone)
            if isinstance(alert, wk.RangeAlert) and 0 < alert.low <= alert.high:
                return n.BeatsPerMinute(round(alert.low), round(alert.high))
            if isinstance(alert, wk.ValueAlert) and alert.value > 0:
                return n.BeatsPerMinute(round(alert.value), round(alert.value))
        if alert.type in POWERS and isinstance(alert, wk.RangeAlert) and 0 < alert.low <= alert.high:
            return n.Watts(round(alert.low), round(alert.high))
        unsaid.append(f"{_alert_words(alert)}, which strides cannot say")
        return None


def _duration(goal: wk.Goal, unsaid: list[str]) -> Duration:
    if isinstance(goal, wk.TimeGoal) and goal.time.seconds > 0:
        return Time(goal.time.seconds)
    if isinstance(goal, wk.DistanceGoal) and goal.distance.meters > 0:
        return Distance(goal.distance.meters)
    if isinstance(goal, wk.EnergyGoal):
        unsaid.append(f"ends after {goal.value:g} {goal.unit.name}, which strides cannot say: it ends at the "
                      "lap button")
    elif not isinstance(goal, wk.OpenGoal):
        unsaid.append("a goal of nothing, which strides cannot say: it ends at the lap button")
    return Open()


def _alert_words(alert: wk.Alert) -> str:
    """`a current cadence alert (170-180)`: what an alert strides cannot say holds."""
    what = alert.type.name.replace("_", " ")
    if isinstance(alert, wk.ZoneAlert):
        return f"a {what} alert (zone {alert.zone})"
    if isinstance(alert, wk.RangeAlert):
        return f"a {what} alert ({alert.low:g}-{alert.high:g})"
    return f"a {what} alert ({alert.value:g})"
