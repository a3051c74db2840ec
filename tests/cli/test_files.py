"""The one file writer: whole or nothing, and never over what is not a regular file of ours."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

from strides import files
from strides.files import WriteError, commit, discard, stage, write_file


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(files.TEMP_PREFIX))


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        files._umask.cache_clear()
        write_file(tmp_path / "a.fit", b"data")
    finally:
        os.umask(old)
        files._umask.cache_clear()
    assert stat.S_IMODE((tmp_path / "a.fit").stat().st_mode) == 0o644


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    script = tmp_path / "week.strides"
    script.write_text("old")
    script.chmod(0o755)
    write_file(script, b"new")
    assert script.read_bytes() == b"new"
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert leftovers(tmp_path) == []


def test_a_symlink_is_followed_and_its_target_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.strides"
    real.write_text("old")
    link = tmp_path / "link.strides"
    link.symlink_to(real)
    assert write_file(link, b"new") == real
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_a_hard_linked_file_is_rewritten_for_every_name(tmp_path: Path) -> None:
    first = tmp_path / "a.strides"
    first.write_text("old text that is longer")
    second = tmp_path / "b.strides"
    os.link(first, second)
    write_file(first, b"new")
    assert second.read_bytes() == b"new"
    assert first.stat().st_ino == second.stat().st_ino
    assert leftovers(tmp_path) == []


def test_a_hard_linked_file_is_rewritten_without_a_temporary_file(tmp_path: Path) -> None:
    """A stop at any moment of the save (even SIGKILL) can then leave nothing behind."""
    first = tmp_path / "a.strides"
    first.write_text("old")
    os.link(first, tmp_path / "b.strides")
    staged = stage(first, b"new text")
    assert leftovers(tmp_path) == [] and staged.temporary is None
    commit(staged)
    assert (tmp_path / "b.strides").read_bytes() == b"new text"


def test_a_hard_linked_file_is_never_replaced_by_an_exclusive_write(tmp_path: Path) -> None:
    first = tmp_path / "a.strides"
    first.write_text("theirs")
    os.link(first, tmp_path / "b.strides")
    with pytest.raises(FileExistsError):
        write_file(first, b"mine", exclusive=True)
    assert first.read_bytes() == b"theirs"


def test_a_hard_linked_file_that_cannot_take_the_new_text_keeps_the_old(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = tmp_path / "a.strides"
    first.write_text("old text")
    os.link(first, tmp_path / "b.strides")
    real = os.write
    writes: list[int] = []

    def write(handle: int, data: bytes | memoryview) -> int:
        writes.append(handle)
        if len(writes) == 1:  # the new text: the disk is full halfway
            real(handle, bytes(data[:3]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(handle, data)

    monkeypatch.setattr(files.os, "write", write)
    with pytest.raises(WriteError, match="no space left"):
        write_file(first, b"a much longer new text")
    assert (tmp_path / "b.strides").read_bytes() == b"old text"
    assert leftovers(tmp_path) == []


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_file(fifo, b"through")
    reader.join(timeout=10)
    assert received == [b"through"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_character_device_is_written_through(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    write_file(null, b"gone")
    assert stat.S_ISCHR(null.stat().st_mode)
    assert leftovers(tmp_path) == []


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="it is a folder"):
        write_file(tmp_path, b"x")


def test_a_file_in_place_of_a_folder_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "dir").write_text("a file")
    with pytest.raises(WriteError, match="not a folder"):
        write_file(tmp_path / "dir" / "x.fit", b"x")


def test_a_long_name_still_gets_a_short_temporary_name(tmp_path: Path) -> None:
    name = "w" * 250 + ".fit"
    write_file(tmp_path / name, b"x")
    assert (tmp_path / name).read_bytes() == b"x"
    with pytest.raises(WriteError, match="too long"):
        write_file(tmp_path / ("w" * 300 + ".fit"), b"x")
    assert leftovers(tmp_path) == []


def test_an_exclusive_commit_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "tue.fit"
    staged = stage(target, b"mine")
    target.write_bytes(b"theirs")
    with pytest.raises(FileExistsError):
        commit(staged, exclusive=True)
    assert target.read_bytes() == b"theirs"
    assert leftovers(tmp_path) == []


def test_a_discarded_file_leaves_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "tue.fit"
    target.write_bytes(b"old")
    staged = stage(target, b"new")
    discard(staged)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


# ---- a batch of files -------------------------------------------------------------------------------------
def _failing_fsync(monkeypatch: pytest.MonkeyPatch, at: int, code: int) -> list[int]:
    """os.fsync failing with `code` at its `at`-th call (from 1); returns the calls' list of descriptors."""
    calls: list[int] = []
    real = os.fsync

    def fsync(handle: int) -> None:
        calls.append(handle)
        if len(calls) == at:
            raise OSError(code, os.strerror(code))
        real(handle)

    monkeypatch.setattr(files.os, "fsync", fsync)
    return calls


def test_a_batch_forces_every_file_to_the_disk_before_any_takes_its_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_link = os.fsync, os.link

    def fsync(handle: int) -> None:
        events.append("fsync")
        real_fsync(handle)

    def link(source: Path, target: Path) -> None:
        events.append("link")
        real_link(source, target)

    monkeypatch.setattr(files.os, "fsync", fsync)
    monkeypatch.setattr(files.os, "link", link)
    done = files.write_all([(tmp_path / f"w{n}.fit", b"%d" % n) for n in range(5)])
    assert done.written == tuple(str(tmp_path / f"w{n}.fit") for n in range(5))
    assert events == ["fsync"] * 5 + ["link"] * 5
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"w{n}.fit" for n in range(5)]


def test_a_file_that_cannot_reach_the_disk_stops_the_batch_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _failing_fsync(monkeypatch, 3, errno.ENOSPC)
    with pytest.raises(files.BatchError) as caught:
        files.write_all([(tmp_path / f"w{n}.fit", b"x") for n in range(5)])
    assert "w2.fit" in caught.value.message
    assert list(tmp_path.iterdir()) == [], "no file and no temporary file stays"


def test_with_keep_going_the_files_that_reach_the_disk_are_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _failing_fsync(monkeypatch, 3, errno.EIO)
    done = files.write_all([(tmp_path / f"w{n}.fit", b"x") for n in range(5)], keep_going=True)
    assert [Path(name).name for name in done.written] == ["w0.fit", "w1.fit", "w3.fit", "w4.fit"]
    assert len(done.failed) == 1 and "w2.fit" in done.failed[0].message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w0.fit", "w1.fit", "w3.fit", "w4.fit"]
