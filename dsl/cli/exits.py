"""The exit codes of `strides`, said once: every verb and the guard around them use these."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INPUT = 1  # a mistake in a workout, a profile or a file, or a file that cannot be read or written
EXIT_USAGE = 2  # the command line itself is wrong
# 128 + the signal, as a shell reports it; SIGINT is 2 and SIGTERM 15 on every system Python runs on, so the
# codes are written out rather than read from `signal` (which a verb that never waits need not import).
EXIT_INTERRUPTED = 130  # ^C
EXIT_TERMINATED = 143  # SIGTERM
