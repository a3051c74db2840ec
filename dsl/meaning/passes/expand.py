"""The first pass: the syntax tree -> the resolved model's nodes, blocks expanded, every target in numbers,
every recovery sized and every modifier applied.

Recoveries come between the items they follow, never after the last one. A recovery written on a single
step inside a repeated group (`3x(1mi @T r1min)`) separates the rounds.

>>> from strides.language.parse import parse
>>> from strides.meaning.profile import Runner
>>> [source] = parse("4x400 r60s")
>>> context = Context(Runner(), source)
>>> [repeat] = expand(unexpanded(context), context).items
>>> repeat.count, repeat.work[0].text, repeat.between.text
(4, '400 m', 'rest 1 min')
"""

from __future__ import annotations

import attrs

from strides.errors import StridesError
from strides.language import ast
from strides.meaning import model
from strides.meaning.passes.context import Context
from strides.meaning.passes.durations import duration as duration_of
from strides.meaning.passes.limits import check_block, check_repeat
from strides.meaning.passes.modifiers import IMPLIED_PACE, each_rep, modify
from strides.meaning.passes.recoveries import recovery
from strides.meaning.passes.targets import effort, named_pace, target_text
from strides.meaning.passes.targets import target as target_of
from strides.meaning.profile import Runner
from strides.meaning.units import format_duration

# The kind that names a step when several kind words are written (`wu 15min easy` is a warm-up).
Kind = model.Kind
KIND_ORDER = (Kind.warmup, Kind.cooldown, Kind.hill, Kind.strides, Kind.sprint, Kind.drills, Kind.stretch, Kind.easy,
              Kind.jog, Kind.walk, Kind.float, Kind.rest, Kind.run)
IMPLIED_EFFORT = {"strides": "fast", "sprint": "all-out", "race": "race", "time trial": "time trial"}


def unexpanded(context: Context) -> model.Workout:
    """The workout the passes start from: its name, profile and place, and no nodes yet."""
    source = context.source
    assert source is not None  # resolving a workout always has its source
    span = source.span or (source.elements[0].span if source.elements else None)
    return model.Workout(source.name, (), context.runner.profile, span.line if span else 1, span)


def expand(workout: model.Workout, context: Context) -> model.Workout:
    """The workout's nodes, in the order written (from `context.source`)."""
    source = context.source
    assert source is not None and not workout.items  # the first pass
    if not source.elements:
        raise StridesError(f"the workout `{source.name}` has no steps", source.span,
                           "write its steps after the colon or on the lines below it")
    nodes, _ = _sequence(source.elements, None, context.runner)
    # Each reading once, however often it was made (`2 E + … + 2 E`).
    readings = tuple(dict.fromkeys(reading.replace("{units}", context.runner.units)
                                   for element in source.elements for reading in _readings(element)))
    return attrs.evolve(workout, items=tuple(nodes), readings=readings)


def _readings(element: ast.Element) -> list[str]:
    """How the parser read a block and what is inside it; and, for a repeated group with a recovery, where
    the recovery goes."""
    if not isinstance(element, ast.Block) or (not element.readings and isinstance(element.body, ast.Step)):
        return []
    found = list(element.readings)
    if isinstance(element.body, ast.Group):
        found[:0] = [reading for item in element.body.items for reading in _readings(item)]
        if element.counted and element.recovery is not None and len(element.body.items) > 1:
            found.append(f"`{element.recovery.text}` after a repeated group: read as the recovery between rounds, "
                         "not between the items of a round")
    return found


def _sequence(elements: tuple[ast.Element, ...], between: ast.Recovery | None, runner: Runner
              ) -> tuple[list[model.Node], model.Step | None]:
    """Nodes of a sequence, with `between` (a group's recovery) between its blocks; also the recovery left
    hanging after the last block, which the caller may use between rounds or drop."""
    nodes: list[model.Node] = []
    pending: model.Step | None = None
    for element in elements:
        if not isinstance(element, ast.Block):
            if not nodes:
                raise StridesError("this changes the step before it, but there is none", element.span)
            changed = modify(nodes[-1], element, runner)
            nodes[-1:] = changed if isinstance(changed, tuple) else (changed,)
            continue
        if nodes:
            gap = pending or (recovery(between, nodes[-1:], runner) if between else None)
            if gap is not None:
                nodes.append(gap)
        node, pending = _block(element, runner)
        nodes.append(node)
    return nodes, pending


def _block(block: ast.Block, runner: Runner) -> tuple[model.Node, model.Step | None]:
    """A block's node, and the recovery written after a lone step (it separates the step from the next)."""
    check_block(block)
    body = block.body
    if isinstance(body, ast.Group):
        items, pending = _sequence(body.items, None if block.counted else block.recovery, runner)
        if block.note is not None:  # `3x(8min @T r90s) "relaxed"`: a note for every rep inside
            note = block.note
            items = [each_rep(item, lambda rep: attrs.evolve(rep, note=model.join_notes(rep.note, note)))
                     for item in items]
        if not block.counted:
            return _repeat(tuple(items), 1, None, block), pending
        gap = recovery(block.recovery, items, runner) if block.recovery else pending
        return _repeat(tuple(items), block.count, gap, block), None
    reps = [_step(body, amount, block.note, runner) for amount in body.amounts]
    if len(reps) == 1 and not block.counted:
        return reps[0], recovery(block.recovery, reps, runner) if block.recovery else None
    ladder: list[model.Node] = []
    for rep in reps:
        if ladder and block.recovery:
            ladder.append(recovery(block.recovery, ladder[-1:], runner))
        ladder.append(rep)
    gap = recovery(block.recovery, ladder[-1:], runner) if block.recovery else None
    # A ladder written without a count runs once: its recoveries are inside it, none comes after it.
    return _repeat(tuple(ladder), block.count, gap if block.counted else None, block), None


def _repeat(work: tuple[model.Node, ...], count: int, between: model.Step | None, block: ast.Block
            ) -> model.Repeat:
    node = model.Repeat(work, count, between, block.count_upto if block.counted else None, text=block.text)
    check_repeat(node, block.span)
    return node


def _step(step: ast.Step, amount: ast.Amount, note: str | None, runner: Runner) -> model.Step:
    kinds = step.kinds or ("run",)
    kind = next((k for k in KIND_ORDER if k in kinds), Kind.run)
    duration = duration_of(amount, runner)
    if step.target is not None:
        target: model.Target | None = target_of(step.target, duration, runner)
    elif any(k in IMPLIED_PACE for k in kinds):
        word = next(k for k in kinds if k in IMPLIED_PACE)
        target = named_pace(ast.PaceName(IMPLIED_PACE[word], word, step.span), None, step.span, word, runner)
    else:
        implied = next((IMPLIED_EFFORT[k] for k in kinds if k in IMPLIED_EFFORT), None)
        target = effort(implied) if implied else None
    text = f"{format_duration(duration)} {kind}" if kind != Kind.run else format_duration(duration)
    if step.target is not None:
        text += f" @{target_text(step.target)}"
    return model.Step(kind, model.intensity_of(kind), duration, target, note, None, text)
