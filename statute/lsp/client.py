"""A small driver for ``statute lsp`` over pygls's own LanguageClient: what the tests and the benchmark speak.

It starts the server as a subprocess (the command an editor runs), initializes it, opens
documents and waits for their diagnostics; every request is a real LSP message over the
server's stdin and stdout.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

#: How long one request or one wait for diagnostics may take before the driver gives up (seconds).
TIMEOUT = 60.0


class Driver:
    """One server process and one client talking to it."""

    def __init__(self, root: Path, command: list[str] | None = None,
                 options: dict[str, Any] | None = None) -> None:
        self.root = root.resolve()
        self.command = command or [sys.executable, "-m", "statute", "lsp"]
        self.options = options or {}
        self.client = LanguageClient("statute-test-client", "1")
        self.diagnostics: dict[str, list[t.Diagnostic]] = {}
        self._arrived: dict[str, asyncio.Event] = {}
        self.versions: dict[str, int] = {}
        self.published: dict[str, list[int | None]] = {}  # every version whose diagnostics came, in order
        self.logs: list[str] = []

        @self.client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: t.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = list(params.diagnostics)
            self.published.setdefault(params.uri, []).append(params.version)
            # diagnostics for an older version of the text (a re-check still on its way) are not awaited
            if params.version is None or params.version >= self.versions.get(params.uri, 0):
                self._event(params.uri).set()

        @self.client.feature(t.WINDOW_LOG_MESSAGE)
        def logged(params: t.LogMessageParams) -> None:
            self.logs.append(params.message)

    def _event(self, uri: str) -> asyncio.Event:
        return self._arrived.setdefault(uri, asyncio.Event())

    @staticmethod
    def uri(path: Path | str) -> str:
        return from_fs_path(str(Path(path).resolve())) or str(path)

    async def start(self) -> t.InitializeResult:
        await self.client.start_io(*self.command, cwd=str(self.root))
        capabilities = t.ClientCapabilities(
            text_document=t.TextDocumentClientCapabilities(
                completion=t.CompletionClientCapabilities(
                    completion_item=t.ClientCompletionItemOptions(snippet_support=True)),
                hover=t.HoverClientCapabilities(content_format=[t.MarkupKind.Markdown]),
                document_symbol=t.DocumentSymbolClientCapabilities(hierarchical_document_symbol_support=True),
                rename=t.RenameClientCapabilities(prepare_support=True),
                publish_diagnostics=t.PublishDiagnosticsClientCapabilities()))
        result = await asyncio.wait_for(self.client.initialize_async(t.InitializeParams(
            capabilities=capabilities, root_uri=self.uri(self.root),
            workspace_folders=[t.WorkspaceFolder(self.uri(self.root), self.root.name)],
            initialization_options=self.options)), TIMEOUT)
        self.client.initialized(t.InitializedParams())
        return result

    async def stop(self) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
            self.client.exit(None)
        finally:
            await asyncio.wait_for(self.client.stop(), TIMEOUT)

    # ── documents ─────────────────────────────────────────────────────────
    async def open(self, path: Path | str, text: str | None = None) -> list[t.Diagnostic]:
        """Open a document (its text on disk unless given) and wait for its diagnostics."""
        uri = self.uri(path)
        text = Path(path).read_text(encoding="utf-8") if text is None else text
        language = "statute" if str(path).endswith(".law") else "gherkin"
        version = self.versions[uri] = self.versions.get(uri, 0) + 1  # a re-open is a newer text too
        self._event(uri).clear()
        self.client.text_document_did_open(t.DidOpenTextDocumentParams(t.TextDocumentItem(uri, language, version,
                                                                                          text)))
        return await self.wait(uri)

    def change(self, path: Path | str, edit: t.Range, text: str, *more: tuple[t.Range, str]) -> str:
        """Send an incremental edit (``text`` over ``edit``, then each of ``more`` in turn, as one change);
        the diagnostics come later (:meth:`wait`)."""
        uri = self.uri(path)
        self.versions[uri] = self.versions.get(uri, 1) + 1
        self._event(uri).clear()
        self.client.text_document_did_change(t.DidChangeTextDocumentParams(
            t.VersionedTextDocumentIdentifier(self.versions[uri], uri),
            [t.TextDocumentContentChangePartial(range=where, text=new) for where, new in ((edit, text), *more)]))
        return uri

    async def wait(self, uri: str) -> list[t.Diagnostic]:
        await asyncio.wait_for(self._event(uri).wait(), TIMEOUT)
        return self.diagnostics.get(uri, [])

    # ── requests ──────────────────────────────────────────────────────────
    @staticmethod
    def _where(path: Path | str, line: int, character: int) -> tuple[t.TextDocumentIdentifier, t.Position]:
        return t.TextDocumentIdentifier(Driver.uri(path)), t.Position(line, character)

    async def completion(self, path: Path | str, line: int, character: int) -> t.CompletionList:
        document, position = self._where(path, line, character)
        found = await asyncio.wait_for(self.client.text_document_completion_async(
            t.CompletionParams(text_document=document, position=position)), TIMEOUT)
        if isinstance(found, t.CompletionList):
            return found
        return t.CompletionList(False, list(found or []))

    async def hover(self, path: Path | str, line: int, character: int) -> t.Hover | None:
        document, position = self._where(path, line, character)
        return await asyncio.wait_for(self.client.text_document_hover_async(
            t.HoverParams(text_document=document, position=position)), TIMEOUT)

    async def definition(self, path: Path | str, line: int, character: int) -> list[t.Location]:
        document, position = self._where(path, line, character)
        found = await asyncio.wait_for(self.client.text_document_definition_async(
            t.DefinitionParams(text_document=document, position=position)), TIMEOUT)
        if found is None:
            return []
        return list(found) if isinstance(found, list) else [found]  # type: ignore[list-item]

    async def references(self, path: Path | str, line: int, character: int) -> list[t.Location]:
        document, position = self._where(path, line, character)
        found = await asyncio.wait_for(self.client.text_document_references_async(
            t.ReferenceParams(text_document=document, position=position,
                              context=t.ReferenceContext(include_declaration=True))), TIMEOUT)
        return list(found or [])

    async def symbols(self, path: Path | str) -> list[t.DocumentSymbol]:
        found = await asyncio.wait_for(self.client.text_document_document_symbol_async(
            t.DocumentSymbolParams(t.TextDocumentIdentifier(self.uri(path)))), TIMEOUT)
        return list(found or [])  # type: ignore[arg-type]

    async def rename(self, path: Path | str, line: int, character: int, new: str) -> t.WorkspaceEdit | None:
        document, position = self._where(path, line, character)
        return await asyncio.wait_for(self.client.text_document_rename_async(
            t.RenameParams(text_document=document, position=position, new_name=new)), TIMEOUT)

    async def code_actions(self, path: Path | str, diagnostic: t.Diagnostic) -> list[t.CodeAction]:
        found = await asyncio.wait_for(self.client.text_document_code_action_async(t.CodeActionParams(
            t.TextDocumentIdentifier(self.uri(path)), diagnostic.range,
            t.CodeActionContext([diagnostic]))), TIMEOUT)
        return [a for a in found or [] if isinstance(a, t.CodeAction)]
