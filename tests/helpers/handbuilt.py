"""Workouts built by hand as the resolver would build them: the FIT backend's and the importers' cases of
shapes the text might not reach alone (identical nested rounds, open steps)."""

from __future__ import annotations

from strides.meaning.model import (
    Distance,
    Effort,
    HeartRate,
    Node,
    Open,
    Pace,
    Profile,
    Repeat,
    Step,
    Target,
    Time,
    Workout,
)

PROFILE_19 = Profile(summary="5 km 19:00 · VDOT 52.9", vdot=52.88)
FIVE_K_MINUS_3 = Pace(fast=216.1, slow=224.9, exact=220.5, label="5k-3s")
FIVE_K = Pace(fast=223.5, slow=232.5, exact=228.0, label="5k")


# --- hand-built workouts ---------------------------------------------------------------------------------


def rep(meters: float, target: Target | None, k: int, n: int, note: str | None = None) -> Step:
    return Step(
        kind="run", intensity="active", duration=Distance(meters), target=target, rep=(k, n), note=note
    )


def rest(seconds: float) -> Step:
    return Step(kind="rest", intensity="rest", duration=Time(seconds))


def jog(meters: float) -> Step:
    return Step(kind="jog", intensity="recovery", duration=Distance(meters))


def repeat(steps: list[Step], recovery: Step | None) -> Repeat:
    """A rep per round, the recovery between rounds (none after the last); the reps that differ from the
    first are the block's changes."""
    changes = tuple((k, s) for k, s in enumerate(steps, 1) if s != steps[0])
    return Repeat(work=(steps[0],), count=len(steps), between=recovery, changes=changes)


def workout(name: str, *items: Node) -> Workout:
    return Workout(name=name, items=items, profile=PROFILE_19)


def track_12x400() -> Workout:
    reps = [rep(400, FIVE_K_MINUS_3, k, 12) for k in range(1, 12)] + [rep(400, Effort("all-out"), 12, 12)]
    return workout(
        "12x400",
        Step(kind="warmup", intensity="warmup", duration=Time(900)),
        repeat(reps, rest(35)),
        Step(kind="cooldown", intensity="cooldown", duration=Time(600)),
    )


def hammer_16x400() -> Workout:
    """Reps 12 and 16 all-out, 1:1 rests of 91.2 s: the rounds split into four runs."""
    reps = [rep(400, Effort("all-out") if k in (12, 16) else FIVE_K, k, 16) for k in range(1, 17)]
    return workout("16x400", repeat(reps, rest(91.2)))


def sets_of_400s() -> Workout:
    inner = repeat([rep(400, FIVE_K, k, 4) for k in range(1, 5)], jog(200))
    return workout("2x(4x400)", Repeat(work=(inner,), count=2, between=rest(300)))


def nested_identical() -> Workout:
    """3x(2x200, 100 jog): equal rounds inside equal rounds give a repeat inside a repeat."""
    inner = repeat([rep(200, FIVE_K, k, 2) for k in (1, 2)], None)
    return workout("nested", Repeat(work=(inner, jog(100)), count=3))


def heart_rate_run() -> Workout:
    z2 = HeartRate(low=133, high=152, label="z2")
    return workout(
        "z2", Step(kind="run", intensity="active", duration=Time(2400), target=z2, note="easy talk")
    )


def open_steps() -> Workout:
    hill = Step(kind="hill", intensity="active", duration=Time(60), target=Effort("hard"))
    back = Step(kind="jog", intensity="recovery", duration=Open())
    return workout("hills", Repeat(work=(hill,), count=6, between=back))


HAND_BUILT = [track_12x400, hammer_16x400, sets_of_400s, nested_identical, heart_rate_run, open_steps]
