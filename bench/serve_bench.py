"""How long `strides serve`'s page takes from a keystroke to the preview drawn again, in Chromium with
Playwright (not a test: run it and read the figures).

    python bench/serve_bench.py            # 30 keystrokes
    python bench/serve_bench.py --quick    # 10

Serves a training plan of 365 named workouts, then types one digit at a time into one workout's step (so the
edit changes one workout), and times each from the key pressed until the page has drawn the answer to it
(the pause before the check, the check, and the drawing), read in the page's own clock, so that the
round trips of the driving browser protocol are not counted.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
WORKOUTS = 365


def plan() -> str:
    days = [f"Day {n}:\n  wu 15min easy\n  {4 + n % 8}x400 @5k-3s r60s\n  cd 10min easy\n" for n in range(WORKOUTS)]
    return "5k = 19:00\n\n" + "\n".join(days)


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    keys = 10 if parser.parse_args().quick else 30
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.strides"
        path.write_text(plan(), encoding="utf-8")
        server = subprocess.Popen([sys.executable, "-m", "strides", "serve", str(path), "--no-browser", "--port", "0"],
                                  stderr=subprocess.PIPE, text=True)
        try:
            assert server.stderr is not None
            url = re.search(r"http://\S+", server.stderr.readline())
            assert url is not None
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
                tab = browser.new_page(viewport={"width": 1400, "height": 900})
                tab.goto(url[0])
                tab.wait_for_selector("section.workout")
                tab.wait_for_function("() => document.body.dataset.checked !== undefined")
                tab.evaluate(CLOCKS)  # the page's own clock: from the key down to the preview's last part drawn
                times = [_keystroke(tab, n) for n in range(keys)]
                browser.close()
        finally:
            server.terminate()
            server.wait(10)
    print(f"{keys} keystrokes in one workout of {WORKOUTS}: median {statistics.median(times):.0f} ms, "
          f"slowest {max(times):.0f} ms (key pressed to preview drawn)")
    return 0


def _keystroke(tab: object, number: int) -> float:
    """Press one digit into Day 200's warm-up and return the milliseconds until its preview is drawn."""
    text = tab.input_value("#text")  # type: ignore[attr-defined]
    at = text.index("Day 200:\n  wu 1") + len("Day 200:\n  wu 1")
    tab.evaluate(f"document.querySelector('#text').setSelectionRange({at}, {at + 1})")  # type: ignore[attr-defined]
    before = tab.evaluate("document.body.dataset.checked")  # type: ignore[attr-defined]
    tab.keyboard.press(str(number % 9 + 1))  # type: ignore[attr-defined]
    tab.wait_for_function(f"() => document.body.dataset.checked !== '{before}'")  # type: ignore[attr-defined]
    return float(tab.evaluate("window.drawn - window.pressed"))  # type: ignore[attr-defined]


CLOCKS = """() => {
  document.querySelector('#text').addEventListener('keydown', () => { window.pressed = performance.now(); }, true);
  new MutationObserver(() => { window.drawn = performance.now(); })
    .observe(document.body, { attributes: true, attributeFilter: ['data-checked'] });
}"""


if __name__ == "__main__":
    sys.exit(main())
