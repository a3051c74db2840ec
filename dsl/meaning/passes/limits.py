"""How much one workout may hold: reps per repeat, and steps once unrolled (a watch, a card and a page all
have to show them).

The checks of a block run as it is expanded, so that a mistake is reported where it is written; the pass
`check_size` checks the whole workout.

>>> from strides.meaning.profile import Runner
>>> rep = model.Step("run", "active", model.Distance(400.0))
>>> workout = model.Workout("w", (model.Repeat((rep,), count=12),), model.Profile(""))
>>> check_size(workout, Context(Runner())).items[0].size
12
"""

from __future__ import annotations

from strides.errors import Span, StridesError
from strides.language import ast
from strides.language.lexicon import MAX_REPS, shown
from strides.meaning import model
from strides.meaning.passes.context import Context

MAX_STEPS = 10_000  # unrolled steps in one workout


def check_block(block: ast.Block) -> None:
    """Refuse a count beyond what a repeat runs."""
    count = block.count
    if count > MAX_STEPS:
        raise StridesError(f"{count:,} reps is more than strides accepts in one workout ({MAX_STEPS:,} steps)",
                           block.span)
    if max(count, block.count_upto or 0) > MAX_REPS:
        written = f"{count}-{block.count_upto}x" if block.count_upto else f"{count}x"
        raise StridesError(f"`{written}`: a repeat runs at most {MAX_REPS:,} times", block.span,
                           "split it into several blocks, or write a longer rep")


def check_repeat(repeat: model.Repeat, span: Span | None) -> None:
    """Refuse a repeat that unrolls to more steps than a workout may hold."""
    if repeat.size > MAX_STEPS:
        raise StridesError(f"`{shown(repeat.text, 40)}` unrolls to {repeat.size:,} steps; strides accepts at most "
                           f"{MAX_STEPS:,} in one workout", span)


def check_size(workout: model.Workout, context: Context) -> model.Workout:
    """The workout, refused when it unrolls to more than MAX_STEPS steps."""
    total = sum(model.size(node) for node in workout.items)
    if total > MAX_STEPS:
        raise StridesError(f"this workout unrolls to {total:,} steps; strides accepts at most {MAX_STEPS:,}",
                           workout.span)
    return workout
