"""The one way strides writes a file: whole or not at all, and never over something that is not ours to replace.

A regular file is written to a private temporary file beside it and renamed into place, so a reader sees the
old file or the new one, never half of one. What is not a regular file is written through instead of being
replaced: `-o /dev/null`, a FIFO or a terminal get the bytes, and stay what they were. A symlink is followed
and its target replaced. A new file gets the permissions the umask gives (as a shell's `>` would); a file
that is replaced keeps its mode and owner, and one with other hard links is rewritten in place so that every
name still shows the new text (should that fail, its old bytes are put back): no temporary file is made for
it, so none can be left behind, whenever the process is stopped.

Writing happens in two steps, `stage` then `commit`, so that a batch of files can be staged in full before
any of them replaces what was there; `discard` takes back a staged file. Every failure is a `WriteError`
with one line for the runner. `write_all` writes a batch all or nothing (or, keeping going, as many as can
be), staging every file before any takes its place. `signals_held` keeps ^C and SIGTERM from landing
between a step and the caller's note of it, so that an interrupted run can always clean up after itself.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import attrs

from strides.errors import StridesError
from strides.record import Record

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


@attrs.frozen(repr=False, eq=False)
class Staged(Record):
    """A file ready to take its place: `temporary` holds the bytes, or is None for a file written through."""

    path: Path  # the final place, symlinks resolved
    shown: str  # the name the user gave, for messages
    data: bytes
    temporary: Path | None  # None: written through, or in place
    in_place: bool = False  # hard-linked: rewrite the file itself so every link sees the new bytes
    previous: bytes | None = attrs.field(default=None, repr=False)  # an in-place file's old bytes, to put back


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)  # the only portable way to read it is to set it
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The permissions a new file gets here: 0666 less the umask, as `>` in a shell gives."""
    return 0o666 & ~_umask()


def stage(path: Path | str, data: bytes, *, sync: bool = True) -> Staged:
    """Write `data` to a temporary file beside `path` (or, for a device or FIFO, keep it to write through).
    Without `sync` its bytes are not yet forced to the disk: `make_durable` must do it before `commit`."""
    shown = str(path)
    given = Path(path)
    _check_name(given, shown)
    info = _stat(given, shown)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WriteError(f"cannot write {shown}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        # Written through the name given: opening it follows links that have no real target to resolve to,
        # such as /dev/stdout -> /proc/self/fd/1 -> pipe:[…].
        return Staged(given, shown, data, None)
    target = _resolve(given, shown)
    if info is not None and info.st_nlink >= 2:
        try:
            previous = target.read_bytes()
        except OSError as error:
            raise write_error(shown, error) from None
        return Staged(target, shown, data, None, in_place=True, previous=previous)
    return Staged(target, shown, data, _write_temporary(target, shown, data, info, sync))


def make_durable(staged: Staged) -> None:
    """Force a file staged without `sync` to the disk. A batch writes all its files, then forces them one by
    one: the file system then commits their names together, where writing and forcing each in turn commits
    once per file (a third of a second for a thousand files here)."""
    if staged.temporary is None:
        return
    try:
        handle = os.open(staged.temporary, os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError as error:
        raise write_error(staged.shown, error) from None


def commit(staged: Staged, *, exclusive: bool = False) -> None:
    """Put a staged file in its place. With `exclusive`, a file that appeared there meanwhile is never
    replaced: FileExistsError is raised (the temporary file is removed)."""
    if staged.in_place:
        if exclusive:  # it has two names already
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(staged.path))
        try:
            _rewrite_in_place(staged.path, staged.data, staged.previous)
        except OSError as error:
            raise write_error(staged.shown, error) from None
        return
    if staged.temporary is None:
        _write_through(staged)
        return
    try:
        if exclusive:
            _link_exclusively(staged.temporary, staged.path)
        else:
            os.replace(staged.temporary, staged.path)
    except FileExistsError:
        raise
    except OSError as error:
        raise write_error(staged.shown, error) from None
    finally:
        _remove(staged.temporary)


def discard(staged: Staged) -> None:
    """Take back a staged file: its temporary file goes, what was at its place stays."""
    if staged.temporary is not None:
        _remove(staged.temporary)


def write_file(path: Path | str, data: bytes, *, exclusive: bool = False) -> Path:
    """`data` at `path`, whole or not at all; returns where it went (a symlink's target). An interrupt
    arriving meanwhile is raised once the file is written or taken back."""
    with signals_held():
        staged = stage(path, data)
        try:
            commit(staged, exclusive=exclusive)
        except BaseException:
            discard(staged)
            raise
    return staged.path


@attrs.frozen(repr=False, eq=False)
class Written(Record):
    """What a batch did: the files now in place (as named, in the order given) and what kept the others out."""

    written: tuple[str, ...]
    failed: tuple[WriteError, ...]


class BatchError(WriteError):
    """A batch stopped by one file. The files it had made are gone again; the message says what stays."""


def write_all(items: Iterable[tuple[Path | str, bytes]], *, keep_going: bool = False) -> Written:
    """Stage every file, then put them all in place. A failure takes back what this batch made (a file that
    was there before is never removed) and raises a BatchError; with `keep_going`, every file that can be is
    written and the rest are in `failed`. An interrupt takes everything back, then goes on up."""
    batch = _Batch()
    try:
        for path, data in items:
            batch.stage(path, data, keep_going)
        batch.make_durable(keep_going)
        batch.commit_all(keep_going)
    except BaseException as error:
        with signals_held():
            batch.take_back()
        if isinstance(error, WriteError):
            raise BatchError(batch.explain(error)) from None
        raise
    return Written(tuple(staged.shown for staged in batch.in_place_now()), tuple(batch.failed))


LIST_UPTO = 5  # old files named in a message about a stopped batch


@attrs.define
class _Batch:
    staged: list[tuple[Staged, bool]] = attrs.Factory(list)  # each file, and whether something was there
    committed: set[int] = attrs.Factory(set)
    made: list[Path] = attrs.Factory(list)  # new files in place: a failure takes them back
    replaced: list[str] = attrs.Factory(list)  # old files (or devices) already written: no taking back
    new_folders: list[Path] = attrs.Factory(list)
    seen_folders: set[Path] = attrs.Factory(set)
    failed: list[WriteError] = attrs.Factory(list)
    count: int = 0

    def stage(self, path: Path | str, data: bytes, keep_going: bool) -> None:
        self.count += 1
        try:
            with signals_held():
                missing = self._missing_folders(Path(path).parent)
                staged = stage(path, data, sync=False)
                self.new_folders.extend(missing)
                self.staged.append((staged, staged.temporary is None or os.path.lexists(staged.path)))
        except WriteError as error:
            if not keep_going:
                raise
            self.failed.append(error)

    def make_durable(self, keep_going: bool) -> None:
        for entry in list(self.staged):
            try:
                make_durable(entry[0])
            except WriteError as error:
                if not keep_going:
                    raise
                discard(entry[0])
                self.staged.remove(entry)
                self.failed.append(error)

    def commit_all(self, keep_going: bool) -> None:
        # New files first: until the first old file is replaced, a failure can take everything back.
        for index in sorted(range(len(self.staged)), key=lambda i: self.staged[i][1]):
            try:
                with signals_held():
                    self._commit(index)
            except WriteError as error:
                if not keep_going:
                    raise
                self.failed.append(error)

    def _commit(self, index: int) -> None:
        staged, existed = self.staged[index]
        try:
            commit(staged, exclusive=not existed)
        except FileExistsError:
            raise WriteError(f"cannot write {staged.shown}: another program made a file of that name meanwhile "
                             "(it was left alone)") from None
        self.committed.add(index)
        if existed:
            self.replaced.append(staged.shown)
        else:
            self.made.append(staged.path)

    def in_place_now(self) -> list[Staged]:
        return [staged for index, (staged, _) in enumerate(self.staged) if index in self.committed]

    def take_back(self) -> None:
        for staged, _ in self.staged:
            discard(staged)
        for path in self.made:
            _remove(path)
        for folder in reversed(self.new_folders):  # only if empty: never what someone else put there
            try:
                folder.rmdir()
            except OSError:
                pass

    def explain(self, error: WriteError) -> str:
        if self.count == 1:
            return error.message
        if not self.replaced:
            return f"{error.message} (no file was written)"
        shown = ", ".join(self.replaced[:LIST_UPTO])
        more = f" and {len(self.replaced) - LIST_UPTO:,} more" if len(self.replaced) > LIST_UPTO else ""
        were, keep = ("was", "keeps") if len(self.replaced) == 1 else ("were", "keep")
        return (f"{error.message} (no new file was written, but {shown}{more} {were} already rewritten "
                f"and {keep} the new text)")

    def _missing_folders(self, folder: Path) -> list[Path]:
        """The folders that staging into `folder` will make, outermost first."""
        missing: list[Path] = []
        while folder not in self.seen_folders and not os.path.exists(folder):
            missing.append(folder)
            if folder.parent == folder:
                break
            folder = folder.parent
        self.seen_folders.update(missing)
        self.seen_folders.add(folder)
        return missing[::-1]


_HELD = frozenset(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold ^C and SIGTERM until the block is over, so that they never land between a file being made and
    the note that says so (the note is what a clean-up reads). Where signals cannot be held, a no-op."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a held signal is raised here


def _check_name(path: Path, shown: str) -> None:
    if not path.name or path.name in (".", ".."):
        raise WriteError(f"cannot write {shown}: it is a folder")


def _stat(path: Path, shown: str) -> os.stat_result | None:
    """What the name leads to, symlinks followed; None when nothing is there yet (or a link leads nowhere)."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise write_error(shown, error) from None


def _resolve(path: Path, shown: str) -> Path:
    """The file a path names, symlinks followed (a dangling one names the file it would create)."""
    try:
        if path.is_symlink():
            return Path(os.path.realpath(path))
    except OSError as error:
        raise write_error(shown, error) from None
    return path


def _write_temporary(target: Path, shown: str, data: bytes, info: os.stat_result | None, sync: bool) -> Path:
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = _create_temporary(folder)
    except FileExistsError:
        raise WriteError(f"cannot write {shown}: a part of the path is a file, not a folder") from None
    except OSError as error:
        if error.errno == errno.ENOENT and folder.is_dir():  # /proc, /sys: files there cannot be made
            raise WriteError(f"cannot write {shown}: {folder} does not take new files") from None
        raise write_error(shown, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            _keep_mode_and_owner(stream.fileno(), info)
            stream.write(data)
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
    except BaseException as error:
        _remove(temporary)
        if isinstance(error, OSError):
            raise write_error(shown, error) from None
        raise
    return temporary


def _create_temporary(folder: Path) -> tuple[int, Path]:
    """A new private file in `folder`. Made with 0666 so that the kernel applies the umask (and any default
    ACL) exactly as for a shell's `>`: reading the umask would race with other threads."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temporary = folder / f"{TEMP_PREFIX}{os.urandom(6).hex()}{TEMP_SUFFIX}"
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            if not folder.is_dir():
                raise
    raise OSError(errno.EEXIST, f"no free temporary name in {folder}")


def _keep_mode_and_owner(handle: int, info: os.stat_result | None) -> None:
    """A replaced file keeps its mode and owner; a new one keeps what the umask gave it."""
    if info is None or not hasattr(os, "fchmod"):  # Windows: files have no Unix modes
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
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # the umask applies
    try:
        os.replace(temporary, target)
    except BaseException:
        _remove(target)
        raise


def _rewrite_in_place(target: Path, data: bytes, previous: bytes | None) -> None:
    """Every hard link sees the new bytes. Should the write fail (the disk full past the old length), the old
    bytes are put back: they fit in the room they had."""
    with target.open("r+b") as stream:
        try:
            _replace_contents(stream.fileno(), data)
        except OSError:
            if previous is not None:
                try:
                    _replace_contents(stream.fileno(), previous)
                except OSError:
                    pass
            raise


def _replace_contents(handle: int, data: bytes) -> None:
    os.lseek(handle, 0, os.SEEK_SET)
    _write_all(handle, data)
    os.ftruncate(handle, len(data))
    os.fsync(handle)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


def _write_through(staged: Staged) -> None:
    try:
        handle = os.open(staged.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise write_error(staged.shown, error) from None
    try:
        _write_all(handle, staged.data)
    except OSError as error:
        raise write_error(staged.shown, error) from None
    finally:
        os.close(handle)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
