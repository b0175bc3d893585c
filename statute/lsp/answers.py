"""What the server answers, as plain data: problems, edits, suggestions, symbols.

:mod:`statute.lsp.law` and :mod:`statute.lsp.feature` build these; :mod:`statute.lsp.server`
turns them into LSP messages. Keeping them free of the protocol library lets the
language logic be tested in-process and read without knowing LSP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from statute.diagnostics import Diagnostic
from statute.lsp.locate import Place


@dataclass(frozen=True)
class Edit:
    place: Place
    text: str


@dataclass(frozen=True)
class Problem:
    """A diagnostic placed in a file, with the replacements a quick fix may offer."""

    place: Place
    severity: str  # error / warning / info
    code: str | None
    message: str
    fixes: tuple[tuple[str, Edit], ...] = ()  # (title, edit)


@dataclass(frozen=True)
class Suggestion:
    """A completion item: ``insert`` replaces ``replace`` (or the word at the cursor)."""

    label: str
    kind: str  # keyword / phrase / provision / slot / step / field
    insert: str
    snippet: bool = False
    detail: str | None = None
    documentation: str | None = None
    replace: Place | None = None
    filter_text: str | None = None
    sort_text: str | None = None


@dataclass
class Symbol:
    name: str
    kind: str  # act / section / provision / terms
    detail: str
    place: Place
    selection: Place
    children: list[Symbol] = field(default_factory=list)


def message_of(diagnostic: Diagnostic) -> str:
    """The message an editor shows: the checker's message and its hint, as ``statute check`` prints them."""
    return diagnostic.message + (f"\nhint: {diagnostic.hint}" if diagnostic.hint else "")


_MEANT = re.compile(r"did you mean (?P<names>.+?)\?")
_QUOTED = re.compile(r"'([^']+)'|\"([^\"]+)\"")


def meant(hint: str | None) -> list[str]:
    """The names a "did you mean 'x' or 'y'?" hint offers, best first."""
    if not hint:
        return []
    found = _MEANT.search(hint)
    if found is None:
        return []
    return [a or b for a, b in _QUOTED.findall(found.group("names"))]


def line_place(file: str, lines: list[str], line: int) -> Place:
    """A whole line (0-based), without its indentation."""
    text = lines[line] if 0 <= line < len(lines) else ""
    start = len(text) - len(text.lstrip())
    return Place(file, line, start, line, max(start, len(text.rstrip())))


def place_of(diagnostic: Diagnostic, file: str, lines: list[str]) -> Place:
    """Where a checker diagnostic points, as a range: its column to its end column, else to the token's end."""
    if diagnostic.line is None:
        return line_place(file, lines, 0)
    line = min(max(diagnostic.line - 1, 0), max(len(lines) - 1, 0))
    text = lines[line] if lines else ""
    start = min(max((diagnostic.column or 1) - 1, 0), len(text))
    if diagnostic.end_column is not None and diagnostic.end_column - 1 > start:
        end = min(diagnostic.end_column - 1, len(text))
    else:
        word = re.match(r'"(?:[^"\\\n]|\\.)*"?|[^\s]+', text[start:])
        end = start + (len(word.group()) if word else 0)
        if end == start:
            end = min(start + 1, len(text))
    return Place(file, line, start, line, end)
