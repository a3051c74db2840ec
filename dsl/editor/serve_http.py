"""The requests of `strides serve`: who may ask (the guards), what a request must hold (every field of every
body checked for its type), and an answer to every one of them, an error always as JSON with a message the
page shows.

Who may ask: a request must be addressed to 127.0.0.1:PORT or localhost:PORT (the Host header: a page
elsewhere that points its own name at 127.0.0.1, "DNS rebinding", still sends its own name), and must carry
the cookie the run's token was exchanged for. The token is in the address strides prints and opens; the
first request with it gets the cookie (HttpOnly, so no script reads it; SameSite=Strict, so no other site's
page sends it) and is sent on to the bare address, so the token leaves the address bar. A request that a page
of another origin (another port of 127.0.0.1 too) makes is refused by its Origin and Sec-Fetch-Site headers,
and a POST must be JSON, which no form can send and no other page can send without asking first (CORS, which
this server never grants).
"""

from __future__ import annotations

import hmac
import json
import secrets
import sys
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from strides.errors import StridesError

if TYPE_CHECKING:
    from strides.editor.serve import Editor

MAX_BODY = 2_000_000  # bytes in one request: a workout file is at most 1,000,000 bytes, and JSON doubles quotes
DRAINED = 8 * MAX_BODY  # a body past MAX_BODY up to this size is read and dropped, so that the answer arrives
SOCKET_TIMEOUT = 30.0  # seconds a request may take to arrive: a client that stops sending is answered 408
TYPES = {".fit": "application/vnd.ant.fit", ".pdf": "application/pdf", ".json": "application/json",
         ".zip": "application/zip"}
MAX_SHOWN = 1000  # drawings a page may say it shows (it draws 60)
ALLOWED_SITES = ("same-origin", "none")  # Sec-Fetch-Site of the page's own requests and of a typed address
NOT_SIGNED_IN = ("this page needs the address strides printed when it started (it holds the token): "
                 "open that address again")


# Sent on by the page itself: a browser sent here from elsewhere (the file strides opens) would not send the
# cookie along a redirect, since it is for this site's own pages only.
SIGNED_IN = (b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
             b'<meta http-equiv="refresh" content="0;url=/"><title>strides</title></head>'
             b'<body><a href="/">Open the editor</a></body></html>\n')


class Refused(Exception):
    """A request answered with an error status and a message."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class Conflict(StridesError):
    """The file changed on disk since the stamp the page sent."""

    def __init__(self, stamp: str) -> None:
        super().__init__("the file changed on disk since the page last read it")
        self.stamp = stamp


# ---- the bodies ---------------------------------------------------------------------------------------------
def fields(body: Mapping[str, Any], known: tuple[str, ...]) -> None:
    """Refuse a field the request does not take: a misspelt `base` must not save without the check."""
    unknown = sorted(set(body) - set(known))
    if unknown:
        raise Refused(HTTPStatus.BAD_REQUEST, f"unknown field `{unknown[0]}`: this request takes "
                                              + ", ".join(f"`{name}`" for name in known))


def text_field(body: Mapping[str, Any]) -> str:
    text = body.get("text")
    if not isinstance(text, str):
        raise Refused(HTTPStatus.BAD_REQUEST, "`text` must be a string: the text of the workout file")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(error.object[error.start])
        raise Refused(HTTPStatus.BAD_REQUEST, f"`text` holds U+{code:04X}, half of a surrogate pair: "
                                              "not a character a file can hold") from None
    return text


def stamp_field(body: Mapping[str, Any]) -> str | None:
    if "base" not in body or not (body["base"] is None or isinstance(body["base"], str)):
        raise Refused(HTTPStatus.BAD_REQUEST, "`base` must be the stamp the page last read (a string), "
                                              "or null to save over whatever is on disk")
    base: str | None = body["base"]
    return base


def shown_field(body: Mapping[str, Any]) -> frozenset[str]:
    """The drawings the page shows already, by their digests; absent: none."""
    value = body.get("shown", [])
    if (not isinstance(value, list) or len(value) > MAX_SHOWN
            or not all(isinstance(item, str) and len(item) <= 64 for item in value)):
        raise Refused(HTTPStatus.BAD_REQUEST, f"`shown` must be a list of at most {MAX_SHOWN} digests of drawings "
                                              "(strings), those the page shows already")
    return frozenset(value)


def number_field(body: Mapping[str, Any], name: str) -> int | None:
    """A workout's number, counted from 0; absent or null: none. `true` is not 1."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Refused(HTTPStatus.BAD_REQUEST, f"`{name}` must be the number of a workout (0, 1, 2, …) or null")
    return value


def choice_field(body: Mapping[str, Any], name: str, choices: tuple[str, ...]) -> str:
    value = body.get(name)
    if not isinstance(value, str) or value not in choices:
        raise Refused(HTTPStatus.BAD_REQUEST, f"`{name}` must be one of " + ", ".join(choices))
    return value


# ---- the handler --------------------------------------------------------------------------------------------
class Handler(BaseHTTPRequestHandler):
    server_version = "strides"
    default_request_version = "HTTP/1.0"  # a request line that is not HTTP is still answered with a status
    timeout = SOCKET_TIMEOUT
    editor: Editor  # set on the class made for each run
    answered = False  # whether this request's answer has started: a failure after that cannot answer again

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        """Requests are not logged: the terminal stays for what matters."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own refusals (a malformed request line, an unknown method) as JSON too."""
        status = HTTPStatus(code)
        self._json({"error": message or status.phrase}, status)

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self._answering(self._get)

    def do_POST(self) -> None:  # noqa: N802 - the standard library's name
        self._answering(self._post)

    def _answering(self, handle: Callable[[], None]) -> None:
        """Every request gets an answer: an error as JSON `{"error": message}`, never a closed connection."""
        try:
            handle()
        except Refused as refusal:
            self._json({"error": refusal.message}, refusal.status)
        except Conflict as conflict:
            self._json({"error": conflict.message, "stamp": conflict.stamp}, HTTPStatus.CONFLICT)
        except StridesError as error:
            self._json({"error": error.message}, HTTPStatus.UNPROCESSABLE_ENTITY)
        except (ConnectionError, TimeoutError) as error:
            if isinstance(error, TimeoutError) and not self.answered:
                self._json({"error": "the request did not arrive in time"}, HTTPStatus.REQUEST_TIMEOUT)
        except Exception as error:  # noqa: BLE001 - a bug must still be answered, and said in one line
            print(f"strides: {self.command} {urlsplit(self.path).path} failed: {type(error).__name__}: {error}",
                  file=sys.stderr, flush=True)
            self._json({"error": f"strides failed on this request ({type(error).__name__}); "
                                 "the terminal that runs strides serve says more"}, HTTPStatus.INTERNAL_SERVER_ERROR)

    def _get(self) -> None:
        self._check_host_and_origin()
        route = urlsplit(self.path)
        if route.path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
            return
        if route.path == "/" and "token" in parse_qs(route.query):
            self._sign_in(parse_qs(route.query)["token"][0])
            return
        self._check_signed_in()
        if route.path == "/":
            self._page()
        elif route.path == "/api/file":
            self._check_same_origin()
            self._file(parse_qs(route.query).get("stamp", [""])[0])
        elif route.path.startswith("/api/"):
            raise Refused(HTTPStatus.NOT_FOUND, f"there is no {route.path}: GET answers /api/file")
        else:
            raise Refused(HTTPStatus.NOT_FOUND, "there is nothing here: the editor is at /")

    def _post(self) -> None:
        self._check_host_and_origin()
        self._check_same_origin()
        self._check_signed_in()
        route = urlsplit(self.path).path
        answer = POSTS.get(route)
        if answer is None:
            raise Refused(HTTPStatus.NOT_FOUND, f"there is no {route}: POST answers " + ", ".join(sorted(POSTS)))
        answer(self, self._body())

    # ---- guards -----------------------------------------------------------------------------------------
    def _origins(self) -> tuple[str, str]:
        return f"127.0.0.1:{self.editor.port}", f"localhost:{self.editor.port}"

    def _check_host_and_origin(self) -> None:
        if self.headers.get("Host", "") not in self._origins():
            raise Refused(HTTPStatus.MISDIRECTED_REQUEST,
                          f"this editor answers only at http://127.0.0.1:{self.editor.port}/")
        origin = self.headers.get("Origin")
        if origin is not None and origin not in [f"http://{host}" for host in self._origins()]:
            raise Refused(HTTPStatus.FORBIDDEN, "requests from other pages are refused")

    def _check_same_origin(self) -> None:
        """A page of another origin (another port of 127.0.0.1 is the same site: its requests carry the
        cookie) is refused by what the browser says of it."""
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None and site not in ALLOWED_SITES:
            raise Refused(HTTPStatus.FORBIDDEN, "requests from other pages are refused")

    def _check_signed_in(self) -> None:
        given = _cookie(self.headers.get_all("Cookie") or [], self.editor.cookie_name)
        if given is None or not hmac.compare_digest(given.encode(), self.editor.session.encode()):
            raise Refused(HTTPStatus.FORBIDDEN, NOT_SIGNED_IN)

    def _sign_in(self, token: str) -> None:
        """The token of the address, exchanged for the cookie; then on to the bare address."""
        if not hmac.compare_digest(token.encode("utf-8", "surrogatepass"), self.editor.token.encode()):
            raise Refused(HTTPStatus.FORBIDDEN, "this is not the token of this run of strides serve: "
                                                "open the address it printed when it started")
        cookie = f"{self.editor.cookie_name}={self.editor.session}; HttpOnly; SameSite=Strict; Path=/"
        self._send(HTTPStatus.OK, SIGNED_IN, "text/html; charset=utf-8",
                   {"Set-Cookie": cookie, "Content-Security-Policy": "default-src 'none'"})

    def _body(self) -> dict[str, Any]:
        if self.headers.get("Transfer-Encoding") is not None:
            raise Refused(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length, not in chunks")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        length = _length(self.headers.get("Content-Length"))
        if length > MAX_BODY:
            self._drain(length)
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a request holds at most {MAX_BODY:,} bytes")
        data = self.rfile.read(length)
        if len(data) < length:
            raise Refused(HTTPStatus.BAD_REQUEST, "the body ended before its Content-Length")
        if kind != "application/json":
            raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "the body must be JSON (Content-Type: application/json)")
        try:
            body = json.loads(data)
        except (ValueError, RecursionError):
            body = None
        if not isinstance(body, dict):
            raise Refused(HTTPStatus.BAD_REQUEST, "the body is not a JSON object")
        return body

    def _drain(self, length: int) -> None:
        """Read a body too large to take, when that is cheap: a client still sending when the connection
        closes may lose the answer."""
        left = length if length <= DRAINED else 0
        while left > 0:
            chunk = self.rfile.read(min(left, 1 << 16))
            if not chunk:
                return
            left -= len(chunk)

    # ---- answers ------------------------------------------------------------------------------------------
    def _page(self) -> None:
        nonce = secrets.token_urlsafe(16)
        policy = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; connect-src 'self'; "
                  "img-src 'self' data: blob:; frame-src 'self' data: blob:; base-uri 'none'; form-action 'none'; "
                  "frame-ancestors 'none'")
        page = self.editor.page(nonce).encode("utf-8")
        self._send(HTTPStatus.OK, page, "text/html; charset=utf-8", {"Content-Security-Policy": policy})

    def _file(self, seen: str) -> None:
        stamp, text = self.editor.disk()
        self.send_json({"stamp": stamp, "text": text if stamp != seen else None})

    def send_json(self, value: object) -> None:
        self._json(value, HTTPStatus.OK)

    def send_download(self, name: str, data: bytes) -> None:
        suffix = next((s for s in TYPES if name.endswith(s)), ".json")
        self._send(HTTPStatus.OK, data, TYPES[suffix], {"Content-Disposition": f'attachment; filename="{name}"'})

    def _json(self, value: object, status: HTTPStatus) -> None:
        if not self.answered:
            self._send(status, json.dumps(value).encode("utf-8"), "application/json")

    def _send(self, status: HTTPStatus, data: bytes, kind: str, headers: Mapping[str, str] | None = None) -> None:
        self.answered = True
        self.send_response(status)
        for name, value in {"Content-Type": kind, "Content-Length": str(len(data)), "Cache-Control": "no-store",
                            "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                            "Referrer-Policy": "no-referrer", "Connection": "close", **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


# ---- the requests a POST makes ------------------------------------------------------------------------------
def _check(handler: Handler, body: Mapping[str, Any]) -> None:
    fields(body, ("text", "shown"))
    handler.send_json(handler.editor.preview(text_field(body), shown_field(body)))


def _save(handler: Handler, body: Mapping[str, Any]) -> None:
    fields(body, ("text", "base"))
    handler.send_json({"stamp": handler.editor.save(text_field(body), stamp_field(body))})


def _download(handler: Handler, body: Mapping[str, Any]) -> None:
    fields(body, ("text", "format", "workout"))
    text, kind = text_field(body), choice_field(body, "format", handler.editor.formats)
    handler.send_download(*handler.editor.download(text, kind, number_field(body, "workout")))


POSTS: dict[str, Callable[[Handler, Mapping[str, Any]], None]] = {
    "/api/check": _check, "/api/save": _save, "/api/download": _download}


def _length(header: str | None) -> int:
    if header is None:
        raise Refused(HTTPStatus.LENGTH_REQUIRED, "a request with a body needs its Content-Length")
    if not header.strip().isdigit() or not header.isascii():
        raise Refused(HTTPStatus.BAD_REQUEST, "the Content-Length is not a number of bytes")
    return int(header)


def _cookie(headers: list[str], name: str) -> str | None:
    """The value of the cookie `name`, from every Cookie header (read by hand: the standard library's parser
    raises on some values other sites leave on 127.0.0.1)."""
    for header in headers:
        for pair in header.split(";"):
            key, _, value = pair.strip().partition("=")
            if key == name:
                return value.strip()
    return None
