"""The Language Server Protocol wiring: pygls handlers over :mod:`statute.lsp.law` and :mod:`statute.lsp.feature`.

pygls (with lsprotocol's typed messages) reads and writes the JSON-RPC stream, keeps the
open documents in step with incremental edits and negotiates the position encoding; this
module converts places to the client's encoding and back, debounces re-checking, and makes
sure no request can take the server down: a handler that fails logs the failure to the
client and answers nothing, so a half-typed file never ends the session.

Re-checking is debounced on both edges: the first edit after a pause is checked at once
(the latency a drafter feels is the check's), edits arriving faster than ``debounce``
seconds apart are coalesced into one check after the last.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

import statute
from statute.loader import LAW_SUFFIX
from statute.lsp import feature, law
from statute.lsp.answers import Edit, Problem, Suggestion, Symbol
from statute.lsp.locate import Place
from statute.lsp.project import Project
from statute.source import MAX_FILE_BYTES

F = TypeVar("F", bound=Callable[..., Any])
FEATURE_SUFFIX = ".feature"
#: Seconds within which edits are coalesced into one check.
DEBOUNCE = 0.15
#: The most open documents re-checked when an Act they depend on changes.
MAX_DEPENDENTS = 50

_SEVERITY = {"error": t.DiagnosticSeverity.Error, "warning": t.DiagnosticSeverity.Warning,
             "info": t.DiagnosticSeverity.Information}
_COMPLETION_KIND = {"keyword": t.CompletionItemKind.Keyword, "phrase": t.CompletionItemKind.Text,
                    "provision": t.CompletionItemKind.Reference, "slot": t.CompletionItemKind.Variable,
                    "step": t.CompletionItemKind.Snippet, "field": t.CompletionItemKind.Property}
_SYMBOL_KIND = {"act": t.SymbolKind.File, "section": t.SymbolKind.Namespace, "provision": t.SymbolKind.Function}


class StatuteServer(LanguageServer):
    """The server: a :class:`~statute.lsp.project.Project` and the debouncing state."""

    def __init__(self) -> None:
        super().__init__("statute", statute.__version__,
                         text_document_sync_kind=t.TextDocumentSyncKind.Incremental)
        self.project = Project()
        self.debounce = DEBOUNCE
        self.uris: dict[str, str] = {}  # path → the URI the client uses for it
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._last: dict[str, float] = {}
        self._scenario_cache: dict = {}

    # ── places ────────────────────────────────────────────────────────────
    def path_of(self, uri: str) -> str:
        path = to_fs_path(uri) or uri
        resolved = str(Path(path).resolve())
        self.uris.setdefault(resolved, uri)
        return resolved

    def uri_of(self, path: str) -> str:
        return self.uris.get(path) or from_fs_path(path) or path

    def lines(self, path: str) -> list[str]:
        text = self.project.text(path)
        return text.split("\n") if isinstance(text, str) else []

    def to_client(self, where: Place, lines: list[str] | None = None) -> t.Range:
        lines = self.lines(where.file) if lines is None else lines
        codec = self.workspace.position_codec
        start = codec.position_to_client_units(lines, t.Position(where.line, where.start))
        end = codec.position_to_client_units(lines, t.Position(where.end_line, where.end))
        return t.Range(start, end)

    def from_client(self, path: str, position: t.Position) -> tuple[int, int]:
        found = self.workspace.position_codec.position_from_client_units(self.lines(path), position)
        return found.line, found.character

    def location(self, where: Place) -> t.Location:
        return t.Location(self.uri_of(where.file), self.to_client(where))

    # ── checking ──────────────────────────────────────────────────────────
    def schedule(self, path: str, now: bool = False) -> None:
        """Check a document: at once after a pause, else once edits stop for ``debounce`` seconds."""
        loop = asyncio.get_running_loop()
        pending = self._timers.pop(path, None)
        if pending is not None:
            pending.cancel()
        quiet = loop.time() - self._last.get(path, float("-inf")) > self.debounce
        if now or quiet:
            self.check(path)
        else:
            self._timers[path] = loop.call_later(self.debounce, self.check, path)

    def check(self, path: str, dependents: bool = True) -> None:
        self._timers.pop(path, None)
        with contextlib.suppress(RuntimeError):  # no loop: called from a test, not the server
            self._last[path] = asyncio.get_running_loop().time()
        try:
            self._check(path, dependents)
        except Exception:  # a bug in statute: say so in the client's log, keep serving
            self.log_failure("checking " + path)

    def _check(self, path: str, dependents: bool) -> None:
        text = self.project.text(path)
        if isinstance(text, str) and len(text) > MAX_FILE_BYTES:
            self.publish(path, [Problem(Place(path, 0, 0, 0, 0), "error", "E001",
                                        f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")])
            return
        if path.endswith(LAW_SUFFIX):
            for file, problems in law.problems(self.project, path).items():
                self.publish(file, problems)
            if dependents:
                loop = asyncio.get_running_loop()
                for other in [p for p in self.project.documents if p != path][:MAX_DEPENDENTS]:
                    pending = self._timers.pop(other, None)
                    if pending is not None:  # one re-check of each, after the last edit
                        pending.cancel()
                    self._timers[other] = loop.call_later(self.debounce, self.check, other, False)
        elif path.endswith(FEATURE_SUFFIX):
            self.publish(path, feature.problems(self.project, path, self._scenario_cache))

    def publish(self, path: str, problems: list[Problem]) -> None:
        lines = self.lines(path)
        diagnostics = []
        for problem in problems:
            data = [{"title": title, "newText": edit.text, "range": _range_json(self.to_client(edit.place, lines))}
                    for title, edit in problem.fixes if edit.place.file == path]
            diagnostics.append(t.Diagnostic(self.to_client(problem.place, lines), problem.message,
                                            severity=_SEVERITY.get(problem.severity, t.DiagnosticSeverity.Error),
                                            code=problem.code, source="statute", data=data or None))
        uri = self.uri_of(path)
        document = self.workspace.text_documents.get(uri)
        version = document.version if document is not None else None
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, diagnostics, version=version))

    def log_failure(self, what: str) -> None:
        message = f"statute lsp: internal error while {what} (a bug in statute; please report it):\n" + \
            traceback.format_exc(limit=8)
        logging.getLogger("statute.lsp").error(message)
        try:
            self.window_log_message(t.LogMessageParams(t.MessageType.Error, message))
        except Exception:
            logging.getLogger("statute.lsp").exception("could not log to the client")


def _range_json(where: t.Range) -> dict[str, Any]:
    return {"start": {"line": where.start.line, "character": where.start.character},
            "end": {"line": where.end.line, "character": where.end.character}}


def guarded(default: Any = None) -> Callable[[F], F]:
    """A handler that never raises: a failure is logged to the client and ``default`` answered."""

    def wrap(handler: F) -> F:
        @functools.wraps(handler)
        def run(ls: StatuteServer, params: Any) -> Any:
            try:
                return handler(ls, params)
            except Exception:
                ls.log_failure(f"answering {handler.__name__}")
                return default
        return run  # type: ignore[return-value]
    return wrap


def _kind(path: str) -> Any:
    """The module answering for a file, by its suffix (None for others)."""
    if path.endswith(LAW_SUFFIX):
        return law
    if path.endswith(FEATURE_SUFFIX):
        return feature
    return None


def build_server() -> StatuteServer:
    server = StatuteServer()

    @server.feature(t.INITIALIZE)
    @guarded()
    def initialize(ls: StatuteServer, params: t.InitializeParams) -> None:
        folders = params.workspace_folders or []
        root = to_fs_path(folders[0].uri) if folders else (to_fs_path(params.root_uri) if params.root_uri else None)
        ls.project = Project(Path(root) if root else None)
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        debounce = options.get("debounceMs")
        if isinstance(debounce, (int, float)) and 0 <= debounce <= 10_000:
            ls.debounce = debounce / 1000

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def did_open(ls: StatuteServer, params: t.DidOpenTextDocumentParams) -> None:
        path = ls.path_of(params.text_document.uri)
        ls.project.open(path, params.text_document.text)
        ls.schedule(path, now=True)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def did_change(ls: StatuteServer, params: t.DidChangeTextDocumentParams) -> None:
        path = ls.path_of(params.text_document.uri)
        document = ls.workspace.get_text_document(params.text_document.uri)
        ls.project.change(path, document.source)
        ls.schedule(path)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    @guarded()
    def did_save(ls: StatuteServer, params: t.DidSaveTextDocumentParams) -> None:
        ls.project.forget()
        ls.schedule(ls.path_of(params.text_document.uri), now=True)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def did_close(ls: StatuteServer, params: t.DidCloseTextDocumentParams) -> None:
        path = ls.path_of(params.text_document.uri)
        ls.project.close(path)
        pending = ls._timers.pop(path, None)
        if pending is not None:
            pending.cancel()

    @server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=[" ", "{", '"']))
    @guarded()
    def completion(ls: StatuteServer, params: t.CompletionParams) -> t.CompletionList | None:
        path = ls.path_of(params.text_document.uri)
        module = _kind(path)
        if module is None:
            return None
        line, column = ls.from_client(path, params.position)
        if module is law:
            items, more = law.complete(ls.project, path, line, column), False
        else:
            items, more = feature.complete(ls.project, path, line, column)
        lines = ls.lines(path)
        return t.CompletionList(is_incomplete=more, items=[_item(ls, s, lines) for s in items])

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    @guarded()
    def hover(ls: StatuteServer, params: t.HoverParams) -> t.Hover | None:
        path = ls.path_of(params.text_document.uri)
        module = _kind(path)
        if module is None:
            return None
        found = module.hover(ls.project, path, *ls.from_client(path, params.position))
        if found is None:
            return None
        text, where = found
        return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, text), ls.to_client(where))

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    @guarded()
    def definition(ls: StatuteServer, params: t.DefinitionParams) -> list[t.Location] | None:
        path = ls.path_of(params.text_document.uri)
        module = _kind(path)
        if module is None:
            return None
        return [ls.location(p) for p in module.definition(ls.project, path, *ls.from_client(path, params.position))]

    @server.feature(t.TEXT_DOCUMENT_REFERENCES)
    @guarded()
    def references(ls: StatuteServer, params: t.ReferenceParams) -> list[t.Location] | None:
        path = ls.path_of(params.text_document.uri)
        module = _kind(path)
        if module is None:
            return None
        line, column = ls.from_client(path, params.position)
        found = module.references(ls.project, path, line, column, params.context.include_declaration)
        return [ls.location(p) for p in dict.fromkeys(found)]

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded()
    def document_symbol(ls: StatuteServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol] | None:
        path = ls.path_of(params.text_document.uri)
        if not path.endswith(LAW_SUFFIX):
            return None
        lines = ls.lines(path)
        return [_symbol(ls, s, lines) for s in law.symbols(ls.project, path)]

    @server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded()
    def prepare_rename(ls: StatuteServer, params: t.PrepareRenameParams) -> t.Range | None:
        path = ls.path_of(params.text_document.uri)
        if not path.endswith(LAW_SUFFIX):
            return None
        found = law.rename_target(ls.project, path, *ls.from_client(path, params.position))
        return ls.to_client(found.place) if found is not None else None

    @server.feature(t.TEXT_DOCUMENT_RENAME)
    def rename(ls: StatuteServer, params: t.RenameParams) -> t.WorkspaceEdit | None:
        path = ls.path_of(params.text_document.uri)
        if not path.endswith(LAW_SUFFIX):
            return None
        try:
            edits = law.rename(ls.project, path, *ls.from_client(path, params.position), params.new_name)
        except Exception:
            ls.log_failure("renaming")
            return None
        if isinstance(edits, str):  # why not: the client shows it
            raise ValueError(edits)
        return t.WorkspaceEdit(changes={ls.uri_of(file): [_text_edit(ls, e) for e in found]
                                        for file, found in edits.items()})

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION,
                    t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix]))
    @guarded()
    def code_action(ls: StatuteServer, params: t.CodeActionParams) -> list[t.CodeAction] | None:
        out: list[t.CodeAction] = []
        for diagnostic in params.context.diagnostics:
            for fix in diagnostic.data or [] if isinstance(diagnostic.data, list) else []:
                if not isinstance(fix, dict) or "range" not in fix:
                    continue
                where = fix["range"]
                edit = t.TextEdit(t.Range(t.Position(where["start"]["line"], where["start"]["character"]),
                                          t.Position(where["end"]["line"], where["end"]["character"])),
                                  str(fix.get("newText", "")))
                out.append(t.CodeAction(str(fix.get("title", "Fix")), kind=t.CodeActionKind.QuickFix,
                                        diagnostics=[diagnostic], is_preferred=not out,
                                        edit=t.WorkspaceEdit(changes={params.text_document.uri: [edit]})))
        return out

    return server


def _text_edit(ls: StatuteServer, edit: Edit) -> t.TextEdit:
    return t.TextEdit(ls.to_client(edit.place), edit.text)


def _item(ls: StatuteServer, suggestion: Suggestion, lines: list[str]) -> t.CompletionItem:
    edit = t.TextEdit(ls.to_client(suggestion.replace, lines), suggestion.insert) if suggestion.replace else None
    documentation = t.MarkupContent(t.MarkupKind.Markdown, suggestion.documentation) \
        if suggestion.documentation else None
    return t.CompletionItem(
        suggestion.label, kind=_COMPLETION_KIND.get(suggestion.kind, t.CompletionItemKind.Text),
        detail=suggestion.detail, documentation=documentation, sort_text=suggestion.sort_text,
        filter_text=suggestion.filter_text, text_edit=edit,
        insert_text=None if edit else suggestion.insert,
        insert_text_format=t.InsertTextFormat.Snippet if suggestion.snippet else t.InsertTextFormat.PlainText)


def _symbol(ls: StatuteServer, symbol: Symbol, lines: list[str]) -> t.DocumentSymbol:
    return t.DocumentSymbol(symbol.name, _SYMBOL_KIND.get(symbol.kind, t.SymbolKind.Object),
                            ls.to_client(symbol.place, lines), ls.to_client(symbol.selection, lines),
                            detail=symbol.detail or None,
                            children=[_symbol(ls, child, lines) for child in symbol.children])


def serve() -> None:
    """Serve over stdin and stdout until the client says exit or goes away."""
    logging.basicConfig(level=logging.WARNING, format="statute lsp: %(message)s")
    build_server().start_io()
