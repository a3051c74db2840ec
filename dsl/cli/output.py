"""Where results go: standard output and error, terminal colour and progress. Inputs are read by
`strides.sources`, files written by `strides.files`, file names made by `strides.names`."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO, TypeVar

from strides import files
from strides.messages import say as say  # the command line says its lines through output.say

PROGRESS_FROM = 50  # items; fewer are done before anyone would look
PROGRESS_EVERY = 0.1  # seconds between redraws

T = TypeVar("T")


# --- standard streams ------------------------------------------------------------------------------------

def emit(data: str | bytes) -> None:
    """Text or bytes on standard output; a failure to write is a WriteError with one line."""
    stream = sys.stdout
    if stream is None:
        raise files.WriteError("cannot write standard output: it is closed")
    try:
        if isinstance(data, bytes):
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
        else:
            stream.write(data)
    except BrokenPipeError:
        raise
    except OSError as error:
        abandon_stdout()
        raise files.write_error("standard output", error) from None


def flush_stdout() -> None:
    """Push out what standard output still holds, so that a failure is told here and not at exit."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        abandon_stdout()
        raise files.write_error("standard output", error) from None


def abandon_stdout() -> None:
    """After standard output failed, point it at the null device: Python flushes it again at exit, and
    that second failure would be printed as a stray 'Exception ignored' and turn the exit code into 120."""
    stream = sys.__stdout__
    if stream is None or sys.stdout is not stream:  # in-process callers keep their own streams
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def use_colour(stream: TextIO | None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return on_terminal(stream) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def on_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):  # a closed stream
        return False


def paint(message: str, stream: TextIO | None = None) -> str:
    """A rendered error with its first line in bold red and its caret line in red, on a terminal."""
    if not use_colour(stream if stream is not None else sys.stderr):
        return message
    lines = message.split("\n")
    lines[0] = f"\x1b[1;31m{lines[0]}\x1b[0m"
    return "\n".join(f"\x1b[31m{line}\x1b[0m" if line.strip() and set(line.strip()) == {"^"} else line
                     for line in lines)


def write_atomic(path: Path, data: bytes) -> None:
    """Write all of `data` or nothing (see `strides.files`)."""
    files.write_file(path, data)


def is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # too long a name, a NUL: writing there will say what is wrong
        return False


# --- progress --------------------------------------------------------------------------------------------

def progress(items: Iterable[T], total: int, what: str, stream: TextIO | None = None) -> Iterator[T]:
    """`items`, showing `fit 120/1000` on a terminal while they are worked through, and nothing when the
    output is a pipe or a log (or there are few of them). The line is cleared at the end."""
    stream = stream or sys.stderr
    if total < PROGRESS_FROM or stream is None or not on_terminal(stream):
        yield from items
        return
    shown_at = 0.0
    try:
        for done, item in enumerate(items):
            now = time.monotonic()
            if now - shown_at >= PROGRESS_EVERY:
                _draw(stream, f"\r{what} {done}/{total}")
                shown_at = now
            yield item
    finally:
        _draw(stream, "\r\x1b[K")


def _draw(stream: TextIO, text: str) -> None:
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass
