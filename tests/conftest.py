"""Shared helpers: compile a workout and look at its timeline the way the JSON shows it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from strides.backends import RenderOptions, get_backend
from strides.language.ast import Setting
from strides.language.parse import parse_entries
from strides.meaning.model import Workout
from strides.meaning.profile import setting_key
from strides.pipeline import compile_text

GOLDEN = Path(__file__).parent / "backends" / "golden"
UPDATE_GOLDENS = os.environ.get("STRIDES_UPDATE_GOLDENS") == "1"


def compile_one(text: str, settings: dict[str, str] | None = None) -> Workout:
    workouts = compile_text(text, settings or {})
    assert len(workouts) == 1
    return workouts[0]


def timeline(text: str, settings: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The timeline entries as `strides compile --format json` prints them."""
    rendered = get_backend("json").render(compile_text(text, settings or {}), RenderOptions())
    document = json.loads(rendered)
    assert len(document["workouts"]) == 1
    steps: list[dict[str, Any]] = document["workouts"][0]["timeline"]
    return steps


def syntax_tree(text: str) -> list[Any]:
    """The syntax tree of a file, setting names in their canonical spelling (`5K` and `5k` are one setting),
    so that a file and its formatted text can be compared."""
    return [attrs.evolve(e, key=setting_key(e.key)) if isinstance(e, Setting) else e for e in parse_entries(text)]


def check_golden(path: Path, actual: str) -> None:
    """Compare with a checked-in file; STRIDES_UPDATE_GOLDENS=1 rewrites it (review the diff)."""
    if UPDATE_GOLDENS or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not UPDATE_GOLDENS:
            pytest.fail(f"golden file {path.name} was missing and has been written: review and commit it")
    assert actual == path.read_text(encoding="utf-8")


# ---- a real browser, for the pages and the live editor ----
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
