"""The text track card: what a runner reads on the track, in 60 columns.

Every seed workout has a golden card in tests/backends/golden/card/ (STRIDES_UPDATE_GOLDENS=1 rewrites them: review
the diff). The tests below pin what the cards must say whatever their layout.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import check_golden
from seeds import S19, S20, SEED_IDS, SEEDS

from strides.backends import RenderOptions, get_backend
from strides.backends.cards.text import BACKEND, WIDTH, render
from strides.backends.cards.view import card_view
from strides.meaning.model import Distance, Effort, Pace, Profile, Repeat, Step, Time, Workout
from strides.pipeline import compile_text

GOLDEN = Path(__file__).parent / "golden" / "card"
TRACK = "wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"


def card(text: str, settings: dict[str, str] | None = None, filename: str = "<text>") -> str:
    return render(compile_text(text, S19 if settings is None else settings, filename), RenderOptions())


def ticks(text: str) -> list[tuple[int, str]]:
    """The tick boxes of a card as (number, label), in order."""
    return [(int(n), label) for n, label in re.findall(r"☐ +(\d+)(?: · ((?:[^☐\n ]| (?! ))+))?", text)]


# ---- goldens and width ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("seed_id", "text", "settings"), SEEDS, ids=SEED_IDS)
def test_seed_card_matches_its_golden_file(seed_id: str, text: str, settings: dict[str, str]) -> None:
    actual = card(text, settings, f"{seed_id}.strides")
    check_golden(GOLDEN / f"{seed_id}.txt", actual)


@pytest.mark.parametrize(("seed_id", "text", "settings"), SEEDS, ids=SEED_IDS)
def test_every_line_fits_sixty_columns(seed_id: str, text: str, settings: dict[str, str]) -> None:
    for line in card(text, settings, f"{seed_id}.strides").splitlines():
        assert len(line) <= WIDTH, line


def test_long_names_notes_and_groups_are_broken_to_fit() -> None:
    text = ("Saturday morning session with the club at the big track by the river:\n"
            '  (1600 @10k, 1200 @5k, 800 @3k, 400 @mile, 300 @mile, 200 @mile) r2min jog "'
            + "stay relaxed and run the bends hard " * 3 + '"')
    rendered = card(text)
    assert all(len(line) <= WIDTH for line in rendered.splitlines())
    assert "Saturday morning" in rendered and "river" in rendered


# ---- the 12 x 400 session ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def track() -> str:
    return card(TRACK)


def test_track_shows_the_split_rounded_for_display(track: str) -> None:
    assert "12 × 400 m @5k-3s" in track
    assert "1:28 per rep" in track  # 88.2 s
    assert "200 m 0:44" in track  # 44.1 s
    assert "1:29" not in track


def test_track_shows_the_pace_and_the_rest(track: str) -> None:
    assert re.search(r"12 × 400 m @5k-3s +3:40/km$", track, re.M)
    assert "rest 35 s between reps" in track


def test_track_checklist_has_twelve_boxes_and_marks_only_the_last_all_out(track: str) -> None:
    assert ticks(track) == [(k, "") for k in range(1, 12)] + [(12, "all-out")]


def test_track_totals_are_about_the_estimates(track: str) -> None:
    workout = compile_text(TRACK, S19)[0]
    minutes, km = round(workout.total_seconds / 60), workout.total_meters / 1000
    assert track.splitlines()[-1] == f"Total about {minutes} min · {km:.1f} km"
    assert 45 <= minutes <= 55


def test_track_warm_up_and_cool_down_are_one_line_each(track: str) -> None:
    lines = track.splitlines()
    assert "Warm-up 15 min" in lines and "Cool-down 10 min" in lines


def test_paces_follow_the_profile_units() -> None:
    rendered = card(TRACK, {**S19, "units": "mi"})
    assert "5:55/mi" in rendered and "/km" not in rendered  # 220.5 s/km
    assert re.search(r"Total about \d+ min · \d+\.\d mi$", rendered)


def test_a_hand_built_workout_needs_no_parser() -> None:
    """The card reads only the resolved model: the 12 x 400 session built by hand."""
    pace = Pace(fast=216.1, slow=224.9, exact=220.5, label="5k-3s")
    rest = Step("rest", "rest", Time(35), estimated_seconds=35, estimated_meters=0)
    rep, all_out = (Step("run", "active", Distance(400), target) for target in (pace, Effort("all-out")))
    reps = Repeat((rep,), count=12, between=rest, changes=((12, all_out),))
    warmup, cooldown = Step("warmup", "warmup", Time(900)), Step("cooldown", "cooldown", Time(600))
    workout = Workout("Tuesday", (warmup, reps, cooldown), Profile("5 km 19:00 · VDOT 52.9"))
    rendered = render([workout], RenderOptions())
    assert rendered.startswith("Tuesday\n5 km 19:00 · VDOT 52.9\n")
    assert "1:28 per rep · 200 m 0:44" in rendered and "rest 35 s between reps" in rendered
    assert ticks(rendered)[-1] == (12, "all-out")


def test_the_profile_lap_sets_the_lap_splits() -> None:
    rep = Step("run", "active", Distance(1200), Pace(223.0, 233.0, 228.0, "5k"))
    short_lap = Workout("w", (rep,), Profile("", lap=300.0))
    assert card_view(short_lap).blocks[0].reps[0].laps == ("1:08", "2:17", "3:25", "4:34")
    track_lap = Workout("w", (rep,), Profile(""))
    assert card_view(track_lap).blocks[0].reps[0].laps == ("1:31", "3:02", "4:34")


# ---- ranges, recoveries, notes ----------------------------------------------------------------------------


def test_ranges_print_as_ranges() -> None:
    rendered = card("wu 15-20min; 4-6x400 @5k r200 jog; cd 10-15min")
    assert "4–6 × 400 m @5k" in rendered
    assert "Warm-up 15–20 min\n" in rendered and "Cool-down 10–15 min\n" in rendered
    assert [n for n, _ in ticks(rendered.split("if going well")[0])] == [1, 2, 3, 4]
    assert "if going well: ☐ 5   ☐ 6" in rendered


def test_recovery_ranges_print_as_ranges() -> None:
    assert "walk 90–120 s between reps" in card("4x1mi @7:00/mi r90-120s walk")
    assert "jog 200–400 m between reps" in card("4-6x200 @mile r200-400 jog", S20)


def test_lap_button_recoveries_and_their_count_in_the_totals() -> None:
    rendered = card("6x1min hill hard jog back", S20)
    assert "6 × 1 min hill hard" in rendered and "jog back between reps" in rendered
    assert rendered.rstrip().endswith("plus 5 open steps (lap button)")
    assert "full rest between reps" in card("4x200 @mile-3s r full", S20)


def test_a_note_shows_once_and_the_implied_effort_not_at_all() -> None:
    rendered = card('8x20s strides r1min walk "on grass"', S20)
    assert "8 × 20 s strides “on grass”" in rendered
    assert "fast" not in rendered
    assert "“" not in card("wu 15-20min; 5x1000 @5k")  # the range noted for watches is not a note


def test_heart_rate_targets_show_their_band() -> None:
    assert re.search(r"40 min @z2 +1\d\d–1\d\d bpm", card("40min @z2", S20))


# ---- blocks of several kinds of rep -----------------------------------------------------------------------


def test_named_reps_are_marked_on_the_checklist() -> None:
    rendered = card("16x400 @5k r1:1; reps 12,16 all-out")
    assert "rest 1:31 between reps" in rendered
    assert [t for t in ticks(rendered) if t[1]] == [(12, "all-out"), (16, "all-out")]


def test_a_progression_shows_every_rep_split() -> None:
    rendered = card("10x1mi @T+90s/mi; each -10s/mi", S20)
    assert "  8:22 → 6:52 · 10 s/mi faster each\n" in rendered  # not rep 1's split for all ten
    labels = [label for _, label in ticks(rendered)]
    assert len(labels) == 10 and all(labels)
    seconds = [int(m) * 60 + int(s) for m, s in (label.split(":") for label in labels)]
    assert [a - b for a, b in zip(seconds, seconds[1:], strict=False)] == [10] * 9  # 10 s per mile faster


def test_sets_show_both_recoveries_and_a_checklist_per_set() -> None:
    rendered = card("2x(4x400 @5k r200 jog) r5min", S20)
    assert "2 × (4 × 400 m @5k)" in rendered
    assert "1:36 per rep · 200 m 0:48" in rendered
    assert "jog 200 m between 400s\n  rest 5 min between sets" in rendered
    # reps numbered on through the sets, as the watch and the page number them
    assert re.search(r"set 1 +☐ 1 +☐ 2 +☐ 3 +☐ 4\n +set 2 +☐ 5 +☐ 6 +☐ 7 +☐ 8\n", rendered)


def test_a_pyramid_lists_each_different_rep_with_its_split() -> None:
    rendered = card("200/400/600/800/600/400/200 @5k r200 jog", S20)
    assert re.search(r"^200/400/600/800/600/400/200 m @5k +4:00/km$", rendered, re.M)
    for line in ("  200 m 0:48", "  400 m 1:36 · 200 m 0:48", "  600 m 2:24 · 200 m 0:48",
                 "  800 m 3:12 · 200 m 0:48"):
        assert line + "\n" in rendered
    splits = {200: "0:48", 400: "1:36", 600: "2:24", 800: "3:12"}
    # each box with the rep's own distance and split, so that no label reads as another rep's number
    ladder = (200, 400, 600, 800, 600, 400, 200)
    assert [label for _, label in ticks(rendered)] == [f"{m} · {splits[m]}" for m in ladder]
    assert rendered.count("between reps") == 1


def test_a_ladder_of_targets_lists_each_target() -> None:
    rendered = card("(1600 @10k, 1200 @5k, 800 @3k, 400 @mile) r2min", S20)
    for rep in ("1600 m @10k", "1200 m @5k", "800 m @3k", "400 m @mile"):
        assert re.search(rf"^  {rep} \d:\d\d · 200 m 0:\d\d · \d:\d\d/km$", rendered, re.M)
    assert "rest 2 min between reps" in rendered


def test_alternations_list_both_reps_and_tick_rounds() -> None:
    rendered = card("8x(400 @5k, 200 @mp)", S20)
    assert "8 × (400 m @5k + 200 m @mp)" in rendered
    assert "  400 m @5k 1:36 · 200 m 0:48 · 4:00/km" in rendered
    assert re.search(r"^  200 m @mp 0:5\d · 4:\d\d/km$", rendered, re.M)
    assert [n for n, _ in ticks(rendered)] == list(range(1, 9))


def test_a_long_continuous_step_shows_its_time_on_one_line() -> None:
    rendered = card("12mi easy; last 3mi @hm", S20)
    assert re.search(r"^9 mi easy +\d:\d\d–\d:\d\d/km$", rendered, re.M)  # easy: a range, no split
    assert re.search(r"^3 mi @hm · 21:\d\d +4:\d\d/km$", rendered, re.M)


def test_every_workout_of_a_file_gets_its_card_in_order() -> None:
    rendered = card("Tue track:\n  6x800 @5k r400 jog\nThu tempo: 3x1mi @T r1min jog")
    assert rendered.index("Tue track\n") < rendered.index("Thu tempo\n")
    assert rendered.count("Total about") == 2


def test_the_backend_is_registered_as_card() -> None:
    assert get_backend("card") is BACKEND
    assert (BACKEND.name, BACKEND.suffix) == ("card", ".txt")
    assert not BACKEND.binary and not BACKEND.per_workout


def test_recoveries_say_what_they_come_between() -> None:
    assert "jog 400 m between rounds" in card("4x(400 @mile r200 jog, 800 @5k r400 jog)", S20)
    assert "rest 2 min between reps" in card("(1600 @10k, 1200 @5k, 800 @3k) r2min", S20)
    text = card("2x(4x400 @5k r200) r5min", S20)
    assert "jog 200 m between 400s" in text and "rest 5 min between sets" in text


def test_a_ladder_in_sets_ticks_every_rep_of_each_set() -> None:
    text = card("2x(200/400 @mile r200 jog) r3min; last all-out", S20)
    rows = [line.strip() for line in text.splitlines() if line.strip().startswith("set ")]
    assert rows == ["set 1  ☐ 1 · 200 · 0:44      ☐ 2 · 400 · 1:27", "set 2  ☐ 3 · 200 · 0:44      ☐ 4 · 400 · all-out"]


def test_a_changed_rep_shows_its_note_on_the_checklist() -> None:
    text = card('6x400 @5k r1min; last all-out "kick"; rep 2 @mile "a note far too long for a box"', S20)
    assert "☐ 6 · all-out “kick”" in text
    assert "☐ 2 · 1:27 “a note far too…”" in text
    assert all(len(line) <= WIDTH for line in text.splitlines())


# ---- each rep's own numbers, recoveries in words, splits where they help ----------------------------------


def test_a_pace_range_shows_the_split_range() -> None:
    rendered = card("4-6x800 @3:40-3:45/km r400 jog")
    assert "  2:56–3:00 per rep\n" in rendered


def test_sets_with_a_mile_tick_every_rep_and_say_every_recovery() -> None:
    rendered = card("3x(6x400 @5k r60s, 1mi @T) r3min")
    for line in ("rest 1 min between 400s", "straight into the mile", "rest 3 min between sets"):
        assert f"  {line}\n" in rendered
    rows = [line.split("☐")[0].strip() for line in rendered.splitlines() if "☐" in line]
    assert [row for row in rows if row] == ["set 1", "set 2", "set 3"]
    assert rendered.count("☐") == 3 * 7 and rendered.count("1 mi · 6:32") == 3


def test_a_groups_note_is_said_once() -> None:
    rendered = card('(1600 @10k, 1200 @5k, 800 @3k) r2min "stay relaxed"', S20)
    assert rendered.count("stay relaxed") == 1


def test_a_block_that_follows_reps_with_no_recovery_says_so() -> None:
    rendered = card("2mi @T; 4x400 @mile r200 jog; 2mi @T", S20)
    assert "(straight on from the 2 mi)" in rendered and "(straight on from the 400)" in rendered
    assert "no recovery written between reps" in card("8x100 strides")


def test_tick_rows_split_evenly() -> None:
    rows = [line for line in card("12x400 @5k r60s").splitlines() if "☐" in line]
    assert [row.count("☐") for row in rows] == [6, 6]


def test_road_segments_get_cumulative_splits_in_the_profiles_unit_and_no_laps() -> None:
    rendered = card("6mi @mp", {**S19, "units": "mi"})
    assert re.search(r"each mi( \d:\d\d| \d\d:\d\d){6}\n", rendered)
    assert "laps" not in rendered and "200 m" not in rendered
    assert "laps" in card("3x1mi @T r1min")  # a mile is a track rep


def test_long_lines_break_between_phrases_not_inside_one() -> None:
    text = ("Saturday morning session with the club at the big track by the river:\n"
            "  (1600 @10k, 1200 @5k, 800 @3k, 400 @mile, 300 @mile, 200 @mile) r2min jog")
    lines = card(text).splitlines()
    title = [line for line in lines if "@10k," in line or line.startswith("  300 m @mile,")]
    assert title == ["1600 m @10k, 1200 m @5k, 800 m @3k, 400 m @mile,", "  300 m @mile, 200 m @mile"]
