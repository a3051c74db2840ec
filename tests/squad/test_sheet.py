"""The squad sheet says for each athlete exactly what compiling the workout alone with their profile says;
the PDF is read back (text, type sizes, landscape pages)."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from pypdf import PdfReader
from seeds import SEEDS
from squad_roster import TWELVE

from strides.backends import RenderOptions
from strides.backends.cards.squad import Sheet, render_text, sheet, sheets
from strides.backends.cards.squad_pdf import render_pdf
from strides.backends.cards.text import render_text as card_text
from strides.backends.cards.view import card_view
from strides.backends.page.squad import render_page
from strides.backends.squad_json import render_json
from strides.backends.timeline_json import render as timeline_render
from strides.pipeline import compile_text
from strides.squad.resolve import compile_squad
from strides.squad.roster import read_roster
from strides.words.phrasebook import split_text

ROSTER = read_roster(TWELVE)
CLOCK = re.compile(r"\d+(?::\d\d)+")
MM = 72 / 25.4


def squad_sheet(text: str) -> Sheet:
    compiled = compile_squad(text, "<seed>", ROSTER.athletes, {})
    assert not compiled.mistakes, [m.message for m in compiled.mistakes]
    return sheet(compiled.members, 0, compiled.names[0])


@pytest.mark.parametrize("seed", SEEDS, ids=[s[0] for s in SEEDS])
def test_every_number_is_the_athletes_own(seed: tuple[str, str, dict[str, str]]) -> None:
    _, text, _ = seed
    found = squad_sheet(text)
    assert sorted(line.name for line in found.lines) == sorted(a.name for a in ROSTER.athletes)
    by_name = {a.name: a for a in ROSTER.athletes}
    for line in found.lines:
        alone = compile_text(text, None, "<seed>", by_name[line.name].settings)[0]
        card = card_text(alone)
        for cell in line.cells:  # every number of the row is on the athlete's own card
            assert set(CLOCK.findall(cell.split + cell.half + cell.recovery)) <= set(CLOCK.findall(card)), line.name
        assert line.total == card_view(alone).totals.removeprefix("about ")
        for column, cell in zip(found.columns, line.cells, strict=True):  # the first and last rep's splits
            paced = [split_text(s) for s in alone.steps_per_item[column.block] if s.is_rep and split_text(s)]
            for split in paced[:1] + paced[-1:]:
                assert split in cell.split, (line.name, column.title, split, cell)


@pytest.mark.parametrize("seed", SEEDS[:12], ids=[s[0] for s in SEEDS[:12]])
def test_the_json_is_each_athletes_own_compile(seed: tuple[str, str, dict[str, str]]) -> None:
    _, text, _ = seed
    compiled = compile_squad(text, "<seed>", ROSTER.athletes, {})
    document = json.loads(render_json(compiled.members))
    for athlete, entry in zip(ROSTER.athletes, document["athletes"], strict=True):
        alone = json.loads(timeline_render(compile_text(text, None, "<seed>", athlete.settings), RenderOptions()))
        assert entry["name"] == athlete.name and entry["workouts"] == alone["workouts"]
        assert entry["profile"] == alone["workouts"][0]["profile"]


def test_rows_run_fastest_first_with_the_200m_split_of_track_reps() -> None:
    found = squad_sheet("wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min")
    splits = [line.cells[0].split for line in found.lines]
    assert splits == sorted(splits)
    (column,) = found.columns
    assert column.track and column.recovery == "rest 35 s between reps"
    assert found.same == ("Warm-up 15 min", "Cool-down 10 min")
    assert all(line.cells[0].half for line in found.lines)


def test_pace_groups_cut_where_the_paces_lie_furthest_apart() -> None:
    compiled = compile_squad("6x800 @5k r400 jog", "<t>", ROSTER.athletes, {})
    (found,) = sheets(compiled.members, compiled.names, pace_groups=3)
    assert len(found.groups) == 3
    assert sum(len(g.names) for g in found.groups) == 12
    assert [name for g in found.groups for name in g.names] == [line.name for line in found.lines]
    first = found.groups[0]
    splits = [line.cells[0].split for line in found.lines if line.name in first.names]
    assert first.ranges == (f"{min(splits)}–{max(splits)}",) if len(set(splits)) > 1 else (splits[0],)
    (by_roster,) = sheets(compiled.members, compiled.names)
    assert [g.label for g in by_roster.groups] == ["Track", "Road"]


def test_the_text_sheet_is_sixty_columns() -> None:
    compiled = compile_squad("\n".join(f"W{k}: {s[1]}" for k, s in enumerate(SEEDS)), "<t>", ROSTER.athletes, {})
    text = render_text(sheets(compiled.members, compiled.names, 2))
    assert max(len(line) for line in text.split("\n")) <= 60
    assert "Alice" in text and "pace group 2" in text


def drawn_sizes(page: Any) -> list[tuple[str, float]]:
    pieces: list[tuple[str, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            pieces.append((text.strip(), size * abs(float(tm[0]) or 1.0)))

    page.extract_text(visitor_text=visit)
    return pieces


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_pdf_sheet_is_landscape_readable_and_says_every_split(paper: str) -> None:
    text = "\n".join(f"W{k}: {s[1]}" for k, s in enumerate(SEEDS[:10]))
    compiled = compile_squad(text, "<t>", ROSTER.athletes, {})
    found = sheets(compiled.members, compiled.names, 2)
    reader = PdfReader(io.BytesIO(render_pdf(found, paper)))
    expected = {"a4": (297.0, 210.0), "letter": (279.4, 215.9)}[paper]
    for page in reader.pages:
        size = (round(float(page.mediabox.width) / MM, 1), round(float(page.mediabox.height) / MM, 1))
        assert size == expected
        sizes = drawn_sizes(page)
        assert sizes and min(s for _, s in sizes) >= 8.0
    words = "\n".join(page.extract_text() for page in reader.pages)
    for one in found:
        assert one.name in words
        for line in one.lines:
            assert line.name in words
            for cell in line.cells:
                assert cell.split.split(" / ")[0] in words
    splits = [s for page in reader.pages for t, s in drawn_sizes(page) if CLOCK.fullmatch(t)]
    assert splits and max(splits) == 13.0  # the split is the largest number on the sheet


def test_the_page_shows_the_same_table() -> None:
    found = [squad_sheet("wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min")]
    page = render_page(found)
    for line in found[0].lines:
        assert f"<b>{line.cells[0].split}</b> <small>{line.cells[0].half}</small>" in page
    assert page.count("<tr>") == 12 + 1
