"""`strides serve`: the live editor page, served by the real command in its own process. Its guards are checked
over plain HTTP (127.0.0.1 only, the Host header, the token exchanged for a cookie, the origin of a request),
every request gets an answer (an error as JSON), saves sent together are one at a time, and the page itself in
Debian's Chromium with Playwright: type a workout and see it drawn and explained, make a mistake and see its
line marked, mend it, download a FIT file that decodes, save, and see the file on disk."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import UPDATE_GOLDENS
from garmin_fit_sdk import Decoder, Stream

from strides.editor import serve
from strides.editor.serve import make_server

ROOT = Path(__file__).parents[2]
WEEK = ROOT / "examples" / "week.strides"
WAIT = 15_000  # ms for the page to catch up with the typing (it checks at most 250 ms after the last key)
JSON = {"Content-Type": "application/json"}


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirects)


@attrs.define
class Served:
    url: str  # the address strides printed, with its token
    path: Path
    process: subprocess.Popen[str]
    cookie: str = ""

    @property
    def base(self) -> str:
        return self.url.split("?")[0]

    @property
    def port(self) -> int:
        return int(self.base.rstrip("/").rsplit(":", 1)[1])

    def request(self, path: str, body: object = None, headers: dict[str, str] | None = None,
                signed_in: bool = True) -> tuple[int, bytes, Any]:
        data = json.dumps(body).encode() if body is not None else None
        sent = {**(JSON if data is not None else {}), **({"Cookie": self.cookie} if signed_in else {}),
                **(headers or {})}
        return raw_request(self.base.rstrip("/") + path, data, sent)

    def sign_in(self) -> None:
        status, _, headers = raw_request(self.url, None, {})
        assert status == 200
        self.cookie = headers["Set-Cookie"].split(";")[0]


def raw_request(url: str, data: bytes | None, headers: dict[str, str], method: str | None = None
                ) -> tuple[int, bytes, Any]:
    request = urllib.request.Request(url, data=data, headers=headers,
                                     method=method or ("POST" if data is not None else "GET"))
    try:
        with OPENER.open(request, timeout=20) as answer:
            return answer.status, answer.read(), answer.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def error_of(body: bytes) -> str:
    message = json.loads(body)["error"]
    assert isinstance(message, str) and message
    return message


def start(*args: str) -> Served:
    process = subprocess.Popen([sys.executable, "-m", "strides", "serve", *args, "--no-browser", "--port", "0"],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
    if found is None:
        process.kill()
        raise AssertionError(f"no address in {line!r}{process.stderr.read()}")
    path = Path(args[0]) if args and not args[0].startswith("-") else Path()
    running = Served(found[0], path, process)
    running.sign_in()
    return running


def stop(running: Served) -> None:
    running.process.terminate()
    running.process.wait(10)
    assert running.process.stderr is not None
    running.process.stderr.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    path = tmp_path / "week.strides"
    shutil.copy(WEEK, path)
    running = start(str(path))
    yield running
    stop(running)


def stamp_of(served: Served) -> str:
    status, body, _ = served.request("/api/file")
    assert status == 200
    stamp: str = json.loads(body)["stamp"]
    return stamp


# ---- who may ask -------------------------------------------------------------------------------------------
def test_the_server_listens_on_127_0_0_1_only(tmp_path: Path) -> None:
    server = make_server(None, 0, {})
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_without_the_cookie_nothing_answers_with_the_text_or_changes_it(served: Served) -> None:
    """Another user of the machine reaches 127.0.0.1 too: without the token there is nothing to read or write."""
    before = served.path.read_bytes()
    token = served.url.split("token=")[1]
    for path, body in (("/", None), ("/api/file", None), ("/api/save", {"text": "changed", "base": None}),
                       ("/api/check", {"text": "wu 10min"}), ("/api/nothing", None),
                       ("/api/download", {"text": "wu 10min", "format": "json"})):
        for cookie in ({}, {"Cookie": f"strides-{served.port}=guessed"}, {"Cookie": "other=1"}):
            status, answer, _ = served.request(path, body, cookie, signed_in=False)
            assert status == 403, (path, cookie)
            assert "address strides printed" in error_of(answer)
            assert b"12x400" not in answer and token.encode() not in answer
    status, answer, _ = raw_request(served.base + "?token=guessed", None, {})
    assert status == 403 and "not the token of this run" in error_of(answer)
    assert served.path.read_bytes() == before


def test_the_token_is_exchanged_for_a_cookie_no_script_or_other_site_sends(served: Served) -> None:
    status, page, headers = raw_request(served.url, None, {})
    assert status == 200
    name, _, rest = headers["Set-Cookie"].partition("=")
    assert name == f"strides-{served.port}"
    assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= {part.strip() for part in rest.split(";")[1:]}
    assert b'http-equiv="refresh" content="0;url=/"' in page  # on to the bare address: the token leaves it
    token = served.url.split("token=")[1]
    assert token.encode() not in page
    status, page, headers = served.request("/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"12x400 @5k-3s r35s" in page  # the file's text is in the editor
    assert token.encode() not in page and served.cookie.split("=")[1].encode() not in page
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["Referrer-Policy"] == "no-referrer"
    assert not re.search(rb'(src|href)="(https?:)?//', page)  # nothing from elsewhere: it works offline


def test_the_cookie_of_another_run_opens_nothing(served: Served, tmp_path: Path) -> None:
    other = start(str(served.path))
    try:
        stolen = other.cookie.split("=", 1)[1]
        status, _, _ = served.request("/", headers={"Cookie": f"strides-{served.port}={stolen}"}, signed_in=False)
        assert status == 403
    finally:
        stop(other)


def test_a_request_under_another_host_name_is_refused(served: Served) -> None:
    """A page at attacker.example that points its name at 127.0.0.1 (DNS rebinding) still sends its own name."""
    for path in ("/", served.url.split("/", 3)[3], "/api/file"):
        status, body, _ = served.request("/" + path.lstrip("/"), headers={"Host": f"attacker.example:{served.port}"})
        assert status == 421 and "answers only at http://127.0.0.1:" in error_of(body)
    assert served.request("/", headers={"Host": f"localhost:{served.port}"})[0] == 200


@pytest.mark.parametrize("headers", [{"Origin": "http://attacker.example"}, {"Origin": "http://127.0.0.1:1"},
                                     {"Origin": "null"}, {"Sec-Fetch-Site": "same-site"},
                                     {"Sec-Fetch-Site": "cross-site"}, {"Content-Type": "text/plain"},
                                     {"Content-Type": "application/x-www-form-urlencoded"}])
def test_a_request_another_page_can_make_is_refused_even_with_the_cookie(served: Served,
                                                                         headers: dict[str, str]) -> None:
    before = served.path.read_bytes()
    status, body, _ = served.request("/api/save", {"text": "x", "base": None}, headers)
    assert status in (403, 415) and error_of(body)
    assert served.path.read_bytes() == before


# ---- saving ------------------------------------------------------------------------------------------------
def test_saves_sent_together_from_the_same_stamp_write_one_and_refuse_the_others(served: Served) -> None:
    base = stamp_of(served)
    ready = threading.Barrier(8)
    answers: dict[int, tuple[int, bytes]] = {}

    def save(number: int) -> None:
        ready.wait(timeout=20)
        status, body, _ = served.request("/api/save", {"text": f"Tue: {number + 2}x1k @T\n", "base": base})
        answers[number] = (status, body)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(status for status, _ in answers.values())
    assert statuses == [200] + [409] * 7
    [winner] = [n for n, (status, _) in answers.items() if status == 200]
    assert served.path.read_text(encoding="utf-8") == f"Tue: {winner + 2}x1k @T\n"
    now = stamp_of(served)
    assert json.loads(answers[winner][1])["stamp"] == now
    assert all(json.loads(body)["stamp"] == now for status, body in answers.values() if status == 409)


def test_saving_refuses_to_overwrite_a_file_changed_on_disk(served: Served) -> None:
    stamp = stamp_of(served)
    served.path.write_text("Mon: 40min easy\n", encoding="utf-8")
    status, body, _ = served.request("/api/save", {"text": "Tue: 5x1k @T\n", "base": stamp})
    assert status == 409 and "changed on disk" in error_of(body)
    assert served.path.read_text(encoding="utf-8") == "Mon: 40min easy\n"
    status, body, _ = served.request("/api/save", {"text": "Tue: 5x1k @T\n", "base": None})
    assert status == 200 and served.path.read_text(encoding="utf-8") == "Tue: 5x1k @T\n"
    assert json.loads(body)["stamp"] == stamp_of(served)


def test_a_text_strides_could_not_read_back_is_not_saved(served: Served) -> None:
    before = served.path.read_bytes()
    status, body, _ = served.request("/api/save", {"text": "x" * 1_000_001, "base": None})
    assert status == 422 and "larger than 1,000,000 bytes" in error_of(body)
    assert served.path.read_bytes() == before


def test_a_stop_during_saves_to_a_hard_linked_file_leaves_it_whole_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "week.strides"
    shutil.copy(WEEK, path)
    os.link(path, tmp_path / "also.strides")
    running = start(str(path))
    texts = {f"Tue: {n}x1k @T\n" * 4000 for n in range(2, 6)} | {WEEK.read_text(encoding="utf-8")}
    saved = threading.Event()

    def keep_saving() -> None:
        for number in range(200):
            try:
                status, _, _ = running.request("/api/save", {"text": f"Tue: {number % 4 + 2}x1k @T\n" * 4000,
                                                             "base": None})
            except OSError:  # the server has stopped
                return
            if status != 200:
                return
            saved.set()

    saver = threading.Thread(target=keep_saving)
    saver.start()
    assert saved.wait(timeout=60)
    running.process.send_signal(signal.SIGTERM)
    assert running.process.wait(20) == 143
    saver.join(timeout=60)
    assert running.process.stderr is not None and "Traceback" not in running.process.stderr.read()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["also.strides", "week.strides"]
    assert path.read_text(encoding="utf-8") in texts
    assert (tmp_path / "also.strides").read_bytes() == path.read_bytes()


def test_a_file_that_does_not_exist_yet_is_made_on_saving(tmp_path: Path) -> None:
    path = tmp_path / "new.strides"
    running = start(str(path))
    try:
        _, page, _ = running.request("/")
        assert b"</textarea>" in page and b"new.strides" in page
        status, body, _ = running.request("/api/save", {"text": "Tue: 5x1k @T\n", "base": "missing"})
        assert status == 200 and path.read_text(encoding="utf-8") == "Tue: 5x1k @T\n"
        assert json.loads(body)["stamp"] != "missing"
    finally:
        stop(running)


def test_without_a_file_there_is_nothing_to_save_to(tmp_path: Path) -> None:
    running = start()
    try:
        status, body, _ = running.request("/api/save", {"text": "Tue: 5x1k @T\n", "base": None})
        assert status == 422 and "strides serve FILE" in error_of(body)
        status, body, _ = running.request("/api/download", {"text": "Tue: 5x1k hard\n", "format": "json"})
        assert status == 200 and json.loads(body)["workouts"][0]["name"] == "Tue"
    finally:
        stop(running)


# ---- every request is answered -----------------------------------------------------------------------------
def test_the_check_answers_with_marks_workouts_and_paces(served: Served) -> None:
    status, body, _ = served.request("/api/check", {"text": "5k = 19:00\nTue: 12x400 @5k r35\nWed: 5x1k @T"})
    answer = json.loads(body)
    assert status == 200
    [mark] = answer["marks"]
    assert (mark["line"], mark["column"], mark["end_column"]) == (2, 17, 20)
    assert [w["name"] for w in answer["workouts"]] == ["Wed"]
    assert answer["broken"] == [{"name": "Tue", "line": 2, "last": 2}]
    assert answer["paces"].startswith("VDOT 52.9")


BAD_BODIES = [
    ("/api/save", {"text": ["Tue: 5x1k @T"], "base": None}, "`text` must be a string"),
    ("/api/save", {"text": 12, "base": None}, "`text` must be a string"),
    ("/api/save", {"text": None, "base": None}, "`text` must be a string"),
    ("/api/save", {"text": {"a": 1}, "base": None}, "`text` must be a string"),
    ("/api/save", {"base": None}, "`text` must be a string"),
    ("/api/save", {"text": "Tue: 5x1k @T"}, "`base` must be the stamp"),
    ("/api/save", {"text": "Tue: 5x1k @T", "base": 3}, "`base` must be the stamp"),
    ("/api/save", {"text": "Tue: 5x1k @T", "base": None, "bse": "x"}, "unknown field `bse`"),
    ("/api/check", {"text": True}, "`text` must be a string"),
    ("/api/check", {"text": "Tue: 5x1k @T", "extra": 1}, "unknown field `extra`"),
    ("/api/download", {"text": "Tue: 5x1k @T", "format": "json", "workout": True}, "`workout` must be"),
    ("/api/download", {"text": "Tue: 5x1k @T", "format": "json", "workout": -1}, "`workout` must be"),
    ("/api/download", {"text": "Tue: 5x1k @T", "format": "json", "workout": 0.0}, "`workout` must be"),
    ("/api/download", {"text": "Tue: 5x1k @T", "format": "json", "workout": "0"}, "`workout` must be"),
    ("/api/download", {"text": "Tue: 5x1k @T", "format": "exe"}, "`format` must be one of fit, pdf"),
    ("/api/download", {"text": "Tue: 5x1k @T", "format": ["json"]}, "`format` must be one of"),
    ("/api/download", {"text": 5, "format": "json"}, "`text` must be a string"),
    ("/api/save", [1, 2], "not a JSON object"),
    ("/api/check", "wu 10min", "not a JSON object"),
]


@pytest.mark.parametrize(("path", "body", "said"), BAD_BODIES)
def test_every_field_of_every_body_is_checked(served: Served, path: str, body: Any, said: str) -> None:
    before = served.path.read_bytes()
    status, answer, _ = served.request(path, body)
    assert status == 400 and said in error_of(answer)
    assert served.path.read_bytes() == before


@pytest.mark.parametrize(("data", "said"), [
    (b'{"text": "\\ud800 wu", "base": null}', "half of a surrogate pair"),
    (b"[" * 100_000 + b"]" * 100_000, "not a JSON object"),
    (b'{"text": "wu", "base": null', "not a JSON object"),
    (b"\xff\xfe{}", "not a JSON object"),
    (b"", "not a JSON object"),
])
def test_a_body_that_is_not_what_a_save_takes_is_answered_400(served: Served, data: bytes, said: str) -> None:
    before = served.path.read_bytes()
    status, answer, _ = raw_request(served.base + "api/save", data, {**JSON, "Cookie": served.cookie})
    assert status == 400 and said in error_of(answer)
    assert served.path.read_bytes() == before


def test_a_workout_number_past_the_last_is_said(served: Served) -> None:
    status, body, _ = served.request("/api/download", {"text": "Tue: 5x1k hard", "format": "fit", "workout": 1})
    assert status == 422 and "not in the text any more" in error_of(body)
    status, body, _ = served.request("/api/download", {"text": "Tue: 5x1k hard", "format": "fit", "workout": 0})
    assert status == 200 and body[8:12] == b".FIT"


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/api/nothing", 404), ("GET", "/api/save", 404), ("GET", "/elsewhere", 404),
    ("POST", "/api/nothing", 404), ("POST", "/", 404), ("PUT", "/api/save", 501), ("DELETE", "/", 501),
    ("OPTIONS", "/api/save", 501), ("PATCH", "/api/file", 501)])
def test_a_request_for_nothing_here_is_answered(served: Served, method: str, path: str, status: int) -> None:
    data = b'{"text": "x", "base": null}' if method != "GET" else None
    answer = raw_request(served.base.rstrip("/") + path, data, {**JSON, "Cookie": served.cookie}, method)
    assert answer[0] == status and error_of(answer[1])


def raw_exchange(served: Served, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", served.port), timeout=20) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


@pytest.mark.parametrize(("head", "body", "status"), [
    (b"POST /api/save HTTP/1.1\r\nContent-Type: application/json\r\n", b'{"text": "x", "base": null}', b"411"),
    (b"POST /api/save HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
     b'5\r\n{"a":\r\n0\r\n\r\n', b"411"),
    (b"POST /api/save HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: -5\r\n", b"{}", b"400"),
    (b"POST /api/save HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 3000000\r\n",
     b" " * 3_000_000, b"413"),
    (b"POST /api/save HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 50\r\n", b"{}", b"400"),
    (b"GARBAGE\r\n", b"", b"400"),
])
def test_a_malformed_request_gets_an_answer_in_json(served: Served, head: bytes, body: bytes, status: bytes) -> None:
    host = f"Host: 127.0.0.1:{served.port}\r\nCookie: {served.cookie}\r\n".encode()
    request = head + (host if head != b"GARBAGE\r\n" else b"") + b"\r\n" + body
    answer = raw_exchange(served, request)
    first, _, rest = answer.partition(b"\r\n")
    assert first.split()[1] == status, answer[:300]
    assert error_of(rest.split(b"\r\n\r\n", 1)[1])


def test_a_file_strides_cannot_read_any_more_is_said_on_the_page(served: Served) -> None:
    served.path.write_bytes(b"wu 15min\xff\n")
    status, body, _ = served.request("/api/file")
    assert status == 422 and "not UTF-8" in error_of(body)
    status, body, _ = served.request("/")
    assert status == 422 and "not UTF-8" in error_of(body)


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
           if not request.url.startswith((served.base, "about:", "data:", "blob:")) else None)
    tab.goto(served.url)  # with the token: the page comes back on the bare address, with its cookie
    tab.wait_for_selector("section.workout", timeout=WAIT)
    assert tab.url == served.base
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


def test_a_save_over_a_file_saved_meanwhile_asks_to_load_it_or_save_over_it(browser: Any, served: Served) -> None:
    tab, problems = open_editor(browser, served)
    for choice, elsewhere in (("#overwrite", "Tue: 5x1k hard\n"), ("#load", "Thu: 3x1mi hard\n")):
        type_at_end(tab, "\nMon: 30min easy")
        assert served.request("/api/save", {"text": elsewhere, "base": None})[0] == 200  # another page saved
        tab.keyboard.press("Control+s")
        tab.wait_for_function("() => document.querySelector('#banner-text').textContent.includes('not saved')",
                              timeout=WAIT)
        assert served.path.read_text(encoding="utf-8") == elsewhere  # refused: nothing lost
        tab.click(choice)
        tab.wait_for_function("() => document.querySelector('#status').textContent === 'saved'", timeout=WAIT)
        assert not tab.locator("#banner.shown").count()
        assert served.path.read_text(encoding="utf-8") == tab.input_value("#text")
    assert tab.input_value("#text") == "Thu: 3x1mi hard\n"
    assert [problem for problem in problems if "status of 409 (Conflict)" not in problem] == []
    tab.close()


def test_the_page_says_what_the_server_refused(browser: Any, served: Served) -> None:
    tab, problems = open_editor(browser, served)
    served.path.write_bytes(b"wu 15min\xff\n")  # no longer text strides reads
    tab.wait_for_function("() => (document.querySelector('#status').dataset.said || '').includes('not UTF-8')",
                          timeout=WAIT)
    tab.close()


def test_the_browser_is_opened_on_a_private_file_that_leads_to_the_page(
        browser: Any, served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """A browser started with the address would show its token to every user in the list of processes."""
    opened: list[str] = []
    monkeypatch.setattr(serve.webbrowser, "open", opened.append)
    with serve._opened(served.url, True):
        [uri] = opened
        assert uri.startswith("file:///") and served.url.split("token=")[1] not in uri
        opener = Path(urllib.request.url2pathname(uri.removeprefix("file://")))
        assert stat.S_IMODE(opener.stat().st_mode) == 0o600 and stat.S_IMODE(opener.parent.stat().st_mode) == 0o700
        tab = browser.new_page()
        tab.goto(uri)
        tab.wait_for_selector("section.workout", timeout=WAIT)  # the cookie came along: the page is there
        assert tab.url == served.base
        tab.close()
    assert not opener.parent.exists()
