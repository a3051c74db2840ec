"""Names made safe for anchors and file names.

>>> slug("Tue 12 x 400!")
'tue-12-x-400'
>>> slug("***")
'workout'
"""

from __future__ import annotations

import re


def slug(name: str, width: int | None = None) -> str:
    """Lower-case letters and digits, runs of anything else as one `-`; `workout` when nothing is left.
    `width` cuts it (a file name need not hold a whole sentence)."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:width]
    return text or "workout"
