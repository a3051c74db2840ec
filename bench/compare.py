"""strides against pace2fit, a published tool that writes FIT workouts from its own one-line language.

    python bench/compare.py             # every figure, with pace2fit when it is installed
    python bench/compare.py --quick     # fewer repetitions
    python bench/compare.py --show      # also each seed as pace2fit reads it
    python bench/compare.py --profile   # also where the time goes (cProfile, import times)

Reports, on this machine: (a) the command line's start-up for one workout to a FIT file, (b) throughput in
workouts per second for parse+resolve and parse+resolve+FIT over the seed corpus, (c) the seeds pace2fit can
express, compiled by both, side by side, and (d) 1,000 workouts to FIT, total time. pace2fit is not a
dependency of strides: without it the comparison is skipped and strides' own figures are still printed.

pace2fit's language has no race paces, profiles, recoveries between reps or nested repeats, so each seed is
given to it as strides resolves it: every pace as the `@M:SS-M:SS` per km range strides puts on the watch, a
repeat whose last round has no recovery as `N-1 x (rep + recovery)` then the last rep, heart-rate zones as
`@Zn`, efforts as no target. Seeds with nested repeats are left out. Translating is not timed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "helpers"))
from seeds import SEEDS  # noqa: E402

from strides.backends import RenderOptions, get_backend  # noqa: E402
from strides.meaning.model import Distance, HeartRate, Pace, Repeat, Step, Time, Workout  # noqa: E402
from strides.pipeline import compile_each, compile_text  # noqa: E402

CANONICAL = "wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"
PROFILE = {"5k": "19:00"}
TARGETS = {"throughput": 10.0, "cold start": 0.25, "thousand": 1.0}


# ---- pace2fit's language ---------------------------------------------------------------------------------
def pace2fit_text(workout: Workout) -> str | None:
    """The workout in pace2fit's words, or None when it has no way to say it (nested repeats)."""
    parts: list[str] = []
    for node in workout.items:
        if isinstance(node, Step):
            parts.append(_single(node))
            continue
        written = _repeat(node)
        if written is None:
            return None
        parts.extend(written)
    return ",".join(parts)


def _repeat(node: Repeat) -> list[str] | None:
    if any(isinstance(item, Repeat) for round_ in node.rounds for item in round_):
        return None
    runs: list[tuple[int, list[str]]] = []  # equal rounds next to each other: one pace2fit repeat
    for round_ in node.rounds:
        steps = [_single(item) for item in round_ if isinstance(item, Step)]
        if runs and runs[-1][1] == steps:
            runs[-1] = (runs[-1][0] + 1, steps)
        else:
            runs.append((1, steps))
    written: list[str] = []
    for count, steps in runs:
        if count == 1:
            written.extend(steps)
        elif len(steps) == 1:
            written.append(f"{count}x{steps[0]}")
        else:
            written.append(f"{count}x({'+'.join(steps)})")
    return written


def _single(step: Step) -> str:
    duration = step.duration
    if isinstance(duration, Time):  # a range runs its lower end, as on the watch
        seconds = duration.seconds
        text = f"{seconds / 60:g}min" if seconds % 60 == 0 else f"{seconds:g}s"
    elif isinstance(duration, Distance):
        text = f"{duration.meters / 1000:g}km" if duration.meters >= 1000 else f"{duration.meters:g}m"
    else:
        text = "open"
    target = step.target
    if isinstance(target, Pace):
        text += f"@{_clock(target.slow)}-{_clock(target.fast)}"
    elif isinstance(target, HeartRate) and target.label[:1] == "z":
        text += f"@Z{target.label[1:]}"
    return text


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def load_pace2fit() -> tuple[ModuleType, ModuleType] | None:
    try:
        from pace2fit import encoder, parser
    except ImportError:
        return None
    return parser, encoder


# ---- measuring --------------------------------------------------------------------------------------------
def wall(command: Sequence[str], runs: int) -> tuple[float, float]:
    """Median and fastest wall time of a command, in seconds (one unmeasured run first)."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def best_time(work: Callable[[], object], runs: int) -> float:
    """The fastest of `runs` timings of `work`, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def strides_work(texts: Sequence[tuple[str, dict[str, str]]], fit: bool) -> Callable[[], object]:
    backend = get_backend("fit")
    options = RenderOptions()

    def work() -> None:
        for text, settings in texts:
            for workout in compile_text(text, settings):
                if fit:
                    backend.render([workout], options)
    return work


def pace2fit_work(texts: Sequence[str], parser: ModuleType, encoder: ModuleType, fit: bool) -> Callable[[], object]:
    def work() -> None:
        for text in texts:
            parsed = parser.parse(text)
            if fit:
                encoder.encode(parsed)
    return work


def plan(count: int) -> str:
    """A training plan of `count` named workouts cycling through the seeds, the profile at the top."""
    lines = ["5k = 19:00", "maxhr = 190", ""]
    lines += [f"Workout {n + 1}: {SEEDS[n % len(SEEDS)][1]}" for n in range(count)]
    return "\n".join(lines) + "\n"


def thousand_to_fit(text: str) -> int:
    backend, options = get_backend("fit"), RenderOptions()
    written = 0
    for result in compile_each(text).results:
        if isinstance(result, Workout):
            backend.render([result], options)
            written += 1
    return written


# ---- report -----------------------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "meets the target" if ok else "MISSES the target"


def report_cold_start(runs: int, have_pace2fit: bool) -> None:
    print("\n(a) command-line start-up, one workout to a FIT file (median / fastest of", runs, "runs)")
    exe = shutil.which("strides")
    strides_cmd = [exe] if exe else [sys.executable, "-m", "strides"]
    with tempfile.TemporaryDirectory() as folder:
        ours = wall([*strides_cmd, "compile", "-e", CANONICAL, "--set", "5k=19:00", "--format", "fit", "-o",
                     f"{folder}/s.fit"], runs)
        print(f"  strides   {ours[0] * 1000:7.1f} ms / {ours[1] * 1000:6.1f} ms")
        bare = wall([sys.executable, "-c", "pass"], runs)
        print(f"  (python itself: {bare[0] * 1000:.1f} ms)")
        theirs_cmd = shutil.which("pace2fit")
        if have_pace2fit and theirs_cmd:
            workout = compile_text(CANONICAL, PROFILE)[0]
            theirs = wall([theirs_cmd, "generate", pace2fit_text(workout) or "", "-o", f"{folder}/p.fit"], runs)
            print(f"  pace2fit  {theirs[0] * 1000:7.1f} ms / {theirs[1] * 1000:6.1f} ms   "
                  f"ratio pace2fit/strides {theirs[0] / ours[0]:.2f}")
            print(f"  target: <= pace2fit's and < {TARGETS['cold start']} s: "
                  f"{verdict(ours[0] <= theirs[0] and ours[0] < TARGETS['cold start'])}")
        else:
            print(f"  target: < {TARGETS['cold start']} s: {verdict(ours[0] < TARGETS['cold start'])}")


def report_throughput(runs: int) -> None:
    print(f"\n(b) strides throughput over the {len(SEEDS)} seed workouts (fastest of {runs} runs)")
    texts = [(text, settings) for _, text, settings in SEEDS]
    for label, fit in (("parse+resolve", False), ("parse+resolve+FIT", True)):
        seconds = best_time(strides_work(texts, fit), runs)
        print(f"  {label:<20} {len(texts) / seconds:8.0f} workouts/s   {seconds / len(texts) * 1e6:8.0f} µs each")


def comparable() -> list[tuple[str, str, dict[str, str], str]]:
    """(seed id, strides text, profile, pace2fit text) for every seed pace2fit can express."""
    found = []
    for seed_id, text, settings in SEEDS:
        workouts = compile_text(text, settings)
        translated = pace2fit_text(workouts[0]) if len(workouts) == 1 else None
        if translated is not None:
            found.append((seed_id, text, settings, translated))
    return found


def report_side_by_side(runs: int, parser: ModuleType, encoder: ModuleType, show: bool) -> None:
    pairs = comparable()
    print(f"\n(c) the {len(pairs)} of {len(SEEDS)} seeds pace2fit can express, compiled by both "
          f"(µs per workout, fastest of {runs} runs)")
    print(f"  {'seed':<20} {'strides parse':>14} {'pace2fit parse':>15} {'strides +FIT':>13} {'pace2fit +FIT':>14} "
          f"{'FIT ratio':>10}")
    totals = {"ours": 0.0, "theirs": 0.0, "ours fit": 0.0, "theirs fit": 0.0}
    for seed_id, text, settings, translated in pairs:
        row = {
            "ours": best_time(strides_work([(text, settings)], False), runs),
            "theirs": best_time(pace2fit_work([translated], parser, encoder, False), runs),
            "ours fit": best_time(strides_work([(text, settings)], True), runs),
            "theirs fit": best_time(pace2fit_work([translated], parser, encoder, True), runs),
        }
        for key, value in row.items():
            totals[key] += value
        print(f"  {seed_id:<20} {row['ours'] * 1e6:14.0f} {row['theirs'] * 1e6:15.0f} {row['ours fit'] * 1e6:13.0f} "
              f"{row['theirs fit'] * 1e6:14.0f} {row['theirs fit'] / row['ours fit']:9.2f}x")
        if show:
            print(f"      strides:  {text}\n      pace2fit: {translated}")
    count = len(pairs)
    print(f"  {'all, workouts/s':<20} {count / totals['ours']:14.0f} {count / totals['theirs']:15.0f} "
          f"{count / totals['ours fit']:13.0f} {count / totals['theirs fit']:14.0f} "
          f"{totals['theirs fit'] / totals['ours fit']:9.2f}x")
    ratio = totals["theirs fit"] / totals["ours fit"]
    print(f"  parse only: strides is {totals['theirs'] / totals['ours']:.2f}x pace2fit's speed "
          "(pace2fit reads fixed paces; strides also resolves races, zones and modifiers)")
    print(f"  target: parse+FIT >= {TARGETS['throughput']:g}x pace2fit's: strides is {ratio:.2f}x, "
          f"{verdict(ratio >= TARGETS['throughput'])}")


def report_thousand(runs: int) -> None:
    print("\n(d) 1,000 workouts to FIT")
    text = plan(1000)
    seconds = best_time(lambda: thousand_to_fit(text), runs)
    print(f"  one plan file of 1,000 named workouts:   {seconds:6.3f} s   {verdict(seconds < TARGETS['thousand'])} "
          f"(< {TARGETS['thousand']:g} s)")
    texts = [(SEEDS[n % len(SEEDS)][1], SEEDS[n % len(SEEDS)][2]) for n in range(1000)]
    seconds = best_time(strides_work(texts, True), runs)
    print(f"  1,000 separate texts, each with its profile: {seconds:6.3f} s")


def report_profile() -> None:
    print("\nwhere the time goes: 1,000 workouts to FIT, cProfile, by own time")
    text = plan(1000)
    profiler = cProfile.Profile()
    profiler.enable()
    thousand_to_fit(text)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(15)
    print("\n".join(line for line in stream.getvalue().splitlines() if line.strip())[:6000])
    print("\nand by cumulative time, strides' own functions")
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(r"dsl|backends", 20)
    print("\n".join(line for line in stream.getvalue().splitlines() if line.strip())[:6000])
    print("\nstart-up: the slowest imports of `strides compile -e … --format fit` (python -X importtime, µs)")
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "strides", "compile", "-e", CANONICAL,
                               "--set", "5k=19:00", "--format", "fit", "-o", f"{folder}/s.fit"],
                              capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    for cumulative, name in sorted(rows, reverse=True)[:15]:
        print(f"  {cumulative:9d}  {name}")
    start = time.perf_counter()
    from strides.language.parse import parser

    parser.cache_clear()
    parser()
    print(f"\ngrammar load from Lark's cache, in process: {(time.perf_counter() - start) * 1000:.1f} ms")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--quick", action="store_true", help="fewer repetitions")
    options.add_argument("--show", action="store_true", help="print each seed as pace2fit reads it")
    options.add_argument("--profile", action="store_true", help="also profile the hot path")
    args = options.parse_args()
    runs = 3 if args.quick else 10
    pace2fit = load_pace2fit()
    print(f"python {sys.version.split()[0]} on {sys.platform}, {len(SEEDS)} seed workouts")
    if pace2fit is None:
        print("pace2fit is not installed (pip install pace2fit): its side of the comparison is skipped")
    report_cold_start(runs, pace2fit is not None)
    report_throughput(runs)
    if pace2fit is not None:
        report_side_by_side(runs, *pace2fit, show=args.show)
    report_thousand(max(1, runs // 3))
    if args.profile:
        report_profile()


if __name__ == "__main__":
    main()
