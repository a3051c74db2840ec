"""What already holds a file's name on the watch, and whether strides may put its new file there.

strides knows its own files by their file_id (the development manufacturer and strides' product number) and
the workout's name in them: such a file holds an earlier version of the same workout and may be replaced.
Looking never follows a symbolic link and reads only regular files (opening a FIFO could hang).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import attrs
from garmin_fit_sdk import Decoder, Stream

from strides.backends import fit

ABSENT, SAME, OURS, FOREIGN, LINK, NOT_A_FILE = "absent", "same", "ours", "foreign", "link", "not a file"
# A workout file is a few kilobytes: anything much larger under its name is not one strides wrote.
MAX_EXAMINED = 1 << 20
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


@attrs.frozen
class There:
    """What holds a file's name on the watch: one of the kinds above, and why it may not be replaced."""

    kind: str
    why: str = ""


def examine(target: Path, data: bytes) -> There:
    """Never follows a symbolic link, and reads only a regular file (opening a FIFO could hang)."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return There(ABSENT)
    if stat.S_ISLNK(info.st_mode):
        return There(LINK, "a symbolic link, which strides does not follow")
    if not stat.S_ISREG(info.st_mode):
        return There(NOT_A_FILE, "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file")
    if info.st_size == 0:
        return There(OURS)  # what a copy cut short leaves; nothing to lose
    present = _read_existing(target)
    if present == data:
        return There(SAME)
    theirs = strides_workout_name(present)
    if theirs is None:
        return There(FOREIGN, "not a workout file strides wrote")
    if theirs != strides_workout_name(data):
        return There(FOREIGN, f"strides' file of another workout, `{theirs}`")
    return There(OURS)


def _read_existing(target: Path) -> bytes:
    handle = os.open(target, os.O_RDONLY | os.O_NONBLOCK | _NO_FOLLOW)
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # swapped for something else since
            return b""
        return stream.read(MAX_EXAMINED + 1)


def strides_workout_name(data: bytes) -> str | None:
    """The workout's name in a FIT workout file strides wrote ("" if it has none); None for any other file.

    strides' files have the development manufacturer and strides' product number in their file_id.
    """
    try:
        if not Decoder(Stream.from_byte_array(bytearray(data))).check_integrity():
            return None
        messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    except Exception:  # bytes that are not FIT can trip the decoder anywhere
        return None
    file_ids, workouts = messages.get("file_id_mesgs") or [{}], messages.get("workout_mesgs") or [{}]
    maker = (file_ids[0].get("type"), file_ids[0].get("manufacturer"), file_ids[0].get("product"))
    if errors or maker != ("workout", fit.MANUFACTURER, fit.PRODUCT):
        return None
    return str(workouts[0].get("wkt_name") or "")
