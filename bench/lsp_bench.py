"""How fast `strides lsp` answers an edit, measured through a real LSP client over stdio (not a test: run it
and read the figures).

    python bench/lsp_bench.py            # 200 edits
    python bench/lsp_bench.py --quick    # 40 edits

Opens a training plan of 365 named workouts, then types into one workout at a time (a new rep, a mistake, its
fix), and times each edit from the moment the client sends `didChange` until the diagnostics for that version
arrive: the re-check and the publishing, both ways over the pipe included. Then the re-check alone, in process,
to tell the work from the pipe and the scheduler (on a busy machine the slowest round trip is the scheduler's).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "helpers"))
from lsp_client import Client  # noqa: E402
from seeds import SEEDS  # noqa: E402

WORKOUTS = 365
URI = "file:///bench/plan.strides"


def plan(count: int) -> list[str]:
    """A year of named workouts cycling through the seeds, the profile at the top."""
    lines = ["5k = 19:00", "maxhr = 190", ""]
    for number in range(count):
        _, text, _ = SEEDS[number % len(SEEDS)]
        lines.append(f"Day {number + 1}: {text}")
    return lines


def edits(lines: list[str], count: int) -> list[tuple[int, str]]:
    """(line, text appended) for each edit: a new rep, then a mistake in it, then its fix, on random days; every
    text is new, so each edit is checked, never found in the cache."""
    chosen = random.Random(7)
    made = []
    for number in range(count):
        line = chosen.randrange(3, len(lines))
        made.append((line, f"; {number % 9 + 2}x{200 + number}"))
        made.append((line, " r3"))  # `r3` has no unit: a mistake
        made.append((line, "0s"))  # `r30s`: mended
    return made[:count]


def measure(count: int) -> dict[str, float]:
    lines = plan(WORKOUTS)
    client = Client()
    try:
        start = time.perf_counter()
        opened = client.open(URI, "\n".join(lines) + "\n")
        assert opened == [], opened
        first = time.perf_counter() - start
        times = []
        for line, text in edits(lines, count):
            at = (line, len(lines[line]))
            lines[line] += text
            sent = time.perf_counter()
            client.change(URI, at, at, text, wait=False)
            diagnostics, arrived = client.published_at(URI, client.versions[URI])
            times.append((arrived - sent) * 1000)
            expected = 1 if text == " r3" else 0  # the mistake is reported, and gone once mended
            assert len(diagnostics) == expected, (lines[line], diagnostics)
    finally:
        client.close()
    times.sort()
    return {"open": first * 1000, "median": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1],
            "max": times[-1], "edits": len(times)}


def in_process(count: int) -> dict[str, float]:
    """The re-check alone, without the pipe: the same edits through strides.editor.document, as the server runs them."""
    import gc

    from strides.editor.document import Cache, analyse

    lines, cache = plan(WORKOUTS), Cache()
    analyse("\n".join(lines), URI, {}, cache)
    gc.collect()
    gc.freeze()  # as the server does once a file is open
    times = []
    for line, text in edits(lines, count):
        lines[line] += text
        start = time.perf_counter()
        analyse("\n".join(lines), URI, {}, cache)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1], "max": times[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer edits")
    args = parser.parse_args()
    figures = measure(40 if args.quick else 200)
    print(f"strides lsp, a plan of {WORKOUTS} workouts ({int(figures['edits'])} edits):")
    print(f"  open and check every workout   {figures['open']:8.1f} ms")
    print(f"  edit -> diagnostics, median    {figures['median']:8.1f} ms")
    print(f"  edit -> diagnostics, 95th pct  {figures['p95']:8.1f} ms")
    print(f"  edit -> diagnostics, slowest   {figures['max']:8.1f} ms")
    alone = in_process(40 if args.quick else 200)
    print("the re-check alone, in process (no pipe, no JSON):")
    print(f"  median {alone['median']:.1f} ms, 95th pct {alone['p95']:.1f} ms, slowest {alone['max']:.1f} ms")


if __name__ == "__main__":
    main()
