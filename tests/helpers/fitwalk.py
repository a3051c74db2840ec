"""Read a FIT workout file back as a watch would: decode it twice, then run its steps.

Two independent decoders (garmin-fit-sdk and fitdecode) must agree on every raw main field, so a field the
encoder dropped or mangled shows up here rather than on a watch. `walk` executes repeat steps the way a watch
does and yields the steps the runner would actually do.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, NamedTuple

import attrs
import fitdecode
from garmin_fit_sdk import Decoder, Profile, Stream

FILE_ID, WORKOUT, WORKOUT_STEP = 0, 26, 27
NAMES = {FILE_ID: "file_id", WORKOUT: "workout", WORKOUT_STEP: "workout_step"}
# Raw enum fields shown as their profile names, so tests read "active" rather than 0.
ENUM_TYPES = {
    "type": "file",
    "manufacturer": "manufacturer",
    "sport": "sport",
    "intensity": "intensity",
    "duration_type": "wkt_step_duration",
    "target_type": "wkt_step_target",
}
REPEAT = "repeat_until_steps_cmplt"
MAX_EXECUTED = 10_000  # a repeat pointing the wrong way would otherwise loop forever

Message = dict[str, Any]


@attrs.frozen
class DecodedWorkout:
    """The messages of a workout file, main fields only, with raw values (ms, cm, mm/s, bpm + 100)."""

    order: tuple[str, ...]  # message names in file order
    file_id: Message
    workout: Message
    steps: tuple[Message, ...]


class Executed(NamedTuple):
    """One step as the runner does it; targets are raw FIT units (speed mm/s, heart rate bpm)."""

    intensity: str
    duration: str  # time, distance, open
    value: int | None  # ms or cm; None when open
    target: str  # speed, heart_rate, open
    low: int | None
    high: int | None
    name: str | None
    notes: str | None


def decode(data: bytes) -> DecodedWorkout:
    """Decode with both decoders and insist they agree."""
    sdk = decode_sdk(data)
    other = decode_fitdecode(data)
    if sdk != other:
        raise AssertionError(f"decoders disagree:\n garmin-fit-sdk: {sdk}\n fitdecode: {other}")
    return sdk


def decode_sdk(data: bytes) -> DecodedWorkout:
    """garmin-fit-sdk: integrity first, then a fresh decoder (the check leaves the stream at its end)."""
    if not Decoder(Stream.from_byte_array(bytearray(data))).check_integrity():
        raise AssertionError("garmin-fit-sdk: integrity check failed")
    order: list[str] = []
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
        apply_scale_and_offset=False,
        convert_datetimes_to_dates=False,
        convert_types_to_strings=False,
        expand_sub_fields=False,
        expand_components=False,
        merge_heart_rates=False,
        mesg_listener=lambda mesg_num, _message: order.append(NAMES.get(mesg_num, str(mesg_num))),
    )
    if errors:
        raise AssertionError(f"garmin-fit-sdk: {errors}")
    return _assemble(
        order,
        [_named(message) for message in messages.get("file_id_mesgs", [])],
        [_named(message) for message in messages.get("workout_mesgs", [])],
        [_named(message) for message in messages.get("workout_step_mesgs", [])],
    )


def decode_fitdecode(data: bytes) -> DecodedWorkout:
    """fitdecode, reading raw values by field number so its sub-field names do not matter."""
    order: list[str] = []
    found: dict[int, list[Message]] = {FILE_ID: [], WORKOUT: [], WORKOUT_STEP: []}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                order.append(NAMES.get(frame.global_mesg_num, str(frame.global_mesg_num)))
                if frame.global_mesg_num in found:
                    found[frame.global_mesg_num].append(_fitdecode_fields(frame))
    return _assemble(order, found[FILE_ID], found[WORKOUT], found[WORKOUT_STEP])


def _fitdecode_fields(frame: fitdecode.FitDataMessage) -> Message:
    profile = Profile["messages"][frame.global_mesg_num]["fields"]
    raw = {profile[field.def_num]["name"]: field.raw_value for field in frame.fields}
    return _named({name: value for name, value in raw.items() if value is not None})


def _named(message: Message) -> Message:
    return {name: _enum_name(name, value) for name, value in message.items()}


def _enum_name(field: str, value: Any) -> Any:
    profile_type = ENUM_TYPES.get(field)
    if profile_type is None or not isinstance(value, int):
        return value
    return Profile["types"][profile_type].get(value, value)


def _assemble(
    order: list[str], file_ids: list[Message], workouts: list[Message], steps: list[Message]
) -> DecodedWorkout:
    if len(file_ids) != 1 or len(workouts) != 1:
        raise AssertionError(f"expected one file_id and one workout message, got {order}")
    return DecodedWorkout(tuple(order), file_ids[0], workouts[0], tuple(steps))


def walk(steps: tuple[Message, ...]) -> Iterator[Executed]:
    """Run the steps as a watch does: a repeat step jumps back to its first step until its count is done."""
    passes: dict[int, int] = {}
    index, executed = 0, 0
    while index < len(steps):
        step = steps[index]
        if step["duration_type"] != REPEAT:
            yield executed_step(step)
            index += 1
        else:
            first, count = step["duration_value"], step["target_value"]
            if not 0 <= first < index:
                raise AssertionError(f"repeat step {index} points at step {first}")
            passes[index] = passes.get(index, 0) + 1
            if passes[index] < count:
                index = first
            else:
                passes[index] = 0  # an inner repeat starts afresh on the next outer pass
                index += 1
        executed += 1
        if executed > MAX_EXECUTED:
            raise AssertionError("the repeats never end")


def executed_step(step: Message) -> Executed:
    duration = step["duration_type"]
    value = None if duration == "open" else step["duration_value"]
    target = step.get("target_type", "open")
    low, high = step.get("custom_target_value_low"), step.get("custom_target_value_high")
    if target == "heart_rate" and low is not None and high is not None and low > 100:
        low, high = low - 100, high - 100  # custom heart rate above 100 is bpm + 100
    if target == "open":
        low = high = None
    return Executed(
        step["intensity"], duration, value, target, low, high, step.get("wkt_step_name"), step.get("notes")
    )


def executed(data: bytes) -> list[Executed]:
    """Decode (both ways) and run: the steps the runner does."""
    return list(walk(decode(data).steps))
