"""What the verbs' parsers share: the help's layout and the options several verbs take."""

from __future__ import annotations

import argparse
import os
import sys


class Help(argparse.RawDescriptionHelpFormatter):
    """argparse's layout, as wide as the terminal, found without shutil: argparse imports it (and, with it, the
    compression modules) to learn the width, a twentieth of a one-workout compile."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size gives it: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def settings(parser: argparse.ArgumentParser) -> None:
    """`--set KEY=VALUE` and `--profile FILE`: the runner's profile."""
    parser.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                        help="a profile setting, e.g. 5k=19:00, maxhr=190, units=mi (repeatable)")
    parser.add_argument("--profile", metavar="FILE", help="a file of `key = value` profile settings")


def source(parser: argparse.ArgumentParser, several: bool = False) -> None:
    """The workouts to read: a FILE (or several), - for standard input, or `-e TEXT`."""
    if several:
        parser.add_argument("files", nargs="*", help="workout files, or - for standard input")
    else:
        parser.add_argument("file", nargs="?", help="a workout file, or - for standard input")
    parser.add_argument("-e", dest="text", metavar="TEXT", help="a workout given on the command line")


def start(parser: argparse.ArgumentParser) -> None:
    """`--start DAY`: where a plan written without dates begins."""
    parser.add_argument("--start", metavar="DAY", help="the first day of a plan written without dates (YYYY-MM-DD)")
