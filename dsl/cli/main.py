"""The `strides` command line. `main(argv)` returns the exit code, so tests call it in-process; `run()` is the
console script and `python -m strides`.

Each verb is a module of `strides.cli` named in COMMANDS and imported only when it runs (or for `--help`). A
verb's module has `HELP` (its line in `strides --help`), `define(parser)` (its options) and `run(args)`, which
returns the exit code; adding a verb is one module and one line of COMMANDS.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import import_module
from types import FrameType, ModuleType

from strides import __version__, files
from strides.cli import output
from strides.cli.exits import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE
from strides.cli.options import Help
from strides.errors import StridesError, UsageError

__all__ = ["COMMANDS", "EXIT_INPUT", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_TERMINATED", "EXIT_USAGE", "main", "run"]

# The verbs, in the order `strides --help` lists them: each is the `run` of its module.
COMMANDS: dict[str, str] = {
    "compile": "strides.cli.compile:run",
    "plan": "strides.cli.plan:run",
    "check": "strides.cli.check:run",
    "explain": "strides.cli.explain:run",
    "fmt": "strides.cli.fmt:run",
    "import": "strides.cli.import_:run",
    "paces": "strides.cli.paces:run",
    "push": "strides.cli.push:run",
    "login": "strides.cli.login:run",
    "lsp": "strides.cli.lsp:run",
    "review": "strides.cli.review:run",
    "mcp": "strides.cli.mcp:run",
    "serve": "strides.cli.serve:run",
}

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

# Commands that are done when they return: their output flushed, their files closed, no thread or clean-up
# left running (push, serve and lsp may leave some, and end the usual way).
DONE_AT_RETURN = frozenset({"compile", "plan", "check", "explain", "fmt", "import", "paces", "review"})
# Start-up makes a hundred thousand objects (modules, classes, the grammar's tables) and frees almost none: the
# collector's default pass every 700 of them is a twentieth of a one-workout compile spent finding no garbage.
# A command that is done at return is collected every COLLECT_EVERY instead; the others, which run on, as usual.
COLLECT_EVERY = 50_000


def verb(name: str) -> ModuleType:
    """The module of a verb of COMMANDS."""
    return import_module(COMMANDS[name].partition(":")[0])


def handler(name: str) -> Callable[[argparse.Namespace], int]:
    """What runs a verb of COMMANDS."""
    module_name, _, function = COMMANDS[name].partition(":")
    found: Callable[[argparse.Namespace], int] = getattr(import_module(module_name), function)
    return found


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every verb, or only the verb `only` when the command line starts with it (a
    command imports and defines what it uses, and no more; the other verbs are named only in `--help` and in
    the mistake of an unknown verb, which have no verb first)."""
    parser = argparse.ArgumentParser(
        prog="strides", description="Compile running workouts written like a whiteboard into watch files, "
        "track cards and web pages.", epilog=EXAMPLES, formatter_class=Help)
    parser.add_argument("--version", action="version", version=f"strides {__version__}")
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS if only is None else (only,):
        module = verb(name)
        module.define(verbs.add_parser(name, help=module.HELP, formatter_class=Help))
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like ^C so that every clean-up on the way out runs (no temporary file stays)."""


def run() -> None:
    """`main()` of the process's own arguments, then its exit. After a command of DONE_AT_RETURN the process
    ends at once: the interpreter's teardown (every module, class and table freed one by one) is a tenth of
    a one-workout compile, with nothing left for it to do."""
    usual = gc.get_threshold()
    gc.freeze()  # what start-up made stays: no pass walks it again (a plan of five years: 2.9 s down to 1.9 s)
    gc.set_threshold(COLLECT_EVERY, *usual[1:])

    def starting(command: str) -> None:
        if command not in DONE_AT_RETURN:
            gc.set_threshold(*usual)

    code, command = _main(None, starting)
    if command not in DONE_AT_RETURN:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a reader gone or a stream closed: what is lost was told already
            pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    return _main(argv)[0]


def _main(argv: Sequence[str] | None, starting: Callable[[str], object] | None = None) -> tuple[int, str | None]:
    """The exit code, and the command that ran (None when the command line was wrong or asked for help).
    `starting` hears the command before it runs."""
    words = sys.argv[1:] if argv is None else list(argv)
    # A verb comes first (`strides --help` and `strides --version` have none): only its options are needed.
    parser = build_parser(words[0] if words and words[0] in COMMANDS else None)
    try:
        args = parser.parse_args(words)
    except SystemExit as exit_:
        return int(exit_.code or 0), None
    if starting is not None:
        starting(args.command)
    return _guarded(args), args.command


def _guarded(args: argparse.Namespace) -> int:
    """The command run, every way it can fail turned into its exit code and a line on standard error."""
    try:
        with _terminate_as_interrupt():
            code = handler(args.command)(args)
            output.flush_stdout()
            return int(code)
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


if __name__ == "__main__":
    run()
