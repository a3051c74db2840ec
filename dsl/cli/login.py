"""`strides login`: ask for the credentials a push needs and keep them where only the user can read them."""

from __future__ import annotations

import argparse

from strides.cli import output
from strides.cli.exits import EXIT_OK
from strides.cli.shared import report, reported_exit
from strides.errors import UsageError

HELP = "keep the credentials push needs for Garmin Connect or intervals.icu"


def define(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("service", choices=("garmin", "intervals"), help="garmin (email, password and MFA code) "
                        "or intervals (athlete id and API key)")


@reported_exit
def run(args: argparse.Namespace) -> int:
    from strides.delivery import DeliveryError

    try:
        if args.service == "garmin":
            from strides.delivery import garmin_connect as garmin

            kept = garmin.login(_ask, _ask_secret)
            output.say(f"logged in to Garmin Connect; the tokens are kept in {kept} (only you can read them)")
        else:
            from strides.delivery.intervals import remember_account

            kept = remember_account(_ask("intervals.icu athlete id (as in i12345): "),
                                    _ask_secret("API key (Settings, Developer Settings): "))
            output.say(f"the athlete and key work; kept in {kept} (only you can read it)")
    except DeliveryError as error:
        raise report(error, None, "strides") from None
    return EXIT_OK


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        raise UsageError("strides login asks its questions on a terminal, and standard input is closed") from None


def _ask_secret(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UsageError("strides login asks its questions on a terminal, and standard input is closed") from None
