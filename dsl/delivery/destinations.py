"""`strides push --to intervals|garmin`: the workouts placed on their days, sent, and what was done.

The two services are `Destination`s (INTERVALS and GARMIN, named in `strides.delivery.DESTINATIONS`); the
functions below them take a service's name, for the tools that call one by name.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType

from strides.delivery import Asked, Delivered, DeliveryError, destination, summary
from strides.delivery.config import (
    Account,
    account_lock,
    athlete_id,
    garmin_tokens,
    intervals_account,
    intervals_url,
)
from strides.delivery.http import Request
from strides.errors import StridesWarning, UsageError
from strides.meaning.model import Workout
from strides.messages import say

Placed = Sequence[tuple[Workout, "dt.date | None"]]
Sleep = Callable[[float], None] | None
Tell = Callable[[str], None]
_WAITING = "strides: another push to this account is running; waiting for it to finish"


class Service:
    """A service a watch syncs from: workouts placed on days (or in its library), a dry run that lists the
    requests, one push at a time per account."""

    name = ""
    title = ""  # as the service calls itself
    export = ""  # the backend whose format the service is sent
    how = ""  # how the dry run's requests would be sent

    def check(self, asked: Asked) -> None:
        if asked.device or asked.force:
            raise UsageError(f"--device and --force are for --to usb, not --to {self.name}")

    def push(self, workouts: Sequence[Workout], asked: Asked, emit: Callable[[str], None],
             warn: Callable[[list[StridesWarning]], None]) -> None:
        """Place, warn, then list (a dry run) or send; the table says what was done, even after a failure."""
        from strides.delivery.dates import place

        days = place(workouts, asked.date, asked.week_of)
        warn(self.cautions(workouts))
        placed = list(zip(workouts, days, strict=True))
        if asked.dry_run:
            emit(self.shown(self.planned(placed)))
            return
        try:
            done = self.deliver(placed)
        except DeliveryError as error:
            if error.done:
                emit(summary(error.done))
            pushed = f"{len(error.done)} of {len(workouts)} workouts were pushed before it" if error.done else \
                "nothing was pushed"
            raise DeliveryError(f"{error.message}; {pushed}", hint=error.hint) from None
        emit(summary(done))

    def cautions(self, workouts: Sequence[Workout]) -> list[StridesWarning]:
        """What the service's format cannot carry, for the command line to say before anything is sent."""
        from strides.backends import get_backend

        backend = get_backend(self.export)
        return backend.warnings(workouts) if backend.warnings is not None else []

    def planned(self, placed: Placed, env: Mapping[str, str] | None = None) -> list[Request]:
        """The requests a push would send (`--dry-run`): no credentials needed, none shown."""
        raise NotImplementedError

    def deliver(self, placed: Placed, env: Mapping[str, str] | None = None, sleep: Sleep = None,
                module: ModuleType | None = None, tell: Tell | None = None) -> list[Delivered]:
        """Push the workouts, one push at a time per account; raises DeliveryError (with what was done before)
        when the service fails. `tell` hears what the push waits for (standard error by default)."""
        raise NotImplementedError

    def shown(self, requests: Sequence[Request]) -> str:
        """The dry run's listing."""
        head = (f"--dry-run: nothing is sent. A push to {self.title} would send these requests {self.how}; a "
                "workout already there unchanged is left out, one that changed is updated instead:")
        return "\n\n".join([head, *(request.shown() for request in requests)]) + "\n"


class IntervalsService(Service):
    name, title, export = "intervals", "intervals.icu", "icu"
    how = "(with the header Authorization: Basic, user API_KEY and your key as the password)"

    def cautions(self, workouts: Sequence[Workout]) -> list[StridesWarning]:
        from strides.backends.exports.icu import pushed_cautions

        return pushed_cautions(workouts)  # a push converts heart rates with intervals.icu's own max HR

    def planned(self, placed: Placed, env: Mapping[str, str] | None = None) -> list[Request]:
        from strides.delivery.intervals import PLACEHOLDER, Intervals

        client = Intervals(intervals_account(env, required=False) or _placeholder(env, PLACEHOLDER))
        if _on_days(placed):
            return client.calendar_requests([(w, d) for w, d in placed if d is not None])
        return client.library_requests([w for w, _ in placed])

    def deliver(self, placed: Placed, env: Mapping[str, str] | None = None, sleep: Sleep = None,
                module: ModuleType | None = None, tell: Tell | None = None) -> list[Delivered]:
        from strides.delivery.intervals import Intervals, account_name

        tell = tell or say
        account = intervals_account(env)
        assert account is not None
        with account_lock("intervals", account_name(account), env, lambda: tell(_WAITING)):
            client = Intervals(account, sleep, tell)
            if _on_days(placed):
                return client.push_calendar([(w, d) for w, d in placed if d is not None])
            return client.push_library([w for w, _ in placed])


class GarminService(Service):
    name, title, export = "garmin", "Garmin Connect", "garmin"
    how = "through python-garminconnect, logged in with the tokens of `strides login garmin`"

    def planned(self, placed: Placed, env: Mapping[str, str] | None = None) -> list[Request]:
        from strides.delivery import garmin_connect as garmin

        return garmin.requests(placed, env)

    def deliver(self, placed: Placed, env: Mapping[str, str] | None = None, sleep: Sleep = None,
                module: ModuleType | None = None, tell: Tell | None = None) -> list[Delivered]:
        from strides.delivery import garmin_connect as garmin

        tell = tell or say
        with account_lock("garmin", str(garmin_tokens(env)), env, lambda: tell(_WAITING)):
            return garmin.GarminConnect(garmin.connect(env, module, sleep, tell), sleep, tell).push(placed)


INTERVALS, GARMIN = IntervalsService(), GarminService()


def _on_days(placed: Placed) -> bool:
    """Every workout has its day: they go on the calendar, else into the library."""
    return bool(placed) and all(day is not None for _, day in placed)


def _placeholder(env: Mapping[str, str] | None, placeholder: str) -> Account:
    env = os.environ if env is None else env
    athlete = env.get("STRIDES_INTERVALS_ATHLETE", "").strip()
    return Account(athlete_id(athlete, "STRIDES_INTERVALS_ATHLETE") if athlete else placeholder, "",
                   intervals_url(env))


def service(name: str) -> Service:
    found = destination(name)
    assert isinstance(found, Service), f"{name} is not a service"
    return found


def cautions(name: str, workouts: Sequence[Workout]) -> list[StridesWarning]:
    return service(name).cautions(workouts)


def planned(name: str, placed: Placed, env: Mapping[str, str] | None = None) -> list[Request]:
    return service(name).planned(placed, env)


def deliver(name: str, placed: Placed, env: Mapping[str, str] | None = None, sleep: Sleep = None,
            module: ModuleType | None = None, tell: Tell | None = None) -> list[Delivered]:
    return service(name).deliver(placed, env, sleep, module, tell)


def shown(name: str, requests: Sequence[Request]) -> str:
    return service(name).shown(requests)
