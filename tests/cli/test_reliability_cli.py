"""The command line under faults: what `-o` may replace, full and read-only disks, size limits, closed
streams, batches that fail part-way or are interrupted, unreadable inputs and floods of mistakes."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from strides import files, names
from strides.cli.main import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from strides.errors import StridesError
from strides.files import WriteError

PACE = "5k = 19:00\n"
ONE = "400 @5k"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def strides(*args: str, cwd: Path | None = None, preexec: Callable[[], None] | None = None,
            stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """strides in a process of its own, for what only a process has: its umask, limits and streams."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # under `ulimit -f`, only strides' own writes
    return subprocess.run([sys.executable, "-m", "strides", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, cwd=cwd, preexec_fn=preexec, env=env)


def one_line(stderr: str) -> str:
    """The single `strides: …` line a write failure is, never a traceback."""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("strides: "), stderr
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(f"{files.TEMP_PREFIX}*"))


def plan(tmp_path: Path, *workouts: str, name: str = "plan.strides") -> Path:
    path = tmp_path / name
    path.write_text(PACE + "".join(f"{w}\n" for w in workouts), encoding="utf-8")
    return path


def days(count: int) -> list[str]:
    return [f"Day {k}:\n  {1 + k % 9}x400 @5k r1min" for k in range(count)]


def make_device(path: Path, major: int, minor: int) -> None:
    if not IS_ROOT:
        pytest.skip("making a device node needs root")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))


def mount_tmpfs(folder: Path, options: str) -> None:
    if not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


def unmount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], capture_output=True)
    if os.path.ismount(folder):
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 64 KiB file system of its own."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mount_tmpfs(folder, "size=64k")
    try:
        yield folder
    finally:
        unmount(folder)


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a read-only file system holding `old.json`. (chmod cannot stand in: root writes anyway.)"""
    folder = tmp_path / "ro"
    folder.mkdir()
    mount_tmpfs(folder, "size=64k")
    try:
        (folder / "old.json").write_text("old")
        (folder / "week.strides").write_text("5K = 19:00\nTue:\n  12X400 @5K R1MIN\n")
        remounted = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True, text=True)
        if remounted.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remounted.stderr.strip()}")
        yield folder
    finally:
        unmount(folder)


def file_size_limit(limit: int) -> Callable[[], None]:
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limited


# --- 1. -o never replaces what is not ours ---------------------------------------------------------------

def test_o_onto_a_fifo_writes_through_and_leaves_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert main(["compile", "-e", ONE, "--set", "5k=19:00", "-o", str(fifo)]) == EXIT_OK
    reader.join(timeout=30)
    assert received and received[0].startswith(b"{") and b'"workouts"' in received[0]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert leftovers(tmp_path) == []


def test_o_onto_a_character_device_writes_through_and_leaves_it(tmp_path: Path) -> None:
    null = tmp_path / "null"
    make_device(null, 1, 3)
    done = strides("compile", "-e", ONE, "--set", "5k=19:00", "-f", "fit", "-o", str(null))
    assert done.returncode == EXIT_OK, done.stderr
    assert stat.S_ISCHR(null.stat().st_mode) and null.stat().st_rdev == os.makedev(1, 3)
    assert leftovers(tmp_path) == []


def test_o_onto_a_full_device_is_one_line(tmp_path: Path) -> None:
    full = tmp_path / "full"
    make_device(full, 1, 7)
    done = strides("compile", "-e", ONE, "--set", "5k=19:00", "-o", str(full))
    assert done.returncode == EXIT_INPUT
    assert one_line(done.stderr) == f"strides: cannot write {full}: no space left on the device"
    assert stat.S_ISCHR(full.stat().st_mode)


def test_o_onto_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main(["compile", "-e", ONE, "--set", "5k=19:00", "-o", str(link)]) == EXIT_OK
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert b'"workouts"' in real.read_bytes()
    assert leftovers(tmp_path) == []


def test_o_onto_a_link_to_standard_output_writes_to_the_pipe(tmp_path: Path) -> None:
    # /dev/stdout is such a link: its target (`pipe:[…]`) is no file that could be replaced.
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    done = strides("compile", "-e", ONE, "--set", "5k=19:00", "-o", str(link))
    assert done.returncode == EXIT_OK, done.stderr
    assert '"workouts"' in done.stdout


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_new_files_get_the_permissions_the_umask_gives(tmp_path: Path, umask: int, mode: int) -> None:
    source = plan(tmp_path, *days(2))
    done = strides("compile", str(source), "-f", "fit", "-o", str(tmp_path / "out") + "/",
                   preexec=lambda: (os.umask(umask), None)[1])
    assert done.returncode == EXIT_OK, done.stderr
    single = strides("compile", str(source), "-f", "json", "-o", str(tmp_path / "week.json"),
                     preexec=lambda: (os.umask(umask), None)[1])
    assert single.returncode == EXIT_OK, single.stderr
    written = [*(tmp_path / "out").iterdir(), tmp_path / "week.json"]
    assert len(written) == 3
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {mode}


def test_new_files_follow_a_umask_changed_in_process(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert main(["compile", "-e", ONE, "--set", "5k=19:00", "-o", str(tmp_path / "a.json")]) == EXIT_OK
        os.umask(0o027)
        assert main(["compile", "-e", ONE, "--set", "5k=19:00", "-o", str(tmp_path / "b.json")]) == EXIT_OK
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.json").stat().st_mode) == 0o640


def test_o_onto_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "week.json"
    target.write_text("old")
    target.chmod(0o604)
    assert main(["compile", "-e", ONE, "--set", "5k=19:00", "-o", str(target)]) == EXIT_OK
    assert stat.S_IMODE(target.stat().st_mode) == 0o604 and b'"workouts"' in target.read_bytes()


MESSY = "5K = 19:00\nTue:\n  12X400 @5K R1MIN\n"
CANONICAL_START = "5k = 19:00\n"


@pytest.mark.parametrize("how", ["in-process", "subprocess"])
def test_fmt_w_on_a_symlink_rewrites_the_target_and_keeps_the_link(tmp_path: Path, how: str) -> None:
    real = tmp_path / "real.strides"
    real.write_text(MESSY)
    link = tmp_path / "link.strides"
    link.symlink_to(real.name)
    fmt_w(how, link)
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_text().startswith(CANONICAL_START)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("how", ["in-process", "subprocess"])
def test_fmt_w_keeps_an_executable_mode(tmp_path: Path, how: str) -> None:
    script = tmp_path / "week.strides"
    script.write_text(MESSY)
    script.chmod(0o755)
    fmt_w(how, script)
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert script.read_text().startswith(CANONICAL_START)


@pytest.mark.parametrize("how", ["in-process", "subprocess"])
def test_fmt_w_on_a_hard_linked_file_rewrites_every_name(tmp_path: Path, how: str) -> None:
    first = tmp_path / "a.strides"
    first.write_text(MESSY)
    second = tmp_path / "b.strides"
    os.link(first, second)
    fmt_w(how, first)
    assert first.stat().st_ino == second.stat().st_ino and first.stat().st_nlink == 2
    assert second.read_text().startswith(CANONICAL_START)
    assert leftovers(tmp_path) == []


def fmt_w(how: str, path: Path) -> None:
    if how == "in-process":
        assert main(["fmt", "-w", str(path)]) == EXIT_OK
    else:
        done = strides("fmt", "-w", str(path))
        assert done.returncode == EXIT_OK and done.stderr == f"rewrote {path}\n", done.stderr


# --- 2. write errors are one line, exit 1, and leave no temporary file -----------------------------------

def test_a_full_disk_is_one_line_and_the_old_file_stays(small_disk: Path, tmp_path: Path) -> None:
    source = plan(tmp_path, *days(400))  # about 300 KB of page: more than the disk holds
    target = small_disk / "week.html"
    target.write_text("old page")
    done = strides("compile", str(source), "-f", "html", "-o", str(target))
    assert done.returncode == EXIT_INPUT
    assert one_line(done.stderr) == f"strides: cannot write {target}: no space left on the device"
    assert target.read_text() == "old page"
    assert leftovers(small_disk) == []


def test_python_ignores_sigxfsz_so_a_size_limit_is_an_error_not_a_kill() -> None:
    done = subprocess.run([sys.executable, "-c", "import signal; print(signal.getsignal(signal.SIGXFSZ))"],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == str(signal.SIG_IGN)


def test_a_file_larger_than_ulimit_f_is_one_line(tmp_path: Path) -> None:
    source = plan(tmp_path, *days(40))
    target = tmp_path / "week.html"
    done = strides("compile", str(source), "-f", "html", "-o", str(target), preexec=file_size_limit(4096))
    assert done.returncode == EXIT_INPUT, "killed by SIGXFSZ?" if done.returncode < 0 else done.stderr
    assert one_line(done.stderr) == (f"strides: cannot write {target}: "
                                     "the file is larger than this system allows (ulimit -f?)")
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_a_read_only_disk_is_one_line(read_only_disk: Path) -> None:
    for target in (read_only_disk / "new.json", read_only_disk / "old.json", read_only_disk / "sub" / "x.json"):
        done = strides("compile", "-e", ONE, "--set", "5k=19:00", "-o", str(target))
        assert done.returncode == EXIT_INPUT
        assert one_line(done.stderr) == f"strides: cannot write {target}: the file system is read-only"
    assert (read_only_disk / "old.json").read_text() == "old"
    fmt = strides("fmt", "-w", str(read_only_disk / "week.strides"))
    assert fmt.returncode == EXIT_INPUT
    assert one_line(fmt.stderr).endswith("week.strides: the file system is read-only")


def test_o_below_a_regular_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dir").write_text("a file")
    target = tmp_path / "dir" / "x.json"
    assert main(["compile", "-e", ONE, "--set", "5k=19:00", "-o", str(target)]) == EXIT_INPUT
    assert one_line(capsys.readouterr().err) == f"strides: cannot write {target}: a part of the path is a file, " \
                                                "not a folder"
    assert (tmp_path / "dir").read_text() == "a file"


def test_an_over_long_file_name_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for out in (str(tmp_path / ("w" * 300 + ".json")), str(tmp_path / ("w" * 300)) + "/"):
        assert main(["compile", "-e", ONE, "--set", "5k=19:00", "-o", out]) == EXIT_INPUT
        assert one_line(capsys.readouterr().err).endswith(": the file name is too long")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("target", ["/proc/version", "/proc/self/status"])
def test_o_under_proc_is_refused_and_writes_nothing(target: str) -> None:
    before = Path("/proc/version").read_text()
    done = strides("compile", "-e", ONE, "--set", "5k=19:00", "-o", target)
    assert done.returncode == EXIT_INPUT
    folder = str(Path(target).parent)
    assert one_line(done.stderr) == f"strides: cannot write {target}: {folder} does not take new files"
    assert Path("/proc/version").read_text() == before


def test_standard_output_on_a_full_device_is_one_line(tmp_path: Path) -> None:
    full = tmp_path / "full"
    make_device(full, 1, 7)
    for command in (["compile", "-e", ONE, "--set", "5k=19:00"], ["explain", "-e", ONE, "--set", "5k=19:00"],
                    ["compile", "-e", ONE, "--set", "5k=19:00", "-f", "fit", "-o", "-"],
                    ["paces", "--set", "5k=19:00"]):
        with full.open("wb") as sink:
            done = subprocess.run([sys.executable, "-m", "strides", *command], stdout=sink, stderr=subprocess.PIPE,
                                  text=True, timeout=60)
        assert done.returncode == EXIT_INPUT, command
        assert one_line(done.stderr) == "strides: cannot write standard output: no space left on the device"


@pytest.mark.parametrize("command", [["compile", "-e", ONE, "--set", "5k=19:00"],
                                     ["check", "-e", ONE, "--set", "5k=19:00"], ["fmt", "-e", ONE]])
def test_a_closed_standard_output_is_one_line(command: list[str]) -> None:
    done = strides(*command, preexec=lambda: os.close(1))
    assert done.returncode == EXIT_INPUT
    assert one_line(done.stderr) == "strides: cannot write standard output: it is closed"


def test_a_closed_standard_input_is_one_line() -> None:
    done = strides("compile", "-", "--set", "5k=19:00", preexec=lambda: os.close(0))
    assert done.returncode == EXIT_INPUT
    assert one_line(done.stderr) == "strides: cannot read standard input: it is closed"


def test_a_closed_standard_error_does_not_spill_into_standard_output() -> None:
    done = strides("compile", "-e", "12x400 @zz", "--set", "5k=19:00", preexec=lambda: os.close(2))
    assert done.returncode == EXIT_INPUT and done.stdout == ""


# --- 3. batches: all or nothing, or as much as can be with --keep-going ----------------------------------

def big_workout(name: str) -> str:
    """A workout whose FIT file is several times larger than one of `days`."""
    return f"{name}:\n  " + "; ".join(f"{100 + k} @5k" for k in range(45))


def test_a_batch_stopped_by_ulimit_f_takes_back_every_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "day-3.fit").write_bytes(b"old")
    (out / "notes.txt").write_text("mine")
    source = plan(tmp_path, *days(6), big_workout("Huge"), *days(3))
    done = strides("compile", str(source), "-f", "fit", "-o", f"{out}/", preexec=file_size_limit(1500))
    assert done.returncode == EXIT_INPUT, done.stderr
    assert one_line(done.stderr) == (f"strides: cannot write {out}/huge.fit: the file is larger than this "
                                     "system allows (ulimit -f?) (no file was written)")
    assert sorted(p.name for p in out.iterdir()) == ["day-3.fit", "notes.txt"]
    assert (out / "day-3.fit").read_bytes() == b"old"


def test_a_batch_that_fills_the_disk_writes_nothing(small_disk: Path, tmp_path: Path) -> None:
    (small_disk / "tue.fit").write_bytes(b"old")
    source = plan(tmp_path, *days(40), "Tue:\n  5x1k @5k r2min")
    done = strides("compile", str(source), "-f", "fit", "-o", f"{small_disk}/week/")
    assert done.returncode == EXIT_INPUT
    assert one_line(done.stderr).endswith(": no space left on the device (no file was written)")
    assert sorted(p.name for p in small_disk.iterdir()) == ["tue.fit"]  # the folder it made is gone too
    assert (small_disk / "tue.fit").read_bytes() == b"old"


def test_keep_going_writes_what_fits_and_names_what_does_not(small_disk: Path, tmp_path: Path) -> None:
    source = plan(tmp_path, *days(40))
    done = strides("compile", str(source), "-f", "fit", "-o", f"{small_disk}/", "--keep-going")
    assert done.returncode == EXIT_INPUT
    assert "Traceback" not in done.stderr
    written = sorted(p.name for p in small_disk.iterdir())
    failed = [line for line in done.stderr.splitlines() if line.endswith(": no space left on the device")]
    assert written and failed and len(written) + len(failed) == 40
    assert {line.split(": ")[1].removeprefix(f"cannot write {small_disk}/") for line in failed}.isdisjoint(written)
    assert done.stderr.splitlines()[-1] == (f"strides: wrote {len(written)} of 40 .fit files into {small_disk}; "
                                            f"{len(failed)} could not be written")
    assert leftovers(small_disk) == []


def test_keep_going_names_each_file_written_in_a_short_batch(tmp_path: Path) -> None:
    source = plan(tmp_path, *days(3), big_workout("Huge"))
    out = tmp_path / "out"
    done = strides("compile", str(source), "-f", "fit", "-o", f"{out}/", "--keep-going",
                   preexec=file_size_limit(1500))
    assert done.returncode == EXIT_INPUT
    assert done.stderr.splitlines() == [
        f"wrote {out}/day-0.fit", f"wrote {out}/day-1.fit", f"wrote {out}/day-2.fit",
        f"strides: cannot write {out}/huge.fit: the file is larger than this system allows (ulimit -f?)",
        f"strides: wrote 3 of 4 .fit files into {out}; 1 could not be written",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["day-0.fit", "day-1.fit", "day-2.fit"]


def failing_commit(monkeypatch: pytest.MonkeyPatch, fail_on: str,
                   then: Callable[[], None] | None = None) -> list[str]:
    """Make committing the file named `fail_on` fail (or, given `then`, do that first and go on); returns
    the names committed, in order."""
    real_commit = files.commit
    committed: list[str] = []

    def commit(staged: files.Staged, *, exclusive: bool = False) -> None:
        if staged.path.name == fail_on:
            if then is not None:
                then()
            else:
                raise WriteError(f"cannot write {staged.shown}: an input/output error")
        real_commit(staged, exclusive=exclusive)
        committed.append(staged.path.name)

    monkeypatch.setattr(files, "commit", commit)
    return committed


def test_a_batch_failing_part_way_removes_only_the_files_it_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "day-1.fit").write_bytes(b"old")
    committed = failing_commit(monkeypatch, "day-3.fit")
    source = plan(tmp_path, *days(5))
    assert main(["compile", str(source), "-f", "fit", "-o", f"{out}/"]) == EXIT_INPUT
    assert committed == ["day-0.fit", "day-2.fit"]  # new files go first: no old file was touched yet
    assert sorted(p.name for p in out.iterdir()) == ["day-1.fit"]
    assert (out / "day-1.fit").read_bytes() == b"old"
    assert one_line(capsys.readouterr().err) == (f"strides: cannot write {out}/day-3.fit: an input/output error "
                                                 "(no file was written)")


def test_a_batch_failing_among_old_files_says_which_were_rewritten(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("day-0.fit", "day-1.fit"):
        (out / name).write_bytes(b"old")
    failing_commit(monkeypatch, "day-1.fit")
    assert main(["compile", str(plan(tmp_path, *days(3))), "-f", "fit", "-o", f"{out}/"]) == EXIT_INPUT
    assert sorted(p.name for p in out.iterdir()) == ["day-0.fit", "day-1.fit"]
    assert (out / "day-0.fit").read_bytes() != b"old" and (out / "day-1.fit").read_bytes() == b"old"
    assert one_line(capsys.readouterr().err) == (
        f"strides: cannot write {out}/day-1.fit: an input/output error (no new file was written, but "
        f"{out}/day-0.fit was already rewritten and keeps the new text)")
    assert leftovers(out) == []


@pytest.mark.parametrize(("signum", "code"), [pytest.param(signal.SIGTERM, 143, id="SIGTERM"),
                                             pytest.param(signal.SIGINT, 130, id="SIGINT")])
def test_a_signal_while_committing_takes_back_the_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, code: int) -> None:
    # The signal lands while a file changes hands; it must wait until the batch knows about that file.
    committed = failing_commit(monkeypatch, "day-4.fit", then=lambda: os.kill(os.getpid(), signum))
    out = tmp_path / "out"
    assert main(["compile", str(plan(tmp_path, *days(8))), "-f", "fit", "-o", f"{out}/"]) == code
    assert committed[-1] == "day-4.fit"  # the file changing hands when the signal came was noted, then taken back
    assert not out.exists()
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # main() gives back the handler it set


@pytest.mark.parametrize(("signum", "code"), [pytest.param(signal.SIGTERM, 143, id="SIGTERM"),
                                             pytest.param(signal.SIGINT, 130, id="SIGINT")])
def test_a_signal_while_staging_takes_back_the_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, code: int) -> None:
    real_stage = files.stage
    staged_count = [0]

    def stage(path: Path | str, data: bytes, *, sync: bool = True) -> files.Staged:
        staged_count[0] += 1
        if staged_count[0] == 3:
            os.kill(os.getpid(), signum)  # held until this file is noted, then raised
        return real_stage(path, data, sync=sync)

    monkeypatch.setattr(files, "stage", stage)
    out = tmp_path / "out"
    assert main(["compile", str(plan(tmp_path, *days(8))), "-f", "fit", "-o", f"{out}/"]) == code
    assert staged_count[0] == 3
    assert not out.exists()


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a child started in the background may inherit SIG_IGN


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.1])  # into the first file, a few files on, later
@pytest.mark.parametrize(("signum", "code"), [pytest.param(signal.SIGTERM, 143, id="SIGTERM"),
                                             pytest.param(signal.SIGINT, 130, id="SIGINT")])
def test_a_killed_batch_leaves_no_temporary_files(tmp_path: Path, signum: int, code: int, delay: float) -> None:
    source = plan(tmp_path, *days(2000))
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "strides", "compile", str(source), "-f", "fit", "-o",
                                f"{out}/"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_default_sigint)
    try:
        while not (out.is_dir() and any(out.iterdir())):  # wait until it writes
            assert process.poll() is None, "finished before writing began"
            time.sleep(0.001)
        time.sleep(delay)
        process.send_signal(signum)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == code, err
    assert "Traceback" not in err
    assert not out.exists() or leftovers(out) == [] and not any(out.iterdir())


# --- 4. -o FILE with several workouts --------------------------------------------------------------------

def test_several_workouts_into_one_file_name_is_a_usage_mistake(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    source = plan(tmp_path, *days(3))
    for out, folder in (("week.fit", "week/"), ("out", "out/"), ("plans/week.fit", "plans/week/")):
        assert main(["compile", str(source), "-f", "fit", "-o", str(tmp_path / out)]) == EXIT_USAGE
        assert one_line(capsys.readouterr().err) == (f"strides: 3 workouts make 3 .fit files, and -o "
                                                     f"{tmp_path / out} names one file: give a folder, -o "
                                                     f"{tmp_path}/{folder}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.strides"]


def test_an_existing_folder_or_a_trailing_slash_is_a_folder(tmp_path: Path) -> None:
    source = plan(tmp_path, *days(2))
    (tmp_path / "week.fit").mkdir()
    assert main(["compile", str(source), "-f", "fit", "-o", str(tmp_path / "week.fit")]) == EXIT_OK
    assert main(["compile", str(source), "-f", "fit", "-o", f"{tmp_path}/new/"]) == EXIT_OK
    assert sorted(p.name for p in (tmp_path / "week.fit").iterdir()) == ["day-0.fit", "day-1.fit"]
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["day-0.fit", "day-1.fit"]


def test_one_workout_into_a_folder_name_is_a_file_in_it(tmp_path: Path) -> None:
    source = plan(tmp_path, "Tue:\n  5x1k @5k r2min")
    assert main(["compile", str(source), "-f", "fit", "-o", f"{tmp_path}/out/"]) == EXIT_OK
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["tue.fit"]


def test_an_empty_o_is_a_usage_mistake(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", "-e", ONE, "--set", "5k=19:00", "-o", ""]) == EXIT_USAGE
    assert "-o needs a file or a folder name" in capsys.readouterr().err


# --- 5. inputs that cannot be read are mistakes in the input (exit 1), and the others are still checked ---

def test_check_goes_on_past_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = plan(tmp_path, ONE, name="a.strides")
    missing = tmp_path / "missing.strides"
    assert main(["check", str(missing), str(good)]) == EXIT_INPUT
    captured = capsys.readouterr()
    assert captured.out == f"{good}: 1 workout ok\n"
    assert captured.err == f"strides: cannot read {missing}: there is no such file\n"


def test_a_file_that_is_not_utf8_points_at_the_first_bad_byte(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    latin = tmp_path / "latin.strides"
    latin.write_bytes("5k = 19:00\nSéance:\n  400 @5k\nTempo à fond:\n".encode("latin-1"))
    good = plan(tmp_path, ONE, name="good.strides")
    assert main(["check", str(latin), str(good)]) == EXIT_INPUT
    captured = capsys.readouterr()
    assert captured.out == f"{good}: 1 workout ok\n"
    first, shown, caret, hint = captured.err.splitlines()
    assert first == f"{latin}:2:2: not UTF-8 text (byte 0xe9)"
    assert shown == "  S\ufffdance:" and caret == "   ^"
    assert "save the file as UTF-8" in hint


def test_a_bad_byte_after_a_byte_order_mark_and_wide_characters_is_found(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bom.strides"
    path.write_bytes(b"\xef\xbb\xbf5k = 19:00\n400 @5k # \xc3\xa9\xc3\xa9 \xff\n")
    assert main(["check", str(path)]) == EXIT_INPUT
    assert capsys.readouterr().err.startswith(f"{path}:2:14: not UTF-8 text (byte 0xff)\n")


def test_unreadable_inputs_exit_one_and_the_others_are_still_checked(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "huge.strides"
    huge.write_bytes(b"400\n" * 300_000)
    loop = tmp_path / "loop.strides"
    loop.symlink_to(loop.name)
    folder = tmp_path / "folder.strides"
    folder.mkdir()
    good = plan(tmp_path, ONE, name="good.strides")
    assert main(["check", str(huge), str(loop), str(folder), str(good)]) == EXIT_INPUT
    captured = capsys.readouterr()
    assert captured.out == f"{good}: 1 workout ok\n"
    assert captured.err.splitlines() == [
        f"strides: cannot read {huge}: it is larger than 1,000,000 bytes; split it into several files",
        f"strides: cannot read {loop}: too many symbolic links",
        f"strides: cannot read {folder}: it is a folder, not a workout file",
    ]


def test_compile_explain_and_fmt_exit_one_on_a_missing_file(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.strides")
    good = tmp_path / "good.strides"
    good.write_text("5K = 19:00\n400 @5K\n")
    assert main(["compile", missing]) == EXIT_INPUT
    assert main(["explain", missing]) == EXIT_INPUT
    assert main(["compile", "-e", ONE, "--profile", missing]) == EXIT_INPUT
    assert main(["fmt", "-w", missing, str(good)]) == EXIT_INPUT
    assert good.read_text() == "5k = 19:00\n400 @5k\n"
    err = capsys.readouterr().err.splitlines()
    assert err[:4] == [f"strides: cannot read {missing}: there is no such file"] * 4
    assert err[4:] == [f"rewrote {good}"]


def test_only_the_command_line_itself_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == EXIT_USAGE
    assert main(["fmt", "-w", "-"]) == EXIT_USAGE
    assert main(["compile", "-e", ONE, "x.strides"]) == EXIT_USAGE
    assert main(["check", "--no-such-option"]) == EXIT_USAGE
    assert "Traceback" not in capsys.readouterr().err


# --- 6. a flood of mistakes is shown in part ------------------------------------------------------------

def test_thousands_of_mistakes_show_the_first_hundred(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "many.strides"
    source.write_text(PACE + "".join(f"W{k}:\n  400 @zz\n" for k in range(4_000)))  # 4,000: the workout limit is 5,000
    renders = count_renders(monkeypatch)
    assert main(["check", str(source)]) == EXIT_INPUT
    err = capsys.readouterr().err.splitlines()
    firsts = [line for line in err if line.startswith(f"{source}:")]
    assert len(firsts) == 100 and firsts[0].startswith(f"{source}:3:8: unknown race pace `zz`")
    assert firsts[-1].startswith(f"{source}:201:8: ")
    assert err[-1] == "… and 3,900 more mistakes"
    assert renders[0] == 100  # the other 3,900 are counted, never rendered


def test_a_flood_of_warnings_is_shown_in_part(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "fast.strides"
    source.write_text(PACE + "".join(f"W{k}:\n  400 @2:50/km\n" for k in range(101)))
    assert main(["check", str(source)]) == EXIT_OK
    err = capsys.readouterr().err.splitlines()
    assert len([line for line in err if ": warning: " in line]) == 100
    assert err[-1] == "… and 1 more warning"


def test_one_bad_setting_is_said_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "plan.strides"
    source.write_text("5k = 19\n" + "".join(f"W{k}:\n  400 @5k\n" for k in range(300)))
    assert main(["check", str(source)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.count(f"{source}:1:6: ") == 1 and "more mistakes" not in err


def count_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    real = StridesError.render

    def render(self: StridesError, source: str | None = None, filename: str = "<input>") -> str:
        calls[0] += 1
        return real(self, source, filename)

    monkeypatch.setattr(StridesError, "render", render)
    return calls


# --- 7. file names for many workouts of one name --------------------------------------------------------

class CountingNames(names.TakenNames):
    looked_up = 0

    def __contains__(self, name: object) -> bool:
        self.looked_up += 1
        return super().__contains__(name)


def test_forty_thousand_workouts_of_one_name_take_a_look_up_or_two_each() -> None:
    taken = CountingNames()
    given = [names.safe_file_name("Tue", ".fit", taken) for _ in range(40_000)]
    assert given[:3] == ["tue.fit", "tue-2.fit", "tue-3.fit"] and given[-1] == "tue-40000.fit"
    assert len(set(given)) == 40_000
    assert taken.looked_up <= 2 * 40_000


def test_names_are_unique_whatever_their_case() -> None:
    taken = names.TakenNames(["TUE.FIT"])
    assert names.safe_file_name("Tue", ".fit", taken) == "tue-2.fit"
    assert "Tue-2.Fit" in taken


def test_a_name_that_looks_numbered_is_stepped_over() -> None:
    taken = names.TakenNames()
    got = [names.safe_file_name(name, ".fit", taken) for name in ("Tue 2", "Tue", "Tue", "Tue 3", "Tue")]
    assert got == ["tue-2.fit", "tue.fit", "tue-3.fit", "tue-3-2.fit", "tue-4.fit"]


def test_names_are_numbered_in_turn() -> None:
    taken = names.TakenNames()
    assert [names.safe_file_name("Tue", ".fit", taken) for _ in range(3)] == ["tue.fit", "tue-2.fit", "tue-3.fit"]


# --- 8. a workout the format refuses honours --keep-going ------------------------------------------------

def too_many_steps(name: str) -> str:
    return f"{name}:\n  " + "; ".join(str(100 + k) for k in range(51))


def test_a_workout_fit_refuses_stops_the_batch_unless_keep_going(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = plan(tmp_path, "Good:\n  5x1k @5k r2min", too_many_steps("Big"), "Also good:\n  20min @T")
    out = tmp_path / "out"
    assert main(["compile", str(source), "-f", "fit", "-o", f"{out}/"]) == EXIT_INPUT
    assert not out.exists()
    assert capsys.readouterr().err.startswith(f"{source}:4:1: the workout `Big` needs 51 steps on the watch; "
                                              "watches accept at most 50\n  Big:\n  ^^^^\n")
    assert main(["compile", str(source), "-f", "fit", "-o", f"{out}/", "--keep-going"]) == EXIT_INPUT
    assert sorted(p.name for p in out.iterdir()) == ["also-good.fit", "good.fit"]
    assert "`Big` needs 51 steps on the watch" in capsys.readouterr().err


def test_keep_going_still_fails_when_no_workout_renders(tmp_path: Path) -> None:
    source = plan(tmp_path, too_many_steps("Big"))
    out = tmp_path / "big.fit"
    assert main(["compile", str(source), "-f", "fit", "-o", str(out), "--keep-going"]) == EXIT_INPUT
    assert not out.exists()
