"""`strides explain`: each workout in plain English."""

from __future__ import annotations

import argparse

from strides.cli import options, output, squad
from strides.cli.exits import EXIT_OK
from strides.cli.shared import compile_workouts, profile, reported_exit, source

HELP = "each workout in plain English"


def define(parser: argparse.ArgumentParser) -> None:
    options.source(parser)
    options.settings(parser)
    squad.options(parser, "explain")


@reported_exit
def run(args: argparse.Namespace) -> int:
    if (done := squad.run(args, "explain")) is not None:
        return done
    from strides.backends import RenderOptions, get_backend

    text, filename = source(args)
    workouts = compile_workouts(text, filename, args, profile(args))
    output.emit(str(get_backend("explain").render(workouts, RenderOptions())))
    return EXIT_OK
