"""`strides lsp`: a language server for editors, over standard input and output."""

from __future__ import annotations

import argparse

from strides.cli import options
from strides.cli.shared import given, missing_extra, reported_exit

HELP = "a language server for editors, over standard input and output"


def define(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdio", action="store_true", help="talk over standard input and output (the default)")
    options.settings(parser)


@reported_exit
def run(args: argparse.Namespace) -> int:
    try:
        from strides.editor import lsp
    except ImportError as error:
        return missing_extra(error, "the language server needs pygls and lsprotocol", "lsp")
    return lsp.serve(given(args))
