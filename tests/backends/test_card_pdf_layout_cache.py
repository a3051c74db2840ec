"""Fitting cards without laying them out again: text measured from the fonts' own widths gives fpdf2's widths,
and the type scale shared by a file's cards is the smallest of their best scales, however they are ordered."""

from __future__ import annotations

import pytest
from seeds import SEEDS

from strides.backends.cards import typeset as card_type
from strides.backends.cards.pdf import LAYOUTS, SCALES, Fitting, best_scale, shared_scale
from strides.backends.cards.typeset import measure, new_pdf
from strides.backends.cards.view import CardView, card_view
from strides.backends.fonts_ahead import FULL, common_name
from strides.pipeline import compile_text

TEXTS = ["", "Tuesday track", "12×400 @5k-3s", "☐\u00a012\u00a0·\u00a0last", "“easy”  r200 jog",
         "6:32–6:40/km", "\U0001f3c3 not in the font", "Week {nb} of the plan", "{nb}"]


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("size", [6.0, 7.0, 9.1, 14.0, 21.0])
@pytest.mark.parametrize("full_fonts", [True, False])
def test_a_measured_width_is_fpdf2s_own(bold: bool, size: float, full_fonts: bool) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="mm")
    style, file = ("B", FULL[1]) if bold else ("", FULL[0])
    pdf.add_font(card_type.FONT, style, str(card_type.font_dir() / (file if full_fonts else common_name(file))))
    pdf.set_font(card_type.FONT, style, size)
    for text in TEXTS:
        if not full_fonts and "\U0001f3c3" in text:
            with pytest.raises(card_type.UncoveredText):
                measure(text, bold, size, full_fonts)
            continue
        assert measure(text, bold, size, full_fonts) == pdf.get_string_width(text), text


def test_bold_and_regular_measure_differently() -> None:
    assert measure("12×400 @5k", True, 10.0) > measure("12×400 @5k", False, 10.0) > 0


@pytest.fixture(scope="module")
def views() -> list[CardView]:
    workouts = [w for _, text, values in SEEDS for w in compile_text(text, values)]
    workouts += compile_text("Long one:\n" + "".join(f"  {n}x400 @5k r60s\n" for n in range(2, 30)), {"5k": "19:00"})
    return [card_view(w) for w in workouts]


@pytest.mark.parametrize("layout", ["index", "a6"])
def test_the_shared_scale_is_the_smallest_best_scale_in_any_order(layout: str, views: list[CardView]) -> None:
    pdf = new_pdf("")
    fittings = [Fitting.of(view, LAYOUTS[layout]) for view in views]
    best = [best_scale(pdf, LAYOUTS[layout], card) for card in fittings]
    smallest = min(scale for scale in best if scale is not None)
    assert None in best  # the long workout fits no card, and does not set the scale
    assert len({scale for scale in best if scale is not None}) > 1
    assert shared_scale(pdf, LAYOUTS[layout], fittings) == smallest
    assert shared_scale(pdf, LAYOUTS[layout], fittings[::-1]) == smallest
    assert shared_scale(pdf, LAYOUTS[layout], sorted(fittings, key=lambda card: len(card.blocks))) == smallest


def test_a_card_that_fits_nowhere_alone_gets_the_smallest_scale(views: list[CardView]) -> None:
    pdf = new_pdf("")
    assert shared_scale(pdf, LAYOUTS["index"], [Fitting.of(views[-1], LAYOUTS["index"])]) == SCALES[-1]
