"""Garmin Connect through python-garminconnect (the optional `garmin` extra): upload, update, schedule.

Garmin Connect has no documented API for this, and its login changes often, so strides leaves the login,
the tokens and the HTTP to the library and calls only these of its `Garmin` object's methods: `login`,
`get_workouts`, `get_workout_by_id`, `upload_workout`, `update_workout` (from 0.3.7; it PUTs the whole
workout under its id, so the schedules pointing at it stay; before 0.3.7 strides makes the same request
with `client.put`), `schedule_workout` and `get_scheduled_workouts`. Tests stand a fake object with the same
methods in its place. What the library hands back is checked field by field before use.

Facts of the library (0.3.12) this relies on: it talks to garmin.com or garmin.cn alone (any other domain
is refused, here before it is asked); requests, under it, drops the Authorization header on a redirect to
another host; a 429 on the login or a read raises GarminConnectTooManyRequestsError, one on a write
(upload, update, schedule) GarminConnectConnectionError "API Error 429", and strides waits out both; it
retries 5xx reads itself.

A workout strides uploaded before is known by its name and strides' mark at the end of its description;
the digest in the mark says whether its steps changed (then it is updated in place, keeping its history
and schedule) or not (then nothing is sent).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import re
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from strides.backends.exports.garmin import digest_of, workout_json
from strides.delivery import CREATED, SCHEDULED, UNCHANGED, UPDATED, Delivered, DeliveryError
from strides.delivery.config import garmin_domain, garmin_tokens, private_folder
from strides.delivery.http import TRIES, WAITS, Request, printable
from strides.delivery.replies import ident, listing, record, text
from strides.errors import StridesError
from strides.meaning.model import Workout

SERVICE = DESTINATION = "Garmin Connect"
EXTRA = "pip install 'strides[garmin]'"
TOKEN_FILE = "garmin_tokens.json"  # where the library keeps its tokens inside the folder it is given
PAGE = 100
MOST_PAGES = 20  # 2,000 workouts: more than Garmin Connect's library holds
LOGIN_HINT = "run `strides login garmin` (your password is asked for once; the tokens are kept)"
Json = dict[str, Any]
LIMITED = re.compile(r"\b429\b")  # how the library words a 429 on a write: "API Error 429"


class _Connection(Protocol):
    def put(self, _domain: str, path: str, **kwargs: Any) -> Any: ...


class Library(Protocol):
    """The methods of python-garminconnect's `Garmin` that strides calls."""

    client: _Connection

    def login(self, /, tokenstore: str | None = None) -> Any: ...
    def get_workouts(self, start: int = 0, limit: int = 100) -> Any: ...
    def get_workout_by_id(self, workout_id: int | str) -> Any: ...
    def upload_workout(self, workout_json: Json) -> Any: ...
    def update_workout(self, workout_id: int | str, workout_json: Json) -> Any: ...
    def schedule_workout(self, workout_id: int | str, date_str: str) -> Any: ...
    def get_scheduled_workouts(self, year: int | str, month: int | str) -> Any: ...


def library_module() -> ModuleType:
    """python-garminconnect, or a message saying how to install it."""
    try:
        return importlib.import_module("garminconnect")
    except ImportError:
        raise DeliveryError("pushing to Garmin Connect needs python-garminconnect, which is not installed",
                            hint=f"{EXTRA} (it needs Python 3.12 or newer); `--dry-run` works without it"
                            ) from None


def connect(env: Mapping[str, str] | None = None, module: ModuleType | None = None,
            sleep: Callable[[float], None] | None = None, tell: Callable[[str], None] | None = None) -> Library:
    """A logged-in `Garmin`, from the tokens `strides login garmin` kept."""
    is_cn = _domain(env) == "garmin.cn"
    module = module or library_module()
    tokens = garmin_tokens(env)
    if not (tokens / TOKEN_FILE).is_file():
        raise DeliveryError(f"strides is not logged in to Garmin Connect (no tokens in {tokens})", hint=LOGIN_HINT)
    garmin: Library = module.Garmin(is_cn=is_cn)
    call(lambda: garmin.login(tokenstore=str(tokens)), "log in", sleep, tell)
    return garmin


def login(ask: Callable[[str], str], ask_secret: Callable[[str], str], env: Mapping[str, str] | None = None,
          module: ModuleType | None = None, sleep: Callable[[float], None] | None = None) -> Path:
    """Log in with an email, a password and, if the account has it, an MFA code; keep the tokens (only the
    owner can read them) and return where."""
    is_cn = _domain(env) == "garmin.cn"
    module = module or library_module()
    tokens = private_folder(garmin_tokens(env))
    (tokens / TOKEN_FILE).unlink(missing_ok=True)  # a fresh login, not the tokens of the last one
    email = ask("Garmin Connect email: ").strip()
    password = ask_secret("Password: ")
    if not email or not password:
        raise DeliveryError("a Garmin Connect login needs an email and a password")
    garmin = module.Garmin(email=email, password=password, is_cn=is_cn,
                           prompt_mfa=lambda: ask("Code from your authenticator app or email: ").strip())
    call(lambda: garmin.login(tokenstore=str(tokens)), "log in", sleep, secrets=(password, email))
    for kept in tokens.iterdir():
        kept.chmod(0o600)
    return tokens


def _domain(env: Mapping[str, str] | None) -> str:
    try:
        return garmin_domain(env)
    except StridesError as error:
        raise DeliveryError(error.message, hint=error.hint) from None


def call(action: Callable[[], Any], what: str, sleep: Callable[[float], None] | None,
         tell: Callable[[str], None] | None = None, secrets: Sequence[str] = ()) -> Any:
    """One library call, with rate limits waited out (and said) and its errors made one line. The library
    keeps passwords and tokens out of its messages; `secrets` are cut out all the same."""
    for attempt in range(TRIES):
        try:
            return action()
        except Exception as error:  # the library raises its own classes, and requests' when it lets them through
            if _limited(error) and attempt < TRIES - 1:
                wait = WAITS[min(attempt, len(WAITS) - 1)]
                _tell(tell, f"strides: Garmin Connect is limiting requests (429): waiting {wait:g} s before try "
                      f"{attempt + 2} of {TRIES}")
                (sleep or time.sleep)(wait)
                continue
            raise _failure(type(error).__name__, error, what, secrets) from None
    raise AssertionError("unreachable")


def _limited(error: Exception) -> bool:
    kind = type(error).__name__
    if kind == "GarminConnectTooManyRequestsError":
        return True
    status = getattr(getattr(error, "response", None), "status_code", None)
    return kind in ("GarminConnectConnectionError", "HTTPError") and (
        status == 429 or (status is None and LIMITED.search(str(error)) is not None))


def _tell(tell: Callable[[str], None] | None, message: str) -> None:
    if tell is None:
        from strides.messages import say

        tell = say
    tell(message)


def _failure(kind: str, error: Exception, what: str, secrets: Sequence[str] = ()) -> DeliveryError:
    said = str(error)
    for secret in secrets:
        if secret:
            said = said.replace(secret, "***")
    said = printable(said, 160)
    if kind == "GarminConnectAuthenticationError":
        return DeliveryError(f"Garmin Connect refused the login ({what}): {said}", hint=LOGIN_HINT)
    if _limited(error):
        return DeliveryError(f"Garmin Connect is still limiting requests after {TRIES} tries ({what})",
                             hint="wait a few minutes and push again")
    if kind in ("GarminConnectConnectionError", "GarminConnectNotFoundError") or isinstance(error, OSError):
        return DeliveryError(f"cannot {what} on Garmin Connect: {said}")
    return DeliveryError(f"Garmin Connect gave an answer strides cannot read ({what}): {kind}: {said}")


def requests(placed: Sequence[tuple[Workout, dt.date | None]], env: Mapping[str, str] | None = None
             ) -> list[Request]:
    """What a push sends when none of the workouts is there yet (`--dry-run`), as the library sends it."""
    base = f"https://connectapi.{garmin_domain(env)}"
    sent = [Request("GET", f"{base}/workout-service/workouts?start=0&limit={PAGE}")]
    for workout, day in placed:
        sent.append(Request("POST", f"{base}/workout-service/workout", workout_json(workout)))
        if day is not None:
            sent.append(Request("POST", f"{base}/workout-service/schedule/{{workoutId}}", {"date": day.isoformat()}))
    return sent


class GarminConnect:
    """One account's workout library and calendar."""

    def __init__(self, library: Library, sleep: Callable[[float], None] | None = None,
                 tell: Callable[[str], None] | None = None) -> None:
        self.library = library
        self.sleep = sleep
        self.tell = tell
        self._months: dict[tuple[int, int], list[Json]] = {}

    def push(self, placed: Sequence[tuple[Workout, dt.date | None]]) -> list[Delivered]:
        listing = self._listing()
        done: list[Delivered] = []
        for workout, day in placed:
            try:
                outcome = self._one(workout, day, listing)
            except DeliveryError as error:
                raise error.after(done) from None
            done.append(Delivered(workout.name, day.isoformat() if day else None, DESTINATION, outcome))
        return done

    def _one(self, workout: Workout, day: dt.date | None, listing: list[Json]) -> str:
        document = workout_json(workout)
        old = self._ours(workout.name, listing)
        if old is None:
            created = self._call(lambda: self.library.upload_workout(document), f"upload `{workout.name}`")
            number = _workout_id(created, "the uploaded workout")
            listing.append({"workoutId": number, "workoutName": workout.name})
            outcome = CREATED
        else:
            number = _workout_id(old, "a workout")
            if digest_of(old.get("description")) == digest_of(document["description"]):
                outcome = UNCHANGED
            else:
                self._call(lambda: self._update(number, document), f"update `{workout.name}`")
                outcome = UPDATED
        if day is not None and not self._on_calendar(number, day):
            self._call(lambda: self.library.schedule_workout(number, day.isoformat()), f"schedule `{workout.name}`")
            self._months.setdefault((day.year, day.month), []).append(
                {"itemType": "workout", "workoutId": number, "date": day.isoformat()})
            outcome = SCHEDULED if outcome == UNCHANGED else outcome
        return outcome

    def _update(self, number: int, document: Json) -> Any:
        """The workout replaced in place under its id, by the library's own method where it has one."""
        body = {**document, "workoutId": number}
        if callable(getattr(self.library, "update_workout", None)):
            return self.library.update_workout(number, body)
        return self.library.client.put("connectapi", f"/workout-service/workout/{number}", json=body, api=True)

    def _call(self, action: Callable[[], Any], what: str) -> Any:
        return call(action, what, self.sleep, self.tell)

    def _listing(self) -> list[Json]:
        """Every workout in the library (names and ids), page by page."""
        found: list[Json] = []
        for page in range(MOST_PAGES):
            start = page * PAGE
            answer = self._call(functools.partial(self.library.get_workouts, start, PAGE), "list the workouts")
            batch = listing(answer, SERVICE, "the list of workouts")
            for item in batch:
                text(item, "workoutName", SERVICE, "the list of workouts")
                _workout_id(item, "the list of workouts")
            found += batch
            if len(batch) < PAGE:
                break
        return found

    def _ours(self, name: str, listing: list[Json]) -> Json | None:
        """The workout of that name that strides uploaded, read in full (the list leaves out descriptions)."""
        for item in listing:
            if item.get("workoutName") == name:
                number = _workout_id(item, "the list of workouts")
                answer = self._call(functools.partial(self.library.get_workout_by_id, number), f"read `{name}`")
                full = record(answer, SERVICE, f"the workout `{name}`")
                if digest_of(text(full, "description", SERVICE, f"the workout `{name}`")) is not None:
                    return {**full, "workoutId": number}
        return None

    def _on_calendar(self, number: int, day: dt.date) -> bool:
        key = (day.year, day.month)
        if key not in self._months:
            what = "the calendar"
            answer = record(self._call(lambda: self.library.get_scheduled_workouts(day.year, day.month), "read "
                                       "the calendar"), SERVICE, what)
            items = listing(answer.get("calendarItems") or [], SERVICE, what)
            self._months[key] = [{"workoutId": item.get("workoutId"), "date": text(item, "date", SERVICE, what)}
                                 for item in items]
        return any(item["workoutId"] == number and item["date"] == day.isoformat() for item in self._months[key])


def _workout_id(answer: Any, what: str) -> int:
    return ident(record(answer, SERVICE, what), "workoutId", SERVICE, what)
