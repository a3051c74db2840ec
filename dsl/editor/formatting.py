"""Formatting a file being edited, which has a mistake in it most of the time: each workout that reads is
written as `strides fmt` writes it, and a workout with a syntax mistake is left as typed.

The file is cut at its name lines; each part is formatted under the settings written above it (`units`
changes how `2 E` reads), and the settings' own lines, formatted alone, are taken off again. A file with no
mistake is formatted whole, exactly as `strides fmt` does.
"""

from __future__ import annotations

import attrs

from strides.editor.document import BLANK, HEADER, SETTING, classify, header_name, setting_of
from strides.errors import StridesError, normalise_newlines
from strides.language.fmt import format_source


@attrs.frozen
class Formatted:
    text: str
    left: tuple[tuple[str, int], ...] = ()  # (name, line counted from 1) of each workout left as typed

    def message(self) -> str | None:
        if not self.left:
            return None
        names = ", ".join(f"{name} (line {line})" for name, line in self.left)
        return f"strides: formatted the workouts that read; left as typed, with a mistake: {names}"


def format_readable(text: str) -> Formatted:
    """The file with each workout that reads in canonical spelling; the others as typed."""
    try:
        return Formatted(format_source(text))
    except StridesError:
        pass
    lines = normalise_newlines(text).split("\n")
    kinds = [classify(line) for line in lines]
    headers = [n for n, kind in enumerate(kinds) if kind == HEADER]
    starts = [0, *(_part_start(kinds, n) for n in headers if n > 0)]
    parts: list[str] = []
    left: list[tuple[str, int]] = []
    for start, stop in zip(starts, [*starts[1:], len(lines)], strict=True):
        above = [setting_of(lines[n], n) for n in range(start) if kinds[n] == SETTING]
        done = _formatted_part("\n".join(lines[start:stop]), [f"{s.key} = {s.value}" for s in above])
        if done is None:
            header = next((n for n in headers if start <= n < stop), None)
            left.append((header_name(lines[header]) if header is not None else "the lines above the first name",
                         (start if header is None else header) + 1))
            parts.append(_as_typed(lines[start:stop]))
        elif done:
            parts.append(done)
    if len(left) == len(starts):
        return Formatted(text, tuple(left))  # nothing reads: nothing to change
    return Formatted("\n".join(parts), tuple(left))


def _as_typed(lines: list[str]) -> str:
    """A part left as typed, but for the blank lines around it (the parts are joined by one)."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines) + "\n"


def _part_start(kinds: list[str], header: int) -> int:
    """A workout's part starts at its name line, or at the comments right above it (they stay above it)."""
    start = header
    while start > 0 and kinds[start - 1] == BLANK:
        start -= 1
    return start


def _formatted_part(part: str, settings: list[str]) -> str | None:
    """`part` formatted under `settings` (written above it in the file); None when it has a mistake."""
    try:
        prefix = format_source("\n".join(settings)) if settings else ""
        whole = format_source("\n".join([*settings, part]))
    except StridesError:
        return None
    if not whole.startswith(prefix):  # a comment or a setting of the part merged with those above: keep it
        return None
    return whole[len(prefix):].lstrip("\n")
