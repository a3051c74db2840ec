"""How fast strides is, measured on this machine (not a test: run it and read the figures).

    python bench/bench.py            # all figures
    python bench/bench.py --quick    # fewer repetitions
    python bench/bench.py --bounded  # only the worst-case inputs
    python bench/bench.py --venv /tmp/regvenv   # the command line of a regular install made there

The command line is measured as a runner has it: `pip install .` (not editable) into a venv of its own
(--venv, made on the first run, strides installed again on each), its `strides` paired with its own python.

Reports: Python's own start-up; the command line for one workout, for a year's plan (365 workouts) in each
text and page format, for 1,000 workouts to FIT, for `strides check` on 500 workouts and for `strides review`
of an hour's run recorded every second (tests/activity_maker.py), each as a multiple of
the bare start-up beside the multiple it must stay within;
in-process throughput (workouts per second) for parse+resolve and for parse+resolve+each backend over the
seed corpus, and the worst-case inputs (bench/bounded.py): the time and memory each takes against the bound
it must stay under.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "helpers"))
from activity_maker import Faults, make  # noqa: E402
from bounded import report_bounded  # noqa: E402
from seeds import SEEDS  # noqa: E402

from strides.backends import BACKENDS, RenderOptions, get_backend  # noqa: E402
from strides.pipeline import compile_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent  # the checkout, installed into the venv measured
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
    return statistics.median(_once(command) for _ in range(runs))


def _once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def paired(command: list[str], runs: int, python: str) -> tuple[float, float]:
    """Median wall time of a command and the median of its ratios to a bare Python start run just before
    each of its runs: the machine's speed drifts, and a ratio of neighbours cancels it."""
    bare = [python, "-c", "pass"]
    _once(command)  # a warm-up: the file cache, the bytecode
    times, ratios = [], []
    for _ in range(runs):
        python = _once(bare)
        seconds = _once(command)
        times.append(seconds)
        ratios.append(seconds / python)
    return statistics.median(times), statistics.median(ratios)


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


# What the command line must stay within, as multiples of a bare Python start (the targets of the project), on
# a regular install.
WITHIN = {"one workout (fit)": 7, "plan json": 12, "plan card": 12, "plan explain": 12, "plan html": 18,
          "plan pdf": 30}
UNDER_SECONDS = {"1,000 workouts to fit": 1.0, "review, an hour's run": 0.5}  # and in seconds
HOUR = "wu 15min; 6x1k @5k r2min; 15min @M; cd 10min"  # 73 minutes
PLAN_SIZE = 365  # a year's plan, one workout a day


def regular_install(venv: Path) -> Path:
    """The python of `venv`, with strides from this checkout installed there as `pip install .` does (the
    venv made, and the dependencies installed, on the first run)."""
    python = venv / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT)], check=True)
    else:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(ROOT)],
                       check=True)
    return python


def compile_bytecode() -> None:
    """Write strides' bytecode first, as an install does: the figures are of a run, not of compiling Python
    (PYTHONDONTWRITEBYTECODE would otherwise make every run compile the package from source)."""
    import strides
    import strides.backends
    import strides.grammar

    folders = {str(Path(package.__file__).parent) for package in (strides, strides.backends, strides.grammar)}
    subprocess.run([sys.executable, "-m", "compileall", "-q", *sorted(folders)], check=True, capture_output=True)


def report_command_line(command: list[str], folder: Path, runs: int, python: str) -> None:
    """Each command-line figure with its ratio to a bare Python start and the ratio it must stay under."""
    plan = folder / "plan.strides"
    plan.write_text(corpus_file(PLAN_SIZE))
    thousand = folder / "thousand.strides"
    thousand.write_text(corpus_file(1000))
    one = [*command, "compile", "-e", CANONICAL, "--set", "5k=19:00"]
    cases = {
        "one workout (json)": [*one, "--format", "json"],
        "one workout (fit)": [*one, "--format", "fit", "-o", str(folder / "one.fit")],
        **{f"plan {name}": [*command, "compile", str(plan), "--format", name, "-o", str(folder / f"plan.{name}")]
           for name in ("json", "card", "explain", "html", "pdf")},
        "1,000 workouts to fit": [*command, "compile", str(thousand), "--format", "fit", "-o", f"{folder / 'fit'}/"],
    }
    check = folder / "check.strides"
    check.write_text(corpus_file(500))
    cases["check, 500 workouts"] = [*command, "check", str(check)]
    run = folder / "hour.fit"
    run.write_bytes(make(compile_text(HOUR, {"5k": "19:00"})[0], Faults(autolap=1000.0)))
    cases["review, an hour's run"] = [*command, "review", str(run), "-e", HOUR, "--set", "5k=19:00", "--set",
                                      "maxhr=190"]
    print(f"command line (plan: {PLAN_SIZE} workouts), median of {runs}, each run paired with a Python start:")
    for name, case in cases.items():
        try:
            seconds, ratio = paired(case, runs, python)
        except subprocess.CalledProcessError:
            print(f"  {name:<24} unavailable")
            continue
        bound = f"  (within {WITHIN[name]}x: {'ok' if ratio <= WITHIN[name] else 'OVER'})" if name in WITHIN else ""
        if name in UNDER_SECONDS:
            bound = f"  (under {UNDER_SECONDS[name]:g} s: {'ok' if seconds <= UNDER_SECONDS[name] else 'OVER'})"
        print(f"  {name:<24} {seconds * 1000:8.1f} ms  {ratio:5.1f}x python{bound}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--bounded", action="store_true", help="only the worst-case inputs")
    parser.add_argument("--venv", default=str(Path(tempfile.gettempdir()) / "strides-bench-venv"),
                        help="where the regular install measured is made (default: strides-bench-venv in the "
                        "temporary folder)")
    args = parser.parse_args()
    if args.bounded:
        sys.exit(report_bounded())
    runs = 3 if args.quick else 10
    python = str(regular_install(Path(args.venv)))
    command = [str(Path(python).parent / "strides")]
    print(f"python {sys.version.split()[0]}, {len(SEEDS)} seed workouts; the command line installed in {args.venv}")
    started = wall([python, "-c", "pass"], runs)
    print(f"python start-up (python -c pass):    {started * 1000:7.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        report_command_line(command, Path(folder), runs, python)
    compile_bytecode()
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
