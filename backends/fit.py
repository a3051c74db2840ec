"""Garmin FIT workout files: one file per workout, ready for a watch's `GARMIN/NewFiles` folder.

The file holds a file_id, a workout and its workout_step messages. Repeats become `repeat_until_steps_cmplt`
steps: consecutive rounds that look the same to the watch are written once followed by a repeat step, so
`12x400 r35s; last all-out` becomes 400 + rest repeated 11 times, then the all-out 400 (the last round has
no rest after it, so it cannot share the repeat).

The Encoder of garmin-fit-sdk silently drops fields it does not know (sub-field names such as
`duration_time` included) and wraps integers that do not fit their type, so every message is checked against
the FIT profile here before it is encoded.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
from garmin_fit_sdk import Encoder, Profile
from garmin_fit_sdk import fit as fit_types

from strides.backends import Backend, RenderOptions
from strides.errors import StridesError
from strides.model import (
    MILE,
    Distance,
    Duration,
    Effort,
    HeartRate,
    Intensity,
    Kind,
    Node,
    Open,
    Pace,
    Repeat,
    Step,
    Target,
    Time,
    Workout,
)
from strides.units import format_clock, format_duration, format_pace, watch_note

# Global message numbers from the FIT profile.
FILE_ID = 0
WORKOUT = 26
WORKOUT_STEP = 27

# The FIT profile sets no step limit, but Garmin Connect's workout editor stops at 50 steps and older watches
# refuse longer workouts, so 50 (repeat steps included) is the count every watch is known to take.
MAX_STEPS = 50
# A FIT field holds at most 255 bytes; a string needs one of them for its terminating NUL.
MAX_STRING_BYTES = 254
# Custom heart-rate targets above 100 are beats per minute plus 100 (0-100 means % of max).
HR_BPM_OFFSET = 100
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=timezone.utc)
# Whose file it is: the FIT "development" manufacturer and strides' own product number under it. `strides
# push` knows the files it wrote earlier by these (and the workout's name).
MANUFACTURER = "development"
PRODUCT = 0x5354  # "ST"
# A file's time_created is a second in the 2**27 s (about 4¼ years) from 2020-01-01, taken from the workout's
# digest: a plausible date that never changes for the same workout.
IDENTITY_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)
IDENTITY_SPAN = 2**27
REPEAT = "repeat_until_steps_cmplt"

# The fields of one workout_step, message_index excluded. A repeat step's duration_value points at the first
# step it repeats, counted from the start of the list the step belongs to (see `_join`).
FitStep = dict[str, Any]

KIND_WORDS = {"warmup": "Warm-up", "cooldown": "Cool-down"}


@attrs.frozen
class FileIdentity:
    """What makes a workout file unique on a watch: two workouts sharing one would replace each other.

    `of` derives it from the workout itself, so the same workout always gives the same bytes and a watch,
    or `strides push`, can tell an unchanged file from an edited one.
    """

    serial_number: int  # 1 … 2**32 - 1 (uint32z: 0 means invalid)
    time_created: datetime  # timezone-aware
    manufacturer: str = MANUFACTURER
    product: int = PRODUCT

    @classmethod
    def of(cls, name: str, messages: Sequence[Mapping[str, Any]]) -> FileIdentity:
        """The identity of the workout `name` whose workout and workout_step messages are `messages`.

        A SHA-256 over the name and the messages: its first four bytes give the serial, the next four a
        second of the IDENTITY_SPAN after IDENTITY_EPOCH. Neither the clock nor chance plays a part.
        """
        digest = hashlib.sha256(_identity_text(name, messages)).digest()
        serial = int.from_bytes(digest[:4], "big") % (2**32 - 1) + 1
        offset = int.from_bytes(digest[4:8], "big") % IDENTITY_SPAN
        return cls(serial_number=serial, time_created=IDENTITY_EPOCH + timedelta(seconds=offset))

    def fields(self) -> dict[str, Any]:
        if self.time_created.tzinfo is None:
            raise ValueError("time_created must be timezone-aware")
        created = int((self.time_created - FIT_EPOCH).total_seconds())
        return {
            "type": "workout",
            "manufacturer": self.manufacturer,
            "product": self.product,
            "serial_number": self.serial_number,
            "time_created": created,
        }


def _identity_text(name: str, messages: Sequence[Mapping[str, Any]]) -> bytes:
    # JSON with sorted keys is one spelling per message, whatever order its fields were added in.
    body = json.dumps([dict(message) for message in messages], sort_keys=True, ensure_ascii=True)
    return name.encode("utf-8") + b"\x00" + body.encode("ascii")


def render(workouts: Sequence[Workout], options: RenderOptions) -> bytes:
    """The FIT file of one workout (the backend is per_workout)."""
    if len(workouts) != 1:
        raise ValueError(f"the FIT backend renders one workout at a time, got {len(workouts)}")
    return encode_workout(workouts[0])


def encode_workout(workout: Workout, identity: FileIdentity | None = None) -> bytes:
    """The FIT bytes, always the same for the same workout; `identity` overrides the derived one."""
    steps = workout_steps(workout)
    body = list(_body(workout, steps))
    if identity is None:
        identity = FileIdentity.of(workout.name, [fields for _, fields in body])
    encoder = Encoder()
    for mesg_num, fields in [(FILE_ID, identity.fields()), *body]:
        encoder.write_mesg(checked(mesg_num, fields))
    data: bytes = encoder.close()
    return data


def _body(workout: Workout, steps: list[FitStep]) -> Iterable[tuple[int, dict[str, Any]]]:
    """The messages after file_id: the workout, then its steps."""
    header: dict[str, Any] = {"sport": "running", "num_valid_steps": len(steps)}
    name = fit_string(workout.name)
    if name:
        header["wkt_name"] = name
    yield WORKOUT, header
    for index, step in enumerate(steps):
        yield WORKOUT_STEP, {"message_index": index, **step}


def workout_steps(workout: Workout) -> list[FitStep]:
    """The workout_step fields in file order; refuses a workout longer than a watch accepts."""
    steps = _nodes_steps(workout.items, workout.profile.units)
    if not steps:
        raise StridesError(f"workout `{workout.name}` has no steps to put in a FIT file")
    if len(steps) > MAX_STEPS:
        raise StridesError(
            f"the workout `{workout.name}` needs {len(steps)} steps on the watch; watches accept at most {MAX_STEPS}",
            workout.span,  # its name line, or its first step
            hint="split it into two workouts, or write identical reps as one repeat",
        )
    return steps


# --- nodes to steps -------------------------------------------------------------------------------------


def _nodes_steps(nodes: Iterable[Node], units: str) -> list[FitStep]:
    return _join(_node_steps(node, units) for node in nodes)


def _node_steps(node: Node, units: str) -> list[FitStep]:
    if isinstance(node, Step):
        return [_step_fields(node, units)]
    return _repeat_steps(node, units)


def _repeat_steps(repeat: Repeat, units: str) -> list[FitStep]:
    """Runs of equal rounds become one repeat each; a run of one round is written out plainly."""
    rounds = [_nodes_steps(round_, units) for round_ in repeat.rounds]
    parts = [steps if count == 1 else [*steps, _repeat_step(0, count)] for steps, count in runs(rounds)]
    return _join(parts)


def runs(rounds: Sequence[list[FitStep]]) -> list[tuple[list[FitStep], int]]:
    """Consecutive equal rounds grouped: [a, a, a, b] -> [(a, 3), (b, 1)].

    Rounds are compared as the watch will see them, not as model nodes: rounds differ in their rep numbers
    and descriptions, which the watch never shows, and agree in everything the file holds.
    """
    grouped: list[tuple[list[FitStep], int]] = []
    for steps in rounds:
        if grouped and grouped[-1][0] == steps:
            grouped[-1] = (steps, grouped[-1][1] + 1)
        else:
            grouped.append((steps, 1))
    return grouped


def _join(parts: Iterable[list[FitStep]]) -> list[FitStep]:
    """Concatenate step lists, moving each repeat's first-step index by where its list now starts."""
    joined: list[FitStep] = []
    for part in parts:
        offset = len(joined)
        joined.extend(_moved(step, offset) for step in part)
    return joined


def _moved(step: FitStep, offset: int) -> FitStep:
    if step.get("duration_type") == REPEAT and offset:
        return {**step, "duration_value": step["duration_value"] + offset}
    return step


def _repeat_step(first: int, count: int) -> FitStep:
    # target_value is the total number of passes, not the number of extra ones.
    return {"duration_type": REPEAT, "duration_value": first, "target_type": "open", "target_value": count}


# --- one step -------------------------------------------------------------------------------------------


def _step_fields(step: Step, units: str) -> FitStep:
    # Every round of a repeat is turned into steps to compare them, and reps differ only in their number,
    # which the file never holds: the fields are worked out once per kind of rep.
    return dict(_fields_of(step.kind, step.intensity, step.duration, step.target, step.note, units))


@functools.lru_cache(maxsize=4096)
def _fields_of(kind: Kind, intensity: Intensity, duration: Duration, target: Target | None, note: str | None,
               units: str) -> FitStep:
    step = Step(kind, intensity, duration, target, note)
    fields: FitStep = {"intensity": step.intensity}
    name, note = fit_string(step_name(step, units)), fit_string(watch_note(step) or "")
    if name:  # an empty string would decode as no name at all
        fields["wkt_step_name"] = name
    fields.update(_duration_fields(step.duration))
    fields.update(_target_fields(step.target))
    if note:
        fields["notes"] = note
    return fields


def _duration_fields(duration: Duration) -> FitStep:
    """Times in whole seconds (as ms: the watch counts seconds), distances in cm, open = lap button.

    Ranges (`15-20min`) use their lower end; the resolver names the range in the step's note.
    """
    if isinstance(duration, Time):
        milliseconds = _half_up(duration.seconds) * 1000
        return {"duration_type": "time", "duration_value": _fit_uint32(milliseconds, duration)}
    if isinstance(duration, Distance):
        centimetres = _half_up(duration.meters * 100)
        return {"duration_type": "distance", "duration_value": _fit_uint32(centimetres, duration)}
    return {"duration_type": "open"}


def _target_fields(target: Target | None) -> FitStep:
    if isinstance(target, Pace):
        # Speed in mm/s; the slower pace is the low speed. Rounding outwards keeps both ends inside the range.
        return {
            "target_type": "speed",
            "target_value": 0,
            "custom_target_value_low": math.floor(1_000_000 / target.slow),
            "custom_target_value_high": math.ceil(1_000_000 / target.fast),
        }
    if isinstance(target, HeartRate):
        return {
            "target_type": "heart_rate",
            "target_value": 0,
            "custom_target_value_low": target.low + HR_BPM_OFFSET,
            "custom_target_value_high": target.high + HR_BPM_OFFSET,
        }
    # Efforts have no number a watch could check: the word goes in the step name.
    return {"target_type": "open"}


def step_name(step: Step, units: str = "km") -> str:
    """What the watch shows: '400 @ 1:28', 'Rest 35 s', 'all-out', 'Strides fast', 'Warm-up 15 min'.

    The amount is what the watch runs (the lower end of a range; the range itself is in the note). No rep
    numbers: equal rounds must give equal steps to share one repeat.
    """
    kind = [] if step.kind == "run" else [KIND_WORDS.get(step.kind, step.kind.capitalize())]
    if isinstance(step.target, Effort):
        return " ".join([*kind, step.target.word])
    amount = _amount(step)
    words = [*kind, amount] if amount else kind or ["Run"]
    if isinstance(step.target, Pace):
        words.append(f"@ {_pace_shown(step, step.target, units)}")
    elif isinstance(step.target, HeartRate):
        words.append(f"@ {step.target.label}")
    return " ".join(words)


def _amount(step: Step) -> str:
    if isinstance(step.duration, Open):
        return ""  # the watch says "lap button" itself
    amount = format_duration(attrs.evolve(step.duration, upto=None))
    if step.kind == "run" and amount.endswith(" m"):
        amount = amount[:-2]  # a bare rep distance is metres, as on the track: "400 @ 1:28"
    return amount


def _pace_shown(step: Step, pace: Pace, units: str) -> str:
    """The split for a rep up to a mile (what a runner checks at the line), the pace per km or mile else."""
    split = step.split
    if step.kind == "run" and split is not None and isinstance(step.duration, Distance):
        if step.duration.meters <= MILE + 0.5:
            return format_clock(split)
    return format_pace(pace.exact, units)


def _half_up(number: float) -> int:
    return int(math.floor(number + 0.5))


def _fit_uint32(value: int, duration: Duration) -> int:
    if value >= fit_types.BASE_TYPE_DEFINITIONS[fit_types.BASE_TYPE["UINT32"]]["invalid"]:
        raise StridesError(f"a step of {format_duration(duration)} is too long for a FIT workout file")
    return value


def fit_string(text: str) -> str:
    """`text` cut to what a FIT string field holds, never inside a UTF-8 character."""
    encoded = text.replace("\x00", "").encode("utf-8")
    return encoded[:MAX_STRING_BYTES].decode("utf-8", errors="ignore")


# --- checking against the FIT profile -------------------------------------------------------------------


def checked(mesg_num: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The message ready for `Encoder.write_mesg`, after refusing anything the Encoder would silently mangle.

    Raises ValueError: these are mistakes in this module, not in the workout.
    """
    profile = _main_fields(mesg_num)
    for name, value in fields.items():
        field = profile.get(name)
        if field is None:
            raise ValueError(f"`{name}` is not a main field of FIT message {mesg_num} (the Encoder drops it)")
        _check_value(name, value, field)
    return {"mesg_num": mesg_num, **fields}


@functools.cache
def _main_fields(mesg_num: int) -> dict[str, Mapping[str, Any]]:
    return {field["name"]: field for field in Profile["messages"][mesg_num]["fields"].values()}


@functools.cache
def _type_values(type_name: str) -> frozenset[str]:
    return frozenset(Profile["types"].get(type_name, {}).values())


def _check_value(name: str, value: Any, field: Mapping[str, Any]) -> None:
    if field["base_type"] == "string":
        _check_string(name, value)
    elif isinstance(value, str):
        if value not in _type_values(field["type"]):
            raise ValueError(f"`{value}` is not a value of FIT type {field['type']} (field `{name}`)")
    elif isinstance(value, int) and not isinstance(value, bool):
        low, high = integer_range(field["base_type"])
        if not low <= value <= high:
            raise ValueError(f"`{name}` = {value} is outside {low}…{high} ({field['base_type']})")
    else:
        raise ValueError(f"`{name}` = {value!r}: expected an integer or a profile value")


def _check_string(name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise ValueError(f"`{name}` must be a string")
    if "\x00" in value or len(value.encode("utf-8")) > MAX_STRING_BYTES:
        raise ValueError(f"`{name}` does not fit a FIT string field: {value[:40]!r}…")


@functools.cache
def integer_range(base_type: str) -> tuple[int, int]:
    """The values a FIT integer type stores; its invalid marker (all ones, or 0 for the z types) excluded."""
    definition = fit_types.BASE_TYPE_DEFINITIONS[fit_types.FIELD_TYPE_TO_BASE_TYPE[base_type]]
    bits = definition["size"] * 8
    if definition["signed"]:
        return -(2 ** (bits - 1)), 2 ** (bits - 1) - 2
    if base_type.endswith("z"):
        return 1, 2**bits - 1
    return 0, 2**bits - 2


BACKEND = Backend(name="fit", suffix=".fit", binary=True, per_workout=True, render=render)
