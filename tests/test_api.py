"""The public API: what docs/api.md promises, and every doctest in the package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import strides

DOCS = Path(__file__).parent.parent / "docs"


def test_the_api_page_runs() -> None:
    result = doctest.testfile(str(DOCS / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


OPTIONAL = ("pygls", "lsprotocol", "garminconnect", "pygments")  # extras: strides[lsp], strides[garmin], …
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
