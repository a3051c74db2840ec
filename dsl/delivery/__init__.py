"""Delivering workouts to the services a watch syncs from: intervals.icu and Garmin Connect.

Each service module turns resolved workouts into that service's requests and says, per workout, what it
did: `created`, `updated` (strides' own earlier upload replaced), `scheduled` (an unchanged workout put on
a new day) or `unchanged` (nothing sent). A failure part-way is a `DeliveryError` that carries what was
done before it, so that the summary can say so.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from strides.errors import StridesError

CREATED, UPDATED, SCHEDULED, UNCHANGED = "created", "updated", "scheduled", "unchanged"


@attrs.frozen
class Delivered:
    """What one push did with one workout."""

    name: str
    date: str | None  # ISO date on the calendar; None for a workout library
    destination: str  # "intervals.icu calendar", "intervals.icu library", "Garmin Connect"
    outcome: str  # CREATED, UPDATED, SCHEDULED or UNCHANGED


class DeliveryError(StridesError):
    """A push that stopped: a refused key, a network failure, an answer strides cannot read. `done` is what
    was delivered before it stopped."""

    def __init__(self, message: str, done: Sequence[Delivered] = (), hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.done = tuple(done)

    def after(self, done: Sequence[Delivered]) -> DeliveryError:
        """The same failure, with what an outer loop delivered before it."""
        return DeliveryError(self.message, (*done, *self.done), self.hint)


def summary(done: Sequence[Delivered]) -> str:
    """A table of what was pushed: name, date, destination, what happened."""
    rows = [("workout", "date", "destination", "result")]
    rows += [(d.name, d.date or "-", d.destination, d.outcome) for d in done]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[3]])
                     .rstrip() for row in rows) + "\n"
