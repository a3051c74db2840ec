"""The phrasebook: one set of words for every output, distances in the runner's units, one rule for totals."""

from __future__ import annotations

import io
import re

import attrs
import pytest
from pypdf import PdfReader
from seeds import S19, SEED_IDS, SEEDS

from strides.backends import RenderOptions, get_backend
from strides.backends.fit import SHORT_NAME_BYTES, step_words
from strides.meaning.model import Distance, HeartRate, Pace, Workout
from strides.pipeline import compile_text
from strides.words.phrasebook import Phrasebook, distance, totals


def rendered(workouts: list[Workout], name: str, **options: str) -> str:
    output = get_backend(name).render(workouts, RenderOptions(**options))
    if isinstance(output, bytes):
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(output)).pages)
    return output


@pytest.mark.parametrize(("seed_id", "text", "settings"), SEEDS, ids=SEED_IDS)
def test_every_output_shows_the_same_totals(seed_id: str, text: str, settings: dict[str, str]) -> None:
    workouts = compile_text(text, settings, f"{seed_id}.strides")
    sums = totals(workouts[0])
    assert f"In all {sums.time} and {sums.distance}" in rendered(workouts, "explain")
    assert f"Total {sums.line}" in rendered(workouts, "card")
    assert f"<dd>{sums.time}" in rendered(workouts, "html")
    assert f"<dd>{sums.distance}</dd>" in rendered(workouts, "html")
    pdf = " ".join(rendered(workouts, "pdf").split())  # lines broken to fit are joined again
    assert f"Total {sums.line}".replace("\u00a0", " ") in pdf.replace("\u00a0", " ")


def test_a_total_is_rounded_to_the_minute_everywhere() -> None:
    workout = compile_text("wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min", S19)[0]
    assert workout.total_seconds == pytest.approx(48 * 60 + 59, abs=1)
    assert totals(workout).time == "about 49 min"


@pytest.mark.parametrize("name", ["explain", "card", "html"])
def test_a_distance_reads_in_the_unit_it_was_written_in(name: str) -> None:
    text = rendered(compile_text("4x400 @5k r0.5mi jog; 5k @mp; 1600 @T", S19), name)
    assert "0.5 mi" in text and "804.67" not in text
    assert "5 km" in text and "1600 m" in text


def test_the_model_keeps_the_written_unit_of_a_distance() -> None:
    steps = compile_text("wu 1mi; 800 @5k r0.5mi; 3k @T; 2 laps @mile", S19)[0].timeline
    assert [s.duration.written_in for s in steps if isinstance(s.duration, Distance)] == ["mi", "m", "mi", "km", None]


@pytest.mark.parametrize(("meters", "unit", "words"), [
    (804.672, "mi", "0.5 mi"), (1609.344, None, "1 mi"), (1600.0, "m", "1600 m"), (5000.0, "km", "5 km"),
    (5000.0, "m", "5 km"), (400.0, None, "400 m"),
])
def test_distance_words(meters: float, unit: str | None, words: str) -> None:
    assert distance(meters, unit) == words


def book_target(text: str) -> str:
    step = compile_text(text, {**S19, "maxhr": "190"})[0].timeline[0]
    return Phrasebook().step_target(step)


@pytest.mark.parametrize(("text", "words"), [
    ("30min @mp", "at marathon pace (4:19/km)"),
    ("30min @T", "at threshold pace (4:04/km)"),
    ("400 @5k-3s", "in 1:28 (5k pace −3 s/lap, 3:40/km)"),
    ("30min @10k..5k", "at 10k–5k pace (3:48–3:56/km)"),
    ("800 @3:40-3:45/km", "in 2:56–3:00 (3:40–3:45/km)"),
    ("30min @z2", "in zone 2 (114–133 bpm)"),
    ("30min @140-150bpm", "at 140–150 bpm"),
    ("1min hard", "hard"),
])
def test_a_target_names_its_pace(text: str, words: str) -> None:
    assert book_target(text) == words


@attrs.frozen
class Watts:
    """A kind of target the phrasebook has no words for yet."""

    low: float
    high: float
    label: str


def test_a_target_of_an_unknown_kind_reads_as_its_label() -> None:
    book = Phrasebook()
    assert book.target(Watts(230, 250, "240W")) == "at 240W"  # type: ignore[arg-type]
    assert book.label(Watts(230, 250, "240W")) == "@240W"  # type: ignore[arg-type]
    assert book.target_value(Watts(230, 250, "240W")) == "240W"  # type: ignore[arg-type]


def test_a_heart_rate_of_an_unknown_basis_shows_its_label_and_beats() -> None:
    target = HeartRate(133, 152, "70-80%max", basis=None)
    assert Phrasebook().target(target) == "at 133–152 bpm"
    shared = attrs.evolve(target, basis=Watts(0.7, 0.8, "share"))  # type: ignore[arg-type]
    assert Phrasebook().target(shared) == "at 70-80%max (133–152 bpm)"


@pytest.mark.parametrize(("seed_id", "text", "settings"), SEEDS, ids=SEED_IDS)
def test_every_seed_step_gets_a_watch_name_and_its_full_wording(seed_id: str, text: str,
                                                                 settings: dict[str, str]) -> None:
    for step in compile_text(text, settings)[0].timeline:
        words = step_words(step)
        assert 0 < len(words.name.encode()) <= SHORT_NAME_BYTES
        assert words.full
        assert not re.search(r"\d\.\d{2,} m\b", words.full)  # a distance in the unit it was written in


def test_the_watch_reads_a_distance_in_the_unit_it_was_written_in() -> None:
    [jog] = [s for s in compile_text("2x400 @5k r0.5mi", S19)[0].timeline if s.is_recovery]
    assert step_words(jog).full == "Jog 0.5 mi"


def test_a_pace_range_reads_with_both_ends() -> None:
    target = Pace(220.0, 225.0, 222.5, "3:40-3:45/km", is_range=True)
    assert Phrasebook().pace(target) == "3:40–3:45/km"


def test_a_distance_strides_worked_out_reads_in_the_unit_of_the_run() -> None:
    easy, _ = compile_text("16mi easy; last 25min @mp", S19)[0].timeline
    assert Phrasebook().amount(easy.duration) == "12.4 mi"
    easy, _ = compile_text("20mi easy; last 5mi @M", S19)[0].timeline
    assert Phrasebook().amount(easy.duration) == "15 mi"
    assert easy.text == "15 mi easy"


def test_daniels_bare_numbers_read_in_the_profiles_units() -> None:
    first = compile_text("2 E + 6 x 1 k I w/ 3-min jg + 2 E", S19)[0].timeline[0]
    assert Phrasebook().amount(first.duration) == "2 km"
    workout = compile_text("2 E + 6 x 1 k I w/ 3-min jg + 2 E", {**S19, "units": "mi"})[0]
    assert Phrasebook("mi").amount(workout.timeline[0].duration) == "2 mi"
    assert len(workout.readings) == 1  # the same reading made twice is said once
