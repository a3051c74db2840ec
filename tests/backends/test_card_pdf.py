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
from strides.backends.cards import pdf as card_pdf
from strides.backends.cards import typeset as card_type
from strides.backends.cards.pdf import BACKEND, render
from strides.backends.cards.text import render as render_text
from strides.backends.cards.typeset import font_dir
from strides.backends.cards.view import is_wide
from strides.backends.cards.wristband import STRIP
from strides.backends.fonts_ahead import FULL, common_name, in_common
from strides.meaning.model import Pace, Workout
from strides.meaning.units import format_clock
from strides.pipeline import compile_text

MM = 72 / 25.4  # PDF points per millimetre
TRACK = "Tuesday track: wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"
SIZES = {"index": (127.0, 76.2), "a6": (148.0, 105.0)}
LAYOUTS = ("index", "a6", "wristband")
MIN_POINTS = {"index": 7.0, "a6": 7.0, "wristband": 7.0}
SPLIT = re.compile(r"\d+:\d\d(?:–\d+:\d\d)?")


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


def test_one_card_per_workout(seed_pdf: tuple[str, PdfReader], seed_workouts: list[Workout]) -> None:
    layout, reader = seed_pdf
    if layout == "wristband":  # strips, as many to a sheet as fit
        assert len(reader.pages) == -(-len(seed_workouts) // 9)
    else:
        assert len(reader.pages) == len(seed_workouts)


def test_page_size_matches_the_layout(seed_pdf: tuple[str, PdfReader]) -> None:
    layout, reader = seed_pdf
    for page in reader.pages:
        assert page_mm(page) == ((210.0, 297.0) if layout == "wristband" else SIZES[layout])


def test_every_split_is_on_the_card(seed_workouts: list[Workout]) -> None:
    checked = 0
    for layout in ("index", "a6"):
        reader = PdfReader(io.BytesIO(render(seed_workouts, RenderOptions(card=layout))))
        for workout, page in zip(seed_workouts, reader.pages, strict=True):
            assert workout.name in page.extract_text().replace("\n", " ")
            words = {word for text, _ in drawn_sizes(page) for word in re.split(r"[\s·→–]+", text)}
            for split in splits(workout):
                assert split in words, (layout, workout.name, split)
                checked += 1
    assert checked > 80


def test_every_workout_of_a_file_gets_its_card() -> None:
    text = "Tue: 6x800 @5k r400 jog\nThu: 3x1mi @T r1min jog\nSat: 12mi easy; last 3mi @hm"
    for layout in ("index", "a6"):
        reader = PdfReader(io.BytesIO(render(compile_text(text, S19), RenderOptions(card=layout))))
        assert [p.extract_text().split("\n")[0] for p in reader.pages] == ["Tue", "Thu", "Sat"]
    reader = PdfReader(io.BytesIO(render(compile_text(text, S19), RenderOptions(card="wristband"))))
    names = [t for t, _ in drawn_sizes(reader.pages[0]) if t in ("Tue", "Thu", "Sat")]
    assert names == ["Tue", "Thu", "Sat"]


def drawn_sizes(page: Any) -> list[tuple[str, float]]:
    """(text, font size in points) of every piece of text on a page."""
    pieces: list[tuple[str, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            pieces.append((text.strip(), size * abs(float(tm[0]) or 1.0)))

    page.extract_text(visitor_text=visit)
    return pieces


def test_the_embedded_font_is_dejavu(seed_pdf: tuple[str, PdfReader]) -> None:
    fonts = seed_pdf[1].pages[0]["/Resources"]["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]) for key in fonts}
    assert names and all("DejaVuSans" in name for name in names)


def test_the_font_has_every_character_a_card_uses(seed_workouts: list[Workout]) -> None:
    used = (set(render_text(seed_workouts, RenderOptions())) | set("☐×·–“”\u00a0+")) - {"\n"}
    for name in FULL:
        for file in (name, common_name(name)):
            cmap = TTFont(font_dir() / file).getBestCmap()
            assert sorted(c for c in used if ord(c) not in cmap) == []


def test_the_fonts_ship_with_their_licence() -> None:
    licence = (font_dir() / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera Fonts Copyright" in licence and "Arev Fonts Copyright" in licence
    assert sorted(p.name for p in font_dir().glob("*.ttf")) == sorted([*FULL, *map(common_name, FULL)])


@pytest.mark.parametrize("name", FULL)
def test_the_common_cut_has_the_full_fonts_glyphs_and_widths_in_its_ranges(name: str) -> None:
    full, common = TTFont(font_dir() / name), TTFont(font_dir() / common_name(name))
    wanted = {code: glyph for code, glyph in full.getBestCmap().items() if in_common(code)}
    assert common.getBestCmap() == wanted
    assert {glyph: common["hmtx"][glyph] for glyph in wanted.values()} == {
        glyph: full["hmtx"][glyph] for glyph in wanted.values()}
    assert "DejaVu" in str(common["name"].getDebugName(1)) and "Vera" not in str(common["name"].getDebugName(1))


@pytest.mark.parametrize(("name", "fonts"), [("ქართული track", [False, True]), ("Ωμέγα track", [False])])
def test_a_card_in_a_script_beyond_the_common_cut_is_set_in_the_full_fonts(
        name: str, fonts: list[bool], monkeypatch: pytest.MonkeyPatch) -> None:
    # Georgian is in the full fonts only; Greek is in the common cut.
    used: list[bool] = []
    real = card_type.new_pdf
    monkeypatch.setattr(card_pdf, "new_pdf", lambda title, full_fonts=False: used.append(full_fonts) or real(
        title, full_fonts))
    for layout in ("index", "wristband"):
        used.clear()
        data = render(compile_text(f"{name}: 4x1k @5k r2min", S19), RenderOptions(card=layout))
        assert name.split()[0] in PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert used == fonts


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_same_workout_gives_the_same_bytes(layout: str) -> None:
    first = render(compile_text(TRACK, S19), RenderOptions(card=layout))
    assert first == render(compile_text(TRACK, S19), RenderOptions(card=layout))
    assert first.startswith(b"%PDF-")


def test_an_unknown_layout_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown card 'postcard'; cards: index, a6, wristband"):
        RenderOptions(card="postcard")  # refused when the options are made, before anything is drawn


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
    else:  # one strip at the top of an A4 sheet
        assert abs(image.width - 210 / 25.4 * 100) <= 2
        image = image.crop((0, 0, image.width, int(45 / 25.4 * 100)))
    ink = [sum(1 for v in image.crop(box).tobytes() if v < 128) for box in _bands(image)]
    assert all(ink), ink  # something printed at the top, the middle and the bottom of the card
    share = sum(ink) / (image.width * image.height)
    assert 0.005 < share < 0.5


def _bands(image: Any) -> list[tuple[int, int, int, int]]:
    third = image.height // 3
    return [(0, k * third, image.width, (k + 1) * third) for k in range(3)]


# ---- type you can read at arm's length ----------------------------------------------------------------------

WEEK = """\
5k = 19:00
Mon easy: 40min easy; 6x100 strides
Tue track: wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min
Wed sets: wu 2mi; 3x(6x400 @5k r60s, 1mi @T) r3min; cd 2mi
Thu ladder: wu 15min; 200/400/600/800/600/400/200 @5k r200 jog; cd 10min
Fri ranges: wu 15min; 4-6x800 @3:40-3:45/km r400 jog; cd 10min
Sat progression: wu 2mi; 10x1mi @T+90s/mi; each -10s/mi; cd 1mi
Sun long: 3mi easy; 6mi @mp; 3mi easy
"""


@pytest.fixture(scope="module")
def week() -> list[Workout]:
    return compile_text(WEEK)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_type_is_below_the_least_size(layout: str, week: list[Workout], seed_workouts: list[Workout]) -> None:
    for workouts in (week, seed_workouts):
        reader = PdfReader(io.BytesIO(render(workouts, RenderOptions(card=layout))))
        sizes = [size for page in reader.pages for _, size in drawn_sizes(page)]
        assert min(sizes) >= MIN_POINTS[layout], layout


@pytest.mark.parametrize("layout", ["index", "a6"])
def test_the_rep_split_is_the_largest_number(layout: str, week: list[Workout]) -> None:
    reader = PdfReader(io.BytesIO(render(week, RenderOptions(card=layout))))
    for page in reader.pages:
        drawn = drawn_sizes(page)
        numbers = [size for text, size in drawn if re.search(r"\d", text)]
        split_sizes = [size for text, size in drawn if SPLIT.fullmatch(text.replace("→", "–").replace(" ", ""))]
        if split_sizes:
            assert min(split_sizes) >= 13.0
            assert max(split_sizes) == max(numbers)


@pytest.mark.parametrize("layout", ["index", "a6"])
def test_each_card_is_sized_to_its_content_within_the_files_floor_and_ceiling(layout: str,
                                                                             week: list[Workout]) -> None:
    reader = PdfReader(io.BytesIO(render(week, RenderOptions(card=layout))))
    names = [drawn_sizes(page)[0] for page in reader.pages]
    assert [text for text, _ in names] == [w.name for w in week]
    sizes = [size for _, size in names]
    assert len(set(sizes)) > 1  # a one-line day is not set as small as the busiest
    assert max(sizes) <= min(sizes) * card_pdf.CEILING_RATIO + 1e-6


def test_long_lines_wrap_instead_of_shrinking() -> None:
    text = ('Club night: (1600 @10k, 1200 @5k, 800 @3k, 400 @mile) r2min jog "'
            + "stay relaxed and run the bends hard " * 4 + '"')
    reader = PdfReader(io.BytesIO(render(compile_text(text, S19), RenderOptions(card="index"))))
    drawn = [piece for page in reader.pages for piece in drawn_sizes(page)]
    assert min(size for _, size in drawn) >= 7.0
    said = " ".join(text for text, _ in drawn)
    assert said.count("stay relaxed") == 4  # the group's note once, all of it


def test_a_workout_too_long_for_one_index_card_goes_on_to_a_second() -> None:
    text = "Long: " + "; ".join(f"{k}x400 @5k r60s" for k in range(2, 14))
    reader = PdfReader(io.BytesIO(render(compile_text(text, S19), RenderOptions(card="index"))))
    assert len(reader.pages) >= 2 and all(page_mm(p) == SIZES["index"] for p in reader.pages)
    assert "continued on card 2" in reader.pages[0].extract_text()
    assert reader.pages[1].extract_text().startswith("Long (continued)")


def test_a6_balances_its_two_columns() -> None:
    text = "Busy: wu 15min; " + "; ".join(f"{k}x400 @5k r60s" for k in (4, 5, 6, 7, 8)) + "; cd 10min"
    reader = PdfReader(io.BytesIO(render(compile_text(text, S19), RenderOptions(card="a6"))))
    assert len(reader.pages) == 1
    lines = positions(reader.pages[0])
    xs = sorted({round(x) for _, x, _ in lines})
    middle = 148 / 2 * MM
    left = [y for _, x, y in lines if x < middle]
    right = [y for _, x, y in lines if x >= middle]
    assert right and xs, "two columns"
    assert abs(min(left[1:]) - min(right)) < 12 * MM  # the columns end within a few lines of each other


def test_tick_rows_split_evenly_on_the_card() -> None:
    reader = PdfReader(io.BytesIO(render(compile_text("12x400 @5k r60s", S19), RenderOptions(card="a6"))))
    rows: dict[float, int] = {}
    for text, _, y in positions(reader.pages[0]):
        rows[round(y)] = rows.get(round(y), 0) + text.count("☐")
    assert sorted(count for count in rows.values() if count) in ([6, 6], [4, 4, 4], [12])


def positions(page: Any) -> list[tuple[str, float, float]]:
    """(text, x, y) in points of every piece of text on a page."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            found.append((text.strip(), float(tm[4]), float(tm[5])))

    page.extract_text(visitor_text=visit)
    return found


# ---- the wristband ------------------------------------------------------------------------------------------


def strip_boxes(page: Any) -> list[tuple[float, float]]:
    """(width, height) in millimetres of each strip outline drawn on a sheet."""
    data = page.get_contents().get_data().decode("latin-1")
    boxes = re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (-?[\d.]+) re", data)
    return [(round(float(w) / MM, 1), round(abs(float(h)) / MM, 1)) for _, _, w, h in boxes]


def test_wristband_strips_fit_a_wrist_and_fill_a_sheet(seed_workouts: list[Workout]) -> None:
    reader = PdfReader(io.BytesIO(render(seed_workouts, RenderOptions(card="wristband"))))
    boxes = [box for page in reader.pages for box in strip_boxes(page)]
    assert len(boxes) == len(seed_workouts)
    assert all(width <= 150.0 and height <= 25.0 for width, height in boxes)
    assert STRIP == (150.0, 25.0)
    assert len(strip_boxes(reader.pages[0])) == 9  # as many as an A4 sheet holds


def test_wristband_paper_can_be_letter() -> None:
    reader = PdfReader(io.BytesIO(render(compile_text(TRACK, S19), RenderOptions(card="wristband", paper="letter"))))
    assert page_mm(reader.pages[0]) == (215.9, 279.4)


def test_the_wristband_says_each_block_in_one_line() -> None:
    reader = PdfReader(io.BytesIO(render(compile_text(TRACK, S19), RenderOptions(card="wristband"))))
    lines: dict[float, str] = {}
    for text, _, y in positions(reader.pages[0]):
        lines[y] = (lines.get(y, "") + " " + text).strip()
    said = " | ".join(lines.values())
    # in two columns on one strip, the changed rep said with its block
    assert said.count("wu 15 min") == said.count("12×400 1:28 · r35 s · last all-out") == 1
    assert said.count("cd 10 min") == 1


def test_every_block_on_the_wristband_has_its_pace_or_split() -> None:
    workout = compile_text("3mi easy; 6mi @mp; 3x5k @mp r5min jog; 5k @hm", S19)
    reader = PdfReader(io.BytesIO(render(workout, RenderOptions(card="wristband"))))
    text = " ".join(t for t, _, _ in positions(reader.pages[0]))
    for step in workout[0].timeline:
        if step.split is not None and not step.target.is_range:  # type: ignore[union-attr]
            assert format_clock(step.split) in text
    assert re.search(r"3 mi easy \d:\d\d–\d:\d\d", text)


def test_a_workout_too_long_for_one_strip_continues_on_the_next() -> None:
    text = "Long: " + "; ".join(f"{k}x400 @5k r60s" for k in range(2, 22))
    reader = PdfReader(io.BytesIO(render(compile_text(text, S19), RenderOptions(card="wristband"))))
    said = reader.pages[0].extract_text()
    assert "continued on strip 2 →" in said and "Long (strip 2 of 3)" in said
    assert len(strip_boxes(reader.pages[0])) == 3


def test_the_paper_follows_the_locale() -> None:
    from strides.backends import default_paper

    assert default_paper({"LANG": "en_US.UTF-8"}) == "letter"
    assert default_paper({"LANG": "en_GB.UTF-8"}) == "a4"
    assert default_paper({"LC_PAPER": "es_MX.UTF-8", "LANG": "de_DE.UTF-8"}) == "letter"
    assert default_paper({}) == "a4"


def test_the_command_line_chooses_the_paper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from strides.cli.main import EXIT_OK, EXIT_USAGE, main

    for key in ("LC_ALL", "LC_PAPER"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    out = tmp_path / "w.pdf"
    arguments = ["compile", "-e", "12x400 @5k r60s", "--set", "5k=19:00", "--format", "pdf", "--card", "wristband"]
    assert main([*arguments, "-o", str(out)]) == EXIT_OK
    assert page_mm(PdfReader(out).pages[0]) == (215.9, 279.4)  # Letter, from the locale
    assert main([*arguments, "--paper", "a4", "-o", str(out)]) == EXIT_OK
    assert page_mm(PdfReader(out).pages[0]) == (210.0, 297.0)
    assert main([*arguments, "--paper", "a5", "-o", str(out)]) == EXIT_USAGE


def text_boxes(page: Any) -> list[tuple[str, float, float, float]]:
    """(text, left, right, baseline) in points of every piece of text on a page, widths measured with the
    card's own font."""
    from strides.backends.cards.typeset import measure

    boxes: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            bold = "Bold" in str((font or {}).get("/BaseFont", ""))
            points = size * abs(float(tm[0]) or 1.0)
            left = float(tm[4])
            boxes.append((text, left, left + measure(text, bold, points) * MM, float(tm[5])))

    page.extract_text(visitor_text=visit)
    return boxes


NESTED = ("Sets:\n  wu 15min\n  3x(6x400 @5k r60s, 1mi @T) r3min\n  cd 10min\n"
          "Range and ladder:\n  4-6x800 @3:40-3:45/km r400 jog\n  200/400/600/400/200 @5k r200 jog\n")


@pytest.mark.parametrize("layout", ["index", "a6"])
def test_no_two_pieces_of_text_overlap(layout: str, seed_workouts: list[Workout]) -> None:
    workouts = compile_text(NESTED, {"5k": "19:00"}) + seed_workouts
    reader = PdfReader(io.BytesIO(render(workouts, RenderOptions(card=layout))))
    for page in reader.pages:
        boxes = text_boxes(page)
        for index, (text, left, right, baseline) in enumerate(boxes):
            for other, other_left, other_right, other_baseline in boxes[index + 1:]:
                if abs(baseline - other_baseline) < 2.0:
                    assert right <= other_left + 0.5 or other_right <= left + 0.5, (text, other)
