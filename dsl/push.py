"""Copying workout files onto a watch that shows up as a USB drive.

A Garmin watch in USB mass-storage mode is a drive with a `GARMIN` folder; files put in `GARMIN/NewFiles`
are imported when the watch is unplugged. Copies are written to a temporary file first and renamed, so an
unplugged cable never leaves half a workout behind, and each copy is read back before it counts as done.
"""

from __future__ import annotations

import errno
import getpass
import os
import secrets
import shutil
import string
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from strides.errors import StridesError

GARMIN = "GARMIN"
NEW_FILES = "NewFiles"

READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
GONE = {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO}


def find_garmin_volumes(roots: Iterable[Path] | None = None) -> list[Path]:
    """Mounted drives that hold a GARMIN folder.

    `roots` are folders whose children are mounted drives; by default the places this system mounts
    removable drives (on Windows, the drive letters themselves).
    """
    candidates = _candidate_volumes() if roots is None else [v for root in roots for v in _children(root)]
    found: list[Path] = []
    for volume in candidates:
        if volume not in found and _is_dir(volume / GARMIN):
            found.append(volume)
    return found


def _candidate_volumes() -> list[Path]:
    if sys.platform == "win32":
        # A: and B: are skipped: probing an old floppy drive can stall.
        return [Path(f"{letter}:\\") for letter in string.ascii_uppercase[2:]]
    if sys.platform == "darwin":
        return _children(Path("/Volumes"))
    user = _user()
    roots = [Path("/media") / user, Path("/run/media") / user] if user else []
    # /media itself too: some systems mount drives there without a per-user folder.
    return [volume for root in [*roots, Path("/media"), Path("/mnt")] for volume in _children(root)]


def _children(root: Path) -> list[Path]:
    try:
        return sorted(child for child in root.iterdir() if _is_dir(child))
    except OSError:  # missing, or another user's folder
        return []


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # an empty card reader or a dead network drive
        return False


def _user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        return None


def push(files: Mapping[str, bytes], device: Path) -> list[Path]:
    """Copy `files` (name -> bytes) into the watch's GARMIN/NewFiles and return where they went.

    A file already there with the same bytes is left as it is; one with other bytes is never replaced.
    Every problem is a StridesError with a message for the runner.
    """
    names = list(files)
    _check_names(names)
    folder = _new_files_folder(device)
    targets = {name: folder / name for name in names}
    to_write = {name: files[name] for name in names if not _same_file_there(targets[name], files[name])}
    _check_space(folder, to_write)
    for name, data in to_write.items():
        _copy(folder, targets[name], data)
    for name in names:
        _verify(targets[name], files[name])
    return [targets[name] for name in names]


def _check_names(names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if not name or Path(name).name != name or "\\" in name or name.startswith("."):
            raise StridesError(f"`{name}` is not a plain file name")
        # Watch drives are FAT: names that differ only in case are the same file there.
        if name.casefold() in seen:
            raise StridesError(f"two files would both be called `{name}` on the watch")
        seen.add(name.casefold())


def _new_files_folder(device: Path) -> Path:
    if not _is_dir(device):
        raise StridesError(f"no watch at {device}: that folder does not exist", hint=_short_hint())
    garmin = device / GARMIN
    if not _is_dir(garmin) and _looks_like_garmin_folder(device):
        garmin = device  # given the GARMIN folder itself rather than the drive
    if not _is_dir(garmin):
        raise StridesError(f"{device} has no {GARMIN} folder: it is not a Garmin watch", hint=_short_hint())
    folder = garmin / NEW_FILES
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise _device_error(exc, device, folder) from exc
    return folder


def _looks_like_garmin_folder(folder: Path) -> bool:
    """The folder inside the drive, not a drive labelled GARMIN: it holds what a watch keeps there."""
    return folder.name.upper() == GARMIN and any(_is_dir(folder / name) for name in (NEW_FILES, "Activity"))


def _same_file_there(target: Path, data: bytes) -> bool:
    """True when `target` already holds `data`; refuses when it holds something else."""
    try:
        if not target.exists():
            return False
        present = target.read_bytes()
    except OSError as exc:
        raise _device_error(exc, target.parent, target) from exc
    if present != data:
        raise StridesError(
            f"{target} already exists with different content; it was not replaced",
            hint="rename the workout, or delete the old file from the watch first",
        )
    return True


def _check_space(folder: Path, files: Mapping[str, bytes]) -> None:
    free = _free_bytes(folder)
    needed = sum(len(data) for data in files.values())
    if free is not None and needed > free:
        raise StridesError(f"the watch is full: {needed} bytes to copy, {free} free in {folder}")


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:  # not knowing is no reason to stop: the write itself will tell
        return None


def _copy(folder: Path, target: Path, data: bytes) -> None:
    try:
        temporary = _write_temp(folder, data)
    except OSError as exc:
        raise _device_error(exc, folder, target) from exc
    try:
        os.replace(temporary, target)
    except OSError as exc:
        _remove(temporary)
        raise _device_error(exc, folder, target) from exc


def _write_temp(folder: Path, data: bytes) -> Path:
    """`data` in a new hidden file next to its final place (a rename is only atomic on one drive)."""
    temporary = folder / f".strides-{secrets.token_hex(6)}.tmp"
    # Not mkstemp: its files are private (0600); a workout file gets the usual permissions.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # on the drive before the rename, not in a cache
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _verify(target: Path, data: bytes) -> None:
    try:
        size = target.stat().st_size
        back = target.read_bytes()
    except OSError as exc:
        raise _device_error(exc, target.parent, target) from exc
    if size != len(data) or back != data:
        raise StridesError(
            f"{target} reads back different from what was written ({size} of {len(data)} bytes)",
            hint="the watch's storage may be failing: unplug it, plug it in again and push again",
        )


def _device_error(exc: OSError, device: Path, target: Path) -> StridesError:
    if exc.errno in READ_ONLY:
        return StridesError(
            f"cannot write to {device}: the watch is mounted read-only or you may not write there",
            hint="remount it writable, or check the folder's permissions",
        )
    if exc.errno in FULL:
        return StridesError(f"the watch is full: no room for {target.name} in {device}")
    if exc.errno in GONE:
        return StridesError(
            f"the watch at {device} went away while copying {target.name}",
            hint="plug it in again and push again",
        )
    return StridesError(f"cannot copy {target.name} to {device}: {exc.strerror or exc}")


def _short_hint() -> str:
    return "plug the watch in and give its drive with --device; `strides push` without --device looks for it"


def no_device_help() -> str:
    """What to do when no watch drive was found."""
    return "\n".join(
        [
            "No Garmin watch found as a USB drive (a drive with a GARMIN folder).",
            "",
            "- Watches that connect as USB mass storage: plug the watch in, wait for its drive to appear,",
            "  then run `strides push FILE` again, or give the drive with `--device /path/to/drive`.",
            "- Many newer watches (Forerunner 245 Music and later, fenix 6/7/8, epix, Venu, vivoactive, ...)",
            "  connect over MTP instead and never show up as a drive. Either mount the watch with jmtpfs or",
            "  go-mtpfs and pass the mount folder with `--device`, or copy the file directly with",
            "  `mtp-sendfile FILE /GARMIN/NewFiles` (Debian/Ubuntu package mtp-tools).",
            "- The watch imports files from GARMIN/NewFiles when it is unplugged.",
            "- Garmin Connect's web import takes activities, not workout files: it will not load this file.",
        ]
    )
