"""`strides push`: workouts put where they run, through the destinations of `strides.delivery`."""

from __future__ import annotations

import argparse

from strides.cli import options, output, squad
from strides.cli.exits import EXIT_OK
from strides.cli.shared import compile_workouts, profile, report, report_all, reported_exit, source
from strides.delivery import DESTINATIONS, Asked, Unsendable, destination
from strides.errors import StridesError
from strides.meaning.model import Workout

HELP = "put workouts on a watch: over USB, or through intervals.icu or Garmin Connect"
EXAMPLES = """\
examples:
  strides push examples/track-400s.strides                        # a watch plugged in over USB
  strides push examples/week.strides --to intervals --week-of 2026-12-07
  strides push examples/tempo.strides --to garmin --date 2026-12-10
  strides push examples/week.strides --to garmin --week-of 2026-12-07 --dry-run
  strides login garmin
"""


def define(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EXAMPLES
    options.source(parser)
    parser.add_argument("--to", choices=tuple(DESTINATIONS), default="usb",
                        help="usb (default: FIT files onto a watch plugged in), intervals (intervals.icu) or garmin "
                        "(Garmin Connect)")
    parser.add_argument("--device", metavar="PATH", help="the watch's mounted folder (found automatically if omitted)")
    parser.add_argument("--force", action="store_true",
                        help="replace a file of the same name that strides did not write (never a folder)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the day to put one workout on the calendar")
    parser.add_argument("--week-of", metavar="MONDAY",
                        help="the Monday of the week for workouts named after their days (`Tue track`)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would be sent to intervals.icu or Garmin Connect, and send nothing")
    options.settings(parser)
    squad.options(parser, "push")


@reported_exit
def run(args: argparse.Namespace) -> int:
    if (done := squad.run(args, "push")) is not None:
        return done
    checked(args)
    text, filename = source(args)
    return push_workouts(args, compile_workouts(text, filename, args, profile(args)), text, filename)


def checked(args: argparse.Namespace) -> None:
    """The options of the other destinations are mistakes, said before any work."""
    destination(args.to).check(_asked(args))


def _asked(args: argparse.Namespace) -> Asked:
    return Asked(device=args.device, force=args.force, date=args.date, week_of=args.week_of, dry_run=args.dry_run)


def push_workouts(args: argparse.Namespace, workouts: list[Workout], text: str, filename: str) -> int:
    """`workouts`, compiled from `text`, put where `--to` says."""
    to, asked = destination(args.to), _asked(args)
    try:
        to.push(workouts, asked, output.emit, lambda warnings: report_all(warnings, text, filename, "warning"))
    except Unsendable as error:  # a workout the destination cannot take: said where it is written
        raise report(error, text, filename) from None
    except StridesError as error:
        raise report(error, None, "strides") from None
    return EXIT_OK
