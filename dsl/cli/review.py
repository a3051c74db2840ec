"""`strides review`: the run a watch recorded against the workout planned, rep by rep."""

from __future__ import annotations

import argparse
from pathlib import Path

from strides import files
from strides.cli import options, output
from strides.cli.exits import EXIT_OK
from strides.cli.shared import compile_workouts, profile, report, reported_exit, source
from strides.errors import StridesError, UsageError

HELP = "the run a watch recorded against the workout planned, rep by rep"


def define(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("activity", help="the FIT activity file the watch recorded, or - for standard input")
    options.source(parser)
    parser.add_argument("--workout", metavar="NAME", help="the workout of the file to review against")
    parser.add_argument("--format", "-f", choices=("text", "json", "html"), default="text",
                        help="a table for the terminal (default), JSON, or an HTML page")
    parser.add_argument("-o", dest="out", metavar="OUT", help="output file (default standard output)")
    options.settings(parser)


@reported_exit
def run(args: argparse.Namespace) -> int:
    from strides import review

    stored = args.text is None and not args.file  # no workout given: the one the watch stored
    if args.activity == "-" and args.file == "-":
        raise UsageError("standard input can hold the activity or the workout, not both")
    try:
        activity = review.read(args.activity)
        text, filename = (review.stored_plan(activity), f"{activity.name} (its workout)") if stored else \
            source(args)
    except StridesError as error:
        raise report(error, None, "strides") from None
    workouts = compile_workouts(text, filename, args, profile(args))
    try:
        chosen = review.choose(workouts, activity, args.workout, filename, stored=stored)
        done = review.render(review.review(activity, chosen), args.format)
    except StridesError as error:
        raise report(error, None, "strides") from None
    if args.out and args.out != "-":
        files.write_all([(Path(args.out), done.encode("utf-8"))])
    else:
        output.emit(done)
    return EXIT_OK
