"""The services' delivery under attack: redirects to other hosts, replies strides cannot read, values from the
environment that would break a URL, partial uploads and rate limits. Every case ends in one line and exit 1
(or is waited out, saying so), and the key never leaves for another host nor shows in a message. Against
intervals.icu's API served on 127.0.0.1 (tests/fakeservices.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakeservices import ATHLETE, KEY, Answer, FakeGarmin, Intervals, garmin_module, serving
from test_services import ONE, placed, run, table, write

from strides.delivery import CREATED, UNCHANGED, DeliveryError
from strides.delivery import garmin_connect as garmin_service

TWO = ONE + "Thu easy: 30min easy\n"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
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
def other() -> Iterator[tuple[Intervals, str]]:
    """A second server on loopback, at another port: the host a redirect points at."""
    service = Intervals()
    with serving(service) as url:
        yield service, url


def failed_once(err: str) -> str:
    """The one error line of a failed command (a hint may follow it, indented); never a traceback."""
    lines = [line for line in err.splitlines() if not line.startswith("  ")]
    assert len(lines) == 1 and lines[0].startswith("strides: "), err
    assert "Traceback" not in err
    return lines[0]


# ---- redirects ------------------------------------------------------------------------------------------------


def elsewhere(base: str, kind: str) -> str:
    port = base.rsplit(":", 1)[1]
    return {"another port": base, "another host name": f"http://localhost:{port}",
            "https to http": base.replace("http://127.0.0.1", "https://127.0.0.1"),
            "with a password": f"http://user:hunter2@localhost:{port}"}[kind]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("kind", ["another port", "another host name", "https to http", "with a password"])
def test_a_redirect_to_another_origin_is_refused_and_the_key_stays(
        icu: Intervals, other: tuple[Intervals, str], tmp_path: Path, status: int, kind: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = elsewhere(other[1], kind) + f"/api/v1/athlete/{ATHLETE}/events"
    icu.fail(Answer(status, {}, {"Location": target}))
    code, out, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1 and out == ""
    line = failed_once(err)
    assert line.startswith(f"strides: intervals.icu redirected GET /api/v1/athlete/{ATHLETE}/events to ")
    assert "strides sends the key only to http://127.0.0.1:" in line and "hunter2" not in err
    assert other[0].seen == [], "nothing went to the other origin"
    assert icu.events == {}


def test_a_redirect_of_a_post_is_refused_before_the_body_goes(icu: Intervals, other: tuple[Intervals, str],
                                                              tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    icu.fail(Answer(200, []), Answer(307, {}, {"Location": other[1] + "/steal"}))
    code, _, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1 and "redirected POST" in failed_once(err)
    assert other[0].seen == []


def test_a_redirect_within_the_service_is_followed(icu: Intervals, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    icu.fail(Answer(302, {}, {"Location": f"/api/v1/athlete/{ATHLETE}/events?oldest=2026-12-08&newest=2026-12-08"}))
    code, out, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 0, err
    assert [row[-1] for row in table(out)] == [CREATED] and len(icu.events) == 1
    assert icu.seen[1].headers["authorization"].startswith("Basic "), "same origin: the key goes along"


def test_login_refuses_a_redirect_and_keeps_nothing(icu: Intervals, other: tuple[Intervals, str], home: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    icu.fail(Answer(302, {}, {"Location": other[1] + "/api"}))
    answers = iter([ATHLETE, KEY])
    monkeypatch.setattr("builtins.input", lambda _="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda _="": next(answers))
    code, _, err = run(capsys, "login", "intervals")
    assert code == 1 and "redirected GET" in failed_once(err)
    assert other[0].seen == [] and not (home / ".config" / "strides" / "config.toml").exists()


@pytest.mark.parametrize("argv", [["--date", "2026-12-08"], ["--date", "2026-12-08", "--dry-run"], []],
                         ids=["push", "dry run", "library"])
def test_a_password_in_the_service_address_is_never_shown(icu: Intervals, tmp_path: Path, argv: list[str],
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    url = os.environ["STRIDES_INTERVALS_URL"].replace("http://", "http://runner:s3cr3t-pw@")
    monkeypatch.setenv("STRIDES_INTERVALS_URL", url)
    code, out, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", *argv)
    assert code == 1 and out == "" and "s3cr3t-pw" not in err
    assert failed_once(err) == ("strides: STRIDES_INTERVALS_URL holds a user name or password; strides sends the "
                                "API key itself, to that host alone: give the address without them")
    assert icu.seen == []


@pytest.mark.parametrize("url", ["ftp://127.0.0.1", "http://", "http://127.0.0.1:99999", "http://127.0.0.1:x",
                                 "http://127.0.0.1/?a=1", "http://127.0.0.1/#top", "http://127.0.0.1/a b",
                                 "http://127.0.0.1\x1b[2J", "127.0.0.1:8080"])
def test_a_service_address_strides_cannot_use_is_one_line(home: Path, tmp_path: Path, url: str,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STRIDES_INTERVALS_URL", url)
    monkeypatch.setenv("STRIDES_INTERVALS_ATHLETE", ATHLETE)
    monkeypatch.setenv("STRIDES_INTERVALS_API_KEY", KEY)
    code, _, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1 and "is not a web address strides can use" in failed_once(err)
    assert "\x1b" not in err


@pytest.mark.parametrize("domain", ["evil.example", "garmin.com.evil.example", "garmin.co"])
def test_garmin_talks_only_to_its_two_sites(home: Path, domain: str, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STRIDES_GARMIN_DOMAIN", domain)
    code, _, err = run(capsys, "push", write(home, ONE), "--to", "garmin", "--date", "2026-12-08", "--dry-run")
    assert code == 1 and "neither garmin.com nor garmin.cn" in failed_once(err)
    garmin = FakeGarmin()
    with pytest.raises(DeliveryError, match="neither garmin.com nor garmin.cn"):
        garmin_service.login(lambda _: "runner@example.org", lambda _: "right password",
                             module=garmin_module(garmin))
    assert garmin.calls == [], "refused before the library is asked anything"


# ---- values from the environment ------------------------------------------------------------------------------


@pytest.mark.parametrize("athlete", ["i1 2", "../i1", "i1/events", "i1?x=1", "i1%2F", "i\n1", "ï1"])
def test_an_athlete_id_that_would_break_the_url_is_one_line(icu: Intervals, tmp_path: Path, athlete: str,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STRIDES_INTERVALS_ATHLETE", athlete)
    code, _, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1 and "is not an intervals.icu athlete id" in failed_once(err)
    assert icu.seen == []


@pytest.mark.parametrize(("athlete", "key"), [("i1 2", KEY), (ATHLETE, "two words")])
def test_login_checks_the_athlete_and_key_before_sending_them(icu: Intervals, athlete: str, key: str,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("builtins.input", lambda _="": athlete)
    monkeypatch.setattr("getpass.getpass", lambda _="": key)
    code, _, err = run(capsys, "login", "intervals")
    assert code == 1 and failed_once(err) and key not in err
    assert icu.seen == []


@pytest.mark.parametrize("key", ["two words", "tab\there", "ключ", "bell\x07"])
def test_an_api_key_that_is_not_plain_text_is_refused_without_showing_it(
        icu: Intervals, tmp_path: Path, key: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STRIDES_INTERVALS_API_KEY", key)
    code, _, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1 and "API key holds a space" in failed_once(err) and key not in err
    assert icu.seen == []


# ---- replies strides cannot read --------------------------------------------------------------------------------

EVENT = {"id": 5, "category": "WORKOUT", "start_date_local": "2026-12-08T00:00:00", "name": "x"}
CALENDAR_REPLIES: dict[str, list[Answer]] = {
    "external_id a list": [Answer(200, [{**EVENT, "external_id": ["strides-2026-12-08-tue-5x1k"]}])],
    "external_id an object": [Answer(200, [{**EVENT, "external_id": {"a": 1}}])],
    "an event a list": [Answer(200, [["not", "an", "event"]])],
    "events an object": [Answer(200, {"events": []})],
    "nested too deep": [Answer(200, raw=b"[" * 100_000 + b"]" * 100_000)],
    "not JSON": [Answer(200, raw=b"<html>\x1b[31mmaintenance</html>")],
    "bulk answer a number": [Answer(200, []), Answer(200, 3)],
    "bulk external_id a list": [Answer(200, []), Answer(200, [{**EVENT, "external_id": [1]}])],
}


@pytest.mark.parametrize("answers", CALENDAR_REPLIES.values(), ids=CALENDAR_REPLIES.keys())
def test_a_calendar_reply_strides_cannot_read_is_one_line(icu: Intervals, tmp_path: Path, answers: list[Answer],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    icu.fail(*answers)
    code, _, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1 and failed_once(err).startswith("strides: intervals.icu answered")
    assert "\x1b" not in err, "what a server says cannot reach the terminal as control codes"


FOLDER = {"id": 7, "name": "strides", "type": "FOLDER"}
LIBRARY_REPLIES: dict[str, list[Answer]] = {
    "folder id a string": [Answer(200, [{**FOLDER, "id": "7 8"}])],
    "folder id true": [Answer(200, [{**FOLDER, "id": True}])],
    "folder name a list": [Answer(200, [{**FOLDER, "name": ["strides"]}])],
    "new folder without id": [Answer(200, []), Answer(200, {"name": "strides"})],
    "workout name a list": [Answer(200, [FOLDER]), Answer(200, [{"id": 9, "folder_id": 7, "name": ["Tue 5x1k"]}])],
    "workout id with a space": [Answer(200, [FOLDER]), Answer(200, [{"id": "9 /x", "folder_id": 7, "name": "a"}])],
    "workout id negative": [Answer(200, [FOLDER]), Answer(200, [{"id": -9, "folder_id": 7, "name": "a"}])],
    "folder_id a list": [Answer(200, [FOLDER]), Answer(200, [{"id": 9, "folder_id": [7], "name": "a"}])],
    "created workout a list": [Answer(200, [FOLDER]), Answer(200, []), Answer(200, [1])],
}


@pytest.mark.parametrize("answers", LIBRARY_REPLIES.values(), ids=LIBRARY_REPLIES.keys())
def test_a_library_reply_strides_cannot_read_is_one_line(icu: Intervals, tmp_path: Path, answers: list[Answer],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    icu.fail(*answers)
    code, _, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals")
    assert code == 1 and failed_once(err).startswith("strides: intervals.icu answered")
    assert not [seen for seen in icu.seen if " " in seen.path or "/x" in seen.path]


GARMIN_REPLIES: dict[str, tuple[str, Any]] = {
    "listing an object": ("get_workouts", {"workouts": []}),
    "workoutId with a space": ("get_workouts", [{"workoutId": "12 3", "workoutName": "Tue 5x1k"}]),
    "workoutName a list": ("get_workouts", [{"workoutId": 12, "workoutName": ["Tue 5x1k"]}]),
    "workout a list": ("get_workout_by_id", ["Tue 5x1k"]),
    "description a number": ("get_workout_by_id", {"workoutId": 12, "description": 5}),
    "uploaded without id": ("upload_workout", {"workoutName": "Tue 5x1k"}),
    "calendar items an object": ("get_scheduled_workouts", {"calendarItems": {"a": 1}}),
}


@pytest.mark.parametrize(("method", "reply"), GARMIN_REPLIES.values(), ids=GARMIN_REPLIES.keys())
def test_a_garmin_reply_strides_cannot_read_is_one_error(method: str, reply: Any) -> None:
    garmin = FakeGarmin()
    if method != "get_workouts":
        garmin.workouts[12] = {"workoutId": 12, "workoutName": "Tue 5x1k", "description": "mine"}
    setattr(garmin, method, lambda *args, **kwargs: reply)
    with pytest.raises(DeliveryError) as caught:
        garmin_service.GarminConnect(garmin).push(placed(ONE, "2026-12-08"))
    assert caught.value.message.startswith("Garmin Connect answered") and "\n" not in caught.value.message


# ---- partial uploads -------------------------------------------------------------------------------------------


def test_a_partial_bulk_answer_says_exactly_what_landed(icu: Intervals, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, TWO)
    run(capsys, "push", path, "--to", "intervals", "--week-of", "2026-12-07")
    write(tmp_path, TWO + "Wed tempo: 20min @T\nFri strides: 6x100 strides\n")
    icu.unstored = {"strides-2026-12-11-fri-strides"}
    code, out, err = run(capsys, "push", path, "--to", "intervals", "--week-of", "2026-12-07")
    assert code == 1
    assert table(out) == [["Tue 5x1k", "2026-12-08", "intervals.icu calendar", UNCHANGED],
                          ["Thu easy", "2026-12-10", "intervals.icu calendar", UNCHANGED],
                          ["Wed tempo", "2026-12-09", "intervals.icu calendar", CREATED]]
    assert err.splitlines()[0] == ("strides: intervals.icu stored 1 of the 2 events sent; not stored: `Fri strides` "
                                   "(2026-12-11); 3 of 4 workouts were pushed before it")
    assert sorted(e["name"] for e in icu.events.values()) == ["Thu easy", "Tue 5x1k", "Wed tempo"]


def test_a_short_bulk_answer_that_does_not_say_which_is_one_line(icu: Intervals, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    icu.fail(Answer(200, []), Answer(200, [{"id": 1}]))
    code, out, err = run(capsys, "push", write(tmp_path, TWO), "--to", "intervals", "--week-of", "2026-12-07")
    assert code == 1 and out == ""
    assert failed_once(err) == ("strides: intervals.icu stored 1 of the 2 events sent, without saying which: check "
                                "the calendar, then push again; nothing was pushed")


# ---- rate limits ----------------------------------------------------------------------------------------------


def test_each_wait_is_said_with_its_length(icu: Intervals, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    waited: list[float] = []
    monkeypatch.setattr("time.sleep", waited.append)
    icu.fail(Answer(429, {}, {"Retry-After": "7"}), Answer(503, {}), Answer(429, {}, {"Retry-After": "-3"}),
             Answer(429, {}, {"Retry-After": "soon"}))
    code, _, err = run(capsys, "push", write(tmp_path, ONE), "--to", "intervals", "--date", "2026-12-08")
    assert code == 0
    assert err.splitlines() == ["strides: intervals.icu is limiting requests (429): waiting 7 s before try 2 of 5",
                                "strides: intervals.icu is busy (503): waiting 2 s before try 3 of 5",
                                "strides: intervals.icu is limiting requests (429): waiting 4 s before try 4 of 5",
                                "strides: intervals.icu is limiting requests (429): waiting 8 s before try 5 of 5"]
    assert waited == [7.0, 2.0, 4.0, 8.0]


def test_a_garmin_rate_limit_on_a_write_is_waited_out_and_said() -> None:
    """The library raises GarminConnectConnectionError("API Error 429") for a 429 on an upload."""
    garmin, waited, told = FakeGarmin(), [], []
    upload = garmin.upload_workout
    limited = [garmin_module().GarminConnectConnectionError("API Error 429 - Too Many Requests")]

    def upload_once_limited(document: dict[str, Any]) -> dict[str, Any]:
        if limited:
            raise limited.pop()
        return upload(document)
    garmin.upload_workout = upload_once_limited  # type: ignore[method-assign]
    done = garmin_service.GarminConnect(garmin, waited.append, told.append).push(placed(ONE, None))
    assert [d.outcome for d in done] == [CREATED] and waited == [1.0]
    assert told == ["strides: Garmin Connect is limiting requests (429): waiting 1 s before try 2 of 5"]
    assert len(garmin.workouts) == 1
