"""Where results go and where inputs come from: reading workout files, standard output and error, file names
from workout names, terminal colour and progress. Files themselves are written by `strides.files`."""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO, TypeVar

from strides import files
from strides.errors import Span, StridesError

MAX_INPUT_BYTES = 1_000_000
PROGRESS_FROM = 50  # items; fewer are done before anyone would look
PROGRESS_EVERY = 0.1  # seconds between redraws

T = TypeVar("T")


class UsageError(Exception):
    """The command line asks for something impossible (exit code 2)."""


class InputError(StridesError):
    """An input that cannot be read as workout text (exit code 1). `where` is the name it is shown under:
    `strides` for a one-line message, the file's own name when the message points into it."""

    def __init__(self, message: str, span: Span | None = None, hint: str | None = None, *,
                 where: str = "strides", source: str | None = None) -> None:
        super().__init__(message, span, hint)
        self.where = where
        self.source = source

    def show(self) -> str:
        return self.render(self.source, self.where)


# --- standard streams ------------------------------------------------------------------------------------

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


# --- reading inputs --------------------------------------------------------------------------------------

_READ_REASONS = {
    errno.ENOENT: "there is no such file",
    errno.EISDIR: "it is a folder, not a workout file",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
}


def read_input(name: str) -> str:
    """A workout file's text, or standard input for `-`. A file that cannot be read, is too large to be a
    workout file or is not UTF-8 text is an InputError."""
    label = "standard input" if name == "-" else name
    data = _read_stdin() if name == "-" else _read_file(name)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"cannot read {label}: it is larger than {MAX_INPUT_BYTES:,} bytes; "
                         "split it into several files")
    return _decode(data, "<stdin>" if name == "-" else name)


def _read_stdin() -> bytes:
    stream = sys.stdin
    if stream is None:  # started with `<&-`
        raise InputError("cannot read standard input: it is closed")
    try:
        return stream.buffer.read(MAX_INPUT_BYTES + 1)
    except (OSError, ValueError) as error:
        reason = files.describe(error) if isinstance(error, OSError) else "it is closed"
        raise InputError(f"cannot read standard input: {reason}") from None


def _read_file(name: str) -> bytes:
    try:
        if Path(name).is_dir():
            raise InputError(f"cannot read {name}: {_READ_REASONS[errno.EISDIR]}")
        with open(name, "rb") as handle:
            return handle.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        reason = _READ_REASONS.get(error.errno or 0) or files.describe(error)
        raise InputError(f"cannot read {name}: {reason}") from None


def _decode(data: bytes, shown: str) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped); elsewise an error at the first bad byte."""
    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = error.start
        line_start = body.rfind(b"\n", 0, bad) + 1
        offset = len(body[:bad].decode("utf-8"))  # all good up to the first bad byte
        column = len(body[line_start:bad].decode("utf-8")) + 1
        span = Span(body.count(b"\n", 0, bad) + 1, column, offset, offset + 1)
        raise InputError(f"not UTF-8 text (byte 0x{body[bad]:02x})", span,
                         "save the file as UTF-8: most editors offer it under Save As or Encoding",
                         where=shown, source=body.decode("utf-8", errors="replace")) from None


def write_atomic(path: Path, data: bytes) -> None:
    """Write all of `data` or nothing (see `strides.files`)."""
    files.write_file(path, data)


def is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # too long a name, a NUL: writing there will say what is wrong
        return False


# --- file names ------------------------------------------------------------------------------------------

class TakenNames:
    """The file names one batch has given out, compared without regard to case (watches use FAT, where
    `Tue.fit` and `tue.fit` are one file), with the next number to try for each name: giving out the
    40,000th `tue-N.fit` is one look-up, not 40,000."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._names = {name.casefold() for name in names}
        self._next: dict[str, int] = {}

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.casefold() in self._names

    def __len__(self) -> int:
        return len(self._names)

    def add(self, name: str) -> None:
        self._names.add(name.casefold())

    def number_after(self, base: str, number: int) -> None:
        self._next[base.casefold()] = number + 1

    def next_number(self, base: str) -> int:
        return self._next.get(base.casefold(), 2)


# Letters whose plain spelling is two letters (German, Nordic, French), before the accents are dropped.
SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "œ": "oe",
                             "å": "aa", "þ": "th", "ð": "d", "đ": "d", "ł": "l", "ı": "i"})


def ascii_letters(name: str) -> str:
    """The name in plain ASCII letters, lower case: `Steigerungsläufe` -> `steigerungslaeufe`, `Fartlek à
    Sète` -> `fartlek a sete`. Anything else with no ASCII spelling (`×`, `日本`) becomes a space."""
    spelled = unicodedata.normalize("NFKD", name.lower().translate(SPELLED_OUT))
    return "".join(c if c.isascii() else " " for c in spelled if not unicodedata.combining(c))


def safe_file_name(name: str, suffix: str, taken: TakenNames) -> str:
    """A portable file name from a workout name: `Tue 12 x 400` -> `tue-12-x-400.fit`, `Steigerungsläufe`
    -> `steigerungslaeufe.fit`; a name already taken gets a number (`tue-2.fit`)."""
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_letters(name)).strip("-")[:60] or "workout"
    candidate = stem + suffix
    if candidate in taken:
        base, number = candidate, taken.next_number(candidate)
        candidate = f"{stem}-{number}{suffix}"
        while candidate in taken:  # only names that happen to look numbered, such as a workout `Tue 2`
            number += 1
            candidate = f"{stem}-{number}{suffix}"
        taken.number_after(base, number)
    taken.add(candidate)
    return candidate


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
