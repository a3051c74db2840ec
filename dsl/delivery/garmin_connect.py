"""Garmin Connect through python-garminconnect (the optional `garmin` extra): upload, update, schedule.

Garmin Connect has no documented API for this, and its login changes often, so strides leaves the login,
the tokens and the HTTP to the library and calls only these of its `Garmin` object's methods: `login`,
`get_workouts`, `get_workout_by_id`, `upload_workout`, `schedule_workout`, `get_scheduled_workouts`, and
`client.put` for an update (the library has no method of its own for it). Tests stand a fake object with
the same methods in its place.

A workout strides uploaded before is known by its name and strides' mark at the end of its description;
the digest in the mark says whether its steps changed (then it is updated in place, keeping its history
and schedule) or not (then nothing is sent).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from strides.backends.exports.garmin import digest_of, workout_json
from strides.delivery import CREATED, SCHEDULED, UNCHANGED, UPDATED, Delivered, DeliveryError
from strides.delivery.config import garmin_domain, garmin_tokens, private_folder
from strides.delivery.http import TRIES, WAITS, Request
from strides.meaning.model import Workout

DESTINATION = "Garmin Connect"
EXTRA = "pip install 'strides[garmin]'"
TOKEN_FILE = "garmin_tokens.json"  # where the library keeps its tokens inside the folder it is given
PAGE = 100
MOST_PAGES = 20  # 2,000 workouts: more than Garmin Connect's library holds
LOGIN_HINT = "run `strides login garmin` (your password is asked for once; the tokens are kept)"
Json = dict[str, Any]


class _Connection(Protocol):
    def put(self, _domain: str, path: str, **kwargs: Any) -> Any: ...


class Library(Protocol):
    """The methods of python-garminconnect's `Garmin` that strides calls."""

    client: _Connection

    def login(self, /, tokenstore: str | None = None) -> Any: ...
    def get_workouts(self, start: int = 0, limit: int = 100) -> Any: ...
    def get_workout_by_id(self, workout_id: int | str) -> Any: ...
    def upload_workout(self, workout_json: Json) -> Any: ...
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
            sleep: Callable[[float], None] | None = None) -> Library:
    """A logged-in `Garmin`, from the tokens `strides login garmin` kept."""
    module = module or library_module()
    tokens = garmin_tokens(env)
    if not (tokens / TOKEN_FILE).is_file():
        raise DeliveryError(f"strides is not logged in to Garmin Connect (no tokens in {tokens})", hint=LOGIN_HINT)
    garmin: Library = module.Garmin(is_cn=garmin_domain(env) == "garmin.cn")
    call(lambda: garmin.login(tokenstore=str(tokens)), "log in", sleep)
    return garmin


def login(ask: Callable[[str], str], ask_secret: Callable[[str], str], env: Mapping[str, str] | None = None,
          module: ModuleType | None = None, sleep: Callable[[float], None] | None = None) -> Path:
    """Log in with an email, a password and, if the account has it, an MFA code; keep the tokens (only the
    owner can read them) and return where."""
    module = module or library_module()
    tokens = private_folder(garmin_tokens(env))
    (tokens / TOKEN_FILE).unlink(missing_ok=True)  # a fresh login, not the tokens of the last one
    email = ask("Garmin Connect email: ").strip()
    password = ask_secret("Password: ")
    if not email or not password:
        raise DeliveryError("a Garmin Connect login needs an email and a password")
    garmin = module.Garmin(email=email, password=password, is_cn=garmin_domain(env) == "garmin.cn",
                           prompt_mfa=lambda: ask("Code from your authenticator app or email: ").strip())
    call(lambda: garmin.login(tokenstore=str(tokens)), "log in", sleep)
    for kept in tokens.iterdir():
        kept.chmod(0o600)
    return tokens


def call(action: Callable[[], Any], what: str, sleep: Callable[[float], None] | None) -> Any:
    """One library call, with rate limits waited out and its errors made one line (no passwords or tokens
    are in the library's messages; the line is cut short all the same)."""
    for attempt in range(TRIES):
        try:
            return action()
        except Exception as error:  # the library raises its own classes, and requests' when it lets them through
            kind = type(error).__name__
            if kind == "GarminConnectTooManyRequestsError" and attempt < TRIES - 1:
                (sleep or time.sleep)(WAITS[min(attempt, len(WAITS) - 1)])
                continue
            raise _failure(kind, error, what) from None
    raise AssertionError("unreachable")


def _failure(kind: str, error: Exception, what: str) -> DeliveryError:
    said = " ".join(str(error).split())[:160]
    if kind == "GarminConnectAuthenticationError":
        return DeliveryError(f"Garmin Connect refused the login ({what}): {said}", hint=LOGIN_HINT)
    if kind == "GarminConnectTooManyRequestsError":
        return DeliveryError(f"Garmin Connect is still limiting requests after {TRIES} tries ({what})",
                             hint="wait a few minutes and push again")
    if kind == "GarminConnectConnectionError" or isinstance(error, OSError):
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

    def __init__(self, library: Library, sleep: Callable[[float], None] | None = None) -> None:
        self.library = library
        self.sleep = sleep
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
            ident = _workout_id(created)
            listing.append({"workoutId": ident, "workoutName": workout.name})
            outcome = CREATED
        else:
            ident = _workout_id(old)
            if digest_of(old.get("description")) == digest_of(document["description"]):
                outcome = UNCHANGED
            else:
                path = f"/workout-service/workout/{ident}"
                self._call(lambda: self.library.client.put("connectapi", path, json={**document, "workoutId": ident},
                                                           api=True), f"update `{workout.name}`")
                outcome = UPDATED
        if day is not None and not self._on_calendar(ident, day):
            self._call(lambda: self.library.schedule_workout(ident, day.isoformat()), f"schedule `{workout.name}`")
            self._months.setdefault((day.year, day.month), []).append(
                {"itemType": "workout", "workoutId": ident, "date": day.isoformat()})
            outcome = SCHEDULED if outcome == UNCHANGED else outcome
        return outcome

    def _call(self, action: Callable[[], Any], what: str) -> Any:
        return call(action, what, self.sleep)

    def _listing(self) -> list[Json]:
        """Every workout in the library (names and ids), page by page."""
        found: list[Json] = []
        for page in range(MOST_PAGES):
            start = page * PAGE
            batch = self._call(functools.partial(self.library.get_workouts, start, PAGE), "list the workouts")
            if not isinstance(batch, list):
                raise DeliveryError("Garmin Connect answered the list of workouts with something that is not a list")
            found += [item for item in batch if isinstance(item, dict)]
            if len(batch) < PAGE:
                break
        return found

    def _ours(self, name: str, listing: list[Json]) -> Json | None:
        """The workout of that name that strides uploaded, read in full (the list leaves out descriptions)."""
        for item in listing:
            if item.get("workoutName") == name:
                ident = _workout_id(item)
                full = self._call(functools.partial(self.library.get_workout_by_id, ident), f"read `{name}`")
                if isinstance(full, dict) and digest_of(full.get("description")) is not None:
                    return full
        return None

    def _on_calendar(self, ident: int, day: dt.date) -> bool:
        key = (day.year, day.month)
        if key not in self._months:
            answer = self._call(lambda: self.library.get_scheduled_workouts(day.year, day.month),
                                "read the calendar")
            items = answer.get("calendarItems", []) if isinstance(answer, dict) else []
            self._months[key] = [item for item in items if isinstance(item, dict)]
        return any(item.get("workoutId") == ident and item.get("date") == day.isoformat()
                   for item in self._months[key])


def _workout_id(answer: Any) -> int:
    if isinstance(answer, dict) and isinstance(answer.get("workoutId"), int):
        return int(answer["workoutId"])
    raise DeliveryError("Garmin Connect answered with a workout that has no workoutId")
