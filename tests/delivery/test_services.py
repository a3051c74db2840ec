"""`strides push --to intervals|garmin` and `strides login`: against intervals.icu's API served on 127.0.0.1
(tests/helpers/fakeservices.py) and a stand-in for python-garminconnect's `Garmin`; opt-in live tests at the end."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakeservices import ATHLETE, KEY, Answer, FakeGarmin, Intervals, garmin_module, serving, today_plus

from strides.cli.main import main
from strides.delivery import CREATED, SCHEDULED, UNCHANGED, UPDATED, DeliveryError, summary
from strides.delivery import garmin_connect as garmin_service
from strides.delivery.config import Account, intervals_account, read_config
from strides.delivery.dates import place, weekday_of
from strides.delivery.intervals import Intervals as IntervalsClient
from strides.delivery.intervals import remember_account
from strides.pipeline import compile_text

ROOT = Path(__file__).parents[2]
WEEK = str(ROOT / "examples" / "week.strides")
ONE = "5k = 20:00\nTue 5x1k: wu 15min; 5x1000 @5k r2min jog; cd 10min\n"
WEEK_DAYS = ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own: no config file, no tokens, no credentials in the environment."""
    for name in list(os.environ):
        if name.startswith("STRIDES_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    return tmp_path


@pytest.fixture
def icu(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Intervals]:
    service = Intervals()
    with serving(service) as url:
        monkeypatch.setenv("STRIDES_INTERVALS_URL", url)
        monkeypatch.setenv("STRIDES_INTERVALS_ATHLETE", ATHLETE)
        monkeypatch.setenv("STRIDES_INTERVALS_API_KEY", KEY)
        yield service


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits a push asked for, none of them waited."""
    asked: list[float] = []
    monkeypatch.setattr("time.sleep", asked.append)
    return asked


def write(tmp_path: Path, text: str, name: str = "plan.strides") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert KEY not in out + err, "the API key must never be shown"
    return code, out, err


def table(out: str) -> list[list[str]]:
    """The rows of push's summary, header left out, split on runs of two spaces."""
    return [[cell.strip() for cell in line.split("  ") if cell.strip()] for line in out.splitlines()[1:]]


# ---- intervals.icu: the calendar --------------------------------------------------------------------------


def test_a_week_goes_on_the_calendar_with_the_documented_request(icu: Intervals, capsys: pytest.CaptureFixture[str]
                                                                  ) -> None:
    code, out, err = run(capsys, "push", WEEK, "--to", "intervals", "--week-of", "2026-12-07")
    assert code == 0, err
    [bulk] = icu.requests("POST")
    assert bulk.path == f"/api/v1/athlete/{ATHLETE}/events/bulk" and bulk.query == {"upsert": ["true"]}
    assert bulk.headers["authorization"] == "Basic " + base64.b64encode(f"API_KEY:{KEY}".encode()).decode()
    assert bulk.headers["content-type"] == "application/json"
    assert [e["start_date_local"] for e in bulk.body] == [f"{day}T00:00:00" for day in WEEK_DAYS]
    assert {e["category"] for e in bulk.body} == {"WORKOUT"} and {e["type"] for e in bulk.body} == {"Run"}
    tuesday = bulk.body[1]
    assert tuesday["name"] == "Tue 12 x 400" and tuesday["external_id"] == "strides-2026-12-08-tue-12-x-400"
    assert "Main set 11x\n- 400mtr" in tuesday["description"]
    assert len(icu.events) == 7
    assert [row[-1] for row in table(out)] == [CREATED] * 7
    assert table(out)[1][:3] == ["Tue 12 x 400", "2026-12-08", "intervals.icu calendar"]


def test_a_second_push_sends_nothing_and_says_unchanged(icu: Intervals, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "push", WEEK, "--to", "intervals", "--week-of", "2026-12-07")
    code, out, _ = run(capsys, "push", WEEK, "--to", "intervals", "--week-of", "2026-12-07")
    assert code == 0
    assert len(icu.requests("POST")) == 1, "nothing new to send"
    assert [row[-1] for row in table(out)] == [UNCHANGED] * 7
    assert len(icu.events) == 7


def test_an_edited_workout_updates_its_event_and_does_not_duplicate_it(
        icu: Intervals, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, ONE)
    run(capsys, "push", path, "--to", "intervals", "--date", "2026-12-08")
    write(tmp_path, ONE.replace("5x1000", "6x1000"))
    code, out, _ = run(capsys, "push", path, "--to", "intervals", "--date", "2026-12-08")
    assert code == 0 and table(out) == [["Tue 5x1k", "2026-12-08", "intervals.icu calendar", UPDATED]]
    [event] = icu.events.values()
    assert "Main set 5x" in event["description"], "six reps: five with the jog, then the last"
    assert [len(r.body) for r in icu.requests("POST")] == [1, 1]


def test_the_same_workout_on_another_day_is_another_event(icu: Intervals, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, ONE)
    run(capsys, "push", path, "--to", "intervals", "--date", "2026-12-08")
    run(capsys, "push", path, "--to", "intervals", "--date", "2026-12-15")
    assert sorted(e["start_date_local"][:10] for e in icu.events.values()) == ["2026-12-08", "2026-12-15"]


def test_the_key_is_refused_in_one_line_without_showing_it(icu: Intervals, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STRIDES_INTERVALS_API_KEY", "not-" + KEY)
    code, out, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1 and out == ""
    first, hint = err.splitlines()
    assert first == (f"strides: intervals.icu refused the credentials (401) for GET /api/v1/athlete/{ATHLETE}/events; "
                     "nothing was pushed")
    assert "STRIDES_INTERVALS_API_KEY" in hint
    assert "not-" + KEY not in err


def test_rate_limits_are_waited_out_as_the_server_asks(icu: Intervals, tmp_path: Path, waits: list[float],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    icu.fail(Answer(429, {"error": "slow down"}, {"Retry-After": "3"}), Answer(429, {"error": "slow down"}))
    code, out, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 0, err
    assert waits == [3.0, 2.0], "Retry-After first, then the second of the backoff's waits"
    assert len(icu.events) == 1


def test_a_rate_limit_that_does_not_end_stops_after_five_tries(icu: Intervals, tmp_path: Path, waits: list[float],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    icu.fail(*[Answer(429, {}, {"Retry-After": "600"})] * 10)
    code, _, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1
    assert err.splitlines()[:5] == [f"strides: intervals.icu is limiting requests (429): waiting 60 s before try "
                                    f"{n} of 5" for n in range(2, 6)] + [
        "strides: intervals.icu is still limiting requests (429) after 5 tries; nothing was pushed"]
    assert len(icu.seen) == 5 and waits == [60.0] * 4, "bounded tries, each wait at most a minute"


def test_a_server_error_is_one_line_that_quotes_the_answer(icu: Intervals, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    icu.fail(Answer(200, []), Answer(500, {"error": "database on fire"}))
    code, out, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1 and out == ""
    assert err == (f"strides: intervals.icu answered 500 to POST /api/v1/athlete/{ATHLETE}/events/bulk: "
                   '{"error": "database on fire"}; nothing was pushed\n')


@pytest.mark.parametrize("answer", [Answer(200, raw=b"<html>maintenance</html>"), Answer(200, {"events": []})],
                         ids=["not JSON", "not a list"])
def test_an_unexpected_answer_is_one_line(icu: Intervals, tmp_path: Path, answer: Answer,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    icu.fail(answer)
    code, _, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1 and len(err.splitlines()) == 1
    assert err.startswith("strides: intervals.icu answered") and err.endswith("; nothing was pushed\n")


def test_a_service_that_cannot_be_reached_is_one_line(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with serving(Intervals()) as url:
        pass  # the server is gone: its port refuses connections
    monkeypatch.setenv("STRIDES_INTERVALS_URL", url)
    monkeypatch.setenv("STRIDES_INTERVALS_ATHLETE", ATHLETE)
    monkeypatch.setenv("STRIDES_INTERVALS_API_KEY", KEY)
    code, _, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1
    assert err.splitlines()[0].startswith(f"strides: cannot reach intervals.icu at {url}: ")
    assert err.splitlines()[0].endswith("; nothing was pushed")


# ---- intervals.icu: the library ---------------------------------------------------------------------------


def test_without_a_date_workouts_go_to_a_strides_folder_in_the_library(icu: Intervals,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "push", WEEK, "--to", "intervals")
    assert code == 0, err
    [folder] = icu.folders.values()
    assert folder["name"] == "strides" and folder["type"] == "FOLDER"
    assert sorted(w["name"] for w in icu.workouts.values()) == sorted(r[0] for r in table(out))
    assert {w["folder_id"] for w in icu.workouts.values()} == {folder["id"]}
    assert {row[1] for row in table(out)} == {"-"} and {row[-1] for row in table(out)} == {CREATED}
    assert icu.events == {}


def test_library_pushes_update_strides_workouts_and_leave_the_rest(icu: Intervals, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, ONE + "Thu easy: 30min easy\n")
    run(capsys, "push", path, "--to", "intervals")
    folder = next(iter(icu.folders))
    mine = {"id": 7, "name": "Tue 5x1k", "folder_id": None, "description": "- 1h Z2"}  # the runner's own
    icu.workouts[7] = mine
    write(tmp_path, ONE.replace("5x1000", "4x1000") + "Thu easy: 30min easy\n")
    code, out, _ = run(capsys, "push", path, "--to", "intervals")
    assert code == 0
    assert [row[-1] for row in table(out)] == [UPDATED, UNCHANGED]
    assert len(icu.folders) == 1 and len(icu.workouts) == 3
    assert icu.workouts[7] == mine
    [put] = icu.requests("PUT")
    assert put.body["folder_id"] == folder and "Main set 3x" in put.body["description"]


def test_a_failure_part_way_says_what_was_pushed_before_it(icu: Intervals, tmp_path: Path, waits: list[float],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    icu.fail(Answer(200, []), Answer(200, {"id": 5, "name": "strides", "type": "FOLDER"}), Answer(200, []),
             Answer(200, {"id": 11, "name": "Tue 5x1k"}), Answer(503, {}), *[Answer(500, {"error": "boom"})])
    path = write(tmp_path, ONE + "Thu easy: 30min easy\n")
    code, out, err = run(capsys, "push", path, "--to", "intervals")
    assert code == 1
    assert table(out) == [["Tue 5x1k", "-", "intervals.icu library", CREATED]]
    waited, failed = err.splitlines()[:2]
    assert waited == "strides: intervals.icu is busy (503): waiting 1 s before try 2 of 5"
    assert failed.endswith("; 1 of 2 workouts were pushed before it")


# ---- dates ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "day"), [("Tue track", 1), ("tuesday tempo", 1), ("SUN long", 6),
                                           ("Thurs hills", 3), ("Tuesdays", None), ("Easy", None), ("", None)])
def test_a_weekday_is_read_from_the_start_of_a_name(name: str, day: int | None) -> None:
    assert weekday_of(name) == day


def test_week_of_places_each_workout_on_its_day() -> None:
    workouts = compile_text("Sun long: 10mi\nMon easy: 30min\nfri strides: 8x100 strides\n")
    assert place(workouts, None, "2026-12-07") == [dt.date(2026, 12, 13), dt.date(2026, 12, 7),
                                                   dt.date(2026, 12, 11)]


@pytest.mark.parametrize(("argv", "message"), [
    (["--week-of", "2026-12-08"], "--week-of 2026-12-08 is a Tuesday: give the Monday the week starts on, 2026-12-07"),
    (["--date", "8.12.2026"], "--date takes a date written YYYY-MM-DD, as in --date 2026-12-08, not `8.12.2026`"),
    (["--date", "2026-02-30"], "--date 2026-02-30: there is no such day"),
    (["--date", "2026-12-08", "--week-of", "2026-12-07"], "give either --date or --week-of, not both"),
    (["--device", "/media/w"], "--device and --force are for --to usb, not --to intervals"),
])
def test_date_mistakes_are_mistakes_on_the_command_line(home: Path, tmp_path: Path, argv: list[str], message: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", *argv)
    assert (code, out, err) == (2, "", f"strides: {message}\n")


def test_date_places_one_workout_only(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "push", WEEK, "--to", "garmin", "--date", "2026-12-08")
    assert code == 2 and "--date places one workout and this file has 7" in err


def test_workouts_not_named_after_a_day_are_refused_by_name(home: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, ONE + "Long run: 14mi easy\nHills: 6x1min hill hard jog back\n")
    code, out, err = run(capsys, "push", path, "--to", "intervals", "--week-of", "2026-12-07", "--dry-run")
    assert code == 1 and out == ""
    assert err.splitlines()[0] == ("strides: --week-of places workouts on the day their name starts with, and "
                                   "`Long run`, `Hills` do not start with one")


def test_usb_keeps_its_options_to_itself(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "push", write(tmp_path, ONE), "--date", "2026-12-08")
    assert code == 2 and err == ("strides: --date is for --to intervals or --to garmin; a watch over USB has no "
                                 "calendar\n")


# ---- dry runs ------------------------------------------------------------------------------------------------


def test_a_dry_run_to_intervals_prints_the_requests_and_sends_nothing(home: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "push", WEEK, "--to", "intervals", "--week-of", "2026-12-07", "--dry-run")
    assert code == 0 and err == ""
    head, settings, listing, bulk = out.split("\n\n", 3)
    assert head.startswith("--dry-run: nothing is sent.")
    assert settings == "GET https://intervals.icu/api/v1/athlete/{athlete}/sport-settings/Run"
    assert listing == ("GET https://intervals.icu/api/v1/athlete/{athlete}/events?oldest=2026-12-07&newest=2026-12-13"
                       "&category=WORKOUT")
    request, body = bulk.split("\n", 1)
    assert request == "POST https://intervals.icu/api/v1/athlete/{athlete}/events/bulk?upsert=true"
    events = json.loads(body)
    assert [e["name"] for e in events] == [w.name for w in compile_text(Path(WEEK).read_text())]
    assert events[1]["external_id"] == "strides-2026-12-08-tue-12-x-400"


def test_a_dry_run_is_what_a_push_sends(icu: Intervals, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "push", WEEK, "--to", "intervals", "--week-of", "2026-12-07", "--dry-run")
    planned = json.loads(out.split("\n\n", 3)[3].split("\n", 1)[1])
    assert icu.seen == []
    run(capsys, "push", WEEK, "--to", "intervals", "--week-of", "2026-12-07")
    assert icu.requests("POST")[0].body == planned


def test_a_dry_run_to_garmin_prints_each_workout_and_its_scheduling(home: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "push", WEEK, "--to", "garmin", "--week-of", "2026-12-07", "--dry-run")
    assert code == 0 and err == ""
    parts = out.split("\n\n")[1:]
    assert parts[0] == "GET https://connectapi.garmin.com/workout-service/workouts?start=0&limit=100"
    uploads = [p for p in parts if p.startswith("POST https://connectapi.garmin.com/workout-service/workout\n")]
    schedules = [p for p in parts if p.startswith("POST https://connectapi.garmin.com/workout-service/schedule/")]
    assert [json.loads(p.split("\n", 1)[1])["workoutName"] for p in uploads][:2] == ["Mon easy", "Tue 12 x 400"]
    assert [json.loads(p.split("\n", 1)[1]) for p in schedules] == [{"date": day} for day in WEEK_DAYS]


# ---- credentials ---------------------------------------------------------------------------------------------


def config_file(home: Path, text: str, mode: int) -> Path:
    path = home / ".config" / "strides" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    path.chmod(mode)
    return path


def test_credentials_come_from_a_config_file_only_its_owner_can_read(home: Path) -> None:
    config_file(home, f'[intervals]\nathlete = "{ATHLETE}"\napi_key = "{KEY}"  # from Settings\n', 0o600)
    account = intervals_account()
    assert account == Account(ATHLETE, KEY, "https://intervals.icu")
    assert KEY not in repr(account)


def test_a_config_file_others_can_read_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = config_file(home, f'[intervals]\nathlete = "{ATHLETE}"\napi_key = "{KEY}"\n', 0o644)
    with pytest.raises(Exception, match=r"others can read it \(mode 0644\)"):
        read_config()
    code, _, err = run(capsys, "push", "-e", "Tue: 5x1k @5k", "--set", "5k=20:00", "--to", "intervals",
                       "--date", "2026-12-08")
    assert code == 1 and f"chmod 600 {path}" in err


def test_the_environment_wins_over_the_config_file(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_file(home, '[intervals]\nathlete = "i1"\napi_key = "old"\n', 0o600)
    monkeypatch.setenv("STRIDES_INTERVALS_ATHLETE", ATHLETE)
    monkeypatch.setenv("STRIDES_INTERVALS_API_KEY", KEY)
    assert intervals_account() == Account(ATHLETE, KEY)


def test_missing_credentials_say_where_to_find_them(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "push", "-e", "Tue: 5x1k @5k", "--set", "5k=20:00", "--to", "intervals",
                       "--date", "2026-12-08")
    assert code == 1
    assert err.splitlines()[0] == "strides: intervals.icu needs your athlete id and API key; both are missing"
    assert "Developer Settings" in err


def test_login_intervals_checks_the_key_then_keeps_it_private(icu: Intervals, home: Path) -> None:
    path = remember_account(ATHLETE, KEY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert read_config() == {"intervals": {"athlete": ATHLETE, "api_key": KEY}}
    assert [(r.method, r.path) for r in icu.seen] == [("GET", f"/api/v1/athlete/{ATHLETE}")]
    with pytest.raises(DeliveryError, match="refused the credentials"):
        remember_account(ATHLETE, "wrong")
    assert read_config()["intervals"]["api_key"] == KEY


def test_login_without_a_terminal_is_a_usage_mistake(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    def closed(prompt: str = "") -> str:
        raise EOFError
    monkeypatch.setattr("builtins.input", closed)
    code, _, err = run(capsys, "login", "intervals")
    assert code == 2 and "standard input is closed" in err


# ---- Garmin Connect, at the library's seam ----------------------------------------------------------------------


def placed(text: str, *days: str | None) -> list[tuple[Any, dt.date | None]]:
    workouts = compile_text(text)
    return [(w, dt.date.fromisoformat(d) if d else None) for w, d in zip(workouts, days, strict=True)]


def test_garmin_uploads_and_schedules_each_workout() -> None:
    garmin = FakeGarmin()
    done = garmin_service.GarminConnect(garmin).push(placed(ONE, "2026-12-08"))
    assert [(d.name, d.date, d.destination, d.outcome) for d in done] == [
        ("Tue 5x1k", "2026-12-08", "Garmin Connect", CREATED)]
    [(ident, workout)] = garmin.workouts.items()
    assert workout["workoutName"] == "Tue 5x1k" and workout["sportType"]["sportTypeKey"] == "running"
    assert garmin.called("schedule_workout") == [(ident, "2026-12-08")]


def test_garmin_pushed_again_changes_nothing_and_edited_updates_in_place() -> None:
    garmin = FakeGarmin()
    connect = garmin_service.GarminConnect
    connect(garmin).push(placed(ONE, "2026-12-08"))
    again = connect(garmin).push(placed(ONE, "2026-12-08"))
    assert [d.outcome for d in again] == [UNCHANGED]
    edited = connect(garmin).push(placed(ONE.replace("r2min", "r90s"), "2026-12-08"))
    assert [d.outcome for d in edited] == [UPDATED]
    assert len(garmin.workouts) == 1 and len(garmin.called("upload_workout")) == 1
    assert len(garmin.called("put")) == 1 and len(garmin.scheduled) == 1
    moved = connect(garmin).push(placed(ONE.replace("r2min", "r90s"), "2026-12-09"))
    assert [d.outcome for d in moved] == [SCHEDULED]


def test_garmin_leaves_a_workout_of_the_same_name_it_did_not_make() -> None:
    garmin = FakeGarmin()
    garmin.workouts[5] = {"workoutId": 5, "workoutName": "Tue 5x1k", "description": "my own"}
    done = garmin_service.GarminConnect(garmin).push(placed(ONE, None))
    assert [d.outcome for d in done] == [CREATED]
    assert garmin.workouts[5] == {"workoutId": 5, "workoutName": "Tue 5x1k", "description": "my own"}


def test_garmin_rate_limits_are_waited_out_and_bounded() -> None:
    garmin, asked = FakeGarmin(), []
    garmin.failures = [garmin_module().GarminConnectTooManyRequestsError("429")] * 2
    garmin_service.GarminConnect(garmin, asked.append).push(placed(ONE, None))
    assert asked == [1.0, 2.0] and len(garmin.workouts) == 1
    garmin.failures = [garmin_module().GarminConnectTooManyRequestsError("429")] * 9
    with pytest.raises(DeliveryError, match="still limiting requests after 5 tries"):
        garmin_service.GarminConnect(garmin, asked.append).push(placed(ONE, None))


def test_a_garmin_failure_part_way_keeps_what_was_done() -> None:
    garmin = FakeGarmin()
    two = ONE + "Thu easy: 30min easy\n"
    original = garmin.upload_workout
    def upload(document: dict[str, Any]) -> dict[str, Any]:
        if document["workoutName"] == "Thu easy":
            raise garmin_module().GarminConnectConnectionError("500 Server Error for url")
        return original(document)
    garmin.upload_workout = upload  # type: ignore[method-assign]
    with pytest.raises(DeliveryError) as caught:
        garmin_service.GarminConnect(garmin).push(placed(two, None, None))
    assert caught.value.message == "cannot upload `Thu easy` on Garmin Connect: 500 Server Error for url"
    assert [(d.name, d.outcome) for d in caught.value.done] == [("Tue 5x1k", CREATED)]


def test_without_the_extra_garmin_says_how_to_install_it(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "push", write(home, ONE), "--to", "garmin", "--date", "2026-12-08")
    assert code == 1
    assert err.splitlines() == [
        "strides: pushing to Garmin Connect needs python-garminconnect, which is not installed; nothing was pushed",
        "  pip install 'strides[garmin]' (it needs Python 3.12 or newer); `--dry-run` works without it"]


def test_garmin_needs_a_login_first(home: Path) -> None:
    with pytest.raises(DeliveryError, match="strides is not logged in to Garmin Connect") as caught:
        garmin_service.connect(module=garmin_module())
    assert caught.value.hint == garmin_service.LOGIN_HINT


def test_login_garmin_asks_keeps_private_tokens_and_push_uses_them(home: Path) -> None:
    garmin = FakeGarmin()
    module = garmin_module(garmin)
    answers = iter(["runner@example.org", "123456"])
    tokens = garmin_service.login(lambda _: next(answers), lambda _: "right password", module=module)
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o700
    assert [stat.S_IMODE(p.stat().st_mode) for p in tokens.iterdir()] == [0o600]
    connected = garmin_service.connect(module=module)
    assert connected is garmin and garmin.called("login")[-1] == str(tokens)
    assert garmin.email is None and garmin.password is None, "a push never handles the password"


def test_a_refused_garmin_login_says_what_to_do(home: Path) -> None:
    module = garmin_module(FakeGarmin())
    with pytest.raises(DeliveryError, match=r"Garmin Connect refused the login \(log in\): Authentication failed"):
        garmin_service.login(lambda _: "runner@example.org", lambda _: "wrong", module=module)


# ---- the summary -------------------------------------------------------------------------------------------------


def test_the_summary_is_a_table_of_name_date_destination_and_result() -> None:
    from strides.delivery import Delivered

    text = summary([Delivered("Tue 12 x 400", "2026-12-08", "intervals.icu calendar", CREATED),
                    Delivered("Long", None, "Garmin Connect", UNCHANGED)])
    assert text == ("workout       date        destination             result\n"
                    "Tue 12 x 400  2026-12-08  intervals.icu calendar  created\n"
                    "Long          -           Garmin Connect          unchanged\n")


# ---- live: opt in with STRIDES_LIVE_TESTS=1 and the service's credentials --------------------------------------

LIVE = os.environ.get("STRIDES_LIVE_TESTS") == "1"


@pytest.mark.skipif(not (LIVE and os.environ.get("STRIDES_INTERVALS_API_KEY")
                         and os.environ.get("STRIDES_INTERVALS_ATHLETE")),
                    reason="live: set STRIDES_LIVE_TESTS=1, STRIDES_INTERVALS_ATHLETE and STRIDES_INTERVALS_API_KEY")
def test_live_intervals_upload_read_back_compare_delete() -> None:
    from strides.delivery.http import Request

    account = intervals_account()
    assert account is not None
    client = IntervalsClient(account)
    day = today_plus(400)
    workout = compile_text("Live check: wu 10min; 4x400 @5k r60s; cd 5min\n", {"5k": "20:00"})[0]
    listing = Request("GET", client.http.url(f"{client.root}/events", {"oldest": day.isoformat(),
                                                                         "newest": day.isoformat()}))
    try:
        assert [d.outcome for d in client.push_calendar([(workout, day)])] == [CREATED]
        assert [d.outcome for d in client.push_calendar([(workout, day)])] == [UNCHANGED]
        [event] = [e for e in client.http.send(listing) if str(e.get("external_id")).startswith("strides-")]
        assert event["name"] == "Live check" and "Main set 3x" in event["description"]
    finally:
        for item in client.http.send(listing):
            if str(item.get("external_id")).startswith("strides-"):
                client.http.send(Request("DELETE", client.http.url(f"{client.root}/events/{item['id']}")))


@pytest.mark.skipif(not LIVE or not (garmin_service.garmin_tokens() / garmin_service.TOKEN_FILE).is_file(),
                    reason="live: set STRIDES_LIVE_TESTS=1 and run `strides login garmin` first")
def test_live_garmin_upload_read_back_compare_delete() -> None:
    library = garmin_service.connect()
    workout = compile_text("Live check: wu 10min; 4x400 @5k r60s; cd 5min\n", {"5k": "20:00"})[0]
    [done] = garmin_service.GarminConnect(library).push([(workout, None)])
    assert done.outcome in (CREATED, UNCHANGED)
    listing = library.get_workouts(0, 100)
    [ident] = [w["workoutId"] for w in listing if w["workoutName"] == "Live check"]
    try:
        stored = library.get_workout_by_id(ident)
        steps = stored["workoutSegments"][0]["workoutSteps"]
        assert [s["type"] for s in steps] == ["ExecutableStepDTO", "RepeatGroupDTO", "ExecutableStepDTO",
                                              "ExecutableStepDTO"]
        assert steps[1]["numberOfIterations"] == 3
        assert steps[1]["workoutSteps"][0]["endCondition"]["conditionTypeKey"] == "distance"
        assert steps[1]["workoutSteps"][0]["targetType"]["workoutTargetTypeKey"] == "pace.zone"
    finally:
        library.delete_workout(ident)  # type: ignore[attr-defined]
