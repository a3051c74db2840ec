"""`strides push --to intervals|garmin`: the workouts placed on their days, sent, and what was done."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType

from strides.delivery import Delivered
from strides.delivery.config import (
    Account,
    account_lock,
    athlete_id,
    garmin_tokens,
    intervals_account,
    intervals_url,
)
from strides.delivery.http import Request
from strides.errors import StridesWarning
from strides.meaning.model import Workout
from strides.messages import say

Placed = Sequence[tuple[Workout, "dt.date | None"]]
SERVICES = {"intervals": "intervals.icu", "garmin": "Garmin Connect"}
EXPORTS = {"intervals": "icu", "garmin": "garmin"}  # the export each service is sent


def cautions(service: str, workouts: Sequence[Workout]) -> list[StridesWarning]:
    """What the service's format cannot carry, for the command line to say before anything is sent."""
    from strides.backends import get_backend

    if service == "intervals":  # a push converts heart rates with intervals.icu's own max HR
        from strides.backends.exports.icu import pushed_cautions

        return pushed_cautions(workouts)
    backend = get_backend(EXPORTS[service])
    return backend.warnings(workouts) if backend.warnings is not None else []


def planned(service: str, placed: Placed, env: Mapping[str, str] | None = None) -> list[Request]:
    """The requests a push would send (`--dry-run`): no credentials needed, none shown."""
    if service == "garmin":
        from strides.delivery import garmin_connect as garmin

        return garmin.requests(placed, env)
    from strides.delivery.intervals import PLACEHOLDER, Intervals

    account = intervals_account(env, required=False) or _placeholder(env, PLACEHOLDER)
    client = Intervals(account)
    days = [day for _, day in placed]
    if days and all(day is not None for day in days):
        return client.calendar_requests([(w, d) for w, d in placed if d is not None])
    return client.library_requests([w for w, _ in placed])


def _placeholder(env: Mapping[str, str] | None, placeholder: str) -> Account:
    env = os.environ if env is None else env
    athlete = env.get("STRIDES_INTERVALS_ATHLETE", "").strip()
    return Account(athlete_id(athlete, "STRIDES_INTERVALS_ATHLETE") if athlete else placeholder, "",
                   intervals_url(env))


def deliver(service: str, placed: Placed, env: Mapping[str, str] | None = None,
            sleep: Callable[[float], None] | None = None, module: ModuleType | None = None,
            tell: Callable[[str], None] | None = None) -> list[Delivered]:
    """Push the workouts, one push at a time per account; raises DeliveryError (with what was done before)
    when the service fails. `tell` hears what the push waits for (standard error by default)."""
    tell = tell or say
    if service == "garmin":
        from strides.delivery import garmin_connect as garmin

        with account_lock("garmin", str(garmin_tokens(env)), env, lambda: tell(_WAITING)):
            return garmin.GarminConnect(garmin.connect(env, module, sleep, tell), sleep, tell).push(placed)
    from strides.delivery.intervals import Intervals, account_name

    account = intervals_account(env)
    assert account is not None
    with account_lock("intervals", account_name(account), env, lambda: tell(_WAITING)):
        client = Intervals(account, sleep, tell)
        if placed and all(day is not None for _, day in placed):
            return client.push_calendar([(w, d) for w, d in placed if d is not None])
        return client.push_library([w for w, _ in placed])


_WAITING = "strides: another push to this account is running; waiting for it to finish"


def shown(service: str, requests: Sequence[Request]) -> str:
    """The dry run's listing."""
    head = f"--dry-run: nothing is sent. A push to {SERVICES[service]} would send these requests"
    if service == "intervals":
        head += " (with the header Authorization: Basic, user API_KEY and your key as the password)"
    else:
        head += " through python-garminconnect, logged in with the tokens of `strides login garmin`"
    head += "; a workout already there unchanged is left out, one that changed is updated instead:"
    return "\n\n".join([head, *(request.shown() for request in requests)]) + "\n"
