"""intervals.icu through its documented API: workouts on the athlete's calendar, or in the workout library.

Calendar: `POST /api/v1/athlete/{id}/events/bulk?upsert=true` with one WORKOUT event per workout; each
carries an `external_id` made from its day and name, so pushing again updates the event rather than adding
a second one. The events already there are read first (`GET …/events`), so that an unchanged workout is not
sent at all and the summary can tell created from updated.

Library (no date): the workouts go in a folder named `strides` (made if need be); one of the same name there
is strides' own and is updated (`PUT …/workouts/{id}`), a new one is created (`POST …/workouts`).

Workouts are sent as intervals.icu's workout text (the `icu` export), which it turns into a structured
workout that syncs to the watch. Basic auth: the user is `API_KEY`, the password the key.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from strides.backends.exports.icu import workout_text
from strides.delivery import CREATED, UNCHANGED, UPDATED, Delivered, DeliveryError
from strides.delivery.config import (
    CONFIG_FILE,
    Account,
    config_folder,
    config_text,
    intervals_url,
    parse_sections,
    write_private,
)
from strides.delivery.http import Http, Request
from strides.meaning.model import Workout
from strides.names import TakenNames, safe_file_name

CALENDAR, LIBRARY = "intervals.icu calendar", "intervals.icu library"
FOLDER = "strides"
SPORT = "Run"
REFUSED_HINT = ("check STRIDES_INTERVALS_ATHLETE and STRIDES_INTERVALS_API_KEY (or config.toml): the key is "
                "on intervals.icu's Settings page, under Developer Settings")
Json = dict[str, Any]


def external_id(day: dt.date, name: str, taken: TakenNames) -> str:
    """`strides-2026-12-08-tue-12-x-400`: the same workout on the same day keeps it from push to push."""
    return f"strides-{day.isoformat()}-{safe_file_name(name, '', taken)}"


def event(workout: Workout, day: dt.date, ident: str) -> Json:
    return {"category": "WORKOUT", "start_date_local": f"{day.isoformat()}T00:00:00", "type": SPORT,
            "name": workout.name, "description": workout_text(workout), "external_id": ident}


def library_workout(workout: Workout, folder: int) -> Json:
    return {"name": workout.name, "description": workout_text(workout), "type": SPORT, "folder_id": folder}


class Intervals:
    """One athlete's calendar and library."""

    def __init__(self, account: Account, sleep: Callable[[float], None] | None = None) -> None:
        self.account = account
        credentials = base64.b64encode(f"API_KEY:{account.key}".encode()).decode("ascii")
        self.http = Http("intervals.icu", account.url, {"Authorization": f"Basic {credentials}"},
                         secrets=(account.key, credentials), sleep=sleep, refused_hint=REFUSED_HINT)
        self.root = f"/api/v1/athlete/{account.athlete}"

    # --- what is sent -------------------------------------------------------------------------------

    def calendar_requests(self, placed: Sequence[tuple[Workout, dt.date]]) -> list[Request]:
        """The requests a calendar push makes when none of the events is there yet (`--dry-run`)."""
        events = self.events(placed)
        return [self._listing(placed), Request("POST", self.http.url(f"{self.root}/events/bulk",
                                                                    {"upsert": "true"}), events)]

    def events(self, placed: Sequence[tuple[Workout, dt.date]]) -> list[Json]:
        taken: dict[dt.date, TakenNames] = {}
        return [event(workout, day, external_id(day, workout.name, taken.setdefault(day, TakenNames())))
                for workout, day in placed]

    def _listing(self, placed: Sequence[tuple[Workout, dt.date]]) -> Request:
        days = [day for _, day in placed]
        query = {"oldest": min(days).isoformat(), "newest": max(days).isoformat(), "category": "WORKOUT"}
        return Request("GET", self.http.url(f"{self.root}/events", query))

    def library_requests(self, workouts: Sequence[Workout]) -> list[Request]:
        """The requests a library push makes when the folder and its workouts are new (`--dry-run`)."""
        return [Request("GET", self.http.url(f"{self.root}/folders")),
                Request("POST", self.http.url(f"{self.root}/folders"), {"name": FOLDER, "type": "FOLDER"}),
                Request("GET", self.http.url(f"{self.root}/workouts")),
                *(Request("POST", self.http.url(f"{self.root}/workouts"), library_workout(w, 0))
                  for w in workouts)]

    # --- pushing ------------------------------------------------------------------------------------

    def push_calendar(self, placed: Sequence[tuple[Workout, dt.date]]) -> list[Delivered]:
        there = self.http.send(self._listing(placed))
        if not isinstance(there, list):
            raise DeliveryError("intervals.icu answered the list of events with something that is not a list")
        known = {item.get("external_id"): item for item in there if isinstance(item, dict)}
        outcomes, changed = [], []
        for (workout, day), body in zip(placed, self.events(placed), strict=True):
            old = known.get(body["external_id"])
            outcome = CREATED if old is None else UNCHANGED if _same(old, body) else UPDATED
            outcomes.append(Delivered(workout.name, day.isoformat(), CALENDAR, outcome))
            if outcome != UNCHANGED:
                changed.append(body)
        if changed:
            answer = self.http.send(Request("POST", self.http.url(f"{self.root}/events/bulk", {"upsert": "true"}),
                                            changed))
            _check_events(answer, changed)
        return outcomes

    def push_library(self, workouts: Sequence[Workout]) -> list[Delivered]:
        folder = self._folder()
        there = self.http.send(Request("GET", self.http.url(f"{self.root}/workouts")))
        if not isinstance(there, list):
            raise DeliveryError("intervals.icu answered the list of workouts with something that is not a list")
        ours = {item.get("name"): item for item in there
                if isinstance(item, dict) and item.get("folder_id") == folder}
        done: list[Delivered] = []
        for workout in workouts:
            body = library_workout(workout, folder)
            old = ours.get(workout.name)
            try:
                if old is None:
                    created = self.http.send(Request("POST", self.http.url(f"{self.root}/workouts"), body))
                    if isinstance(created, dict) and "id" in created:
                        ours[workout.name] = created
                    outcome = CREATED
                elif _same(old, body):
                    outcome = UNCHANGED
                else:
                    self.http.send(Request("PUT", self.http.url(f"{self.root}/workouts/{old.get('id')}"), body))
                    outcome = UPDATED
            except DeliveryError as error:
                raise error.after(done) from None
            done.append(Delivered(workout.name, None, LIBRARY, outcome))
        return done

    def _folder(self) -> int:
        folders = self.http.send(Request("GET", self.http.url(f"{self.root}/folders")))
        if not isinstance(folders, list):
            raise DeliveryError("intervals.icu answered the list of folders with something that is not a list")
        for folder in folders:
            if isinstance(folder, dict) and folder.get("name") == FOLDER and folder.get("type", "FOLDER") == "FOLDER":
                return _ident(folder, "folder")
        made = self.http.send(Request("POST", self.http.url(f"{self.root}/folders"),
                                      {"name": FOLDER, "type": "FOLDER"}))
        return _ident(made, "folder")

    def check(self) -> None:
        """That the athlete and key are accepted (`GET /api/v1/athlete/{id}`)."""
        self.http.send(Request("GET", self.http.url(self.root)))


def remember_account(athlete: str, key: str, env: Mapping[str, str] | None = None,
                     sleep: Callable[[float], None] | None = None) -> Path:
    """Check the athlete and key with intervals.icu, then keep them in the config file (mode 0600), next to
    whatever else it holds; returns the file."""
    account = Account(athlete.strip(), key.strip(), intervals_url(env))
    if not (account.athlete and account.key):
        raise DeliveryError("intervals.icu needs both the athlete id and the API key")
    Intervals(account, sleep).check()
    path = config_folder(env) / CONFIG_FILE
    try:
        sections = parse_sections(path.read_text(encoding="utf-8"), path)
    except FileNotFoundError:
        sections = {}
    except (OSError, UnicodeDecodeError) as error:
        raise DeliveryError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    sections["intervals"] = {**sections.get("intervals", {}), "athlete": account.athlete, "api_key": account.key}
    try:
        write_private(path, config_text(sections))
    except OSError as error:
        raise DeliveryError(f"cannot write {path}: {error.strerror or error}") from None
    return path


def _same(old: Json, new: Json) -> bool:
    """Whether what is there already says what would be sent (intervals.icu adds fields of its own)."""
    return all(_plain(old.get(key)) == _plain(value) for key, value in new.items() if key != "external_id")


def _plain(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _ident(item: Any, what: str) -> int:
    if isinstance(item, dict) and isinstance(item.get("id"), int):
        return int(item["id"])
    raise DeliveryError(f"intervals.icu answered with a {what} that has no id")


def _check_events(answer: Any, sent: Sequence[Json]) -> None:
    if not isinstance(answer, list) or len(answer) != len(sent):
        raise DeliveryError(f"intervals.icu answered the upload of {len(sent)} events with something else than "
                            f"{len(sent)} events: check the calendar, then push again")
