"""`strides plan FILE`: a training plan week by week, with each week's totals."""

from __future__ import annotations

import argparse

from strides.cli import options, output
from strides.cli.exits import EXIT_INPUT, EXIT_OK
from strides.cli.shared import compile_workouts, profile, reported_exit, source
from strides.errors import UsageError

HELP = "a training plan week by week, with each week's totals"


def define(parser: argparse.ArgumentParser) -> None:
    options.source(parser)
    options.start(parser)
    options.settings(parser)


@reported_exit
def run(args: argparse.Namespace) -> int:
    from strides.backends import RenderOptions, get_backend

    text, filename = source(args)
    workouts = compile_workouts(text, filename, args, profile(args))
    if args.plan is None:
        raise UsageError(f"{filename} is no plan: give it weeks (`Week 1`) and days (`Tue: 8x400 @5k r200`), "
                         "see docs/plans.md")
    output.emit(str(get_backend("card").render(workouts, RenderOptions(plan=args.plan))))
    return EXIT_INPUT if args.failed else EXIT_OK
