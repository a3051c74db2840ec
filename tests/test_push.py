"""Pushing workout files to a watch drive, against fake drives in a temporary folder."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import strides.push as push_module
from strides.errors import StridesError
from strides.push import find_garmin_volumes, no_device_help, push

WORKOUT = b"\x0e\x20fake fit bytes"
OTHER = b"\x0e\x20other fit bytes"


@pytest.fixture
def watch(tmp_path: Path) -> Path:
    """A drive as a watch mounts it: a GARMIN folder, no NewFiles yet."""
    drive = tmp_path / "FR255"
    (drive / "GARMIN").mkdir(parents=True)
    return drive


def new_files(drive: Path) -> Path:
    return drive / "GARMIN" / "NewFiles"


def fail_with(code: int):  # type: ignore[no-untyped-def]
    def fail(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code))

    return fail


# --- copying -------------------------------------------------------------------------------------------


def test_push_copies_into_new_files(watch: Path) -> None:
    written = push({"tue.fit": WORKOUT, "thu.fit": OTHER}, watch)
    assert written == [new_files(watch) / "tue.fit", new_files(watch) / "thu.fit"]
    assert (new_files(watch) / "tue.fit").read_bytes() == WORKOUT
    assert (new_files(watch) / "thu.fit").read_bytes() == OTHER


def test_the_garmin_folder_itself_is_accepted(watch: Path) -> None:
    (watch / "GARMIN" / "Activity").mkdir()
    assert push({"tue.fit": WORKOUT}, watch / "GARMIN") == [new_files(watch) / "tue.fit"]


def test_a_drive_merely_labelled_garmin_is_not_a_watch(tmp_path: Path) -> None:
    stick = tmp_path / "GARMIN"
    stick.mkdir()
    with pytest.raises(StridesError, match="no GARMIN folder"):
        push({"tue.fit": WORKOUT}, stick)
    assert list(stick.iterdir()) == []


def test_push_leaves_no_temporary_files(watch: Path) -> None:
    push({"tue.fit": WORKOUT}, watch)
    assert sorted(p.name for p in new_files(watch).iterdir()) == ["tue.fit"]


def test_existing_new_files_folder_is_used(watch: Path) -> None:
    new_files(watch).mkdir()
    (new_files(watch) / "old.fit").write_bytes(OTHER)
    push({"tue.fit": WORKOUT}, watch)
    assert sorted(p.name for p in new_files(watch).iterdir()) == ["old.fit", "tue.fit"]


def test_identical_file_already_there_is_fine_and_not_rewritten(
    watch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    push({"tue.fit": WORKOUT}, watch)
    monkeypatch.setattr(push_module, "_write_temp", fail_with(errno.EIO))
    assert push({"tue.fit": WORKOUT}, watch) == [new_files(watch) / "tue.fit"]


def test_different_file_of_the_same_name_is_never_replaced(watch: Path) -> None:
    push({"tue.fit": OTHER}, watch)
    with pytest.raises(StridesError, match="different content") as caught:
        push({"new.fit": WORKOUT, "tue.fit": WORKOUT}, watch)
    assert "tue.fit" in caught.value.message
    assert (new_files(watch) / "tue.fit").read_bytes() == OTHER
    assert not (new_files(watch) / "new.fit").exists()  # nothing is copied when one file clashes


def test_a_copy_that_reads_back_wrong_is_reported(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = push_module._write_temp

    def corrupting_write(folder: Path, data: bytes) -> Path:
        return real_write(folder, data[:-1])

    monkeypatch.setattr(push_module, "_write_temp", corrupting_write)
    with pytest.raises(StridesError, match="reads back different"):
        push({"tue.fit": WORKOUT}, watch)


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


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_device_when_writing(watch: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    monkeypatch.setattr(push_module, "_write_temp", fail_with(code))
    with pytest.raises(StridesError, match="read-only"):
        push({"tue.fit": WORKOUT}, watch)
    assert not (new_files(watch) / "tue.fit").exists()


def test_full_device_when_writing(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push_module, "_write_temp", fail_with(errno.ENOSPC))
    with pytest.raises(StridesError, match="full"):
        push({"tue.fit": WORKOUT}, watch)


def test_full_device_is_noticed_before_writing(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push_module, "_free_bytes", lambda folder: 3)
    with pytest.raises(StridesError, match="full"):
        push({"tue.fit": WORKOUT}, watch)
    assert not (new_files(watch) / "tue.fit").exists()


def test_device_unplugged_while_writing(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push_module, "_write_temp", fail_with(errno.EIO))
    with pytest.raises(StridesError, match="went away"):
        push({"tue.fit": WORKOUT}, watch)


def test_a_failed_write_leaves_no_temporary_file(watch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync_fails(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(push_module.os, "fsync", fsync_fails)
    with pytest.raises(StridesError, match="full"):
        push({"tue.fit": WORKOUT}, watch)
    assert list(new_files(watch).iterdir()) == []


@pytest.mark.parametrize("name", ["../escape.fit", "sub/dir.fit", "", ".hidden.fit", "c:\\x.fit"])
def test_file_names_must_be_plain(watch: Path, name: str) -> None:
    with pytest.raises(StridesError, match="plain file name"):
        push({name: WORKOUT}, watch)


def test_names_differing_only_in_case_clash(watch: Path) -> None:
    with pytest.raises(StridesError, match="both be called"):
        push({"Tue.fit": WORKOUT, "tue.FIT": OTHER}, watch)


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
