"""One workout, one set of numbers: every seed workout read back from the text card, the explanation, the page,
the three PDF layouts, the editor's hover and the watch's step names, in km and in miles, gives the same splits
and the same paces, rounded the same way and with the profile's unit."""

from __future__ import annotations

import html as html_text
import io
import re
from typing import Any

import pytest
from pypdf import PdfReader
from seeds import SEEDS

from strides.backends import RenderOptions
from strides.backends.cards import pdf, text
from strides.backends.explain import render as explain
from strides.backends.fit import step_words
from strides.backends.page.html import render as page
from strides.editor.hover import target_lines
from strides.meaning.model import Pace, Progression, Step, Workout
from strides.pipeline import compile_text
from strides.words.phrasebook import clock, is_timed_on_track, pace_words

LAYOUTS = ("index", "a6", "wristband")
SURFACES = ("card", "explain", "page", *LAYOUTS)
LEAST_POINTS = 7.0
DECIMAL_SECONDS = re.compile(r"\d:\d\d\.\d")


def drawn(reader: PdfReader) -> list[tuple[str, float]]:
    """(text, size in points) of every piece of text of a PDF, in the order drawn."""
    pieces: list[tuple[str, float]] = []

    def visit(found: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if found.strip():
            pieces.append((found.strip(), size * abs(float(tm[0]) or 1.0)))

    for page_ in reader.pages:
        page_.extract_text(visitor_text=visit)
    return pieces


def page_words(markup: str) -> str:
    """The page's text as a reader sees it: tags out, entities and no-break spaces read."""
    body = markup[markup.index("<main"):]
    return " ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\u00a0", " ").split())


def read_back(workouts: list[Workout]) -> tuple[dict[str, str], list[float]]:
    """Each surface's text, and the size of every piece of type on the PDFs."""
    options = RenderOptions()
    found = {"card": text.render(workouts, options), "explain": explain(workouts, options),
             "page": page_words(page(workouts, options))}
    sizes: list[float] = []
    for layout in LAYOUTS:
        pieces = drawn(PdfReader(io.BytesIO(pdf.render(workouts, RenderOptions(card=layout)))))
        found[layout] = " ".join(piece for piece, _ in pieces).replace("\u00a0", " ")
        sizes += [size for _, size in pieces]
    return found, sizes


CASES = [(seed_id, units) for seed_id, _, _ in SEEDS for units in ("km", "mi")]


@pytest.fixture(scope="module", params=CASES, ids=[f"{seed}-{units}" for seed, units in CASES])
def seed(request: pytest.FixtureRequest) -> tuple[list[Workout], dict[str, str], list[float], str]:
    seed_id, units = request.param
    _, written, settings = next(s for s in SEEDS if s[0] == seed_id)
    workouts = compile_text(written, {**settings, "units": units}, f"{seed_id}.strides")
    return workouts, *read_back(workouts), units


def timed_reps(workouts: list[Workout]) -> list[Step]:
    """The reps read by their split: a distance at a single pace."""
    return [s for w in workouts for s in w.timeline
            if is_timed_on_track(s) and isinstance(s.target, Pace) and not s.target.is_range and s.split]


def in_progression(step: Step) -> bool:
    """A rep of `each -10s/mi` between the first and the last: the summaries say first → last."""
    return isinstance(step.target, Pace) and isinstance(step.target.basis, Progression) and step.rep is not None \
        and 1 < step.rep[0] < step.rep[1]


SUMMARIES = ("explain", "wristband")  # a progression as its first and last split


def test_every_split_reads_the_same_everywhere(seed: tuple[list[Workout], dict[str, str], list[float], str]
                                               ) -> None:
    workouts, surfaces, _, units = seed
    for step in timed_reps(workouts):
        assert step.split is not None
        split = clock(step.split)
        for name in SURFACES:
            if in_progression(step) and name in SUMMARIES:
                continue
            assert re.search(rf"(?<![\d:]){split}(?![\d:])", surfaces[name]), (name, split)
        assert f"in {split}" in " ".join(target_lines(step)), split
        assert isinstance(step.target, Pace)
        watch = step_words(step, units).full
        assert split in watch or pace_words(step.target, units) in watch, (watch, split)


def test_a_pace_range_reads_as_its_range_everywhere(seed: tuple[list[Workout], dict[str, str], list[float], str]
                                                    ) -> None:
    workouts, surfaces, _, units = seed
    for step in (s for w in workouts for s in w.timeline):
        target = step.target
        if not isinstance(target, Pace) or not target.is_range:
            continue
        shown = pace_words(target, units)
        for name in ("card", "explain", "page", "index", "a6"):
            assert shown in surfaces[name], (name, shown)
        assert shown.removesuffix(f"/{units}") in surfaces["wristband"]
        assert shown in step_words(step, units).full


def test_a_single_pace_carries_the_profiles_unit(seed: tuple[list[Workout], dict[str, str], list[float], str]
                                                 ) -> None:
    workouts, surfaces, _, units = seed
    other = "km" if units == "mi" else "mi"
    for name, shown in surfaces.items():
        # a target as written (`@7:00/mi`, `@T+90s/mi`) and an offset (`+20 s/mi`) keep the runner's unit
        assert f"/{other}" not in re.sub(r"@\S+| s/", " ", shown), name
        assert not DECIMAL_SECONDS.search(shown), name
    for step in (s for w in workouts for s in w.timeline if s.is_rep and isinstance(s.target, Pace)
                 and not isinstance(s.target.basis, Progression)):
        assert isinstance(step.target, Pace)
        shown = pace_words(step.target, units)
        for name in ("card", "explain", "page"):
            assert shown in surfaces[name], (name, shown)


def test_no_type_on_paper_is_below_seven_points(seed: tuple[list[Workout], dict[str, str], list[float], str]
                                               ) -> None:
    assert min(seed[2]) >= LEAST_POINTS
