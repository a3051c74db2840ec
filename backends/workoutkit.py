"""Apple WorkoutKit custom workouts as `.workout` files: the plan as typed values, written to bytes and read
back from them.

A `.workout` file is WorkoutKit's `WorkoutPlan` serialised as protobuf (`WorkoutPlan.dataRepresentation`):
a reference id, a custom workout (activity, location, name, warm-up, blocks of work and recovery steps run
`iterations` times, cool-down), each step a goal and at most one alert. Apple does not document it; the field
numbers, enum values and units below are those two independent encoders agree on: workoutgen (Python,
checked against exports of the iPhone's Workout app) and bibixx/workoutkit (TypeScript, checked byte for
byte against WorkoutKit's own serialiser). Distances are metres, kilometres, feet, yards or miles; times
seconds, minutes or hours; a speed is a distance per time (this module writes metres per one second and reads
any pair as m/s); heart rates beats per minute, power watts, cadence counts per minute.

Only custom workouts are read (not WorkoutKit's single-goal, pacer or swim-bike-run plans); anything else, and
any byte that does not fit, is a `WorkoutFileError` naming what was wrong.
"""

from __future__ import annotations

import math
from enum import IntEnum
from typing import TypeVar

import attrs

from strides.backends import protowire as wire
from strides.backends.protowire import Message, WireError

RUNNING = 37  # HKWorkoutActivityType.running
# The trailer Apple writes after the plan: its format's major version (1000) and private version (1002).
MAJOR_VERSION = (1000, 1)
PRIVATE_VERSION = (1002, 5)

IntEnumT = TypeVar("IntEnumT", bound=IntEnum)


class WorkoutFileError(ValueError):
    """Bytes that are not a WorkoutKit custom workout this reader understands."""


class Location(IntEnum):
    """Where the workout is done (WorkoutKit's session location, one above HealthKit's raw value)."""

    unknown = 0
    indoor = 2
    outdoor = 3


class Purpose(IntEnum):
    work = 1
    recovery = 2


class LengthUnit(IntEnum):
    meters = 1
    kilometers = 2
    feet = 3
    yards = 4
    miles = 5


class DurationUnit(IntEnum):
    seconds = 1
    minutes = 2
    hours = 3


class EnergyUnit(IntEnum):
    kilocalories = 1
    kilojoules = 2


class PowerUnit(IntEnum):
    watts = 1
    kilowatts = 2


METRES_IN = {LengthUnit.meters: 1.0, LengthUnit.kilometers: 1000.0, LengthUnit.feet: 0.3048,
             LengthUnit.yards: 0.9144, LengthUnit.miles: 1609.344}
SECONDS_IN = {DurationUnit.seconds: 1.0, DurationUnit.minutes: 60.0, DurationUnit.hours: 3600.0}
WATTS_IN = {PowerUnit.watts: 1.0, PowerUnit.kilowatts: 1000.0}


@attrs.frozen
class Length:
    value: float
    unit: LengthUnit = LengthUnit.meters

    @property
    def meters(self) -> float:
        return self.value * METRES_IN[self.unit]


@attrs.frozen
class Duration:
    value: float
    unit: DurationUnit = DurationUnit.seconds

    @property
    def seconds(self) -> float:
        return self.value * SECONDS_IN[self.unit]


@attrs.frozen
class OpenGoal:
    """Until the runner ends the step."""


@attrs.frozen
class TimeGoal:
    time: Duration


@attrs.frozen
class DistanceGoal:
    distance: Length


@attrs.frozen
class EnergyGoal:
    value: float
    unit: EnergyUnit


Goal = OpenGoal | TimeGoal | DistanceGoal | EnergyGoal
GOAL_TYPES = {TimeGoal: 1, EnergyGoal: 2, DistanceGoal: 3, OpenGoal: 4}  # the goal's field 1


class AlertType(IntEnum):
    """What an alert watches, and whether over the whole step (average) or now (current)."""

    average_speed = 1  # m/s
    current_speed = 2
    current_cadence = 3  # per minute
    current_power = 4  # watts
    current_heart_rate = 5  # beats per minute
    average_power = 6

    @property
    def payload(self) -> int:
        """The alert's field that holds its target: speed 4, cadence 5, power 6, heart rate 7."""
        return PAYLOAD_FIELDS[self]


PAYLOAD_FIELDS = {AlertType.average_speed: 4, AlertType.current_speed: 4, AlertType.current_cadence: 5,
                  AlertType.current_power: 6, AlertType.average_power: 6, AlertType.current_heart_rate: 7}
VALUE, RANGE, ZONE = 1, 2, 3  # the alert's shape (its field 2)
# Where each shape sits inside the payload message: heart rate keeps its zone first, power its zone third.
SHAPE_FIELDS = {VALUE: 1, RANGE: 2}
ZONE_FIELDS = {7: 1, 6: 3}


@attrs.frozen
class ValueAlert:
    """A single target `value`, in the unit `type` says."""

    type: AlertType
    value: float


@attrs.frozen
class RangeAlert:
    """A target range from `low` to `high` (for speed, the slower end first)."""

    type: AlertType
    low: float
    high: float


@attrs.frozen
class ZoneAlert:
    """The watch's own zone `zone` (1–5), as set on the watch."""

    type: AlertType
    zone: int


Alert = ValueAlert | RangeAlert | ZoneAlert


@attrs.frozen
class WorkoutStep:
    goal: Goal = OpenGoal()
    alert: Alert | None = None
    display_name: str | None = None


@attrs.frozen
class IntervalStep:
    purpose: Purpose
    step: WorkoutStep


@attrs.frozen
class IntervalBlock:
    steps: tuple[IntervalStep, ...]
    iterations: int = 1


@attrs.frozen
class CustomWorkout:
    activity: int = RUNNING  # an HKWorkoutActivityType raw value
    location: Location = Location.outdoor
    display_name: str | None = None
    warmup: WorkoutStep | None = None
    blocks: tuple[IntervalBlock, ...] = ()
    cooldown: WorkoutStep | None = None


@attrs.frozen
class WorkoutPlan:
    reference_id: str  # a UUID, upper case as Apple writes it
    workout: CustomWorkout


# --- writing ----------------------------------------------------------------------------------------------


def encode(plan: WorkoutPlan) -> bytes:
    """The file's bytes: fields in ascending order, zero enums and absent names left out, as WorkoutKit does."""
    return (wire.string(9, plan.reference_id) + wire.length_delimited(11, _custom(plan.workout))
            + wire.uint(*MAJOR_VERSION) + wire.uint(*PRIVATE_VERSION))


def _custom(workout: CustomWorkout) -> bytes:
    parts = [_nonzero(1, workout.activity), _nonzero(2, workout.location), _name(3, workout.display_name)]
    if workout.warmup is not None:
        parts.append(wire.length_delimited(4, _step(workout.warmup)))
    parts += [wire.length_delimited(5, _block(block)) for block in workout.blocks]
    if workout.cooldown is not None:
        parts.append(wire.length_delimited(6, _step(workout.cooldown)))
    return b"".join(parts)


def _nonzero(field: int, number: int) -> bytes:
    return wire.uint(field, number) if number else b""


def _name(field: int, text: str | None) -> bytes:
    # An empty name is written when given (WorkoutKit keeps "" apart from no name).
    return b"" if text is None else wire.string(field, text)


def _block(block: IntervalBlock) -> bytes:
    if block.iterations < 1:
        raise ValueError(f"a block runs at least once, not {block.iterations} times")
    steps = [wire.length_delimited(1, wire.uint(1, s.purpose) + wire.length_delimited(2, _step(s.step)))
             for s in block.steps]
    return b"".join(steps) + wire.uint(2, block.iterations)


def _step(step: WorkoutStep) -> bytes:
    alert = b"" if step.alert is None else wire.length_delimited(2, _alert(step.alert))
    return wire.length_delimited(1, _goal(step.goal)) + alert + _name(3, step.display_name)


def _goal(goal: Goal) -> bytes:
    kind = wire.uint(1, GOAL_TYPES[type(goal)])
    if isinstance(goal, TimeGoal):
        return kind + wire.length_delimited(2, _quantity(goal.time.unit, goal.time.value))
    if isinstance(goal, EnergyGoal):
        return kind + wire.length_delimited(3, _quantity(goal.unit, goal.value))
    if isinstance(goal, DistanceGoal):
        return kind + wire.length_delimited(4, _quantity(goal.distance.unit, goal.distance.value))
    return kind


def _quantity(unit: int, value: float) -> bytes:
    return wire.uint(1, unit) + wire.double(2, value)


def _alert(alert: Alert) -> bytes:
    payload = alert.type.payload
    if isinstance(alert, ZoneAlert):
        shape, body = ZONE, wire.length_delimited(ZONE_FIELDS[payload], wire.uint(1, alert.zone))
    elif isinstance(alert, RangeAlert):
        ends = (wire.length_delimited(1, _value(alert.type, alert.low))
                + wire.length_delimited(2, _value(alert.type, alert.high)))
        shape, body = RANGE, wire.length_delimited(SHAPE_FIELDS[RANGE], ends)
    else:
        shape, body = VALUE, wire.length_delimited(SHAPE_FIELDS[VALUE], _value(alert.type, alert.value))
    return wire.uint(1, alert.type) + wire.uint(2, shape) + wire.length_delimited(payload, body)


def _value(kind: AlertType, number: float) -> bytes:
    """One end of a target: a speed as metres per one second, a cadence as a count per one minute, power as
    watts, heart rate as bpm."""
    payload = kind.payload
    if payload == 4:
        return (wire.length_delimited(1, _quantity(LengthUnit.meters, number))
                + wire.length_delimited(2, _quantity(DurationUnit.seconds, 1.0)))
    if payload == 5:
        return wire.uint(1, round(number)) + wire.length_delimited(2, _quantity(DurationUnit.minutes, 1.0))
    if payload == 6:
        return _quantity(PowerUnit.watts, number)
    return wire.double(1, number)


# --- reading ----------------------------------------------------------------------------------------------


def read(data: bytes) -> WorkoutPlan:
    """The plan in a `.workout` file; a `WorkoutFileError` for anything else."""
    try:
        return _plan(Message(data, "the file"))
    except WireError as error:
        raise WorkoutFileError(f"not a WorkoutKit workout file: {error}") from None


def _plan(message: Message) -> WorkoutPlan:
    major = message.uint(MAJOR_VERSION[0], MAJOR_VERSION[1])
    if major != MAJOR_VERSION[1]:
        raise WireError(f"its format version is {major}; version {MAJOR_VERSION[1]} is read")
    custom = message.message(11, "the workout")
    if custom is None:
        other = next((name for field, name in ((10, "single-goal"), (13, "pacer"), (14, "swim-bike-run"))
                      if field in message), None)
        raise WireError(f"it holds a {other} workout, not a custom one" if other else "it holds no workout")
    return WorkoutPlan(message.string(9) or "", _workout(custom))


def _workout(message: Message) -> CustomWorkout:
    warmup, cooldown = message.message(4, "the warm-up"), message.message(6, "the cool-down")
    return CustomWorkout(
        activity=message.uint(1, 0),
        location=_enum(Location, message.uint(2, 0), "location"),
        display_name=message.string(3),
        warmup=None if warmup is None else _read_step(warmup),
        blocks=tuple(_read_block(block) for block in message.messages(5, "a block")),
        cooldown=None if cooldown is None else _read_step(cooldown),
    )


def _enum(kind: type[IntEnumT], number: int, what: str) -> IntEnumT:
    try:
        return kind(number)
    except ValueError:
        raise WireError(f"{what} {number} is not one WorkoutKit is known to write") from None


def _read_block(message: Message) -> IntervalBlock:
    iterations = message.uint(2, 0)
    if iterations < 1:
        raise WireError(f"a block runs {iterations} times; it must run at least once")
    steps = tuple(IntervalStep(_enum(Purpose, step.uint(1, 0), "step purpose"), _read_step(step.required(2, "step")))
                  for step in message.messages(1, "an interval step"))
    return IntervalBlock(steps, iterations)


def _read_step(message: Message) -> WorkoutStep:
    goal = _read_goal(message.required(1, "goal"))
    alert = message.message(2, "an alert")
    return WorkoutStep(goal, None if alert is None else _read_alert(alert), message.string(3))


def _read_goal(message: Message) -> Goal:
    kind = message.uint(1, 0)
    if kind == GOAL_TYPES[OpenGoal]:
        return OpenGoal()
    if kind == GOAL_TYPES[TimeGoal]:
        return TimeGoal(_read_duration(message.required(2, "time")))
    if kind == GOAL_TYPES[DistanceGoal]:
        unit, value = _read_quantity(message.required(4, "distance"))
        return DistanceGoal(Length(value, _enum(LengthUnit, unit, "distance unit")))
    if kind == GOAL_TYPES[EnergyGoal]:
        unit, value = _read_quantity(message.required(3, "energy"))
        return EnergyGoal(value, _enum(EnergyUnit, unit, "energy unit"))
    raise WireError(f"goal type {kind} is not one a running workout has")


def _read_quantity(message: Message) -> tuple[int, float]:
    return message.uint(1, 0), _finite(message.double(2, 0.0))


def _finite(number: float) -> float:
    if not math.isfinite(number):
        raise WireError(f"{number} is not a number WorkoutKit writes")
    return number


def _read_alert(message: Message) -> Alert:
    kind = _enum(AlertType, message.uint(1, 0), "alert type")
    shape = message.uint(2, 0)
    payload = message.required(kind.payload, "target")
    if shape == ZONE and kind.payload in ZONE_FIELDS:
        return ZoneAlert(kind, payload.required(ZONE_FIELDS[kind.payload], "zone").uint(1, 0))
    if shape == RANGE:
        ends = payload.required(SHAPE_FIELDS[RANGE], "range")
        return RangeAlert(kind, _read_value(kind, ends.required(1, "low end")),
                          _read_value(kind, ends.required(2, "high end")))
    if shape == VALUE:
        return ValueAlert(kind, _read_value(kind, payload.required(SHAPE_FIELDS[VALUE], "value")))
    raise WireError(f"a {kind.name} alert has shape {shape}, which WorkoutKit does not write")


def _read_value(kind: AlertType, message: Message) -> float:
    payload = kind.payload
    if payload == 4:  # a distance in a time
        unit, value = _read_quantity(message.required(1, "distance"))
        seconds = _read_duration(message.required(2, "time")).seconds
        if seconds <= 0:
            raise WireError("a speed is given over no time")
        return Length(value, _enum(LengthUnit, unit, "distance unit")).meters / seconds
    if payload == 5:  # a count in a time
        minutes = _read_duration(message.required(2, "time")).seconds / 60
        if minutes <= 0:
            raise WireError("a cadence is given over no time")
        return message.uint(1, 0) / minutes
    if payload == 6:
        unit, value = _read_quantity(message)
        return value * WATTS_IN[_enum(PowerUnit, unit, "power unit")]
    return _finite(message.double(1, 0.0))


def _read_duration(message: Message) -> Duration:
    unit, value = _read_quantity(message)
    return Duration(value, _enum(DurationUnit, unit, "time unit"))
