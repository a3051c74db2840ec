"""Walking the resolved model's structure: every step once as it is stored (a repeat's work once, not once
per round), in the order the runner first meets it: a repeat's work, its recovery between rounds, then the
reps its modifiers changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from strides.meaning import model


def each_step(nodes: Iterable[model.Node]) -> Iterator[model.Step]:
    """Every step stored in `nodes`."""
    for node in nodes:
        if isinstance(node, model.Step):
            yield node
            continue
        yield from each_step(node.work)
        if node.between is not None:
            yield node.between
        yield from (step for _, step in node.changes)


def map_steps(workout: model.Workout, change: Callable[[model.Step], model.Step]) -> model.Workout:
    """The workout with every stored step replaced by change(step)."""
    return workout.with_items(tuple(_mapped(node, change) for node in workout.items))


def _mapped(node: model.Node, change: Callable[[model.Step], model.Step]) -> model.Node:
    if isinstance(node, model.Step):
        return change(node)
    between = node.between
    return node.with_steps(tuple(_mapped(item, change) for item in node.work),
                           None if between is None else change(between),
                           tuple((number, change(step)) for number, step in node.changes))
