"""Stand-ins for the services, for the tests: intervals.icu's documented API served on 127.0.0.1, and an
object with the methods of python-garminconnect's `Garmin` that strides calls.

The intervals.icu server is strict where the real one is documented: Basic auth with the user `API_KEY`,
JSON bodies of the documented shape, dates without a time of day, `upsert=true` matching `external_id`,
sport settings found by id or activity type (404 when there are none), a deleted folder taking its workouts
with it. Answers can be queued (`fail`) to play a refused key, a rate limit with Retry-After, a redirect or a
broken or hostile server; `unstored` makes the bulk upload store only some events and answer with those, as
a partial failure does; `hold` keeps a request waiting until the test lets it go.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs

ATHLETE = "i424242"
KEY = "k3y-0f-the-runner-5ecret"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
START = re.compile(r"\d{4}-\d{2}-\d{2}T00:00:00")


@attrs.define
class Seen:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]


@attrs.define
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = attrs.Factory(dict)
    raw: bytes | None = None  # sent as it is, in place of JSON


class Intervals:
    """The athlete's calendar, folders and workouts, and every request seen."""

    def __init__(self, athlete: str = ATHLETE, key: str = KEY) -> None:
        self.athlete = athlete
        self.key = key
        self.events: dict[int, dict[str, Any]] = {}
        self.folders: dict[int, dict[str, Any]] = {}
        self.workouts: dict[int, dict[str, Any]] = {}
        self.sport_settings: list[dict[str, Any]] = []
        self.seen: list[Seen] = []
        self.queued: list[Answer] = []  # answered, in order, before anything else
        self.unstored: set[str] = set()  # external_ids the bulk upload leaves out of what it stores
        self.held: dict[tuple[str, str], tuple[threading.Event, threading.Event]] = {}
        self._ids = iter(range(1000, 10**6))
        self._lock = threading.Lock()

    def hold(self, method: str, path: str) -> tuple[threading.Event, threading.Event]:
        """The first `method path` request waits until the second event is set; the first is set when it
        arrives."""
        gate = (threading.Event(), threading.Event())
        self.held[method, path] = gate
        return gate

    def fail(self, *answers: Answer) -> None:
        self.queued.extend(answers)

    def requests(self, method: str | None = None) -> list[Seen]:
        return [seen for seen in self.seen if method is None or seen.method == method]

    # --- one request ---------------------------------------------------------------------------------

    def answer(self, seen: Seen) -> Answer:
        gate = self.held.pop((seen.method, seen.path), None)
        if gate is not None:
            gate[0].set()
            gate[1].wait(timeout=30)
        with self._lock:
            self.seen.append(seen)
            if self.queued:
                return self.queued.pop(0)
            expected = "Basic " + base64.b64encode(f"API_KEY:{self.key}".encode()).decode()
            if seen.headers.get("authorization") != expected:
                return Answer(401, {"error": "Access denied"})
            root = f"/api/v1/athlete/{self.athlete}"
            if not seen.path.startswith(root):
                return Answer(403, {"error": "not your athlete"})
            if seen.body is not None and seen.headers.get("content-type") != "application/json":
                return Answer(415, {"error": "JSON only"})
            return self.route(seen, seen.path[len(root):])

    def route(self, seen: Seen, rest: str) -> Answer:
        routes = {
            ("GET", ""): lambda: Answer(200, {"id": self.athlete}),
            ("GET", "/events"): lambda: self.list_events(seen),
            ("POST", "/events/bulk"): lambda: self.bulk(seen),
            ("GET", "/folders"): lambda: Answer(200, list(self.folders.values())),
            ("POST", "/folders"): lambda: self.new_folder(seen),
            ("GET", "/workouts"): lambda: Answer(200, list(self.workouts.values())),
            ("POST", "/workouts"): lambda: self.new_workout(seen),
        }
        if (seen.method, rest) in routes:
            return routes[seen.method, rest]()
        found = re.fullmatch(r"/(events|workouts)/(\d+)", rest)
        if found and seen.method in ("PUT", "DELETE", "GET"):
            return self.one(seen, found.group(1), int(found.group(2)))
        found = re.fullmatch(r"/folders/(\d+)", rest)
        if found and seen.method == "DELETE":
            return self.delete_folder(int(found.group(1)))
        found = re.fullmatch(r"/sport-settings/([^/]+)", rest)
        if found and seen.method == "GET":
            return self.settings(found.group(1))
        return Answer(404, {"error": f"no {seen.method} {rest}"})

    def settings(self, wanted: str) -> Answer:
        """By the settings' id or by an activity type they cover (`Run`), as the documented endpoint."""
        for settings in self.sport_settings:
            if wanted == str(settings.get("id")) or wanted in settings.get("types", []):
                return Answer(200, settings)
        return Answer(404, {"error": f"no sport settings for {wanted}"})

    def delete_folder(self, ident: int) -> Answer:
        if ident not in self.folders:
            return Answer(404, {"error": f"no folder {ident}"})
        del self.folders[ident]
        for number in [n for n, w in self.workouts.items() if w.get("folder_id") == ident]:
            del self.workouts[number]  # a folder is deleted with what is in it
        return Answer(200, {})

    def list_events(self, seen: Seen) -> Answer:
        oldest, newest = (seen.query.get(name, [""])[0] for name in ("oldest", "newest"))
        if not (DAY.fullmatch(oldest) and DAY.fullmatch(newest)):
            return Answer(422, {"error": "oldest and newest are required, yyyy-MM-dd"})
        return Answer(200, [event for event in self.events.values()
                            if oldest <= event["start_date_local"][:10] <= newest])

    def bulk(self, seen: Seen) -> Answer:
        if not isinstance(seen.body, list) or not all(isinstance(item, dict) for item in seen.body):
            return Answer(422, {"error": "a list of events"})
        for item in seen.body:
            problem = event_problem(item)
            if problem:
                return Answer(422, {"error": problem})
        upsert = seen.query.get("upsert") == ["true"]
        saved = []
        for item in seen.body:
            if item.get("external_id") in self.unstored:
                continue
            old = next((e for e in self.events.values() if upsert and item.get("external_id")
                        and e.get("external_id") == item["external_id"]), None)
            if old is None:
                old = {"id": next(self._ids), "calendar_id": 1}
                self.events[old["id"]] = old
            old.update(item)
            saved.append(dict(old))
        return Answer(200, saved)

    def new_folder(self, seen: Seen) -> Answer:
        if not isinstance(seen.body, dict) or not isinstance(seen.body.get("name"), str):
            return Answer(422, {"error": "a folder needs a name"})
        folder = {"id": next(self._ids), "type": seen.body.get("type", "FOLDER"), "name": seen.body["name"],
                  "children": []}
        self.folders[folder["id"]] = folder
        return Answer(200, folder)

    def new_workout(self, seen: Seen) -> Answer:
        problem = workout_problem(seen.body, self.folders)
        if problem:
            return Answer(422, {"error": problem})
        workout = {"id": next(self._ids), "athlete_id": self.athlete, **seen.body}
        self.workouts[workout["id"]] = workout
        return Answer(200, workout)

    def one(self, seen: Seen, kind: str, ident: int) -> Answer:
        items = self.events if kind == "events" else self.workouts
        if ident not in items:
            return Answer(404, {"error": f"no {kind} {ident}"})
        if seen.method == "DELETE":
            del items[ident]
            return Answer(200, {})
        if seen.method == "PUT":  # fields given are changed, the others kept
            problem = workout_problem({**items[ident], **seen.body}, self.folders) if kind == "workouts" else None
            if problem:
                return Answer(422, {"error": problem})
            items[ident].update(seen.body)
        return Answer(200, items[ident])


def event_problem(item: dict[str, Any]) -> str | None:
    if item.get("category") != "WORKOUT":
        return "category must be WORKOUT"
    if not START.fullmatch(str(item.get("start_date_local", ""))):
        return "start_date_local must be a date at T00:00:00"
    if not isinstance(item.get("name"), str) or not item["name"]:
        return "a workout needs a name"
    if not (isinstance(item.get("description"), str) or isinstance(item.get("file_contents_base64"), str)):
        return "a workout needs a description or a file"
    return None


def workout_problem(body: Any, folders: dict[int, Any]) -> str | None:
    if not isinstance(body, dict) or not isinstance(body.get("name"), str):
        return "a workout needs a name"
    if body.get("folder_id") not in folders:
        return "folder_id must be one of the athlete's folders"
    return None


class _Handler(BaseHTTPRequestHandler):
    service: Intervals

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep the test output clean
        pass

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = "<not JSON>"
        seen = Seen(self.command, parts.path, parse_qs(parts.query), body,
                    {k.lower(): v for k, v in self.headers.items()})
        answer = self.service.answer(seen)
        data = answer.raw if answer.raw is not None else json.dumps(answer.body).encode()
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _handle


@contextmanager
def serving(service: Intervals) -> Iterator[str]:
    """The service on 127.0.0.1 at a free port, for the length of the block; yields its base URL."""
    handler = type("Handler", (_Handler,), {"service": service})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- Garmin Connect --------------------------------------------------------------------------------------


class GarminConnectAuthenticationError(Exception):
    pass


class GarminConnectTooManyRequestsError(Exception):
    pass


class GarminConnectConnectionError(Exception):
    pass


class _Connection:
    def __init__(self, garmin: FakeGarmin) -> None:
        self.garmin = garmin

    def put(self, _domain: str, path: str, **kwargs: Any) -> Any:
        self.garmin.calls.append(("put", path))
        self.garmin._maybe_fail()
        ident = int(path.rsplit("/", 1)[1])
        if ident not in self.garmin.workouts or kwargs.get("json", {}).get("workoutId") != ident:
            raise GarminConnectConnectionError("API Error 404")
        self.garmin.workouts[ident] = {**kwargs["json"], "workoutId": ident}
        return {}

    def dump(self, path: str) -> None:
        target = Path(path)
        target = target / "garmin_tokens.json" if target.is_dir() or target.suffix != ".json" else target
        target.write_text(json.dumps({"di_token": "t0ken"}))


class FakeGarmin:
    """python-garminconnect's `Garmin`, as far as strides calls it; its library of workouts in memory."""

    def __init__(self, email: str | None = None, password: str | None = None, is_cn: bool = False,
                 prompt_mfa: Any = None, return_on_mfa: bool = False) -> None:
        self.email, self.password, self.is_cn, self.prompt_mfa = email, password, is_cn, prompt_mfa
        self.workouts: dict[int, dict[str, Any]] = {}
        self.scheduled: list[dict[str, Any]] = []
        self.calls: list[tuple[str, Any]] = []
        self.failures: list[Exception] = []  # raised, in order, by the next calls
        self.client = _Connection(self)
        self._ids = iter(range(90_000, 10**6))

    def _maybe_fail(self) -> None:
        if self.failures:
            raise self.failures.pop(0)

    def login(self, /, tokenstore: str | None = None) -> tuple[None, None]:
        self.calls.append(("login", tokenstore))
        self._maybe_fail()
        if self.email and self.password:
            if self.password != "right password":
                raise GarminConnectAuthenticationError("Authentication failed: 401 Unauthorized")
            if self.prompt_mfa is not None and self.prompt_mfa() != "123456":
                raise GarminConnectAuthenticationError("MFA code rejected")
            if tokenstore:
                self.client.dump(tokenstore)
        elif not tokenstore or not (Path(tokenstore) / "garmin_tokens.json").is_file():
            raise GarminConnectAuthenticationError("Username and password are required")
        return None, None

    def get_workouts(self, start: int = 0, limit: int = 100) -> list[dict[str, Any]]:
        self.calls.append(("get_workouts", (start, limit)))
        self._maybe_fail()
        listing = [{"workoutId": i, "workoutName": w["workoutName"]} for i, w in self.workouts.items()]
        return listing[start:start + limit]

    def get_workout_by_id(self, workout_id: int | str) -> dict[str, Any]:
        self.calls.append(("get_workout_by_id", workout_id))
        self._maybe_fail()
        return dict(self.workouts[int(workout_id)])

    def upload_workout(self, workout_json: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(("upload_workout", workout_json["workoutName"]))
        self._maybe_fail()
        ident = next(self._ids)
        self.workouts[ident] = {**workout_json, "workoutId": ident}
        return dict(self.workouts[ident])

    def update_workout(self, workout_id: int | str, workout_json: dict[str, Any]) -> Any:
        """As the library has it from 0.3.7: the whole workout PUT under its id, `workoutId` forced to it."""
        self.calls.append(("update_workout", int(workout_id)))
        return self.client.put("connectapi", f"/workout-service/workout/{int(workout_id)}",
                               json={**workout_json, "workoutId": int(workout_id)}, api=True)

    def schedule_workout(self, workout_id: int | str, date_str: str) -> dict[str, Any]:
        self.calls.append(("schedule_workout", (workout_id, date_str)))
        self._maybe_fail()
        if not DAY.fullmatch(date_str) or int(workout_id) not in self.workouts:
            raise GarminConnectConnectionError("400 Client Error")
        item = {"id": next(self._ids), "itemType": "workout", "workoutId": int(workout_id), "date": date_str}
        self.scheduled.append(item)
        return {"workoutScheduleId": item["id"], "calendarDate": date_str}

    def get_scheduled_workouts(self, year: int | str, month: int | str) -> dict[str, Any]:
        self.calls.append(("get_scheduled_workouts", (year, month)))
        self._maybe_fail()
        prefix = f"{int(year):04d}-{int(month):02d}-"
        return {"calendarItems": [item for item in self.scheduled if item["date"].startswith(prefix)]}

    def delete_workout(self, workout_id: int | str) -> None:
        self.workouts.pop(int(workout_id), None)

    def called(self, name: str) -> list[Any]:
        return [argument for called, argument in self.calls if called == name]


def garmin_module(instance: FakeGarmin | None = None) -> ModuleType:
    """A stand-in for the `garminconnect` module; every `Garmin(...)` made from it is `instance` (given
    the arguments it was made with) when one is given."""
    module = ModuleType("garminconnect")

    def make(*args: Any, **kwargs: Any) -> FakeGarmin:
        if instance is None:
            return FakeGarmin(*args, **kwargs)
        instance.email, instance.password = kwargs.get("email"), kwargs.get("password")
        instance.is_cn, instance.prompt_mfa = kwargs.get("is_cn", False), kwargs.get("prompt_mfa")
        return instance

    module.Garmin = make  # type: ignore[attr-defined]
    for error in (GarminConnectAuthenticationError, GarminConnectTooManyRequestsError, GarminConnectConnectionError):
        setattr(module, error.__name__, error)
    return module


def today_plus(days: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=days)
