"""A FIT activity as the review reads it: the laps, the heart rate second by second, the sport, and the
workout the watch ran (its name and its workout_step messages), when it ran one.

garmin-fit-sdk's Decoder reads the file with its values raw (no scaling, no expansion of components, enums
as numbers): the review needs a handful of lap fields, and a one-hour run holds thousands of records, which
the Decoder reads twice as fast this way. The scales below are the FIT profile's.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
from garmin_fit_sdk import Decoder, Profile, Stream

from strides.errors import StridesError
from strides.meaning.units import format_clock

MAX_ACTIVITY_BYTES = 64_000_000  # a 24-hour run recorded every second is some 10 MB
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=timezone.utc)
ACTIVITY = 4  # the FIT `file` type of a recorded activity
MS, CM, FRACTION = 1000.0, 100.0, 128.0  # the profile's scales: ms, cm, 1/128 of a cycle
STEP_INDEX_MASK = 0x0FFF  # message_index: the high bits are flags
AUTO_TRIGGERS = frozenset({"distance", "position_lap", "position_start", "position_waypoint", "position_marked"})
RECORD_GAP = 5.0  # seconds: a longer gap between records is a pause, not time at the last heart rate

Message = dict[str, Any]


class ActivityError(StridesError):
    """An activity file that cannot be reviewed: said in one line, after the file's name."""


@attrs.frozen
class Lap:
    """One lap as the watch closed it. Times are seconds: `timer` while the clock ran, `elapsed` with pauses."""

    number: int  # from 1, in the file's order
    timer: float
    elapsed: float
    meters: float | None  # None indoors, when nothing measured the distance
    trigger: str  # manual, time, distance, position_lap, session_end…
    step_index: int | None  # wkt_step_index: the workout step the watch was on
    hr_avg: int | None = None
    hr_max: int | None = None
    power: int | None = None
    cadence: float | None = None  # steps per minute

    @property
    def paused(self) -> float:
        return round(max(0.0, self.elapsed - self.timer), 3)

    @property
    def is_auto(self) -> bool:
        """Closed by the watch's auto-lap (a distance or a place), not by a step's end or the lap button."""
        return self.trigger in AUTO_TRIGGERS


@attrs.frozen
class Activity:
    """What the review reads of an activity file."""

    name: str  # the file, for messages
    sport: str | None
    started: datetime | None
    laps: tuple[Lap, ...]
    heart_rates: tuple[tuple[float, int], ...]  # (seconds counted at that heart rate, bpm)
    workout_name: str | None = None
    workout_steps: tuple[Message, ...] = ()  # as the FIT backend writes them: enum values by name

    @property
    def day(self) -> str | None:
        return self.started.date().isoformat() if self.started else None


def read_bytes(path: str) -> bytes:
    """The bytes of an activity file, or of standard input for `-`."""
    shown = "standard input" if path == "-" else path
    try:
        if path == "-":
            if sys.stdin is None:
                raise ActivityError("cannot read standard input: it is closed")
            data = sys.stdin.buffer.read(MAX_ACTIVITY_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_ACTIVITY_BYTES + 1)
    except IsADirectoryError:
        raise ActivityError(f"cannot read {shown}: it is a folder, not an activity file") from None
    except OSError as error:
        raise ActivityError(f"cannot read {shown}: {error.strerror or error}") from None
    if len(data) > MAX_ACTIVITY_BYTES:
        raise ActivityError(f"{shown} is larger than {MAX_ACTIVITY_BYTES:,} bytes: not an activity a watch records")
    return data


def read_activity(data: bytes, name: str) -> Activity:
    """The activity in `data`; anything that is not a whole, readable activity is an ActivityError."""
    if not Decoder(Stream.from_byte_array(bytearray(data))).is_fit():
        raise ActivityError(f"{name} is not a FIT file (an activity is the .fit file a watch records)")
    messages, whole = _decoded(data)  # the Decoder checks the file's CRC as it reads
    if not whole:
        raise ActivityError(f"{name} {_damage(data)}; {_readable(messages)}")
    _check_type(messages, name)
    laps = _laps(messages)
    if not laps:
        raise ActivityError(f"{name} is an activity with no laps: there is nothing to compare with the workout")
    return Activity(name, _sport(messages), _started(messages), laps, _heart_rates(messages),
                    *_workout(messages))


def _decoded(data: bytes) -> tuple[dict[str, list[Message]], bool]:
    """The file's messages by kind (`lap_mesgs`, …), raw, and whether the Decoder read it to its end."""
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
        apply_scale_and_offset=False, convert_datetimes_to_dates=False, convert_types_to_strings=False,
        expand_sub_fields=False, expand_components=False, merge_heart_rates=False)
    found: dict[str, list[Message]] = {key: value for key, value in messages.items() if isinstance(value, list)}
    return found, not errors


def _damage(data: bytes) -> str:
    """What is wrong with a FIT file whose integrity check failed."""
    declared = data[0] + int.from_bytes(data[4:8], "little") + 2 if len(data) >= 8 else 0
    if declared > len(data):
        return f"is cut short ({len(data):,} of {declared:,} bytes): the copy or the watch stopped before its end"
    return "fails its CRC check: its bytes changed after the watch wrote them"


def _readable(messages: Mapping[str, list[Message]]) -> str:
    """What could be read of a damaged file, for its message."""
    laps, records = messages.get("lap_mesgs", []), messages.get("record_mesgs", [])
    stamps = [r["timestamp"] for r in records if "timestamp" in r]
    span = f" over {format_clock(stamps[-1] - stamps[0])}" if len(stamps) > 1 else ""
    return f"before the damage it holds {len(laps)} lap{'s' if len(laps) != 1 else ''} and " \
           f"{len(records):,} record{'s' if len(records) != 1 else ''}{span}"


def _type_name(type_name: str, value: Any) -> str | None:
    if value is None:
        return None
    return str(Profile["types"][type_name].get(value, value))


def _check_type(messages: Mapping[str, list[Message]], name: str) -> None:
    file_ids = messages.get("file_id_mesgs", [])
    kind = file_ids[0].get("type") if file_ids else None
    if kind == ACTIVITY:
        return
    if kind is None:
        raise ActivityError(f"{name} says not what it holds (no file_id): it is not an activity a watch recorded")
    what = _type_name("file", kind)
    raise ActivityError(f"{name} is a FIT {what} file, not an activity: review reads the file a watch records "
                        "during a run (in GARMIN/Activity)")


def _sport(messages: Mapping[str, list[Message]]) -> str | None:
    for key in ("session_mesgs", "sport_mesgs", "lap_mesgs"):
        for message in messages.get(key, []):
            if message.get("sport") is not None:
                return _type_name("sport", message["sport"])
    return None


def _started(messages: Mapping[str, list[Message]]) -> datetime | None:
    for key, field in (("session_mesgs", "start_time"), ("lap_mesgs", "start_time"), ("record_mesgs", "timestamp")):
        for message in messages.get(key, []):
            if message.get(field) is not None:
                return FIT_EPOCH + timedelta(seconds=message[field])
    return None


def _laps(messages: Mapping[str, list[Message]]) -> tuple[Lap, ...]:
    laps = [_lap(number, message) for number, message in enumerate(messages.get("lap_mesgs", []), 1)]
    if laps and all(not lap.meters for lap in laps):  # indoors with nothing to measure: no distance at all
        laps = [attrs.evolve(lap, meters=None) for lap in laps]
    return tuple(laps)


def _lap(number: int, message: Message) -> Lap:
    timer = (message.get("total_timer_time") or 0) / MS
    elapsed = message.get("total_elapsed_time")
    distance = message.get("total_distance")
    step = message.get("wkt_step_index")
    cadence = message.get("avg_cadence")
    if cadence is not None:  # running cadence is counted per foot: twice that is steps per minute
        cadence = 2 * (cadence + (message.get("avg_fractional_cadence") or 0) / FRACTION)
    return Lap(number=number, timer=timer,
               elapsed=elapsed / MS if elapsed is not None else timer,
               meters=distance / CM if distance is not None else None,
               trigger=_type_name("lap_trigger", message.get("lap_trigger")) or "manual",
               step_index=step & STEP_INDEX_MASK if step is not None else None,
               hr_avg=message.get("avg_heart_rate"), hr_max=message.get("max_heart_rate"),
               power=message.get("avg_power"), cadence=cadence)


def _heart_rates(messages: Mapping[str, list[Message]]) -> tuple[tuple[float, int], ...]:
    """Each record's heart rate with the seconds until the next record (a gap longer than RECORD_GAP is a
    pause: it counts one second)."""
    beats = [(r["timestamp"], r["heart_rate"]) for r in messages.get("record_mesgs", [])
             if r.get("heart_rate") is not None and r.get("timestamp") is not None]
    counted = []
    for (time, bpm), (after, _) in zip(beats, [*beats[1:], (None, 0)], strict=True):
        gap = float(after - time) if after is not None else 1.0
        counted.append((gap if 0 < gap <= RECORD_GAP else 1.0, bpm))
    return tuple(counted)


WORKOUT_ENUMS = {"duration_type": "wkt_step_duration", "target_type": "wkt_step_target", "intensity": "intensity",
                 "secondary_target_type": "wkt_step_target"}


def _workout(messages: Mapping[str, list[Message]]) -> tuple[str | None, tuple[Message, ...]]:
    """The name of the workout the watch ran, and its steps in order, enum values by name."""
    workouts = messages.get("workout_mesgs", [])
    name = workouts[0].get("wkt_name") if workouts else None
    steps = sorted(messages.get("workout_step_mesgs", []), key=lambda m: m.get("message_index", 0))
    named = tuple({key: _type_name(WORKOUT_ENUMS[key], value) if key in WORKOUT_ENUMS else value
                   for key, value in step.items()} for step in steps)
    return (str(name) if name else None), named


def laps_described(laps: Sequence[Lap]) -> str:
    """`lap 7`, `laps 3–7`, `laps 3, 5`: lap numbers as the report gives them."""
    numbers = [lap.number for lap in laps]
    if len(numbers) == 1:
        return f"lap {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"laps {numbers[0]}–{numbers[-1]}"
    return "laps " + ", ".join(str(n) for n in numbers)
