"""FIT workout files: strides' own (`--format fit`) and those other tools write (Garmin Connect, watches).

The file is checked whole first (its header and checksum), then read with garmin-fit-sdk's Decoder as raw
main fields, as the profile defines them: durations in ms and cm, custom speeds in mm/s, custom heart rates
as % of max up to 100 and bpm + 100 above, custom power as % of FTP up to 1000 and watts + 1000 above. A
repeat step (`repeat_until_steps_cmplt`) points back at the first step it repeats and counts every round.
Activities, courses, settings and other FIT files are refused by their file type.
"""

from __future__ import annotations

from typing import Any

from garmin_fit_sdk import Decoder, Profile, Stream

from strides.importers import neutral as n
from strides.importers.reading import step_words
from strides.meaning.model import Distance, Duration, Open, Time
from strides.meaning.profile import Runner

WORKOUT_FILE = 5
SPORTS = {0: "generic", 1: "running"}
OURS = (255, 0x5354)  # strides' manufacturer (development) and product: its own files
REPEAT = "repeat_until_steps_cmplt"
INTENSITIES = {"active": "active", "interval": "active", "other": "active", "rest": "rest", "warmup": "warmup",
               "cooldown": "cooldown", "recovery": "recovery"}
HR_BPM_OFFSET, POWER_WATTS_OFFSET = 100, 1000
MAX_STEPS = 10_000

Message = dict[str, Any]


def read(data: bytes, runner: Runner) -> n.Imported:
    messages = _decoded(data)
    file_id = _one(messages, "file_id_mesgs", "a file_id")
    kind = file_id.get("type")
    if kind != WORKOUT_FILE:
        shown = Profile["types"]["file"].get(kind, "unknown kind of") if isinstance(kind, int) else "unknown kind of"
        raise n.Unreadable(f"a FIT {shown} file, not a workout: strides imports workout files "
                           "(Training → Workouts on a watch, or a workout exported from Garmin Connect)")
    workout = _one(messages, "workout_mesgs", "a workout message")
    sport = workout.get("sport", 1)
    if sport not in SPORTS:
        name = Profile["types"]["sport"].get(sport, str(sport))
        raise n.Unreadable(f"a {name} workout: strides imports running workouts")
    ours = (file_id.get("manufacturer"), file_id.get("product")) == OURS
    steps = sorted(messages.get("workout_step_mesgs", []), key=lambda step: step.get("message_index", 0))
    if not steps:
        raise n.Unreadable("the FIT workout has no steps")
    if len(steps) > MAX_STEPS:
        raise n.Unreadable(f"the FIT workout has {len(steps):,} steps; a workout has at most {MAX_STEPS:,}")
    return n.Imported(_text(workout.get("wkt_name")), _items(steps, ours))


def _decoded(data: bytes) -> dict[str, Any]:
    stream = Stream.from_byte_array(bytearray(data))
    try:
        if not Decoder(stream).is_fit():
            raise n.Unreadable("not a FIT file: its header does not say FIT")
        if not Decoder(Stream.from_byte_array(bytearray(data))).check_integrity():
            raise n.Unreadable("a damaged FIT file: its checksum does not match its contents")
        messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
            apply_scale_and_offset=False, convert_datetimes_to_dates=False, convert_types_to_strings=False,
            expand_sub_fields=False, expand_components=False, merge_heart_rates=False)
    except n.Unreadable:
        raise
    except Exception as error:  # the SDK raises whatever its parsing meets; each is a damaged file
        raise n.Unreadable(f"a damaged FIT file: {error}") from None
    if errors:
        raise n.Unreadable(f"a damaged FIT file: {errors[0]}")
    return dict(messages)


def _one(messages: dict[str, Any], key: str, what: str) -> Message:
    found = messages.get(key) or [None]
    if not isinstance(found[0], dict):
        raise n.Unreadable(f"the FIT file has no {what} message")
    return found[0]


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _enum(type_name: str, value: Any) -> str | None:
    return Profile["types"][type_name].get(value) if isinstance(value, int) else None


# ---- steps ----------------------------------------------------------------------------------------------------
def _items(steps: list[Message], ours: bool) -> tuple[n.Item, ...]:
    """The steps as items: each repeat step wraps the items from the step it points at."""
    built: list[tuple[int, n.Item, int | None]] = []  # (first step index, item, count range's upper end)
    for index, message in enumerate(steps):
        if _enum("wkt_step_duration", message.get("duration_type")) == REPEAT:
            built.append(_repeat(index, message, built))
        else:
            step, upto = _step(index, message, ours)
            built.append((index, step, upto))
    return tuple(item for _, item, _ in built)


def _repeat(index: int, message: Message, built: list[tuple[int, n.Item, int | None]]
            ) -> tuple[int, n.Item, int | None]:
    first, count = message.get("duration_value"), message.get("target_value")
    if not isinstance(first, int) or not 0 <= first < index:
        raise n.Unreadable(f"step {index + 1} repeats from step {_shown_index(first)}, not from a step before it")
    count = n.rounds(count, f"step {index + 1}")
    inner: list[tuple[int, n.Item, int | None]] = []
    while built and built[-1][0] >= first:
        inner.insert(0, built.pop())
    if not inner or inner[0][0] != first:
        raise n.Unreadable(f"step {index + 1} repeats from step {first + 1}, inside another repeat")
    return first, n.Repeat(count, tuple(item for _, item, _ in inner), inner[0][2]), None


def _shown_index(value: Any) -> str:
    return str(value + 1) if isinstance(value, int) else "none"


def _step(index: int, message: Message, ours: bool) -> tuple[n.Step, int | None]:
    intensity = INTENSITIES.get(_enum("intensity", message.get("intensity", 0)) or "", "active")
    unsaid: list[str] = []
    duration = _duration(message, unsaid)
    target = _target(message, unsaid)
    kind, effort, duration, note, upto = step_words(
        _text(message.get("wkt_step_name")), _text(message.get("notes")), duration, targeted=target is not None,
        ours=ours)
    if effort is not None:
        target = n.Effort(effort)
    said = tuple(f"FIT step {index + 1}: {text}" for text in unsaid)
    return n.Step(intensity, duration, target, kind, note, said), upto


def _duration(message: Message, unsaid: list[str]) -> Duration:
    kind = _enum("wkt_step_duration", message.get("duration_type", 0))
    value = message.get("duration_value")
    if kind in ("time", "time_only") and isinstance(value, int) and value > 0:
        return Time(value / 1000)
    if kind == "distance" and isinstance(value, int) and value > 0:
        return Distance(value / 100)
    if kind != "open":
        unsaid.append(f"ends by {kind or 'an unknown condition'} {value if value is not None else ''}".rstrip()
                      + ", which strides cannot say: it ends at the lap button")
    return Open()


def _target(message: Message, unsaid: list[str]) -> n.Target | None:
    kind = _enum("wkt_step_target", message.get("target_type", 2))
    low, high = message.get("custom_target_value_low"), message.get("custom_target_value_high")
    zone = message.get("target_value")
    ends = (min(low, high), max(low, high)) if isinstance(low, int) and isinstance(high, int) and high > 0 else None
    if kind == "speed" and ends is not None:
        return n.Speeds(max(ends[0], 1) / 1000, ends[1] / 1000, resolution=0.001)
    if kind == "heart_rate" and ends is not None and ends[0] > HR_BPM_OFFSET:
        return n.BeatsPerMinute(ends[0] - HR_BPM_OFFSET, ends[1] - HR_BPM_OFFSET)
    if kind == "heart_rate" and ends is not None and ends[1] <= HR_BPM_OFFSET:
        return n.ShareOfMax(*ends)
    if kind == "heart_rate" and ends is None and isinstance(zone, int) and 1 <= zone <= 5:
        unsaid.append(f"heart-rate zone {zone} of the watch, read as strides' z{zone} (from maxhr or lthr)")
        return n.HeartRateZone(zone)
    if kind == "power" and ends is not None and ends[0] > POWER_WATTS_OFFSET:
        return n.Watts(ends[0] - POWER_WATTS_OFFSET, ends[1] - POWER_WATTS_OFFSET)
    if kind in (None, "open"):
        return None
    shown = f"custom {ends[0]}-{ends[1]}" if ends else f"zone {zone}" if zone else "no value"
    unsaid.append(f"a {kind.replace('_', ' ')} target ({shown}), which strides cannot say")
    return None
