"""`strides review`: the run a watch recorded against the workout that was planned, rep by rep.

`activity` reads the FIT activity, `plan` chooses the workout and says which watch step each of its steps
ran as, `match` gives every planned step its laps, `judge` the verdicts and the summary, `report` puts them
together; `as_text`, `as_json` and `as_html` write the review out.
"""

from __future__ import annotations

import importlib

from strides.review.activity import Activity, ActivityError, read_activity, read_bytes
from strides.review.plan import choose, stored_plan
from strides.review.report import Review, review

# Each output, imported when asked for.
FORMATS = {"text": "strides.review.as_text", "json": "strides.review.as_json", "html": "strides.review.as_html"}

__all__ = ["FORMATS", "Activity", "ActivityError", "Review", "choose", "read", "render", "review", "stored_plan"]


def read(path: str) -> Activity:
    """The activity in the file at `path` (`-` for standard input)."""
    return read_activity(read_bytes(path), "standard input" if path == "-" else path)


def render(done: Review, format_name: str) -> str:
    text: str = importlib.import_module(FORMATS[format_name]).render(done)
    return text
