"""The phrases a case can state, with their slots and where the Act uses them.

A drafter writing Given steps needs the Act's vocabulary: every declared term
(a fact or a number), including those no provision reads yet (roles kept for
scenarios, facts that change nothing), and the derived phrases a definition makes,
which a case cannot state but a Then step can assert. ``statute phrases ACT``
prints this table; it reads only the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from statute import model as m


@dataclass(frozen=True)
class PhraseEntry:
    """One phrase of the Act's vocabulary."""

    text: str
    kind: str  # "fact", "number" or "derived"
    slots: tuple[str, ...]
    declared: str  # file:line of its declaration or definition
    section: str | None  # the citation of the section declaring it, if any
    used_by: tuple[tuple[str, str], ...]  # (provision id, citation), in the Act's order
    defined_by: tuple[str, str] | None = None  # (definition id, citation), for a derived phrase

    def to_json(self) -> dict[str, object]:
        return {"phrase": self.text, "kind": self.kind, "slots": list(self.slots), "declared": self.declared,
                "section": self.section, "used_by": [{"id": i, "citation": c} for i, c in self.used_by],
                "defined_by": ({"id": self.defined_by[0], "citation": self.defined_by[1]}
                               if self.defined_by else None)}


def _read_by(provision: m.Provision) -> list[m.Phrase]:
    """Every phrase a provision reads: its condition, its action, its deadline's measure."""
    out = list(m.phrases_in(provision.condition))
    if isinstance(provision, m.Deontic):
        out.extend(m.phrases_in(provision.action))
        if provision.deadline is not None and provision.deadline.measured_by is not None:
            out.append(provision.deadline.measured_by)
    return out


def uses(act: m.Act) -> dict[str, list[m.Provision]]:
    """The provisions that read each phrase, by phrase key, in the Act's order."""
    out: dict[str, list[m.Provision]] = {}
    for provision in act.provisions:
        for phrase in _read_by(provision):
            readers = out.setdefault(phrase.key, [])
            if provision not in readers:
                readers.append(provision)
    return out


def _section(act: m.Act, eid: str | None) -> str | None:
    section = act.sections_by_eid.get(eid) if eid else None
    return section.citation if section is not None else None


def phrase_table(act: m.Act) -> list[PhraseEntry]:
    """Every phrase of the Act: the declared terms (in declaration order), then the derived ones."""
    readers = uses(act)

    def used(key: str) -> tuple[tuple[str, str], ...]:
        return tuple((p.id, act.cite(p)) for p in readers.get(key, []))

    rows = [PhraseEntry(term.text, str(term.kind), term.slots, f"{term.span.file}:{term.span.line}",
                        _section(act, term.section), used(term.key))
            for term in act.terms_by_key.values()]
    for key, definition in act.definitions_by_key.items():
        if key in act.terms_by_key:
            continue  # declared twice (E304): the term's row stands
        head = definition.head
        rows.append(PhraseEntry(head.text, "derived", head.slots, f"{head.span.file}:{head.span.line}",
                                _section(act, definition.section), used(key), (definition.id, act.cite(definition))))
    return rows
