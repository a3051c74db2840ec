"""Names made safe for anchors and file names.

>>> slug("Tue 12 x 400!")
'tue-12-x-400'
>>> slug("***")
'workout'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def slug(name: str, width: int | None = None) -> str:
    """Lower-case letters and digits, runs of anything else as one `-`; `workout` when nothing is left.
    `width` cuts it (a file name need not hold a whole sentence)."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:width]
    return text or "workout"


class TakenNames:
    """The file names one batch has given out, compared without regard to case (watches use FAT, where
    `Tue.fit` and `tue.fit` are one file), with the next number to try for each name: giving out the
    40,000th `tue-N.fit` is one look-up, not 40,000."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._names = {name.casefold() for name in names}
        self._next: dict[str, int] = {}

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.casefold() in self._names

    def __len__(self) -> int:
        return len(self._names)

    def add(self, name: str) -> None:
        self._names.add(name.casefold())

    def number_after(self, base: str, number: int) -> None:
        self._next[base.casefold()] = number + 1

    def next_number(self, base: str) -> int:
        return self._next.get(base.casefold(), 2)


# Letters whose plain spelling is two letters (German, Nordic, French), before the accents are dropped.
SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "œ": "oe",
                             "å": "aa", "þ": "th", "ð": "d", "đ": "d", "ł": "l", "ı": "i"})


def ascii_letters(name: str) -> str:
    """The name in plain ASCII letters, lower case: `Steigerungsläufe` -> `steigerungslaeufe`, `Fartlek à
    Sète` -> `fartlek a sete`. Anything else with no ASCII spelling (`×`, `日本`) becomes a space."""
    spelled = unicodedata.normalize("NFKD", name.lower().translate(SPELLED_OUT))
    return "".join(c if c.isascii() else " " for c in spelled if not unicodedata.combining(c))


def safe_file_name(name: str, suffix: str, taken: TakenNames) -> str:
    """A portable file name from a workout name: `Tue 12 x 400` -> `tue-12-x-400.fit`, `Steigerungsläufe`
    -> `steigerungslaeufe.fit`; a name already taken gets a number (`tue-2.fit`)."""
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_letters(name)).strip("-")[:60] or "workout"
    candidate = stem + suffix
    if candidate in taken:
        base, number = candidate, taken.next_number(candidate)
        candidate = f"{stem}-{number}{suffix}"
        while candidate in taken:  # only names that happen to look numbered, such as a workout `Tue 2`
            number += 1
            candidate = f"{stem}-{number}{suffix}"
        taken.number_after(base, number)
    taken.add(candidate)
    return candidate
