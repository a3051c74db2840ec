"""Shared things in the services' delivery: pushes to one account take turns and leave one `strides` folder,
`login` writes through a linked config file, heart rates follow intervals.icu's own max HR, and Garmin
Connect workouts are replaced in place by the library's `update_workout`. Against intervals.icu's API
served on 127.0.0.1 (tests/fakeservices.py) and a stand-in for python-garminconnect's `Garmin`."""

from __future__ import annotations

import os
import re
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeservices import ATHLETE, KEY, FakeGarmin, Intervals, garmin_module, serving
from test_services import ONE, placed, run, table, write

from strides.backends.exports.garmin import digest_of, workout_json
from strides.delivery import CREATED, UNCHANGED, UPDATED, Delivered, DeliveryError
from strides.delivery import garmin_connect as garmin_service
from strides.delivery.config import account_lock, garmin_tokens, parse_sections
from strides.delivery.destinations import deliver
from strides.delivery.intervals import remember_account
from strides.meaning.model import HeartRate, HeartRateShare, ShareOf
from strides.pipeline import compile_text

TWO = ONE + "Thu easy: 30min easy\n"
HR = "maxhr = 190\nlthr = 170\nTue hr: wu 10min; 3x5min @140-150bpm r2min; 10min @95% lthr\n"


@pytest.fixture
def icu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Intervals]:
    for name in list(os.environ):
        if name.startswith("STRIDES_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    service = Intervals()
    with serving(service) as url:
        monkeypatch.setenv("STRIDES_INTERVALS_URL", url)
        monkeypatch.setenv("STRIDES_INTERVALS_ATHLETE", ATHLETE)
        monkeypatch.setenv("STRIDES_INTERVALS_API_KEY", KEY)
        yield service


# ---- pushes take turns ----------------------------------------------------------------------------------------


def test_two_library_pushes_at_once_take_turns_and_make_one_folder(icu: Intervals) -> None:
    workouts = placed(TWO, None, None)
    arrived, release = icu.hold("GET", f"/api/v1/athlete/{ATHLETE}/folders")
    second_waits = threading.Event()
    done: dict[str, list[Delivered] | Exception] = {}

    def push(name: str, waiting: threading.Event | None) -> None:
        try:
            done[name] = deliver("intervals", workouts, tell=lambda _: waiting.set() if waiting else None)
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            done[name] = error

    first = threading.Thread(target=push, args=("first", None))
    first.start()
    assert arrived.wait(10), "the first push reads the folders"
    second = threading.Thread(target=push, args=("second", second_waits))
    second.start()
    waited = second_waits.wait(10)
    release.set()
    first.join(30)
    second.join(30)
    assert waited, "the second push waits for the first to finish"
    assert len(icu.folders) == 1 and sorted(w["name"] for w in icu.workouts.values()) == ["Thu easy", "Tue 5x1k"]
    assert [d.outcome for d in done["first"]] == [CREATED, CREATED]  # type: ignore[union-attr]
    assert [d.outcome for d in done["second"]] == [UNCHANGED, UNCHANGED]  # type: ignore[union-attr]


def test_a_later_push_merges_duplicate_folders_into_the_first(icu: Intervals, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    for number, name in ((1, "strides"), (2, "strides"), (3, "Track")):
        icu.folders[number] = {"id": number, "name": name, "type": "FOLDER", "children": []}
    for number, name, folder in ((10, "Tue 5x1k", 1), (11, "Tue 5x1k", 2), (12, "Thu easy", 2),
                                 (13, "Old favourite", 2), (14, "Tue 5x1k", 3), (15, "Mine", None)):
        icu.workouts[number] = {"id": number, "name": name, "folder_id": folder, "description": "- 1h Z2"}
    runners_own = {n: dict(icu.workouts[n]) for n in (14, 15)}
    code, out, err = run(capsys, "push", write(tmp_path, TWO), "--to", "intervals")
    assert code == 0, err
    assert sorted(icu.folders) == [1, 3]
    assert sorted((w["name"], w["folder_id"]) for n, w in icu.workouts.items() if n not in runners_own) == [
        ("Old favourite", 1), ("Thu easy", 1), ("Tue 5x1k", 1)]
    assert {n: icu.workouts[n] for n in runners_own} == runners_own
    assert [row[-1] for row in table(out)] == [UPDATED, UPDATED]
    code, out, _ = run(capsys, "push", write(tmp_path, TWO), "--to", "intervals")
    assert [row[-1] for row in table(out)] == [UNCHANGED, UNCHANGED] and len(icu.folders) == 2


def test_a_garmin_push_takes_turns_with_another_on_the_same_account(icu: Intervals) -> None:
    told: list[str] = []
    waiting = threading.Event()
    failed: list[Exception] = []

    def push() -> None:
        try:
            deliver("garmin", placed(ONE, None), tell=lambda line: (told.append(line), waiting.set()) and None,
                    module=garmin_module(FakeGarmin()))
        except DeliveryError as error:
            failed.append(error)

    with account_lock("garmin", str(garmin_tokens()), None):
        other = threading.Thread(target=push)
        other.start()
        assert waiting.wait(10), "the second push says it waits"
        assert other.is_alive() and failed == [], "and waits"
    other.join(30)
    assert told == ["strides: another push to this account is running; waiting for it to finish"]
    assert [error.message for error in failed] == [
        f"strides is not logged in to Garmin Connect (no tokens in {garmin_tokens()})"]


# ---- login writes through a link ------------------------------------------------------------------------------


@pytest.mark.parametrize("existing", [True, False], ids=["link to a file", "link to no file yet"])
def test_login_writes_through_a_symlinked_config_file(icu: Intervals, tmp_path: Path, existing: bool) -> None:
    real = tmp_path / "dotfiles" / "strides.toml"
    real.parent.mkdir()
    if existing:
        real.write_text('[garmin]\nnote = "kept"\n')
        real.chmod(0o600)
    link = tmp_path / ".config" / "strides" / "config.toml"
    link.parent.mkdir(parents=True)
    link.symlink_to(real)
    assert remember_account(ATHLETE, KEY) == link
    assert link.is_symlink() and Path(os.readlink(link)) == real, "the link stays a link"
    sections = parse_sections(real.read_text(), real)
    assert sections["intervals"] == {"athlete": ATHLETE, "api_key": KEY}
    assert sections.get("garmin") == ({"note": "kept"} if existing else None)
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in real.parent.iterdir()) == ["strides.toml"], "no part file left"


# ---- heart rates as intervals.icu reads them ------------------------------------------------------------------


def heart_rates() -> list[HeartRate]:
    return [s.target for s in compile_text(HR)[0].timeline if isinstance(s.target, HeartRate)]


def beats_inside(text: str, unit: str, of: float, low: int, high: int) -> None:
    """The share written turns back into beats that hold `low`-`high`, at most a percent wider each side."""
    share = re.search(rf"(\d+)-(\d+)% {unit}\b", text)
    assert share is not None, text
    first, last = int(share.group(1)), int(share.group(2))
    assert first * of / 100 <= low < (first + 1) * of / 100
    assert (last - 1) * of / 100 < high <= last * of / 100


def test_a_push_converts_heart_rates_with_the_max_hr_and_lthr_on_intervals(
        icu: Intervals, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    icu.sport_settings = [{"id": 3, "types": ["Ride"], "max_hr": 200},
                          {"id": 4, "types": ["Run", "TrailRun"], "max_hr": 185, "lthr": 168}]
    code, _, err = run(capsys, "push", write(tmp_path, HR), "--to", "intervals", "--date", "2026-12-08")
    assert code == 0, err
    assert "max HR" not in err, "nothing assumed: intervals.icu's own settings were read"
    assert ("GET", f"/api/v1/athlete/{ATHLETE}/sport-settings/Run") in [(r.method, r.path) for r in icu.seen]
    [event] = icu.events.values()
    rep, threshold = heart_rates()[0], heart_rates()[-1]
    assert isinstance(threshold.basis, HeartRateShare) and threshold.basis.of == ShareOf.lthr
    beats_inside(event["description"], "HR", 185, rep.low, rep.high)
    beats_inside(event["description"], "LTHR", 168, threshold.low, threshold.high)


def test_without_a_max_hr_on_intervals_the_push_says_whose_it_uses(icu: Intervals, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "push", write(tmp_path, HR), "--to", "intervals", "--date", "2026-12-08")
    assert code == 0
    assert err.splitlines() == ["strides: intervals.icu has no max HR in its run settings: heart rates go as % of "
                                "the profile's maxhr; set the same max HR there, or the watch gets other beats"]
    [event] = icu.events.values()
    beats_inside(event["description"], "HR", 190, 140, 150)
    assert "10m 95% LTHR" in event["description"], "the runner's share of intervals.icu's own LTHR"


@pytest.mark.parametrize("settings", [{"max_hr": "185"}, {"max_hr": 5000}, {"max_hr": [185]}, {"lthr": True},
                                      {"max_hr": float("nan")}], ids=["text", "too high", "list", "bool", "nan"])
def test_run_settings_strides_cannot_use_are_one_line(icu: Intervals, tmp_path: Path, settings: dict[str, object],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    icu.sport_settings = [{"id": 4, "types": ["Run"], **settings}]
    code, _, err = run(capsys, "push", write(tmp_path, HR), "--to", "intervals", "--date", "2026-12-08")
    assert code == 1 and len(err.splitlines()) == 1
    assert err.startswith("strides: intervals.icu answered the run settings with a `")
    assert icu.events == {}


def test_the_offline_icu_text_names_the_max_hr_its_shares_assume(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "compile", write(tmp_path, HR), "--format", "icu")
    assert code == 0
    beats_inside(out, "HR", 190, 140, 150)
    assert "heart rates are written as % of max HR 190 (the profile's maxhr)" in err


# ---- Garmin Connect: update in place ----------------------------------------------------------------------------


@pytest.mark.parametrize("has_update", [True, False], ids=["0.3.7 on", "older library"])
def test_an_edited_garmin_workout_is_replaced_in_place(has_update: bool) -> None:
    garmin = FakeGarmin()
    if not has_update:
        garmin.update_workout = None  # type: ignore[assignment,method-assign]
    garmin_service.GarminConnect(garmin).push(placed(ONE, "2026-12-08"))
    [number] = garmin.workouts
    again = placed(ONE.replace("r2min", "r90s"), "2026-12-08")
    edited = garmin_service.GarminConnect(garmin).push(again)
    assert [d.outcome for d in edited] == [UPDATED]
    assert list(garmin.workouts) == [number] and len(garmin.scheduled) == 1, "same id, still on its day"
    assert garmin.called("update_workout") == ([number] if has_update else [])
    assert garmin.called("put") == [f"/workout-service/workout/{number}"]
    stored = garmin.workouts[number]
    assert stored["workoutId"] == number
    assert digest_of(stored["description"]) == digest_of(workout_json(again[0][0])["description"])
