"""`strides compile`: workouts to any output format, to standard output, a file or a folder of files."""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from strides import files, names
from strides.backends import BACKENDS, CARD_LAYOUTS, SLOW_TO_IMPORT, Backend, RenderOptions, default_paper, get_backend
from strides.cli import options, output, parallel, squad
from strides.cli.exits import EXIT_INPUT, EXIT_OK
from strides.cli.shared import SHOW_UPTO, Reported, compile_workouts, profile, report, report_all, reported_exit, source
from strides.errors import StridesError, UsageError
from strides.meaning.model import Workout

HELP = f"compile workouts to {', '.join(sorted(BACKENDS))}"
LIST_FILES_UPTO = 20  # more files written are summed up in one line
FOLDER_ENDINGS = ("/", "\\")  # `-o out/` is a folder even before it exists


def define(parser: argparse.ArgumentParser) -> None:
    from strides.cli.main import EXAMPLES  # the examples of every verb: compile is where most start

    parser.epilog = EXAMPLES
    options.source(parser)
    parser.add_argument("--format", "-f", choices=sorted(BACKENDS), default="json",
                        help="output format (default json)")
    parser.add_argument("-o", dest="out", metavar="OUT",
                        help="output file, or folder (an existing one, or a name ending in /) for one FIT "
                        "file per workout; - for standard output")
    parser.add_argument("--keep-going", action="store_true",
                        help="write the workouts (and files) that can be, even when others fail")
    parser.add_argument("--card", choices=CARD_LAYOUTS, default=CARD_LAYOUTS[0],
                        help="PDF card layout (default index: a 5x3 in index card)")
    parser.add_argument("--paper", choices=("a4", "letter"), default=None,
                        help="paper the wristband strips are printed on (default from the locale, else a4)")
    options.start(parser)
    options.settings(parser)
    squad.options(parser, "compile")


@reported_exit
def run(args: argparse.Namespace) -> int:
    if (done := squad.run(args, "compile")) is not None:
        return done
    text, filename = source(args)
    # A format whose modules take long to import (the page, the PDF) is imported while a long file compiles.
    loading = functools.partial(get_backend, args.format) if args.format in SLOW_TO_IMPORT else None
    workouts = compile_workouts(text, filename, args, profile(args), keep_going=args.keep_going, meanwhile=loading)
    backend = get_backend(args.format)
    _check_target(len(workouts) if backend.per_workout else 1, backend, args.out)
    render_options = RenderOptions(card=args.card, paper=args.paper or default_paper(), plan=args.plan)
    rendered, all_rendered = _render(workouts, backend, render_options, text, filename, args.keep_going)
    if backend.warnings is not None:  # what the format cannot carry: said, and the output still written
        report_all(backend.warnings(workouts), text, filename, "warning")
    all_written = _deliver(rendered, backend, args.out, args.keep_going)
    return EXIT_INPUT if args.failed or not all_rendered or not all_written else EXIT_OK


def as_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _into_folder(out: str) -> bool:
    return out.endswith(FOLDER_ENDINGS) or output.is_folder(Path(out))


def _check_target(count: int, backend: Backend, out: str | None) -> None:
    """Refuse, before anything is rendered, an output the command line cannot mean. Whether `-o` names a
    folder depends on the name alone, never on how many workouts happen to compile."""
    if out is None or out == "-":
        if count > 1:
            raise UsageError(f"{count} workouts make {count} {backend.suffix} files: give a folder, -o FOLDER/")
        if out is None and backend.binary and output.on_terminal(sys.stdout):
            raise UsageError(f"{backend.suffix} output is binary: give -o FILE (or -o - to pipe it)")
        return
    if not out:
        raise UsageError("-o needs a file or a folder name, or - for standard output")
    if count > 1 and not _into_folder(out):
        folder = f"{Path(out).with_suffix('')}/" if Path(out).name else f"{out}/"
        raise UsageError(f"{count} workouts make {count} {backend.suffix} files, and -o {out} names one file: "
                         f"give a folder, -o {folder}")


def _render(workouts: list[Workout], backend: Backend, render_options: RenderOptions, text: str, filename: str,
            keep_going: bool) -> tuple[list[tuple[str, bytes]], bool]:
    """(workout name, bytes) of each output file, and whether every workout rendered. A workout the format
    refuses (too many steps for a watch) stops them all, unless `keep_going`."""
    if not backend.per_workout:
        try:
            return [(workouts[0].name, as_bytes(backend.render(workouts, render_options)))], True
        except StridesError as error:
            raise report(error, text, filename) from None
    rendered: list[tuple[str, bytes]] = []
    errors: list[StridesError] = []
    each = parallel.render_each(workouts, lambda workout: as_bytes(backend.render([workout], render_options)),
                                lambda share: output.progress(share, len(share), f"compiling {backend.name}"))
    for workout, result in zip(workouts, each, strict=True):
        if isinstance(result, StridesError):
            errors.append(result)
        else:
            rendered.append((workout.name, result))
    report_all(errors, text, filename, "mistake")
    if errors and not (keep_going and rendered):
        raise Reported()
    return rendered, not errors


def _deliver(rendered: list[tuple[str, bytes]], backend: Backend, out: str | None, keep_going: bool) -> bool:
    """Write what was rendered; whether every file was written. Everything is rendered before anything is
    written, every file is staged before any takes its place, and a failure takes back the batch (see
    `files.write_all`)."""
    if out is None or out == "-":
        output.emit(rendered[0][1])
        return True
    if not _into_folder(out):
        files.write_all([(Path(out), rendered[0][1])])
        return True
    folder, taken = Path(out), names.TakenNames()
    paths = [(folder / names.safe_file_name(name, backend.suffix, taken), data) for name, data in rendered]
    done = files.write_all(output.progress(paths, len(paths), "writing"), keep_going=keep_going)
    tell_written(done, folder, backend.suffix, len(paths))
    return not done.failed


def tell_written(done: files.Written, folder: Path, suffix: str, total: int) -> None:
    """Which files were written and which were not: each by name, or in sum for a long batch."""
    if total <= LIST_FILES_UPTO:
        for name in done.written:
            output.say(f"wrote {name}")
    elif not done.failed:
        output.say(f"wrote {total:,} {suffix} files into {folder}")
    for error in done.failed[:SHOW_UPTO]:
        output.say(f"strides: {error.message}")
    if len(done.failed) > SHOW_UPTO:
        output.say(f"strides: … and {len(done.failed) - SHOW_UPTO:,} more files could not be written")
    if done.failed:
        output.say(f"strides: wrote {len(done.written):,} of {total:,} {suffix} files into {folder}; "
                   f"{len(done.failed):,} could not be written")
