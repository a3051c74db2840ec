"""The activity generator is proven, not trusted: every file it makes is read by fitdecode (CRC checked), which
must agree with garmin-fit-sdk on every lap; and each fault shows in the file as a watch would write it."""

from __future__ import annotations

import fitdecode
import pytest
from activity_maker import Faults, decoded, make, proven
from conftest import compile_one

S19 = {"5k": "19:00", "maxhr": "190"}
TRACK = "wu 3min; 12x400 @5k-3s r35s; last all-out; cd 2min"


def frames(data: bytes, name: str) -> list[fitdecode.FitDataMessage]:
    return decoded(data).get(name, [])


def value(frame: fitdecode.FitDataMessage, field: str) -> object:
    return frame.get_value(field) if frame.has_field(field) else None


@pytest.fixture(scope="module")
def track() -> bytes:
    return proven(make(compile_one(TRACK, S19)))


def test_a_perfect_run_has_a_lap_per_step_with_its_watch_step(track: bytes) -> None:
    laps = frames(track, "lap")
    assert len(laps) == 25  # warm-up, 12 reps, 11 rests, cool-down
    # The FIT workout: 0 warm-up, 1 rep, 2 rest, 3 repeat ×11, 4 the all-out rep, 5 cool-down.
    assert [value(lap, "wkt_step_index") for lap in laps] == [0, *[1, 2] * 11, 4, 5]
    assert [value(lap, "total_timer_time") for lap in laps[:4]] == [180.0, 88.2, 35.0, 88.2]
    assert value(laps[1], "total_distance") == 400.0
    assert [value(m, "type") for m in frames(track, "file_id")] == ["activity"]
    assert [value(m, "wkt_name") for m in frames(track, "workout")] == ["Workout"]
    assert len(frames(track, "workout_step")) == 6


def test_records_come_every_second_with_distance_and_heart_rate(track: bytes) -> None:
    records = frames(track, "record")
    stamps = [value(r, "timestamp") for r in records]
    gaps = {(b - a).total_seconds() for a, b in zip(stamps, stamps[1:], strict=False)}  # type: ignore[operator]
    assert gaps == {1.0}
    distances = [value(r, "distance") for r in records]
    assert distances == sorted(distances)  # type: ignore[type-var]
    assert all(value(r, "heart_rate") for r in records)
    session = frames(track, "session")[0]
    assert value(session, "total_distance") == pytest.approx(sum(value(lap, "total_distance")  # type: ignore[misc]
                                                                 for lap in frames(track, "lap")))


def test_a_pause_stops_the_timer_and_lengthens_the_lap_on_the_clock() -> None:
    data = proven(make(compile_one(TRACK, S19), Faults(pauses={3: 20.0})))
    lap = frames(data, "lap")[2]
    assert (value(lap, "total_timer_time"), value(lap, "total_elapsed_time")) == (35.0, 55.0)
    assert [value(e, "event_type") for e in frames(data, "event")].count("stop_all") == 2


def test_auto_laps_cut_a_long_step_every_kilometre() -> None:
    data = proven(make(compile_one("3mi @T", S19), Faults(autolap=1000.0, watch=False)))
    laps = frames(data, "lap")
    assert [value(lap, "total_distance") for lap in laps] == [1000.0] * 4 + [828.03]
    assert [value(lap, "lap_trigger") for lap in laps] == ["distance"] * 4 + ["manual"]
    assert all(value(lap, "wkt_step_index") is None for lap in laps)
    assert not frames(data, "workout")


@pytest.mark.parametrize("faults, laps", [
    (Faults(tail=3.0), 26), (Faults(skipped=5), 25), (Faults(dropped=5, watch=False), 23),
    (Faults(extra_rep=True), 27), (Faults(early={3: 0.75}), 25),
])
def test_faults_add_or_take_laps(faults: Faults, laps: int) -> None:
    assert len(frames(proven(make(compile_one(TRACK, S19), faults)), "lap")) == laps


def test_indoors_nothing_measures_distance() -> None:
    data = proven(make(compile_one(TRACK, S19), Faults(indoor=True)))
    assert all(value(lap, "total_distance") is None for lap in frames(data, "lap"))
    assert all(value(r, "distance") is None for r in frames(data, "record"))


def test_another_sport_is_written_as_such() -> None:
    data = proven(make(compile_one(TRACK, S19), Faults(sport="cycling")))
    assert value(frames(data, "session")[0], "sport") == "cycling"


def test_the_proof_catches_a_damaged_file(track: bytes) -> None:
    damaged = bytearray(track)
    damaged[len(damaged) // 2] ^= 0xFF
    with pytest.raises((AssertionError, fitdecode.FitError)):
        proven(bytes(damaged))
