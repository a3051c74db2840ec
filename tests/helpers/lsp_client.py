"""A real LSP client (pygls') talking to `strides lsp` in its own process over stdio, used from plain
synchronous code: the client's event loop runs in a thread of its own. Shared by tests/editor/test_lsp.py and
bench/lsp_bench.py."""

from __future__ import annotations

import asyncio
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
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
