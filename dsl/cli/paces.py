"""`strides paces`: a profile's equivalent race times and training paces."""

from __future__ import annotations

import argparse

from strides.cli import options, output
from strides.cli.exits import EXIT_OK
from strides.cli.shared import profile, report, reported_exit, set_pairs
from strides.errors import StridesError, UsageError

HELP = "equivalent race times and training paces for a profile"


def define(parser: argparse.ArgumentParser) -> None:
    options.settings(parser)


@reported_exit
def run(args: argparse.Namespace) -> int:
    from strides.meaning.pace_table import pace_table
    from strides.meaning.profile import runner_from, settings_from_pairs

    settings = [*profile(args), *settings_from_pairs(set_pairs(args))]
    try:
        runner = runner_from(settings)
    except StridesError as error:
        raise report(error, None, "strides") from None
    if runner.vdot is None:
        raise UsageError("give a race result or a vdot: --set 5k=19:00, --set vdot=50 or --profile FILE")
    output.emit(pace_table(runner))
    return EXIT_OK
