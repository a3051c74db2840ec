"""Recoveries as written -> recovery steps: a time, a distance, the lap button, or a ratio (`r1:1`) sized
from what it follows.

>>> from strides.meaning.profile import Runner
>>> rep = model.Step("run", "active", model.Time(120.0))
>>> recovery(ast.Recovery("rest", ratio=2.0, text="r1:2"), [rep], Runner()).duration
Time(seconds=240.0, upto=None)
"""

from __future__ import annotations

from collections.abc import Sequence

from strides.errors import StridesError
from strides.language import ast
from strides.language.lexicon import MAX_SECONDS, MIN_SECONDS
from strides.meaning import model
from strides.meaning.passes.durations import duration as duration_of
from strides.meaning.passes.targets import target as target_of
from strides.meaning.profile import Runner
from strides.meaning.units import format_duration


def recovery(written: ast.Recovery, before: Sequence[model.Node], runner: Runner) -> model.Step:
    """The recovery step after the nodes `before`."""
    if written.ratio is not None:
        duration: model.Duration = model.Time(ratio_seconds(written, before))
    elif written.amount is None:
        duration = model.Open()
    else:
        duration = duration_of(written.amount, runner)
    target = target_of(written.target, duration, runner) if written.target else None
    kind = model.Kind(written.kind)
    text = f"{kind} {format_duration(duration)}" if not isinstance(duration, model.Open) else f"{kind} to lap"
    return model.Step(kind, model.intensity_of(kind), duration, target, None, None, text)


def ratio_seconds(written: ast.Recovery, before: Sequence[model.Node]) -> float:
    """The rest of `r1:1` after what it follows: as long as that takes at its target paces, times the ratio.
    A step with no time of its own (a distance with no pace, the lap button) cannot size it: strides does not
    guess how fast an all-out 400 is run."""
    total = 0.0
    for step in model.unroll(before):
        if isinstance(step.duration, model.Time):
            total += step.duration.seconds
        elif step.split is not None:  # `16x400 @5k r1:1` rests 91.2 s, the 400's split
            total += step.split
        elif isinstance(step.duration, model.Open):
            raise StridesError(f"`{written.text}` needs a rep of known length before it, not one that runs to "
                               "the lap button", written.span, "give the rest as a time, as in `r90s`")
        else:
            raise StridesError(f"`{written.text}` rests as long as the rep takes, but {_untimed(step)} has no pace "
                               "to time it", written.span, "give the rest as a time, as in `r90s`")
    seconds = total * written.ratio if written.ratio is not None else total
    if seconds < MIN_SECONDS:
        raise StridesError(f"`{written.text}` works out at {seconds:.1f} s: the shortest timed step is "
                           f"{MIN_SECONDS:g} s", written.span, "give the rest as a time, as in `r30s`")
    if seconds > MAX_SECONDS:
        raise StridesError(f"`{written.text}` works out at more than a day", written.span)
    return seconds


def _untimed(step: model.Step) -> str:
    """`an all-out 400 m`, `a 400 m at 140–150 bpm`, `a 400 m jog with no target`."""
    length = format_duration(step.duration)
    kind = "" if step.kind == model.Kind.run else " " + {model.Kind.strides: "stride"}.get(step.kind, step.kind)
    target = step.target
    if isinstance(target, model.Effort) and target.rpe is None:
        return f"{'an' if target.word[0] in 'aeiou' else 'a'} {target.word} {length}{kind}"
    if isinstance(target, model.Effort):
        return f"a {length}{kind} at {target.word.upper()}"
    if isinstance(target, model.HeartRate):
        return f"a {length}{kind} at {target.low}–{target.high} bpm"
    return f"a {length}{kind} with no target"
