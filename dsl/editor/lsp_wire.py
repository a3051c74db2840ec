"""The language server's wire: messages framed as the protocol says, read back into step after any damage,
checked as JSON-RPC and held to the protocol's life (initialize first, nothing but exit after shutdown) before
pygls hands them to the features.

Every message that reaches here gets an answer or is dropped with a line on standard error: a frame with a
broken header is skipped up to the next `Content-Length:` header, a body that is not JSON is answered
ParseError, a request that does not fit its method InvalidParams, and so on. The handlers are plain functions,
run one after the other in the order the messages came.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import cattrs
from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

# The largest message read: the text of a file of the largest size strides checks (1,000,000 bytes) with every
# character escaped as JSON may write it (`\u00e9` is six bytes), and room to spare. A longer one is skipped.
MAX_MESSAGE = 16 * 1024 * 1024
MAX_HEADER = 8192  # a header block (`Content-Length: 123` and `Content-Type: …`) is some 80 bytes
CHUNK = 65536
_LENGTH = re.compile(rb"content-length:", re.IGNORECASE)
_BLANK_LINE = re.compile(rb"\n\r?\n")  # the end of the header block; a bare \n is taken as well as \r\n

log = logging.getLogger("strides.editor.lsp")
Refusal = Callable[[str, Any], "str | None"]  # why the server cannot take a method's params, if it cannot


class BadFrame(ValueError):
    """A header block that does not say how long its message is."""


class NotJson(ValueError):
    """A frame whose body is not one JSON value in UTF-8."""


class Frames:
    """The bodies of the messages in a byte stream: headers, an empty line, then as many bytes as the
    `Content-Length` header said. Anything between frames is skipped, and so is a frame whose length is
    missing, not a number, or over MAX_MESSAGE; reading starts again at the next `Content-Length:`."""

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self.read = read
        self.buffer = bytearray()
        self.ended = False
        self.skipped = 0

    def __iter__(self) -> Iterator[Any]:
        """Each message's JSON value, or a NotJson for a body that is none."""
        while (body := self._body()) is not None:
            try:
                yield _decode(body)
            except NotJson as error:
                # The frame may have been shorter than its length said, its body the head of the next frame:
                # it is read again as what follows a header (and skipped up to the next one).
                self.buffer[:0] = body
                yield error

    def _more(self, wanted: int = CHUNK) -> bool:
        chunk = b"" if self.ended else self.read(max(CHUNK, min(wanted, 1 << 20)))
        self.ended = not chunk
        self.buffer += chunk
        return bool(chunk)

    def _body(self) -> bytes | None:
        """The next frame's body; None at the end of the input."""
        while True:
            try:
                found = self._frame()
            except BadFrame as error:
                log.warning("skipped a frame: %s", error)
                del self.buffer[: len(b"content-length:")]  # and read on from the next header
                continue
            if found is None:
                if self._more():
                    continue
                break
            start, length = found
            if not self._fill(start + length):
                break
            body = bytes(self.buffer[start : start + length])
            del self.buffer[: start + length]
            return body
        if self.buffer.strip() or self.skipped:
            log.warning("the input ended inside a message")
        return None

    def _frame(self) -> tuple[int, int] | None:
        """Where the next body starts and how long it is; None until enough has been read to say."""
        if not self._at_header():
            return None
        end = _BLANK_LINE.search(self.buffer, 0, MAX_HEADER)
        if end is None:
            if len(self.buffer) >= MAX_HEADER:
                raise BadFrame(f"a header block longer than {MAX_HEADER} bytes")
            return None
        return end.end(), _length(bytes(self.buffer[: end.start()]))

    def _fill(self, size: int) -> bool:
        while len(self.buffer) < size:
            if not self._more(size - len(self.buffer)):
                return False
        return True

    def _at_header(self) -> bool:
        """Whether the buffer now starts with a `Content-Length:` header, what came before it dropped."""
        found = _LENGTH.search(self.buffer)
        keep = found.start() if found is not None else max(0, len(self.buffer) - len(b"content-length:") + 1)
        dropped = bytes(self.buffer[:keep])
        del self.buffer[:keep]
        if dropped.strip():  # a header the server does not read (`Content-Type`) comes before the length
            if not dropped.lstrip().lower().startswith(b"content-type:"):
                self.skipped += len(dropped)
        if found is not None and self.skipped:
            log.warning("skipped %d bytes that were no message", self.skipped)
            self.skipped = 0
        return found is not None


def _length(header: bytes) -> int:
    values = {value.strip() for name, _, value in (line.partition(b":") for line in header.split(b"\n"))
              if name.strip().lower() == b"content-length"}
    if len(values) != 1:
        raise BadFrame("two Content-Length headers that differ")
    [value] = values
    if not value.isdigit():
        raise BadFrame(f"a Content-Length that is not a number of bytes: {value[:40]!r}")
    if len(value.lstrip(b"0")) > len(str(MAX_MESSAGE)) or int(value) > MAX_MESSAGE:
        raise BadFrame(f"a message of {value[:40].decode()} bytes, over the limit of {MAX_MESSAGE:,}")
    return int(value)


def _decode(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError as error:
        raise NotJson(f"the message is not UTF-8: {error.reason} at byte {error.start}") from None
    except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
        raise NotJson(f"the message is not JSON: {error}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


class Session:
    """One client's conversation: where it stands in the protocol's life, and every message taken in turn."""

    def __init__(self, server: LanguageServer, write: Callable[[bytes], None], refuse: Refusal) -> None:
        self.protocol = server.protocol
        self.features = {**self.protocol.fm.builtin_features, **self.protocol.fm.features}
        self.write = write
        self.refuse = refuse
        self.initialized = False
        self.shut_down = False
        self.exit_code: int | None = None
        self.protocol.set_writer(_Writer(write))

    def take(self, message: Any) -> None:
        if isinstance(message, NotJson):
            self.error(None, lsp.ErrorCodes.ParseError, str(message))
        elif not isinstance(message, dict):
            self.error(None, lsp.ErrorCodes.InvalidRequest, "a message is one JSON object (batches are not taken)")
        elif "method" in message:
            self.call(message)
        elif "result" in message or "error" in message:
            self.answer(message)  # a response is never answered, not even when it is wrong
        else:
            self.error(_id_of(message), lsp.ErrorCodes.InvalidRequest,
                       "a message needs a `method`, or a `result` or an `error`")

    def call(self, message: dict[str, Any]) -> None:
        method, request = message["method"], "id" in message
        if message.get("jsonrpc") != "2.0" or not isinstance(method, str) or (request and _id_of(message) is None):
            self.error(_id_of(message), lsp.ErrorCodes.InvalidRequest, "a request has `jsonrpc` \"2.0\", a `method` "
                       "string and an `id` that is a number or a string")
            return
        if method == lsp.EXIT:
            self.exit_code = 0 if self.shut_down else 1
            return
        why = self.out_of_turn(method)
        if why is not None:
            if request:
                code = lsp.ErrorCodes.InvalidRequest if self.initialized else lsp.ErrorCodes.ServerNotInitialized
                self.error(message["id"], code, why)
        elif method in self.features:
            self.checked(message, request)
        elif request:
            self.error(message["id"], lsp.ErrorCodes.MethodNotFound, f"no method {method!r} here")

    def out_of_turn(self, method: str) -> str | None:
        """Why a method cannot come now, in the protocol's life: none before initialize, none after shutdown."""
        if self.shut_down:
            return "the server is shutting down: only `exit` is taken now"
        if not self.initialized and method != lsp.INITIALIZE:
            return "the server is not initialized: send `initialize` first"
        if self.initialized and method == lsp.INITIALIZE:
            return "the server is initialized already"
        return None

    def checked(self, message: dict[str, Any], request: bool) -> None:
        """The message structured as its method's params and handed on, or refused with the reason."""
        method = message["method"]
        try:
            structured = self.protocol.structure_message(message)
        except Exception as error:  # any failure to structure them is params that do not fit
            self.refused(message, lsp.ErrorCodes.InvalidParams, f"the params of {method} do not fit: {_why(error)}")
            return
        if request != hasattr(structured, "id"):
            kind = "a notification: it takes no" if request else "a request: it needs an"
            self.refused(message, lsp.ErrorCodes.InvalidRequest, f"{method} is {kind} `id`")
            return
        why = self.refuse(method, getattr(structured, "params", None))
        if why is not None:
            self.refused(message, lsp.ErrorCodes.InvalidParams, why)
            return
        self.initialized = True  # out_of_turn let nothing but initialize come first
        self.shut_down = method == lsp.SHUTDOWN
        self.protocol.handle_message(structured)

    def refused(self, message: dict[str, Any], code: lsp.ErrorCodes, why: str) -> None:
        """A request answered with the error; a notification, which cannot be answered, skipped and told."""
        if "id" in message:
            self.error(message["id"], code, why)
        else:
            log.warning("skipped %s: %s", message["method"], why)

    def answer(self, message: dict[str, Any]) -> None:
        """A response to a request of the server's, handed to pygls."""
        try:
            self.protocol.handle_message(self.protocol.structure_message(message))
        except Exception as error:  # a malformed response is the client's, and only told
            log.warning("skipped a response that does not fit: %s", _why(error))

    def error(self, msg_id: int | str | None, code: lsp.ErrorCodes, message: str) -> None:
        log.warning("answered %s: %s", code.name, message)
        reply = {"jsonrpc": "2.0", "id": msg_id, "error": {"code": int(code), "message": message}}
        self.write(frame(json.dumps(reply).encode()))


class _Writer:
    """pygls' writer: the server's frames on standard output, which stays open for the process's own end."""

    def __init__(self, write: Callable[[bytes], None]) -> None:
        self.write = write

    def close(self) -> None:
        pass


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _id_of(message: dict[str, Any]) -> int | str | None:
    """The message's id when it is one the protocol allows (a number or a string), else None."""
    found = message.get("id")
    return found if isinstance(found, (int, str)) and not isinstance(found, bool) else None


def _why(error: Exception) -> str:
    """What did not fit, said by the first exception that has something to say."""
    cause = error.__cause__ or error
    if isinstance(cause, cattrs.BaseValidationError):
        said = (line.partition(" @ ") for line in cattrs.transform_error(cause, path="", format_exception=_say))
        return "; ".join(f"{what} (at {where.lstrip('.')})" for what, _, where in said)
    return str(cause) or type(cause).__name__


def _say(error: BaseException, wanted: type | None) -> str:
    if wanted is None and isinstance(error, ValueError) and str(error):
        return str(error)  # lsprotocol's own check: `Position.line should be in range [0:2147483647], …`
    return cattrs.v.format_exception(error, wanted)


def run(server: LanguageServer, read: Callable[[int], bytes], write: Callable[[bytes], None],
        refuse: Refusal) -> int:
    """Serve until `exit` or the end of the input; the exit code the protocol asks: 0 after shutdown, else 1."""
    session = Session(server, write, refuse)
    try:
        for message in Frames(read):
            try:
                session.take(message)
            except OSError:
                raise
            except Exception as error:  # the last guard: a message the server cannot take does not end it
                log.error("a message could not be taken: %s", error)
            if session.exit_code is not None:
                return session.exit_code
    except OSError as error:  # the client went away while it was answered (BrokenPipeError among them)
        log.warning("the client is gone: %s", error)
    return 0 if session.shut_down else 1
