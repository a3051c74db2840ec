"""`strides lsp`: a Language Server over standard input and output, for any editor that speaks LSP.

Every open file is checked as it is typed (each workout on its own, unchanged workouts remembered, see
strides.editor.document) and its mistakes published with the caret span `strides check` underlines; hovers
explain steps, paces, settings and workouts; completion, formatting, the outline, inlay hints and one-click
fixes follow.
Needs the `lsp` extra: `pip install 'strides[lsp]'`. The messages are read, checked and answered when they are
wrong by strides.editor.lsp_wire; only what fits reaches the features here.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import sys
from collections.abc import Mapping
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from strides import __version__
from strides.editor.complete import Item, Symbol, complete, symbols
from strides.editor.document import Analysis, Cache, Mark, Position, analyse
from strides.editor.formatting import format_readable
from strides.editor.hover import hints, hover
from strides.editor.lsp_wire import run

_SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning}
_KIND = {"pace": lsp.CompletionItemKind.Value, "effort": lsp.CompletionItemKind.Keyword,
         "kind": lsp.CompletionItemKind.Keyword, "modifier": lsp.CompletionItemKind.Keyword,
         "unit": lsp.CompletionItemKind.Unit, "recovery": lsp.CompletionItemKind.Value,
         "snippet": lsp.CompletionItemKind.Snippet, "setting": lsp.CompletionItemKind.Property}
_PLACEHOLDER = re.compile(r"\$\{\d+(?::([^}]*)|\|([^,}|]*)[^}]*\|)\}|\$\d+")


class StridesServer(LanguageServer):
    """The server, with what it remembers: each open file's last analysis, and the pieces by their text."""

    def __init__(self, settings: Mapping[str, str]) -> None:
        super().__init__("strides", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.given = dict(settings)  # the profile from the command line, and the editor's initialisation options
        self.cache = Cache()
        self.analyses: dict[str, Analysis] = {}

    def refuse(self, method: str, params: object) -> str | None:
        """Why a message about a file cannot be taken: the file is not open here."""
        uri = getattr(getattr(params, "text_document", None), "uri", None)
        if method == lsp.TEXT_DOCUMENT_DID_OPEN or not isinstance(uri, str):
            return None
        if unquote(uri) not in self.workspace.text_documents:
            return f"{uri} is not open: send textDocument/didOpen first"
        return None

    def analysis(self, uri: str) -> Analysis:
        """The file's analysis, made again when its text has changed since the last one."""
        document = self.workspace.text_documents.get(unquote(uri))
        text = document.source if document is not None else ""  # closed since: nothing to say of it
        found = self.analyses.get(uri)
        if found is None or "\n".join(found.lines) != text:
            found = analyse(text, _filename(uri), self.given, self.cache)
            if document is not None:
                self.analyses[uri] = found
        return found

    # ---- positions: the file's lines and code points here, the client's units there ---------------------
    def to_client(self, analysis: Analysis, position: Position) -> lsp.Position:
        line, character = position
        if line >= len(analysis.lines):
            return lsp.Position(line=len(analysis.lines), character=0)
        text = analysis.lines[line]
        if not text.isascii():
            character = self.workspace.position_codec.client_num_units(text[:character])
        return lsp.Position(line=line, character=character)

    def from_client(self, analysis: Analysis, position: lsp.Position) -> Position:
        line = min(position.line, max(0, len(analysis.lines) - 1))
        text = analysis.lines[line] if analysis.lines else ""
        if text.isascii():
            return line, min(position.character, len(text))
        server = self.workspace.position_codec.position_from_client_units(
            list(analysis.lines), lsp.Position(line=line, character=position.character))
        return server.line, server.character

    def range(self, analysis: Analysis, start: Position, end: Position) -> lsp.Range:
        return lsp.Range(start=self.to_client(analysis, start), end=self.to_client(analysis, end))

    def diagnostic(self, analysis: Analysis, mark: Mark) -> lsp.Diagnostic:
        message = f"{mark.message}\n{mark.hint}" if mark.hint else mark.message
        return lsp.Diagnostic(range=self.range(analysis, mark.start, mark.end), message=message,
                              severity=_SEVERITY.get(mark.severity, lsp.DiagnosticSeverity.Error), source="strides")

    def publish(self, uri: str, version: int | None) -> None:
        analysis = self.analysis(uri)
        diagnostics = [self.diagnostic(analysis, mark) for mark in analysis.marks]
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))


def _filename(uri: str) -> str:
    return to_fs_path(uri) or uri


def _plain(snippet: str) -> str:
    """A snippet's text with its placeholders filled in, for editors that take no snippets."""
    return _PLACEHOLDER.sub(lambda m: m[1] or m[2] or "", snippet)


def build_server(settings: Mapping[str, str] | None = None) -> StridesServer:
    server = StridesServer(settings or {})
    _documents(server)
    _features(server)
    return server


def _documents(server: StridesServer) -> None:
    @server.feature(lsp.INITIALIZE)
    def initialize(ls: StridesServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, Mapping) and isinstance(options.get("settings"), Mapping):
            ls.given.update({str(k): str(v) for k, v in options["settings"].items()})

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: StridesServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri, params.text_document.version)
        # What a file's workouts became lives as long as the file is open: set it aside from the collector, whose
        # full passes over a year of workouts would otherwise stall an edit now and then by tens of milliseconds.
        gc.collect()
        gc.freeze()

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: StridesServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.publish(params.text_document.uri, params.text_document.version)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: StridesServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.publish(params.text_document.uri, None)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: StridesServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.analyses.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri,
                                                                          diagnostics=[]))


def _features(server: StridesServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: StridesServer, params: lsp.HoverParams) -> lsp.Hover | None:
        analysis = ls.analysis(params.text_document.uri)
        found = hover(analysis, ls.from_client(analysis, params.position))
        if found is None:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=found.text),
                         range=ls.range(analysis, found.start, found.end))

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["@"]))
    def on_completion(ls: StridesServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        analysis = ls.analysis(params.text_document.uri)
        cursor = ls.from_client(analysis, params.position)
        items = complete(analysis, cursor, ls.given)
        return lsp.CompletionList(is_incomplete=False,
                                  items=[_completion(ls, analysis, item, cursor, n) for n, item in enumerate(items)])

    @server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
    def on_formatting(ls: StridesServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit] | None:
        analysis = ls.analysis(params.text_document.uri)
        text = "\n".join(analysis.lines)
        formatted = format_readable(text)  # a workout with a mistake is left as typed, and said
        message = formatted.message()
        if message is not None:
            ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=message))
        canonical = formatted.text
        if canonical == text:
            return []
        end = (len(analysis.lines) - 1, len(analysis.lines[-1]))
        return [lsp.TextEdit(range=ls.range(analysis, (0, 0), end), new_text=canonical)]

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_symbols(ls: StridesServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        analysis = ls.analysis(params.text_document.uri)
        return [_symbol(ls, analysis, symbol, lsp.SymbolKind.Event) for symbol in symbols(analysis)]

    @server.feature(lsp.TEXT_DOCUMENT_INLAY_HINT)
    def on_inlay_hints(ls: StridesServer, params: lsp.InlayHintParams) -> list[lsp.InlayHint]:
        analysis = ls.analysis(params.text_document.uri)
        found = hints(analysis, params.range.start.line, params.range.end.line)
        return [lsp.InlayHint(position=ls.to_client(analysis, hint.position), label=hint.label, padding_left=True)
                for hint in found]

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def on_code_action(ls: StridesServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        analysis = ls.analysis(uri)
        start, end = ls.from_client(analysis, params.range.start), ls.from_client(analysis, params.range.end)
        actions = []
        for mark in analysis.marks:
            if mark.end < start or mark.start > end:
                continue
            fix = analysis.fix(mark)
            if fix is None:
                continue
            edit = lsp.TextEdit(range=ls.range(analysis, mark.start, mark.end), new_text=fix)
            actions.append(lsp.CodeAction(title=f"Write `{fix}`", kind=lsp.CodeActionKind.QuickFix,
                                          diagnostics=[ls.diagnostic(analysis, mark)], is_preferred=True,
                                          edit=lsp.WorkspaceEdit(changes={uri: [edit]})))
        return actions


def _snippets(ls: StridesServer) -> bool:
    completion = ls.client_capabilities.text_document and ls.client_capabilities.text_document.completion
    item = completion.completion_item if completion else None
    return bool(item and item.snippet_support)


def _completion(ls: StridesServer, analysis: Analysis, item: Item, cursor: Position, order: int
                ) -> lsp.CompletionItem:
    snippet = item.snippet and _snippets(ls)
    text = item.insert if snippet or not item.snippet else _plain(item.insert)
    edit = lsp.TextEdit(range=ls.range(analysis, item.start, cursor), new_text=text)
    return lsp.CompletionItem(
        label=item.label, kind=_KIND.get(item.kind), detail=item.detail, text_edit=edit,
        filter_text=item.label if not item.snippet else None, sort_text=f"{order:03d}",
        insert_text_format=lsp.InsertTextFormat.Snippet if snippet else lsp.InsertTextFormat.PlainText)


def _symbol(ls: StridesServer, analysis: Analysis, symbol: Symbol, kind: lsp.SymbolKind) -> lsp.DocumentSymbol:
    return lsp.DocumentSymbol(
        name=symbol.name, detail=symbol.detail or None, kind=kind,
        range=ls.range(analysis, symbol.start, symbol.end),
        selection_range=ls.range(analysis, symbol.name_start, symbol.name_end),
        children=[_symbol(ls, analysis, child, lsp.SymbolKind.Field) for child in symbol.children] or None)


def serve(settings: Mapping[str, str] | None = None) -> int:
    """Run the server on standard input and output until the editor ends it; the exit code (0 when the
    editor asked for a shutdown before the exit, as the protocol says, else 1)."""
    server = build_server(settings)
    _log_lines()
    # Whatever a library might print goes to the log, not into the stream of messages on descriptor 1.
    with contextlib.redirect_stdout(sys.stderr):
        return run(server, lambda size: os.read(0, size), _write, server.refuse)


def _write(data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(1, view):]


class _OneLine(logging.Filter):
    """The log is read in an editor's panel: one line for each record, the first of its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = record.getMessage().split("\n", 1)[0], None
        record.exc_info = record.exc_text = None
        return True


def _log_lines() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("strides lsp: %(message)s"))
    handler.addFilter(_OneLine())
    for name in ("pygls", "strides.editor.lsp"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING)
        logger.addHandler(handler)
        logger.propagate = False
