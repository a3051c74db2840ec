"""Putting workouts where they run: a watch over USB, or the services a watch syncs from (intervals.icu and
Garmin Connect). Each is a `Destination`, named in DESTINATIONS and imported only when a push goes there;
adding one is a module exposing a `Destination` and one line of DESTINATIONS.

Each service module turns resolved workouts into that service's requests and says, per workout, what it
did: `created`, `updated` (strides' own earlier upload replaced), `scheduled` (an unchanged workout put on
a new day) or `unchanged` (nothing sent). A failure part-way is a `DeliveryError` that carries what was
done before it, so that the summary can say so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

import attrs

from strides.errors import StridesError, StridesWarning

if TYPE_CHECKING:
    from strides.meaning.model import Workout

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


# --- destinations ------------------------------------------------------------------------------------------

DESTINATIONS: dict[str, str] = {
    "usb": "strides.delivery.usb:DESTINATION",
    "intervals": "strides.delivery.destinations:INTERVALS",
    "garmin": "strides.delivery.destinations:GARMIN",
}


@attrs.frozen
class Asked:
    """What a push was asked besides the workouts; each destination takes its own part of it."""

    device: str | None = None  # usb: the watch's mounted folder (found when None)
    force: bool = False  # usb: replace a file of the same name that strides did not write
    date: str | None = None  # services: the day of one workout, YYYY-MM-DD
    week_of: str | None = None  # services: the Monday of a week of workouts named after their days
    dry_run: bool = False  # services: say what would be sent, and send nothing


class Unsendable(StridesError):
    """A workout the destination cannot take as written (a FIT file past a watch's steps): said against the
    workout's source, where a push's other failures are the destination's own."""


class Destination(Protocol):
    """Where `strides push --to NAME` puts workouts."""

    name: str

    def check(self, asked: Asked) -> None:
        """Raise UsageError for what was asked that belongs to other destinations, before any work."""

    def push(self, workouts: Sequence[Workout], asked: Asked, emit: Callable[[str], None],
             warn: Callable[[list[StridesWarning]], None]) -> None:
        """Put the workouts there: `emit` takes what was done (standard output), `warn` what the destination's
        format cannot carry. Raises StridesError (with what was done before it, when part was done)."""


def destination(name: str) -> Destination:
    """The destination of DESTINATIONS called `name`, imported now."""
    module_name, _, attr = DESTINATIONS[name].partition(":")
    found: Destination = getattr(import_module(module_name), attr)
    return found
