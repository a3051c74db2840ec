"""`strides serve`: a live editor in the browser."""

from __future__ import annotations

import argparse

from strides.cli import options
from strides.cli.shared import given, reported_exit
from strides.errors import UsageError

HELP = "a live editor in the browser: type a workout, see it compiled"


def define(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="the workout file to edit and save (made when it is missing)")
    parser.add_argument("--port", type=int, default=8040, metavar="N",
                        help="the port on 127.0.0.1 (default 8040; 0 takes any free one)")
    parser.add_argument("--no-browser", action="store_true", help="do not open the page in a browser")
    options.settings(parser)


@reported_exit
def run(args: argparse.Namespace) -> int:
    from strides.editor import serve

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port takes a number from 0 to 65535, not {args.port}")
    return serve.run(args.file, args.port, not args.no_browser, given(args))
