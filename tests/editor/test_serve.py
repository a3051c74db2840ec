"""`strides serve`: the live editor page, served by the real command in its own process. Its guards are checked
over plain HTTP (127.0.0.1 only, the Host header, the page's token), and the page itself in Debian's Chromium
with Playwright: type a workout and see it drawn and explained, make a mistake and see its line marked, mend
it, download a FIT file that decodes, save, and see the file on disk."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import UPDATE_GOLDENS
from garmin_fit_sdk import Decoder, Stream

from strides.editor.serve import make_server

ROOT = Path(__file__).parents[2]
WEEK = ROOT / "examples" / "week.strides"
WAIT = 15_000  # ms for the page to catch up with the typing (it checks 250 ms after the last key)


@attrs.frozen
class Served:
    url: str
    path: Path
    process: subprocess.Popen[str]

    def request(self, path: str, body: object = None, headers: dict[str, str] | None = None
                ) -> tuple[int, bytes, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url.rstrip("/") + path, data=data, headers=headers or {},
                                         method="POST" if data is not None else "GET")
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                return answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers

    def token(self) -> str:
        _, page, _ = self.request("/")
        found = re.search(rb'data-token="([^"]+)"', page)
        assert found is not None
        return found[1].decode()


def start(*args: str) -> Served:
    process = subprocess.Popen([sys.executable, "-m", "strides", "serve", *args, "--no-browser", "--port", "0"],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if found is None:
        process.kill()
        raise AssertionError(f"no address in {line!r}{process.stderr.read()}")
    path = Path(args[0]) if args and not args[0].startswith("-") else Path()
    return Served(found[0], path, process)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    path = tmp_path / "week.strides"
    shutil.copy(WEEK, path)
    running = start(str(path))
    yield running
    running.process.terminate()
    running.process.wait(10)


# ---- the guards ------------------------------------------------------------------------------------------------
def test_the_server_listens_on_127_0_0_1_only(tmp_path: Path) -> None:
    server = make_server(None, 0, {})
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_the_page_is_served_with_a_token_and_no_outside_sources(served: Served) -> None:
    status, page, headers = served.request("/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"12x400 @5k-3s r35s" in page  # the file's text is in the editor
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert not re.search(rb'(src|href)="(https?:)?//', page)  # nothing from elsewhere: it works offline


def test_a_request_under_another_host_name_is_refused(served: Served) -> None:
    """A page at attacker.example that points its name at 127.0.0.1 (DNS rebinding) still sends its own name."""
    port = served.url.split(":")[2].strip("/")
    status, body, _ = served.request("/", headers={"Host": f"attacker.example:{port}"})
    assert status == 421 and b"answers only at http://127.0.0.1:" in body
    assert served.request("/", headers={"Host": f"localhost:{port}"})[0] == 200


def test_every_request_that_reads_compiles_or_writes_needs_the_token(served: Served) -> None:
    before = served.path.read_bytes()
    for path, body in (("/api/save", {"text": "changed"}), ("/api/check", {"text": "wu 10min"}),
                       ("/api/download", {"text": "wu 10min", "format": "json"}), ("/api/file", None)):
        status, answer, _ = served.request(path, body, {"X-Strides-Token": "guessed"})
        assert (status, answer) == (403, b"this request needs the token of the page: reload the page\n"), path
    assert served.path.read_bytes() == before


def test_a_request_from_another_page_is_refused_even_with_the_token(served: Served) -> None:
    headers = {"X-Strides-Token": served.token(), "Origin": "http://attacker.example"}
    assert served.request("/api/save", {"text": "x"}, headers)[0] == 403


def test_the_check_answers_with_marks_workouts_and_paces(served: Served) -> None:
    headers = {"X-Strides-Token": served.token()}
    status, body, _ = served.request("/api/check", {"text": "5k = 19:00\nTue: 12x400 @5k r35\nWed: 5x1k @T"},
                                     headers)
    answer = json.loads(body)
    assert status == 200
    [mark] = answer["marks"]
    assert (mark["line"], mark["column"], mark["end_column"]) == (2, 17, 20)
    assert [w["name"] for w in answer["workouts"]] == ["Wed"] and answer["broken"] == [{"name": "Tue", "line": 2}]
    assert answer["paces"].startswith("VDOT 52.9")


def test_saving_refuses_to_overwrite_a_file_changed_on_disk(served: Served) -> None:
    headers = {"X-Strides-Token": served.token()}
    _, body, _ = served.request("/api/file", headers=headers)
    stamp = json.loads(body)["stamp"]
    served.path.write_text("Mon: 40min easy\n", encoding="utf-8")
    status, body, _ = served.request("/api/save", {"text": "Tue: 5x1k @T\n", "base": stamp}, headers)
    assert status == 409 and served.path.read_text(encoding="utf-8") == "Mon: 40min easy\n"
    status, _, _ = served.request("/api/save", {"text": "Tue: 5x1k @T\n", "base": None}, headers)
    assert status == 200 and served.path.read_text(encoding="utf-8") == "Tue: 5x1k @T\n"


def test_a_file_that_does_not_exist_yet_is_made_on_saving(tmp_path: Path) -> None:
    path = tmp_path / "new.strides"
    running = start(str(path))
    try:
        _, page, _ = running.request("/")
        assert b"</textarea>" in page and b"new.strides" in page
        headers = {"X-Strides-Token": running.token()}
        status, body, _ = running.request("/api/save", {"text": "Tue: 5x1k @T\n", "base": "missing"}, headers)
        assert status == 200 and path.read_text(encoding="utf-8") == "Tue: 5x1k @T\n"
        assert json.loads(body)["stamp"] != "missing"
    finally:
        running.process.terminate()
        running.process.wait(10)


def test_without_a_file_there_is_nothing_to_save_to(tmp_path: Path) -> None:
    running = start()
    try:
        headers = {"X-Strides-Token": running.token()}
        status, body, _ = running.request("/api/save", {"text": "Tue: 5x1k @T\n"}, headers)
        assert status == 422 and "strides serve FILE" in json.loads(body)["error"]
        status, body, _ = running.request("/api/download", {"text": "Tue: 5x1k hard\n", "format": "json"}, headers)
        assert status == 200 and json.loads(body)["workouts"][0]["name"] == "Tue"
    finally:
        running.process.terminate()
        running.process.wait(10)


def test_a_taken_port_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "strides", "serve", "--no-browser", "--port", str(port)],
                                capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 1
    assert result.stderr.startswith(f"strides: port {port} on 127.0.0.1 is taken")
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_text_is_said_before_serving(tmp_path: Path) -> None:
    path = tmp_path / "week.strides"
    path.write_bytes(b"wu 15min\xff\n")
    result = subprocess.run([sys.executable, "-m", "strides", "serve", str(path), "--no-browser", "--port", "0"],
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 1 and "not UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_a_port_outside_the_range_is_a_usage_mistake() -> None:
    result = subprocess.run([sys.executable, "-m", "strides", "serve", "--port", "70000"],
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2 and "--port takes a number from 0 to 65535" in result.stderr


# ---- in a real browser -----------------------------------------------------------------------------------------


def open_editor(browser: Any, served: Served) -> tuple[Any, list[str]]:
    tab = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("request", lambda request: problems.append(request.url)
           if not request.url.startswith((served.url, "about:", "data:", "blob:")) else None)
    tab.goto(served.url)
    tab.wait_for_selector("section.workout", timeout=WAIT)
    return tab, problems


def caught_up(tab: Any) -> None:
    """Wait until the page has been checked after the last keystroke."""
    tab.wait_for_function("() => document.body.dataset.checked !== undefined", timeout=WAIT)
    before = tab.evaluate("document.body.dataset.checked")
    tab.wait_for_function(f"() => document.body.dataset.checked !== {json.dumps(before)}", timeout=WAIT)


def section(tab: Any, name: str) -> Any:
    return tab.locator(f'section.workout[data-name="{name}"]')


def bars(tab: Any, name: str) -> int:
    frame = section(tab, name).locator("iframe").content_frame
    return int(frame.locator("svg rect.bar").count())


def type_at_end(tab: Any, text: str) -> None:
    tab.click("#text")
    tab.keyboard.press("Control+End")
    tab.keyboard.type(text)


def test_the_page_draws_explains_marks_downloads_and_saves(browser: Any, served: Served, tmp_path: Path) -> None:
    tab, problems = open_editor(browser, served)
    assert tab.locator("section.workout").count() == 7
    assert bars(tab, "Tue 12 x 400") == 29
    assert "VDOT 49.8" in tab.inner_text("#paces")

    type_at_end(tab, "\nThu track: 8x400 @5k r60s")  # typed as a runner types it
    tab.wait_for_selector('section.workout[data-name="Thu track"]', timeout=WAIT)
    assert "8 × 400 m in 1:36 (5k pace, 4:00/km), 1 min between reps" in section(tab, "Thu track").inner_text()
    tab.wait_for_function("() => document.querySelector('section.workout[data-name=\"Thu track\"] iframe')"
                          ".contentDocument.querySelectorAll('svg rect.bar').length === 15", timeout=WAIT)

    line = tab.evaluate("document.querySelector('#text').value.split('\\n').length")
    text = tab.input_value("#text")
    tab.fill("#text", text.replace("Thu track: 8x400", "Thu track: 10x400"))
    tab.wait_for_function("() => document.querySelector('section.workout[data-name=\"Thu track\"] iframe')"
                          ".contentDocument.querySelectorAll('svg rect.bar').length === 19", timeout=WAIT)
    assert "10 × 400 m" in section(tab, "Thu track").locator(".explain").inner_text()

    tab.keyboard.press("Control+End")
    tab.keyboard.press("Backspace")  # `r60s` -> `r60`: a mistake
    tab.wait_for_selector(f'#gutter div[data-line="{line}"].bad', timeout=WAIT)
    assert tab.locator("#gutter div.bad").count() == 1
    column = tab.input_value("#text").split("\n")[-1].index("r60") + 1
    assert tab.inner_text("#mistakes li").startswith(f"line {line}:{column}")
    assert "`r60` has no unit: seconds or metres?" in tab.inner_text("#mistakes li")
    assert tab.locator("#backdrop div.bad mark").inner_text() == "r60"
    assert section(tab, "Thu track").count() == 0 and "Thu track (line" in tab.inner_text("#workouts")
    assert tab.locator("section.workout").count() == 7  # the others still stand

    tab.keyboard.type("s")  # mended
    tab.wait_for_selector('section.workout[data-name="Thu track"]', timeout=WAIT)
    assert tab.locator("#gutter div.bad").count() == 0 and tab.locator("#mistakes li").count() == 0

    with tab.expect_download() as downloading:
        section(tab, "Thu track").locator('button[data-format="fit"]').click()
    download = downloading.value
    assert download.suggested_filename == "thu-track.fit"
    fit = tmp_path / "thu-track.fit"
    download.save_as(fit)
    messages, errors = Decoder(Stream.from_byte_array(bytearray(fit.read_bytes()))).read()
    assert errors == []
    assert messages["workout_mesgs"][0]["wkt_name"] == "Thu track"

    assert tab.inner_text("#status") == "unsaved changes"
    tab.keyboard.press("Control+s")
    tab.wait_for_function("() => document.querySelector('#status').textContent === 'saved'", timeout=WAIT)
    assert served.path.read_text(encoding="utf-8") == tab.input_value("#text")
    assert served.path.read_text(encoding="utf-8").endswith("\nThu track: 10x400 @5k r60s")
    assert problems == []
    tab.close()


def test_the_page_takes_in_a_file_changed_on_disk(browser: Any, served: Served) -> None:
    tab, problems = open_editor(browser, served)
    served.path.write_text("5k = 19:00\nSun: 12mi easy; last 3mi @hm\n", encoding="utf-8")
    tab.wait_for_function("() => document.querySelector('#text').value.startsWith('5k = 19:00\\nSun:')",
                          timeout=WAIT)
    tab.wait_for_selector('section.workout[data-name="Sun"]', timeout=WAIT)
    assert tab.locator("section.workout").count() == 1

    type_at_end(tab, "\nMon: 30min easy")  # unsaved changes: a change on disk is offered, never forced
    served.path.write_text("Tue: 5x1k @T\n", encoding="utf-8")
    tab.wait_for_selector("#banner.shown", timeout=WAIT)
    assert "changed on disk" in tab.inner_text("#banner")
    assert tab.input_value("#text").endswith("Mon: 30min easy")
    tab.click("#load")
    tab.wait_for_function("() => document.querySelector('#text').value === 'Tue: 5x1k @T\\n'", timeout=WAIT)
    assert problems == []
    tab.close()


def test_the_page_in_the_docs(browser: Any, served: Served) -> None:
    tab, problems = open_editor(browser, served)
    tab.set_viewport_size({"width": 1400, "height": 820})
    text = tab.input_value("#text")
    tab.fill("#text", text.replace("Wed recovery: 30min easy", "Wed recovery: 30min eazy"))
    tab.wait_for_selector("#gutter div.bad", timeout=WAIT)
    tab.evaluate("""() => {
      const side = document.querySelector('#side');
      const tuesday = document.querySelector('section.workout[data-name="Tue 12 x 400"]');
      side.scrollTop = tuesday.offsetTop - side.offsetTop - document.querySelector('#mistakes').offsetHeight - 24;
    }""")
    tab.wait_for_function("() => Array.from(document.querySelectorAll('iframe')).every("
                          "f => f.hidden || f.contentDocument.querySelector('svg'))", timeout=WAIT)
    png = tab.screenshot()
    assert len(png) > 20_000
    assert problems == []
    if UPDATE_GOLDENS:  # the picture in the docs is refreshed with the goldens
        (ROOT / "docs" / "serve.png").write_bytes(png)
    tab.close()


def test_the_served_process_ends_cleanly_on_sigterm(tmp_path: Path) -> None:
    running = start()
    running.process.terminate()
    assert running.process.wait(10) == 143
    assert running.process.stderr is not None and "Traceback" not in running.process.stderr.read()

