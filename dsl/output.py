"""Where results go: reading inputs, atomic file writes, file names from workout names, terminal colour and
progress."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO, TypeVar

from strides import files

MAX_INPUT_BYTES = 1_000_000
PROGRESS_FROM = 50  # items; fewer are done before anyone would look
PROGRESS_EVERY = 0.1  # seconds between redraws

T = TypeVar("T")


class UsageError(Exception):
    """The command line asks for something impossible (exit code 2)."""


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def paint(message: str, stream: TextIO = sys.stderr) -> str:
    """A rendered error with its first line in bold red and its caret line in red, on a terminal."""
    if not use_colour(stream):
        return message
    lines = message.split("\n")
    lines[0] = f"\x1b[1;31m{lines[0]}\x1b[0m"
    return "\n".join(f"\x1b[31m{line}\x1b[0m" if line.strip() and set(line.strip()) == {"^"} else line
                     for line in lines)


def read_input(name: str) -> str:
    """A workout file's text, or standard input for `-`; refuses what is too large to be a workout file."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        path = Path(name)
        if path.is_dir():
            raise UsageError(f"{name} is a folder, not a workout file")
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
        except OSError as error:
            raise UsageError(f"cannot read {name}: {error.strerror or error}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise UsageError(f"{name} is larger than {MAX_INPUT_BYTES:,} bytes: split it into several files")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(f"{name} is not UTF-8 text (byte {error.start})") from None


def write_atomic(path: Path, data: bytes) -> None:
    """Write all of `data` or nothing (see `strides.files`)."""
    files.write_file(path, data)


def safe_file_name(name: str, suffix: str, taken: set[str]) -> str:
    """A portable file name from a workout name: `Tue 12 x 400` -> `tue-12-x-400.fit`; unique among `taken`."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "workout"
    candidate, number = stem + suffix, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}{suffix}", number + 1
    taken.add(candidate)
    return candidate


def progress(items: Iterable[T], total: int, what: str, stream: TextIO | None = None) -> Iterator[T]:
    """`items`, showing `fit 120/1000` on a terminal while they are worked through, and nothing when the
    output is a pipe or a log (or there are few of them). The line is cleared at the end."""
    stream = stream or sys.stderr
    if total < PROGRESS_FROM or not stream.isatty():
        yield from items
        return
    shown_at = 0.0
    try:
        for done, item in enumerate(items):
            now = time.monotonic()
            if now - shown_at >= PROGRESS_EVERY:
                stream.write(f"\r{what} {done}/{total}")
                stream.flush()
                shown_at = now
            yield item
    finally:
        stream.write("\r\x1b[K")
        stream.flush()
