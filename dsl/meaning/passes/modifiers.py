"""Modifiers -> changed reps: `last all-out`, `last 2 @5k-5s`, `reps 12,16 all-out`, `each -10s/mi` and
`last 3mi @hm`.

A repeat keeps the reps a modifier changes as its `changes`, by rep number; a lone step is replaced.

>>> from strides.meaning.profile import Runner
>>> rep = model.Step("run", "active", model.Distance(400.0))
>>> block = model.Repeat((rep,), count=4)
>>> [number for number, _ in modify(block, ast.Reps((2, 4), ast.EffortWord("all-out")), Runner()).changes]
[2, 4]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from strides.errors import Span, StridesError
from strides.language import ast
from strides.language.lexicon import ROAD_PACES
from strides.meaning import model
from strides.meaning.passes.durations import duration as duration_of
from strides.meaning.passes.targets import check_pace, offset_of, target_text
from strides.meaning.passes.targets import target as target_of
from strides.meaning.profile import Runner
from strides.meaning.units import format_duration, format_pace

IMPLIED_PACE = {"easy": "E", "tempo": "T", "steady": "steady"}  # `12mi easy`, `20min tempo`

Change = Callable[[int, model.Step], model.Step]


def modify(node: model.Node, modifier: ast.Modifier, runner: Runner) -> model.Node | tuple[model.Step, ...]:
    """The node changed by the modifier after it; `last 3mi @hm` splits a step in two."""
    if isinstance(modifier, ast.Each):
        return progression(node, modifier, runner)
    total = model.reps(node)
    if isinstance(modifier, ast.Reps):
        for number in modifier.numbers:
            if number > total:
                raise StridesError(f"there is no rep {number}: the block before has {total} reps", modifier.span)
        return change_reps(node, modifier.numbers, _retargeted(modifier.change, modifier.note, runner))
    amount, change = modifier.amount, modifier.change
    assert change is not None  # the transformer refuses a bare `last`
    if amount is not None and amount.dimension in ("time", "distance"):
        return split_last(node, amount, change, modifier.span, modifier.note, runner)
    count = 1 if amount is None else int(amount.low)
    if amount is not None and (amount.low != count or count < 1):
        raise StridesError(f"`last {amount.text}`: how many reps?", amount.span)
    if count > total:
        raise StridesError(f"`last {count}`, but the block before has {total} reps", modifier.span)
    return change_reps(node, range(total - count + 1, total + 1), _retargeted(change, modifier.note, runner))


def change_reps(node: model.Node, numbers: Iterable[int], change: Change) -> model.Node:
    """The node with rep k (for each k of `numbers`, in running order) replaced by change(k, rep)."""
    if isinstance(node, model.Step):
        return change(1, node) if node.is_rep and 1 in set(numbers) else node
    changed = dict(node.changes)
    for number in sorted(set(numbers)):
        changed[number] = change(number, model.rep_at(node, number))
    return attrs.evolve(node, changes=tuple(sorted(changed.items(), key=lambda pair: pair[0])))


def each_rep(node: model.Node, change: Callable[[model.Step], model.Step]) -> model.Node:
    """The node with every rep changed alike (a note on a group goes to every rep inside)."""
    if isinstance(node, model.Step):
        return change(node) if node.is_rep else node
    return attrs.evolve(node, work=tuple(each_rep(item, change) for item in node.work),
                        changes=tuple((number, change(step)) for number, step in node.changes))


def progression(node: model.Node, each: ast.Each, runner: Runner) -> model.Node:
    """`each -10s/mi`: rep k moved by (k - 1) times the offset."""

    def moved(number: int, rep: model.Step) -> model.Step:
        pace = rep.target
        if not isinstance(pace, model.Pace):
            raise StridesError("`each` changes paces, but a rep before it has no pace target", each.span)
        offset = progression_offset(each.offset, rep, pace, runner)
        shift = (number - 1) * offset.per_km
        basis = None if pace.basis is None else model.Progression(pace.basis, offset, number - 1)
        target = attrs.evolve(pace, fast=pace.fast + shift, slow=pace.slow + shift, exact=pace.exact + shift,
                              basis=basis)
        for end in (target.fast, target.slow):
            check_pace(end, f"rep {number} of `each {each.offset.text}`", each.span)
        text = f"{format_duration(rep.duration)} @{format_pace(target.exact, runner.units)}"
        return attrs.evolve(rep, target=target, text=text)
    return change_reps(node, range(1, model.reps(node) + 1), moved)


def progression_offset(written: ast.Offset, rep: model.Step, pace: model.Pace, runner: Runner) -> model.Offset:
    """The step of `each -15s` with no unit, in the rep's own terms: a split (`3x2mi @17:00`) moves by the
    seconds per rep, a clock pace per its own distance (`@7:00/mi`: per mile); a named pace per lap, except a
    road pace on a rep of a mile or more, which is per the profile's units (asked when none is set)."""
    if written.per is not None:
        return model.Offset(written.seconds, written.per)
    basis = pace.basis
    if isinstance(basis, model.ClockPace):
        return model.Offset(written.seconds, basis.per)
    long_rep = isinstance(rep.duration, model.Distance) and rep.duration.meters >= model.MILE - 1
    if isinstance(basis, (model.RacePace, model.TrainingPace)) and long_rep and _road(basis):
        return offset_of(attrs.evolve(written, per_units=True), runner)
    return model.Offset(written.seconds, runner.lap, True)


def _road(basis: model.RacePace | model.TrainingPace) -> bool:
    name = basis.race if isinstance(basis, model.RacePace) else str(basis.pace)
    return name in ROAD_PACES


def split_last(node: model.Node, amount: ast.Amount, change: ast.Target, span: Span | None, note: str | None,
               runner: Runner) -> tuple[model.Step, ...]:
    """`12mi easy; last 3mi @hm`: the end of a continuous run at another target."""
    part = duration_of(amount, runner)
    if not isinstance(node, model.Step):
        raise StridesError(f"`last {amount.text}` splits a continuous run, but the step before is a repeat",
                           span, "write `last @hm` or `last 2 @hm` to change its last reps")
    whole = node.duration
    tail_target = target_of(change, part, runner)
    first = _first_part(whole, part, tail_target, node, amount, span)
    head = attrs.evolve(node, duration=first, text=_step_text(node, first))
    kind = model.Kind.run if node.kind in IMPLIED_PACE else node.kind  # `last 3mi @hm` of an easy run is not easy
    tail = attrs.evolve(node, kind=kind, duration=part, target=tail_target, note=note,
                        text=f"{format_duration(part)} @{target_text(change)}")
    return head, tail


def _first_part(whole: model.Duration, part: model.Duration, tail_target: model.Target, node: model.Step,
                amount: ast.Amount, span: Span | None) -> model.Duration:
    """What is left of the run before its last part. A part measured the other way (`16mi easy; last 25min
    @mp`) is converted at the pace of the part it is measured against: the last part's when the run is a
    distance, the run's own when the run is timed."""
    if isinstance(whole, model.Time) and isinstance(part, model.Time):
        first: model.Duration = model.Time(whole.seconds - part.seconds)
        size = whole.seconds - part.seconds
    elif isinstance(whole, model.Distance) and isinstance(part, model.Distance):
        size = whole.meters - part.meters
        first = model.Distance(size, written_in=whole.written_in)
    elif isinstance(whole, model.Distance) and isinstance(part, model.Time):
        pace = _pace_of(tail_target, amount, "the last part")
        size = whole.meters - part.seconds / pace * 1000.0
        first = model.Distance(size, written_in=whole.written_in)
    elif isinstance(whole, model.Time) and isinstance(part, model.Distance):
        pace = _pace_of(tail_target, amount, "the last part")
        size = whole.seconds - part.meters * pace / 1000.0
        first = model.Time(size)
    else:
        raise StridesError(f"`last {amount.text}` splits a run of known length, not one to the lap button",
                           amount.span)
    if size <= 0:
        raise StridesError(f"`last {amount.text}` is not shorter than the run before it", amount.span)
    return first


def _pace_of(target: model.Target, amount: ast.Amount, what: str) -> float:
    if not isinstance(target, model.Pace):
        raise StridesError(f"`last {amount.text}` is measured unlike the run before it, and {what} has no pace to "
                           "convert it with", amount.span, "give it a pace (`@mp`) or measure it like the run")
    return target.exact


def _step_text(step: model.Step, duration: model.Duration) -> str:
    """The short description of a step, with its new length: `15 mi easy` of `20mi easy; last 5mi @M`."""
    old = format_duration(step.duration)
    if step.text.startswith(old):
        return format_duration(duration) + step.text[len(old):]
    return format_duration(duration)


def _retargeted(change: ast.Target, note: str | None, runner: Runner) -> Change:
    """A rep change to another target (and the modifier's note, if it has one)."""
    def changed(number: int, rep: model.Step) -> model.Step:
        target = target_of(change, rep.duration, runner)
        text = f"{format_duration(rep.duration)} @{target_text(change)}"
        return attrs.evolve(rep, target=target, text=text, note=note or rep.note)
    return changed
