"""Repeats as a Garmin watch runs them: a repeat inside a repeat, no deeper.

Shared by the FIT file and Garmin Connect's workout JSON (which Garmin turns into a FIT file for the watch),
so that both write the same steps. Rounds that look the same to the watch are written once and repeated;
below the second level every round is written out, so the watch still runs exactly the timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from strides.backends.exports.view import runs
from strides.errors import StridesWarning
from strides.meaning.model import Node, Repeat, Step, Workout

T = TypeVar("T")

# Repeat steps inside repeat steps, at most: Garmin Connect's editor makes no deeper ones and no Garmin
# document says a watch runs them.
MAX_REPEAT_DEPTH = 2


def grouped_rounds(repeat: Repeat, depth: int, write: Callable[[Sequence[Node], int], T]) -> list[tuple[T, int]]:
    """The rounds of `repeat` as written by `write(nodes, levels left)`, runs of equal ones with their count.

    While a level of repeats is left (`depth` > 0), consecutive rounds that are written alike share one
    repeat, and their own repeats get one level fewer; otherwise, and when no two rounds in a row are
    alike, each round comes once (count 1) and is to be written plainly. Rounds are compared as written,
    not as model nodes: they differ in rep numbers and descriptions the watch never sees.
    """
    if depth > 0 and repeat.count > 1:
        rounds = [write(round_, depth - 1) for round_ in repeat.rounds]
        grouped = runs(rounds)
        if len(grouped) < len(rounds):  # some rounds run alike
            return grouped
    return [(write(round_, depth), 1) for round_ in repeat.rounds]


def repeat_depth(node: Node) -> int:
    """How many repeats deep a node nests (a step 0, `12x400` 1, `2x(4x400)` 2), counting only repeats that
    run more than one round."""
    if isinstance(node, Step):
        return 0
    inner = max((repeat_depth(child) for child in node.work), default=0)
    return inner + (node.count > 1)


def too_deep(workout: Workout, export: str) -> StridesWarning | None:
    """The warning for a workout nesting repeats deeper than a watch runs, None when it does not."""
    depth = max((repeat_depth(node) for node in workout.items), default=0)
    if depth <= MAX_REPEAT_DEPTH:
        return None
    return StridesWarning(f"{export}: `{workout.name}`: repeats nested {depth} deep are written out below the "
                          "second level: watches run a repeat inside a repeat, no deeper", workout.span)
