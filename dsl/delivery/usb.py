"""Copying workout files onto a watch that shows up as a USB drive.

A Garmin watch in USB mass-storage mode is a drive with a `GARMIN` folder; files put in `GARMIN/NewFiles`
are imported when the watch is unplugged. A push is safe to repeat and to run twice at once:

- each file is written whole or not at all (`strides.files`) and read back before it counts as copied;
- a file already there with the same bytes is left alone (unchanged); one strides wrote earlier for the same
  workout (its file_id and workout name say so) is replaced; anything else of that name is kept unless forced;
- one push at a time writes to a watch (a lock in NewFiles), and a new file only takes a name nothing holds;
- GARMIN and NewFiles must lie on the drive itself, and a file name that is a symbolic link is never followed.
"""

from __future__ import annotations

import errno
import getpass
import os
import shutil
import string
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from strides.delivery import Asked, Unsendable, watch_lock
from strides.delivery.watch_files import ABSENT, FOREIGN, LINK, OURS, SAME, There, examine
from strides.errors import StridesError, StridesWarning, UsageError
from strides.files import WriteError, commit, describe, discard, stage

if TYPE_CHECKING:
    from strides.meaning.model import Workout

GARMIN = "GARMIN"
NEW_FILES = "NewFiles"

READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
GONE = {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO}

COPIED, REPLACED, UNCHANGED = "copied", "replaced", "unchanged"


@attrs.frozen
class Pushed:
    """What a push did to each file, in the order the files were given: (COPIED/REPLACED/UNCHANGED, path)."""

    done: tuple[tuple[str, Path], ...] = ()

    def paths(self, what: str) -> list[Path]:
        return [path for outcome, path in self.done if outcome == what]


class PushError(StridesError):
    """A push that stopped part-way; `pushed` is what was done before it stopped (also in the message)."""

    def __init__(self, message: str, pushed: Pushed, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.pushed = pushed


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


# --- the destination -----------------------------------------------------------------------------------


class Usb:
    """`strides push --to usb`: each workout's FIT file onto the watch plugged in, and what became of each."""

    name = "usb"
    NOTES = {REPLACED: " (the file there before was replaced)", UNCHANGED: " (already on the watch: nothing written)"}

    def check(self, asked: Asked) -> None:
        given = [name for name, value in (("--date", asked.date), ("--week-of", asked.week_of),
                                          ("--dry-run", asked.dry_run)) if value]
        if given:
            raise UsageError(f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} for --to intervals "
                             "or --to garmin; a watch over USB has no calendar")

    def push(self, workouts: Sequence[Workout], asked: Asked, emit: Callable[[str], None],
             warn: Callable[[list[StridesWarning]], None]) -> None:
        pushed = push(fit_files(workouts), self.device(asked.device), force=asked.force, waiting=_say_waiting)
        for what, path in pushed.done:
            emit(f"{what} {path}{self.NOTES.get(what, '')}\n")
        if pushed.paths(COPIED) or pushed.paths(REPLACED):
            emit("Unplug the watch: it imports the workouts from GARMIN/NewFiles and lists them under "
                 "Training → Workouts.\n")

    def device(self, given: str | None) -> Path:
        """The watch's drive: the one given, else the only one mounted."""
        if given:
            return Path(given)
        found = find_garmin_volumes()
        if not found:
            raise StridesError("no Garmin watch is mounted", None, no_device_help())
        if len(found) > 1:
            listing = ", ".join(str(p) for p in found)
            raise UsageError(f"several Garmin devices are mounted ({listing}): choose one with --device")
        return found[0]


DESTINATION = Usb()


def fit_files(workouts: Sequence[Workout]) -> dict[str, bytes]:
    """Each workout's FIT file, by the name a push gives it; a workout FIT cannot carry is Unsendable."""
    from strides import names
    from strides.backends import RenderOptions, get_backend

    fit, taken = get_backend("fit"), names.TakenNames()
    try:
        return {names.safe_file_name(w.name, fit.suffix, taken): _as_bytes(fit.render([w], RenderOptions()))
                for w in workouts}
    except StridesError as error:
        raise Unsendable(error.message, error.span, error.hint, suggestion=error.suggestion) from None


def _as_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _say_waiting(folder: Path) -> None:
    print(f"waiting for another strides push to {folder} to finish…", file=sys.stderr, flush=True)


# --- pushing ---------------------------------------------------------------------------------------------


@attrs.frozen
class _Plan:
    """What to do with one file, decided while holding the lock."""

    target: Path
    data: bytes
    action: str  # COPIED (nothing there), REPLACED or UNCHANGED
    unlink_first: bool = False  # a symbolic link, forced away rather than followed


def push(files: Mapping[str, bytes], device: Path, *, force: bool = False,
         waiting: Callable[[Path], None] | None = None) -> Pushed:
    """Copy `files` (name -> bytes) into the watch's GARMIN/NewFiles and say what became of each.

    A file already there with the same bytes is left as it is; one that strides wrote for the same workout
    is replaced; anything else of the same name is only replaced with `force`, and otherwise nothing at all
    is copied. `waiting(folder)` is called if another push holds the watch, before waiting for it to finish.
    Every problem is a StridesError with a message for the runner; one after some files were written is a
    PushError saying which.
    """
    names = list(files)
    _check_names(names)
    folder = _new_files_folder(device)
    try:
        held = watch_lock.acquire(folder, waiting or (lambda _folder: None))
    except OSError as exc:
        raise _device_error(exc, folder, folder / watch_lock.LOCK_NAME) from exc
    try:
        plans = _plan(folder, files, force)
        _check_space(folder, [plan.data for plan in plans if plan.action != UNCHANGED])
        return _carry_out(plans, folder)
    finally:
        watch_lock.release(held)


def _check_names(names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if not name or Path(name).name != name or "\\" in name or name.startswith("."):
            raise StridesError(f"`{name}` is not a plain file name")
        # Watch drives are FAT: names that differ only in case are the same file there.
        if name.casefold() in seen:
            raise StridesError(f"two files would both be called `{name}` on the watch")
        seen.add(name.casefold())


def _plan(folder: Path, files: Mapping[str, bytes], force: bool) -> list[_Plan]:
    """Every file's fate, or a refusal naming every file that is not strides' to replace."""
    plans: list[_Plan] = []
    refused: list[tuple[str, There]] = []
    for name, data in files.items():
        target = folder / name
        try:
            there = examine(target, data)
        except OSError as exc:
            raise _device_error(exc, folder, target) from exc
        if there.kind in (SAME, ABSENT, OURS):
            plans.append(_Plan(target, data, {SAME: UNCHANGED, ABSENT: COPIED, OURS: REPLACED}[there.kind]))
        elif force and there.kind in (FOREIGN, LINK):
            plans.append(_Plan(target, data, REPLACED, unlink_first=there.kind == LINK))
        else:
            refused.append((name, there))
    if refused:
        raise _refusal(folder, refused, force)
    return plans


def _refusal(folder: Path, refused: list[tuple[str, There]], force: bool) -> StridesError:
    if len(refused) == 1:
        name, there = refused[0]
        message = f"{folder / name} is already on the watch and is {there.why}: not replaced, nothing was copied"
    else:
        listing = "; ".join(f"{name} ({there.why})" for name, there in refused)
        message = f"{len(refused)} files in {folder} are not strides' to replace, nothing was copied: {listing}"
    hint = "rename the workout, or delete the file from the watch first"
    if not force and any(there.kind in (FOREIGN, LINK) for _, there in refused):  # a folder stays, forced or not
        hint = f"push with --force to replace it anyway, or {hint}"
    return StridesError(message, hint=hint)


def _check_space(folder: Path, to_write: list[bytes]) -> None:
    free = _free_bytes(folder)
    block = _block_size(folder)
    # Every file takes whole clusters (up to 32 KiB each on a large FAT drive), however small it is.
    needed = sum(-(-len(data) // block) * block for data in to_write)
    if free is not None and needed > free:
        raise StridesError(f"the watch is full: {needed} bytes to copy, {free} free in {folder}; nothing was copied")


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:  # not knowing is no reason to stop: the write itself will tell
        return None


def _block_size(folder: Path) -> int:
    try:
        return max(1, os.statvfs(folder).f_frsize)
    except (OSError, AttributeError):  # Windows has no statvfs
        return 1


def _carry_out(plans: list[_Plan], folder: Path) -> Pushed:
    done: list[tuple[str, Path]] = []
    for plan in plans:
        try:
            outcome = plan.action if plan.action == UNCHANGED else _write(plan, folder)
        except StridesError as error:
            raise _partial(error, Pushed(tuple(done)), len(plans)) from None
        done.append((outcome, plan.target))
    return Pushed(tuple(done))


def _write(plan: _Plan, folder: Path) -> str:
    """Put one file in place and read it back; a new file never replaces one that appeared meanwhile."""
    target = plan.target
    try:
        if plan.unlink_first:
            target.unlink()
        staged = stage(target, plan.data)
    except OSError as exc:
        raise _device_error(exc, folder, target) from exc
    except WriteError as error:
        raise _write_error(error, folder, target) from None
    try:
        if staged.path != target or staged.temporary is None:  # it became a link or a device meanwhile
            raise _Stopped(f"{target} changed while copying and was left alone")
        commit(staged, exclusive=plan.action == COPIED)
    except FileExistsError:
        return _appeared(target, plan.data, folder)
    except WriteError as error:
        raise _write_error(error, folder, target) from None
    finally:
        discard(staged)  # commit has already removed the temporary file, unless it never ran
    _verify(target, plan.data, folder)
    return plan.action


def _appeared(target: Path, data: bytes, folder: Path) -> str:
    """Something took the name between looking and writing: a program that does not take the lock."""
    try:
        if examine(target, data).kind == SAME:
            return UNCHANGED
    except OSError as exc:
        raise _device_error(exc, folder, target) from exc
    raise _Stopped(f"{target} appeared on the watch while copying and was not replaced")


def _verify(target: Path, data: bytes, folder: Path) -> None:
    try:
        back = _read_back(target)
    except OSError as exc:
        raise _device_error(exc, folder, target) from exc
    if back != data:
        # A broken file would be imported by the watch, and would be refused as foreign by the next push.
        kept = "it was removed" if _removed(target) else "delete it from the watch"
        raise _Stopped(
            f"{target} reads back different from what was written ({len(back)} of {len(data)} bytes): {kept}",
            hint="the watch's storage may be failing: unplug it, plug it in again and push again",
        )


def _read_back(target: Path) -> bytes:
    handle = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(handle, "rb") as stream:
        if hasattr(os, "posix_fadvise"):  # read the drive, not what the system kept of the write
            os.posix_fadvise(handle, 0, 0, os.POSIX_FADV_DONTNEED)
        return stream.read()


def _removed(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        return False
    return True


# --- what went wrong -------------------------------------------------------------------------------------


class _Stopped(StridesError):
    """A failure at one file: `head` and `tail` of the message, between which goes how far the push got."""

    def __init__(self, head: str, tail: str = "", hint: str | None = None) -> None:
        super().__init__(head + tail, hint=hint)
        self.head, self.tail = head, tail


def _partial(error: StridesError, pushed: Pushed, total: int) -> PushError:
    """The error and how far the push got: 'the watch is full after 12 of 40 files; 12 copied: a.fit, …'."""
    head, tail = (error.head, error.tail) if isinstance(error, _Stopped) else (error.message, "")
    count = len(pushed.done)
    after = f" after {count} of {total} files" if count else ""
    return PushError(f"{head}{after}{tail}; {_listing(pushed)}", pushed, error.hint)


def _listing(pushed: Pushed) -> str:
    parts = []
    for what in (COPIED, REPLACED, UNCHANGED):
        names = [path.name for path in pushed.paths(what)]
        if names:
            parts.append(f"{len(names)} {what}: {', '.join(names)}")
    return "; ".join(parts) or "nothing was copied"


def _write_error(error: WriteError, folder: Path, target: Path) -> StridesError:
    # strides.files keeps the OSError as the context of its WriteError: its errno says what happened.
    cause = error.__context__
    if isinstance(cause, OSError) and cause.errno in READ_ONLY | FULL | GONE:
        return _device_error(cause, folder, target)
    return _Stopped(error.message)


def _device_error(exc: OSError, device: Path, target: Path) -> StridesError:
    if exc.errno in READ_ONLY:
        return _Stopped(
            f"cannot write to {device}", ": the watch is mounted read-only or you may not write there",
            hint="remount it writable, or check the folder's permissions",
        )
    if exc.errno in FULL:
        return _Stopped("the watch is full", f": no room for {target.name} in {device}")
    if exc.errno in GONE:
        return _Stopped(f"the watch at {device} went away while copying {target.name}",
                        hint="plug it in again and push again")
    return _Stopped(f"cannot copy {target.name} to {device}", f": {describe(exc)}")


# --- the folder on the watch -----------------------------------------------------------------------------


def _new_files_folder(device: Path) -> Path:
    """GARMIN/NewFiles on the drive `device`, made if missing; refused where it would lead off the drive."""
    if not _is_dir(device):
        raise StridesError(f"no watch at {device}: that folder does not exist", hint=_short_hint())
    garmin = device / GARMIN
    if not _is_dir(garmin) and not garmin.is_symlink() and _looks_like_garmin_folder(device):
        garmin = device  # given the GARMIN folder itself rather than the drive
    drive = os.path.realpath(device)
    if garmin != device:
        _on_the_drive(garmin, drive, device)
    if not _is_dir(garmin):
        raise StridesError(f"{device} has no {GARMIN} folder: it is not a Garmin watch", hint=_short_hint())
    folder = garmin / NEW_FILES
    _on_the_drive(folder, drive, device)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise _device_error(exc, device, folder) from exc
    _on_the_drive(folder, drive, device)  # a link made since, or one inside a linked folder
    return folder


def _on_the_drive(path: Path, drive: str, device: Path) -> None:
    """Refuses `path` if it is, or goes through, a symbolic link that leads off the drive."""
    real = os.path.realpath(path)
    try:
        inside = os.path.commonpath([real, drive]) == drive
    except ValueError:  # another drive letter
        inside = False
    if not inside:
        raise StridesError(
            f"{path} is a symbolic link to {real}, which is not on the watch's drive {device}: nothing was copied",
            hint="give the watch's own drive with --device, or replace the link by a folder",
        )


def _looks_like_garmin_folder(folder: Path) -> bool:
    """The folder inside the drive, not a drive labelled GARMIN: it holds what a watch keeps there."""
    return folder.name.upper() == GARMIN and any(_is_dir(folder / name) for name in (NEW_FILES, "Activity"))


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
