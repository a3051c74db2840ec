"""The card's and the page's templates are shipped compiled, in step with their sources; stale ones are never
used: the templates are then compiled from their sources, and read the same."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from seeds import SEEDS

from strides.backends import RenderOptions, get_backend
from strides.backends import templates_ahead as ahead
from strides.pipeline import compile_text

PLAN = "\n".join(f"W{number}: {text}" for number, (_, text, _) in enumerate(SEEDS))
SETTINGS = {"5k": "19:00", "maxhr": "190"}


# Compiled by the Jinja the project develops with; another (the dependency floors) compiles from the sources.
COMPILED_BY = ahead.made_by()
SAME_JINJA = pytest.mark.skipif(COMPILED_BY != f"jinja2 {jinja2.__version__}",
                                reason=f"the templates were compiled by {COMPILED_BY}")


@SAME_JINJA
@pytest.mark.parametrize("templates", ahead.every_set(), ids=lambda templates: templates.name)
def test_fresh_templates_are_loaded_compiled(templates: ahead.Templates) -> None:
    assert isinstance(templates.environment.loader, jinja2.ModuleLoader)


@pytest.mark.parametrize("format_", ["card", "html"])
def test_templates_compiled_from_their_sources_read_the_same(format_: str, monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    workouts = compile_text(PLAN, SETTINGS)
    backend = get_backend(format_)
    shipped = backend.render(workouts, RenderOptions())
    for templates in ahead.every_set():
        monkeypatch.delattr(templates, "environment", raising=False)  # forget the loaded environment
    monkeypatch.setattr(ahead, "COMPILED", tmp_path / "nothing compiled here")
    assert not any(templates.fresh() for templates in ahead.every_set())
    assert all(isinstance(t.environment.loader, jinja2.FileSystemLoader) for t in ahead.every_set())
    assert backend.render(workouts, RenderOptions()) == shipped


def test_a_template_edited_since_makes_its_set_stale(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    card = next(templates for templates in ahead.every_set() if templates.name == "card")
    sources = tmp_path / "templates"
    sources.mkdir()
    for name in card.templates:
        (sources / name).write_text((ahead.SOURCES / name).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(ahead, "SOURCES", sources)
    assert not card.fresh()
