"""Garmin FIT workout files: one file per workout, ready for a watch's `GARMIN/NewFiles` folder.

The file holds a file_id, a workout and its workout_step messages. Repeats become `repeat_until_steps_cmplt`
steps: consecutive rounds that look the same to the watch are written once followed by a repeat step, so
`12x400 r35s; last all-out` becomes 400 + rest repeated 11 times, then the all-out 400 (the last round has
no rest after it, so it cannot share the repeat). Watches run a repeat inside a repeat, no deeper: a third
level is written out round by round (said as a warning), so the steps still run exactly like the timeline.

Small watches show 15 bytes of a step's name: the name is a short form ("400 @1:28", "Rest 35s", "CD 10min");
when it has to leave words out, the notes hold the full wording, then the runner's note.

The Encoder of garmin-fit-sdk silently drops fields it does not know (sub-field names such as
`duration_time` included) and wraps integers that do not fit their type, so every message is checked against
the FIT profile here before it is encoded.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from importlib import import_module
from typing import Any, NamedTuple

import attrs
from garmin_fit_sdk import Encoder
from garmin_fit_sdk import fit as fit_types

from strides.backends import Backend, RenderOptions
from strides.backends.fit_profile import MAX_STRING_BYTES, checked
from strides.backends.nesting import MAX_REPEAT_DEPTH, grouped_rounds, too_deep
from strides.errors import StridesError, StridesWarning
from strides.meaning.model import (
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
    Power,
    Repeat,
    Speed,
    Step,
    Target,
    Time,
    Workout,
)
from strides.meaning.units import format_duration, watch_note
from strides.record import Record
from strides.words.phrasebook import Phrasebook, clock, pace_words

# Global message numbers from the FIT profile.
FILE_ID = 0
WORKOUT = 26
WORKOUT_STEP = 27

# The FIT profile sets no step limit, but Garmin Connect's workout editor stops at 50 steps and older watches
# refuse longer workouts, so 50 (repeat steps included) is the count every watch is known to take.
MAX_STEPS = 50
# Custom heart-rate targets above 100 are beats per minute plus 100 (0-100 means % of max); custom power
# targets above 1000 are watts plus 1000 (0-1000 means % of FTP): the profile's workout_hr and workout_power.
HR_BPM_OFFSET = 100
POWER_WATTS_OFFSET = 1000
# What small watches show of a step name (Garmin's C SDK example sizes wkt_step_name at 16 bytes, the NUL
# included).
SHORT_NAME_BYTES = 15
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

# The watch is a medium of the phrasebook: its words, written tight.
BOOK = Phrasebook()


@attrs.frozen(repr=False, eq=False)
class FileIdentity(Record):
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
        digest = _sha256()(_identity_text(name, messages)).digest()
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


@functools.cache
def _sha256() -> Any:
    """SHA-256 from Python's own module (`_sha2` from 3.12, `_sha256` before): hashlib would first load OpenSSL,
    a fiftieth of a one-workout compile. The same digest wherever it comes from."""
    for name in ("_sha2", "_sha256"):
        try:
            return import_module(name).sha256
        except ImportError:
            continue
    import hashlib

    return hashlib.sha256


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


def _nodes_steps(nodes: Iterable[Node], units: str, depth: int = MAX_REPEAT_DEPTH) -> list[FitStep]:
    """The steps of `nodes`, with at most `depth` levels of repeat steps."""
    return _join(_node_steps(node, units, depth) for node in nodes)


def _node_steps(node: Node, units: str, depth: int) -> list[FitStep]:
    if isinstance(node, Step):
        return [_step_fields(node, units)]
    return _with_count_range(node, _repeat_steps(node, units, depth))


def _repeat_steps(repeat: Repeat, units: str, depth: int) -> list[FitStep]:
    """Runs of equal rounds become one repeat each, while a level of repeats is left (see `grouped_rounds`)."""
    grouped = grouped_rounds(repeat, depth, lambda nodes, left: _nodes_steps(nodes, units, left))
    return _join(steps if count == 1 else [*steps, _repeat_step(0, count)] for steps, count in grouped)


def _with_count_range(repeat: Repeat, steps: list[FitStep]) -> list[FitStep]:
    """A count range (`4-6x400`) runs its lower end and says so in the note of the repeat's first step."""
    if repeat.count_upto is None or not steps:
        return steps
    said = f"{repeat.count}-{repeat.count_upto}x: watch runs {repeat.count}"
    first = steps[0]
    notes = f"{said}; {first['notes']}" if first.get("notes") else said
    return [{**first, "notes": fit_string(notes)}, *steps[1:]]


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
    name, notes = fit_string(step_name(step, units)), fit_string(step_notes(step, units))
    if name:  # an empty string would decode as no name at all
        fields["wkt_step_name"] = name
    fields.update(_duration_fields(step.duration))
    fields.update(_target_fields(step.target))
    if notes:
        fields["notes"] = notes
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
    if isinstance(target, (HeartRate, Power)):
        kind, offset = ("heart_rate", HR_BPM_OFFSET) if isinstance(target, HeartRate) else ("power", POWER_WATTS_OFFSET)
        return {
            "target_type": kind,
            "target_value": 0,
            "custom_target_value_low": target.low + offset,
            "custom_target_value_high": target.high + offset,
        }
    # Efforts have no number a watch could check: the word goes in the step name.
    return {"target_type": "open"}


class StepWords(NamedTuple):
    """A step's name on the watch and its full wording; `shortened` when the name had to leave words out."""

    name: str
    full: str
    shortened: bool


def step_words(step: Step, units: str = "km") -> StepWords:
    """What the watch shows as the step's name, within SHORT_NAME_BYTES ("400 @1:28", "Rest 35s",
    "CD 10min", "Strides fast"), and the step in full words ("400 @ 1:28 (5k-3s)", "Cool-down 10 min").

    The amount is what the watch runs (the lower end of a range; the range itself is in the note). No rep
    numbers: equal rounds must give equal steps to share one repeat.
    """
    kind = step.kind
    target = step.target
    long_kind = [] if kind == Kind.run else [BOOK.kind_title(kind)]
    short = [] if kind == Kind.run else [BOOK.kind_short(kind)]
    if isinstance(target, Effort):
        full, short = [*long_kind, target.word], [*short, target.word]
    else:
        amount = _amount(step)
        shown = _target_shown(step, units)
        full = [*long_kind, amount] if amount else long_kind or ["Run"]
        short = [*short, amount.replace(" ", "")] if amount else short or ["Run"]
        if shown:
            full.append(f"@ {shown}{_written_as(target, shown)}")
            short.append("@" + shown.replace(" ", "").replace("–", "-"))  # an en dash takes three bytes
    name = short_name(short)
    return StepWords(name, " ".join(full), name != " ".join(short))


def step_name(step: Step, units: str = "km") -> str:
    """The step's name on the watch (see `step_words`)."""
    return step_words(step, units).name


def step_notes(step: Step, units: str = "km") -> str:
    """The step's notes: its full wording when the name had to leave words out, then the runner's note and
    the range the watch runs the lower end of."""
    words = step_words(step, units)
    note = watch_note(step)
    parts = [words.full] if words.shortened else []
    return "; ".join([*parts, note] if note else parts)


def short_name(words: Sequence[str]) -> str:
    """As many whole words as fit SHORT_NAME_BYTES; a first word longer than that is cut, never inside a
    UTF-8 character."""
    name = ""
    for word in words:
        longer = f"{name} {word}" if name else word
        if len(longer.encode("utf-8")) > SHORT_NAME_BYTES:
            break
        name = longer
    if not name and words:
        name = words[0].encode("utf-8")[:SHORT_NAME_BYTES].decode("utf-8", errors="ignore")
    return name


def _target_shown(step: Step, units: str) -> str:
    """The target as numbers: a split or pace, a speed, a heart rate, a power."""
    target = step.target
    if isinstance(target, Pace):
        if isinstance(target.basis, Speed):
            return target.basis.label
        return _pace_shown(step, target, units)
    if isinstance(target, (HeartRate, Power)):
        return target.label
    return ""


def _written_as(target: Target | None, shown: str) -> str:
    """` (5k-3s)`, ` (T)`: a pace written against a race or a training pace is named after the numbers."""
    if isinstance(target, Pace) and not isinstance(target.basis, Speed) and target.label not in shown:
        return f" ({target.label})"
    return ""


def _amount(step: Step) -> str:
    if isinstance(step.duration, Open):
        return ""  # the watch says "lap button" itself
    amount = BOOK.amount(attrs.evolve(step.duration, upto=None))
    if step.kind == Kind.run and amount.endswith(" m"):
        amount = amount[:-2]  # a bare rep distance is metres, as on the track: "400 @ 1:28"
    return amount


def _pace_shown(step: Step, pace: Pace, units: str) -> str:
    """The split for a rep up to a mile (what a runner checks at the line), else the pace per km or mile as
    every surface shows it (a range for a range: the watch does not run easy at its middle)."""
    split = step.split
    if step.kind == Kind.run and split is not None and isinstance(step.duration, Distance) and not pace.is_range:
        if step.duration.meters <= MILE + 0.5:
            return clock(split)
    return pace_words(pace, units)


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


def warnings(workouts: Sequence[Workout]) -> list[StridesWarning]:
    """What the file cannot hold as written: a repeat inside a repeat inside a repeat."""
    return [warning for warning in (too_deep(workout, "fit") for workout in workouts) if warning is not None]


BACKEND = Backend(name="fit", suffix=".fit", binary=True, per_workout=True, render=render, warnings=warnings)
