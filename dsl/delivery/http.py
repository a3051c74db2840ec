"""JSON over HTTP for the services, with the standard library alone.

A 429 (too many requests) or 503 is waited out and tried again, a bounded number of times, waiting what
`Retry-After` asks (at most a minute) or 1, 2, 4, 8 s, and saying so on standard error; `sleep` and `tell`
are given so that tests neither wait nor print. Every other failure is a `DeliveryError` of one line that
names the service, the request and the answer, and never a secret: the key is not in any URL, and any text
that holds it is cut out before it is shown.

The credentials go to the configured scheme, host and port alone: a redirect to another one is refused
(urllib would carry the Authorization header along), one within the same origin is followed. An answer is
read up to `MOST_BYTES`; what a server says is quoted only in printable characters.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any

import attrs

from strides.delivery import DeliveryError

RETRIED = (429, 503)
TRIES = 5
WAITS = (1.0, 2.0, 4.0, 8.0)
MOST_WAIT = 60.0
TIMEOUT = 30.0
REFUSED = (401, 403)
MOST_BYTES = 16 * 1024 * 1024  # far more than a season of workouts; a server sending more is not answering


@attrs.frozen
class Request:
    """One request as it is sent (and as `--dry-run` prints it)."""

    method: str
    url: str
    body: Any = None  # JSON, or None

    def shown(self) -> str:
        text = f"{self.method} {self.url}"
        if self.body is not None:
            text += "\n" + json.dumps(self.body, indent=2, ensure_ascii=False)
        return text


def segment(value: str | int) -> str:
    """A value made safe as one segment of a URL's path."""
    return urllib.parse.quote(str(value), safe="")


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port or default
    except ValueError:
        port = None
    return parts.scheme, (parts.hostname or "").lower(), port


class _ForeignRedirect(Exception):
    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follows a redirect within the origin of `base`; any other stops the request before it is sent."""

    def __init__(self, base: str) -> None:
        self.base = origin(base)

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: http.client.HTTPMessage, newurl: str) -> urllib.request.Request | None:
        if origin(newurl) != self.base:
            raise _ForeignRedirect(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Http:
    """Requests to one service at `base`, with the headers every request carries."""

    def __init__(self, service: str, base: str, headers: Mapping[str, str], *, secrets: Sequence[str] = (),
                 sleep: Callable[[float], None] | None = None, refused_hint: str | None = None,
                 tell: Callable[[str], None] | None = None) -> None:
        self.service = service
        self.base = base.rstrip("/")
        self.headers = dict(headers)
        self.secrets = [secret for secret in secrets if secret]
        self.sleep = sleep or time.sleep  # looked up now, so that tests can replace it
        self.refused_hint = refused_hint
        self.tell = tell or _say
        self.opener = urllib.request.build_opener(_SameOrigin(self.base))

    def url(self, path: str, query: Mapping[str, str] | None = None) -> str:
        url = self.base + path
        return f"{url}?{urllib.parse.urlencode(query)}" if query else url

    def send(self, request: Request, *, missing: Any = ...) -> Any:
        """The answer's JSON (None for an empty answer), after waiting out rate limits; `missing` is
        returned for a 404 when it is given."""
        for attempt in range(TRIES):
            status, headers, data = self._exchange(request)
            if status in RETRIED and attempt < TRIES - 1:
                wait = _wait(headers.get("Retry-After"), attempt)
                self.tell(f"strides: {self.service} is {'limiting requests' if status == 429 else 'busy'} "
                          f"({status}): waiting {wait:g} s before try {attempt + 2} of {TRIES}")
                self.sleep(wait)
                continue
            if status == 404 and missing is not ...:
                return missing
            return self._read(request, status, data)
        raise AssertionError("unreachable")  # the last try returns or raises

    def _exchange(self, request: Request) -> tuple[int, Mapping[str, str], bytes]:
        data = None if request.body is None else json.dumps(request.body).encode("utf-8")
        headers = {"Accept": "application/json", **self.headers}
        if data is not None:
            headers["Content-Type"] = "application/json"
        where = f"{request.method} {_path(request.url)}"
        try:
            return self._open(urllib.request.Request(request.url, data=data, method=request.method, headers=headers))
        except _ForeignRedirect as redirect:
            raise DeliveryError(self.clean(
                f"{self.service} redirected {where} to {_origin_text(redirect.target)}; strides sends the key "
                f"only to {_origin_text(self.base)}, so it did not follow"),
                hint="check the service's address (STRIDES_INTERVALS_URL or `url` in config.toml)") from None
        except _TooLong:
            raise DeliveryError(f"{self.service} answered {where} with more than {MOST_BYTES // 2**20} MB; "
                                "strides stopped reading") from None
        except (OSError, http.client.HTTPException, ValueError) as error:  # URLError, timeouts, bad URLs
            reason = getattr(error, "reason", None) or error
            raise DeliveryError(self.clean(f"cannot reach {self.service} at {self.base}: {_reason(reason)}"),
                                hint="check the network connection, then push again: what is there already "
                                "is left as it is") from None

    def _open(self, prepared: urllib.request.Request) -> tuple[int, Mapping[str, str], bytes]:
        try:
            with self.opener.open(prepared, timeout=TIMEOUT) as answer:
                return answer.status, dict(answer.headers), _body(answer)
        except urllib.error.HTTPError as error:
            with error:
                return error.code, dict(error.headers or {}), _body(error)

    def _read(self, request: Request, status: int, data: bytes) -> Any:
        where = f"{request.method} {_path(request.url)}"
        if status in REFUSED:
            raise DeliveryError(self.clean(f"{self.service} refused the credentials ({status}) for {where}"),
                                hint=self.refused_hint)
        if status == 429:
            raise DeliveryError(f"{self.service} is still limiting requests (429) after {TRIES} tries",
                                hint="wait a few minutes and push again")
        if not 200 <= status < 300:
            raise DeliveryError(self.clean(f"{self.service} answered {status} to {where}{_said(data)}"))
        if not data.strip():
            return None
        try:
            return json.loads(data)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise DeliveryError(self.clean(f"{self.service} answered {where} with something that is not "
                                           f"JSON{_said(data)}")) from None

    def clean(self, text: str) -> str:
        """`text` with every secret cut out: a message may quote what a server said."""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


class _TooLong(Exception):
    pass


def _body(answer: IO[bytes]) -> bytes:
    data = answer.read(MOST_BYTES + 1)
    if len(data) > MOST_BYTES:
        raise _TooLong
    return data


def _wait(retry_after: str | None, attempt: int) -> float:
    try:
        asked = float(retry_after) if retry_after else None
    except ValueError:
        asked = None
    return min(MOST_WAIT, asked if asked is not None and asked >= 0 else WAITS[min(attempt, len(WAITS) - 1)])


def _path(url: str) -> str:
    return printable(urllib.parse.urlsplit(url).path, 200)


def _origin_text(url: str) -> str:
    """`scheme://host:port` of a URL: never a user name or password it may carry."""
    scheme, host, port = origin(url)
    return printable(f"{scheme}://{host}" + (f":{port}" if port else ""), 200)


def printable(text: str, most: int) -> str:
    """`text` on one line of printable characters, at most `most` of them: what a server says cannot move
    the cursor or colour the terminal."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())[:most]


def _said(data: bytes) -> str:
    """A short quote of what the server said, on one line."""
    text = printable(data[:4096].decode("utf-8", errors="replace"), 120)
    return f": {text}" if text else ""


def _reason(reason: object) -> str:
    text = printable(str(getattr(reason, "strerror", None) or reason), 200)
    return text[:1].lower() + text[1:] if text else "no answer"


def _say(message: str) -> None:
    from strides.messages import say

    say(message)
