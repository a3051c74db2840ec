"""`strides mcp`: tools for assistants over the Model Context Protocol, on standard input and output."""

from __future__ import annotations

import argparse

from strides.cli import options
from strides.cli.exits import EXIT_OK
from strides.cli.shared import given, missing_extra, report, reported_exit
from strides.errors import StridesError

HELP = ("tools for assistants (check, explain, compile, paces, fmt, push) over the Model Context Protocol, on "
        "standard input and output")


def define(parser: argparse.ArgumentParser) -> None:
    options.settings(parser)


@reported_exit
def run(args: argparse.Namespace) -> int:
    try:
        from strides.assistant import server
    except ImportError as error:
        return missing_extra(error, "the MCP server needs the mcp package", "mcp")
    from strides.meaning.profile import runner_from, settings_from_pairs

    pairs = given(args)
    try:
        runner_from(settings_from_pairs(pairs))  # a bad --set is said now, not in every call's answer
    except StridesError as error:
        raise report(error, None, "strides") from None
    server.serve(pairs)
    return EXIT_OK
