"""Each workout in plain English, block by block, with the resolved paces and splits.

All the words come from `strides.words.phrasebook`; this module only decides the order of the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from strides.backends import Backend, RenderOptions
from strides.meaning.model import Kind, Node, Open, Repeat, Step, Workout
from strides.words.phrasebook import Phrasebook, changed_reps, plural, split_text


def runs_once(repeat: Repeat) -> bool:
    """A group or ladder written without a count range: its one round is the block itself. A count range
    run at its low end of one (`1-3x400 r60s`) is a repeat all the same."""
    return repeat.count == 1 and not repeat.count_upto


def repeat_phrase(book: Phrasebook, repeat: Repeat, inner: bool = False) -> str:
    once = runs_once(repeat)
    # A group or ladder run once reads as its one round, changes and recoveries in place; any other repeat is
    # its work (a jog that every round ends with, a fartlek's `2min jog`, is part of it), its recoveries from
    # its structure and the reps its modifiers changed.
    body = repeat.round(0) if once else repeat.work
    count = f"{repeat.count}–{repeat.count_upto}" if repeat.count_upto else str(repeat.count)
    parts = [node_phrase(book, n, inner=True) for n in body]
    if once:
        text = (", " if inner else "; then ").join(parts)
    elif len(parts) == 1 and not (isinstance(body[0], Repeat) and runs_once(body[0])):
        text = f"{count} × {parts[0]}"
    else:
        text = f"{count} × ({', '.join(parts)})"
    if not once and not inner:
        text = ", ".join([text, *book.recoveries(repeat)])
    changes = "" if once else _changed(book, repeat)
    return f"{text}; {changes}" if changes else text


def _changed(book: Phrasebook, repeat: Repeat) -> str:
    """The reps a modifier changed to another target or note than the block's own: `the last one all-out`."""
    progression = book.progression(repeat)
    if progression:
        return progression
    changed = changed_reps(repeat)
    if not changed:
        return ""

    def change(rep: Step) -> str:
        return book.with_note(book.target(rep.target, split_text(rep)), rep)

    if len(changed) == 1 and changed[0][0] == repeat.reps:
        return f"the last one {change(changed[0][1])}"
    return "; ".join(f"rep {k} {change(rep)}" for k, rep in changed)


def node_phrase(book: Phrasebook, node: Node, inner: bool = False) -> str:
    if isinstance(node, Repeat):
        return repeat_phrase(book, node, inner)
    if inner and node.is_rep:
        return book.rep(node)
    if inner and node.is_recovery:  # in a list of steps a bare time would not say it is a rest
        standing = node.kind == Kind.rest and not isinstance(node.duration, Open)
        return f"{book.recovery(node)} rest" if standing else book.recovery(node)
    return book.step(node, capital=not inner)


def explain(workout: Workout) -> str:
    book = Phrasebook(workout.profile.units, workout.profile.lap)
    lines = [workout.name]
    if workout.profile.summary:
        lines.append(f"  paces from {workout.profile.summary}")
    lines.extend(f"  ({reading})" for reading in workout.readings)
    for number, node in enumerate(workout.items, 1):
        lines.append(f"  {number}. {node_phrase(book, node)}.")
    totals = book.totals(workout)
    steps = plural(len(workout.timeline), "step")
    open_steps = f", {totals.open_phrase}" if totals.open_steps else ""
    lines.append(f"  In all {totals.time} and {totals.distance} ({steps} on the watch){open_steps}.")
    return "\n".join(lines)


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    return "\n\n".join(explain(w) for w in workouts) + "\n"


BACKEND = Backend(name="explain", suffix=".txt", binary=False, per_workout=False, render=render)
