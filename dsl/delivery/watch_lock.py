"""One push at a time per watch: a lock file in its GARMIN/NewFiles folder.

Where the drive takes it (FAT, exFAT and most local file systems on Linux and macOS do), the lock is an
`flock` on that file, which the system lets go of if the push dies. Where it does not (Windows, some FUSE and
network mounts), the file's existence is the lock: created with O_EXCL and removed at the end; one left by a
push that was killed must be deleted by hand, and the message that gives up waiting says so.

The file is removed at the end while still held. A push that was waiting on it then finds that the name no
longer leads to the file it locked and locks afresh, so two pushes never both hold "the" lock.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import attrs

from strides.errors import StridesError

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

LOCK_NAME = ".strides-push.lock"
# Only for the lock file without flock: how long another push may hold the watch before this one gives up.
WAIT_SECONDS = 120.0
POLL_SECONDS = 0.1
# What flock says on a file system that has no such locks.
NO_FLOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL}
_FLAGS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


@attrs.frozen
class Held:
    """A lock this process holds: the lock file, and the open file that carries the flock (None without)."""

    path: Path
    handle: int | None


def acquire(folder: Path, waiting: Callable[[Path], None], name: str = LOCK_NAME) -> Held:
    """The lock `name` in `folder`, waiting for another push to finish first (`waiting(folder)` is called
    once before waiting). Raises OSError when the lock file cannot be made, StridesError after WAIT_SECONDS."""
    lock = folder / name
    told: list[bool] = []

    def tell() -> None:
        if not told:
            told.append(True)
            waiting(folder)

    handle = _flock(lock, tell)
    if handle is None:
        _claim(lock, tell)
    return Held(lock, handle)


def release(held: Held) -> None:
    _remove(held.path)  # first, while held: see the module's docstring
    if held.handle is not None:
        os.close(held.handle)


def _flock(lock: Path, tell: Callable[[], None]) -> int | None:
    """A handle on `lock` holding its flock, or None where the file system has no flock."""
    if fcntl is None:
        return None
    while True:
        handle, created = _open(lock)
        try:
            if not _try_lock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB):
                tell()
                fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError as error:
            os.close(handle)
            if error.errno not in NO_FLOCK:
                raise
            if created:  # ours alone: leave the name free for the lock file that stands in
                _remove(lock)
            return None
        if _still_named(lock, handle):
            return handle
        os.close(handle)  # the push before removed it as it finished: lock the file that has the name now


def _open(lock: Path) -> tuple[int, bool]:
    """A handle on the lock file, made if missing, and whether this call made it."""
    while True:
        try:
            return os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL | _FLAGS, 0o666), True
        except FileExistsError:
            pass
        try:
            return os.open(lock, os.O_RDWR | _FLAGS), False
        except FileNotFoundError:  # removed between the two calls: try again
            continue


def _try_lock(handle: int, operation: int) -> bool:
    assert fcntl is not None
    try:
        fcntl.flock(handle, operation)
    except BlockingIOError:
        return False
    return True


def _still_named(lock: Path, handle: int) -> bool:
    held = os.fstat(handle)
    try:
        now = os.stat(lock, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)


def _claim(lock: Path, tell: Callable[[], None]) -> None:
    """Make the lock file, waiting while another push has it (for at most WAIT_SECONDS)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            os.close(os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _FLAGS, 0o666))
            return
        except FileExistsError:
            if time.monotonic() >= deadline:
                raise StridesError(
                    f"another strides push has held {lock.parent} for {WAIT_SECONDS:.0f} s; nothing was copied",
                    hint=f"if no other push is running, delete {lock} and push again",
                ) from None
            tell()
            time.sleep(POLL_SECONDS)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
