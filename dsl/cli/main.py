"""The `strides` command line. `main(argv)` returns the exit code, so tests call it in-process; `run()` is the
console script and `python -m strides`."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any

from strides import __version__, files
from strides.cli import output
from strides.errors import StridesError, UsageError

EXIT_OK = 0
EXIT_INPUT = 1  # a mistake in a workout, a profile or a file, or a file that cannot be read or written
EXIT_USAGE = 2  # the command line itself is wrong
EXIT_INTERRUPTED = 128 + signal.SIGINT  # ^C: 130, as a shell reports it
EXIT_TERMINATED = 128 + getattr(signal, "SIGTERM", 15)  # 143

EXAMPLES = """\
examples:
  strides compile -e 'wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min' --set 5k=19:00 --format json
  strides compile examples/track-400s.strides --format fit -o out/
  strides compile examples/week.strides --format card
  strides compile examples/week.strides --format pdf --card a6 -o week.pdf
  strides compile examples/week.strides --format html -o week.html
  strides explain examples/tempo.strides --set 10k=40:00
  strides check examples/*.strides
  strides fmt -w examples/week.strides
  strides import tue-track.fit intervals.garmin.json hills.zwo --set 5k=19:00 -o imported.strides
  strides paces --set 5k=19:00
  strides push examples/track-400s.strides --device /media/me/GARMIN
  strides push examples/week.strides --to intervals --week-of 2026-12-07
  strides serve examples/week.strides        # a live editor in the browser
  strides review run.fit examples/track-400s.strides --set 5k=19:00
  strides lsp                                # a language server, for editors (docs/editors.md)
  strides mcp --set 5k=19:00                 # tools for assistants (docs/assistants.md)

exit codes: 0 ok, 1 a mistake in the input or a file that cannot be read or written,
  2 a mistake on the command line, 130 interrupted (^C), 143 terminated (SIGTERM)
"""

PUSH_EXAMPLES = """\
examples:
  strides push examples/track-400s.strides                        # a watch plugged in over USB
  strides push examples/week.strides --to intervals --week-of 2026-12-07
  strides push examples/tempo.strides --to garmin --date 2026-12-10
  strides push examples/week.strides --to garmin --week-of 2026-12-07 --dry-run
  strides login garmin
"""
DESTINATIONS = ("usb", "intervals", "garmin")


class _Help(argparse.RawDescriptionHelpFormatter):
    """argparse's layout, as wide as the terminal, found without shutil: argparse imports it (and, with it, the
    compression modules) to learn the width, a twentieth of a one-workout compile."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size gives it: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def _command(commands: Any, name: str, **options: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(name, formatter_class=_Help, **options)
    return parser


def _settings(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                        help="a profile setting, e.g. 5k=19:00, maxhr=190, units=mi (repeatable)")
    parser.add_argument("--profile", metavar="FILE", help="a file of `key = value` profile settings")


def _source(parser: argparse.ArgumentParser, several: bool = False) -> None:
    if several:
        parser.add_argument("files", nargs="*", help="workout files, or - for standard input")
    else:
        parser.add_argument("file", nargs="?", help="a workout file, or - for standard input")
    parser.add_argument("-e", dest="text", metavar="TEXT", help="a workout given on the command line")


def _start(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", metavar="DAY", help="the first day of a plan written without dates (YYYY-MM-DD)")


def build_parser() -> argparse.ArgumentParser:
    # The registry names the backends without importing them.
    from strides.backends import BACKENDS, CARD_LAYOUTS
    from strides.importers import FORMATS

    parser = argparse.ArgumentParser(
        prog="strides", description="Compile running workouts written like a whiteboard into watch files, "
        "track cards and web pages.", epilog=EXAMPLES, formatter_class=_Help)
    parser.add_argument("--version", action="version", version=f"strides {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    compile_ = _command(commands, "compile", help=f"compile workouts to {', '.join(sorted(BACKENDS))}",
                        epilog=EXAMPLES)
    _source(compile_)
    compile_.add_argument("--format", "-f", choices=sorted(BACKENDS), default="json",
                          help="output format (default json)")
    compile_.add_argument("-o", dest="out", metavar="OUT",
                          help="output file, or folder (an existing one, or a name ending in /) for one FIT "
                          "file per workout; - for standard output")
    compile_.add_argument("--keep-going", action="store_true",
                          help="write the workouts (and files) that can be, even when others fail")
    compile_.add_argument("--card", choices=CARD_LAYOUTS, default=CARD_LAYOUTS[0],
                          help="PDF card layout (default index: a 5x3 in index card)")
    compile_.add_argument("--paper", choices=("a4", "letter"), default=None,
                          help="paper the wristband strips are printed on (default from the locale, else a4)")
    _start(compile_)
    _settings(compile_)

    plan = _command(commands, "plan", help="a training plan week by week, with each week's totals")
    _source(plan)
    _start(plan)
    _settings(plan)

    check = _command(commands, "check", help="report every mistake in workout files")
    _source(check, several=True)
    _settings(check)

    explain = _command(commands, "explain", help="each workout in plain English")
    _source(explain)
    _settings(explain)

    fmt = _command(commands, "fmt", help="rewrite workout files in the canonical spelling")
    _source(fmt, several=True)
    fmt.add_argument("-w", "--write", action="store_true", help="rewrite the files in place")
    fmt.add_argument("--check", action="store_true", help="exit 1 if any file is not in canonical spelling")

    import_ = _command(commands, "import", help="workouts from FIT, Garmin Connect JSON or Zwift files as strides text")
    import_.add_argument("files", nargs="+", metavar="FILE", help="workout files, or - for standard input")
    import_.add_argument("--format", "-f", choices=sorted(FORMATS),
                         help="the files' format (default: told by their contents, else their names)")
    import_.add_argument("-o", dest="out", metavar="OUT", help="write the text to OUT (all or nothing)")
    _settings(import_)

    paces = _command(commands, "paces", help="equivalent race times and training paces for a profile")
    _settings(paces)

    push = _command(commands, "push", help="put workouts on a watch: over USB, or through intervals.icu or "
                    "Garmin Connect", epilog=PUSH_EXAMPLES)
    _source(push)
    push.add_argument("--to", choices=DESTINATIONS, default="usb",
                      help="usb (default: FIT files onto a watch plugged in), intervals (intervals.icu) or garmin "
                      "(Garmin Connect)")
    push.add_argument("--device", metavar="PATH", help="the watch's mounted folder (found automatically if omitted)")
    push.add_argument("--force", action="store_true",
                      help="replace a file of the same name that strides did not write (never a folder)")
    push.add_argument("--date", metavar="YYYY-MM-DD", help="the day to put one workout on the calendar")
    push.add_argument("--week-of", metavar="MONDAY",
                      help="the Monday of the week for workouts named after their days (`Tue track`)")
    push.add_argument("--dry-run", action="store_true",
                      help="print what would be sent to intervals.icu or Garmin Connect, and send nothing")
    _settings(push)

    login = _command(commands, "login", help="keep the credentials push needs for Garmin Connect or intervals.icu")
    login.add_argument("service", choices=("garmin", "intervals"), help="garmin (email, password and MFA code) "
                       "or intervals (athlete id and API key)")

    lsp = _command(commands, "lsp", help="a language server for editors, over standard input and output")
    lsp.add_argument("--stdio", action="store_true", help="talk over standard input and output (the default)")
    _settings(lsp)

    review = _command(commands, "review", help="the run a watch recorded against the workout planned, rep by rep")
    review.add_argument("activity", help="the FIT activity file the watch recorded, or - for standard input")
    _source(review)
    review.add_argument("--workout", metavar="NAME", help="the workout of the file to review against")
    review.add_argument("--format", "-f", choices=("text", "json", "html"), default="text",
                        help="a table for the terminal (default), JSON, or an HTML page")
    review.add_argument("-o", dest="out", metavar="OUT", help="output file (default standard output)")
    _settings(review)
    mcp = _command(commands, "mcp", help="tools for assistants (check, explain, compile, paces, fmt, push) over "
                   "the Model Context Protocol, on standard input and output")
    _settings(mcp)

    serve = _command(commands, "serve", help="a live editor in the browser: type a workout, see it compiled")
    serve.add_argument("file", nargs="?", help="the workout file to edit and save (made when it is missing)")
    serve.add_argument("--port", type=int, default=8040, metavar="N",
                       help="the port on 127.0.0.1 (default 8040; 0 takes any free one)")
    serve.add_argument("--no-browser", action="store_true", help="do not open the page in a browser")
    _settings(serve)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like ^C so that every clean-up on the way out runs (no temporary file stays)."""


# Commands that are done when they return: their output flushed, their files closed, no thread or clean-up
# left running (push, serve and lsp may leave some, and end the usual way).
DONE_AT_RETURN = frozenset({"compile", "plan", "check", "explain", "fmt", "import", "paces", "review"})


def run() -> None:
    """`main()` of the process's own arguments, then its exit. After a command of DONE_AT_RETURN the process
    ends at once: the interpreter's teardown (every module, class and table freed one by one) is a tenth of
    a one-workout compile, with nothing left for it to do."""
    code, command = _main(None)
    if command not in DONE_AT_RETURN:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a reader gone or a stream closed: what is lost was told already
            pass
    os._exit(code)


def _collect_less() -> None:
    """A compile makes many small objects and frees few: the collector's default of a pass every 700 new
    objects spends a third of a long plan's time walking the same objects. What is imported is frozen out of
    its passes, and a pass comes every 50,000 objects (a plan of five years: 2.9 s down to 1.9 s)."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def main(argv: Sequence[str] | None = None) -> int:
    return _main(argv)[0]


def _main(argv: Sequence[str] | None) -> tuple[int, str | None]:
    """The exit code, and the command that ran (None when the command line was wrong or asked for help)."""
    _collect_less()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0), None
    return _guarded(args), args.command


def _guarded(args: argparse.Namespace) -> int:
    """The command run, every way it can fail turned into its exit code and a line on standard error."""
    try:
        with _terminate_as_interrupt():
            code = _run(args)
            output.flush_stdout()
            return code
    except UsageError as error:
        output.say(f"strides: {error}")
        return EXIT_USAGE
    except StridesError as error:
        output.say(output.paint(error.render(None, "strides")))
        return EXIT_INPUT
    except Terminated:
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`strides … | head`): nothing more to say.
        output.abandon_stdout()
        return EXIT_OK
    except OSError as error:  # the last guard: a failure of the system is a line, never a traceback
        output.say(f"strides: {files.describe(error)}")
        return EXIT_INPUT


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once is enough: let the clean-up finish
    raise Terminated()


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises Terminated while a command runs, then the caller's handler is back (tests call main()
    in-process). Only the main thread may set handlers; elsewhere SIGTERM keeps its own way."""
    if (not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) == signal.SIG_IGN):  # ignored on purpose (nohup): stays so
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    from strides.cli import commands  # deferred: `--help` stays fast

    return int(getattr(commands, f"run_{args.command}")(args))


if __name__ == "__main__":
    run()
