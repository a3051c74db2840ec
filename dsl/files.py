"""The one way strides writes a file: whole or not at all, and never over something that is not ours to replace.

A regular file is written to a private temporary file beside it and renamed into place, so a reader sees the
old file or the new one, never half of one. What is not a regular file is written through instead of being
replaced: `-o /dev/null`, a FIFO or a terminal get the bytes, and stay what they were. A symlink is followed
and its target replaced. A new file gets the permissions the umask gives (as a shell's `>` would); a file
that is replaced keeps its mode and owner, and one with other hard links is rewritten in place so that every
name still shows the new text.

Writing happens in two steps, `stage` then `commit`, so that a batch of files can be staged in full before
any of them replaces what was there; `discard` takes back a staged file. Every failure is a `WriteError`
with one line for the runner.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

import attrs

from strides.errors import StridesError

TEMP_PREFIX = ".strides-"
TEMP_SUFFIX = ".part"

_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EFBIG: "the file is larger than this system allows (ulimit -f?)",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "not permitted",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENOENT: "the folder does not exist",
    errno.ELOOP: "too many symbolic links",
    errno.EXDEV: "it cannot be replaced across file systems",
    errno.EIO: "an input/output error (the device may be failing or unplugged)",
    getattr(errno, "EDQUOT", errno.ENOSPC): "the disk quota is used up",
}


class WriteError(StridesError):
    """A file could not be written; nothing of it was left behind."""


def describe(error: OSError) -> str:
    """An OSError as a few words for a runner, without the errno number."""
    return _REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()


def write_error(path: Path | str, error: OSError) -> WriteError:
    return WriteError(f"cannot write {path}: {describe(error)}")


@attrs.frozen
class Staged:
    """A file ready to take its place: `temporary` holds the bytes, or is None for a file written through."""

    path: Path  # the final place, symlinks resolved
    shown: str  # the name the user gave, for messages
    data: bytes
    temporary: Path | None
    in_place: bool = False  # hard-linked: rewrite the file itself so every link sees the new bytes


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)  # the only portable way to read it is to set it
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The permissions a new file gets here: 0666 less the umask, as `>` in a shell gives."""
    return 0o666 & ~_umask()


def stage(path: Path | str, data: bytes) -> Staged:
    """Write `data` to a temporary file beside `path` (or, for a device or FIFO, keep it to write through)."""
    shown = str(path)
    target = _resolve(Path(path), shown)
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise write_error(shown, error) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WriteError(f"cannot write {shown}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        return Staged(target, shown, data, None)
    temporary = _write_temporary(target, shown, data, info)
    return Staged(target, shown, data, temporary, in_place=info is not None and info.st_nlink > 1)


def commit(staged: Staged, *, exclusive: bool = False) -> None:
    """Put a staged file in its place. With `exclusive`, a file that appeared there meanwhile is never
    replaced: FileExistsError is raised (the temporary file is removed)."""
    if staged.temporary is None:
        _write_through(staged)
        return
    try:
        if exclusive:
            _link_exclusively(staged.temporary, staged.path)
        elif staged.in_place:
            _rewrite_in_place(staged.path, staged.data)
        else:
            os.replace(staged.temporary, staged.path)
    except FileExistsError:
        raise
    except OSError as error:
        raise write_error(staged.shown, error) from None
    finally:
        if staged.temporary is not None:
            _remove(staged.temporary)


def discard(staged: Staged) -> None:
    """Take back a staged file: its temporary file goes, what was at its place stays."""
    if staged.temporary is not None:
        _remove(staged.temporary)


def write_file(path: Path | str, data: bytes, *, exclusive: bool = False) -> Path:
    """`data` at `path`, whole or not at all; returns where it went (a symlink's target)."""
    staged = stage(path, data)
    try:
        commit(staged, exclusive=exclusive)
    except BaseException:
        discard(staged)
        raise
    return staged.path


def _resolve(path: Path, shown: str) -> Path:
    """The file a path names, symlinks followed (a dangling one names the file it would create)."""
    if not path.name or path.name in (".", ".."):
        raise WriteError(f"cannot write {shown}: it is a folder")
    try:
        if path.is_symlink():
            return Path(os.path.realpath(path))
    except OSError as error:
        raise write_error(shown, error) from None
    return path


def _write_temporary(target: Path, shown: str, data: bytes, info: os.stat_result | None) -> Path:
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except FileExistsError:
        raise WriteError(f"cannot write {shown}: a part of the path is a file, not a folder") from None
    except OSError as error:
        raise write_error(shown, error) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            _set_mode_and_owner(stream.fileno(), info)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as error:
        _remove(temporary)
        if isinstance(error, OSError):
            raise write_error(shown, error) from None
        raise
    return temporary


def _set_mode_and_owner(handle: int, info: os.stat_result | None) -> None:
    if not hasattr(os, "fchmod"):  # Windows: files have no Unix modes
        return
    if info is None:
        os.fchmod(handle, new_file_mode())
        return
    os.fchmod(handle, stat.S_IMODE(info.st_mode))
    if hasattr(os, "fchown"):
        try:
            os.fchown(handle, info.st_uid, info.st_gid)
        except OSError:  # only root may give a file away; the group may still have been kept
            pass


def _link_exclusively(temporary: Path, target: Path) -> None:
    """The temporary file's bytes at `target` only if nothing is there yet, atomically where links exist."""
    try:
        os.link(temporary, target)
        return
    except FileExistsError:
        raise
    except OSError as error:
        # ENOSYS: FUSE mounts (jmtpfs, go-mtpfs) without links; EINVAL: Windows on FAT.
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV,
                               errno.ENOSYS, errno.EINVAL):
            raise
    # FAT drives (most watches) have no hard links: claim the name first, then move the bytes over it.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, new_file_mode()))
    try:
        os.replace(temporary, target)
    except BaseException:
        _remove(target)
        raise


def _rewrite_in_place(target: Path, data: bytes) -> None:
    # The bytes already fit on the disk once (the temporary file), so this write should not run out of room.
    with target.open("r+b") as stream:
        stream.write(data)
        stream.truncate()
        stream.flush()
        os.fsync(stream.fileno())


def _write_through(staged: Staged) -> None:
    try:
        handle = os.open(staged.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise write_error(staged.shown, error) from None
    try:
        view = memoryview(staged.data)
        while view:
            view = view[os.write(handle, view):]
    except OSError as error:
        raise write_error(staged.shown, error) from None
    finally:
        os.close(handle)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
