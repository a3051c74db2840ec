"""The canonical formatter: one spelling for everything, the same meaning, and a fixed point."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import syntax_tree
from hypothesis import HealthCheck, given, settings
from seeds import SEEDS
from strategies import workout_files

from strides.cli.main import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from strides.errors import StridesError
from strides.language.fmt import format_source
from strides.language.parse import parse_entries
from strides.language.plan_lines import is_plan
from strides.meaning.model import Workout
from strides.pipeline import compile_text

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.strides"))


def meaning(workouts: list[Workout]) -> list[Any]:
    """The resolved workouts without what formatting respells or moves: labels, step texts, positions, the
    unit a distance was written in (`3000m` is respelled `3k`), and the readings, which quote the words as
    written."""
    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()
                    if k not in ("text", "label", "line", "span", "written_in", "readings")}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    return [plain(attrs.asdict(workout, recurse=True)) for workout in workouts]


def assert_same_file(text: str, settings: dict[str, str] | None = None) -> str:
    """Formatting keeps the syntax tree and the resolved workouts, and formatting again changes nothing."""
    formatted = format_source(text)
    assert syntax_tree(formatted) == syntax_tree(text)
    assert format_source(formatted) == formatted
    assert meaning(compile_text(formatted, settings)) == meaning(compile_text(text, settings))
    return formatted


# ---- golden --------------------------------------------------------------------------------------------------
GOLDEN = [
    ("WU 15 MIN; 12 X 400m @ 5K - 3 S R 35 S; Last All Out; COOL DOWN 10 mins",
     "wu 15min\n12x400m @5k-3s r35s\nlast all-out\ncd 10min\n"),
    ("5k=19:00\nmaxhr   =190\nTue 12 x 400: wu 15min easy, 12x400 @5k-3s r35s; last all-out\nThu:\n 20min @tempo",
     "5k = 19:00\nmaxhr = 190\n\nTue 12 x 400:\n  wu 15min easy\n  12x400 @5k-3s r35s\n  last all-out\n\n"
     "Thu:\n  20min @T\n"),
    ("6 × 1 min hills hard jog back; 4x15s hill sprint walk back; 8x150 max r 3 min walk; 4x200 @mile r full",
     "6x1min hill hard jog back\n4x15s hill sprint walk back\n8x150 all-out r3min walk\n4x200 @mile r full\n"),
    ("10x200 @mile float 200 @marathon; 16x400 @5k r1:1; reps 12, 16 allout; 4x1k @10k r 200 m",
     "10x200 @mile r200 float @mp\n16x400 @5k r1:1\nreps 12,16 all-out\n4x1km @10k r200 jog\n"),
    ("4-6 x 400 @ 3:48/km r90-120 s walk; 1k @10k..5k; 40 min @Z2; 30min @140-150 BPM; 5x3min @RPE 7 r2min jog",
     "4-6x400 @3:48/km r90-120s walk\n1km @10k..5k\n40min @z2\n30min @140-150bpm\n5x3min @rpe7 r2min jog\n"),
    ("2 x (4 x 400 @5k r 200) r 5 min; 8x(400 @5k + 200 @mp); 200/400/600 @5k r200 jog",
     "2x(4x400 @5k r200 jog) r5min\n8x(400 @5k, 200 @mp)\n200/400/600 @5k r200 jog\n"),
    ("10x1 mile @T+90s/mi; each -10 s/mi; 12 miles easy; last 3 mi @hmp; 8x20 s strides “on grass”",
     '10x1mi @T+90s/mi\neach -10s/mi\n12mi easy\nlast 3mi @hm\n8x20s strides "on grass"\n'),
    ('6x400 @5k r1min; LAST 2 @mile “kick”; rep 3 All Out "test"; 12mi easy; last 3mi @hm "finish strong"',
     '6x400 @5k r1min\nlast 2 @mile "kick"\nrep 3 all-out "test"\n12mi easy\nlast 3mi @hm "finish strong"\n'),
    ("Half Marathon = 1:30:00\nMax HR=190\n5 km = 19:00\n20min @z2",
     "hm = 1:30:00\nmaxhr = 190\n5k = 19:00\n20min @z2\n"),
    ("15-20min warm-up; 1h15 easy; 1:15:30 steady; 90 min; 45.5 s; 2 laps; lap; open @T",
     "wu 15-20min\n75min easy\n1:15:30 steady\n90min\n45.5s\n2laps\nlap\nopen @T\n"),
]


@pytest.mark.parametrize(("written", "canonical"), GOLDEN)
def test_canonical_spelling(written: str, canonical: str) -> None:
    assert format_source(written) == canonical
    assert_same_file(written, {"5k": "19:00", "maxhr": "190"})


def test_the_canonical_example_is_already_canonical_but_for_line_breaks() -> None:
    text = "wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"
    assert format_source(text).replace("\n", "; ").rstrip("; ") == text


def test_comments_stay_with_the_entry_they_follow() -> None:
    text = ("# my week\n5k = 19:00   # from May\n\nTue:   # track\n  wu 15min  # easy\n"
            "  # the main set\n  8x(400 @5k,  # fast\n     200 @mp)  # float\n# the end\n")
    assert format_source(text) == (
        "# my week\n5k = 19:00  # from May\n\nTue:  # track\n  wu 15min  # easy\n"
        "  # the main set\n  8x(400 @5k, 200 @mp)  # fast # float\n  # the end\n")


def test_a_comment_after_steps_sharing_a_line_goes_with_the_last_of_them() -> None:
    assert format_source("2mi @T; 4x400 @mile r200 jog; 2mi @T   # sandwich") == (
        "2mi @T\n4x400 @mile r200 jog\n2mi @T  # sandwich\n")


def test_a_hash_inside_a_note_is_not_a_comment() -> None:
    assert format_source('400 "lane #1" # go') == '400 "lane #1"  # go\n'


def test_settings_after_a_workout_stay_before_the_next_name_line() -> None:
    text = "A:\n 400 @5k\n5k = 20:00\nB:\n 400 @5k\n"
    assert format_source(text) == "A:\n  400 @5k\n  5k = 20:00\n\nB:\n  400 @5k\n"
    assert_same_file("5k = 19:00\n" + text)


def test_notes_keep_their_quotes() -> None:
    assert format_source('400 “a "quoted" word”') == '400 “a "quoted" word”\n'
    assert format_source('400 "a ”curly” word"') == '400 "a ”curly” word"\n'


@pytest.mark.parametrize(("written", "canonical"), [
    ("1.5mi", "1.5mi"), ("2414.016m", "1.5mi"), ("1609m", "1609m"), ("1.2345km", "1234.5m"), ("1.2km", "1.2km"),
    ("4x1k", "4x1km"), ("mile", "1mi"), ("1h", "1h"), ("60min", "1h"), ("2h30", "150min"), ("10:45", "10:45"),
    ("90s", "90s"), ("1.5min", "90s"), ("400 @1:28", "400 @1:28"), ("400 @88s", "400 @1:28"),
    ("400 @1:28.5", "400 @1:28.5"), ("400 @1500m-3s", "400 @1500m-3s"), ("400 @1500", "400 @1500"),
    ("400 @5k-3s/400m", "400 @5k-3s/400m"), ("400 @3:48/lap", "400 @3:48/lap"), ("400 r lap", "400 r lap jog"),
    ("400 r200 rest", "400 r200 rest"), ("400 rest back", "400 r full"), ("400 r full jog", "400 jog back"),
    ("400 r1:2 walk", "400 r1:2 walk"), ("400 r50m", "400 r50m jog"), ("(400) r200 @hard", "(400) r200 jog @hard"),
    ("12 x lap", "12x lap"), ("1 x 400", "1x400"), ("400 @rpe 7.5", "400 @rpe 7.5"), ("400 @150bpm", "400 @150bpm"),
    ("400 @ mp .. hm", "400 @mp..hm"), ("14mi", "14mi"), ("26.2 miles", "26.2mi"), ("21.1k", "21.1km"),
    ("42.195km", "42195m"), ("42195", "42195"), ("12 x 1.5 mi", "12x1.5mi"),
])
def test_amounts_and_targets(written: str, canonical: str) -> None:
    assert format_source(written) == canonical + "\n"
    assert parse_entries(canonical) == parse_entries(written)


@pytest.mark.parametrize(("written", "canonical"), [
    ("8x800s", "8x800"), ("6 x 1000s @10k", "6x1000 @10k"), ("5x1k @5k w/ 2min jog", "5x1km @5k r2min jog"),
    ("4 x 400 with 400 walk", "4x400 r400 walk"), ("units = mi\n2 E", "units = mi\n2mi easy"), ("2 E", "2 E"),
    ("3 T", "3 T"), ('10x45" hard r45"', "10x45s hard r45s"), ("8x2' r1'", "8x2min r1min"),
    ("15 x 45s on / 15s off", "15x45s hard r15s jog"), ("6x1k @10k, 90s jog", "6x1km @10k r90s jog"),
    ("6x400 @5k; first 2 @10k", "6x400 @5k\nreps 1,2 @10k"), ("6x400; reps 2-4 all-out", "6x400\nreps 2,3,4 all-out"),
    ("300-600-900 @5k", "300/600/900 @5k"), ("2x(1000, 600) @5k r90s", "2x(1000 @5k, 600 @5k) r90s"),
    ("20min @ half marathon pace", "20min @hm"), ("20min @10k to hm", "20min @10k..hm"),
    ("5k @7:15 per mile", "5km @7:15/mi"), ("8x400 in 85", "8x400 @1:25"), ("6x800 r equal", "6x800 r1:1"),
    ("6x800 r90s easy", "6x800 r90s jog @E"), ("5k race", "5km race"), ("3k time trial", "3km time trial"),
])
def test_the_notation_of_plans_is_printed_in_the_canonical_spelling(written: str, canonical: str) -> None:
    assert format_source(written) == canonical + "\n"
    assert syntax_tree(canonical) == syntax_tree(written)


def test_warm_ups_drills_and_stretches_go_before_the_amount_other_kinds_after() -> None:
    assert format_source("15min warmup; 10 min drills; 5min stretching; jog 3min; sprint 10s hill") == (
        "wu 15min\ndrills 10min\nstretch 5min\n3min jog\n10s sprint hill\n")


def test_a_file_with_a_mistake_is_not_formatted() -> None:
    with pytest.raises(StridesError) as raised:
        format_source("wu 15min\n12x400 @5k r35")
    assert raised.value.span is not None and raised.value.span.line == 2


def test_an_empty_file_stays_empty() -> None:
    assert format_source("") == "" and format_source("\n \n") == ""


# ---- round trips ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("seed_id", "text", "profile"), SEEDS, ids=[s[0] for s in SEEDS])
def test_seed_round_trip(seed_id: str, text: str, profile: dict[str, str]) -> None:
    assert_same_file(text, profile)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_round_trip_keeps_every_comment(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if is_plan(text):  # a plan is kept as written (docs/plans.md)
        assert format_source(text) == text
        return
    formatted = assert_same_file(text)

    def comments(source: str) -> list[str]:
        return [line[line.index("#"):].strip() for line in source.splitlines() if "#" in line]

    assert comments(formatted) == comments(text)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(workout_files())
def test_any_valid_file_round_trips(text: str) -> None:
    assert_same_file(text)


# ---- on the command line -------------------------------------------------------------------------------------
MESSY = "WU 15 MIN; 12 X 400 @ 5K-3S R35S  # the main set\n"
TIDY = "wu 15min\n12x400 @5k-3s r35s  # the main set\n"


def test_fmt_prints_the_canonical_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tue.strides"
    path.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", str(path)]) == EXIT_OK
    assert capsys.readouterr().out == TIDY
    assert path.read_text(encoding="utf-8") == MESSY, "printing leaves the file alone"


def test_fmt_write_rewrites_in_place_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tue.strides"
    path.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", "-w", str(path)]) == EXIT_OK
    assert path.read_text(encoding="utf-8") == TIDY
    assert "rewrote" in capsys.readouterr().err
    assert main(["fmt", "-w", str(path)]) == EXIT_OK
    assert capsys.readouterr().err == "", "a canonical file is not rewritten"


def test_fmt_check_fails_on_a_file_that_would_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy, tidy = tmp_path / "messy.strides", tmp_path / "tidy.strides"
    messy.write_text(MESSY, encoding="utf-8")
    tidy.write_text(TIDY, encoding="utf-8")
    assert main(["fmt", "--check", str(tidy)]) == EXIT_OK
    assert main(["fmt", "--check", str(tidy), str(messy)]) == EXIT_INPUT
    assert "messy.strides is not in canonical spelling" in capsys.readouterr().err
    assert messy.read_text(encoding="utf-8") == MESSY


def test_fmt_leaves_a_file_with_a_mistake_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.strides"
    path.write_text("wu 15min\n12x400 @5k r35\n", encoding="utf-8")
    assert main(["fmt", "-w", str(path)]) == EXIT_INPUT
    assert f"{path}:2:" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "wu 15min\n12x400 @5k r35\n"


def test_fmt_cannot_rewrite_standard_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", "-w", "-"]) == EXIT_USAGE
    assert "standard input" in capsys.readouterr().err


@pytest.mark.parametrize(("written", "canonical"), [
    ("4x1mi @T r0.5mi", "4x1mi @T r0.5mi jog"),
    ("4 x 1 mile @T w/ 1/2 mile jog", "4x1mi @T r0.5mi jog"),
    ("6x1k r1.5k", "6x1km r1500 jog"),
])
def test_a_recovery_in_miles_keeps_its_unit(written: str, canonical: str) -> None:
    assert format_source(written).strip() == canonical
