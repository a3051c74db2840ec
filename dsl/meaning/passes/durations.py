"""Amounts as written -> durations: times, distances (laps in the profile's lap) and the lap button.

>>> from strides.meaning.profile import Runner
>>> duration(ast.Amount("distance", 2, laps=True), Runner(lap=200.0))
Distance(meters=400.0, upto=None)
"""

from __future__ import annotations

from strides.errors import StridesError
from strides.language import ast
from strides.language.lexicon import MAX_METERS, MAX_SECONDS, MIN_SECONDS, shown, too_long
from strides.meaning import model
from strides.meaning.profile import Runner
from strides.meaning.units import DISTANCE_UNITS, KM

UNIT_NAMES = {1.0: "m", KM: "km", model.MILE: "mi"}


def duration(amount: ast.Amount, runner: Runner) -> model.Duration:
    """The duration of an amount, refused when it is no length at all or longer than any step."""
    if amount.dimension == "open":
        return model.Open()
    if amount.dimension == "time":
        return _time(amount)
    if amount.dimension == "miles-m":  # `3 m run`: miles in a plan in miles, else no step anyone runs
        return _miles_written_m(amount, runner)
    scale = runner.lap if amount.laps else 1.0
    if amount.dimension == "units":  # Daniels' `2 E`: in the runner's units
        scale = model.MILE if runner.units == "mi" else 1000.0
    low, high = amount.low * scale, None if amount.high is None else amount.high * scale
    if low < 1:
        raise StridesError(f"`{shown(amount.text)}` is no distance at all", amount.span)
    if (high or low) > MAX_METERS:
        raise too_long(amount.text, "distance", amount.span)
    if amount.dimension == "units":
        written: str | None = "mi" if runner.units == "mi" else "km"
    else:
        written = None if amount.laps else written_unit(amount.text)
    return model.Distance(low, high, written_in=written)


def _miles_written_m(amount: ast.Amount, runner: Runner) -> model.Duration:
    number = amount.text.rstrip("mM ").strip()
    if not (runner.units_given and runner.units == "mi"):
        raise StridesError(f"`{shown(amount.text)}` is {number} metres, no step anyone runs", amount.span,
                           f"did you mean `{number}mi`, `{number}min` or `{number}km`? (`m` is metres; in a plan "
                           "with `units = mi`, a step of a few `m` is read as miles)", suggestion=f"{number}mi")
    high = None if amount.high is None else amount.high * model.MILE
    return model.Distance(amount.low * model.MILE, high, written_in="mi")


def written_unit(text: str) -> str:
    """The distance unit an amount was written in: `0.5mi` -> "mi", `5k` -> "km", `400` -> "m"."""
    word = text.rstrip().lstrip("0123456789.:-– ").lower()
    return UNIT_NAMES.get(DISTANCE_UNITS.get(word, 1.0), "m") if word != "mile" else "mi"


def _time(amount: ast.Amount) -> model.Time:
    if amount.low <= 0:
        raise StridesError(f"`{shown(amount.text)}` lasts no time at all", amount.span)
    if amount.low < MIN_SECONDS:
        raise StridesError(f"`{shown(amount.text)}` is shorter than a second: the shortest timed step is "
                           f"{MIN_SECONDS:g} s", amount.span, "a watch counts whole seconds")
    if (amount.high or amount.low) > MAX_SECONDS:
        raise too_long(amount.text, "time", amount.span)
    return model.Time(amount.low, amount.high)
