"""Pushing workout files to a watch drive, against fake drives in a temporary folder."""

from __future__ import annotations

import contextlib
import errno
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Barrier
from pathlib import Path

import fitwalk
import pytest

import strides.delivery.usb as push_module
from strides import files as files_module
from strides import names
from strides.backends.fit import FileIdentity, encode_workout
from strides.cli.main import EXIT_INPUT, EXIT_OK, main
from strides.delivery import watch_lock
from strides.delivery.usb import COPIED, REPLACED, UNCHANGED, PushError, find_garmin_volumes, no_device_help, push
from strides.errors import StridesError
from strides.pipeline import compile_text

WORKOUT = b"\x0e\x20fake fit bytes"
OTHER = b"\x0e\x20other fit bytes"
WEEK = """
5k = 19:00
Tue 12x400: wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min
Thu tempo: wu 2k; 20min @T; cd 2k
Sat long: 90min easy
"""


@pytest.fixture
def watch(tmp_path: Path) -> Path:
    """A drive as a watch mounts it: a GARMIN folder, no NewFiles yet."""
    drive = tmp_path / "FR255"
    (drive / "GARMIN").mkdir(parents=True)
    return drive


def new_files(drive: Path) -> Path:
    return drive / "GARMIN" / "NewFiles"


def listing(drive: Path) -> list[str]:
    return sorted(p.name for p in new_files(drive).iterdir())


def fit_files(text: str) -> dict[str, bytes]:
    """The files `strides push` makes of `text`, by file name."""
    taken = names.TakenNames()
    return {names.safe_file_name(w.name, ".fit", taken): encode_workout(w) for w in compile_text(text, {})}


def fail_with(code: int) -> Callable[..., object]:
    def fail(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code))

    return fail


def fail_from_the(nth: int, code: int, real: Callable[..., object]) -> Callable[..., object]:
    """`real` until its nth call, then an OSError(code) on every call."""
    calls = [0]

    def maybe_fail(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] >= nth:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return maybe_fail


def foreign_fit(name: str) -> bytes:
    """A FIT workout file another program wrote (the development manufacturer with its own product)."""
    (workout,) = compile_text(f"{name}: 30min easy", {"5k": "19:00"})
    created = datetime(2024, 5, 1, tzinfo=timezone.utc)
    return encode_workout(workout, FileIdentity(serial_number=7, time_created=created, product=1))


# --- copying -------------------------------------------------------------------------------------------


def test_push_copies_into_new_files(watch: Path) -> None:
    pushed = push({"tue.fit": WORKOUT, "thu.fit": OTHER}, watch)
    assert pushed.done == ((COPIED, new_files(watch) / "tue.fit"), (COPIED, new_files(watch) / "thu.fit"))
    assert (new_files(watch) / "tue.fit").read_bytes() == WORKOUT
    assert (new_files(watch) / "thu.fit").read_bytes() == OTHER


def test_the_garmin_folder_itself_is_accepted(watch: Path) -> None:
    (watch / "GARMIN" / "Activity").mkdir()
    assert push({"tue.fit": WORKOUT}, watch / "GARMIN").paths(COPIED) == [new_files(watch) / "tue.fit"]


def test_a_drive_merely_labelled_garmin_is_not_a_watch(tmp_path: Path) -> None:
    stick = tmp_path / "GARMIN"
    stick.mkdir()
    with pytest.raises(StridesError, match="no GARMIN folder"):
        push({"tue.fit": WORKOUT}, stick)
    assert list(stick.iterdir()) == []


def test_push_leaves_no_temporary_or_lock_files(watch: Path) -> None:
    push({"tue.fit": WORKOUT}, watch)
    assert listing(watch) == ["tue.fit"]


def test_existing_new_files_folder_is_used(watch: Path) -> None:
    new_files(watch).mkdir()
    (new_files(watch) / "old.fit").write_bytes(OTHER)
    push({"tue.fit": WORKOUT}, watch)
    assert listing(watch) == ["old.fit", "tue.fit"]


def test_a_new_file_gets_the_usual_permissions(watch: Path) -> None:
    push({"tue.fit": WORKOUT}, watch)
    assert (new_files(watch) / "tue.fit").stat().st_mode & 0o777 == files_module.new_file_mode()


def test_a_copy_that_reads_back_wrong_is_reported_and_removed(
    watch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stage = files_module.stage
    monkeypatch.setattr(push_module, "stage", lambda path, data: real_stage(path, data[:-1]))
    with pytest.raises(StridesError, match="reads back different.*it was removed"):
        push({"tue.fit": WORKOUT}, watch)
    assert listing(watch) == []


def test_a_drive_without_hard_links_still_gets_each_name_once(
    watch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # FAT answers EPERM to link(); FUSE mounts of MTP watches answer ENOSYS.
    for code in (errno.EPERM, errno.ENOSYS):
        monkeypatch.setattr(files_module.os, "link", fail_with(code))
        name = f"tue-{code}.fit"
        assert push({name: WORKOUT}, watch).paths(COPIED) == [new_files(watch) / name]
        assert (new_files(watch) / name).read_bytes() == WORKOUT
    assert listing(watch) == [f"tue-{errno.EPERM}.fit", f"tue-{errno.ENOSYS}.fit"]


# --- pushing again, edits and other people's files -------------------------------------------------------


def test_pushing_the_same_workouts_again_writes_nothing(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    week = fit_files(WEEK)
    push(week, watch)
    before = {name: os.stat(new_files(watch) / name) for name in week}
    monkeypatch.setattr(push_module, "stage", fail_with(errno.EIO))  # any write would fail
    again = push(fit_files(WEEK), watch)
    assert again.done == tuple((UNCHANGED, new_files(watch) / name) for name in week)
    after = {name: os.stat(new_files(watch) / name) for name in week}
    assert [(s.st_ino, s.st_mtime_ns) for s in after.values()] == [(s.st_ino, s.st_mtime_ns) for s in before.values()]


def test_an_edited_workout_replaces_the_file_strides_wrote_for_it(watch: Path) -> None:
    push(fit_files(WEEK), watch)
    edited = fit_files(WEEK.replace("20min @T", "25min @T"))
    pushed = push(edited, watch)
    assert pushed.paths(REPLACED) == [new_files(watch) / "thu-tempo.fit"]
    assert pushed.paths(UNCHANGED) == [new_files(watch) / "tue-12x400.fit", new_files(watch) / "sat-long.fit"]
    assert (new_files(watch) / "thu-tempo.fit").read_bytes() == edited["thu-tempo.fit"]
    assert listing(watch) == ["sat-long.fit", "thu-tempo.fit", "tue-12x400.fit"]


def test_a_fit_file_another_program_wrote_is_not_replaced(watch: Path) -> None:
    new_files(watch).mkdir()
    theirs = foreign_fit("Thu tempo")  # even with the same workout name
    (new_files(watch) / "thu-tempo.fit").write_bytes(theirs)
    with pytest.raises(StridesError) as caught:
        push(fit_files(WEEK), watch)
    assert "thu-tempo.fit" in caught.value.message and "not a workout file strides wrote" in caught.value.message
    assert "nothing was copied" in caught.value.message
    assert caught.value.hint is not None and "--force" in caught.value.hint and "rename" in caught.value.hint
    assert (new_files(watch) / "thu-tempo.fit").read_bytes() == theirs
    assert listing(watch) == ["thu-tempo.fit"]  # nothing is copied when one file is refused


def test_a_file_that_is_not_fit_is_not_replaced(watch: Path) -> None:
    push({"tue.fit": OTHER}, watch)
    with pytest.raises(StridesError, match="not a workout file strides wrote") as caught:
        push({"new.fit": WORKOUT, "tue.fit": WORKOUT}, watch)
    assert "tue.fit" in caught.value.message
    assert (new_files(watch) / "tue.fit").read_bytes() == OTHER
    assert not (new_files(watch) / "new.fit").exists()


def test_strides_file_of_another_workout_is_not_replaced(watch: Path) -> None:
    new_files(watch).mkdir()
    (other,) = fit_files("Tue hills: 10x1min hard r1min").values()
    (new_files(watch) / "thu-tempo.fit").write_bytes(other)
    with pytest.raises(StridesError, match="strides' file of another workout, `Tue hills`"):
        push(fit_files(WEEK), watch)
    assert (new_files(watch) / "thu-tempo.fit").read_bytes() == other


def test_every_refused_file_is_named(watch: Path) -> None:
    new_files(watch).mkdir()
    (new_files(watch) / "tue-12x400.fit").write_bytes(OTHER)
    (new_files(watch) / "sat-long.fit").mkdir()
    with pytest.raises(StridesError) as caught:
        push(fit_files(WEEK), watch)
    message = caught.value.message
    assert message.startswith("2 files in ") and "nothing was copied" in message
    assert "tue-12x400.fit (not a workout file strides wrote)" in message and "sat-long.fit (a folder)" in message


def test_force_replaces_a_file_strides_did_not_write(watch: Path) -> None:
    push({"tue.fit": OTHER}, watch)
    pushed = push({"tue.fit": WORKOUT}, watch, force=True)
    assert pushed.paths(REPLACED) == [new_files(watch) / "tue.fit"]
    assert (new_files(watch) / "tue.fit").read_bytes() == WORKOUT


def test_a_folder_of_the_name_is_never_replaced_even_with_force(watch: Path) -> None:
    (new_files(watch) / "tue.fit").mkdir(parents=True)
    with pytest.raises(StridesError, match="is a folder: not replaced") as caught:
        push({"tue.fit": WORKOUT}, watch)
    assert caught.value.hint is not None and "--force" not in caught.value.hint
    with pytest.raises(StridesError, match="is a folder: not replaced"):
        push({"tue.fit": WORKOUT}, watch, force=True)
    assert (new_files(watch) / "tue.fit").is_dir()


def test_an_empty_file_left_by_a_copy_cut_short_is_replaced(watch: Path) -> None:
    new_files(watch).mkdir()
    (new_files(watch) / "tue.fit").write_bytes(b"")
    assert push({"tue.fit": WORKOUT}, watch).paths(REPLACED) == [new_files(watch) / "tue.fit"]
    assert (new_files(watch) / "tue.fit").read_bytes() == WORKOUT


def test_a_file_that_appears_while_copying_is_not_replaced(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A program that ignores the lock writes the name between strides looking and writing."""
    real_stage = files_module.stage

    def someone_else_writes(path: Path, data: bytes) -> files_module.Staged:
        Path(path).write_bytes(OTHER)
        return real_stage(path, data)

    monkeypatch.setattr(push_module, "stage", someone_else_writes)
    with pytest.raises(StridesError, match="appeared on the watch while copying and was not replaced"):
        push({"tue.fit": WORKOUT}, watch)
    assert (new_files(watch) / "tue.fit").read_bytes() == OTHER
    assert listing(watch) == ["tue.fit"]


def test_the_same_bytes_appearing_while_copying_count_as_unchanged(
    watch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stage = files_module.stage

    def someone_else_writes(path: Path, data: bytes) -> files_module.Staged:
        Path(path).write_bytes(data)
        return real_stage(path, data)

    monkeypatch.setattr(push_module, "stage", someone_else_writes)
    assert push({"tue.fit": WORKOUT}, watch).paths(UNCHANGED) == [new_files(watch) / "tue.fit"]


# --- symbolic links ----------------------------------------------------------------------------------------


def test_a_garmin_folder_linked_off_the_drive_is_refused(tmp_path: Path) -> None:
    drive, elsewhere = tmp_path / "FR255", tmp_path / "home" / "GARMIN"
    drive.mkdir()
    elsewhere.mkdir(parents=True)
    (drive / "GARMIN").symlink_to(elsewhere)
    with pytest.raises(StridesError, match="is a symbolic link to .*not on the watch's drive"):
        push({"tue.fit": WORKOUT}, drive)
    assert list(elsewhere.iterdir()) == []


def test_a_new_files_folder_linked_off_the_drive_is_refused(watch: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "home" / "NewFiles"
    elsewhere.mkdir(parents=True)
    new_files(watch).symlink_to(elsewhere)
    with pytest.raises(StridesError, match="NewFiles is a symbolic link to .*not on the watch's drive"):
        push({"tue.fit": WORKOUT}, watch)
    assert list(elsewhere.iterdir()) == []


def test_a_dangling_link_off_the_drive_is_not_made_into_a_folder(watch: Path, tmp_path: Path) -> None:
    nowhere = tmp_path / "home" / "NewFiles"
    new_files(watch).symlink_to(nowhere)
    with pytest.raises(StridesError, match="symbolic link"):
        push({"tue.fit": WORKOUT}, watch)
    assert not nowhere.exists() and not nowhere.parent.exists()


def test_a_link_within_the_drive_is_followed(watch: Path) -> None:
    (watch / "GARMIN" / "Inbox").mkdir()
    new_files(watch).symlink_to(watch / "GARMIN" / "Inbox")
    push({"tue.fit": WORKOUT}, watch)
    assert (watch / "GARMIN" / "Inbox" / "tue.fit").read_bytes() == WORKOUT


def test_a_file_name_that_is_a_link_is_never_followed(watch: Path, tmp_path: Path) -> None:
    outside = tmp_path / "notes.txt"
    outside.write_bytes(b"my notes")
    new_files(watch).mkdir()
    (new_files(watch) / "tue.fit").symlink_to(outside)
    with pytest.raises(StridesError, match="a symbolic link, which strides does not follow"):
        push({"tue.fit": WORKOUT}, watch)
    assert outside.read_bytes() == b"my notes"
    pushed = push({"tue.fit": WORKOUT}, watch, force=True)  # the link goes; what it pointed at stays
    assert pushed.paths(REPLACED) == [new_files(watch) / "tue.fit"]
    assert not (new_files(watch) / "tue.fit").is_symlink()
    assert (new_files(watch) / "tue.fit").read_bytes() == WORKOUT
    assert outside.read_bytes() == b"my notes"


def test_a_dangling_link_as_file_name_is_not_followed(watch: Path, tmp_path: Path) -> None:
    new_files(watch).mkdir()
    (new_files(watch) / "tue.fit").symlink_to(tmp_path / "created-outside.fit")
    with pytest.raises(StridesError, match="symbolic link"):
        push({"tue.fit": WORKOUT}, watch)
    assert not (tmp_path / "created-outside.fit").exists()


# --- one push at a time ------------------------------------------------------------------------------------

NO_FLOCK = ("import sys, strides.delivery.watch_lock as lock; lock.fcntl = None; "
            "from strides.cli.main import main; sys.exit(main())")


def push_process(source: Path, drive: Path, *, flock: bool = True) -> subprocess.Popen[str]:
    """`python -m strides push SOURCE --device DRIVE`, or the same on a system without flock."""
    program = ["-m", "strides"] if flock else ["-c", NO_FLOCK]
    return subprocess.Popen(
        [sys.executable, *program, "push", str(source), "--device", str(drive)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def outcomes(stdout: str) -> list[tuple[str, str]]:
    """(what, file name) for each file a push reported."""
    lines = [line.split(" ", 2) for line in stdout.splitlines() if line.startswith((COPIED, REPLACED, UNCHANGED))]
    return [(what, Path(path).name) for what, path, *_ in lines]


def assert_whole_and_alone(drive: Path, expected: dict[str, bytes]) -> None:
    assert listing(drive) == sorted(expected)  # no temporary files, no lock file
    for name, data in expected.items():
        written = (new_files(drive) / name).read_bytes()
        assert written == data
        fitwalk.decode(written)


def forked_push(source: Path, drive: Path, start: Barrier, log: Path, *, flock: bool = True) -> BaseProcess:
    """`strides push SOURCE --device DRIVE` in a forked process (quick to start: strides is loaded already),
    from the moment every racer is ready; its output goes to LOG.out and LOG.err, its exit code is its own."""

    def run() -> None:
        if not flock:
            watch_lock.fcntl = None
        with open(f"{log}.out", "w") as out, open(f"{log}.err", "w") as err:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                start.wait()
                code = main(["push", str(source), "--device", str(drive)])
        os._exit(code)

    process = multiprocessing.get_context("fork").Process(target=run)
    process.start()
    return process


def race(sources: list[Path], drive: Path, logs: Path, *, flock: bool = True) -> list[str]:
    """Every source pushed to `drive` at once; the standard output of each push, which must all succeed."""
    start = multiprocessing.get_context("fork").Barrier(len(sources))
    racers = [forked_push(source, drive, start, logs / str(n), flock=flock) for n, source in enumerate(sources)]
    for racer in racers:
        racer.join(timeout=120)
    errors = [(logs / f"{n}.err").read_text() for n in range(len(sources))]
    assert [racer.exitcode for racer in racers] == [EXIT_OK] * len(sources), errors
    return [(logs / f"{n}.out").read_text() for n in range(len(sources))]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="races forked processes")
@pytest.mark.parametrize("flock", [True, False], ids=["flock", "lock-file"])
def test_two_pushes_at_once_write_each_file_once(tmp_path: Path, flock: bool) -> None:
    source = tmp_path / "week.strides"
    source.write_text(WEEK, encoding="utf-8")
    week = fit_files(WEEK)
    for run in range(10):
        drive = tmp_path / f"FR{run}"
        (drive / "GARMIN").mkdir(parents=True)
        reported = sorted(outcomes(out) for out in race([source, source], drive, tmp_path, flock=flock))
        # The one that got the watch first copied every file; the other found them all there.
        assert reported == [[(COPIED, name) for name in week], [(UNCHANGED, name) for name in week]]
        assert_whole_and_alone(drive, week)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="races forked processes")
def test_two_pushes_of_two_versions_at_once_leave_one_whole_version(tmp_path: Path) -> None:
    versions = [WEEK, WEEK.replace("20min @T", "25min @T")]
    sources = []
    for number, text in enumerate(versions):
        sources.append(tmp_path / f"week{number}.strides")
        sources[-1].write_text(text, encoding="utf-8")
    for run in range(10):
        drive = tmp_path / f"FR{run}"
        (drive / "GARMIN").mkdir(parents=True)
        reported = [dict((name, what) for what, name in outcomes(out)) for out in race(sources, drive, tmp_path)]
        tempo = [outcome["thu-tempo.fit"] for outcome in reported]
        assert sorted(tempo) == [COPIED, REPLACED]
        last = tempo.index(REPLACED)  # the push that went second wrote the file that stays
        assert_whole_and_alone(drive, fit_files(versions[last]))


def test_two_strides_commands_at_once_write_each_file_once(tmp_path: Path) -> None:
    """The same race between two `python -m strides push` processes, start-up and all."""
    source = tmp_path / "week.strides"
    source.write_text(WEEK, encoding="utf-8")
    week = fit_files(WEEK)
    for run in range(3):
        drive = tmp_path / f"FR{run}"
        (drive / "GARMIN").mkdir(parents=True)
        racers = [push_process(source, drive) for _ in range(2)]
        results = [racer.communicate(timeout=120) for racer in racers]
        assert [racer.returncode for racer in racers] == [EXIT_OK, EXIT_OK], results
        reported = sorted(outcomes(out) for out, _ in results)
        assert reported == [[(COPIED, name) for name in week], [(UNCHANGED, name) for name in week]]
        assert_whole_and_alone(drive, week)


@pytest.mark.parametrize("flock", [True, False], ids=["flock", "lock-file"])
def test_a_push_waits_while_another_holds_the_watch(
    tmp_path: Path, watch: Path, monkeypatch: pytest.MonkeyPatch, flock: bool
) -> None:
    if not flock:
        monkeypatch.setattr(watch_lock, "fcntl", None)
    source = tmp_path / "week.strides"
    source.write_text(WEEK, encoding="utf-8")
    new_files(watch).mkdir()
    held = watch_lock.acquire(new_files(watch), lambda folder: None)
    try:
        waiting = push_process(source, watch, flock=flock)
        assert waiting.stderr is not None
        assert waiting.stderr.readline().startswith("waiting for another strides push to ")
        week = fit_files(WEEK)
        for name, data in week.items():  # what the push holding the watch writes meanwhile
            (new_files(watch) / name).write_bytes(data)
    finally:
        watch_lock.release(held)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == EXIT_OK, err
    assert outcomes(out) == [(UNCHANGED, name) for name in week]
    assert_whole_and_alone(watch, week)


def test_a_lock_file_left_by_a_push_that_died_is_harmless_with_flock(watch: Path) -> None:
    new_files(watch).mkdir()
    (new_files(watch) / watch_lock.LOCK_NAME).write_bytes(b"")
    assert push({"tue.fit": WORKOUT}, watch).paths(COPIED) == [new_files(watch) / "tue.fit"]
    assert listing(watch) == ["tue.fit"]


def test_without_flock_a_lock_file_left_behind_is_named(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch_lock, "fcntl", None)
    monkeypatch.setattr(watch_lock, "WAIT_SECONDS", 0.0)
    new_files(watch).mkdir()
    (new_files(watch) / watch_lock.LOCK_NAME).write_bytes(b"")
    with pytest.raises(StridesError, match="another strides push has held .*nothing was copied") as caught:
        push({"tue.fit": WORKOUT}, watch)
    assert caught.value.hint is not None and watch_lock.LOCK_NAME in caught.value.hint
    assert listing(watch) == [watch_lock.LOCK_NAME]


class NoLocks:
    """fcntl on a file system without flock (NFS without a lock daemon, some FUSE mounts)."""

    LOCK_EX, LOCK_NB = 2, 4

    @staticmethod
    def flock(handle: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))


def test_a_drive_without_flock_is_locked_by_the_lock_file(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch_lock, "fcntl", NoLocks)
    monkeypatch.setattr(watch_lock, "WAIT_SECONDS", 0.0)
    assert push({"tue.fit": WORKOUT}, watch).paths(COPIED) == [new_files(watch) / "tue.fit"]
    assert listing(watch) == ["tue.fit"]
    (new_files(watch) / watch_lock.LOCK_NAME).write_bytes(b"")  # another push, with the same trouble
    with pytest.raises(StridesError, match="another strides push"):
        push({"thu.fit": WORKOUT}, watch)


# --- problems ------------------------------------------------------------------------------------------


def test_missing_device(tmp_path: Path) -> None:
    with pytest.raises(StridesError, match="does not exist"):
        push({"tue.fit": WORKOUT}, tmp_path / "nowhere")


def test_drive_without_garmin_folder(tmp_path: Path) -> None:
    stick = tmp_path / "USBSTICK"
    stick.mkdir()
    with pytest.raises(StridesError, match="no GARMIN folder"):
        push({"tue.fit": WORKOUT}, stick)
    assert list(stick.iterdir()) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders"
)
def test_read_only_device_folder(watch: Path) -> None:
    (watch / "GARMIN").chmod(0o555)
    try:
        with pytest.raises(StridesError, match="read-only"):
            push({"tue.fit": WORKOUT}, watch)
    finally:
        (watch / "GARMIN").chmod(0o755)


def test_read_only_drive_cannot_get_a_new_files_folder(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push_module.Path, "mkdir", fail_with(errno.EROFS))
    with pytest.raises(StridesError, match="read-only"):
        push({"tue.fit": WORKOUT}, watch)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_device_when_writing(watch: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    new_files(watch).mkdir()
    monkeypatch.setattr(files_module, "_create_temporary", fail_with(code))
    with pytest.raises(StridesError, match="read-only") as caught:
        push({"tue.fit": WORKOUT}, watch)
    assert caught.value.message.endswith("; nothing was copied")
    assert listing(watch) == []


def test_full_device_when_writing(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files_module.os, "fsync", fail_with(errno.ENOSPC))
    with pytest.raises(StridesError, match="full: no room for tue.fit"):
        push({"tue.fit": WORKOUT}, watch)
    assert listing(watch) == []  # no temporary file either


def test_full_device_is_noticed_before_writing(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push_module, "_free_bytes", lambda folder: 3)
    with pytest.raises(StridesError, match="full.*nothing was copied"):
        push({"tue.fit": WORKOUT}, watch)
    assert not (new_files(watch) / "tue.fit").exists()


def test_each_file_takes_whole_clusters(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push_module, "_free_bytes", lambda folder: 40_000)
    monkeypatch.setattr(push_module, "_block_size", lambda folder: 32_768)
    with pytest.raises(StridesError, match="65536 bytes to copy, 40000 free"):
        push({"tue.fit": WORKOUT, "thu.fit": OTHER}, watch)


def test_device_unplugged_while_writing(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files_module.os, "fsync", fail_with(errno.EIO))
    with pytest.raises(StridesError, match="went away while copying tue.fit"):
        push({"tue.fit": WORKOUT}, watch)


def test_a_watch_that_fills_up_says_what_was_copied(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f"{day}.fit" for day in ("mon", "tue", "wed", "thu", "fri")]
    monkeypatch.setattr(files_module.os, "fsync", fail_from_the(3, errno.ENOSPC, os.fsync))
    with pytest.raises(PushError) as caught:
        push(dict.fromkeys(names, WORKOUT), watch)
    assert caught.value.message == (
        f"the watch is full after 2 of 5 files: no room for wed.fit in {new_files(watch)}; 2 copied: mon.fit, tue.fit"
    )
    assert caught.value.pushed.paths(COPIED) == [new_files(watch) / "mon.fit", new_files(watch) / "tue.fit"]
    assert listing(watch) == ["mon.fit", "tue.fit"]


def test_a_partial_failure_tells_copied_replaced_and_unchanged_apart(
    watch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    push({"mon.fit": WORKOUT, "tue.fit": b""}, watch)
    monkeypatch.setattr(files_module.os, "fsync", fail_from_the(3, errno.EIO, os.fsync))
    files = {"mon.fit": WORKOUT, "tue.fit": WORKOUT, "wed.fit": WORKOUT, "thu.fit": WORKOUT, "fri.fit": OTHER}
    with pytest.raises(PushError) as caught:
        push(files, watch)
    assert caught.value.message == (
        f"the watch at {new_files(watch)} went away while copying thu.fit after 3 of 5 files; "
        "1 copied: wed.fit; 1 replaced: tue.fit; 1 unchanged: mon.fit"
    )
    assert caught.value.hint == "plug it in again and push again"


def test_any_other_failure_is_one_line_with_its_reason(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files_module.os, "fsync", fail_with(errno.ENAMETOOLONG))
    with pytest.raises(StridesError) as caught:
        push({"tue.fit": WORKOUT}, watch)
    target = new_files(watch) / "tue.fit"
    assert caught.value.message == f"cannot write {target}: the file name is too long; nothing was copied"


@pytest.mark.parametrize("name", ["../escape.fit", "sub/dir.fit", "", ".hidden.fit", "c:\\x.fit"])
def test_file_names_must_be_plain(watch: Path, name: str) -> None:
    with pytest.raises(StridesError, match="plain file name"):
        push({name: WORKOUT}, watch)


def test_names_differing_only_in_case_clash(watch: Path) -> None:
    with pytest.raises(StridesError, match="both be called"):
        push({"Tue.fit": WORKOUT, "tue.FIT": OTHER}, watch)


# --- the command -------------------------------------------------------------------------------------------


def run_push(capsys: pytest.CaptureFixture[str], source: Path, drive: Path, *more: str) -> tuple[int, str, str]:
    code = main(["push", str(source), "--device", str(drive), *more])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_command_says_what_it_did_to_each_file(
    tmp_path: Path, watch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "week.strides"
    source.write_text(WEEK, encoding="utf-8")
    code, out, _ = run_push(capsys, source, watch)
    assert code == EXIT_OK and outcomes(out) == [(COPIED, name) for name in fit_files(WEEK)]
    assert "Unplug the watch" in out
    code, out, _ = run_push(capsys, source, watch)
    assert code == EXIT_OK and outcomes(out) == [(UNCHANGED, name) for name in fit_files(WEEK)]
    assert "nothing written" in out and "Unplug" not in out
    source.write_text(WEEK.replace("90min", "100min"), encoding="utf-8")
    code, out, _ = run_push(capsys, source, watch)
    assert code == EXIT_OK and (REPLACED, "sat-long.fit") in outcomes(out)


def test_the_command_refuses_a_foreign_file_in_one_line_and_force_replaces_it(
    tmp_path: Path, watch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "week.strides"
    source.write_text(WEEK, encoding="utf-8")
    new_files(watch).mkdir()
    (new_files(watch) / "sat-long.fit").write_bytes(b"a note")
    code, out, err = run_push(capsys, source, watch)
    assert code == EXIT_INPUT and out == ""
    message, hint = err.splitlines()
    assert message.startswith("strides: ") and "sat-long.fit" in message
    assert "--force" in hint
    code, out, _ = run_push(capsys, source, watch, "--force")
    assert code == EXIT_OK and (REPLACED, "sat-long.fit") in outcomes(out)


def test_the_command_reports_a_full_watch_and_exits_one(
    tmp_path: Path, watch: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "week.strides"
    source.write_text(WEEK, encoding="utf-8")
    monkeypatch.setattr(files_module.os, "fsync", fail_from_the(2, errno.ENOSPC, os.fsync))
    code, out, err = run_push(capsys, source, watch)
    assert code == EXIT_INPUT
    assert err.startswith("strides: the watch is full after 1 of 3 files: no room for thu-tempo.fit")
    assert err.rstrip().endswith("; 1 copied: tue-12x400.fit") and len(err.splitlines()) == 1


# --- finding the watch ---------------------------------------------------------------------------------


def test_finds_drives_with_a_garmin_folder(tmp_path: Path) -> None:
    media = tmp_path / "media" / "runner"
    for drive in ("FR255", "USBSTICK", "FENIX"):
        (media / drive).mkdir(parents=True)
    (media / "FR255" / "GARMIN").mkdir()
    (media / "FENIX" / "GARMIN").mkdir()
    (media / "USBSTICK" / "Photos").mkdir()
    assert find_garmin_volumes([media, tmp_path / "missing"]) == [media / "FENIX", media / "FR255"]


def test_finds_nothing_without_drives(tmp_path: Path) -> None:
    assert find_garmin_volumes([tmp_path]) == []


def test_looking_in_the_system_places_does_not_fail() -> None:
    assert all(isinstance(volume, Path) for volume in find_garmin_volumes())


def test_help_when_no_watch_is_found() -> None:
    text = no_device_help()
    assert "GARMIN" in text and "NewFiles" in text
    assert "mtp-sendfile FILE /GARMIN/NewFiles" in text
    assert "jmtpfs" in text and "go-mtpfs" in text and "--device" in text
    assert "not workout files" in text  # Garmin Connect's web import is not a way in
