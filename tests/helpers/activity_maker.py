"""Activities a watch could have recorded, made from a resolved workout: for the review's tests.

`make(workout, faults)` runs the workout as planned (every step at its exact target, its time or distance to
the tenth of a second and the centimetre) and writes what a watch writes with garmin-fit-sdk's Encoder: the
file_id of an activity, a timer start, the workout and workout_step messages (strides' own FIT steps, as a
watch keeps the workout it ran), a record every second (distance, speed, heart rate, cadence, power), a lap
per step with the watch step it ran (`wkt_step_index`), timer stops and starts around pauses, the session and
the activity. `Faults` spoils the run the ways real ones are spoiled.

Reps are numbered as a runner counts them, from 1 over the whole workout; steps as the timeline has them.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from typing import Any

import attrs
import fitdecode
from garmin_fit_sdk import Encoder

from strides.backends.fit import WORKOUT, WORKOUT_STEP, fit_string, workout_steps
from strides.backends.fit_profile import checked
from strides.meaning.model import Distance, HeartRate, Pace, Power, Step, Time, Workout
from strides.review.activity import read_activity
from strides.review.stored import executed

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=timezone.utc)
STARTED = datetime(2026, 3, 10, 7, 0, tzinfo=timezone.utc)
FILE_ID, SESSION, LAP, RECORD, EVENT, ACTIVITY = 0, 18, 19, 20, 21, 34
JOG = 400.0  # s/km: an open step, or one with nothing to say its pace
OPEN_SECONDS = 60.0
SKIPPED_SECONDS = 1.0


@attrs.frozen
class Faults:
    """What went wrong on the day; the default is a perfect run of the watch's own workout."""

    slow: Mapping[int, float] = attrs.field(factory=dict)  # rep number: seconds slower over the rep
    early: Mapping[int, float] = attrs.field(factory=dict)  # rep number: share run before the lap button
    pauses: Mapping[int, float] = attrs.field(factory=dict)  # step number: seconds paused before its lap closes
    skipped: int | None = None  # a rep the lap button skipped after a second
    dropped: int | None = None  # a rep never run: no lap for it or the recovery after it
    extra_rep: bool = False  # one more recovery and rep after the last rep
    autolap: float | None = None  # metres: a lap every so far within a step
    tail: float | None = None  # seconds: a lap after the last step (the watch stopped late)
    watch: bool = True  # the watch ran the workout: laps say their step, the workout is stored
    indoor: bool = False  # nothing measured the distance
    sport: str = "running"
    power: bool = False
    cadence: bool = True


@attrs.frozen
class Stint:
    """A stretch of running at one speed: a step, or the part of it one lap holds."""

    seconds: float
    meters: float
    heart_rate: int
    trigger: str  # how the lap ending it was closed
    step_index: int | None
    intensity: str
    power: int | None = None
    paused: float = 0.0  # seconds the timer stood still before the lap closed


def make(workout: Workout, faults: Faults = Faults()) -> bytes:
    """The FIT activity of `workout` run with `faults`."""
    steps = workout_steps(workout)
    indices = executed(steps)
    stints = list(_laps(_run(workout, indices, faults), faults))
    if faults.tail:
        last = stints[-1]
        stints.append(attrs.evolve(last, seconds=faults.tail, meters=faults.tail * last.meters / last.seconds,
                                   trigger="session_end", step_index=None))
    encoder = Encoder()
    for mesg_num, fields in _messages(workout, steps, stints, faults):
        encoder.write_mesg({"mesg_num": mesg_num, **fields})
    data: bytes = encoder.close()
    return data


# ---- running the workout -------------------------------------------------------------------------------------


def _run(workout: Workout, indices: list[int], faults: Faults) -> Iterator[tuple[Stint, int]]:
    """Each step run, with its timeline number (from 1)."""
    timeline = list(enumerate(workout.timeline, 1))
    rep = 0
    plan: list[tuple[int, Step, int, int]] = []  # (number, step, watch index, rep number or 0)
    for (number, step), index in zip(timeline, indices, strict=True):
        rep += step.is_rep
        plan.append((number, step, index, rep if step.is_rep else 0))
    if faults.extra_rep:
        at = max(i for i, (_, step, _, _) in enumerate(plan) if step.is_rep and step.rep)
        recovery = [p for p in plan[:at] if p[1].is_recovery][-1:]
        plan[at + 1:at + 1] = [(p[0], p[1], p[2], 0) for p in [*recovery, plan[at]]]
    dropping = False
    for number, step, index, rep_number in plan:
        if dropping and step.is_recovery:
            dropping = False
            continue
        if rep_number and rep_number == faults.dropped:
            dropping = True
            continue
        yield _stint(step, index if faults.watch else None, rep_number, faults), number


def _stint(step: Step, index: int | None, rep: int, faults: Faults) -> Stint:
    pace = _pace(step)
    speed = 1000.0 / pace if pace else 0.0
    # Without the workout on the watch, the runner closes every step with the lap button.
    trigger = {Time: "time", Distance: "distance"}.get(type(step.duration), "manual") if faults.watch else "manual"
    if isinstance(step.duration, Distance):
        meters = step.duration.meters
        seconds = meters / speed if speed else step.estimated_seconds or OPEN_SECONDS
    else:
        seconds = step.duration.seconds if isinstance(step.duration, Time) else OPEN_SECONDS
        meters = seconds * speed
    seconds += faults.slow.get(rep, 0.0)
    if rep in faults.early:
        seconds, meters, trigger = seconds * faults.early[rep], meters * faults.early[rep], "manual"
    if rep and rep == faults.skipped:
        meters, seconds, trigger = meters * SKIPPED_SECONDS / seconds, SKIPPED_SECONDS, "manual"
    power = round((step.target.low + step.target.high) / 2) if isinstance(step.target, Power) else None
    return Stint(round(seconds, 3), round(meters, 2), _heart_rate(step), trigger, index, step.intensity,
                 power if power is not None else (round(150 + 200 * step.level) if faults.power else None))


def _pace(step: Step) -> float | None:
    """Seconds per km the step is run at; None standing still."""
    if isinstance(step.target, Pace):
        return step.target.exact
    if step.estimated_seconds and step.estimated_meters:
        return step.estimated_seconds * 1000.0 / step.estimated_meters
    if step.estimated_seconds and not step.estimated_meters:
        return None
    return JOG


def _heart_rate(step: Step) -> int:
    if isinstance(step.target, HeartRate):
        return (step.target.low + step.target.high) // 2
    return round(95 + 90 * step.level)


def _laps(run: Iterator[tuple[Stint, int]], faults: Faults) -> Iterator[Stint]:
    """The laps of the run: a step's, cut by auto-laps; a pause goes to the step's last lap."""
    for stint, number in run:
        pieces = [stint]
        if faults.autolap and stint.meters > faults.autolap:
            whole, rest = divmod(stint.meters, faults.autolap)
            share = faults.autolap / stint.meters
            auto = attrs.evolve(stint, seconds=round(stint.seconds * share, 3), meters=faults.autolap,
                                trigger="distance")
            count = int(whole) if rest >= 1.0 else int(whole) - 1  # under a metre left: the last auto-lap takes it
            pieces = [auto] * count
            pieces.append(attrs.evolve(stint, seconds=round(stint.seconds - count * auto.seconds, 3),
                                       meters=round(stint.meters - count * faults.autolap, 2)))
        if number in faults.pauses:
            pieces[-1] = attrs.evolve(pieces[-1], paused=faults.pauses[number])
        yield from pieces


# ---- the messages ---------------------------------------------------------------------------------------------


def _messages(workout: Workout, steps: list[dict[str, Any]], stints: list[Stint], faults: Faults
              ) -> Iterator[tuple[int, dict[str, Any]]]:
    start = int((STARTED - FIT_EPOCH).total_seconds())
    yield FILE_ID, {"type": "activity", "manufacturer": "development", "product": 1, "serial_number": 1234,
                    "time_created": start}
    yield EVENT, {"timestamp": start, "event": "timer", "event_type": "start"}
    if faults.watch:
        header = {"sport": "running", "num_valid_steps": len(steps), "wkt_name": fit_string(workout.name)}
        for mesg_num, fields in [(WORKOUT, header), *((WORKOUT_STEP, {"message_index": i, **s})
                                                      for i, s in enumerate(steps))]:
            yield mesg_num, checked(mesg_num, fields)
    clock = _Clock(start)
    laps = []
    for stint in stints:
        yield from clock.records(stint, faults)
        if stint.paused:
            yield from clock.pause(stint.paused)
        laps.append(_lap(stint, clock, len(laps), faults))
        yield LAP, laps[-1]
    yield from _closing(laps, clock, start, faults)


class _Clock:
    """Timer time, the wall clock (timer time plus pauses) and the distance, as records are written."""

    def __init__(self, start: int) -> None:
        self.start, self.timer, self.paused, self.meters = start, 0.0, 0.0, 0.0
        self.next_record = 0  # the timer second of the next record

    def now(self, timer: float) -> int:
        return self.start + round(timer + self.paused)

    def records(self, stint: Stint, faults: Faults) -> Iterator[tuple[int, dict[str, Any]]]:
        speed = stint.meters / stint.seconds if stint.seconds else 0.0
        begin = self.timer
        while self.next_record <= begin + stint.seconds:
            at = self.next_record
            record: dict[str, Any] = {"timestamp": self.now(at), "heart_rate": stint.heart_rate}
            if not faults.indoor:
                record |= {"distance": round(self.meters + (at - begin) * speed, 2), "speed": round(speed, 3)}
            if faults.cadence:
                record["cadence"] = 88 if speed else 0
            if stint.power is not None:
                record["power"] = stint.power
            yield RECORD, record
            self.next_record += 1
        self.lap_start = self.now(begin)
        self.timer += stint.seconds
        self.meters += stint.meters

    def pause(self, seconds: float) -> Iterator[tuple[int, dict[str, Any]]]:
        yield EVENT, {"timestamp": self.now(self.timer), "event": "timer", "event_type": "stop_all"}
        self.paused += seconds
        yield EVENT, {"timestamp": self.now(self.timer), "event": "timer", "event_type": "start"}


def _lap(stint: Stint, clock: _Clock, index: int, faults: Faults) -> dict[str, Any]:
    lap: dict[str, Any] = {
        "message_index": index, "timestamp": clock.now(clock.timer), "start_time": clock.lap_start,
        "event": "lap", "event_type": "stop", "total_elapsed_time": stint.seconds + stint.paused,
        "total_timer_time": stint.seconds,
        "avg_heart_rate": stint.heart_rate, "max_heart_rate": stint.heart_rate + 3, "lap_trigger": stint.trigger,
        "sport": faults.sport}
    if stint.intensity:
        lap["intensity"] = stint.intensity
    if not faults.indoor:
        lap |= {"total_distance": stint.meters,
                "avg_speed": round(stint.meters / stint.seconds, 3) if stint.seconds else 0.0}
    if stint.step_index is not None:
        lap["wkt_step_index"] = stint.step_index
    if faults.cadence:
        lap["avg_cadence"] = 88 if stint.meters else 0
    if stint.power is not None:
        lap["avg_power"] = stint.power
    return lap


def _closing(laps: list[dict[str, Any]], clock: _Clock, start: int, faults: Faults
             ) -> Iterator[tuple[int, dict[str, Any]]]:
    end = clock.now(clock.timer)
    yield EVENT, {"timestamp": end, "event": "timer", "event_type": "stop_all"}
    session: dict[str, Any] = {
        "message_index": 0, "timestamp": end, "start_time": start, "event": "session", "event_type": "stop",
        "sport": faults.sport, "total_elapsed_time": end - start, "total_timer_time": clock.timer,
        "num_laps": len(laps), "first_lap_index": 0, "trigger": "activity_end",
        "avg_heart_rate": round(sum(lap["avg_heart_rate"] * lap["total_timer_time"] for lap in laps) / clock.timer),
        "max_heart_rate": max(lap["max_heart_rate"] for lap in laps)}
    if not faults.indoor:
        session["total_distance"] = clock.meters
    yield SESSION, session
    yield ACTIVITY, {"timestamp": end, "total_timer_time": clock.timer, "num_sessions": 1, "type": "manual",
                     "event": "activity", "event_type": "stop"}


# ---- proof ----------------------------------------------------------------------------------------------------


def proven(data: bytes) -> bytes:
    """`data`, once fitdecode (a second decoder, with its own CRC check) has read it as an activity and agreed
    on every lap with what the review reads through garmin-fit-sdk; raises AssertionError otherwise."""
    read = decoded(data)
    assert [frame.get_value("type") for frame in read["file_id"]] == ["activity"]
    assert read["record"], "no records"
    theirs = [tuple(_value(frame, name) for name in LAP_FIELDS) for frame in read["lap"]]
    ours = [(lap.timer, lap.elapsed, lap.meters, lap.step_index, lap.trigger, lap.hr_avg)
            for lap in read_activity(data, "generated.fit").laps]
    assert ours == theirs, f"the decoders disagree on the laps:\n garmin-fit-sdk {ours}\n fitdecode {theirs}"
    return data


LAP_FIELDS = ("total_timer_time", "total_elapsed_time", "total_distance", "wkt_step_index", "lap_trigger",
              "avg_heart_rate")


@functools.lru_cache(maxsize=8)
def decoded(data: bytes) -> dict[str, list[fitdecode.FitDataMessage]]:
    """fitdecode's reading of a file, its messages by name; the CRC is checked."""
    found: dict[str, list[fitdecode.FitDataMessage]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                found.setdefault(frame.name, []).append(frame)
    return found


def _value(frame: fitdecode.FitDataMessage, name: str) -> Any:
    return frame.get_value(name) if frame.has_field(name) else None
