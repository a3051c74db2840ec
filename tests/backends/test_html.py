"""The HTML backend: one self-contained, well-formed page per file, its chart checked in a real browser."""

from __future__ import annotations

import io
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import UPDATE_GOLDENS, check_golden
from hypothesis import given, settings
from hypothesis import strategies as st
from seeds import S19, SEED_IDS, SEEDS

from strides.backends import BACKENDS, RenderOptions, get_backend
from strides.backends.page.chart import BAR_GAP, CHART_WIDTH, MIN_BAR_WIDTH, MIN_OPEN_WIDTH
from strides.backends.page.html import BACKEND, render
from strides.meaning.model import Distance, Effort, Node, Open, Pace, Profile, Repeat, Step, Time, Workout
from strides.meaning.units import format_pace
from strides.pipeline import compile_text

ROOT = Path(__file__).parents[2]
GOLDEN = Path(__file__).parent / "golden" / "html"
TRACK = "wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"
# A week of named workouts in one file: the page gets a table of contents. Also the picture in the docs.
WEEK = """\
5k = 19:00
Tue track: wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min
Thu tempo: wu 2mi; 3x1mi @T r1min jog; 4x100 strides; cd 1mi
Sat hills: wu 15min; 6x1min hill hard jog back; cd 10min
Sun long: 12mi easy; last 3mi @hm
"""
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def page(text: str, settings: dict[str, str] | None = None, filename: str = "session.strides") -> str:
    return render(compile_text(text, settings, filename), RenderOptions())


def seed_workouts(seed_id: str) -> list[Workout]:
    _, text, settings = SEEDS[SEED_IDS.index(seed_id)]
    return compile_text(text, settings, f"{seed_id}.strides")


# --- reading the page back -------------------------------------------------------------------------------


class Elements(HTMLParser):
    """Every element with its attributes and its text, and whether the tags balance."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self.open: list[tuple[str, list[str]]] = []
        self.errors: list[str] = []
        self.feed(html)
        self.close()
        self.errors += [f"<{tag}> never closed" for tag, _ in self.open]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text: list[str] = []
        self.elements.append((tag, {name: value or "" for name, value in attrs}, text))
        if tag not in VOID:
            self.open.append((tag, text))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1][0] != tag:
            expected = self.open[-1][0] if self.open else "nothing"
            self.errors.append(f"</{tag}> closes <{expected}> (line {self.getpos()[0]})")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for _, text in self.open:  # an element's text includes its children's
            text.append(data)

    def all(self, tag: str, cls: str | None = None) -> list[tuple[dict[str, str], str]]:
        return [(attrs, "".join(text)) for name, attrs, text in self.elements
                if name == tag and (cls is None or cls in attrs.get("class", "").split())]


def bars(html: str) -> list[dict[str, str]]:
    return [attrs for attrs, _ in Elements(html).all("rect", "bar")]


def cells(html: str, cls: str) -> list[str]:
    """The text of the table cells of one column, in page order."""
    return [text.strip() for tag, attrs, text in ((t, a, "".join(x)) for t, a, x in Elements(html).elements)
            if tag in ("td", "th") and cls in attrs.get("class", "").split()]


# --- goldens ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_page_matches_its_golden(seed_id: str) -> None:
    html = render(seed_workouts(seed_id), RenderOptions())
    check_golden(GOLDEN / f"{seed_id}.html", html)


def test_the_backend_makes_one_page_for_the_whole_file() -> None:
    assert (BACKEND.name, BACKEND.suffix) == ("html", ".html")
    assert not BACKEND.binary and not BACKEND.per_workout


def test_the_backend_is_found_by_name() -> None:
    if "html" not in BACKENDS:
        pytest.skip("the html backend is not listed in strides.backends.BACKENDS yet")
    assert get_backend("html") is BACKEND


# --- a well-formed, self-contained, stable page ----------------------------------------------------------


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_every_seed_page_is_well_formed(seed_id: str) -> None:
    html = render(seed_workouts(seed_id), RenderOptions())
    parsed = Elements(html)
    assert parsed.errors == []
    assert html.startswith("<!DOCTYPE html>")
    assert len(parsed.all("svg")) == 1
    assert len(bars(html)) == len(seed_workouts(seed_id)[0].timeline)


def test_a_file_of_several_workouts_is_well_formed_with_unique_ids() -> None:
    parsed = Elements(page(WEEK))
    assert parsed.errors == []
    ids = [attrs["id"] for _, attrs, _ in parsed.elements if "id" in attrs]
    assert len(ids) == len(set(ids))


def test_the_checker_catches_unbalanced_tags() -> None:
    assert Elements("<div><span></div>").errors
    assert Elements("<table><tr><td>x</td></tr>").errors
    assert not Elements("<p>a<br>b</p><svg><line/></svg>").errors


def test_the_page_needs_no_network() -> None:
    html = page(WEEK)
    addresses = re.findall(r"https?://[^\"'\s)]+", html)
    assert addresses == ["http://www.w3.org/2000/svg"] * 4  # the SVG namespace, one per chart
    for needle in ("<link", "<script", "<img", "<iframe", " src=", "@import", "url(", "@font-face"):
        assert needle not in html


def test_the_page_is_the_same_every_time() -> None:
    assert page(WEEK) == page(WEEK)
    assert page(TRACK, S19) == page(TRACK, S19)


# --- the user's text is text -----------------------------------------------------------------------------


NASTY = '<script>alert("x")</script> & \'quotes\''


def nasty(workout: Workout) -> Workout:
    """The workout renamed, and a note on every step, with markup and quotes in both."""
    return attrs.evolve(workout, name=NASTY, items=tuple(_noted(node) for node in workout.items))


def _noted(node: Node) -> Node:
    if isinstance(node, Step):
        return attrs.evolve(node, note=NASTY, text=NASTY)
    return attrs.evolve(node, work=tuple(_noted(item) for item in node.work),
                        between=node.between and _noted(node.between),
                        changes=tuple((number, _noted(step)) for number, step in node.changes), text=NASTY)


def test_names_and_notes_are_shown_as_text_never_run() -> None:
    html = render([nasty(compile_text(TRACK, S19)[0])], RenderOptions())
    assert "<script" not in html.lower()
    parsed = Elements(html)
    assert parsed.errors == []
    assert [text for _, text in parsed.all("h1")] == [NASTY]
    assert parsed.all("title")[0][1] == NASTY
    assert {text for _, text in parsed.all("td", "note")} == {NASTY}
    assert {attrs["title"] for attrs, _ in parsed.all("tbody")} == {NASTY}
    assert all(NASTY in text for _, text in parsed.all("title")[2:])
    assert all("script" not in tag for tag, _, _ in parsed.elements)


def test_quotes_in_a_name_stay_inside_their_attribute() -> None:
    workouts = compile_text(WEEK)
    html = render([nasty(workouts[0]), attrs.evolve(workouts[1], name='Say "hi" <b>')], RenderOptions())
    parsed = Elements(html)
    assert parsed.errors == []
    links = [text for _, text in parsed.all("a")]
    assert links == [NASTY, 'Say "hi" <b>']
    anchors = [attrs["href"] for attrs, _ in parsed.all("a")]
    assert all(re.fullmatch(r"#w\d+-[a-z0-9-]+", anchor) for anchor in anchors)


# --- the page's content ----------------------------------------------------------------------------------


def test_header_shows_name_totals_time_per_intensity_and_profile() -> None:
    html = page(TRACK, S19, "tue.strides")
    parsed = Elements(html)
    assert [text for _, text in parsed.all("h1")] == ["tue"]
    assert [text for _, text in parsed.all("p", "profile")] == ["5 km 19:00 · VDOT 52.9"]
    totals = dict(zip([t for _, t in parsed.all("dt")], [t for _, t in parsed.all("dd")], strict=True))
    workout = compile_text(TRACK, S19)[0]
    assert _clock(workout.total_seconds) == "48:59" and totals["Time"] == "about 49 min"  # as every output rounds
    assert totals["Distance"] == f"{workout.total_meters / 1000:.1f} km"
    assert (totals["warm-up"], totals["rest"], totals["cool-down"]) == ("15:00", "6:25", "10:00")


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    return f"{minutes}:{secs:02d}"


def test_table_shows_the_reps_their_pace_split_and_the_changed_last_rep() -> None:
    html = page(TRACK, S19)
    assert cells(html, "count") == ["Block", "", "12 ×", ""]  # the heading is for screen readers
    # the structure as written: the usual rep, the changed one, the recovery between them (not a count)
    assert cells(html, "which") == ["", "reps 1–11", "rep 12", "between reps", ""]
    # amounts never break inside: "400 m" is held together
    what = [text.replace("\u00a0", " ") for text in cells(html, "what")]
    assert what == ["15 min warm-up", "400 m", "400 m", "rest 35 s", "10 min cool-down"]
    assert all(" m" not in text and " min" not in text for text in cells(html, "what"))
    targets = cells(html, "target")
    assert targets[1].startswith(f"5k pace −3 s/lap · {format_pace(220.5)}") and targets[2] == "all-out"
    assert cells(html, "split") == ["", "1:28", "", "", ""]


def test_ranges_are_shown_as_written() -> None:
    html = page("wu 15-20min; 4-6x400 @5k r200 jog; cd 10-15min", S19)
    assert "4–6 ×" in cells(html, "count")
    assert cells(html, "what")[0] == "15–20\u00a0min warm-up"
    assert cells(html, "note") == []  # the range is not repeated as a note: no note column at all


def test_paces_are_per_mile_when_the_profile_says_so() -> None:
    html = page("3x1mi @T r1min jog", {**S19, "units": "mi"})
    target = cells(html, "target")[0]
    assert re.fullmatch(r"threshold pace · 6:\d\d/mi watch 6:\d\d–6:\d\d/mi", target)
    assert cells(html, "split")[0].endswith("/lap")


def test_several_workouts_get_a_table_of_contents_pointing_at_each() -> None:
    parsed = Elements(page(WEEK))
    links = parsed.all("a")
    assert [text for _, text in links] == ["Tue track", "Thu tempo", "Sat hills", "Sun long"]
    sections = [attrs["id"] for attrs, _ in parsed.all("section")]
    assert [attrs["href"] for attrs, _ in links] == [f"#{anchor}" for anchor in sections]
    assert [text for _, text in parsed.all("h2")] == ["Tue track", "Thu tempo", "Sat hills", "Sun long"]


def test_one_workout_gets_no_table_of_contents() -> None:
    parsed = Elements(page(TRACK, S19))
    assert parsed.all("nav") == [] and len(parsed.all("h1")) == 1


def test_the_print_stylesheet_keeps_each_workout_on_one_a4_page() -> None:
    html = page(WEEK)
    assert "@page { size: A4" in html
    assert re.search(r"@media print \{.*\.workout \{[^}]*break-inside: avoid", html, re.S)


def test_the_note_column_is_there_only_when_a_step_has_a_note() -> None:
    assert cells(page(TRACK, S19), "note") == []
    assert cells(page('8x20s strides r1min walk "on grass"', S19), "note")[0] == "on grass"


def test_the_printed_page_has_the_cards_boxes_numbered_as_on_the_card() -> None:
    html = page("2x(4x400 @5k r200 jog) r5min", S19)
    cells = [text for _, text in Elements(html).all("span", "tick")]  # a grid: a cell per set label and box
    assert cells == ["set 1:", *(f"☐\u00a0{k}" for k in range(1, 5)), "set 2:", *(f"☐\u00a0{k}" for k in range(5, 9))]


def test_nested_repeats_and_ladders_read_as_written_on_the_page() -> None:
    html = page("2x(4x400 @mile r200 jog) r5min", S19)
    assert cells(html, "count")[1:] == ["2 ×"] and cells(html, "which") == ["4 ×", "between 400s", "between sets"]
    assert "8 ×" not in html and "16" not in "".join(cells(html, "which"))
    ladder = page("200/400/600/800/600/400/200 @5k r200 jog", S19)
    reps = [what.replace("\u00a0", " ") for which, what in zip(cells(ladder, "which"), cells(ladder, "what"),
                                                               strict=True) if which.startswith("rep")]
    assert reps == ["200 m", "400 m", "600 m", "800 m", "600 m", "400 m", "200 m"]  # in the order run
    assert cells(ladder, "what").count("jog 200\u00a0m") == 6  # a recovery between each two


# --- the chart -------------------------------------------------------------------------------------------


def test_every_step_is_one_bar_in_timeline_order() -> None:
    workout = compile_text(TRACK, S19)[0]
    found = bars(page(TRACK, S19))
    assert [(bar["data-kind"], bar["data-intensity"]) for bar in found] == [
        (step.kind, step.intensity) for step in workout.timeline
    ]
    reps = [bar.get("data-rep") for bar in found if bar["data-kind"] == "run"]
    assert reps == [f"{k}/12" for k in range(1, 13)]


def test_hover_titles_name_the_rep_and_its_target() -> None:
    titles = [text for _, text in Elements(page(TRACK, S19)).all("title")]
    assert titles[1].startswith("Chart of session: ")  # after the page's title, the chart's, then one per bar
    titles = titles[2:]
    assert titles[1].startswith("rep 1 of 12: ") and format_pace(220.5) in titles[1]
    assert titles[-2].startswith("rep 12 of 12: ") and "all-out" in titles[-2]


def test_bars_fill_the_chart_width_in_time_order() -> None:
    for seed_id in SEED_IDS:
        found = bars(render(seed_workouts(seed_id), RenderOptions()))
        xs = [float(bar["x"]) for bar in found]
        assert xs == sorted(xs), seed_id
        right = float(found[-1]["x"]) + float(found[-1]["width"]) + BAR_GAP / 2
        assert right == pytest.approx(CHART_WIDTH, abs=0.02), seed_id


def test_height_and_colour_follow_how_hard_the_step_is() -> None:
    html = page("wu 10min; 1k @E; 1k @M; 1k @T; 1k @5k; 1k @mile; 400 all-out; 2min rest; cd 10min", S19)
    found = bars(html)
    zones = [bar["class"].split()[1] for bar in found]
    assert zones == ["zone-easy", "zone-easy", "zone-steady", "zone-threshold", "zone-interval", "zone-max",
                     "zone-max", "zone-recovery", "zone-easy"]
    heights = [float(bar["height"]) for bar in found]
    assert heights[1] < heights[2] < heights[3] < heights[4] < heights[5] <= heights[6]
    assert heights[7] < heights[0]


def test_a_long_session_still_shows_its_short_steps() -> None:
    html = page("wu 2mi; 6x(15s strides, 45s jog); 12mi easy; last 3mi @hm", S19)
    widths = [float(bar["width"]) for bar in bars(html)]
    assert min(widths) >= MIN_BAR_WIDTH - BAR_GAP - 0.01
    assert sum(widths) <= CHART_WIDTH


def test_a_long_run_splits_its_bars_in_proportion() -> None:
    found = bars(render(seed_workouts("fast-finish"), RenderOptions()))
    easy, fast = (float(bar["width"]) + BAR_GAP for bar in found)
    workout = seed_workouts("fast-finish")[0]
    first, last = (step.estimated_seconds or 0.0 for step in workout.timeline)
    assert easy / fast == pytest.approx(first / last, rel=1e-3)
    assert found[1]["class"].split()[1] in ("zone-threshold", "zone-interval")


def test_open_steps_are_marked_and_drawn_at_a_nominal_width() -> None:
    html = render(seed_workouts("hills-jog-back"), RenderOptions())
    found = bars(html)
    opened = [bar for bar in found if "open" in bar["class"].split()]
    assert len(opened) == 5
    assert all(float(bar["width"]) >= MIN_OPEN_WIDTH - BAR_GAP for bar in opened)
    parsed = Elements(html)
    assert [text for _, text in parsed.all("text", "open-label")] == ["open"] * 5
    assert [text for _, text in parsed.all("span", "open-tag")] == ["open"]
    assert "about 6 min plus 5 open steps (lap button)" in html


def test_repeats_are_bracketed_with_their_count() -> None:
    html = page("wu 2mi; 3x1mi @T r1min jog; 4x100 strides; cd 1mi", S19)
    labels = [text for _, text in Elements(html).all("text") if text.endswith("×")]
    assert labels == ["3 ×", "4 ×"]


def test_empty_files_and_steps_without_time_still_make_a_page() -> None:
    blank = Profile(summary="")
    lap_button = Step(kind="run", intensity="active", duration=Open())
    no_time = Step(kind="run", intensity="active", duration=Time(0), estimated_seconds=0)
    odd = [
        Workout(name="nothing", items=(), profile=blank),
        Workout(name="lap button", items=(lap_button,), profile=blank),
        Workout(name="zero", items=(no_time,), profile=blank),
    ]
    for workouts in ([], odd[:1], odd[1:2], odd[2:], odd):
        html = render(workouts, RenderOptions())
        assert Elements(html).errors == []
        assert len(bars(html)) == sum(len(workout.timeline) for workout in workouts)
    assert "No workouts." in render([], RenderOptions())


KINDS = st.sampled_from([("run", "active"), ("jog", "recovery"), ("rest", "rest"), ("warmup", "warmup"),
                         ("strides", "active"), ("walk", "recovery"), ("cooldown", "cooldown")])
TARGETS = st.one_of(
    st.none(),
    st.builds(lambda pace: Pace(fast=pace * 0.98, slow=pace * 1.02, exact=pace, label="5k"),
              st.floats(min_value=150, max_value=600)),
    st.sampled_from([Effort("all-out"), Effort("hard"), Effort("rpe 7")]),
)


@st.composite
def steps(draw: st.DrawFn) -> Step:
    kind, intensity = draw(KINDS)
    target = draw(TARGETS)
    length = draw(st.sampled_from(["time", "distance", "open"]))
    if length == "open":
        return Step(kind=kind, intensity=intensity, duration=Open(), target=target)
    amount = draw(st.floats(min_value=1, max_value=20_000))
    if length == "time":
        return Step(kind=kind, intensity=intensity, duration=Time(amount), target=target,
                    estimated_seconds=amount)
    seconds = amount * (target.exact if isinstance(target, Pace) else 330.0) / 1000.0
    return Step(kind=kind, intensity=intensity, duration=Distance(amount), target=target,
                estimated_seconds=seconds, estimated_meters=amount)


NODES = st.one_of(steps(), st.builds(lambda work, count: Repeat(work=tuple(work), count=count),
                                     st.lists(steps(), min_size=1, max_size=4), st.integers(1, 4)))


@settings(max_examples=60, deadline=None)
@given(st.lists(NODES, min_size=1, max_size=8), st.sampled_from(["km", "mi"]), st.sampled_from([None, 45.0]))
def test_any_workout_makes_a_well_formed_page_whose_bars_fill_the_chart(
    items: list[Node], units: str, vdot: float | None
) -> None:
    workout = Workout(name="any", items=tuple(items), profile=Profile(summary="", units=units, vdot=vdot))
    html = render([workout], RenderOptions())
    assert Elements(html).errors == []
    found = bars(html)
    assert len(found) == len(workout.timeline)
    right = float(found[-1]["x"]) + float(found[-1]["width"]) + BAR_GAP / 2
    assert right == pytest.approx(CHART_WIDTH, abs=0.05)
    if len(found) * MIN_OPEN_WIDTH < CHART_WIDTH * 0.9:  # room for every minimum
        assert min(float(bar["width"]) for bar in found) >= MIN_BAR_WIDTH - BAR_GAP - 0.01


# --- in a real browser -----------------------------------------------------------------------------------




def open_page(browser: Any, html: str, path: Path, height: int = 900) -> tuple[Any, list[str]]:
    path.write_text(html, encoding="utf-8")
    tab = browser.new_page(viewport={"width": 1100, "height": height})
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    # Anything fetched but the page itself is a network request the page should not make.
    tab.on("request", lambda request: problems.append(request.url) if request.url[:5] != "file:" else None)
    tab.goto(path.as_uri())
    return tab, problems


def assert_not_blank(png: bytes) -> None:
    image = pytest.importorskip("PIL.Image").open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 24) or []
    assert len(colours) > 20, "the screenshot is (nearly) blank"
    white = max(count for count, colour in colours if colour == (255, 255, 255))
    assert white < 0.97 * image.width * image.height


BAR_SCRIPT = """els => els.map(e => {
  const box = e.getBoundingClientRect();
  return {kind: e.dataset.kind, intensity: e.dataset.intensity, rep: e.dataset.rep || null,
          cls: e.getAttribute('class'), x: box.x, width: box.width, fill: getComputedStyle(e).fill};
})"""


def test_the_12x400_chart_in_chromium(browser: Any, tmp_path: Path) -> None:
    tab, problems = open_page(browser, page(TRACK, S19), tmp_path / "track.html")
    assert tab.evaluate("document.querySelectorAll('svg rect').length") == 25
    found = tab.eval_on_selector_all("svg rect", BAR_SCRIPT)
    assert_not_blank(tab.screenshot(full_page=True))
    assert problems == []

    gap = found[1]["x"] - found[0]["x"] - found[0]["width"]  # the same white gap follows every bar
    slot = [bar["width"] + gap for bar in found]  # the bar's share of the time axis
    reps = [i for i, bar in enumerate(found) if bar["rep"]]
    rests = [i for i, bar in enumerate(found) if bar["intensity"] == "rest"]
    assert len(reps) == 12 and len(rests) == 11
    assert max(found[i]["width"] for i in reps) - min(found[i]["width"] for i in reps) < 0.01
    assert max(found[i]["width"] for i in rests) - min(found[i]["width"] for i in rests) < 0.01
    assert all(reps[k] < rests[k] < reps[k + 1] for k in range(11))  # a rest between every two reps
    assert all("zone-interval" in found[i]["cls"] for i in reps[:-1])
    assert "zone-max" in found[reps[-1]]["cls"]
    assert found[reps[-1]]["fill"] != found[reps[0]]["fill"]

    warmup, cooldown = found[0], found[-1]
    assert (warmup["kind"], cooldown["kind"]) == ("warmup", "cooldown")
    assert slot[0] / slot[-1] == pytest.approx(15 / 10, rel=1e-3)
    assert slot[0] / slot[reps[0]] == pytest.approx(900 / 88.2, rel=1e-3)
    assert slot[0] / slot[rests[0]] == pytest.approx(900 / 35, rel=1e-3)
    tab.close()


def test_a_week_of_workouts_in_chromium(browser: Any, tmp_path: Path) -> None:
    html = page(WEEK)
    tab, problems = open_page(browser, html, tmp_path / "week.html", height=1500)
    expected = sum(len(workout.timeline) for workout in compile_text(WEEK))
    assert tab.evaluate("document.querySelectorAll('svg rect').length") == expected
    targets = tab.eval_on_selector_all("nav a", "links => links.map(a => !!document.querySelector(a.hash))")
    assert targets == [True] * 4
    png = tab.screenshot()
    assert_not_blank(png)
    assert problems == []
    if UPDATE_GOLDENS:  # the picture in the docs is refreshed with the goldens
        (ROOT / "docs" / "html.png").write_bytes(png)
    tab.close()


def test_printing_keeps_each_workout_on_one_a4_page_and_short_ones_share(browser: Any, tmp_path: Path) -> None:
    workouts = [workout for seed_id in SEED_IDS for workout in seed_workouts(seed_id)]
    tab, problems = open_page(browser, render(workouts, RenderOptions()), tmp_path / "all.html")
    tab.set_viewport_size({"width": 703, "height": 1031})  # A4 less its margins, in CSS pixels
    tab.emulate_media(media="print")
    assert tab.evaluate("getComputedStyle(document.querySelector('.page-head')).display") == "none"
    heights = tab.eval_on_selector_all("section.workout", "els => els.map(e => e.getBoundingClientRect().height)")
    assert max(heights) < 1031  # each fits a page, so `break-inside: avoid` keeps it whole
    smallest = tab.evaluate(CHART_TEXT_SCRIPT)
    assert smallest * 0.75 >= 7.0  # CSS px to points: chart text 7 pt or more on paper
    pdf = tab.pdf(format="A4", prefer_css_page_size=True)
    pages = pytest.importorskip("pypdf").PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) < len(workouts)  # short sessions share a page
    texts = [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in pages]  # ﬂ: fl
    for workout in workouts:  # every workout's name on one page only: none is split over two
        assert sum(workout.name in text for text in texts) == 1, workout.name
    assert problems == []
    tab.close()


# The smallest chart text as drawn, in CSS pixels: its font size scaled as the chart is.
CHART_TEXT_SCRIPT = """() => {
  let smallest = Infinity;
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      if (getComputedStyle(text).display === 'none' || !text.textContent.trim()) continue;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
    }
  }
  return smallest;
}"""

WIDEST_SCRIPT = """() => {
  let widest = {width: 0, what: ''};
  for (const e of document.querySelectorAll('body *')) {
    const box = e.getBoundingClientRect();
    if (box.right > widest.width) widest = {width: box.right, what: e.tagName + '.' + e.className};
  }
  return widest;
}"""


def contrast(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    def luminance(colour: tuple[int, ...]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in colour]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(css: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", css)[:3])


PHONE_WEEK = WEEK + """\
Mon sets: 3x(6x400 @5k r60s, 1mi @T) r3min
Wed ladder: 200/400/600/800/600/400/200 @5k r200 jog "relaxed on the bends"
Fri long: 3mi easy; 6mi @mp; 3mi easy
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_scrolls_sideways_and_chart_text_stays_readable(browser: Any, tmp_path: Path, width: int) -> None:
    tab, problems = open_page(browser, page(PHONE_WEEK), tmp_path / "phone.html")
    tab.set_viewport_size({"width": width, "height": 844})
    assert tab.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"), tab.evaluate(WIDEST_SCRIPT)
    assert tab.evaluate(CHART_TEXT_SCRIPT) >= 10.0
    if width < 600:  # stacked rows: each cell under the other, none beside the table's edge
        assert tab.evaluate("getComputedStyle(document.querySelector('table.steps td.what')).display") == "block"
    assert problems == []
    tab.close()


def test_bars_have_contrast_names_and_point_at_the_table(browser: Any, tmp_path: Path) -> None:
    tab, problems = open_page(browser, page(PHONE_WEEK), tmp_path / "bars.html")
    fills = set(tab.eval_on_selector_all("rect.bar", "els => els.map(e => getComputedStyle(e).fill)"))
    assert len(fills) >= 5
    assert all(contrast(rgb(fill), (255, 255, 255)) >= 3.0 for fill in fills)  # against the page
    label = tab.evaluate("getComputedStyle(document.querySelector('.bar-label')).fill")
    assert all(contrast(rgb(fill), rgb(label)) >= 4.5 for fill in fills)  # text on a bar
    bars = tab.locator("rect.bar")
    named = tab.get_by_role("img", name=re.compile(r"^rep 1 of 12: 400"))
    assert named.count() == 1 and bars.count() == tab.evaluate("document.querySelectorAll('svg rect').length")
    titled = tab.eval_on_selector_all("rect.bar", "els => els.every(e => e.querySelector('title').textContent)")
    assert titled
    linked = tab.eval_on_selector_all(
        "figure.chart svg", "els => els.every(e => document.getElementById(e.getAttribute('aria-describedby')))")
    assert linked
    assert problems == []
    tab.close()


def test_each_bar_keeps_the_words_of_its_own_rep_when_reps_run_alike() -> None:
    # 1000 and 1km run alike, as do @5k and the clock pace it resolves to; each bar says what was written
    text = "2x1000 @5k r1min; 2x1km @5k r1min; 2x(400 @3:48/km, 400 @5k)"
    html = render(compile_text(text, {"5k": "19:00"}), RenderOptions())
    titles = re.findall(r"<title>(rep [^<]*)</title>", html)
    assert [title.replace("\xa0", " ").split(": ", 1)[1].split(" · ")[:2] for title in titles] == [
        ["1000 m", "5k pace"], ["1000 m", "5k pace"], ["1 km", "5k pace"], ["1 km", "5k pace"],
        ["400 m", "3:48/km"], ["400 m", "5k pace"], ["400 m", "3:48/km"], ["400 m", "5k pace"]]
