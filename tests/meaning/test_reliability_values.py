"""Values that read like a workout but cannot be one are refused with the limit named, pointing at the number:
never a traceback, never a wrong result. Also the values at the edges of their ranges, and where the
messages about values point (a count range's rest on the cards, the watch's step limit, `--set`)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from seeds import S19

from strides.backends import RenderOptions, get_backend
from strides.cli.main import EXIT_INPUT, EXIT_OK, main
from strides.errors import StridesError
from strides.meaning.model import HeartRate, Time, unroll
from strides.pipeline import compile_text

THOUSANDS = "9" * 5000  # beyond the 4,300 digits Python's int() reads
OVERFLOWING = "9" * 400  # float() reads it as infinity
PROFILE = {**S19, "maxhr": "190"}


def refusal(text: str, settings: dict[str, str] | None = None) -> StridesError:
    with pytest.raises(StridesError) as caught:
        compile_text(text, PROFILE if settings is None else settings, "week.strides")
    return caught.value


def pointed_at(error: StridesError, text: str) -> str:
    """The source text under the error's caret."""
    assert error.span is not None
    return text[error.span.start : error.span.end]


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


# ---- numbers far too large ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "says", "points_at"), [
    (f"{THOUSANDS}x400", "a repeat runs at most 1,000 times", f"{THOUSANDS}x"),
    (f"4-{THOUSANDS}x400", "a repeat runs at most 1,000 times", f"4-{THOUSANDS}x"),
    ("2-99999999999999999999x400", "a repeat runs at most 1,000 times", "2-99999999999999999999x"),
    (f"{THOUSANDS}h30", "is longer than a day: a step lasts at most 24 h", f"{THOUSANDS}h30"),
    (f"30min @z{THOUSANDS}", "heart-rate zones run from z1 to z5", f"z{THOUSANDS}"),
    (f"12x400 @5k; reps {THOUSANDS} all-out", "a workout unrolls to at most 10,000 steps", THOUSANDS),
    (f"12x400 @5k r{OVERFLOWING}:1", "a work:rest ratio needs two numbers above zero, at most 9 each",
     f"r{OVERFLOWING}:1"),
    (f"{OVERFLOWING}m", "is longer than 250 km, the longest step strides takes", f"{OVERFLOWING}m"),
    (f"{OVERFLOWING}km easy", "is longer than 250 km", f"{OVERFLOWING}km"),
    (f"12x400 @5k r{OVERFLOWING}s", "is longer than a day", f"{OVERFLOWING}s"),
    (f"{OVERFLOWING}:00", "is longer than a day", f"{OVERFLOWING}:00"),
    (f"{OVERFLOWING}", "is too large a number: nothing in a workout comes near 10,000,000", OVERFLOWING),
    (f"400 @{OVERFLOWING}:00/km", "is too large a number", f"{OVERFLOWING}:00/km"),
    (f"20min @{OVERFLOWING}bpm", "is too large a number", f"{OVERFLOWING}bpm"),
    (f"12x400 @5k; last {OVERFLOWING} @mile", "is too large a number", OVERFLOWING),
])
def test_a_huge_number_is_a_range_error_at_the_number(text: str, says: str, points_at: str) -> None:
    error = refusal(text)
    assert says in error.message
    assert pointed_at(error, text) == points_at
    assert len(error.message) < 200  # the number is cut in the message, not repeated whole


@pytest.mark.parametrize("text", [
    f"{THOUSANDS}x400", f"4-{THOUSANDS}x400", f"{THOUSANDS}h30", f"30min @z{THOUSANDS}",
    f"12x400 @5k; reps {THOUSANDS} all-out", f"12x400 @5k r{OVERFLOWING}:1", f"{OVERFLOWING}m",
    f"{OVERFLOWING}:99", f"400 @{OVERFLOWING}:99/km",
])
@pytest.mark.parametrize("command", ["compile", "check", "explain", "fmt"])
def test_a_huge_number_exits_one_on_every_command(text: str, command: str, capsys: pytest.CaptureFixture[str]
                                                  ) -> None:
    settings = [] if command == "fmt" else ["--set", "5k=19:00"]
    code, err = cli([command, "-e", text, *settings], capsys)
    assert code == EXIT_INPUT
    assert err.startswith("<text>:1:") and "Traceback" not in err


def test_an_overflowing_race_time_on_the_command_line_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = cli(["compile", "-e", "400 @5k", "--set", f"5k={OVERFLOWING}:00"], capsys)
    assert code == EXIT_INPUT
    assert err.startswith("strides: --set 5k=99999999999999999999…: ")
    assert "outside 2:30–15:00/km" in err


@pytest.mark.parametrize(("text", "reps"), [("1000x100", 1000), ("2-1000x100", 2)])
def test_a_repeat_of_a_thousand_is_the_most(text: str, reps: int) -> None:
    assert len(compile_text(text, S19)[0].timeline) == reps


@pytest.mark.parametrize("text", ["1001x100", "2-1001x100", "2-5000x400"])
def test_a_repeat_above_a_thousand_is_refused_naming_the_limit(text: str) -> None:
    error = refusal(text)
    assert "a repeat runs at most 1,000 times" in error.message
    assert pointed_at(error, text) == text


def test_a_count_over_the_step_limit_still_says_so() -> None:
    assert "more than strides accepts in one workout (10,000 steps)" in refusal("1000000x400").message


def test_a_rep_number_above_the_step_limit_is_refused() -> None:
    error = refusal("12x400 @5k; reps 10001 all-out")
    assert "there is no rep 10001: a workout unrolls to at most 10,000 steps" in error.message
    assert "there is no rep 13" in refusal("12x400 @5k; reps 13 all-out").message


@pytest.mark.parametrize("text", ["400 @5k r10:1", "400 @5k r0:1"])
def test_a_ratio_runs_from_one_to_nine(text: str) -> None:
    assert "ratio needs two numbers above zero, at most 9 each" in refusal(text).message


# ---- clock values -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "says", "points_at"), [
    ("1:99", "`1:99`: a minute has 60 seconds", "1:99"),
    ("1:30:99", "`1:30:99`: a minute has 60 seconds", "1:30:99"),
    ("1:75:00", "`1:75:00`: an hour has 60 minutes", "1:75:00"),
    ("1h99", "`1h99`: an hour has 60 minutes", "1h99"),
    ("10-1:60min", "a clock time takes no unit", "10-1:60min"),
    ("4x1k r2:60", "`2:60`: a minute has 60 seconds", "2:60"),
    ("1km @3:75/km", "`3:75`: a minute has 60 seconds", "3:75/km"),
    ("1km @3:40-3:60/km", "a minute has 60 seconds", "3:40-3:60/km"),
])
def test_a_clock_field_after_the_first_runs_to_59(text: str, says: str, points_at: str) -> None:
    error = refusal(text)
    assert says in error.message
    assert pointed_at(error, text) == points_at


def test_a_wrong_clock_says_what_it_would_have_been() -> None:
    assert refusal("1:99").hint == "minutes and seconds run from 00 to 59 (`1:99` would be `2:39`)"


@pytest.mark.parametrize(("text", "seconds"), [("1:59", 119), ("1:59:59", 7199), ("1:59.5", 119.5), ("0:05", 5)])
def test_clock_values_up_to_59_are_read(text: str, seconds: float) -> None:
    duration = compile_text(text, S19)[0].timeline[0].duration
    assert duration == Time(seconds)


def test_a_race_time_in_a_file_is_pointed_at() -> None:
    text = "5k = 19:99\n400 @5k"
    error = refusal(text, {})
    assert "`19:99`: a minute has 60 seconds" in error.message
    assert pointed_at(error, text) == "19:99"


# ---- the shortest timed step --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "points_at"), [
    ("0.4s", "0.4s"), ("4x200 @5k r0.2s", "0.2s"), ("0.5-2s", "0.5-2s"), ("30min; last 0.5s @5k", "0.5s"),
])
def test_a_step_under_a_second_is_refused(text: str, points_at: str) -> None:
    error = refusal(text)
    assert "is shorter than a second: the shortest timed step is 1 s" in error.message
    assert pointed_at(error, text) == points_at


def test_a_one_second_step_is_the_shortest() -> None:
    assert compile_text("4x1s strides r1s", S19)[0].timeline[1].duration == Time(1.0)


def test_a_ratio_that_works_out_under_a_second_is_refused() -> None:
    error = refusal("4x10m sprint @mile r9:1")  # 10 m at mile pace is about 2 s: the rest would be 0.2 s
    assert "`r9:1` works out at 0.2 s: the shortest timed step is 1 s" in error.message


# ---- a count range keeps its rest --------------------------------------------------------------------------

ONE_TO_THREE = "wu 10min; 1-3x400 @5k r60s; cd 10min"


def rendered(backend: str, text: str, card: str = "index") -> str:
    output = get_backend(backend).render(compile_text(text, S19), RenderOptions(card=card))
    if isinstance(output, bytes):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(output)).pages)
    return output


def test_a_count_range_of_one_runs_one_rep_on_the_watch() -> None:
    steps = compile_text(ONE_TO_THREE, S19)[0].timeline
    assert [s.kind for s in steps] == ["warmup", "run", "cooldown"]


def test_the_text_card_keeps_a_count_range_of_one_and_its_rest() -> None:
    card = rendered("card", ONE_TO_THREE)
    assert "1–3 × 400 m @5k" in card
    assert "rest 1 min between reps" in card
    assert "  ☐ 1\n  if going well: ☐ 2   ☐ 3" in card


@pytest.mark.parametrize("card", ["index", "a6"])
def test_the_pdf_cards_keep_a_count_range_of_one_and_its_rest(card: str) -> None:
    text = rendered("pdf", ONE_TO_THREE, card)
    assert "1–3 × 400 m @5k" in text and "rest 1 min between reps" in text


def test_the_wristband_says_which_rest_comes_before_the_extra_reps() -> None:
    text = rendered("pdf", ONE_TO_THREE, "wristband")
    assert "1–3×400 1:31 · r1 min" in text


def test_explain_keeps_a_count_range_of_one_and_its_rest() -> None:
    said = rendered("explain", ONE_TO_THREE)
    assert "2. 1–3 × 400 m in 1:31 (5k pace, 3:48/km), 1 min between reps." in said


def test_a_ladder_run_once_of_a_count_range_keeps_its_round_rest() -> None:
    card = rendered("card", "1-3x200/400 @5k r200")
    assert card.count("1–3 × (200 m @5k + 200 m jog + 400 m @5k)") == 1
    assert "jog 200 m between rounds" in card
    said = rendered("explain", "1-3x200/400 @5k r200")
    assert said.splitlines()[2].startswith("  1. 1–3 × (200 m in 0:46")


def test_a_group_without_a_count_still_reads_as_its_steps() -> None:
    assert "1. 400 m in 1:31 (5k pace, 3:48/km); then 200 m in 0:41 (mile pace, 3:27/km)." in rendered(
        "explain", "(400 @5k, 200 @mile)")


# ---- a ratio needs a rep with a time ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "rep"), [
    ("8x400 all-out r1:1", "an all-out 400 m"),
    ("8x400 @150bpm r1:1", "a 400 m at 147–153 bpm"),
    ("8x400 @z4 r1:1", "a 400 m at 152–171 bpm"),
    ("8x400 r1:1", "a 400 m with no target"),
    ("8x100 strides r1:2", "a fast 100 m stride"),
    ("3x(400 @5k, 200 jog) r1:1", "a 200 m jog with no target"),
])
def test_a_ratio_after_a_rep_with_no_pace_says_why(text: str, rep: str) -> None:
    error = refusal(text)
    ratio = text.split()[-1]
    assert error.message == f"`{ratio}` rests as long as the rep takes, but {rep} has no pace to time it"
    assert error.hint == "give the rest as a time, as in `r90s`"
    assert pointed_at(error, text) == ratio


def rests(text: str) -> list[float]:
    return [s.duration.seconds for s in unroll(compile_text(text, PROFILE)[0].items)
            if s.is_recovery and isinstance(s.duration, Time)]


def test_a_ratio_after_a_timed_rep_rests_that_time() -> None:
    assert rests("3x1min hard r1:1") == [60.0, 60.0]


def test_a_ratio_after_a_paced_rep_rests_its_split_as_work_to_rest() -> None:
    assert [round(s, 1) for s in rests("3x400 @5k r1:1")] == [91.2, 91.2]
    assert [round(s, 1) for s in rests("3x800 @5k r2:1")] == [91.2, 91.2]  # half the 182.4 s split
    assert [round(s, 1) for s in rests("3x400 @5k r1:2")] == [182.4, 182.4]


def test_a_ratio_after_a_rep_to_the_lap_button_is_refused() -> None:
    assert "needs a rep of known length before it" in refusal("3x(400 @5k, open) r1:1").message


# ---- heart rates at the ends of their range -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "low", "high"), [
    ("20min @40bpm", 40, 43), ("20min @240bpm", 237, 240), ("20min @40-240bpm", 40, 240),
    ("20min @40-50bpm", 40, 50), ("20min @230-240bpm", 230, 240), ("20min @150bpm", 147, 153),
])
def test_heart_rates_of_40_and_240_are_inside_the_range(text: str, low: int, high: int) -> None:
    target = compile_text(text, S19)[0].timeline[0].target
    assert target == HeartRate(low, high, text.split("@")[1])


@pytest.mark.parametrize("text", ["20min @39bpm", "20min @241bpm", "20min @39-50bpm", "20min @230-241bpm"])
def test_heart_rates_outside_40_to_240_are_refused(text: str) -> None:
    assert refusal(text).message == "a heart rate runs from 40 to 240 bpm"


# ---- the watch's step limit points at the workout -----------------------------------------------------------


def distinct_steps(count: int) -> str:
    return "; ".join(f"{100 + k}" for k in range(count))


def test_too_many_steps_for_the_watch_point_at_the_name_line(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.strides"
    plan.write_text(f"5k = 19:00\n\nEasy: 20min easy\nLong Tuesday:\n  {distinct_steps(63)}\n", encoding="utf-8")
    code, err = cli(["compile", str(plan), "--format", "fit", "-o", f"{tmp_path}/out/"], capsys)
    assert code == EXIT_INPUT
    lines = err.splitlines()
    assert lines[0] == (f"{plan}:4:1: the workout `Long Tuesday` needs 63 steps on the watch; "
                        "watches accept at most 50")
    assert lines[1:3] == ["  Long Tuesday:", "  " + "^" * len("Long Tuesday:")]
    assert lines[3] == "  split it into two workouts, or write identical reps as one repeat"


def test_too_many_steps_in_an_unnamed_workout_point_at_its_first_step(capsys: pytest.CaptureFixture[str]
                                                                      ) -> None:
    text = "# fifty-one\n" + "\n".join(f"{100 + k}" for k in range(51))
    code, err = cli(["compile", "-e", text, "--format", "fit", "-o", "-"], capsys)
    assert code == EXIT_INPUT
    assert err.splitlines()[0] == ("<text>:2:1: the workout `Workout` needs 51 steps on the watch; "
                                   "watches accept at most 50")


def test_a_workout_of_fifty_steps_goes_on_the_watch(tmp_path: Path) -> None:
    assert main(["compile", "-e", distinct_steps(50), "--format", "fit", "-o", str(tmp_path / "a.fit")]) == EXIT_OK


# ---- --set values -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("pair", "first_line"), [
    ("5k=19:99", "strides: --set 5k=19:99: `19:99`: a minute has 60 seconds"),
    ("maxhr=abc", "strides: --set maxhr=abc: maxhr takes a number, not `abc`"),
    ("maxhr=1e400", "strides: --set maxhr=1e400: maxhr = 1e400 is outside 100–240 bpm"),
    ("vdot=nan", "strides: --set vdot=nan: vdot = nan is outside 20–90"),
    ("fivek=19:00", "strides: --set fivek=19:00: unknown setting `fivek`"),
    ("5k=19", "strides: --set 5k=19: `19` is not a race time"),
])
@pytest.mark.parametrize("command", ["compile", "check", "explain", "paces"])
def test_a_bad_set_value_is_an_input_mistake_naming_the_option(
        pair: str, first_line: str, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    source = [] if command == "paces" else ["-e", "A:\n400 @5k\nB:\n400 @5k"]
    code, err = cli([command, *source, "--set", pair], capsys)
    assert code == EXIT_INPUT
    assert err.splitlines()[0] == first_line
    assert "<text>" not in err and err.count(first_line) == 1  # said once, however many workouts it stops


def test_a_bad_set_value_names_the_option_not_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.strides"
    plan.write_text("400 @5k\n", encoding="utf-8")
    code, err = cli(["compile", str(plan), "--set", "5k=19:99"], capsys)
    assert code == EXIT_INPUT
    assert err.startswith("strides: --set 5k=19:99: ") and str(plan) not in err
