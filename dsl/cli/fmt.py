"""`strides fmt`: workout files in the canonical spelling, printed, checked or rewritten in place."""

from __future__ import annotations

import argparse

from strides import files, sources
from strides.cli import options, output
from strides.cli.exits import EXIT_INPUT, EXIT_OK
from strides.cli.shared import Reported, inputs, read, report, reported_exit
from strides.errors import StridesError, UsageError

HELP = "rewrite workout files in the canonical spelling"


def define(parser: argparse.ArgumentParser) -> None:
    options.source(parser, several=True)
    parser.add_argument("-w", "--write", action="store_true", help="rewrite the files in place")
    parser.add_argument("--check", action="store_true", help="exit 1 if any file is not in canonical spelling")


@reported_exit
def run(args: argparse.Namespace) -> int:
    if args.write and ("-" in args.files or args.text is not None):
        raise UsageError("-w rewrites files: standard input and -e TEXT have none to rewrite")
    changed = failed = 0
    for item in inputs(args, "format"):
        try:
            changed += _format_one(args, item)
        except sources.InputError as error:
            output.say(output.paint(error.show()))
            failed += 1
        except StridesError as error:  # a file that cannot be rewritten: the others still are
            output.say(f"strides: {error.message}")
            failed += 1
        except Reported:
            failed += 1
    return EXIT_INPUT if failed or (args.check and changed) else EXIT_OK


def _format_one(args: argparse.Namespace, item: str | None) -> int:
    """Format one input as asked; 1 when it was not in canonical spelling."""
    from strides.language.fmt import format_source

    text, name = read(args, item)
    try:
        canonical = format_source(text)
    except StridesError as error:
        raise report(error, text, name) from None
    if not (args.write or args.check):
        output.emit(canonical)
        return 0
    if canonical == text:
        return 0
    if args.write:
        files.write_file(name, canonical.encode("utf-8"))
        output.say(f"rewrote {name}")
    else:
        output.say(f"{name} is not in canonical spelling")
    return 1
