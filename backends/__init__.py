"""Output backends, looked up by name and imported only when used (start-up stays fast).

Each backend is one module exposing a `Backend`; adding one is a new module plus one line in BACKENDS.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from importlib import import_module
from typing import TYPE_CHECKING

import attrs

from strides.errors import StridesWarning
from strides.record import Record

if TYPE_CHECKING:
    from strides.meaning.model import Workout

if TYPE_CHECKING:
    from strides.meaning.plan import Plan

CARD_LAYOUTS = ("index", "a6", "wristband")  # the PDF card's layouts, the first the default
PAPERS = ("a4", "letter")  # the sheets wristband strips are printed on


def _one_of(choices: tuple[str, ...]) -> Callable[[object, attrs.Attribute[str], object], None]:
    """An option's check: a string, one of `choices`; the message names them."""
    def check(options: object, option: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str):
            raise TypeError(f"{option.name} must be a str, one of {', '.join(choices)}; not {type(value).__name__}")
        if value not in choices:
            raise ValueError(f"unknown {option.name} {value!r}; {option.name}s: {', '.join(choices)}")
    return check


@attrs.frozen(repr=False, eq=False)
class RenderOptions(Record):
    """Choices that shape an output but not the workout, each checked when made."""

    card: str = attrs.field(default="index", validator=_one_of(CARD_LAYOUTS))  # the PDF card's layout
    paper: str = attrs.field(default="a4", validator=_one_of(PAPERS))  # the wristband strips' sheet
    plan: Plan | None = attrs.field(default=None, eq=False)  # the weeks the workouts fall in, for a plan


# Where Letter paper is the usual size (the rest of the world prints on A4).
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "PR", "SV", "DO", "NI"})


def default_paper(environ: Mapping[str, str] | None = None) -> str:
    """`letter` where the locale's country prints on Letter (`LC_PAPER`, `LC_ALL` or `LANG`), else `a4`."""
    environ = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_PAPER", "LANG"):
        value = environ.get(key, "")
        if value:
            country = value.split(".")[0].partition("_")[2].upper()
            return "letter" if country in LETTER_COUNTRIES else "a4"
    return "a4"


@attrs.frozen(repr=False, eq=False)
class Backend(Record):
    """How one output format is made."""

    name: str
    suffix: str  # file name ending, e.g. ".fit"
    binary: bool
    # True: `render` takes one workout and a file with several workouts writes one file each.
    per_workout: bool
    render: Callable[[Sequence[Workout], RenderOptions], bytes | str]
    # What the format cannot carry (a nested repeat written out, a note left out), said as warnings; the
    # output is still made.
    warnings: Callable[[Sequence[Workout]], list[StridesWarning]] | None = None


BACKENDS: dict[str, str] = {
    "card": "strides.backends.cards.text:BACKEND",
    "explain": "strides.backends.explain:BACKEND",
    "ics": "strides.backends.ics:BACKEND",
    "fit": "strides.backends.fit:BACKEND",
    "garmin": "strides.backends.exports.garmin:BACKEND",
    "html": "strides.backends.page.html:BACKEND",
    "icu": "strides.backends.exports.icu:BACKEND",
    "json": "strides.backends.timeline_json:BACKEND",
    "pdf": "strides.backends.cards.pdf:BACKEND",
    "workout": "strides.backends.workout:BACKEND",
    "zwo": "strides.backends.exports.zwo:BACKEND",
}


# The formats whose modules take longer to import than a long file takes to come back from a second core
# (strides.cli.parallel.aside): the page (Jinja and its chart), the PDF (fpdf2 with fontTools and Pillow). The
# text card imports too little to gain from it.
SLOW_TO_IMPORT = frozenset({"html", "pdf"})


def get_backend(name: str) -> Backend:
    module_name, _, attr = BACKENDS[name].partition(":")
    backend: Backend = getattr(import_module(module_name), attr)
    return backend
