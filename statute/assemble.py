"""Assemble the fragments of one or more ``.law`` files into a single Act.

An Act may live in one file or in a folder of files; exactly one of them
carries the ``act "…":`` header. Order is the order the files were given
(folders are read in sorted order), so output is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence

from statute import model as m
from statute.diagnostics import Diagnostic, Severity, at


def assemble(fragments: Sequence[m.Fragment]) -> tuple[m.Act | None, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    headers = [f.header for f in fragments if f.header is not None]
    if not fragments:
        return None, problems
    if not headers:
        problems.append(Diagnostic(
            Severity.ERROR, "E206", "no act header: nothing says which Act this is", fragments[0].file, 1, 1,
            hint='start one file with `act "Title":` and its citation, version and source'))
        return None, problems
    for extra in headers[1:]:
        problems.append(at(extra.span, "E207", "an Act has only one header, but this is a second one",
                           hint=f"the first is at {headers[0].span}"))
    header = headers[0]
    sections: list[m.Section] = []
    seen: dict[str, m.Section] = {}
    for fragment in fragments:
        for section in fragment.sections:
            if section.eid in seen:
                first = seen[section.eid]
                problems.append(at(section.span, "E300",
                                   f"{section.kind} {section.number} is written twice",
                                   hint=f"the first is at {first.span}; merge them"))
                continue
            seen[section.eid] = section
            sections.append(section)
    act = m.Act(
        title=header.title, span=header.span, citation=header.citation, version=header.version,
        extent=header.extent, source=header.source, note=header.note, confidence=header.confidence,
        in_force=header.in_force,
        terms=tuple(t for f in fragments for t in f.terms),
        sections=tuple(sections),
        provisions=tuple(p for f in fragments for p in f.provisions if p.section in seen),
        files=tuple(f.file for f in fragments),
    )
    return act, problems
