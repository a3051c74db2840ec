"""What the verbs share once the command line is read: the input and the profile, compiling, and saying the
mistakes found against their source."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from strides import sources
from strides.cli import output
from strides.cli.exits import EXIT_INPUT
from strides.errors import StridesError, UsageError

if TYPE_CHECKING:
    from strides.language.ast import Setting
    from strides.meaning.model import Workout

SHOW_UPTO = 100  # mistakes (and warnings, and files not written) shown per file; the rest are counted
# A file this long (some 30 workouts) compiles on a second core while the output format is imported: the
# helper process costs a few milliseconds, the compiled workouts a few more to come back.
ASIDE_FROM = 4000


class Reported(Exception):
    """An input error already printed with its source; exit 1."""


Command = Callable[[argparse.Namespace], int]


def reported_exit(function: Command) -> Command:
    """A verb whose input errors, once said, end it with exit 1."""
    @functools.wraps(function)
    def run(args: argparse.Namespace) -> int:
        try:
            return int(function(args))
        except Reported:
            return EXIT_INPUT
        except sources.InputError as error:
            output.say(output.paint(error.show()))
            return EXIT_INPUT
    return run


def set_pairs(args: argparse.Namespace) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in args.settings:
        key, equals, value = item.partition("=")
        if not equals or not key.strip() or not value.strip():
            raise UsageError(f"--set takes KEY=VALUE, as in --set 5k=19:00, not `{item}`")
        pairs[key.strip()] = value.strip()
    return pairs


def report(error: StridesError, source: str | None, filename: str) -> Reported:
    output.say(output.paint(error.render(source, filename)))
    return Reported()


def report_all(problems: Iterable[StridesError], source: str | None, filename: str, what: str) -> None:
    """Each problem once (a bad setting stops every workout after it: it is said once), the first SHOW_UPTO
    in full and the rest counted in one line, so that a file of 20,000 mistakes stays readable and quick."""
    distinct: dict[tuple[object, ...], StridesError] = {}
    for problem in problems:
        distinct.setdefault((type(problem), problem.message, problem.span, problem.hint), problem)
    for problem in list(distinct.values())[:SHOW_UPTO]:
        report(problem, source, filename)
    if len(distinct) > SHOW_UPTO:
        more = len(distinct) - SHOW_UPTO
        output.say(f"… and {more:,} more {what}{'s' if more != 1 else ''}")


def profile(args: argparse.Namespace) -> list[Setting]:
    """The settings of `--profile FILE`; anything but settings there is a mistake."""
    if not args.profile:
        return []
    from strides.language.ast import Setting
    from strides.language.parse import parse_entries
    from strides.meaning.profile import runner_from

    text = sources.read_input(args.profile)
    try:
        entries = parse_entries(text)
        for entry in entries:
            if isinstance(entry, StridesError):
                raise entry
            if not isinstance(entry, Setting):
                raise StridesError("a profile file holds only `key = value` lines", getattr(entry, "span", None))
        settings = [e for e in entries if isinstance(e, Setting)]
        runner_from(settings)  # check every value here, where the file can be pointed at
    except StridesError as error:
        raise report(error, text, args.profile) from None
    return settings


def given(args: argparse.Namespace) -> dict[str, str]:
    """The profile from `--profile FILE` and `--set`, as key-value pairs (`--set` wins)."""
    return {**{s.key: s.value for s in profile(args)}, **set_pairs(args)}


def source(args: argparse.Namespace) -> tuple[str, str]:
    """(text, name for messages) from -e, a file or standard input."""
    if args.text is not None:
        if args.file:
            raise UsageError("give either a FILE or -e TEXT, not both")
        return args.text, "<text>"
    if not args.file:
        raise UsageError("give a workout FILE, - for standard input, or -e 'TEXT'")
    return sources.read_input(args.file), ("<stdin>" if args.file == "-" else args.file)


def inputs(args: argparse.Namespace, verb: str) -> list[str | None]:
    """The inputs of a command that takes several: None for -e TEXT, then every FILE (- for standard input).
    Each is read only when its turn comes, so that one unreadable file does not stop the others."""
    found: list[str | None] = [None] if args.text is not None else []
    found.extend(args.files)
    if not found:
        raise UsageError(f"give workout files to {verb}, - for standard input, or -e 'TEXT'")
    return found


def read(args: argparse.Namespace, item: str | None) -> tuple[str, str]:
    """(text, name for messages) of one input of `inputs`."""
    if item is None:
        return args.text, "<text>"
    return sources.read_input(item), ("<stdin>" if item == "-" else item)


def compile_workouts(text: str, filename: str, args: argparse.Namespace, settings: list[Setting],
                     keep_going: bool = False, meanwhile: Callable[[], object] | None = None) -> list[Workout]:
    """The file's workouts. Every mistake is reported; with `keep_going` the good workouts are still
    returned (the command then exits 1), otherwise none are. `meanwhile` is done while a long file compiles
    (on a second core, where there is one)."""
    from strides.cli import parallel
    from strides.pipeline import Compiled, compile_each

    pairs = set_pairs(args)
    start = None
    if getattr(args, "start", None):
        from strides.delivery.dates import parse_day

        start = parse_day(args.start, "--start")

    def compiled_here() -> Compiled:
        return compile_each(text, pairs, filename, settings, start)

    try:
        if meanwhile is not None and len(text) >= ASIDE_FROM:
            compiled = parallel.aside(compiled_here, meanwhile)
        else:
            compiled = compiled_here()
    except StridesError as error:
        raise report(error, text, filename) from None
    report_all(compiled.warnings, text, filename, "warning")
    errors = compiled.mistakes
    report_all(errors, text, filename, "mistake")
    if not compiled.results:
        raise report(StridesError("there is no workout here: write steps such as `wu 15min; 5x1k @T r2min`"),
                     None, filename)
    workouts = compiled.workouts
    if errors and not (keep_going and workouts):
        raise Reported()
    args.failed = bool(errors)
    args.plan = compiled.plan
    if compiled.plan is not None and Path(filename).is_file():  # a calendar's events are versioned by it
        import datetime as dt

        import attrs

        saved = dt.datetime.fromtimestamp(Path(filename).stat().st_mtime, dt.timezone.utc)
        args.plan = attrs.evolve(compiled.plan, saved=saved)
    return workouts


def missing_extra(error: ImportError, needs: str, extra: str) -> int:
    """Says that a verb needs an optional extra that is not installed, and how to get it: the exit code."""
    output.say(f"strides: {needs} ({error.name} is missing): pip install 'strides[{extra}]'")
    return EXIT_INPUT
