"""Power, treadmill speed, heart rate as a share and the named paces, written as runners write them: the
numbers they resolve to on the model, and the same numbers in every backend that carries them."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from conftest import compile_one
from fitwalk import decode

from strides.backends import RenderOptions, get_backend
from strides.backends.fit import encode_workout
from strides.errors import StridesError
from strides.language.fmt import format_source
from strides.meaning.model import (
    MILE,
    HeartRate,
    HeartRateShare,
    Pace,
    Power,
    ShareOf,
    Speed,
    SpeedUnit,
    Step,
    Training,
)
from strides.meaning.paces import threshold_pace, vdot_from_race

PROFILE = {"5k": "19:00", "maxhr": "190", "resthr": "50", "lthr": "172"}
TOLERANCE = 0.02  # the profile's default: a single pace or speed is ± 2 %


def first_rep(text: str, settings: dict[str, str] | None = None) -> Step:
    workout = compile_one(text, PROFILE if settings is None else settings)
    return next(step for step in workout.timeline if step.intensity == "active")


def rendered(format_: str, text: str) -> str:
    output = get_backend(format_).render([compile_one(text, PROFILE)], RenderOptions())
    assert isinstance(output, str)
    return output


def fit_first_target(text: str) -> tuple[str, int, int]:
    """The raw target of the first FIT step: its type and custom low and high values."""
    step = decode(encode_workout(compile_one(text, PROFILE))).steps[0]
    return step["target_type"], step["custom_target_value_low"], step["custom_target_value_high"]


def garmin_first_step(text: str) -> dict[str, Any]:
    steps = json.loads(rendered("garmin", text))["workoutSegments"][0]["workoutSteps"]
    while steps[0]["type"] == "RepeatGroupDTO":
        steps = steps[0]["workoutSteps"]
    step: dict[str, Any] = steps[0]
    return step


def icu_first_line(text: str) -> str:
    return next(line for line in rendered("icu", text).split("\n") if line.startswith("- "))


def json_first_target(text: str) -> dict[str, Any]:
    target: dict[str, Any] = json.loads(rendered("json", text))["workouts"][0]["timeline"][0]["target"]
    return target


# ---- power ---------------------------------------------------------------------------------------------------

POWERS = [
    ("10x400 @240W r60s", 233, 247, "240 W"),  # one power: ± 3 %
    ("3x10min @230-250W r2min", 230, 250, "230–250 W"),
    ("5x3min @ 300 watts r2min jog", 291, 309, "300 W"),
    ("20min @200-220w", 200, 220, "200–220 W"),
    ("6x2min @ 275 W r1min", 267, 283, "275 W"),
]


@pytest.mark.parametrize(("text", "low", "high", "label"), POWERS)
def test_power_resolves_to_watts(text: str, low: int, high: int, label: str) -> None:
    target = first_rep(text).target
    assert isinstance(target, Power)
    assert (target.low, target.high, target.label) == (low, high, label)


@pytest.mark.parametrize(("text", "low", "high", "label"), POWERS)
def test_power_reaches_every_backend(text: str, low: int, high: int, label: str) -> None:
    assert fit_first_target(text) == ("power", low + 1000, high + 1000)
    garmin = garmin_first_step(text)
    assert garmin["targetType"]["workoutTargetTypeKey"] == "power.zone"
    assert (garmin["targetValueOne"], garmin["targetValueTwo"]) == (low, high)
    assert icu_first_line(text).endswith(f" {low}-{high}W")
    assert json_first_target(text) == {"power": [low, high], "label": label}


def test_a_recovery_can_hold_a_power_too() -> None:
    workout = compile_one("4x1k @260W r200 jog @180W", PROFILE)
    recovery = workout.timeline[1]
    assert recovery.kind == "jog" and isinstance(recovery.target, Power)
    assert (recovery.target.low, recovery.target.high) == (175, 185)


# ---- treadmill speed -----------------------------------------------------------------------------------------

SPEEDS = [
    ("30min @13km/h", 13, 13, SpeedUnit.kmh, "13 km/h"),
    ("20min @13kph", 13, 13, SpeedUnit.kmh, "13 km/h"),
    ("20min @8.5mph", 8.5, 8.5, SpeedUnit.mph, "8.5 mph"),
    ("5x1k @12-14 km/h r1min", 12, 14, SpeedUnit.kmh, "12–14 km/h"),
    ("6x800 @16kmh r400 jog", 16, 16, SpeedUnit.kmh, "16 km/h"),
    ("10min @6-7 mph", 6, 7, SpeedUnit.mph, "6–7 mph"),
]


def seconds_per_km(speed: float, unit: SpeedUnit) -> float:
    return 3600.0 / (speed * (MILE / 1000 if unit == SpeedUnit.mph else 1.0))


@pytest.mark.parametrize(("text", "low", "high", "unit", "label"), SPEEDS)
def test_a_speed_is_a_pace_whose_basis_is_the_speed(text: str, low: float, high: float, unit: SpeedUnit,
                                                     label: str) -> None:
    target = first_rep(text).target
    assert isinstance(target, Pace) and target.basis == Speed(low, high, unit)
    assert target.label == label
    if low == high:
        exact = seconds_per_km(low, unit)
        assert (target.fast, target.exact, target.slow) == pytest.approx(
            (exact * (1 - TOLERANCE), exact, exact * (1 + TOLERANCE)))
    else:
        assert (target.fast, target.slow) == pytest.approx((seconds_per_km(high, unit), seconds_per_km(low, unit)))
        assert target.exact == pytest.approx(seconds_per_km((low + high) / 2, unit))


@pytest.mark.parametrize(("text", "low", "high", "unit", "label"), SPEEDS)
def test_a_speed_reaches_every_backend(text: str, low: float, high: float, unit: SpeedUnit, label: str) -> None:
    target = first_rep(text).target
    assert isinstance(target, Pace)
    kind, slow_speed, fast_speed = fit_first_target(text)  # mm/s, rounded outwards
    assert (kind, slow_speed, fast_speed) == ("speed", math.floor(1e6 / target.slow), math.ceil(1e6 / target.fast))
    garmin = garmin_first_step(text)
    assert garmin["targetType"]["workoutTargetTypeKey"] == "speed.zone"
    assert garmin["targetValueOne"] <= 1000 / target.slow <= 1000 / target.fast <= garmin["targetValueTwo"]
    assert icu_first_line(text).endswith("/km Pace")
    found = json_first_target(text)
    assert found["speed"] == {"low": low, "high": high, "unit": str(unit)} and found["label"] == label


# ---- heart rate as a share -----------------------------------------------------------------------------------

SHARES = [
    ("40min @70-80%max", 133, 152, ShareOf.max),  # 190 × 70 %, 190 × 80 %
    ("20min @75% HRmax", 140, 146, ShareOf.max),  # 142.5 ± 3
    ("45min @60-70% of max", 114, 133, ShareOf.max),
    ("20min @80% MHR", 149, 155, ShareOf.max),
    ("3x10min @88-92%hrmax r2min", 167, 175, ShareOf.max),
    ("30min @60-70% HRR", 134, 148, ShareOf.reserve),  # 50 + 140 × 60 %, 50 + 140 × 70 %
    ("30min @70% HR reserve", 145, 151, ShareOf.reserve),  # 148 ± 3
    ("20min @95% LTHR", 160, 166, ShareOf.lthr),  # 163.4 ± 3
    ("25min @85-90% LTHR", 146, 155, ShareOf.lthr),
]


@pytest.mark.parametrize(("text", "low", "high", "of"), SHARES)
def test_a_share_of_heart_rate_resolves_to_bpm(text: str, low: int, high: int, of: ShareOf) -> None:
    target = first_rep(text).target
    assert isinstance(target, HeartRate) and (target.low, target.high) == (low, high)
    assert isinstance(target.basis, HeartRateShare) and target.basis.of == of


@pytest.mark.parametrize(("text", "low", "high", "of"), SHARES)
def test_a_share_of_heart_rate_reaches_every_backend(text: str, low: int, high: int, of: ShareOf) -> None:
    assert fit_first_target(text) == ("heart_rate", low + 100, high + 100)
    garmin = garmin_first_step(text)
    assert garmin["targetType"]["workoutTargetTypeKey"] == "heart.rate.zone"
    assert (garmin["targetValueOne"], garmin["targetValueTwo"]) == (low, high)
    line = icu_first_line(text)
    if of == ShareOf.lthr:
        assert line.endswith("% LTHR")
    else:  # as a share of the profile's max, rounded outwards
        assert line.endswith(f" {math.floor(low / 1.9)}-{math.ceil(high / 1.9)}% HR")
    found = json_first_target(text)
    assert found["hr"] == [low, high] and found["share"]["of"] == str(of)


# ---- named paces ---------------------------------------------------------------------------------------------


def test_lt_is_daniels_threshold_pace() -> None:
    lt, t = first_rep("3x1mi @LT r1min").target, first_rep("3x1mi @T r1min").target
    assert isinstance(lt, Pace) and isinstance(t, Pace)
    assert lt.exact == t.exact == pytest.approx(threshold_pace(vdot_from_race(5000, 19 * 60)))
    assert lt.label == "LT"


def test_cv_is_the_speed_of_a_race_lasting_thirty_minutes() -> None:
    target = first_rep("20min @CV").target
    assert isinstance(target, Pace)
    meters_in_30_minutes = 1800 / target.exact * 1000
    assert vdot_from_race(meters_in_30_minutes, 1800) == pytest.approx(vdot_from_race(5000, 19 * 60), abs=1e-6)
    five_k, ten_k = first_rep("20min @5k").target, first_rep("20min @10k").target
    assert isinstance(five_k, Pace) and isinstance(ten_k, Pace)
    assert five_k.exact < target.exact < ten_k.exact  # 19:00 for 5 km runs 30 minutes between the two
    assert target.basis is not None and getattr(target.basis, "pace", None) == Training.CV


def test_cv_takes_an_offset() -> None:
    cv, slower = first_rep("20min @CV").target, first_rep("20min @CV+10s/km").target
    assert isinstance(cv, Pace) and isinstance(slower, Pace)
    assert slower.exact == pytest.approx(cv.exact + 10)


def test_gmp_is_the_profiles_marathon() -> None:
    target = first_rep("10mi @GMP", {"marathon": "3:15:00"}).target
    assert isinstance(target, Pace) and target.exact == pytest.approx(195 * 60 / 42.195)


def test_lt_with_an_offset_per_mile() -> None:
    lt, faster = first_rep("4x2mi @T r2min").target, first_rep("4x2mi @LT-5s/mi r2min").target
    assert isinstance(lt, Pace) and isinstance(faster, Pace)
    assert faster.exact == pytest.approx(lt.exact - 5 / 1.609344)


# ---- refusals ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "settings", "message", "hint"), [
    ("20min @80%", PROFILE, "`@80%` of what: of max heart rate (`@80%max`)", "say what the percentage is of"),
    ("40min @70-80%max", {}, "`@70-80%max` needs maxhr in the profile", "`maxhr = 190`"),
    ("30min @60-70% HRR", {"maxhr": "190"}, "`@60-70%HRR` needs resthr in the profile", "`resthr = 50`"),
    ("30min @60-70% HRR", {}, "needs maxhr and resthr in the profile", "`--set maxhr=190`"),
    ("20min @95% LTHR", {"maxhr": "190"}, "`@95%LTHR` needs lthr in the profile", "`lthr = 170`"),
])
def test_what_a_share_needs_is_named(text: str, settings: dict[str, str], message: str, hint: str) -> None:
    with pytest.raises(StridesError) as caught:
        compile_one(text, settings)
    assert message in caught.value.message and hint in (caught.value.hint or "")
    assert caught.value.span is not None and caught.value.span.column == text.index("@") + 2


@pytest.mark.parametrize(("text", "message"), [
    ("20min @120%max", "a share of max heart rate runs from 30 to 100%"),
    ("20min @80-70%max", "runs backwards"),
    ("20min @2000W", "running power runs from 20 to 1000 W"),
    ("20min @0km/h", "standing still"),
    ("20min @40km/h", "faster than any world record"),
    ("20min @1mph", "slower than walking"),
    ("30min @60-70% HRR", "resting heart rate below the maximum"),
])
def test_numbers_no_runner_means_are_refused(text: str, message: str) -> None:
    settings = {**PROFILE, "maxhr": "110", "resthr": "115"} if "HRR" in text else PROFILE
    with pytest.raises(StridesError, match=message):
        compile_one(text, settings)


def test_a_refusal_points_at_the_target_in_the_file() -> None:
    with pytest.raises(StridesError) as caught:
        compile_one("wu 10min\n5x3min @80% r2min", PROFILE)
    rendered_error = caught.value.render("wu 10min\n5x3min @80% r2min", "plan.strides")
    assert rendered_error.startswith("plan.strides:2:9: `@80%` of what")


# ---- the formatter -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "canonical"), [
    ("4x400 @ 240 watts r200", "4x400 @240W r200 jog"),
    ("30min @ 13 kph", "30min @13km/h"),
    ("20min @8.5 mph", "20min @8.5mph"),
    ("20min @75% of max HR", "20min @75%max"),
    ("20min @60-70 % hr reserve", "20min @60-70%HRR"),
    ("20min @95%lthr", "20min @95%LTHR"),
])
def test_fmt_prints_the_canonical_spelling(written: str, canonical: str) -> None:
    assert format_source(written).strip() == canonical
    assert format_source(canonical).strip() == canonical


# ---- levels --------------------------------------------------------------------------------------------------


def test_harder_shares_have_higher_levels() -> None:
    levels = [first_rep(text).level for text in ("40min @60-70%max", "20min @80-85%max", "5min @92-97%max")]
    assert levels == sorted(levels) and levels[0] < 0.45 < levels[-1]
    assert first_rep("30min @60-70% HRR").level < first_rep("10min @85-90% HRR").level
    assert first_rep("20min @80% LTHR").level < first_rep("10min @100% LTHR").level


def test_explain_says_the_watts() -> None:
    text = rendered("explain", "wu 10min; 5x3min @230-250W r1min; last @260W")
    assert "5 × 3 min at 230–250 W, 1 min between reps; the last one at 260 W." in text
