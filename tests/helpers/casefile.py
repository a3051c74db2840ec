"""Fixture files that keep each case's input and its expected output together, one file per stage:

    # what the file is about (comment lines before the first case are kept)

    === case name | 5k=19:00, maxhr=190
    the workout text, one or more lines
    ---
    the expected output, one or more lines

`check_cases` computes every case's output and compares the whole file; with STRIDES_UPDATE_GOLDENS=1 it
rewrites the outputs instead (review the diff).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
from conftest import check_golden

CASE = "=== "
OUTPUT = "---"


@attrs.frozen
class Case:
    name: str
    text: str
    settings: dict[str, str] = attrs.field(factory=dict)
    expected: tuple[str, ...] = ()


def read_cases(path: Path) -> tuple[list[str], list[Case]]:
    """The file's leading comment lines and its cases."""
    head: list[str] = []
    cases: list[Case] = []
    header: str | None = None
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(CASE):
            if header is not None:
                cases.append(_case(header, body))
            header, body = line[len(CASE):], []
        elif header is None:
            head.append(line)
        else:
            body.append(line)
    if header is not None:
        cases.append(_case(header, body))
    return head, cases


def render_cases(head: Sequence[str], cases: Sequence[Case], produce: Callable[[Case], list[str]]) -> str:
    lines = list(head)
    for case in cases:
        settings = ", ".join(f"{k}={v}" for k, v in case.settings.items())
        lines.append(CASE + case.name + (f" | {settings}" if settings else ""))
        lines += [*case.text.split("\n"), OUTPUT, *produce(case), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def check_cases(path: Path, produce: Callable[[Case], list[str]], cases: Sequence[Case] | None = None,
                head: Sequence[str] = ()) -> None:
    """Every case of the file (or `cases`, when the inputs live elsewhere) with the output it must give;
    `head` starts a file written for the first time."""
    written: list[Case] = []
    if path.exists():
        head, written = read_cases(path)
    check_golden(path, render_cases(head, written if cases is None else cases, produce))


def _case(header: str, body: list[str]) -> Case:
    name, _, settings = header.partition(" | ")
    pairs = dict(pair.strip().split("=", 1) for pair in settings.split(",")) if settings.strip() else {}
    split = body.index(OUTPUT) if OUTPUT in body else len(body)
    expected = body[split + 1:]
    while expected and not expected[-1]:
        expected.pop()
    return Case(name.strip(), "\n".join(body[:split]), pairs, tuple(expected))
