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

from strides.diagnostics import Diagnostic
from strides.errors import StridesError
from strides.meaning.model import Workout
from strides.pipeline import compile_each

Settings = Mapping[str, "str | int | float"]


class CompileError(StridesError):
    """The text has mistakes; `diagnostics` holds every one, each rendered as the command line would."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        first = diagnostics[0]
        super().__init__(first.message, first.span, first.hint)
        self.diagnostics = list(diagnostics)

    def __str__(self) -> str:
        return "\n".join(d.render() for d in self.diagnostics)


def _pairs(settings: Settings | None) -> dict[str, str]:
    return {key: str(value) for key, value in (settings or {}).items()}


def _run(text: str, settings: Settings | None, filename: str) -> tuple[list[Workout], list[Diagnostic]]:
    try:
        compiled = compile_each(text, _pairs(settings), filename)
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
    the format's choices (`card="a6"` for `pdf`). Formats that make one file per workout (`fit`) take one."""
    from strides.backends import BACKENDS, RenderOptions, get_backend

    if format not in BACKENDS:
        raise ValueError(f"unknown format {format!r}; formats: {', '.join(formats())}")
    chosen = [workouts] if isinstance(workouts, Workout) else list(workouts)
    backend = get_backend(format)
    if backend.per_workout and len(chosen) != 1:
        raise ValueError(f"{format} makes one file per workout: render them one at a time")
    return backend.render(chosen, RenderOptions(**options))
