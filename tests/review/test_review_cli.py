"""`strides review` on the command line: each output, the choice of workout, and every bad input a line and
exit 1, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from activity_maker import STARTED, Faults, make, proven
from conftest import compile_one
from garmin_fit_sdk import Encoder

from strides.cli.main import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main

SETTINGS = ["--set", "5k=19:00", "--set", "maxhr=190"]
TRACK = "wu 2min; 12x400 @5k-3s r35s; last all-out; cd 2min"
PLAN = f"""5k = 19:00
Mon easy: 30min easy
Tue track: {TRACK}
Thu tempo: wu 2mi; 3mi @T; cd 1mi
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tuesday's track session as the watch recorded it, rep 7 three seconds slow."""
    workout = compile_one(f"Tue track: {TRACK}", {"5k": "19:00", "maxhr": "190"})
    path = tmp_path_factory.mktemp("review") / "run.fit"
    path.write_bytes(proven(make(workout, Faults(slow={7: 3.0}))))
    return path


def review(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["review", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_the_table_shows_every_step_with_rep_7_slow(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = review(capsys, str(run), "-e", TRACK, *SETTINGS)
    assert code == EXIT_OK
    rows = [line for line in out.splitlines() if line[:2].strip().isdigit() and "400 m @5k-3s" in line]
    assert len(rows) == 11 and sum(line.endswith(" on") for line in rows) == 10
    assert [line for line in rows if " 7/12 " in line][0].endswith("1:31.2  169/172  176 spm  slow +3.0 s (+7.5 s/km)")
    assert "reps on target: 10 of 11 (1 not judged" in out


def test_miles_when_the_profile_says_so(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = review(capsys, str(run), "-e", TRACK, *SETTINGS, "--set", "units=mi")
    assert code == EXIT_OK and "slow +3.0 s (+12.1 s/mi)" in out and "5:55/mi" in out


def test_json_holds_planned_actual_verdict_and_summary(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = review(capsys, str(run), "-e", TRACK, *SETTINGS, "--format", "json")
    document = json.loads(out)
    assert code == EXIT_OK and set(document) >= {"workout", "steps", "summary"}
    rep7 = document["steps"][13]
    assert rep7["planned"]["rep"] == [7, 12] and rep7["planned"]["split"] == 88.2
    assert {k: rep7["actual"][k] for k in ("seconds", "meters", "pace", "split", "hr_avg", "hr_max")} == {
        "seconds": 91.2, "meters": 400.0, "pace": 228.0, "split": 91.2, "hr_avg": 169.0, "hr_max": 172}
    assert (rep7["verdict"], rep7["delta_seconds"]) == ("slow", 3.0)
    assert document["summary"]["reps_on"] == 10 and document["summary"]["slowest"] == 14


def test_the_page_draws_the_plan_and_what_was_run(run: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "review.html"
    code, out, _ = review(capsys, str(run), "-e", TRACK, *SETTINGS, "--format", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert code == EXIT_OK and out == ""
    assert html.count('<rect class="bar') == 25
    assert html.count('class="actual verdict-on"') == 12  # 10 reps, the warm-up and the cool-down
    assert 'class="actual verdict-slow"' in html and "<script" not in html


def test_the_workout_the_watch_ran_is_found_by_name(run: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "week.strides"
    plan.write_text(PLAN, encoding="utf-8")
    code, out, _ = review(capsys, str(run), str(plan), "--set", "maxhr=190")
    assert code == EXIT_OK and out.startswith("Tue track · ") and "slow +3.0 s" in out
    code, out, _ = review(capsys, str(run), str(plan), "--workout", "thu TEMPO")
    assert code == EXIT_OK and out.startswith("Thu tempo · ")
    code, _, err = review(capsys, str(run), str(plan), "--workout", "Wed")
    assert code == EXIT_INPUT and "has no workout named `Wed`; it has `Mon easy`, `Tue track`, `Thu tempo`" in err


def test_a_plan_without_the_watch_s_workout_asks_for_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laps_only = tmp_path / "laps.fit"
    laps_only.write_bytes(make(compile_one(TRACK, {"5k": "19:00"}), Faults(watch=False)))
    plan = tmp_path / "week.strides"
    plan.write_text(PLAN, encoding="utf-8")
    code, _, err = review(capsys, str(laps_only), str(plan))
    assert code == EXIT_INPUT and "holds 3 workouts and the watch stored no workout name: choose one with " \
        "--workout NAME" in err
    code, _, err = review(capsys, str(laps_only))
    assert code == EXIT_INPUT and "holds no workout the watch ran: give the workout" in err


def test_with_no_workout_the_one_the_watch_stored_is_used(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = review(capsys, str(run), *SETTINGS)
    assert code == EXIT_OK and out.startswith("Tue track · ")
    assert "slow +3.0 s" in out and "laps are matched by the watch's step numbers" in out


def _activity_without_laps() -> bytes:
    encoder = Encoder()
    start = int(STARTED.timestamp() - 631065600)  # seconds since the FIT epoch, 1989-12-31
    encoder.write_mesg({"mesg_num": 0, "type": "activity", "manufacturer": "development", "product": 1,
                        "serial_number": 7, "time_created": start})
    encoder.write_mesg({"mesg_num": 20, "timestamp": start, "heart_rate": 120})
    data: bytes = encoder.close()
    return data


def test_bad_inputs_are_one_line_and_exit_1(run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = run.read_bytes()
    workout_file = tmp_path / "track-workout.fit"
    assert main(["compile", "-e", TRACK, *SETTINGS, "--format", "fit", "-o", str(workout_file)]) == EXIT_OK
    damaged = bytearray(data)
    damaged[len(data) // 2] ^= 0x55
    cases = {
        "notes.txt": (b"wu 15min; 12x400\n", "notes.txt is not a FIT file"),
        "cut.fit": (data[: len(data) // 3], f"cut.fit is cut short ({len(data) // 3:,} of {len(data):,} bytes)"),
        "crc.fit": (bytes(damaged), "crc.fit fails its CRC check"),
        "nolaps.fit": (_activity_without_laps(), "nolaps.fit is an activity with no laps"),
        "empty.fit": (b"", "empty.fit is not a FIT file"),
    }
    for name, (content, message) in cases.items():
        (tmp_path / name).write_bytes(content)
        code, out, err = review(capsys, str(tmp_path / name), "-e", TRACK)
        assert (code, out) == (EXIT_INPUT, ""), name
        assert err.startswith(f"strides: {tmp_path}/{message}") and err.count("\n") == 1, err
    code, _, err = review(capsys, str(workout_file), "-e", TRACK)
    assert code == EXIT_INPUT and "is a FIT workout file, not an activity" in err
    code, _, err = review(capsys, str(tmp_path / "missing.fit"), "-e", TRACK)
    assert code == EXIT_INPUT and "cannot read" in err and "missing.fit" in err
    code, _, err = review(capsys, str(tmp_path / "cut.fit"), "-e", TRACK)
    assert "before the damage it holds" in err and "records" in err


def test_a_mistake_in_the_workout_points_into_it(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = review(capsys, str(run), "-e", "12x400 @5k-3s r35")
    assert code == EXIT_INPUT and "<text>:1:15: `r35` has no unit" in err


def test_standard_input_serves_one_of_the_two(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = review(capsys, "-", "-")
    assert code == EXIT_USAGE and "standard input" in err
