"""`strides import`: workouts from other formats as strides text.

Each format is one module with `read(data, runner) -> Imported`; FORMATS names it as "module:function" and
it is imported only when a file of that format is read. A file's format is told by its contents first (a FIT
header, a Zwift `<workout_file>`, Garmin Connect's `workoutSegments`, WorkoutKit's reference id), by its
name's ending second.
Adding a format is a module and one line here.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line reads FORMATS at every start: the rest is imported once a file is read
    from strides.importers.neutral import Imported
    from strides.meaning.profile import Runner

MAX_BYTES = 10_000_000  # far above any workout file; a larger one is not a workout


def _fit(data: bytes) -> bool:
    return len(data) >= 12 and data[8:12] == b".FIT"


def _garmin(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[") and (b'"workoutSegments"' in data or b'"workoutSteps"' in data)


def _zwo(data: bytes) -> bool:
    return re.search(rb"<\s*workout_file[\s>]", data[:4096]) is not None


def _apple(data: bytes) -> bool:
    # Every WorkoutKit plan begins with its reference id, a UUID (field 9, 36 bytes): `J$` and the UUID.
    return _APPLE_HEAD.fullmatch(data[:38]) is not None


_APPLE_HEAD = re.compile(rb"J\$[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")


class Format:
    """How one format is read: its reader as "module:function", the endings of its files' names, and a test
    of a file's first bytes (None: told by the name's ending only). A plain class: the command line reads the
    registry at every start."""

    __slots__ = ("reader", "sniff", "suffixes")

    def __init__(self, reader: str, suffixes: tuple[str, ...], sniff: Callable[[bytes], bool] | None = None
                 ) -> None:
        self.reader, self.suffixes, self.sniff = reader, suffixes, sniff


FORMATS: dict[str, Format] = {
    "fit": Format("strides.importers.fit:read", (".fit",), _fit),
    "garmin": Format("strides.importers.garmin:read", (".json",), _garmin),
    "zwo": Format("strides.importers.zwo:read", (".zwo",), _zwo),
    "apple": Format("strides.importers.apple:read", (".workout",), _apple),
}
SUFFIXES = (".garmin.json", *(suffix for spec in FORMATS.values() for suffix in spec.suffixes))


class Converted:
    """One file as strides text, and what strides could not say of it (kept as comments in the text)."""

    __slots__ = ("text", "unsaid")

    def __init__(self, text: str, unsaid: tuple[str, ...]) -> None:
        self.text, self.unsaid = text, unsaid


def format_of(data: bytes, name: str) -> str:
    """The format of a file: by its contents, else by its name's ending."""
    for format_name, spec in FORMATS.items():
        if spec.sniff is not None and spec.sniff(data):
            return format_name
    lowered = name.lower()
    for format_name, spec in FORMATS.items():
        if lowered.endswith(spec.suffixes):
            return format_name
    from strides.importers.neutral import Unreadable

    raise Unreadable("not a workout file strides can import: a FIT workout, Garmin Connect workout JSON, "
                     "a Zwift .zwo file or an Apple .workout file")


def convert(data: bytes, name: str, runner: Runner, format_name: str | None = None) -> Converted:
    """The workout in `data` (from the file `name`) as strides text in canonical spelling."""
    from strides.importers.neutral import unsaid_of
    from strides.importers.printer import workout_text

    imported = read_with(format_name or format_of(data, name), data, runner)
    text = workout_text(imported, stem(name), runner)
    return Converted(text, (*imported.unsaid, *unsaid_of(imported.items)))


def read_with(format_name: str, data: bytes, runner: Runner) -> Imported:
    from strides.importers.neutral import Unreadable

    module_name, _, function = FORMATS[format_name].reader.partition(":")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        raise Unreadable(f"strides cannot import {format_name} files yet") from None
    reader: Callable[[bytes, Runner], Imported] = getattr(module, function)
    return reader(data, runner)


def stem(name: str) -> str:
    """The name a workout takes from its file when it holds none: `tue track.fit` → `tue track`."""
    base = Path(name).name
    for suffix in SUFFIXES:
        if base.lower().endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)]
    return base if name != "-" else ""


def read_bytes(name: str) -> bytes:
    """A file's bytes, or standard input's for `-`; a few words of message when they cannot be read."""
    import errno

    from strides.files import describe
    from strides.importers.neutral import Unreadable

    try:
        if name == "-":
            if sys.stdin is None:
                raise Unreadable("standard input is closed")
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        elif Path(name).is_dir():
            raise Unreadable("it is a folder, not a workout file")
        else:
            with open(name, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        missing = error.errno in (errno.ENOENT, errno.ENOTDIR)
        raise Unreadable("there is no such file" if missing else describe(error)) from None
    if len(data) > MAX_BYTES:
        raise Unreadable(f"it is larger than {MAX_BYTES:,} bytes, too large for a workout file")
    return data


__all__ = ("FORMATS", "Converted", "Format", "convert", "format_of", "read_bytes", "stem")
