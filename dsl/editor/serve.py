"""`strides serve [FILE]`: a live editor in the browser. The text on one side; on the other, as you type, each
workout's chart and step table, its plain-English explanation and totals, every mistake marked at its line,
the profile's paces, and downloads of FIT, PDF card, wristband and JSON. Ctrl-S saves the file.

A local page for one person: it listens on 127.0.0.1 only, and only the browser given the address with the
run's token may read or change anything (strides.serve_http says how). Saves are one at a time: the check that
the file has not changed since the page read it and the write are one step, so of two saves from the same
text the second is refused, never lost. The standard library's HTTP server is enough: the page asks again a
moment after each keystroke (debounced) and looks at the file every second and a half, so nothing needs a
socket held open; no script or font comes from elsewhere, so it works offline.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import secrets
import signal
import sys
import tempfile
import threading
import webbrowser
import zipfile
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from html import escape
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import strides
from strides import files, names, sources
from strides.backends.templates_ahead import SERVE_TEMPLATES
from strides.editor.document import Analysis, Cache, Mark, Placed, analyse
from strides.editor.hover import totals
from strides.editor.serve_http import Conflict, Handler
from strides.errors import StridesError
from strides.meaning.model import Workout
from strides.meaning.pace_table import pace_table
from strides.meaning.profile import runner_from, setting_key, settings_from_pairs

HOST = "127.0.0.1"
SHOWN_WORKOUTS = 60  # workouts drawn in full on the page; the rest are listed with their totals
DOWNLOADS = {"fit": ("fit", {}, ".fit"), "pdf": ("pdf", {}, ".pdf"), "wristband": ("pdf", {"card": "wristband"},
             "-wristband.pdf"), "json": ("json", {}, ".json")}
MISSING = "missing"  # the stamp of a file that is not there (yet)


class Editor:
    """What the requests share: the file, the profile from the command line, the secrets and the checked pieces."""

    def __init__(self, path: Path | None, given: Mapping[str, str]) -> None:
        self.path = path
        self.given = dict(given)
        self.token = secrets.token_urlsafe(32)  # in the address strides prints and opens
        self.session = secrets.token_urlsafe(32)  # the cookie the token is exchanged for
        self.cache = Cache()
        self.checking = threading.Lock()  # the caches are not for two threads at once
        self.saving = threading.Lock()  # a save compares and writes in one step
        self.closed = False  # set once the server stops: no save starts after
        self.port = 0
        self.formats = tuple(DOWNLOADS)

    @property
    def filename(self) -> str:
        return str(self.path) if self.path else "<text>"

    @property
    def cookie_name(self) -> str:
        return f"strides-{self.port}"  # cookies are shared by every port of a host: one per server

    def disk(self) -> tuple[str, str | None]:
        """(stamp, text) of the file as it is on disk; the stamp changes whenever its contents do."""
        if self.path is None or not self.path.exists():
            return MISSING, None
        text = sources.read_input(str(self.path))
        return stamp_of(text), text

    def page(self, nonce: str) -> str:
        stamp, text = self.disk()
        template = SERVE_TEMPLATES.get_template("serve_page.html.j2")
        return template.render(text=text or "", stamp=stamp, nonce=nonce,
                               filename=self.path.name if self.path else None, formats=list(DOWNLOADS))

    def analysis(self, text: str) -> Analysis:
        return analyse(text, self.filename, self.given, self.cache)

    def preview(self, text: str, shown: Collection[str] = ()) -> dict[str, Any]:
        """What the page shows for `text`: each workout drawn (the first SHOWN_WORKOUTS), every mark, the paces.
        A drawing is named by a digest of it; one the page says it `shown` already is not sent again."""
        with self.checking:
            analysis = self.analysis(text)
            workouts = [_workout(placed, number, number < SHOWN_WORKOUTS, shown)
                        for number, placed in enumerate(_compiled(analysis))]
            return {"marks": [_mark(mark) for mark in analysis.marks], "workouts": workouts,
                    "broken": [_broken(placed) for placed in analysis.placed if placed.workout is None],
                    "paces": self.paces(analysis), "profile": self.profile(analysis)}

    def profile(self, analysis: Analysis) -> list[dict[str, Any]]:
        """The settings in force at the end of the file, each with where it is written; one given on the
        command line (`--set`, `--profile`) says which line of the file it overrides."""
        written = {setting_key(s.key): (s, n) for s, n in zip(analysis.settings_above(len(analysis.lines)),
                                                               analysis.settings, strict=True)}
        given = {setting_key(key) for key in self.given}
        shown: list[dict[str, Any]] = [{"key": s.key, "value": s.value, "line": n + 1, "overrides": None}
                                       for key, (s, n) in written.items() if key not in given]
        for key, value in self.given.items():
            over = written.get(setting_key(key))
            shown.append({"key": key, "value": value, "line": None,
                          "overrides": None if over is None else {"line": over[1] + 1, "value": over[0].value}})
        return shown

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
        with self.checking:
            workouts = list(self.analysis(text).workouts())
            if number is not None:
                if number >= len(workouts):
                    raise StridesError("that workout is not in the text any more")
                workouts = [workouts[number]]
            if not workouts:
                raise StridesError("there is no workout without a mistake to download")
            if number is None and format_ == "fit":  # a FIT file holds one workout: a zip of one for each
                return self._stem() + ".zip", _zipped(workouts)
            data = strides.render(workouts, format_, **options)
        stem = workouts[0].name if number is not None else self._stem()
        name = names.safe_file_name(stem, suffix, names.TakenNames())
        return name, data.encode("utf-8") if isinstance(data, str) else data

    def _stem(self) -> str:
        return names.safe_file_name(self.path.stem if self.path else "workouts", "", names.TakenNames())

    def save(self, text: str, base: str | None) -> str:
        """Write the text to the file, whole or not at all, and return its new stamp. Refused when the file
        changed on disk since `base` (the stamp the page last read) unless `base` is None; the check and the
        write are one step, so of saves sent together from the same stamp one is written."""
        if self.path is None:
            raise StridesError("this page was opened without a file: run `strides serve FILE` to save")
        data = text.encode("utf-8")
        if len(data) > sources.MAX_INPUT_BYTES:
            raise StridesError(f"the text is larger than {sources.MAX_INPUT_BYTES:,} bytes, more than strides "
                               "reads back: split it into several files")
        with self.saving:
            if self.closed:
                raise StridesError("strides serve is stopping: the text was not saved")
            now = self._stamp_now()
            if base is not None and now != base:
                raise Conflict(now)
            files.write_file(self.path, data)
            return stamp_of(text.removeprefix("\ufeff"))  # as it is read back: a byte-order mark is dropped

    def _stamp_now(self) -> str:
        try:
            return self.disk()[0]
        except StridesError:  # no longer text strides reads: it is not what the page read either
            return "unreadable"

    def close(self) -> None:
        """Let a save under way finish, and start no other."""
        with self.saving:
            self.closed = True


def _zipped(workouts: list[Workout]) -> bytes:
    """One FIT file for each workout, named as `strides compile --format fit -o folder/` names them."""
    taken, buffer = names.TakenNames(), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for workout in workouts:
            data = strides.render([workout], "fit")
            archive.writestr(names.safe_file_name(workout.name, ".fit", taken),
                             data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def stamp_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _compiled(analysis: Analysis) -> list[Placed]:
    return [placed for placed in analysis.placed if placed.workout is not None]


def _workout(placed: Placed, number: int, drawn: bool, shown: Collection[str]) -> dict[str, Any]:
    piece = placed.piece
    if "explain" not in piece.memo:  # a piece that did not change keeps its words and its page
        piece.memo["explain"] = str(strides.render(piece.workouts, "explain")).rstrip("\n")
    if drawn and "html" not in piece.memo:
        piece.memo["html"] = str(strides.render(piece.workouts, "html"))
        piece.memo["page"] = hashlib.sha256(piece.memo["html"].encode("utf-8")).hexdigest()[:20]
    workout = placed.workout
    assert workout is not None
    page = piece.memo["page"] if drawn else None
    return {"number": number, "name": workout.name, "line": placed.first + 1, "last": placed.last + 1,
            "totals": totals(workout), "explain": piece.memo["explain"], "page": page,
            "html": piece.memo["html"] if drawn and page not in shown else None}


def _broken(placed: Placed) -> dict[str, Any]:
    return {"name": placed.name or "Workout", "line": placed.first + 1, "last": placed.last + 1}


def _mark(mark: Mark) -> dict[str, Any]:
    return {"severity": mark.severity, "message": mark.message, "hint": mark.hint, "line": mark.start[0] + 1,
            "column": mark.start[1] + 1, "end_line": mark.end[0] + 1, "end_column": mark.end[1] + 1,
            "rendered": mark.rendered}


# ---- the server ------------------------------------------------------------------------------------------------
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


def editor_of(server: ThreadingHTTPServer) -> Editor:
    editor: Editor = server.RequestHandlerClass.editor  # type: ignore[attr-defined]
    return editor


def address(server: ThreadingHTTPServer) -> str:
    """The address to open: with the run's token, exchanged for a cookie at the first request."""
    return f"http://{HOST}:{server.server_port}/?token={editor_of(server).token}"


def run(file: str | None, port: int, open_browser: bool, given: Mapping[str, str]) -> int:
    server = make_server(Path(file) if file else None, port, given)
    url = address(server)
    print(f"strides: editing {file or 'a new text'} at {url} (^C to stop)", file=sys.stderr, flush=True)
    try:
        with _opened(url, open_browser):
            server.serve_forever()
    finally:
        server.server_close()
        _stop_after_saving(editor_of(server))
    return 0


@contextmanager
def _opened(url: str, open_browser: bool) -> Iterator[None]:
    """The page opened in a browser through a file only this user reads, which sends the browser on to the
    address: a browser started with the address itself shows its token to every user of the machine (in the
    list of processes)."""
    if not open_browser:
        yield
        return
    folder = Path(tempfile.mkdtemp(prefix="strides-serve-"))  # 0700
    opener = folder / "open.html"
    try:
        handle = os.open(opener, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(_OPENER.format(url=escape(url)))
        webbrowser.open(opener.as_uri())
        yield
    finally:
        opener.unlink(missing_ok=True)
        folder.rmdir()


_OPENER = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={url}">
<title>strides</title></head><body><p><a href="{url}">Open the strides editor</a></p></body></html>
"""


def _stop_after_saving(editor: Editor) -> None:
    """A save under way is finished before the process ends, whatever signal comes meanwhile: its handler
    thread would otherwise be stopped halfway, and a file half-saved."""
    if threading.current_thread() is not threading.main_thread():
        editor.close()
        return
    held = {number: signal.signal(number, signal.SIG_IGN) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        editor.close()
    finally:
        for number, previous in held.items():
            signal.signal(number, previous)
