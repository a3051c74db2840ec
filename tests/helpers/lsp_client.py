"""A real LSP client (pygls') talking to `strides lsp` in its own process over stdio, used from plain
synchronous code: the client's event loop runs in a thread of its own. Shared by tests/test_lsp.py and
bench/lsp_bench.py. And a raw one, Wire, that writes any bytes at all and reads the frames that come back."""

from __future__ import annotations

import asyncio
import json
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

T = TypeVar("T")
TIMEOUT = 60.0


class Client:
    """`strides lsp` started, initialised, and its published diagnostics kept per file and version."""

    def __init__(self, args: Sequence[str] = (), options: Any = None, snippets: bool = True) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = LanguageClient("strides-tests", "1")
        self.published: dict[str, list[tuple[int | None, list[lsp.Diagnostic], float]]] = {}
        self.changed = threading.Condition()
        self.versions: dict[str, int] = {}

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
            with self.changed:
                self.published.setdefault(params.uri, []).append(
                    (params.version, list(params.diagnostics), time.perf_counter()))
                self.changed.notify_all()

        self.messages: list[str] = []

        @self.client.feature(lsp.WINDOW_SHOW_MESSAGE)
        def on_message(params: lsp.ShowMessageParams) -> None:
            self.messages.append(params.message)

        @self.client.feature(lsp.WINDOW_LOG_MESSAGE)
        def on_log(params: lsp.LogMessageParams) -> None:
            self.messages.append(params.message)

        self.run(self.client.start_io(sys.executable, "-m", "strides", "lsp", *args))
        capabilities = lsp.ClientCapabilities(text_document=lsp.TextDocumentClientCapabilities(
            completion=lsp.CompletionClientCapabilities(
                completion_item=lsp.ClientCompletionItemOptions(snippet_support=snippets))))
        self.initialized = self.run(self.client.initialize_async(lsp.InitializeParams(
            capabilities=capabilities, process_id=None, initialization_options=options)))
        self.notify(self.client.initialized, lsp.InitializedParams())

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(TIMEOUT)

    def notify(self, method: Any, params: Any) -> None:
        async def send() -> None:
            method(params)
        self.run(send())

    # ---- documents --------------------------------------------------------------------------------------------
    def open(self, uri: str, text: str) -> list[lsp.Diagnostic]:
        self.versions[uri] = 1
        self.notify(self.client.text_document_did_open, lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="strides", version=1, text=text)))
        return self.diagnostics(uri, 1)

    def change(self, uri: str, start: tuple[int, int], end: tuple[int, int], text: str, wait: bool = True
               ) -> list[lsp.Diagnostic]:
        """Replace the text from `start` to `end` (line, character) and return the diagnostics published for
        the new version."""
        version = self.versions[uri] = self.versions[uri] + 1
        change = lsp.TextDocumentContentChangePartial(range=lsp.Range(
            start=lsp.Position(line=start[0], character=start[1]), end=lsp.Position(line=end[0], character=end[1])),
            text=text)
        self.notify(self.client.text_document_did_change, lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))
        return self.diagnostics(uri, version) if wait else []

    def diagnostics(self, uri: str, version: int) -> list[lsp.Diagnostic]:
        return self.published_at(uri, version)[0]

    def published_at(self, uri: str, version: int) -> tuple[list[lsp.Diagnostic], float]:
        """The diagnostics published for a version of a file, and when they arrived (perf_counter)."""
        deadline = time.monotonic() + TIMEOUT
        with self.changed:
            while True:
                for published, diagnostics, at in self.published.get(uri, []):
                    if published == version:
                        return diagnostics, at
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no diagnostics for version {version} of {uri}")
                self.changed.wait(left)

    # ---- requests ---------------------------------------------------------------------------------------------
    def hover(self, uri: str, line: int, character: int) -> lsp.Hover | None:
        return self.run(self.client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=line, character=character))))

    def completion(self, uri: str, line: int, character: int) -> list[lsp.CompletionItem]:
        found = self.run(self.client.text_document_completion_async(lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=line, character=character))))
        if found is None:
            return []
        return list(found.items if isinstance(found, lsp.CompletionList) else found)

    def formatting(self, uri: str) -> list[lsp.TextEdit] | None:
        return self.run(self.client.text_document_formatting_async(lsp.DocumentFormattingParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            options=lsp.FormattingOptions(tab_size=2, insert_spaces=True))))

    def symbols(self, uri: str) -> list[Any]:
        return list(self.run(self.client.text_document_document_symbol_async(lsp.DocumentSymbolParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri)))) or [])

    def inlay_hints(self, uri: str, first: int, last: int) -> list[lsp.InlayHint]:
        return list(self.run(self.client.text_document_inlay_hint_async(lsp.InlayHintParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=lsp.Range(start=lsp.Position(line=first, character=0), end=lsp.Position(line=last, character=0)))))
            or [])

    def code_actions(self, uri: str, diagnostic: lsp.Diagnostic) -> list[Any]:
        return list(self.run(self.client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
            context=lsp.CodeActionContext(diagnostics=[diagnostic])))) or [])

    def close(self) -> None:
        try:
            self.run(self.client.shutdown_async(None))
            self.notify(self.client.exit, None)
            self.run(self.client.stop())
        finally:
            process = self.client._server
            if process is not None and process.returncode is None:
                process.kill()  # it did not end as asked: the test fails, and leaves no process behind
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)


def frame(message: object) -> bytes:
    """A message framed as the protocol says."""
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def request(msg_id: int, method: str, params: object = None) -> bytes:
    return frame({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})


def notification(method: str, params: object = None) -> bytes:
    return frame({"jsonrpc": "2.0", "method": method, "params": params})


class Wire:
    """`strides lsp` in its own process, written to byte for byte and its frames read back as they come."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "strides", "lsp", *args], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.frames: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.said: list[bytes] = []  # standard error, read as it comes so that the server never waits on it
        self.readers = [threading.Thread(target=self._read, daemon=True),
                        threading.Thread(target=self._read_log, daemon=True)]
        for reader in self.readers:
            reader.start()

    @property
    def log(self) -> bytes:
        return b"".join(self.said)

    def _read_log(self) -> None:
        assert self.process.stderr is not None
        while line := self.process.stderr.readline():
            self.said.append(line)

    def _read(self) -> None:
        assert self.process.stdout is not None
        try:
            while True:
                header = b""
                while not header.endswith(b"\r\n\r\n"):
                    byte = self.process.stdout.read(1)
                    if not byte:
                        return
                    header += byte
                length = re.search(rb"Content-Length: (\d+)\r\n", header)
                assert length is not None, header
                self.frames.put(json.loads(self.process.stdout.read(int(length[1]))))
        finally:
            self.frames.put(None)

    def send(self, *data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"".join(data))
        self.process.stdin.flush()

    def next(self) -> dict[str, Any]:
        """The next frame the server writes (it must write one within TIMEOUT)."""
        found = self.frames.get(timeout=TIMEOUT)
        assert found is not None, "the server wrote nothing more"
        return found

    def answer(self, msg_id: int | str | None) -> dict[str, Any]:
        """The next response, the notifications before it (diagnostics, log messages) passed over."""
        while "method" in (found := self.next()):
            pass
        assert found.get("id") == msg_id, found
        return found

    def start(self) -> dict[str, Any]:
        self.send(request(0, "initialize", {"capabilities": {}}), notification("initialized", {}))
        return self.answer(0)

    def end(self, *data: bytes) -> int:
        """Send the last bytes, close the input, and the exit code; the process is reaped whatever happens."""
        try:
            if data:
                self.send(*data)
            assert self.process.stdin is not None
            self.process.stdin.close()
            return self.process.wait(TIMEOUT)
        finally:
            self.close()

    def close(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
        self.process.wait()
        for reader in self.readers:
            reader.join(TIMEOUT)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
