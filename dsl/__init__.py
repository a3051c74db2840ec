"""strides: a language and compiler for running workouts.

`strides.compile(text, settings)` gives the resolved workouts, `strides.render(workouts, format)` any output
(`strides.formats()` lists them), `strides.check(text, settings)` every mistake as a `Diagnostic`. See
docs/api.md. The names are loaded on first use, so that `strides --help` starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "compile": "strides.api", "check": "strides.api", "render": "strides.api", "formats": "strides.api",
    "CompileError": "strides.api",
    "Diagnostic": "strides.diagnostics",
    "StridesError": "strides.errors", "StridesWarning": "strides.errors", "Span": "strides.errors",
    "Workout": "strides.meaning.model", "Step": "strides.meaning.model", "Repeat": "strides.meaning.model",
    "Node": "strides.meaning.model", "Pace": "strides.meaning.model", "HeartRate": "strides.meaning.model",
    "Effort": "strides.meaning.model", "Time": "strides.meaning.model", "Distance": "strides.meaning.model",
    "Open": "strides.meaning.model", "Profile": "strides.meaning.model",
}
__all__ = [
    "CompileError", "Diagnostic", "Distance", "Effort", "HeartRate", "Node", "Open", "Pace", "Profile", "Repeat",
    "Span", "Step", "StridesError", "StridesWarning", "Time", "Workout", "__version__", "check", "compile",
    "formats", "render",
]

if TYPE_CHECKING:
    from strides.api import CompileError, check, compile, formats, render
    from strides.diagnostics import Diagnostic
    from strides.errors import Span, StridesError, StridesWarning
    from strides.meaning.model import (
        Distance,
        Effort,
        HeartRate,
        Node,
        Open,
        Pace,
        Profile,
        Repeat,
        Step,
        Time,
        Workout,
    )


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'strides' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
