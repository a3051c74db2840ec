"""The printable cards: page sizes, one page per workout, every split in the text, large type on A6, the
embedded font, repeatable bytes, and a rendered page that is not blank."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from seeds import S19, SEEDS

from strides.backends import RenderOptions, get_backend
from strides.backends.card import render as render_text
from strides.backends.card_pdf import BACKEND, font_dir, render
from strides.backends.card_view import is_wide
from strides.errors import StridesError
from strides.model import Pace, Workout
from strides.pipeline import compile_text
from strides.units import format_clock

MM = 72 / 25.4  # PDF points per millimetre
TRACK = "Tuesday track: wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"
SIZES = {"index": (127.0, 76.2), "a6": (148.0, 105.0)}
LAYOUTS = ("index", "a6", "wristband")


@pytest.fixture(scope="module")
def seed_workouts() -> list[Workout]:
    return [compile_text(text, settings, f"{seed_id}.strides")[0] for seed_id, text, settings in SEEDS]


@pytest.fixture(scope="module", params=LAYOUTS)
def seed_pdf(request: pytest.FixtureRequest, seed_workouts: list[Workout]) -> tuple[str, PdfReader]:
    """All the seed workouts in one PDF, in each layout."""
    layout: str = request.param
    return layout, PdfReader(io.BytesIO(render(seed_workouts, RenderOptions(card=layout))))


def page_mm(page: Any) -> tuple[float, float]:
    box = page.mediabox
    return round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)


def splits(workout: Workout) -> set[str]:
    """Every split the runner should find on the card: paced distance steps, easy ranges aside."""
    return {format_clock(s.split) for s in workout.timeline
            if s.split is not None and isinstance(s.target, Pace) and not is_wide(s.target)}


def test_one_page_per_workout(seed_pdf: tuple[str, PdfReader], seed_workouts: list[Workout]) -> None:
    assert len(seed_pdf[1].pages) == len(seed_workouts)


def test_page_size_matches_the_layout(seed_pdf: tuple[str, PdfReader]) -> None:
    layout, reader = seed_pdf
    for page in reader.pages:
        width, height = page_mm(page)
        if layout == "wristband":
            assert width == 25.0 and 20.0 <= height <= 290.0
        else:
            assert (width, height) == SIZES[layout]


def test_every_split_is_in_the_text(seed_pdf: tuple[str, PdfReader], seed_workouts: list[Workout]) -> None:
    checked = 0
    for workout, page in zip(seed_workouts, seed_pdf[1].pages, strict=True):
        assert workout.name in page.extract_text().replace("\n", " ")
        words = {word for text, _ in drawn_sizes(page) for word in text.split()}  # split() breaks at NBSP too
        for split in splits(workout):
            assert split in words, (workout.name, split)
            checked += 1
    assert checked > 40


def test_every_workout_of_a_file_gets_its_page() -> None:
    text = "Tue: 6x800 @5k r400 jog\nThu: 3x1mi @T r1min jog\nSat: 12mi easy; last 3mi @hm"
    for layout in LAYOUTS:
        reader = PdfReader(io.BytesIO(render(compile_text(text, S19), RenderOptions(card=layout))))
        assert [p.extract_text().split("\n")[0] for p in reader.pages] == ["Tue", "Thu", "Sat"]


def test_a_long_wristband_goes_on_to_more_pages() -> None:
    workout = compile_text("wu 2mi; 40x200 @mile r200 jog; cd 2mi", S19)
    reader = PdfReader(io.BytesIO(render(workout, RenderOptions(card="wristband"))))
    assert len(reader.pages) > 1
    assert all(page_mm(p)[0] == 25.0 and page_mm(p)[1] <= 290.0 for p in reader.pages)
    text = "".join(p.extract_text() for p in reader.pages)
    assert re.search(r"\b40\b", text) and "Cool-down 2 mi" in text


def drawn_sizes(page: Any) -> list[tuple[str, float]]:
    """(text, font size in points) of every piece of text on a page."""
    pieces: list[tuple[str, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            pieces.append((text.strip(), size * abs(float(tm[0]) or 1.0)))

    page.extract_text(visitor_text=visit)
    return pieces


def test_a6_splits_are_in_large_type(seed_workouts: list[Workout]) -> None:
    reader = PdfReader(io.BytesIO(render(seed_workouts, RenderOptions(card="a6"))))
    seen = 0
    for page in reader.pages:
        for text, size in drawn_sizes(page):
            if re.fullmatch(r"\d+:\d\d", text):  # a split drawn on its own, as each block's main split is
                assert size >= 16.0, text
                seen += 1
    assert seen >= len(seed_workouts) // 2


def test_the_wristband_lists_each_rep_with_its_split() -> None:
    reader = PdfReader(io.BytesIO(render(compile_text(TRACK, S19), RenderOptions(card="wristband"))))
    pieces = [text for text, _ in drawn_sizes(reader.pages[0])]
    assert pieces.count("1:28") == 11 and "all-out" in pieces
    assert pieces.count("rest 35 s") == 11
    assert [p for p in pieces if re.fullmatch(r"\d+", p)] == [str(k) for k in range(1, 13)]


def test_the_embedded_font_is_dejavu(seed_pdf: tuple[str, PdfReader]) -> None:
    fonts = seed_pdf[1].pages[0]["/Resources"]["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]) for key in fonts}
    assert names and all("DejaVuSans" in name for name in names)


def test_the_font_has_every_character_a_card_uses(seed_workouts: list[Workout]) -> None:
    used = (set(render_text(seed_workouts, RenderOptions())) | set("☐×·–“”\u00a0+")) - {"\n"}
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        cmap = TTFont(font_dir() / name).getBestCmap()
        assert sorted(c for c in used if ord(c) not in cmap) == []


def test_the_fonts_ship_with_their_licence() -> None:
    licence = (font_dir() / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera Fonts Copyright" in licence and "Arev Fonts Copyright" in licence
    assert sorted(p.name for p in font_dir().glob("*.ttf")) == ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_same_workout_gives_the_same_bytes(layout: str) -> None:
    first = render(compile_text(TRACK, S19), RenderOptions(card=layout))
    assert first == render(compile_text(TRACK, S19), RenderOptions(card=layout))
    assert first.startswith(b"%PDF-")


def test_an_unknown_layout_is_refused_with_the_known_ones() -> None:
    with pytest.raises(StridesError, match="index, a6, wristband"):
        render(compile_text(TRACK, S19), RenderOptions(card="postcard"))


def test_the_backend_is_registered_as_pdf() -> None:
    assert get_backend("pdf") is BACKEND
    assert (BACKEND.name, BACKEND.suffix, BACKEND.binary, BACKEND.per_workout) == ("pdf", ".pdf", True, False)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_printed_page_is_not_blank(layout: str, tmp_path: Path) -> None:
    from PIL import Image

    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(render(compile_text(TRACK, S19), RenderOptions(card=layout)))
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(tmp_path / "card")],
                   check=True, capture_output=True)
    image = Image.open(tmp_path / "card.png").convert("L")
    if layout in SIZES:
        assert abs(image.width - SIZES[layout][0] / 25.4 * 100) <= 2
    ink = [sum(1 for v in image.crop(box).tobytes() if v < 128) for box in _bands(image)]
    assert all(ink), ink  # something printed at the top, the middle and the bottom of the page
    share = sum(ink) / (image.width * image.height)
    assert 0.01 < share < 0.5


def _bands(image: Any) -> list[tuple[int, int, int, int]]:
    third = image.height // 3
    return [(0, k * third, image.width, (k + 1) * third) for k in range(3)]
