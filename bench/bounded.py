"""Worst-case inputs, each run in a process of its own and measured against the bound it must stay under.

    python bench/bounded.py          # or: python bench/bench.py --bounded

Not a test: the figures depend on the machine. Each case reports the time it takes (for `check`, the wall
time of `strides check FILE`; for `in-process`, the step it names, timed inside the process once the parser
is loaded, with the wall time of the whole process after it) and the process's peak memory, then `ok` or
`OVER` against its bounds. A case still running after TIMEOUT seconds is stopped and reported as over. Exit
status 1 when any case is over.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import attrs

MEGABYTE = 1_000_000
SOURCE_LIMIT = 1_000_000  # strides.language.parse.MAX_SOURCE_BYTES, kept here so a baseline without it can be measured
TIMEOUT = 180.0
MEMORY_CAP = 4 * 1024**3  # address space of a case, so a runaway one cannot take the machine down


def fill(piece: str, size: int = SOURCE_LIMIT) -> str:
    """`piece` repeated up to `size` bytes, whole pieces only."""
    return piece * (size // len(piece.encode("utf-8")))


def workouts_after_settings(count: int) -> str:
    """A plan in which every workout follows a setting: each sees all the settings before it."""
    return "5k = 19:00\n" + "".join(f"tolerance = 2%\nW{number}: 400 @5k\n" for number in range(count))


def many_mistakes(count: int) -> str:
    return "".join(f"W{number}: 400 @6k\n" for number in range(count))


# The step timed inside the process, given the input file's path; it prints the seconds it took.
_COMPILE = """
import sys, time
from strides.pipeline import compile_each
compile_each("400")  # the parser loaded, as in any run
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
compile_each(text)
print(time.perf_counter() - start)
"""
_RENDER = """
import sys, time
from strides.errors import Span, StridesError
text = open(sys.argv[1], encoding="utf-8").read()
errors = [StridesError("unknown race pace `6k`", Span(line, 11, 0, 0), "known: 5k")
          for line in range(1, text.count("\\n") + 1)]
start = time.perf_counter()
for error in errors:
    error.render(text, "plan.strides")
print(time.perf_counter() - start)
"""


@attrs.frozen
class Case:
    name: str
    text: Callable[[], str]
    seconds: float
    megabytes: float
    timed: str | None = None  # a step timed inside the process; None: the whole `strides check FILE`


CASES = (
    Case("1 MB of `1` lines", lambda: fill("1\n"), 5.0, 500),
    Case("1 MB of steps on one line", lambda: fill("400 @5k-3s r1min jog; "), 5.0, 500),
    Case("1 MB of named workouts", lambda: fill("W: 400 @5k\n"), 5.0, 500),
    Case("1 MB of 50-step workouts", lambda: fill("W:\n" + "400 @5k r1min\n" * 50), 5.0, 500),
    Case("1 MB of kind words in one step", lambda: "1" + fill(" wu", SOURCE_LIMIT - 1), 5.0, 500),
    Case("1 MB of group parentheses", lambda: fill("3x(400, 200) "), 5.0, 500),
    Case("1 MB of notes", lambda: fill('400 "((((((((((((((" ; '), 5.0, 500),
    Case("1 MB of comments", lambda: fill("# (((( a comment\n"), 5.0, 500),
    Case("1 MB of one long line of words", lambda: fill("lsat "), 5.0, 500),
    Case("5,000 workouts, within the limits", lambda: "5k = 19:00\n" + "W: 400 @5k r1min\n" * 4_999, 5.0, 500),
    Case("12,000 steps, within the limits", lambda: "5k = 19:00\n" + ("W:\n" + "400 @5k\n" * 6_000) * 2, 5.0, 500),
    Case("3,000 workouts each after a setting", lambda: workouts_after_settings(3000), 1.0, 500, _COMPILE),
    Case("20,000 mistakes rendered", lambda: many_mistakes(20_000), 2.0, 500, _RENDER),
)


def _strides_check() -> list[str]:
    return [sys.executable, "-m", "strides", "check"]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_case(case: Case, folder: Path) -> tuple[float | None, float, float]:
    """(seconds, wall seconds of the process, peak megabytes); seconds is None when the case was stopped or
    failed."""
    path = folder / "input.strides"
    path.write_text(case.text(), encoding="utf-8")
    argv = [*_strides_check(), str(path)] if case.timed is None else [sys.executable, "-c", case.timed, str(path)]
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, preexec_fn=_limit_memory)
    timer = threading.Timer(TIMEOUT, lambda: child.send_signal(signal.SIGKILL))
    timer.start()
    try:
        output = child.stdout.read() if child.stdout else b""
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    peak = usage.ru_maxrss * 1024 / MEGABYTE  # kilobytes on Linux
    if child.returncode < 0:
        return None, elapsed, peak
    if case.timed is None:
        return elapsed, elapsed, peak
    try:
        return float(output.decode().split()[-1]), elapsed, peak
    except (ValueError, IndexError):
        return None, elapsed, peak


def report_bounded() -> int:
    """Print every case; 1 when any is over its bounds."""
    print("worst-case inputs (time / peak memory, against the bounds):")
    over = 0
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            seconds, wall, peak = run_case(case, Path(folder))
            good = seconds is not None and seconds <= case.seconds and peak <= case.megabytes
            over += not good
            shown = f"{seconds:7.2f} s" if seconds is not None else f"> {TIMEOUT:.0f} s"
            what = "check" if case.timed is None else f"in-process (process {wall:.2f} s)"
            print(f"  {case.name:<38} {shown}  {peak:6.0f} MB   bound {case.seconds:g} s, {case.megabytes:g} MB  "
                  f"{'ok' if good else 'OVER'}   {what}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(report_bounded())
