"""`strides check`: every mistake in workout files, each file said to be ok or not."""

from __future__ import annotations

import argparse

from strides import sources
from strides.cli import options, output
from strides.cli.exits import EXIT_INPUT, EXIT_OK
from strides.cli.shared import Reported, compile_workouts, inputs, profile, read, reported_exit

HELP = "report every mistake in workout files"


def define(parser: argparse.ArgumentParser) -> None:
    options.source(parser, several=True)
    options.settings(parser)


@reported_exit
def run(args: argparse.Namespace) -> int:
    settings = profile(args)
    failed = 0
    items = inputs(args, "check")
    for item in output.progress(items, len(items), "checking"):
        try:
            text, filename = read(args, item)
            workouts = compile_workouts(text, filename, args, settings)
        except sources.InputError as error:
            output.say(output.paint(error.show()))
            failed += 1
            continue
        except Reported:
            failed += 1
            continue
        output.emit(f"{filename}: {len(workouts)} workout{'s' if len(workouts) != 1 else ''} ok\n")
    return EXIT_INPUT if failed else EXIT_OK
