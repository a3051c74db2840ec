"""Work done in helper processes (a long batch rendered on several cores, a long file compiled while the
format loads) gives exactly what one process gives, whatever the helpers do."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from strides.backends import SLOW_TO_IMPORT
from strides.cli import parallel
from strides.cli.main import main
from strides.errors import StridesError

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="helpers are forked only on Linux")


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Helpers for batches of any length, as on a machine with two cores."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "cores", lambda: 2)


def no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def render(number: int) -> bytes:
    if number % 7 == 3:
        raise StridesError(f"workout {number} has too many steps")
    return f"file {number}".encode() * number


def test_the_results_are_the_serial_ones_in_order(two_cores: None) -> None:
    results = parallel.render_each(list(range(50)), render)
    assert len(results) == 50
    for number, result in enumerate(results):
        if number % 7 == 3:
            assert isinstance(result, StridesError) and str(result).startswith(f"workout {number} ")
        else:
            assert result == render(number)
    assert no_child_left()


def test_more_helpers_share_the_work_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "cores", lambda: 4)
    assert parallel.render_each(list(range(1, 11)), lambda n: b"x" * n) == [b"x" * n for n in range(1, 11)]
    assert no_child_left()


def test_what_a_dying_helper_did_not_send_is_rendered_here(two_cores: None) -> None:
    parent = os.getpid()

    def dies_in_a_helper(number: int) -> bytes:
        if number == 30 and os.getpid() != parent:
            os._exit(3)
        return b"%d" % number

    assert parallel.render_each(list(range(40)), dies_in_a_helper) == [b"%d" % n for n in range(40)]
    assert no_child_left()


def test_a_mistake_in_strides_inside_a_helper_is_raised_here(two_cores: None) -> None:
    def broken(number: int) -> bytes:
        if number == 35:
            raise KeyError("a bug")
        return b"ok"

    with pytest.raises(KeyError):
        parallel.render_each(list(range(40)), broken)
    assert no_child_left()


def test_an_interrupt_here_ends_the_helpers(two_cores: None) -> None:
    parent = os.getpid()

    def slow_helpers(number: int) -> bytes:
        if os.getpid() != parent:
            threading.Event().wait(30)
        if number == 5:
            raise KeyboardInterrupt
        return b"ok"

    with pytest.raises(KeyboardInterrupt):
        parallel.render_each(list(range(40)), slow_helpers)
    assert no_child_left()


def test_short_batches_and_threads_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    forks: list[int] = []

    def fork() -> int:
        forks.append(1)
        raise OSError("not to be forked")

    monkeypatch.setattr(os, "fork", fork)
    assert parallel.render_each(list(range(parallel.PARALLEL_FROM - 1)), lambda n: b"") == [b""] * (
        parallel.PARALLEL_FROM - 1)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel.can_fork()
        parallel.render_each(list(range(parallel.PARALLEL_FROM)), lambda n: b"")
    finally:
        stop.set()
        other.join()
    assert forks == []


def test_a_plan_to_fit_files_is_the_same_on_two_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "plan.strides"
    plan.write_text("5k = 19:00\n" + "".join(
        f"Day {n}: wu 10min; {n}x400 @5k r60s; cd 10min\n" for n in range(1, 30)) + "Long: " + "; ".join(
        f"{n}min @E" for n in range(1, 60)) + "\n")
    assert main(["compile", str(plan), "--format", "fit", "-o", f"{tmp_path / 'one'}/", "--keep-going"]) == 1
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    assert main(["compile", str(plan), "--format", "fit", "-o", f"{tmp_path / 'two'}/", "--keep-going"]) == 1
    one = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    assert len(one) == 29 and one == {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
    assert no_child_left()


def test_a_helper_the_system_refuses_leaves_its_share_to_this_process(two_cores: None,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    assert parallel.render_each(list(range(10)), lambda n: b"%d" % n) == [b"%d" % n for n in range(10)]


def test_work_aside_comes_back_from_the_helper_while_this_process_does_its_own() -> None:
    if not parallel.can_fork():
        pytest.skip("another thread runs in this process: no helper is forked")
    parent, done_here = os.getpid(), []
    assert parallel.aside(lambda: ("from", os.getpid()), lambda: done_here.append(os.getpid()))[1] != parent
    assert done_here == [parent]
    assert no_child_left()


@pytest.mark.parametrize("fault", ["mistake", "death"])
def test_work_aside_that_fails_in_the_helper_is_done_here(fault: str) -> None:
    parent = os.getpid()

    def work() -> int:
        if os.getpid() != parent:
            if fault == "death":
                os._exit(9)
            raise StridesError("the helper's mistake")
        return parent

    assert parallel.aside(work, lambda: None) == parent
    assert no_child_left()


def test_work_aside_is_ended_when_this_process_stops_early() -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        parallel.aside(lambda: threading.Event().wait(30), interrupted)
    assert no_child_left()


@pytest.mark.parametrize("format_", sorted(SLOW_TO_IMPORT))
def test_a_long_file_compiled_aside_gives_the_same_output_and_mistakes(
        format_: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from strides.cli import shared

    plan = tmp_path / "plan.strides"
    plan.write_text("5k = 19:00\n" + "".join(f"Day {n}: wu 10min; {n % 9 + 1}x400 @5k r60s; cd 10min\n"
                                            for n in range(60)) + "Bad: 4x400 @5kk r1min\nEasy: 30min @E\n")
    outputs = []
    for aside_from in (10**9, 0):
        monkeypatch.setattr(shared, "ASIDE_FROM", aside_from)
        out = tmp_path / f"{aside_from}.{format_}"
        assert main(["compile", str(plan), "--format", format_, "-o", str(out), "--keep-going"]) == 1
        outputs.append((out.read_bytes(), capsys.readouterr().err))
    assert outputs[0] == outputs[1] and "5kk" in outputs[0][1]
    assert no_child_left()
