"""The pipeline in one call: text -> workouts resolved against the profile."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from strides.ast import Setting
from strides.errors import StridesError, StridesWarning
from strides.model import Workout
from strides.parse import parse
from strides.profile import Runner, runner_from, settings_from_pairs
from strides.resolve import resolve


def compile_each(text: str, settings: Mapping[str, str] | None = None, filename: str = "<text>",
                 profile: Sequence[Setting] = (), warnings: list[StridesWarning] | None = None
                 ) -> list[Workout | StridesError]:
    """Every workout in `text`, each resolved or the mistake that stops it; a mistake in the file's syntax
    stops them all and is raised. Settings in the text come first, then `profile` (a profile file's settings),
    then `settings` (from `--set`): the command line wins. Implausible values are added to `warnings`."""
    extra = [*profile, *settings_from_pairs(settings or {})]
    results: list[Workout | StridesError] = []
    runners: dict[tuple[Setting, ...], Runner] = {}  # a training plan shares one profile: its paces once
    for source in parse(text, filename):
        if source.mistake is not None:
            results.append(source.mistake)
            continue
        try:
            key = (*source.settings, *extra)
            runner = runners.get(key) or runners.setdefault(key, runner_from(key))
            resolution = resolve(source, runner)
        except StridesError as error:
            results.append(error)
            continue
        if warnings is not None:
            warnings.extend(resolution.warnings)
        results.append(resolution.result)
    return results


def compile_text(text: str, settings: Mapping[str, str] | None = None, filename: str = "<text>",
                 profile: Sequence[Setting] = ()) -> list[Workout]:
    """Every workout in `text`, resolved; the first mistake is raised."""
    workouts = []
    for result in compile_each(text, settings, filename, profile):
        if isinstance(result, StridesError):
            raise result
        workouts.append(result)
    return workouts
