"""Which workout the activity is reviewed against, and which watch step each of its steps ran as.

The planned workout comes from, in order: the one named with `--workout`; the only one given; the one whose
name the watch stored in the activity; the plan's workout on the activity's day (`on_date`); and with no
workout given at all, the steps the watch stored in the activity (`stored_plan`).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from strides.errors import StridesError
from strides.meaning.model import Workout
from strides.review import stored
from strides.review.activity import Activity, ActivityError
from strides.review.match import Planned

SHOW_NAMES = 8  # workouts named in the message when none could be chosen


def choose(workouts: Sequence[Workout], activity: Activity, wanted: str | None, filename: str,
           stored: bool = False) -> Workout:
    """The workout to review the activity against (see the module's docstring); `stored` when `workouts` is
    the one the watch stored, which takes the name the watch keeps."""
    if stored:
        return attrs.evolve(workouts[0], name=activity.workout_name or "the watch's workout")
    if wanted is not None:
        found = _named(workouts, wanted)
        if found is None:
            raise StridesError(f"{filename} has no workout named `{wanted}`; it has {_names(workouts)}")
        return found
    if len(workouts) == 1:
        return workouts[0]
    ran = activity.workout_name
    found = _named(workouts, ran) if ran else None
    found = found or on_date(workouts, activity.day)
    if found is None:
        said = f"none is `{ran}`, the workout the watch ran" if ran else "the watch stored no workout name"
        raise StridesError(f"{filename} holds {len(workouts)} workouts and {said}: choose one with --workout NAME "
                           f"({_names(workouts)})")
    return found


def on_date(workouts: Sequence[Workout], day: str | None) -> Workout | None:
    """The plan's workout on `day` (YYYY-MM-DD). Workouts carry no dates yet: when plans have them, the
    workout of the activity's day is found here."""
    return None


def _named(workouts: Sequence[Workout], name: str) -> Workout | None:
    """The workout called `name`, ignoring case; a watch keeps 254 bytes of a name, so a cut name matches."""
    wanted = name.casefold().strip()
    for workout in workouts:
        own = workout.name.casefold().strip()
        if own == wanted or (len(wanted.encode("utf-8")) >= 250 and own.startswith(wanted)):
            return workout
    return None


def _names(workouts: Sequence[Workout]) -> str:
    names = [f"`{w.name}`" for w in workouts[:SHOW_NAMES]]
    more = f" and {len(workouts) - SHOW_NAMES} more" if len(workouts) > SHOW_NAMES else ""
    return ", ".join(names) + more


def stored_plan(activity: Activity) -> str:
    """The workout the watch stored in the activity, as strides text."""
    if not activity.workout_steps:
        raise ActivityError(f"{activity.name} holds no workout the watch ran: give the workout, as a file or "
                            "with -e 'TEXT'")
    try:
        stored.executed(activity.workout_steps)
    except stored.StoredWorkoutError as error:
        raise ActivityError(f"{activity.name}: {error}: give the workout, as a file or with -e 'TEXT'") from None
    return stored.plan_text(activity.workout_steps)


def planned_steps(workout: Workout, activity: Activity) -> tuple[list[Planned], str]:
    """The timeline with the watch step of each step when the laps can be trusted to say it, and how the laps
    will be matched, in words."""
    indices, how = _watch_indices(workout, activity)
    if indices is not None and len(indices) != len(workout.timeline):
        indices, how = None, "the watch's steps do not run like the timeline: laps are matched by their order"
    return [Planned(number, step, indices[number - 1] if indices else None)
            for number, step in enumerate(workout.timeline, 1)], how


def _watch_indices(workout: Workout, activity: Activity) -> tuple[list[int] | None, str]:
    by_order = "laps are matched by their order, time and distance"
    if not any(lap.step_index is not None for lap in activity.laps):
        return None, f"the watch ran no workout: {by_order}"
    own = _own_steps(workout)
    if activity.workout_steps:
        try:
            theirs = stored.executed(activity.workout_steps)
        except stored.StoredWorkoutError:
            return None, f"the watch's stored workout cannot be run: {by_order}"
        if own is None or _lengths(activity.workout_steps, theirs) != _lengths(own, stored.executed(own)):
            return None, f"the watch ran another workout ({activity.workout_name or 'unnamed'}): {by_order}"
        return theirs, "laps are matched by the watch's step numbers"
    if own is not None and all(lap.step_index is None or lap.step_index < len(own) for lap in activity.laps):
        return stored.executed(own), "laps are matched by the watch's step numbers (strides' FIT workout)"
    return None, by_order


def _own_steps(workout: Workout) -> list[dict[str, object]] | None:
    """The workout_step messages strides writes for the workout; None when it makes no FIT workout."""
    from strides.backends.fit import workout_steps

    try:
        return workout_steps(workout)
    except StridesError:
        return None


def _lengths(steps: Sequence[stored.Step], order: Sequence[int]) -> list[tuple[object, object]]:
    """What the watch runs, step after step: how each ends and when."""
    return [(steps[i].get("duration_type"), steps[i].get("duration_value")) for i in order]
