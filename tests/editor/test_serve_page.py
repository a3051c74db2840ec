"""`strides serve`'s page as a runner uses it: on a phone (390 px wide) the text and the preview stack and
nothing is wider than the screen, a long line wraps; the preview follows the workout under the cursor; the
profile panel shows the settings in force and which line `--set` overrides; the whole file's FIT files come
as one zip. In Debian's Chromium with Playwright, and over HTTP."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from garmin_fit_sdk import Decoder, Stream
from test_serve import WAIT, WEEK, Served, open_editor, section, start, stop, type_at_end


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    path = tmp_path / "week.strides"
    shutil.copy(WEEK, path)
    running = start(str(path), "--set", "5k=19:30", "--set", "lthr=170")
    yield running
    stop(running)


def wide(tab: Any) -> int:
    """How far the page reaches sideways, in CSS pixels."""
    return int(tab.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"))


def test_on_a_phone_the_panes_stack_nothing_scrolls_sideways_and_long_lines_wrap(browser: Any,
                                                                                 served: Served) -> None:
    tab, problems = open_editor(browser, served)
    tab.set_viewport_size({"width": 390, "height": 844})
    caught_up_after(tab, lambda: type_at_end(tab, "\nSat long: " + "; ".join(["20min easy"] * 12)
                                             + ' "a very long note that no phone shows on one line"'))
    assert wide(tab) <= 390
    editor, side = tab.locator("#editor").bounding_box(), tab.locator("#side").bounding_box()
    assert side["y"] >= editor["y"] + editor["height"] - 1 and side["width"] <= 390  # one above the other
    for box in tab.locator("section.workout, #paces, #profile, header").all():
        found = box.bounding_box()
        assert found is None or found["x"] + found["width"] <= 390
    assert tab.evaluate("(() => { const t = document.querySelector('#text'); "
                        "return t.scrollWidth <= t.clientWidth; })()")
    # the long line is several rows high, and its number stands as high, so the next number stays level with it
    last = tab.evaluate("document.querySelector('#text').value.split('\\n').length")
    caught_up_after(tab, lambda: tab.keyboard.type("\nSun: 30min easy"))
    rows = tab.locator("#backdrop div")
    numbers = tab.locator("#gutter div")
    assert rows.nth(last - 1).bounding_box()["height"] > 2 * rows.nth(2).bounding_box()["height"]  # `maxhr = 190`
    for line in (last - 1, last):
        assert abs(rows.nth(line).bounding_box()["y"] - numbers.nth(line).bounding_box()["y"]) < 1
    assert problems == []
    tab.close()


def caught_up_after(tab: Any, action: Any) -> None:
    tab.wait_for_function("() => document.body.dataset.checked !== undefined", timeout=WAIT)
    before = tab.evaluate("document.body.dataset.checked")
    action()
    tab.wait_for_function(f"() => document.body.dataset.checked !== '{before}'", timeout=WAIT)


def test_the_preview_follows_the_workout_under_the_cursor(browser: Any, served: Served) -> None:
    tab, problems = open_editor(browser, served)
    lines = tab.input_value("#text").split("\n")
    for name in ("Sun long", "Tue 12 x 400"):
        number = next(n for n, line in enumerate(lines) if line.startswith(name))
        tab.locator("#gutter div").nth(number + 1).scroll_into_view_if_needed()
        box = tab.locator("#backdrop div").nth(number + 1).bounding_box()
        tab.mouse.click(box["x"] + 30, box["y"] + box["height"] / 2)  # on the workout's first step
        tab.wait_for_selector(f'section.workout.current[data-name="{name}"]', timeout=WAIT)
        assert tab.locator("section.current").count() == 1
        shown, side = section(tab, name).bounding_box(), tab.locator("#side").bounding_box()
        assert side["y"] <= shown["y"] < side["y"] + side["height"]  # in view in the preview
    assert problems == []
    tab.close()


def test_the_profile_panel_says_which_line_set_overrides(browser: Any, served: Served) -> None:
    tab, problems = open_editor(browser, served)
    shown = tab.locator("#profile li").all_inner_texts()
    assert shown == ["maxhr = 190 line 3", "tolerance = 2% line 4", "5k = 19:30 --set, over line 2 (5k = 20:00)",
                     "lthr = 170 --set"]
    assert "VDOT 51.3" in tab.inner_text("#paces")  # the paces are those of 19:30
    assert problems == []
    tab.close()


def test_the_whole_file_comes_as_a_zip_of_one_fit_file_for_each_workout(served: Served) -> None:
    text = WEEK.read_text(encoding="utf-8")
    status, data, headers = served.request("/api/download", {"text": text, "format": "fit"})
    assert status == 200 and headers["Content-Type"] == "application/zip"
    assert headers["Content-Disposition"] == 'attachment; filename="week.zip"'
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == ["mon-easy.fit", "tue-12-x-400.fit", "wed-recovery.fit", "thu-tempo.fit",
                         "fri-rest-day-strides.fit", "sat-fartlek.fit", "sun-long.fit"]
        for name in names:
            messages, errors = Decoder(Stream.from_byte_array(bytearray(archive.read(name)))).read()
            assert errors == [] and messages["workout_mesgs"][0]["wkt_name"]


def test_a_drawing_the_page_shows_already_is_not_sent_again(served: Served) -> None:
    text = WEEK.read_text(encoding="utf-8")
    status, body, _ = served.request("/api/check", {"text": text})
    first = json.loads(body)["workouts"]
    assert status == 200 and all(w["html"].startswith("<!DOCTYPE html>") and len(w["page"]) == 20 for w in first)
    shown = [first[0]["page"], first[2]["page"]]
    status, body, _ = served.request("/api/check", {"text": text, "shown": shown})
    again = json.loads(body)["workouts"]
    assert [w["html"] is None for w in again] == [True, False, True, False, False, False, False]
    assert [w["page"] for w in again] == [w["page"] for w in first]
    status, body, _ = served.request("/api/check", {"text": text, "shown": "all"})
    assert status == 400 and "`shown` must be a list" in json.loads(body)["error"]
