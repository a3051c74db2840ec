"""What every pass may read besides the workout: the runner's profile and the workout as written."""

from __future__ import annotations

import attrs

from strides.language import ast
from strides.meaning.profile import Runner
from strides.record import Record


@attrs.frozen(repr=False, eq=False)
class Context(Record):
    """The profile the workout is resolved against, and its source (whose name line messages point at)."""

    runner: Runner
    source: ast.WorkoutSource | None = None
