"""`strides import`: workouts from FIT, Garmin Connect JSON or Zwift files, as strides text."""

from __future__ import annotations

import argparse
from pathlib import Path

from strides import files
from strides.cli import options, output
from strides.cli.exits import EXIT_INPUT, EXIT_OK
from strides.cli.shared import profile, report, reported_exit, set_pairs
from strides.errors import StridesError

HELP = "workouts from FIT, Garmin Connect JSON or Zwift files as strides text"


def define(parser: argparse.ArgumentParser) -> None:
    from strides.importers import FORMATS  # the registry names the formats without importing them

    parser.add_argument("files", nargs="+", metavar="FILE", help="workout files, or - for standard input")
    parser.add_argument("--format", "-f", choices=sorted(FORMATS),
                        help="the files' format (default: told by their contents, else their names)")
    parser.add_argument("-o", dest="out", metavar="OUT", help="write the text to OUT (all or nothing)")
    options.settings(parser)


@reported_exit
def run(args: argparse.Namespace) -> int:
    """Each file as a strides workout, or nothing at all when one cannot be read."""
    from strides.importers import convert, read_bytes
    from strides.meaning.profile import runner_from, settings_from_pairs

    try:
        runner = runner_from([*profile(args), *settings_from_pairs(set_pairs(args))])
    except StridesError as error:
        raise report(error, None, "strides") from None
    texts, failed = [], 0
    for name in args.files:
        shown = "<stdin>" if name == "-" else name
        try:
            converted = convert(read_bytes(name), name, runner, args.format)
        except StridesError as error:
            output.say(f"strides: cannot import {shown}: {error.message}")
            failed += 1
            continue
        for said in converted.unsaid:
            output.say(f"{shown}: kept as a comment: {said}")
        texts.append(converted.text)
    if failed:
        return EXIT_INPUT
    text = "\n".join(texts).encode("utf-8")
    if args.out is None or args.out == "-":
        output.emit(text)
    else:
        files.write_all([(Path(args.out), text)])
    return EXIT_OK
