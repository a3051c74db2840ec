"""The public API: what docs/api.md promises, and every doctest in the package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pytest

import strides

DOCS = Path(__file__).parent.parent / "docs"


def test_the_api_page_runs() -> None:
    result = doctest.testfile(str(DOCS / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


OPTIONAL = ("pygls", "lsprotocol", "cattrs", "garminconnect", "pygments")  # extras: strides[lsp], strides[garmin], …
MODULES = sorted(m.name for m in pkgutil.walk_packages(strides.__path__, "strides.")
                 if m.name not in ("strides.__main__",))


@pytest.mark.parametrize("name", MODULES)
def test_doctests_in_the_package(name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as missing:
        if missing.name not in OPTIONAL:
            raise
        pytest.skip(f"{name} needs the optional {missing.name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_every_exported_name_exists() -> None:
    for name in strides.__all__:
        assert getattr(strides, name) is not None


def test_an_unknown_format_names_the_known_ones() -> None:
    [workout] = strides.compile("400", {})
    with pytest.raises(ValueError, match="formats: card, explain"):
        strides.render(workout, "gpx")


def test_a_fit_file_is_rendered_one_workout_at_a_time() -> None:
    week = strides.compile("A: 400\nB: 800")
    with pytest.raises(ValueError, match="one at a time"):
        strides.render(week, "fit")


def test_compile_error_holds_every_mistake() -> None:
    with pytest.raises(strides.CompileError) as caught:
        strides.compile("A: 6x1k @10k\nB: 4x400 @mile", filename="plan.strides")
    assert [d.line for d in caught.value.diagnostics] == [1, 2]
    assert all(d.filename == "plan.strides" for d in caught.value.diagnostics)


def test_warnings_do_not_stop_compile() -> None:
    text = "10x400 @1:00"
    [d] = strides.check(text, {"mile": "6:00"})
    assert d.severity == "warning"
    assert len(strides.compile(text, {"mile": "6:00"})) == 1


def test_all_lists_exactly_the_exports() -> None:
    assert set(strides.__all__) == {*strides._EXPORTS, "__version__"}


# ---- wrong arguments: TypeError for a wrong type or an unknown name, ValueError for a value not allowed ----------
WORKOUT = strides.compile("400", {})[0]
WRONG_CALLS: dict[str, tuple[Callable[[], object], type[Exception], str]] = {
    "text None": (lambda: strides.compile(None), TypeError, "text must be a str, not NoneType"),  # type: ignore[arg-type]
    "text bytes": (lambda: strides.compile(b"400"), TypeError, r"not bytes \(decode it first"),  # type: ignore[arg-type]
    "check of a number": (lambda: strides.check(400), TypeError, "text must be a str, not int"),  # type: ignore[arg-type]
    "settings a list": (lambda: strides.compile("400", [("5k", "19:00")]), TypeError,  # type: ignore[arg-type]
                        r"settings must be a mapping such as \{'5k': '19:00'\}, not list"),
    "settings a string": (lambda: strides.check("400", "5k=19:00"), TypeError, "not str"),  # type: ignore[arg-type]
    "a setting named by a number": (lambda: strides.compile("400", {5: "19:00"}), TypeError,  # type: ignore[dict-item]
                                    "a setting's name must be a str"),
    "a setting of None": (lambda: strides.compile("400", {"5k": None}), TypeError,  # type: ignore[dict-item]
                          "setting '5k' must be a str or a number"),
    "a setting of True": (lambda: strides.check("400", {"maxhr": True}), TypeError, "not bool"),
    "a filename of None": (lambda: strides.compile("400", filename=None), TypeError,  # type: ignore[arg-type]
                           "filename must be a str"),
    "a format of None": (lambda: strides.render(WORKOUT, None), TypeError,  # type: ignore[arg-type]
                         "format must be a str, one of card, explain, fit"),
    "a paper not made": (lambda: strides.render(WORKOUT, "pdf", paper="a0"), ValueError,
                         "unknown paper 'a0'; papers: a4, letter"),
    "a card not made": (lambda: strides.render(WORKOUT, "pdf", card="x"), ValueError,
                        "unknown card 'x'; cards: index, a6, wristband"),
    "a card that is a number": (lambda: strides.render(WORKOUT, "pdf", card=6), TypeError,  # type: ignore[arg-type]
                                "card must be a str, one of index, a6, wristband; not int"),
    "an option unknown": (lambda: strides.render(WORKOUT, "explain", colour="red"), TypeError,
                          "unknown option 'colour'; options: card, paper"),
    "workouts that are text": (lambda: strides.render("400", "explain"), TypeError,  # type: ignore[arg-type]
                               "workouts must be a Workout or a list of them"),
    "a list holding text": (lambda: strides.render([WORKOUT, "400"], "explain"), TypeError,  # type: ignore[list-item]
                            r"workouts\[1\] is a str, not a Workout"),
    "no workouts": (lambda: strides.render([], "explain"), ValueError, "there is no workout to render"),
}


@pytest.mark.parametrize("name", WRONG_CALLS)
def test_a_wrong_argument_is_refused_with_what_is_allowed(name: str) -> None:
    call, error, message = WRONG_CALLS[name]
    with pytest.raises(error, match=message):
        call()


def test_numbers_are_settings_too() -> None:
    [workout] = strides.compile("12x400 @5k r60s; 40min @z2", {"5k": "19:00", "maxhr": 190})
    assert workout.total_seconds > 0
