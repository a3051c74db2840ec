"""The `strides` command line. `main(argv)` returns the exit code, so tests call it in-process."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from strides import __version__, files, output
from strides.errors import StridesError

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
  strides paces --set 5k=19:00
  strides push examples/track-400s.strides --device /media/me/GARMIN
  strides push examples/week.strides --to intervals --week-of 2026-12-07
  strides serve examples/week.strides        # a live editor in the browser
  strides lsp                                # a language server, for editors (docs/editors.md)

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


def build_parser() -> argparse.ArgumentParser:
    # The registry names the backends without importing them.
    from strides.backends import BACKENDS, CARD_LAYOUTS

    parser = argparse.ArgumentParser(
        prog="strides", description="Compile running workouts written like a whiteboard into watch files, "
        "track cards and web pages.", epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"strides {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    compile_ = commands.add_parser("compile", help=f"compile workouts to {', '.join(sorted(BACKENDS))}",
                                   epilog=EXAMPLES,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
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
    _settings(compile_)

    check = commands.add_parser("check", help="report every mistake in workout files")
    _source(check, several=True)
    _settings(check)

    explain = commands.add_parser("explain", help="each workout in plain English")
    _source(explain)
    _settings(explain)

    fmt = commands.add_parser("fmt", help="rewrite workout files in the canonical spelling")
    _source(fmt, several=True)
    fmt.add_argument("-w", "--write", action="store_true", help="rewrite the files in place")
    fmt.add_argument("--check", action="store_true", help="exit 1 if any file is not in canonical spelling")

    paces = commands.add_parser("paces", help="equivalent race times and training paces for a profile")
    _settings(paces)

    push = commands.add_parser("push", help="put workouts on a watch: over USB, or through intervals.icu or "
                               "Garmin Connect", epilog=PUSH_EXAMPLES,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
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

    login = commands.add_parser("login", help="keep the credentials push needs for Garmin Connect or intervals.icu")
    login.add_argument("service", choices=("garmin", "intervals"), help="garmin (email, password and MFA code) "
                       "or intervals (athlete id and API key)")

    lsp = commands.add_parser("lsp", help="a language server for editors, over standard input and output")
    lsp.add_argument("--stdio", action="store_true", help="talk over standard input and output (the default)")
    _settings(lsp)

    serve = commands.add_parser("serve", help="a live editor in the browser: type a workout, see it compiled")
    serve.add_argument("file", nargs="?", help="the workout file to edit and save (made when it is missing)")
    serve.add_argument("--port", type=int, default=8040, metavar="N",
                       help="the port on 127.0.0.1 (default 8040; 0 takes any free one)")
    serve.add_argument("--no-browser", action="store_true", help="do not open the page in a browser")
    _settings(serve)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like ^C so that every clean-up on the way out runs (no temporary file stays)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        with _terminate_as_interrupt():
            code = _run(args)
            output.flush_stdout()
            return code
    except output.UsageError as error:
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
    from strides import commands  # deferred: `--help` stays fast

    return int(getattr(commands, f"run_{args.command}")(args))


if __name__ == "__main__":
    sys.exit(main())
