"""How fast strides is, measured on this machine (not a test: run it and read the figures).

    python bench/bench.py            # all figures
    python bench/bench.py --quick    # fewer repetitions
    python bench/bench.py --bounded  # only the worst-case inputs

Reports: Python's own start-up and the CLI's for one workout, `strides check` on a file of 500 workouts,
in-process throughput (workouts per second) for parse+resolve and for parse+resolve+each backend over the
seed corpus, and the worst-case inputs (bench/bounded.py): the time and memory each takes against the bound
it must stay under.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from bounded import report_bounded  # noqa: E402
from seeds import SEEDS  # noqa: E402

from strides.backends import BACKENDS, RenderOptions, get_backend  # noqa: E402
from strides.pipeline import compile_text  # noqa: E402

CANONICAL = "wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"


def corpus_file(count: int) -> str:
    """A training plan of `count` named workouts cycling through the seeds, profile at the top."""
    lines = ["5k = 19:00", "maxhr = 190", ""]
    for number in range(count):
        _, text, _ = SEEDS[number % len(SEEDS)]
        lines.append(f"Workout {number + 1}: {text}")
    return "\n".join(lines) + "\n"


def wall(command: list[str], runs: int) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def throughput(stage: str, runs: int) -> float:
    """Workouts per second through parse+resolve (stage "resolve") or also a backend."""
    texts = [(text, settings) for _, text, settings in SEEDS]
    backend = None if stage == "resolve" else get_backend(stage)
    options = RenderOptions()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for text, settings in texts:
            workouts = compile_text(text, settings)
            if backend is not None:
                if backend.per_workout:
                    for workout in workouts:
                        backend.render([workout], options)
                else:
                    backend.render(workouts, options)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--bounded", action="store_true", help="only the worst-case inputs")
    args = parser.parse_args()
    if args.bounded:
        sys.exit(report_bounded())
    runs = 3 if args.quick else 10
    exe = shutil.which("strides")
    command = [exe] if exe else [sys.executable, "-m", "strides"]
    print(f"python {sys.version.split()[0]}, {len(SEEDS)} seed workouts")
    python = wall([sys.executable, "-c", "pass"], runs)
    print(f"python start-up (python -c pass):    {python * 1000:7.1f} ms")
    cold = wall([*command, "compile", "-e", CANONICAL, "--set", "5k=19:00", "--format", "json"], runs)
    print(f"CLI compile one workout (json):      {cold * 1000:7.1f} ms")
    if "fit" in BACKENDS:
        try:
            cold_fit = wall([*command, "compile", "-e", CANONICAL, "--set", "5k=19:00", "--format", "fit", "-o",
                             str(Path(tempfile.gettempdir()) / "strides-bench.fit")], runs)
            print(f"CLI compile one workout (fit):       {cold_fit * 1000:7.1f} ms")
        except subprocess.CalledProcessError:
            print("CLI compile one workout (fit):       unavailable")
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.strides"
        plan.write_text(corpus_file(500))
        print(f"CLI check, 500 workouts in one file: {wall([*command, 'check', str(plan)], runs) * 1000:7.1f} ms")
    for stage in ("resolve", *sorted(name for name in BACKENDS)):
        try:
            rate = throughput(stage, runs)
        except Exception as error:  # noqa: BLE001 - a backend that cannot run here is reported, not fatal
            print(f"throughput parse+resolve+{stage}: unavailable ({type(error).__name__})")
            continue
        label = "parse+resolve" if stage == "resolve" else f"parse+resolve+{stage}"
        print(f"throughput {label:<26} {rate:9.0f} workouts/s")
    report_bounded()


if __name__ == "__main__":
    main()
