"""The pipeline in one call: text -> workouts resolved against the profile."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from strides.ast import Setting
from strides.model import Workout
from strides.parse import parse
from strides.profile import runner_from, settings_from_pairs
from strides.resolve import resolve


def compile_text(text: str, settings: Mapping[str, str] | None = None, filename: str = "<text>",
                 profile: Sequence[Setting] = ()) -> list[Workout]:
    """Every workout in `text`, resolved. Settings in the text come first, then `profile` (a profile file's
    settings), then `settings` (from `--set`): the command line wins."""
    extra = [*profile, *settings_from_pairs(settings or {})]
    return [resolve(source, runner_from([*source.settings, *extra])) for source in parse(text, filename)]
