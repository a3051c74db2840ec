"""What a coach sees, measured: the smallest and largest type on each PDF card layout, and the page's widest
element and smallest chart text in Chromium at a phone's and a desktop's width (not a test: the tests assert
the bounds; this prints the figures).

    python bench/layout.py

Over examples/week.strides and every seed workout. The page needs Playwright and Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "helpers"))
from seeds import SEEDS  # noqa: E402
from test_card_pdf import drawn_sizes  # noqa: E402

from strides.backends import CARD_LAYOUTS, RenderOptions, get_backend  # noqa: E402
from strides.pipeline import compile_text  # noqa: E402

WEEK = Path(__file__).resolve().parent.parent / "examples" / "week.strides"
SMALLEST_TEXT = "() => Math.min(...[...document.querySelectorAll('svg text')]" \
                ".map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"


def report_cards() -> None:
    from pypdf import PdfReader

    workouts = compile_text(WEEK.read_text(encoding="utf-8"))
    for _, text, settings in SEEDS:
        workouts += compile_text(text, settings)
    pdf = get_backend("pdf")
    for layout in CARD_LAYOUTS:
        pages = PdfReader(io.BytesIO(pdf.render(workouts, RenderOptions(card=layout)))).pages  # type: ignore[arg-type]
        sizes = [size for page in pages for _, size in drawn_sizes(page)]
        print(f"{layout:<10} smallest type {min(sizes):4.1f} pt, largest {max(sizes):4.1f} pt ({len(pages)} pages)")


def report_page() -> None:
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    from test_html import WIDEST_SCRIPT

    html = str(get_backend("html").render(compile_text(WEEK.read_text(encoding="utf-8")), RenderOptions()))
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "week.html"
        path.write_text(html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 844})
            page.goto(path.as_uri())
            widest = page.evaluate(WIDEST_SCRIPT)
            scroll, inner = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
            print(f"page at {width:>4} px: widest element ends at {widest['width']:.0f} px, scroll width {scroll} "
                  f"of {inner}, smallest chart text {page.evaluate(SMALLEST_TEXT):.1f} px")
        browser.close()


if __name__ == "__main__":
    report_cards()
    report_page()
