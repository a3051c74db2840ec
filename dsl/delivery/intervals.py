"""intervals.icu through its documented API: workouts on the athlete's calendar, or in the workout library.

Calendar: `POST /api/v1/athlete/{id}/events/bulk?upsert=true` with one WORKOUT event per workout; each
carries an `external_id` made from its day and name, so pushing again updates the event rather than adding
a second one. The events already there are read first (`GET …/events`), so that an unchanged workout is not
sent at all and the summary can tell created from updated. The answer says which events were stored; one
that is missing is reported by name.

Library (no date): the workouts go in a folder named `strides` (made if need be); one of the same name there
is strides' own and is updated (`PUT …/workouts/{id}`), a new one is created (`POST …/workouts`). Two
`strides` folders (left by pushes that ran at once before pushes took turns) are merged into the older.

Workouts are sent as intervals.icu's workout text (the `icu` export), with heart rates as shares of the max
HR and LTHR in the athlete's run settings (`GET …/sport-settings/Run`), which intervals.icu converts back
with. Basic auth: the user is `API_KEY`, the password the key.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from strides.backends.exports.icu import HeartScale, uses_heart_rate, workout_text
from strides.delivery import CREATED, UNCHANGED, UPDATED, Delivered, DeliveryError
from strides.delivery.config import (
    CONFIG_FILE,
    Account,
    account_lock,
    api_key,
    athlete_id,
    config_folder,
    config_text,
    intervals_url,
    parse_sections,
    write_private,
)
from strides.delivery.http import Http, Request, segment
from strides.delivery.replies import Json, ident, listing, optional_ident, record, text, whole
from strides.errors import StridesError
from strides.meaning.model import Workout
from strides.names import TakenNames, safe_file_name

SERVICE = "intervals.icu"
CALENDAR, LIBRARY = "intervals.icu calendar", "intervals.icu library"
FOLDER = "strides"
SPORT = "Run"
REFUSED_HINT = ("check STRIDES_INTERVALS_ATHLETE and STRIDES_INTERVALS_API_KEY (or config.toml): the key is "
                "on intervals.icu's Settings page, under Developer Settings")
PLACEHOLDER = "{athlete}"  # the athlete of a dry run without credentials, shown as it is
MAX_HR, LTHR = (100, 250), (80, 240)  # what a runner's settings can hold; anything else is a broken answer


def external_id(day: dt.date, name: str, taken: TakenNames) -> str:
    """`strides-2026-12-08-tue-12-x-400`: the same workout on the same day keeps it from push to push."""
    return f"strides-{day.isoformat()}-{safe_file_name(name, '', taken)}"


def event(workout: Workout, day: dt.date, ident: str, scale: HeartScale | None = None) -> Json:
    return {"category": "WORKOUT", "start_date_local": f"{day.isoformat()}T00:00:00", "type": SPORT,
            "name": workout.name, "description": workout_text(workout, scale), "external_id": ident}


def library_workout(workout: Workout, folder: int, scale: HeartScale | None = None) -> Json:
    return {"name": workout.name, "description": workout_text(workout, scale), "type": SPORT, "folder_id": folder}


def account_name(account: Account) -> str:
    """What makes an account one: its server and athlete (pushes to it take turns)."""
    return f"{account.url}\n{account.athlete}"


class Intervals:
    """One athlete's calendar and library."""

    def __init__(self, account: Account, sleep: Callable[[float], None] | None = None,
                 tell: Callable[[str], None] | None = None) -> None:
        self.account = account
        credentials = base64.b64encode(f"API_KEY:{account.key}".encode()).decode("ascii")
        self.http = Http(SERVICE, account.url, {"Authorization": f"Basic {credentials}"},
                         secrets=(account.key, credentials), sleep=sleep, refused_hint=REFUSED_HINT, tell=tell)
        athlete = account.athlete if account.athlete == PLACEHOLDER else segment(account.athlete)
        self.root = f"/api/v1/athlete/{athlete}"

    def _at(self, path: str, query: Mapping[str, str] | None = None) -> str:
        return self.http.url(self.root + path, query)

    # --- what is sent -------------------------------------------------------------------------------

    def calendar_requests(self, placed: Sequence[tuple[Workout, dt.date]]) -> list[Request]:
        """The requests a calendar push makes when none of the events is there yet (`--dry-run`)."""
        return [*self._settings_for([workout for workout, _ in placed]), self._listing(placed),
                Request("POST", self._at("/events/bulk", {"upsert": "true"}), self.events(placed))]

    def events(self, placed: Sequence[tuple[Workout, dt.date]], scale: HeartScale | None = None) -> list[Json]:
        taken: dict[dt.date, TakenNames] = {}
        return [event(workout, day, external_id(day, workout.name, taken.setdefault(day, TakenNames())), scale)
                for workout, day in placed]

    def _listing(self, placed: Sequence[tuple[Workout, dt.date]]) -> Request:
        days = [day for _, day in placed]
        query = {"oldest": min(days).isoformat(), "newest": max(days).isoformat(), "category": "WORKOUT"}
        return Request("GET", self._at("/events", query))

    def _settings(self) -> Request:
        return Request("GET", self._at(f"/sport-settings/{SPORT}"))

    def _settings_for(self, workouts: Sequence[Workout]) -> list[Request]:
        """The run settings are read only when a workout has a heart rate to convert with them."""
        return [self._settings()] if any(uses_heart_rate(workout) for workout in workouts) else []

    def library_requests(self, workouts: Sequence[Workout]) -> list[Request]:
        """The requests a library push makes when the folder and its workouts are new (`--dry-run`)."""
        return [*self._settings_for(workouts), Request("GET", self._at("/folders")),
                Request("POST", self._at("/folders"), {"name": FOLDER, "type": "FOLDER"}),
                Request("GET", self._at("/workouts")),
                *(Request("POST", self._at("/workouts"), library_workout(w, 0)) for w in workouts)]

    # --- pushing ------------------------------------------------------------------------------------

    def heart_scale(self, workouts: Sequence[Workout]) -> HeartScale | None:
        """The max HR and LTHR of the athlete's run settings, read only when a workout has a heart rate."""
        if not self._settings_for(workouts):
            return None
        answer = self.http.send(self._settings(), missing=None)
        settings = {} if answer is None else record(answer, SERVICE, "the run settings")
        scale = HeartScale(whole(settings, "max_hr", SERVICE, "the run settings", *MAX_HR),
                           whole(settings, "lthr", SERVICE, "the run settings", *LTHR))
        if scale.max_hr is None and any(workout.profile.maxhr for workout in workouts):
            self.http.tell("strides: intervals.icu has no max HR in its run settings: heart rates go as % of the "
                           "profile's maxhr; set the same max HR there, or the watch gets other beats")
        return scale

    def push_calendar(self, placed: Sequence[tuple[Workout, dt.date]]) -> list[Delivered]:
        scale = self.heart_scale([workout for workout, _ in placed])
        there = listing(self.http.send(self._listing(placed)), SERVICE, "the list of events")
        known = {key: item for item in there
                 if (key := text(item, "external_id", SERVICE, "the list of events")) is not None}
        outcomes: list[Delivered] = []
        changed: list[Json] = []
        for (workout, day), body in zip(placed, self.events(placed, scale), strict=True):
            old = known.get(body["external_id"])
            outcome = CREATED if old is None else UNCHANGED if _same(old, body) else UPDATED
            outcomes.append(Delivered(workout.name, day.isoformat(), CALENDAR, outcome))
            if outcome != UNCHANGED:
                changed.append(body)
        if changed:
            answer = self.http.send(Request("POST", self._at("/events/bulk", {"upsert": "true"}), changed))
            _check_stored(answer, changed, outcomes)
        return outcomes

    def push_library(self, workouts: Sequence[Workout]) -> list[Delivered]:
        scale = self.heart_scale(workouts)
        ours = self._library()
        done: list[Delivered] = []
        for workout in workouts:
            try:
                outcome = self._one(workout, ours, scale)
            except DeliveryError as error:
                raise error.after(done) from None
            done.append(Delivered(workout.name, None, LIBRARY, outcome))
        return done

    def _one(self, workout: Workout, ours: _Library, scale: HeartScale | None) -> str:
        body = library_workout(workout, ours.folder, scale)
        old = ours.workouts.get(workout.name)
        if old is None:
            made = record(self.http.send(Request("POST", self._at("/workouts"), body)), SERVICE, "a new workout")
            ours.workouts[workout.name] = {**made, "id": ident(made, "id", SERVICE, "a new workout")}
            return CREATED
        if _same(old, body):
            return UNCHANGED
        self.http.send(Request("PUT", self._at(f"/workouts/{ident(old, 'id', SERVICE, 'a workout')}"), body))
        return UPDATED

    def _library(self) -> _Library:
        """strides' folder and its workouts by name; a second `strides` folder, and a second workout of one
        name in them, are merged into the first."""
        kept, *extra = self._folders()
        answer = listing(self.http.send(Request("GET", self._at("/workouts"))), SERVICE, "the list of workouts")
        mine = [item for item in answer
                if optional_ident(item, "folder_id", SERVICE, "the list of workouts") in (kept, *extra)]
        mine.sort(key=lambda item: (item.get("folder_id") != kept, ident(item, "id", SERVICE, "a workout")))
        library = _Library(kept, {})
        for item in mine:
            name = text(item, "name", SERVICE, "the list of workouts")
            number = ident(item, "id", SERVICE, "the list of workouts")
            if name is not None and name in library.workouts:
                self.http.send(Request("DELETE", self._at(f"/workouts/{number}")))
                continue
            if item.get("folder_id") != kept:
                self.http.send(Request("PUT", self._at(f"/workouts/{number}"), {"folder_id": kept}))
            if name is not None:
                library.workouts[name] = {**item, "folder_id": kept}
        for folder in extra:  # empty now: deleting a folder deletes what is in it
            self.http.send(Request("DELETE", self._at(f"/folders/{folder}")))
        return library

    def _folders(self) -> list[int]:
        """The ids of the folders named `strides`, oldest first; one is made when there is none."""
        what = "the list of folders"
        folders = listing(self.http.send(Request("GET", self._at("/folders"))), SERVICE, what)
        ours = sorted(ident(folder, "id", SERVICE, what) for folder in folders
                      if text(folder, "name", SERVICE, what) == FOLDER
                      and (text(folder, "type", SERVICE, what) or "FOLDER") == "FOLDER")
        if ours:
            return ours
        made = self.http.send(Request("POST", self._at("/folders"), {"name": FOLDER, "type": "FOLDER"}))
        return [ident(record(made, SERVICE, "the new folder"), "id", SERVICE, "the new folder")]

    def check(self) -> None:
        """That the athlete and key are accepted (`GET /api/v1/athlete/{id}`)."""
        record(self.http.send(Request("GET", self._at(""))), SERVICE, "the athlete")


@attrs.define
class _Library:
    """strides' folder, and the workouts in it by name."""

    folder: int
    workouts: dict[str, Json]


def remember_account(athlete: str, key: str, env: Mapping[str, str] | None = None,
                     sleep: Callable[[float], None] | None = None) -> Path:
    """Check the athlete and key with intervals.icu, then keep them in the config file (mode 0600), next to
    whatever else it holds; returns the file."""
    athlete, key = athlete.strip(), key.strip()
    if not (athlete and key):
        raise DeliveryError("intervals.icu needs both the athlete id and the API key")
    try:
        account = Account(athlete_id(athlete, "the athlete id"), api_key(key), intervals_url(env))
    except StridesError as error:
        raise DeliveryError(error.message, hint=error.hint) from None
    Intervals(account, sleep).check()
    path = config_folder(env) / CONFIG_FILE
    with account_lock("config", str(path), env):  # two logins at once: each keeps the other's sections
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


def _check_stored(answer: Any, sent: Sequence[Json], outcomes: list[Delivered]) -> None:
    """That the bulk upload stored every event sent; when some are missing, the error carries those that
    were (and the unchanged ones), by name."""
    stored = listing(answer, SERVICE, f"the upload of {len(sent)} events")
    said = [text(item, "external_id", SERVICE, "the upload of events") for item in stored]
    if None in said:  # an answer that does not say which events it stored: only the count can be checked
        if len(stored) == len(sent):
            return
        raise DeliveryError(f"intervals.icu stored {len(stored)} of the {len(sent)} events sent, without saying "
                            "which: check the calendar, then push again")
    missing = {body["external_id"] for body in sent} - set(said)
    if not missing:
        return
    landed = [done for done, body in zip(outcomes, _each_sent(outcomes, sent), strict=True)
              if body is None or body["external_id"] not in missing]
    names = ", ".join(f"`{body['name']}` ({body['start_date_local'][:10]})" for body in sent
                      if body["external_id"] in missing)
    raise DeliveryError(f"intervals.icu stored {len(sent) - len(missing)} of the {len(sent)} events sent; not "
                        f"stored: {names}", landed, hint="check the calendar, then push again")


def _each_sent(outcomes: Sequence[Delivered], sent: Sequence[Json]) -> list[Json | None]:
    """The event sent for each outcome, in order; None for an unchanged one (nothing was sent)."""
    bodies = iter(sent)
    return [None if done.outcome == UNCHANGED else next(bodies) for done in outcomes]
