"""Where an Act writes its names: every provision id and every phrase, with its place.

The model keeps a span for each provision's heading id, each reference by id (``to``,
``aggravates``, ``subject to``, ``notwithstanding``), each status test and each phrase, so
the index is read off the Act, not re-lexed. Places are 0-based lines and columns counted
in characters, end exclusive, as the server's editors count before encoding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from statute import model as m


@dataclass(frozen=True, slots=True)
class Place:
    file: str
    line: int
    start: int
    end_line: int
    end: int

    def holds(self, file: str, line: int, column: int) -> bool:
        if file != self.file or not self.line <= line <= self.end_line:
            return False
        if line == self.line and column < self.start:
            return False
        return not (line == self.end_line and column > self.end)


def place(span: m.Span) -> Place:
    return Place(span.file, span.line - 1, span.column - 1, span.end_line - 1, span.end_column - 1)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A name written somewhere: a provision id (``kind="id"``) or a phrase (``kind="phrase"``, by key)."""

    kind: str
    name: str
    place: Place
    #: an id's: heading, to, aggravates, subject to, notwithstanding, status; a phrase's: declared, defined, read
    role: str
    provision: str | None = None  # the provision it is written in


def _word(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])")


def _status_places(test: m.StatusTest, lines: list[str]) -> Iterator[tuple[str, Place]]:
    """The provision ids a status test names (``… breaches ID``, ``… by ID``), found on its line."""
    span = test.span
    if not 0 < span.line <= len(lines):
        return
    text = lines[span.line - 1]
    start = span.column - 1
    for target in (test.provision, test.by):
        if target is None:
            continue
        found = _word(target).search(text, start)
        if found is not None:
            yield target, Place(span.file, span.line - 1, found.start(), span.line - 1, found.end())
            start = found.end()


def _phrases_of(provision: m.Provision) -> Iterator[m.Phrase]:
    yield from m.phrases_in(provision.condition)
    if isinstance(provision, m.Deontic):
        yield from m.phrases_in(provision.action)
        if provision.deadline is not None and provision.deadline.measured_by is not None:
            yield provision.deadline.measured_by


@dataclass
class ActIndex:
    """Every id and phrase of one Act by name, and by file for finding what is under the cursor."""

    act: m.Act
    ids: dict[str, list[Occurrence]] = field(default_factory=dict)
    phrases: dict[str, list[Occurrence]] = field(default_factory=dict)
    by_file: dict[str, list[Occurrence]] = field(default_factory=dict)

    @classmethod
    def of(cls, act: m.Act, texts: dict[str, str]) -> ActIndex:
        index = cls(act)
        lines = {file: text.split("\n") for file, text in texts.items()}
        for term in act.terms:
            index._add(Occurrence("phrase", term.key, place(term.span), "declared"))
        for provision in act.provisions:
            if provision.id_span is not None:
                index._add(Occurrence("id", provision.id, place(provision.id_span), "heading", provision.id))
            for reference in provision.references:
                index._add(Occurrence("id", reference.target, place(reference.span), reference.role, provision.id))
            if isinstance(provision, m.Definition):
                index._add(Occurrence("phrase", provision.head.key, place(provision.head.span), "defined",
                                      provision.id))
            for phrase in _phrases_of(provision):
                index._add(Occurrence("phrase", phrase.key, place(phrase.span), "read", provision.id))
            if provision.condition is not None:
                for node in m.walk(provision.condition):
                    if isinstance(node, m.StatusTest):
                        for target, where in _status_places(node, lines.get(node.span.file, [])):
                            index._add(Occurrence("id", target, where, "status", provision.id))
        for occurrences in index.by_file.values():
            occurrences.sort(key=lambda o: (o.place.line, o.place.start))
        return index

    def _add(self, occurrence: Occurrence) -> None:
        table = self.ids if occurrence.kind == "id" else self.phrases
        table.setdefault(occurrence.name, []).append(occurrence)
        self.by_file.setdefault(occurrence.place.file, []).append(occurrence)

    def at(self, file: str, line: int, column: int) -> Occurrence | None:
        """The id or phrase written at a position (the innermost, when a phrase holds an id)."""
        found = [o for o in self.by_file.get(file, ()) if o.place.line <= line <= o.place.end_line
                 and o.place.holds(file, line, column)]
        if not found:
            return None
        return min(found, key=lambda o: (o.place.end_line - o.place.line, o.place.end - o.place.start))

    def readers(self, key: str) -> list[m.Provision]:
        """The provisions whose conditions or actions read a phrase, in the Act's order."""
        ids = dict.fromkeys(o.provision for o in self.phrases.get(key, ()) if o.role == "read" and o.provision)
        return [self.act.provisions_by_id[i] for i in ids if i in self.act.provisions_by_id]

    def declaration(self, key: str) -> Occurrence | None:
        """Where a phrase is declared (a term) or defined (a definition's head)."""
        for role in ("declared", "defined"):
            for occurrence in self.phrases.get(key, ()):
                if occurrence.role == role:
                    return occurrence
        return None

    def heading(self, provision_id: str) -> Occurrence | None:
        return next((o for o in self.ids.get(provision_id, ()) if o.role == "heading"), None)


def phrase_key(text: str) -> str:
    """The identity of a phrase as written in a string (quotes and all): ``"{p} runs a venue"``."""
    inner = text.strip()
    if inner.startswith('"') and inner.endswith('"') and len(inner) >= 2:
        inner = inner[1:-1]
    words, _ = m.split_template(inner)
    return m.template_key(words)


_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def string_at(line: str, column: int) -> tuple[int, int] | None:
    """The start and end (exclusive) of the double-quoted string under a column, quotes included."""
    for found in _STRING.finditer(line):
        if found.start() <= column <= found.end():
            return found.start(), found.end()
        if found.start() > column:
            break
    return None


def word_at(line: str, column: int) -> tuple[int, int] | None:
    """The identifier (letters, digits, underscores) under a column."""
    for found in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*", line):
        if found.start() <= column <= found.end():
            return found.start(), found.end()
    return None
