"""Work for a second core: a long batch of workouts rendered by every core, and a file compiled while the
output format's libraries load.

Only where the process can fork (Linux), and only where the work pays for the helper. For a batch, each helper
process renders a share of the workouts and sends back their bytes through a pipe; the process that forked it
renders the first share meanwhile, so it shows the progress. The result is exactly the serial one: the same
bytes in the same order. A workout the format refuses is rendered again here, so that its mistake is raised
where the caller can report it; a helper that fails or dies for any other reason leaves its share to be
rendered here. `aside` does one piece of work in a helper while this process does another (fpdf2 takes longer
to import than a year's plan takes to compile); the same holds: what the helper does not deliver is done here.
"""

from __future__ import annotations

import os
import signal
import struct
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import BinaryIO, TypeVar

from strides.errors import StridesError

T = TypeVar("T")
R = TypeVar("R")

# Fewer workouts than this are rendered in this process: forking costs a few milliseconds, a FIT file ~0.6 ms.
PARALLEL_FROM = 200
MAX_HELPERS = 7
_LENGTH = struct.Struct("<I")
_REFUSED = 0xFFFFFFFF  # in place of a length: the format refused this workout


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether helpers can be forked safely: on Linux (macOS and the BSDs fork, but their system libraries
    may not survive a fork without exec), and only while no other thread runs, since a lock another thread
    holds (the import lock, say) would stay held for ever in the helper."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def render_each(items: Sequence[T], render: Callable[[T], bytes],
                shown: Callable[[Sequence[T]], Iterable[T]] = iter) -> list[bytes | StridesError]:
    """`render(item)` of each item in order, or the StridesError it raised. `shown` wraps what this process
    renders itself (a progress display)."""
    helpers = min(cores(), MAX_HELPERS + 1) - 1 if can_fork() and len(items) >= PARALLEL_FROM else 0
    if helpers <= 0:
        return [_rendered(render, item) for item in shown(items)]
    size = -(-len(items) // (helpers + 1))
    shares = [items[start:start + size] for start in range(0, len(items), size)]
    started: list[tuple[int, BinaryIO] | None] = []
    finished = False
    try:
        for share in shares[1:]:
            started.append(_start(share, render))
        results = [_rendered(render, item) for item in shown(shares[0])]
        for helper, share in zip(started, shares[1:], strict=True):
            if helper is None:  # it could not be started: its share is rendered here
                results.extend(_rendered(render, item) for item in share)
            else:
                results.extend(_collect(helper[1], share, render))
        finished = True
    finally:
        for helper in started:
            if helper is not None:
                _end(*helper, kill=not finished)
    return results


def _rendered(render: Callable[[T], bytes], item: T) -> bytes | StridesError:
    try:
        return render(item)
    except StridesError as error:
        return error


def _start(share: Sequence[T], render: Callable[[T], bytes]) -> tuple[int, BinaryIO] | None:
    def send(pipe: BinaryIO) -> None:
        for message in _messages(share, render):
            pipe.write(message)

    return _fork(send)


def _fork(send: Callable[[BinaryIO], None]) -> tuple[int, BinaryIO] | None:
    """A helper that runs `send` on the writing end of a pipe, and the reading end; None when the system
    refuses a process or a pipe (a limit on either is reached)."""
    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # the helper: whatever happens, it ends here without running the caller's clean-up
        code = 1
        try:
            os.close(reading)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            with os.fdopen(writing, "wb") as pipe:
                send(pipe)
            code = 0
        finally:
            os._exit(code)
    os.close(writing)
    return pid, os.fdopen(reading, "rb")


def _messages(share: Sequence[T], render: Callable[[T], bytes]) -> Iterator[bytes]:
    for item in share:
        try:
            data = render(item)
        except StridesError:
            yield _LENGTH.pack(_REFUSED)
            continue
        yield _LENGTH.pack(len(data)) + data


def _collect(pipe: BinaryIO, share: Sequence[T],
             render: Callable[[T], bytes]) -> list[bytes | StridesError]:
    """The helper's results; what it did not send (it failed or was killed) is rendered here."""
    results: list[bytes | StridesError] = []
    for item in share:
        head = pipe.read(_LENGTH.size)
        if len(head) < _LENGTH.size:
            break
        (length,) = _LENGTH.unpack(head)
        if length == _REFUSED:
            results.append(_rendered(render, item))  # for its mistake, with its place in the file
            continue
        data = pipe.read(length)
        if len(data) < length:
            break
        results.append(data)
    results.extend(_rendered(render, item) for item in share[len(results):])
    return results


def _end(pid: int, pipe: BinaryIO, kill: bool) -> None:
    """The helper reaped: once it has sent everything it is ending by itself; when this process stops early
    (an interrupt, a mistake in strides) it is ended first."""
    pipe.close()
    try:
        if kill:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass


def aside(work: Callable[[], R], meanwhile: Callable[[], object]) -> R:
    """`work()`, done by a helper while this process does `meanwhile()`. The result comes back pickled: from
    this process's own child, over a pipe no other process holds. When the helper cannot be started, raises,
    or dies, `work()` is done here (and raises here)."""
    import pickle  # only for a long file: a short one's command does without it

    started = _fork(lambda pipe: pickle.dump(work(), pipe, protocol=pickle.HIGHEST_PROTOCOL)) if can_fork() else None
    if started is None:
        meanwhile()
        return work()
    pid, pipe = started
    finished = False
    try:
        meanwhile()
        try:
            result: R = pickle.load(pipe)
            delivered = True
        except Exception:  # noqa: BLE001 - nothing (or half) came: the helper failed, and the work is done here
            delivered = False
        finished = True
    finally:
        _end(pid, pipe, kill=not finished)
    return result if delivered else work()
