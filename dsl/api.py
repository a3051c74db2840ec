"""The library's front door: text in, workouts out, and every output format by name.

>>> import strides
>>> [workout] = strides.compile("12x400 @5k r60s", {"5k": "19:00"})
>>> workout.timeline[0].split
91.2
>>> print(strides.render([workout], "explain"), end="")
Workout
  paces from 5 km 19:00 · VDOT 52.9
  1. 12 × 400 m in 1:31 (5k pace, 3:48/km), 1 min between reps.
  In all about 29 min and 4.8 km (23 steps on the watch).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from strides.diagnostics import Diagnostic
from strides.errors import StridesError
from strides.meaning.model import Workout
from strides.pipeline import compile_each

Settings = Mapping[str, "str | int | float"]


class CompileError(StridesError):
    """The text has mistakes; `diagnostics` holds every one, each rendered as the command line would."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        if not diagnostics:
            raise ValueError("a CompileError holds at least one diagnostic")
        first = diagnostics[0]
        super().__init__(first.message, first.span, first.hint)
        self.diagnostics = list(diagnostics)

    def __str__(self) -> str:
        return "\n".join(d.render() for d in self.diagnostics)


def _pairs(settings: object) -> dict[str, str]:
    """The settings as `--set` takes them, each key a string and each value a string or a number."""
    if settings is None:
        return {}
    if not isinstance(settings, Mapping):
        raise TypeError(f"settings must be a mapping such as {{'5k': '19:00'}}, not {_kind(settings)}")
    pairs = {}
    for key, value in settings.items():
        if not isinstance(key, str):
            raise TypeError(f"a setting's name must be a str such as '5k', not {_kind(key)}")
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise TypeError(f"setting {key!r} must be a str or a number (int, float), not {_kind(value)}")
        pairs[key] = str(value)
    return pairs


def _kind(value: object) -> str:
    return type(value).__name__


def _run(text: object, settings: object, filename: object) -> tuple[list[Workout], list[Diagnostic]]:
    if not isinstance(text, str):
        decode = " (decode it first: `data.decode('utf-8')`)" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"text must be a str, not {_kind(text)}{decode}")
    if not isinstance(filename, str):
        raise TypeError(f"filename must be a str, not {_kind(filename)}")
    pairs = _pairs(settings)
    try:
        compiled = compile_each(text, pairs, filename)
    except StridesError as error:
        return [], [Diagnostic.of(error, text, filename)]
    diagnostics = [Diagnostic.of(w, text, filename) for w in compiled.warnings]
    diagnostics += [Diagnostic.of(r, text, filename) for r in compiled.mistakes]
    if not compiled.results:
        diagnostics.append(Diagnostic("error", "there is no workout here: write steps such as "
                                      "`wu 15min; 5x1k @T r2min`", filename, source=text))
    return compiled.workouts, diagnostics


def compile(text: str, settings: Settings | None = None, *, filename: str = "<text>") -> list[Workout]:  # noqa: A001
    """Every workout in `text`, resolved against the profile `settings` (`{"5k": "19:00"}`, as `--set`
    takes them; settings written in the text come first, `settings` win). Raises `CompileError` (a
    `StridesError`) with every mistake when there is any; warnings do not stop it."""
    workouts, diagnostics = _run(text, settings, filename)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise CompileError(errors)
    return workouts


def check(text: str, settings: Settings | None = None, *, filename: str = "<text>") -> list[Diagnostic]:
    """Every mistake and warning in `text`; an empty list when all is well.

    >>> [d.render() for d in check("12x400 @5k r35", {"5k": "19:00"})]  # doctest: +NORMALIZE_WHITESPACE
    ['<text>:1:12: `r35` has no unit: seconds or metres?\\n  12x400 @5k r35\\n             ^^^\\n
      did you mean `r35s`? (a bare number is metres: `r200` jogs 200 m)']
    """
    return _run(text, settings, filename)[1]


def formats() -> list[str]:
    """The output formats `render` (and `strides compile --format`) knows."""
    from strides.backends import BACKENDS

    return sorted(BACKENDS)


def render(workouts: Workout | Sequence[Workout], format: str, **options: str) -> bytes | str:  # noqa: A002
    """One output of `workouts`: text formats give `str`, binary ones (`fit`, `pdf`) `bytes`. `options` are
    the format's choices (`card="a6"` for `pdf`). Formats that make one file per workout (`fit`) take one.
    Raises TypeError for an argument of the wrong type or an unknown option, ValueError for a value that is
    not one of those allowed; the message names them."""
    from strides.backends import BACKENDS, RenderOptions, get_backend

    if not isinstance(format, str):
        raise TypeError(f"format must be a str, one of {', '.join(formats())}; not {_kind(format)}")
    if format not in BACKENDS:
        raise ValueError(f"unknown format {format!r}; formats: {', '.join(formats())}")
    known = [option.name for option in attrs.fields(RenderOptions) if option.name != "plan"]  # made by compile
    for name in options:
        if name not in known:
            raise TypeError(f"unknown option {name!r}; options: {', '.join(known)}")
    chosen = _workouts(workouts)
    backend = get_backend(format)
    if backend.per_workout and len(chosen) != 1:
        raise ValueError(f"{format} makes one file per workout: render them one at a time")
    return backend.render(chosen, RenderOptions(card=options.get("card", "index"), paper=options.get("paper", "a4")))


def _workouts(workouts: object) -> list[Workout]:
    """One workout or a sequence of them, as a list; anything else a TypeError, none at all a ValueError."""
    if isinstance(workouts, Workout):
        return [workouts]
    if not isinstance(workouts, Sequence) or isinstance(workouts, (str, bytes, bytearray)):
        raise TypeError(f"workouts must be a Workout or a list of them (as strides.compile gives), "
                        f"not {_kind(workouts)}")
    for number, workout in enumerate(workouts):
        if not isinstance(workout, Workout):
            raise TypeError(f"workouts[{number}] is a {_kind(workout)}, not a Workout (strides.compile makes them)")
    if not workouts:
        raise ValueError("there is no workout to render: give one, or a list of them")
    return list(workouts)
