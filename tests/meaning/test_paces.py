"""The Daniels–Gilbert pace model against published figures."""

from __future__ import annotations

import pytest

from strides.meaning import paces
from strides.meaning.model import MILE
from strides.meaning.profile import runner_from, setting_key, settings_from_pairs
from strides.meaning.units import format_clock, format_distance, format_pace, format_seconds

VDOT_5K_19 = paces.vdot_from_race(5000, 19 * 60)


def test_vdot_of_a_19_minute_5k() -> None:
    assert VDOT_5K_19 == pytest.approx(52.88, abs=0.005)


def test_vdot_of_a_3_45_marathon() -> None:
    assert paces.vdot_from_race(42195, 3 * 3600 + 45 * 60) == pytest.approx(41.0, abs=0.05)


@pytest.mark.parametrize(("meters", "published", "slack"), [
    # Daniels' VDOT table, row VDOT 50. The table was computed from these equations and rounded; the longer
    # races drift by a few seconds.
    (5000, "19:57", 2.0), (10000, "41:21", 2.0), (21097.5, "1:31:35", 6.0), (42195, "3:10:49", 12.0),
])
def test_equivalent_race_times_match_the_published_table(meters: float, published: str, slack: float) -> None:
    want = sum(float(p) * 60**i for i, p in enumerate(reversed(published.split(":"))))
    assert paces.race_seconds(50.0, meters) == pytest.approx(want, abs=slack)


def test_race_time_and_vdot_are_inverse() -> None:
    for vdot in (35.0, 45.0, 55.0, 70.0):
        for meters in (1500.0, 5000.0, 21097.5, 42195.0):
            assert paces.vdot_from_race(meters, paces.race_seconds(vdot, meters)) == pytest.approx(vdot)


def test_training_paces_of_a_19_minute_5k() -> None:
    assert paces.threshold_pace(VDOT_5K_19) == pytest.approx(243.9, abs=0.05)  # T 4:03.9/km
    assert paces.interval_pace(VDOT_5K_19) * 0.4 == pytest.approx(89.8, abs=0.05)  # I 89.8 s per 400 m
    assert paces.pace_of_race(VDOT_5K_19, 42195) == pytest.approx(258.6, abs=0.05)  # M 4:18.6/km
    assert paces.repetition_pace(VDOT_5K_19) * 0.4 == pytest.approx(83.8, abs=0.05)  # R = I - 6 s per 400
    fast, slow = paces.easy_range(VDOT_5K_19)
    assert fast < slow and fast == pytest.approx(280.6, abs=0.1)


def test_a_race_not_in_the_profile_comes_from_the_nearest_race() -> None:
    runner = runner_from(settings_from_pairs({"5k": "20:00", "marathon": "3:30:00"}))
    assert runner.race_pace("10k") == pytest.approx(paces.pace_of_race(paces.vdot_from_race(5000, 1200), 10000))
    assert runner.race_pace("hm") == pytest.approx(
        paces.pace_of_race(paces.vdot_from_race(42195, 12600), 21097.5))
    assert runner.race_pace("marathon") == pytest.approx(12600 / 42.195)


def test_vdot_is_the_best_race() -> None:
    runner = runner_from(settings_from_pairs({"5k": "20:00", "marathon": "3:45:00"}))
    assert runner.vdot == pytest.approx(paces.vdot_from_race(5000, 1200))


def test_conversions_are_exact() -> None:
    assert MILE == 1609.344
    assert format_pace(420 / 1.609344, "mi") == "7:00/mi"
    assert format_distance(3 * MILE) == "3 mi"
    assert format_clock(88.2) == "1:28" and format_clock(89.77, 1) == "1:29.8"


def test_durations_read_as_runners_say_them() -> None:
    shown = [format_seconds(s) for s in (35, 90, 900, 3600, 3900, 9000)]
    assert shown == ["35 s", "1:30", "15 min", "1 h", "1 h 05 min", "2 h 30 min"]


@pytest.mark.parametrize(("written", "key"), [
    ("5k", "5k"), ("5K", "5k"), ("5 km", "5k"), ("10km", "10k"), ("half marathon", "hm"), ("Half-Marathon", "hm"),
    ("half", "hm"), ("Max HR", "maxhr"), ("max_hr", "maxhr"), ("VDOT", "vdot"), ("1 mile", "mile"),
])
def test_setting_names_as_runners_write_them(written: str, key: str) -> None:
    assert setting_key(written) == key
