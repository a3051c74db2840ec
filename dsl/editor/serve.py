"""`strides serve [FILE]`: a live editor in the browser. The text on one side; on the other, as you type, each
workout's chart and step table, its plain-English explanation and totals, every mistake marked at its line,
the profile's paces, and downloads of FIT, PDF card, wristband and JSON. Ctrl-S saves the file.

A local page for one person: it listens on 127.0.0.1 only, answers only requests whose Host is that address
(a page elsewhere that renames itself to 127.0.0.1, "DNS rebinding", is refused), and every request that reads
the file, changes it or compiles needs the token written into the page at the start of the run. The standard
library's HTTP server is enough: the page asks again a moment after each keystroke (debounced) and looks at
the file every second and a half, so nothing needs a socket held open; no script or font comes from
elsewhere, so it works offline.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import secrets
import sys
import threading
import webbrowser
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

import strides
from strides import files, names, sources
from strides.editor.document import Analysis, Cache, Mark, Placed, analyse
from strides.editor.hover import totals
from strides.errors import StridesError
from strides.meaning.pace_table import pace_table
from strides.meaning.profile import runner_from, settings_from_pairs

HOST = "127.0.0.1"
MAX_BODY = 2_000_000  # bytes in one request: a workout file is at most 1,000,000 bytes, and JSON doubles quotes
SHOWN_WORKOUTS = 60  # workouts drawn in full on the page; the rest are listed with their totals
DOWNLOADS = {"fit": ("fit", {}, ".fit"), "pdf": ("pdf", {}, ".pdf"), "wristband": ("pdf", {"card": "wristband"},
             "-wristband.pdf"), "json": ("json", {}, ".json")}
TYPES = {".fit": "application/vnd.ant.fit", ".pdf": "application/pdf", ".json": "application/json"}


class Editor:
    """What the requests share: the file, the profile from the command line, the token and the checked pieces."""

    def __init__(self, path: Path | None, given: Mapping[str, str]) -> None:
        self.path = path
        self.given = dict(given)
        self.token = secrets.token_urlsafe(24)
        self.cache = Cache()
        self.lock = threading.Lock()  # the caches are not for two threads at once
        self.port = 0

    @property
    def filename(self) -> str:
        return str(self.path) if self.path else "<text>"

    def disk(self) -> tuple[str, str | None]:
        """(stamp, text) of the file as it is on disk; the stamp changes whenever its contents do."""
        if self.path is None or not self.path.exists():
            return "missing", None
        text = sources.read_input(str(self.path))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20], text

    def analysis(self, text: str) -> Analysis:
        return analyse(text, self.filename, self.given, self.cache)

    def preview(self, text: str) -> dict[str, Any]:
        """What the page shows for `text`: each workout drawn, every mark, the paces."""
        with self.lock:
            analysis = self.analysis(text)
            workouts = [_workout(placed, number) for number, placed in enumerate(_compiled(analysis))]
            for shown in workouts[SHOWN_WORKOUTS:]:
                shown["html"] = None
            return {"marks": [_mark(mark) for mark in analysis.marks], "workouts": workouts,
                    "broken": [_broken(placed) for placed in analysis.placed if placed.workout is None],
                    "paces": self.paces(analysis)}

    def paces(self, analysis: Analysis) -> str | None:
        """The pace table of the settings in force at the end of the file and on the command line."""
        settings = [*analysis.settings_above(len(analysis.lines)), *settings_from_pairs(self.given)]
        try:
            runner = runner_from(settings)
        except StridesError:
            return None  # the mistake is marked in the text
        return pace_table(runner) if runner.vdot is not None else None

    def download(self, text: str, kind: str, number: int | None) -> tuple[str, bytes]:
        """(file name, contents) of one download: a workout's, or every workout's when `number` is None."""
        format_, options, suffix = DOWNLOADS[kind]
        with self.lock:
            workouts = list(self.analysis(text).workouts())
            if number is not None:
                if not 0 <= number < len(workouts):
                    raise StridesError("that workout is not in the text any more")
                workouts = [workouts[number]]
            elif format_ == "fit":
                raise StridesError("a FIT file holds one workout")
            if not workouts:
                raise StridesError("there is no workout without a mistake to download")
            data = strides.render(workouts, format_, **options)
        stem = workouts[0].name if number is not None else (self.path.stem if self.path else "workouts")
        name = names.safe_file_name(stem, suffix, names.TakenNames())
        return name, data.encode("utf-8") if isinstance(data, str) else data

    def save(self, text: str, base: str | None) -> str:
        """Write the text to the file, whole or not at all; refused when the file changed on disk since `base`
        (the stamp the page last saw) unless `base` is None."""
        if self.path is None:
            raise StridesError("this page was opened without a file: run `strides serve FILE` to save")
        stamp, _ = self.disk()
        if base is not None and stamp != base:
            raise Conflict(stamp)
        files.write_file(self.path, text.encode("utf-8"))
        return self.disk()[0]


class Conflict(StridesError):
    def __init__(self, stamp: str) -> None:
        super().__init__("the file changed on disk since the page last read it")
        self.stamp = stamp


def _compiled(analysis: Analysis) -> list[Placed]:
    return [placed for placed in analysis.placed if placed.workout is not None]


def _workout(placed: Placed, number: int) -> dict[str, Any]:
    piece = placed.piece
    if "html" not in piece.memo:  # a piece that did not change keeps its page
        piece.memo["html"] = str(strides.render(piece.workouts, "html"))
        piece.memo["explain"] = str(strides.render(piece.workouts, "explain")).rstrip("\n")
    workout = placed.workout
    assert workout is not None
    return {"number": number, "name": workout.name, "line": placed.first + 1, "totals": totals(workout),
            "explain": piece.memo["explain"], "html": piece.memo["html"]}


def _broken(placed: Placed) -> dict[str, Any]:
    return {"name": placed.name or "Workout", "line": placed.first + 1}


def _mark(mark: Mark) -> dict[str, Any]:
    return {"severity": mark.severity, "message": mark.message, "hint": mark.hint, "line": mark.start[0] + 1,
            "column": mark.start[1] + 1, "end_line": mark.end[0] + 1, "end_column": mark.end[1] + 1,
            "rendered": mark.rendered}


# ---- the page and the requests ----------------------------------------------------------------------------------
def _page(editor: Editor, text: str, stamp: str, nonce: str) -> str:
    environment = Environment(loader=PackageLoader("strides.backends", "templates"),
                              autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True)
    template = environment.get_template("serve_page.html.j2")
    return template.render(text=text, stamp=stamp, token=editor.token, nonce=nonce,
                           filename=editor.path.name if editor.path else None, formats=list(DOWNLOADS))


class Handler(BaseHTTPRequestHandler):
    server_version = "strides"
    editor: Editor  # set on the class made for each run

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        """Requests are not logged: the terminal stays for what matters."""

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        if not self._host_allowed():
            return
        route = urlsplit(self.path)
        if route.path == "/":
            self._page()
        elif route.path == "/api/file" and self._token_allowed():
            stamp, text = self.editor.disk()
            seen = parse_qs(route.query).get("stamp", [""])[0]
            self._json({"stamp": stamp, "text": text if stamp != seen else None})
        elif route.path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        elif not route.path.startswith("/api/"):
            self._error(HTTPStatus.NOT_FOUND, "there is nothing here: the editor is at /")

    def do_POST(self) -> None:  # noqa: N802 - the standard library's name
        if not (self._host_allowed() and self._origin_allowed() and self._token_allowed()):
            return
        route = urlsplit(self.path)
        body = self._body()
        if body is None:
            return
        text = str(body.get("text", ""))
        try:
            if route.path == "/api/check":
                self._json(self.editor.preview(text))
            elif route.path == "/api/save":
                self._json({"stamp": self.editor.save(text, body.get("base"))})
            elif route.path == "/api/download" and body.get("format") in DOWNLOADS:
                self._download(text, str(body["format"]), body.get("workout"))
            else:
                self._error(HTTPStatus.NOT_FOUND, f"no such request: {route.path}")
        except Conflict as conflict:
            self._json({"error": conflict.message, "stamp": conflict.stamp}, HTTPStatus.CONFLICT)
        except StridesError as error:
            self._json({"error": error.message}, HTTPStatus.UNPROCESSABLE_ENTITY)

    def _download(self, text: str, kind: str, number: object) -> None:
        if number is not None and not isinstance(number, int):
            self._error(HTTPStatus.BAD_REQUEST, "`workout` is the number of a workout")
            return
        name, data = self.editor.download(text, kind, number)
        suffix = next((s for s in TYPES if name.endswith(s)), ".json")
        self._send(HTTPStatus.OK, data, TYPES[suffix], {"Content-Disposition": f'attachment; filename="{name}"'})

    # ---- guards -----------------------------------------------------------------------------------------------
    def _host_allowed(self) -> bool:
        allowed = {f"{HOST}:{self.editor.port}", f"localhost:{self.editor.port}"}
        if self.headers.get("Host", "") not in allowed:
            self._error(HTTPStatus.MISDIRECTED_REQUEST, f"this editor answers only at http://{HOST}:{self.editor.port}/")
            return False
        return True

    def _origin_allowed(self) -> bool:
        origin = self.headers.get("Origin")
        if origin is not None and origin not in (f"http://{HOST}:{self.editor.port}",
                                                 f"http://localhost:{self.editor.port}"):
            self._error(HTTPStatus.FORBIDDEN, "requests from other pages are refused")
            return False
        return True

    def _token_allowed(self) -> bool:
        given = self.headers.get("X-Strides-Token", "")
        if not hmac.compare_digest(given.encode(), self.editor.token.encode()):
            self._error(HTTPStatus.FORBIDDEN, "this request needs the token of the page: reload the page")
            return False
        return True

    def _body(self) -> dict[str, Any] | None:
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a request holds at most {MAX_BODY:,} bytes")
            return None
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            self._error(HTTPStatus.BAD_REQUEST, "the request is not a JSON object")
            return None
        return body

    # ---- answers ----------------------------------------------------------------------------------------------
    def _page(self) -> None:
        try:
            stamp, text = self.editor.disk()
        except StridesError as error:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, error.message)
            return
        nonce = secrets.token_urlsafe(16)
        policy = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; connect-src 'self'; "
                  "img-src 'self' data: blob:; frame-src 'self' data: blob:; base-uri 'none'; form-action 'none'; "
                  "frame-ancestors 'none'")
        page = _page(self.editor, text or "", stamp, nonce).encode("utf-8")
        self._send(HTTPStatus.OK, page, "text/html; charset=utf-8", {"Content-Security-Policy": policy})

    def _json(self, value: object, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, json.dumps(value).encode("utf-8"), "application/json")

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, data: bytes, kind: str, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def make_server(path: Path | None, port: int, given: Mapping[str, str]) -> ThreadingHTTPServer:
    """The server, bound to 127.0.0.1 (`port` 0: any free port), not yet serving."""
    editor = Editor(path, given)
    editor.disk()  # a file that cannot be read is said now, not on the page
    handler = type("EditorHandler", (Handler,), {"editor": editor})
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise StridesError(f"port {port} on {HOST} is taken",
                               hint="choose another with --port N, or --port 0 for any free one") from None
        raise
    server.daemon_threads = True
    editor.port = server.server_port
    return server


def run(file: str | None, port: int, open_browser: bool, given: Mapping[str, str]) -> int:
    server = make_server(Path(file) if file else None, port, given)
    url = f"http://{HOST}:{server.server_port}/"
    print(f"strides: editing {file or 'a new text'} at {url} (^C to stop)", file=sys.stderr, flush=True)
    if open_browser:
        webbrowser.open(url)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0
