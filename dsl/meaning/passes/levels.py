"""The pass that says how hard each step is: a level from 0 (standing still) to 1 (all-out), and the zone
that level falls in, for the chart's bar heights and colours and the time in each zone.

With a VDOT the level of a pace is linear in the fraction of VO2max it costs, so the zone bounds fall
between E, M, T, I and R paces; without one (clock paces only) it comes from what the pace was written as.

>>> zone_of(0.5), zone_of(0.95)
('steady', 'max')
"""

from __future__ import annotations

from strides.meaning import model
from strides.meaning.paces import oxygen_cost
from strides.meaning.passes.context import Context
from strides.meaning.passes.walk import map_steps

MIN_LEVEL = 0.08
# How hard an effort word is, when no pace says it.
EFFORT_LEVELS = {"all-out": 1.0, "fast": 0.92, "hard": 0.8, "moderate": 0.55}
UNKNOWN_EFFORT = 0.8
# How hard a race or training pace is, used only when the profile has no VDOT to compare paces with.
RACE_LEVELS = {"marathon": 0.52, "hm": 0.6, "15k": 0.62, "10mi": 0.62, "10k": 0.7, "8k": 0.72, "5k": 0.76,
               "2mi": 0.8, "3k": 0.83, "mile": 0.95, "1500": 0.95}
TRAINING_LEVELS = {"E": 0.3, "steady": 0.47, "M": 0.52, "T": 0.63, "CV": 0.68, "I": 0.79, "R": 0.95}
CLOCK_LEVEL = 0.6  # a pace written as a time says nothing of how hard it is without a VDOT
HEART_RATE_LEVELS = (0.2, 0.33, 0.5, 0.62, 0.8)  # z1..z5
BPM_LEVEL = 0.45
# A heart rate given as a share: the zone levels above at the middle of each zone, as a share of max heart
# rate (z1 50-60 %) or of LTHR (Friel's zones); a share of heart-rate reserve tracks the share of VO2 reserve
# (Swain and Leutholtz), so it is graded like a pace at that fraction of VO2max.
SHARE_OF_MAX_POINTS = ((0.55, 0.2), (0.65, 0.33), (0.75, 0.5), (0.85, 0.62), (0.95, 0.8))
SHARE_OF_LTHR_POINTS = ((0.75, 0.2), (0.87, 0.33), (0.92, 0.5), (0.97, 0.62), (1.03, 0.8))
# Power says nothing of how hard it is without the runner's critical power, which the profile does not hold.
POWER_LEVEL = 0.6
# Untargeted steps, by kind then by intensity.
KIND_LEVELS = {model.Kind.stretch: 0.1, model.Kind.walk: 0.12, model.Kind.drills: 0.3, model.Kind.hill: 0.8,
               model.Kind.strides: 0.92, model.Kind.sprint: 1.0}
INTENSITY_LEVELS = {"rest": 0.1, "recovery": 0.14}


def grade(workout: model.Workout, context: Context) -> model.Workout:
    """Every step with its level and zone."""
    vdot = context.runner.vdot

    def graded(step: model.Step) -> model.Step:
        level = step_level(step, vdot)
        return step.graded(level, zone_of(level))
    return map_steps(workout, graded)


def step_level(step: model.Step, vdot: float | None) -> float:
    """0 (standing) to 1 (all-out): from the pace against the runner's VDOT, else from what was written."""
    target = step.target
    if isinstance(target, model.Pace):
        level = pace_level(target, vdot)
    elif isinstance(target, model.Effort):
        level = target.rpe / 10.0 if target.rpe is not None else EFFORT_LEVELS.get(target.word, UNKNOWN_EFFORT)
    elif isinstance(target, model.HeartRate):
        level = heart_rate_level(target)
    elif isinstance(target, model.Power):
        level = POWER_LEVEL
    else:
        level = KIND_LEVELS.get(step.kind, INTENSITY_LEVELS.get(step.intensity, model.UNTARGETED_LEVEL))
    return min(1.0, max(MIN_LEVEL, level))


def heart_rate_level(heart_rate: model.HeartRate) -> float:
    """How hard a heart rate is, by the zone or share it was written as."""
    basis = heart_rate.basis
    if isinstance(basis, model.HeartRateZone):
        return HEART_RATE_LEVELS[basis.zone - 1]
    if not isinstance(basis, model.HeartRateShare):
        return BPM_LEVEL
    share = (basis.low + basis.high) / 200.0
    if basis.of == model.ShareOf.reserve:
        return (share - 0.5) / 0.6
    return _between_points(SHARE_OF_MAX_POINTS if basis.of == model.ShareOf.max else SHARE_OF_LTHR_POINTS, share)


def _between_points(points: tuple[tuple[float, float], ...], x: float) -> float:
    """Straight lines between the points, flat beyond the first and the last."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def pace_level(pace: model.Pace, vdot: float | None) -> float:
    """How hard a pace is."""
    if vdot:
        # The fraction of VO2max the pace costs: E is 0.63–0.74 of it, M about 0.81, T 0.88, 5 km race
        # pace 0.96, mile 1.07.
        return (oxygen_cost(60_000.0 / pace.exact) / vdot - 0.5) / 0.6
    return basis_level(pace.basis)


def basis_level(basis: model.PaceBasis | None) -> float:
    """How hard a pace is by what it was written as: a race, a training pace, or (for a range) its faster end."""
    match basis:
        case model.RacePace(race=race):
            return RACE_LEVELS.get(race, CLOCK_LEVEL)
        case model.TrainingPace(pace=name):
            return TRAINING_LEVELS[name]
        case model.PaceBetween(faster=faster):
            return basis_level(faster)
        case model.Progression(base=base):
            return basis_level(base)
    return CLOCK_LEVEL


def zone_of(level: float) -> model.Zone:
    """The zone a level falls in."""
    zone = model.ZONE_FLOORS[0][1]
    for floor, name in model.ZONE_FLOORS:
        if level >= floor:
            zone = name
    return zone
