"""The pipeline in one call: text -> workouts resolved against the profile."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

import attrs

from strides.errors import StridesError, StridesWarning
from strides.language.ast import Setting, WorkoutSource
from strides.language.parse import parse, parse_entries
from strides.meaning.model import Workout
from strides.meaning.profile import Runner, runner_from, setting_key, settings_from_pairs
from strides.meaning.resolve import resolve
from strides.record import Record

if TYPE_CHECKING:
    from strides.language.plan_lines import PlanLines
    from strides.meaning.plan import Plan

# What every plan holds one of (a week header, an anchor, a table's bars, a day after `;` or `|`), and most
# files of workouts none: only a file with one loads the plan reader (strides.language.plan_lines), which
# decides. It must find every plan that reader finds, and may find more.
_MAYBE_A_PLAN = re.compile(r"week|start|race|\||[;|][^\S\n]*(?:mon|tue|wed|thu|fri|sat|sun|day|am|pm|a\.m|p\.m|\d{4}-)"
                           r"[^\n]*:", re.I)


@attrs.frozen(repr=False, eq=False)
class Compiled(Record):
    """What a file became: each workout in order, resolved or the mistake that stops it, and the warnings."""

    results: tuple[Workout | StridesError, ...]
    warnings: tuple[StridesWarning, ...] = ()
    # The mistakes of a workout after the one that stops it (its result): reported, as every mistake is.
    more_mistakes: tuple[StridesError, ...] = ()
    plan: Plan | None = None  # the weeks and days of a file written as a plan (strides.meaning.plan)

    @property
    def workouts(self) -> list[Workout]:
        return [r for r in self.results if isinstance(r, Workout)]

    @property
    def mistakes(self) -> list[StridesError]:
        """Every mistake, in the order of the text."""
        found = [r for r in self.results if isinstance(r, StridesError)]
        if not self.more_mistakes:
            return found
        return sorted([*found, *self.more_mistakes], key=lambda m: m.span.start if m.span else -1)


def compile_each(text: str, settings: Mapping[str, str] | None = None, filename: str = "<text>",
                 profile: Sequence[Setting] = (), start: dt.date | None = None) -> Compiled:
    """Every workout in `text`, each resolved or the mistake that stops it, with the warnings (implausible
    values). A mistake no workout can be told apart from (the file too large) is raised. Settings in the
    text come first, then `profile` (a profile file's settings), then `settings` (from `--set`): the command
    line wins. A file written as a plan (week headers, days, `start =`) also gives its plan, placed from its
    own dates or else from `start`."""
    extra = [*profile, *settings_from_pairs(settings or {})]
    lines = None
    if _MAYBE_A_PLAN.search(text):
        from strides.language.plan_lines import read_plan

        lines = read_plan(text)
    if lines is not None:
        return _compile_plan(lines, _Runners(extra), filename, start)
    warnings: list[StridesWarning] = []
    more: list[StridesError] = []
    runners = _Runners(extra)
    results = [_resolved(source, runners, warnings, more) for source in parse(text, filename)]
    return Compiled(tuple(results), tuple(warnings), tuple(more))


def _resolved(source: WorkoutSource, runners: _Runners, warnings: list[StridesWarning],
              more: list[StridesError]) -> Workout | StridesError:
    """One workout resolved, or the mistake that stops it; its warnings and its further mistakes are added to
    `warnings` and `more`."""
    if source.mistake is not None:
        more.extend(source.more_mistakes)
        return source.mistake
    try:
        resolution = resolve(source, runners.runner(source.settings))
    except StridesError as error:
        return error
    warnings.extend(resolution.warnings)
    return resolution.result


def _compile_plan(lines: PlanLines, runners: _Runners, filename: str, start: dt.date | None) -> Compiled:
    """A plan's workouts, each resolved on its own, then the plan placed on the calendar."""
    from strides.language.plan_lines import split
    from strides.meaning.plan import make_plan

    results: list[Workout | StridesError] = []
    warnings: list[StridesWarning] = []
    by_session: list[Workout | None] = [None] * len(lines.sessions)

    def mistakes_in(start: int, end: int) -> list[StridesError]:
        """The mistakes of the text from `start` to `end`, where they stand in the file."""
        blank = "".join(char if char == "\n" else " " for char in lines.text[:start])
        return [e for e in parse_entries(blank + lines.text[start:end]) if isinstance(e, StridesError)]

    for index, source in split(parse(lines.text, filename), lines, mistakes_in):
        result = _resolved(source, runners, warnings, [])  # a day's further mistakes are its own (`split`)
        results.append(result)
        if isinstance(result, Workout):
            by_session[index] = result
    title = "Plan" if filename.startswith("<") else PurePath(filename).stem
    plan, mistakes = make_plan(lines, by_session, title, start)
    placed = sorted([(_place(m), 0, m) for m in (*lines.mistakes, *mistakes)] + [(_place(r), 1, r) for r in results],
                    key=lambda item: item[:2])  # in the order of the file, the plan's own mistakes first at a place
    return Compiled(tuple(item[2] for item in placed), tuple(warnings), plan=plan)


def _place(result: Workout | StridesError) -> int:
    return result.span.start if result.span is not None else 0


class _Runners:
    """The runner of each workout's settings, each setting read once.

    The workouts of a file see ever longer runs of the same settings (each one those above its name line).
    Read in full for each workout, a plan with a setting before every workout costs the square of its length;
    here each setting is checked once, when first seen, and a runner is folded from the last setting of each
    key only, which gives the same runner (later settings win, and races keep the order of their last
    setting) and the same first mistake."""

    def __init__(self, extra: Sequence[Setting]) -> None:
        self.extra = tuple(extra)
        self.read: tuple[Setting, ...] = ()  # the longest run of settings folded so far
        self.last: dict[str, Setting] = {}  # of `read`: the last setting of each key, in the order last set
        self.mistake: StridesError | None = None  # the first setting of `read` that is wrong
        self.made: dict[tuple[object, ...], Runner] = {}  # a training plan shares one profile: its paces once

    def runner(self, settings: tuple[Setting, ...]) -> Runner:
        if settings[: len(self.read)] != self.read:  # not a continuation of the settings read so far
            self.read, self.last, self.mistake = (), {}, None
        for setting in settings[len(self.read):]:
            self._take(setting)
        self.read = settings
        if self.mistake is not None:
            raise self.mistake
        key = (*((name, s.value) for name, s in self.last.items()), *self.extra)
        if key not in self.made:
            self.made[key] = runner_from([*self.last.values(), *self.extra])
        return self.made[key]

    def _take(self, setting: Setting) -> None:
        if self.mistake is None:
            try:
                runner_from([setting])  # each value is checked on its own, where it was written
            except StridesError as error:
                self.mistake = error
        name = setting_key(setting.key)
        self.last.pop(name, None)
        self.last[name] = setting


def compile_text(text: str, settings: Mapping[str, str] | None = None, filename: str = "<text>",
                 profile: Sequence[Setting] = ()) -> list[Workout]:
    """Every workout in `text`, resolved; the first mistake is raised."""
    compiled = compile_each(text, settings, filename, profile)
    if compiled.mistakes:
        raise compiled.mistakes[0]
    return compiled.workouts
