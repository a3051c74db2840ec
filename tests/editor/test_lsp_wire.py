"""`strides lsp` held to the protocol's rules, written to byte for byte over stdio: broken frames are skipped and
reading falls back into step, bad JSON and bad params get their JSON-RPC errors, and the server's life
(initialize, shutdown, exit) ends with the exit code the protocol asks."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

pytest.importorskip("pygls", reason="pygls is in the test extra (pip install -e '.[test]')")
from lsp_client import Wire, frame, notification, request  # noqa: E402

from strides.editor.lsp_wire import MAX_MESSAGE, Frames, NotJson  # noqa: E402

NAME = "file:///workouts/wire.strides"
TEXT = "5k = 19:00\nTue: 12x400 @5k r60s\n"
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS, NOT_INITIALIZED = (-32700, -32600, -32601, -32602,
                                                                                   -32002)
_ids = itertools.count(100)


def hover(line: int = 1, character: int = 6, uri: str = NAME) -> dict[str, object]:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


def opened(uri: str = NAME, text: str = TEXT) -> bytes:
    return notification("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "strides",
                                                                   "version": 1, "text": text}})


@pytest.fixture(scope="module")
def wire() -> Iterator[Wire]:
    started = Wire()
    try:
        started.start()
        started.send(opened())
        yield started
    finally:
        started.close()
    assert b"Traceback" not in started.log


def in_step(wire: Wire, *before: bytes, errors: tuple[int, ...] = ()) -> None:
    """After `before`, the server answers these errors (to no id), then a hover sent next as it should."""
    msg_id = next(_ids)
    wire.send(*before, request(msg_id, "textDocument/hover", hover()))
    for code in errors:
        assert wire.answer(None)["error"]["code"] == code
    answer = wire.answer(msg_id)
    assert answer["result"]["contents"]["value"].startswith("**12 × 400 m in 1:31")


# ---- frames ------------------------------------------------------------------------------------------------------
SHORT = b'{"jsonrpc": "2.0"}'
BAD_FRAMES = {
    "a length of 20 digits": (b"Content-Length: 99999999999999999999\r\n\r\n", ()),
    "a length that is no number": (b"Content-Length: 12abc\r\n\r\n{}", ()),
    "a negative length": (b"Content-Length: -5\r\n\r\n", ()),
    "a header block without a length": (b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n", ()),
    "a body without a header": (b'{"jsonrpc": "2.0", "id": 7, "method": "shutdown"}', ()),
    "a header without its blank line": (b"Content-Length: 10\r\n", ()),
    # The second length is taken: its 12 bytes, the head of the next frame, are no JSON; that frame is read again.
    "two lengths that differ": (b"Content-Length: 10\r\ncontent-length: 12\r\n\r\n", (PARSE_ERROR,)),
    "a header block of 10,000 bytes": (b"Content-Length: 5\r\nX-Pad: " + b"x" * 10_000 + b"\r\n\r\n", ()),
    "bytes that are no header at all": (bytes(range(256)) * 3, ()),
    "an empty body": (b"Content-Length: 0\r\n\r\n", (PARSE_ERROR,)),
    # The length takes 30 bytes of the next frame: that frame's header is found in the broken body and read again.
    "a body shorter than its length": (b"Content-Length: %d\r\n\r\n" % (len(SHORT) + 30) + SHORT, (PARSE_ERROR,)),
}


@pytest.mark.parametrize("name", BAD_FRAMES)
def test_a_broken_frame_is_skipped_and_the_next_one_answered(wire: Wire, name: str) -> None:
    data, errors = BAD_FRAMES[name]
    in_step(wire, data, errors=errors)


def test_a_message_over_the_limit_is_skipped_body_and_all(wire: Wire) -> None:
    pad = "x" * MAX_MESSAGE
    in_step(wire, request(9, "textDocument/hover", {**hover(), "pad": pad}))


def pieces(*chunks: bytes) -> Callable[[int], bytes]:
    """A reader that gives the chunks one by one, then the end of the input."""
    given = iter([*chunks, b""])
    return lambda size: next(given)


def test_headers_with_bare_newlines_and_any_case_are_read() -> None:
    body = b'{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}'
    assert list(Frames(pieces(b"content-length: %d\n\n" % len(body) + body))) == [
        {"jsonrpc": "2.0", "id": 1, "method": "shutdown"}]


def test_frames_are_found_whatever_the_pieces_the_input_comes_in() -> None:
    good = [{"jsonrpc": "2.0", "id": n, "method": "shutdown"} for n in range(len(BAD_FRAMES) + 1)]
    broken = [data for data, _ in BAD_FRAMES.values()]
    stream = b"".join(data + frame(message) for data, message in zip(broken, good[:-1], strict=True)) + frame(good[-1])
    whole = [m for m in Frames(pieces(stream)) if not isinstance(m, NotJson)]
    byte_by_byte = [m for m in Frames(pieces(*(stream[n : n + 1] for n in range(len(stream)))))
                    if not isinstance(m, NotJson)]
    assert byte_by_byte == whole == good


# ---- JSON-RPC ------------------------------------------------------------------------------------------------------
NOT_REQUESTS = {
    "not JSON": (b"{not json", PARSE_ERROR, None),
    "not UTF-8": (b'{"jsonrpc": "2.0", "id": 1, "method": "\xff"}', PARSE_ERROR, None),
    "nested past any limit": (b"[" * 100_000 + b"]" * 100_000, PARSE_ERROR, None),
    "NaN": (b"NaN", PARSE_ERROR, None),
    "a batch": (b'[{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}]', INVALID_REQUEST, None),
    "a number": (b"42", INVALID_REQUEST, None),
    "an id that is a list": (b'{"jsonrpc": "2.0", "id": [1], "method": "shutdown"}', INVALID_REQUEST, None),
    "an id that is true": (b'{"jsonrpc": "2.0", "id": true, "method": "shutdown"}', INVALID_REQUEST, None),
    "JSON-RPC 1.0": (b'{"jsonrpc": "1.0", "id": 5, "method": "shutdown"}', INVALID_REQUEST, 5),
    "a method that is a number": (b'{"jsonrpc": "2.0", "id": 6, "method": 6}', INVALID_REQUEST, 6),
    "no method, result or error": (b'{"jsonrpc": "2.0", "id": 8}', INVALID_REQUEST, 8),
    "a notification sent with an id": (b'{"jsonrpc": "2.0", "id": 9, "method": "initialized", "params": {}}',
                                       INVALID_REQUEST, 9),
    "a method the server does not have": (b'{"jsonrpc": "2.0", "id": 10, "method": "textDocument/teleport", '
                                          b'"params": {}}', METHOD_NOT_FOUND, 10),
}


@pytest.mark.parametrize("name", NOT_REQUESTS)
def test_what_is_no_request_gets_its_json_rpc_error(wire: Wire, name: str) -> None:
    body, code, msg_id = NOT_REQUESTS[name]
    wire.send(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    answer = wire.answer(msg_id)
    assert answer["error"]["code"] == code and answer["error"]["message"]
    in_step(wire)


BAD_PARAMS = {
    "a negative line": ("textDocument/hover", hover(line=-1), "Position.line should be in range"),
    "a negative character": ("textDocument/hover", hover(character=-3), "Position.character should be in range"),
    "a line past 2**31": ("textDocument/hover", hover(line=2**31), "Position.line should be in range"),
    "a character that is text": ("textDocument/hover", hover(character="x"), "expected int"),  # type: ignore[arg-type]
    "no position": ("textDocument/hover", {"textDocument": {"uri": NAME}}, "required field missing"),
    "no params": ("textDocument/hover", None, "do not fit"),
    "params that are a list": ("textDocument/completion", [1, 2], "do not fit"),
    "a uri that is a number": ("textDocument/documentSymbol", {"textDocument": {"uri": 5}}, "5 is not open"),
    "a file not open": ("textDocument/hover", hover(uri="file:///elsewhere.strides"), "is not open"),
    "a file never opened": ("textDocument/formatting", {"textDocument": {"uri": "file:///x"}, "options": {
        "tabSize": 2, "insertSpaces": True}}, "is not open"),
}


@pytest.mark.parametrize("name", BAD_PARAMS)
def test_params_that_do_not_fit_are_invalid_params(wire: Wire, name: str) -> None:
    method, params, said = BAD_PARAMS[name]
    msg_id = next(_ids)
    wire.send(request(msg_id, method, params))
    error = wire.answer(msg_id)["error"]
    assert error["code"] == INVALID_PARAMS and said in error["message"]


FAR = 2**31 - 1  # the largest position the protocol has
FAR_RANGE = {"start": {"line": FAR, "character": FAR}, "end": {"line": FAR, "character": FAR}}
FAR_REQUESTS = {
    "textDocument/hover": hover(FAR, FAR),
    "textDocument/completion": hover(FAR, FAR),
    "textDocument/inlayHint": {"textDocument": {"uri": NAME}, "range": FAR_RANGE},
    "textDocument/codeAction": {"textDocument": {"uri": NAME}, "range": FAR_RANGE, "context": {"diagnostics": []}},
}


@pytest.mark.parametrize("method", FAR_REQUESTS)
def test_positions_past_the_end_of_the_file_are_answered(wire: Wire, method: str) -> None:
    msg_id = next(_ids)
    wire.send(request(msg_id, method, FAR_REQUESTS[method]))
    assert "error" not in wire.answer(msg_id)


def test_a_notification_that_does_not_fit_is_skipped_without_a_word(wire: Wire) -> None:
    change = {"textDocument": {"uri": "file:///never.strides", "version": 2}, "contentChanges": [{"text": "x"}]}
    msg_id = next(_ids)
    wire.send(notification("textDocument/didChange", change), notification("textDocument/didOpen", {"x": 1}),
              request(msg_id, "textDocument/hover", hover()))
    assert wire.next()["id"] == msg_id  # no message to the editor, no diagnostics: the hover's answer comes first


# ---- the server's life -------------------------------------------------------------------------------------------
def test_shutdown_then_exit_ends_with_0_and_nothing_but_exit_is_taken_between() -> None:
    wire = Wire()
    try:
        wire.start()
        wire.send(request(1, "shutdown"))
        assert wire.answer(1) == {"jsonrpc": "2.0", "id": 1, "result": None}
        wire.send(request(2, "textDocument/hover", hover()), opened(), request(3, "shutdown"))
        assert wire.answer(2)["error"]["code"] == INVALID_REQUEST
        assert wire.answer(3)["error"]["code"] == INVALID_REQUEST  # the didOpen was dropped: no diagnostics
        assert wire.end(notification("exit")) == 0
    finally:
        wire.close()
    assert wire.log.splitlines() == [b"strides lsp: answered InvalidRequest: the server is shutting down: "
                                     b"only `exit` is taken now"] * 2


@pytest.mark.parametrize(("ending", "code"), [
    (notification("exit"), 1), (b"", 1), (request(1, "shutdown"), 0)])
def test_an_end_without_shutdown_is_exit_code_1(ending: bytes, code: int) -> None:
    wire = Wire()
    try:
        wire.start()
        assert wire.end(ending) == code
    finally:
        wire.close()
    assert b"Traceback" not in wire.log


def test_before_initialize_a_request_is_refused_and_after_it_initialize_is() -> None:
    wire = Wire()
    try:
        wire.send(request(1, "textDocument/hover", hover()), opened())
        assert wire.answer(1)["error"]["code"] == NOT_INITIALIZED
        assert "capabilities" in wire.start()["result"]
        wire.send(request(2, "initialize", {"capabilities": {}}))
        assert wire.answer(2)["error"]["code"] == INVALID_REQUEST
        wire.send(request(3, "textDocument/hover", hover()))
        assert wire.answer(3)["error"]["code"] == INVALID_PARAMS  # the didOpen before initialize was dropped
        assert wire.end(request(4, "shutdown"), notification("exit")) == 0
    finally:
        wire.close()
