"""A line for the person at the terminal, on standard error: what the command line, a push or a wait says
while it works. Standard output is kept for the result."""

from __future__ import annotations

import sys


def say(message: str) -> None:
    """A line on standard error. When standard error is closed or broken there is nobody to tell: the
    exit code still says what happened."""
    stream = sys.stderr
    if stream is None:  # started with `2>&-`: never let print() fall back to standard output
        return
    try:
        stream.write(message + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass
