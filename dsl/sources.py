"""Where workout text comes from: a file or standard input, read whole, at most a million bytes, as UTF-8."""

from __future__ import annotations

import codecs
import errno
import sys
from pathlib import Path

from strides import files
from strides.errors import Span, StridesError

MAX_INPUT_BYTES = 1_000_000


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
