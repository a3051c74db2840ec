"""`--roster FILE [--athlete NAME] [--group NAME] [--groups N]` on compile, explain and push: one file of
workouts for every athlete of a squad, at their own paces (docs/squads.md).

The verbs call `options` when their parser is built and `run` first thing; `run` answers None when no roster
is given, and the verb goes on as for one runner.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from strides.errors import UsageError

SHEET_FORMATS = ("card", "html", "json", "explain")  # one output for the whole squad
SQUAD_CARD = "squad"


def options(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument("--roster", metavar="FILE",
                        help="athletes and their profiles (`Alice: 5k = 19:00`, or a CSV with a header row): the "
                        "workouts are made for each of them")
    parser.add_argument("--athlete", action="append", default=[], metavar="NAME",
                        help="only this athlete of the roster (repeatable, or NAME,NAME)")
    parser.add_argument("--group", metavar="NAME", help="only the athletes of this group of the roster")
    if verb == "compile":
        # The sheet is a layout of the PDF with a roster only: a choice of the command line, not of the
        # PDF backend (whose layouts draw one runner's workouts).
        card = parser._option_string_actions["--card"]
        card.choices = (*(card.choices or ()), SQUAD_CARD)
        card.help = f"{card.help}; squad: the squad sheet, with --roster"
        parser.add_argument("--groups", type=int, default=0, metavar="N",
                            help="with a roster: sum the athletes up in N pace groups on the squad sheet")


def run(args: argparse.Namespace, verb: str) -> int | None:
    """The verb done for a roster's athletes, or None when no roster is given."""
    if not args.roster:
        given = [name for name, value in (("--athlete", args.athlete), ("--group", args.group),
                                          ("--groups", getattr(args, "groups", 0)),
                                          ("--card squad", getattr(args, "card", "") == SQUAD_CARD)) if value]
        if given:
            raise UsageError(f"{' and '.join(given)} need{'s' if len(given) == 1 else ''} a squad: --roster FILE")
        return None
    from strides.cli import squad_verbs

    verbs: dict[str, Callable[[argparse.Namespace], int]] = {
        "compile": squad_verbs.compile_verb, "explain": squad_verbs.explain_verb, "push": squad_verbs.push_verb}
    return verbs[verb](args)


def athlete_names(args: argparse.Namespace) -> list[str]:
    return [name.strip() for given in args.athlete for name in given.split(",") if name.strip()]


def folder_of(out: str | None) -> Path:
    if not out or out == "-":
        raise UsageError("with a roster this format makes a folder per athlete: give -o FOLDER/")
    return Path(out)
