"""What the language server says about a ``.law`` file.

Diagnostics are the loader's and the checks' own (the codes and messages of
``statute check``), placed on the Act's files. Completion, hover, definition,
references, symbols and rename read the Act's :class:`~statute.lsp.locate.ActIndex`;
while the edited file does not assemble they use the Act as it last loaded cleanly, so
a half-typed provision does not switch them off.
"""

from __future__ import annotations

import re

from statute import model as m
from statute.lsp.answers import Edit, Problem, Suggestion, Symbol, meant, message_of, place_of
from statute.lsp.locate import ActIndex, Occurrence, Place, phrase_key, place, string_at, word_at
from statute.lsp.project import ActState, Project

#: The statute language's keywords (grammar/statute.lark; a test keeps them in it) and fields.
KEYWORDS = ("act", "terms", "fact", "number", "section", "clause", "schedule", "part", "chapter", "paragraph",
            "article", "regulation", "claim", "duty", "prohibition", "permission", "offence", "consequence",
            "definition", "exception", "aggravating factor", "to", "holder", "committed by", "faced by", "when",
            "must", "must not", "need not", "may", "within", "measured by", "subject to", "notwithstanding",
            "aggravates", "means", "on indictment", "on summary conviction", "penalty", "imprisonment up to",
            "a fine", "an unlimited fine", "not stated", "all of", "any of", "none of", "some", "or", "and",
            "not", "is", "is not", "is at least", "is at most", "is under", "is over", "breaches",
            "complies with", "is excused from", "commits", "faces", "regarding", "by", "both")
FIELDS = ("name", "text", "source", "note", "confidence", "citation", "version", "extent", "effect")
CONFIDENCE = ("verified", "secondary", "unverified")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _lines(project: Project, file: str) -> list[str]:
    text = project.text(file)
    return text.split("\n") if isinstance(text, str) else []


# ── diagnostics ──────────────────────────────────────────────────────────────

def problems(project: Project, path: str) -> dict[str, list[Problem]]:
    """The Act's diagnostics, by file, for every file of the Act the edited file belongs to."""
    state = project.act_of(path)
    out: dict[str, list[Problem]] = {file: [] for file in state.files}
    for diagnostic in state.diagnostics:
        file = diagnostic.file if diagnostic.file in out else path
        lines = _lines(project, file)
        where = place_of(diagnostic, file, lines)
        out[file].append(Problem(where, str(diagnostic.severity), diagnostic.code, message_of(diagnostic),
                                 _fixes(diagnostic.hint, where, lines)))
    return out


def _fixes(hint: str | None, where: Place, lines: list[str]) -> tuple[tuple[str, Edit], ...]:
    """Quick fixes for a "did you mean" hint: the name meant, in place of what the range holds."""
    names = meant(hint)
    if not names or where.line >= len(lines):
        return ()
    written = lines[where.line][where.start:where.end]
    fixes = []
    for name in names:
        text = name
        if written.startswith('"'):  # a phrase: keep the slot names the provision uses
            _, used = m.split_template(written.strip('"'))
            words, wanted = m.split_template(name)
            if len(used) == len(wanted):
                text = words[0] + "".join("{" + s + "}" + w for s, w in zip(used, words[1:], strict=True))
            text = f'"{text}"'
        fixes.append((f"Change to {text}", Edit(where, text)))
    return tuple(fixes)


# ── what is under the cursor ─────────────────────────────────────────────────

def _state(project: Project, path: str) -> ActState | None:
    return project.usable(project.act_files(path))


def _at(project: Project, path: str, line: int, column: int) -> tuple[ActState, Occurrence] | None:
    """The id or phrase at a position: from the Act's index, else (a stale index) by the word or string there."""
    state = _state(project, path)
    if state is None or state.index is None:
        return None
    found = state.index.at(path, line, column)
    if found is not None:
        return state, found
    lines = _lines(project, path)
    if line >= len(lines):
        return None
    text = lines[line]
    quoted = string_at(text, column)
    if quoted is not None:
        key = phrase_key(text[quoted[0]:quoted[1]])
        if key in state.act.phrases:  # type: ignore[union-attr]
            return state, Occurrence("phrase", key, Place(path, line, *quoted[:1], line, quoted[1]), "read")
        return None
    word = word_at(text, column)
    if word is not None and text[word[0]:word[1]] in state.act.provisions_by_id:  # type: ignore[union-attr]
        return state, Occurrence("id", text[word[0]:word[1]], Place(path, line, word[0], line, word[1]), "status")
    return None


# ── hover ────────────────────────────────────────────────────────────────────

def provision_card(act: m.Act, provision: m.Provision) -> str:
    """A provision in Markdown: kind, id, name, citation and section, text, provenance."""
    section = act.sections_by_eid.get(provision.section)
    lines = [f"**{provision.kind} `{provision.id}`**" + (f" — {provision.name}" if provision.name else "")]
    where = act.cite(provision) if section is not None else provision.section
    if section is not None and section.heading:
        where += f" · {section.heading}"
    lines.append(where)
    quote = act.quote(provision) if section is not None else provision.text
    if quote:
        lines.append("")
        lines.extend("> " + part for part in quote.strip().splitlines())
    source, confidence = act.provenance(provision) if section is not None else (provision.source, None)
    lines.append("")
    lines.append(f"source: {source or 'not stated'} · confidence: {confidence or 'not stated'}")
    if provision.note:
        lines.append("")
        lines.append(f"note: {provision.note}")
    return "\n".join(lines)


def phrase_card(act: m.Act, index: ActIndex, key: str) -> str | None:
    """A phrase in Markdown: what declares or defines it and which provisions read it."""
    entry = act.phrases.get(key)
    if entry is None:
        return None
    if isinstance(entry, m.Definition):
        lines = [f'**defined phrase** `"{entry.head.text}"`', f"defined by definition `{entry.id}` "
                 f"({act.cite(entry)})"]
        if entry.name:
            lines[-1] += f" — {entry.name}"
    else:
        kind = "number term" if entry.kind is m.TermKind.NUMBER else "term"
        lines = [f'**{kind}** `"{entry.text}"`']
        if entry.section:
            lines.append(f"declared in {entry.section}")
    readers = index.readers(key)
    if readers:
        lines.append("")
        lines.append("read by: " + ", ".join(f"`{p.id}` ({act.cite(p)})" for p in readers[:12])
                     + (f" and {len(readers) - 12} more" if len(readers) > 12 else ""))
    else:
        lines.append("")
        lines.append("read by no provision")
    return "\n".join(lines)


def hover(project: Project, path: str, line: int, column: int) -> tuple[str, Place] | None:
    found = _at(project, path, line, column)
    if found is None:
        return None
    state, occurrence = found
    act = state.act
    assert act is not None and state.index is not None
    if occurrence.kind == "id":
        provision = act.provisions_by_id.get(occurrence.name)
        return (provision_card(act, provision), occurrence.place) if provision is not None else None
    card = phrase_card(act, state.index, occurrence.name)
    return (card, occurrence.place) if card is not None else None


# ── definition and references ────────────────────────────────────────────────

def definition(project: Project, path: str, line: int, column: int) -> list[Place]:
    found = _at(project, path, line, column)
    if found is None:
        return []
    state, occurrence = found
    assert state.index is not None
    target = (state.index.heading(occurrence.name) if occurrence.kind == "id"
              else state.index.declaration(occurrence.name))
    return [target.place] if target is not None else []


def references(project: Project, path: str, line: int, column: int, declaration: bool = True) -> list[Place]:
    """Every place the id or phrase at the cursor is written: the Act's files, and the feature files."""
    from statute.lsp.feature import steps_naming

    found = _at(project, path, line, column)
    if found is None:
        return []
    state, occurrence = found
    assert state.index is not None
    table = state.index.ids if occurrence.kind == "id" else state.index.phrases
    out = [o.place for o in table.get(occurrence.name, ())
           if declaration or o.role not in ("heading", "declared", "defined")]
    out.extend(steps_naming(project, state, occurrence.kind, occurrence.name))
    return out


# ── rename ───────────────────────────────────────────────────────────────────

def rename_target(project: Project, path: str, line: int, column: int) -> Occurrence | None:
    """The provision id at the cursor, if there is one (only ids are renamed)."""
    found = _at(project, path, line, column)
    if found is None or found[1].kind != "id":
        return None
    return found[1] if found[1].name in found[0].act.provisions_by_id else None  # type: ignore[union-attr]


def rename(project: Project, path: str, line: int, column: int, new: str) -> dict[str, list[Edit]] | str:
    """Edits renaming the provision id at the cursor everywhere, or why it cannot be renamed."""
    from statute.lsp.feature import steps_naming

    found = _at(project, path, line, column)
    if found is None or found[1].kind != "id":
        return "only a provision id can be renamed: put the cursor on one"
    state, occurrence = found
    act, index = state.act, state.index
    assert act is not None and index is not None
    if not _NAME.fullmatch(new):
        return f"{new!r} is not an id: an id is letters, digits and underscores, not starting with a digit"
    if new != occurrence.name and new in act.provisions_by_id:
        return f"the Act already has a provision '{new}' ({act.cite(act.provisions_by_id[new])})"
    edits: dict[str, list[Edit]] = {}
    for where in [o.place for o in index.ids.get(occurrence.name, ())] + steps_naming(
            project, state, "id", occurrence.name, exact=True):
        edits.setdefault(where.file, []).append(Edit(where, new))
    return edits


# ── symbols ──────────────────────────────────────────────────────────────────

def _range(outer: Place, inner: Place) -> Place:
    if (outer.line, outer.start) <= (inner.line, inner.start) and (inner.end_line, inner.end) <= (
            outer.end_line, outer.end):
        return outer
    return Place(outer.file, min(outer.line, inner.line), 0, max(outer.end_line, inner.end_line), inner.end)


def symbols(project: Project, path: str) -> list[Symbol]:
    """The file's outline: its act header, sections (nested as written) and their provisions."""
    state = _state(project, path)
    if state is None or state.act is None:
        return []
    act = state.act
    out: list[Symbol] = []
    if act.span.file == path:
        header = place(act.span)
        out.append(Symbol(act.title, "act", act.version or "", header, Place(path, header.line, 0, header.line, 0)))
    made: dict[str, Symbol] = {}
    for section in act.sections:
        if section.span.file != path:
            continue
        where = place(section.span)
        heading = Place(path, where.line, where.start, where.line, where.start + len(section.kind) + 1
                        + len(section.number))
        symbol = Symbol(f"{section.kind} {section.number}", "section", section.heading or "", _range(where, heading),
                        heading)
        made[section.eid] = symbol
        parent = made.get(section.parent) if section.parent else None
        (parent.children if parent is not None else out).append(symbol)
    for provision in act.provisions:
        if provision.span.file != path:
            continue
        selection = place(provision.id_span) if provision.id_span is not None else place(provision.span)
        symbol = Symbol(provision.id, "provision", f"{provision.kind} {act.cite(provision)}",
                        _range(place(provision.span), selection), selection)
        parent = made.get(provision.section)
        (parent.children if parent is not None else out).append(symbol)
    _in_order(out)
    return out


def _in_order(symbols: list[Symbol]) -> None:
    """Symbols as written, top to bottom (the Act lists a section after the sections it holds)."""
    symbols.sort(key=lambda s: (s.selection.line, s.selection.start))
    for symbol in symbols:
        _in_order(symbol.children)


# ── completion ───────────────────────────────────────────────────────────────

def _slot_names(act: m.Act) -> list[str]:
    names: dict[str, None] = {}
    for term in act.terms:
        names.update(dict.fromkeys(term.slots))
    for provision in act.provisions:
        if provision.subject:
            names[provision.subject.strip("{}")] = None
    return list(names)


def complete(project: Project, path: str, line: int, column: int) -> list[Suggestion]:
    """In a string: the declared phrases; after ``{``: slot names; elsewhere: keywords, fields and ids."""
    lines = _lines(project, path)
    text = lines[line] if line < len(lines) else ""
    before = text[:column]
    state = _state(project, path)
    act = state.act if state is not None else None
    brace = before.rfind("{")
    if brace > before.rfind("}") and brace >= 0:  # a slot
        where = Place(path, line, brace + 1, line, column)
        names = _slot_names(act) if act is not None else []
        return [Suggestion(name, "slot", name + ("" if text[column:column + 1] == "}" else "}"), replace=where,
                           detail="slot") for name in names]
    if before.count('"') % 2 == 1:  # inside a string: the phrases
        opening = before.rfind('"')
        closing = text.find('"', column)
        where = Place(path, line, opening + 1, line, closing if closing >= 0 else column)
        if act is None:
            return []
        out = []
        for key, entry in act.phrases.items():
            phrase = entry.head.text if isinstance(entry, m.Definition) else entry.text
            detail = (f"defined by {entry.id}" if isinstance(entry, m.Definition)
                      else f"{entry.kind} term")
            out.append(Suggestion(phrase, "phrase", phrase, detail=detail, replace=where, filter_text=phrase,
                                  sort_text=key))
        return out
    word = re.search(r"[A-Za-z_][A-Za-z0-9_ ]*$", before)
    start = word.start() if word else column
    where = Place(path, line, start, line, column)
    out = [Suggestion(k, "keyword", k, replace=where, sort_text="1" + k) for k in KEYWORDS]
    out += [Suggestion(f, "field", f + ' "$1"', snippet=True, detail="field", replace=where, filter_text=f,
                       sort_text="2" + f) for f in FIELDS]
    out += [Suggestion(c, "keyword", c, detail="confidence", replace=where, sort_text="3" + c) for c in CONFIDENCE]
    if act is not None:
        out += [Suggestion(p.id, "provision", p.id, detail=f"{p.kind} {act.cite(p)}", documentation=p.name,
                           replace=where, sort_text="0" + p.id) for p in act.provisions]
    return out
