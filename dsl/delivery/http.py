"""JSON over HTTP for the services, with the standard library alone.

A 429 (too many requests) or 503 is waited out and tried again, a bounded number of times, waiting what
`Retry-After` asks (at most a minute) or 1, 2, 4, 8 s; `sleep` is given so that tests do not wait. Every
other failure is a `DeliveryError` of one line that names the service, the request and the answer, and
never a secret: the key is not in any URL, and any text that holds it is cut out before it is shown.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from strides.delivery import DeliveryError

RETRIED = (429, 503)
TRIES = 5
WAITS = (1.0, 2.0, 4.0, 8.0)
MOST_WAIT = 60.0
TIMEOUT = 30.0
REFUSED = (401, 403)


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


class Http:
    """Requests to one service at `base`, with the headers every request carries."""

    def __init__(self, service: str, base: str, headers: Mapping[str, str], *, secrets: Sequence[str] = (),
                 sleep: Callable[[float], None] | None = None, refused_hint: str | None = None) -> None:
        self.service = service
        self.base = base.rstrip("/")
        self.headers = dict(headers)
        self.secrets = [secret for secret in secrets if secret]
        self.sleep = sleep or time.sleep  # looked up now, so that tests can replace it
        self.refused_hint = refused_hint

    def url(self, path: str, query: Mapping[str, str] | None = None) -> str:
        url = self.base + path
        return f"{url}?{urllib.parse.urlencode(query)}" if query else url

    def send(self, request: Request) -> Any:
        """The answer's JSON (None for an empty answer), after waiting out rate limits."""
        for attempt in range(TRIES):
            status, headers, data = self._exchange(request)
            if status in RETRIED and attempt < TRIES - 1:
                self.sleep(_wait(headers.get("Retry-After"), attempt))
                continue
            return self._read(request, status, data)
        raise AssertionError("unreachable")  # the last try returns or raises

    def _exchange(self, request: Request) -> tuple[int, Mapping[str, str], bytes]:
        data = None if request.body is None else json.dumps(request.body).encode("utf-8")
        headers = {"Accept": "application/json", **self.headers}
        if data is not None:
            headers["Content-Type"] = "application/json"
        prepared = urllib.request.Request(request.url, data=data, method=request.method, headers=headers)
        try:
            with urllib.request.urlopen(prepared, timeout=TIMEOUT) as answer:  # noqa: S310 (http/https only)
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers or {}), error.read()
        except OSError as error:  # URLError and timeouts among them
            reason = getattr(error, "reason", None) or error
            raise DeliveryError(self.clean(f"cannot reach {self.service} at {self.base}: {_reason(reason)}"),
                                hint="check the network connection, then push again: what is there already "
                                "is left as it is") from None

    def _read(self, request: Request, status: int, data: bytes) -> Any:
        where = f"{request.method} {urllib.parse.urlsplit(request.url).path}"
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
        except (ValueError, UnicodeDecodeError):
            raise DeliveryError(self.clean(f"{self.service} answered {where} with something that is not "
                                           f"JSON{_said(data)}")) from None

    def clean(self, text: str) -> str:
        """`text` with every secret cut out: a message may quote what a server said."""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


def _wait(retry_after: str | None, attempt: int) -> float:
    try:
        asked = float(retry_after) if retry_after else None
    except ValueError:
        asked = None
    return min(MOST_WAIT, asked if asked is not None and asked >= 0 else WAITS[min(attempt, len(WAITS) - 1)])


def _said(data: bytes) -> str:
    """A short quote of what the server said, on one line."""
    text = " ".join(data.decode("utf-8", errors="replace").split())[:120]
    return f": {text}" if text else ""


def _reason(reason: object) -> str:
    text = str(getattr(reason, "strerror", None) or reason)
    return text[:1].lower() + text[1:] if text else "no answer"
