"""Build the obligation graph of an Act: a typed networkx ``MultiDiGraph``.

The schema (node kinds, attributes, edge types, direction) is in
:mod:`statute.graph.schema`; this module only follows it. Node ids are stable
and readable (``duty:duty_to_notify``, ``term:person_is_a_teacher``,
``section:sec_85``, ``penalty:preventing_or_deterring:indictment``) so a legal
engineer can type them; every edge's key is its relation type.

The builder tolerates an Act with errors (unknown phrases become ``undeclared``
term nodes, unknown provision ids are skipped), so a graph can be drawn while
the encoding is still being fixed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from statute import model as m
from statute.gcpause import without_gc
from statute.graph.schema import SCHEMA_VERSION
from statute.render import deadline_text, expr_text, penalties_text

ENFORCEABLE = (m.Kind.DUTY, m.Kind.PROHIBITION)
_MODE_SLUG = {m.TrialMode.INDICTMENT: "indictment", m.TrialMode.SUMMARY: "summary",
              m.TrialMode.UNSPECIFIED: "unspecified"}
_SLOT = re.compile(r"\{([^{}]*)\}")


# ── Node ids ─────────────────────────────────────────────────────────────────


def kind_prefix(kind: str) -> str:
    return kind.replace(" ", "_")


def provision_node(provision: m.Provision) -> str:
    return f"{kind_prefix(provision.kind)}:{provision.id}"


def section_node(eid: str) -> str:
    return f"section:{eid}"


def slug(text: str) -> str:
    """``{person} is a teacher`` → ``person_is_a_teacher``: ASCII letters, digits and underscores."""
    plain = _SLOT.sub(lambda match: f" {match.group(1)} ", text)
    if not plain.isascii():  # (ASCII text comes out of NFKD and the ASCII filter unchanged)
        plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode("ascii")
    plain = plain.casefold()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_") or "phrase"


class TermIds:
    """Readable, unique node ids for phrases, assigned in declaration order."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}
        self._taken: set[str] = set()

    def get(self, key: str) -> str | None:
        return self.by_key.get(key)

    def assign(self, key: str, text: str) -> str:
        if key in self.by_key:
            return self.by_key[key]
        base = f"term:{slug(text)}"
        node, number = base, 1
        while node in self._taken:
            number += 1
            node = f"{base}~{number}"
        self._taken.add(node)
        self.by_key[key] = node
        return node


# ── Reading conditions ───────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Use:
    """One use of a phrase or a status test inside a provision."""

    target: m.Phrase | m.StatusTest
    part: str
    positive: bool
    comparison: str | None = None


def uses(expr: m.Expr | None, part: str, positive: bool = True) -> Iterator[Use]:
    """Phrases and status tests in a condition, with the polarity they are read under."""
    if expr is None:
        return
    stack: list[tuple[m.Expr, bool]] = [(expr, positive)]
    while stack:
        node, pos = stack.pop()
        if isinstance(node, (m.Phrase, m.StatusTest)):
            yield Use(node, part, pos)
        elif isinstance(node, m.Comparison):
            right = f'"{node.right.text}"' if isinstance(node.right, m.Phrase) else str(node.right)
            yield Use(node.left, part, pos, f"{node.op} {right}")
            if isinstance(node.right, m.Phrase):
                yield Use(node.right, part, pos, f'compared with "{node.left.text}"')
        elif isinstance(node, m.Not):
            stack.append((node.operand, not pos))
        elif isinstance(node, (m.All, m.AnyOf)):
            stack.extend((operand, pos) for operand in reversed(node.operands))
        elif isinstance(node, m.Some):
            stack.append((node.body, pos))


def provision_uses(provision: m.Provision) -> Iterator[Use]:
    yield from uses(provision.condition, "condition")
    if isinstance(provision, m.Deontic):
        yield from uses(provision.action, "action")
        if provision.deadline and provision.deadline.measured_by:
            yield Use(provision.deadline.measured_by, "deadline", True)


# ── The builder ──────────────────────────────────────────────────────────────


def _plain(values: dict[str, object]) -> dict[str, object]:
    """Drop absent values: GraphML has no None."""
    return {k: v for k, v in values.items() if v is not None and v != ""}


#: One encoder for every edge's readings (``json.dumps`` with options builds a new one per call).
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _reading_json(row: tuple) -> dict[str, object]:
    """A reading row (part, polarity, slots, relation, comparison) as the edge's JSON object."""
    part, polarity, slots, relation, comparison = row
    out: dict[str, object] = {"part": part, "polarity": polarity, "slots": list(slots)}
    if relation is not None:
        out["relation"] = relation
    if comparison is not None:
        out["comparison"] = comparison
    return out


_READING_TEXT: dict[tuple, str] = {}


def _reading_text(row: tuple) -> str:
    """A reading row as the JSON text ``_JSON`` writes for it; few distinct rows, so memoised."""
    found = _READING_TEXT.get(row)
    if found is None:
        found = _JSON.encode(_reading_json(row))
        if len(_READING_TEXT) < 65536:
            _READING_TEXT[row] = found
    return found


_SLOTS_JSON: dict[tuple[str, ...], str] = {}


def slots_json(slots: tuple[str, ...]) -> str:
    """``["person", "child"]``: a phrase's slot names as the node attribute (few distinct lists: memoised)."""
    found = _SLOTS_JSON.get(slots)
    if found is None:
        found = json.dumps(list(slots), ensure_ascii=False)
        if len(_SLOTS_JSON) < 4096:
            _SLOTS_JSON[slots] = found
    return found


class _Builder:
    def __init__(self, act: m.Act) -> None:
        self.act = act
        self.graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        self.terms = TermIds()
        #: (source, target, key) → readings (part, polarity, slots, relation, comparison), merged into one edge
        self.readings: dict[tuple[str, str, str], list[tuple]] = {}
        self.first_line: dict[tuple[str, str, str], int] = {}

    def cite(self, provision: m.Provision) -> str | None:
        if provision.section not in self.act.sections_by_eid:
            return None
        return self.act.cite(provision)

    # nodes --------------------------------------------------------------------
    def sections(self) -> None:
        for section in self.act.sections:
            self.graph.add_node(section_node(section.eid), **_plain({
                "kind": "section",
                "label": f"{section.citation} {section.heading}" if section.heading else section.citation,
                "section": section.citation, "text": section.text, "source": section.source,
                "confidence": str(section.confidence) if section.confidence else None,
                "file": section.span.file, "line": section.span.line,
                "eid": section.eid, "number": section.number, "section_kind": section.kind,
                "heading": section.heading, "note": section.note,
                "in_force": str(section.in_force) if section.in_force else None,
            }))
            if section.parent is not None:
                self.graph.add_edge(section_node(section.eid), section_node(section.parent), key="part_of")

    def term_nodes(self) -> None:
        sections = self.act.sections_by_eid
        for term in self.act.terms:
            if self.terms.get(term.key) is not None:
                continue  # declared twice: an error the checker reports
            node = self.terms.assign(term.key, term.text)
            section = sections.get(term.section) if term.section else None
            self.graph.add_node(node, **_plain({
                "kind": "term", "label": term.text, "section": section.citation if section else None,
                "file": term.span.file, "line": term.span.line,
                "phrase": term.text, "key": term.key, "term_kind": str(term.kind), "origin": "declared",
                "slots": slots_json(term.slots),
            }))
            if section is not None:
                self.graph.add_edge(node, section_node(section.eid), key="part_of")
        for provision in self.act.provisions:
            if isinstance(provision, m.Definition) and self.terms.get(provision.head.key) is None:
                head = provision.head
                node = self.terms.assign(head.key, head.text)
                self.graph.add_node(node, **_plain({
                    "kind": "term", "label": head.text, "section": self.cite(provision),
                    "file": head.span.file, "line": head.span.line,
                    "phrase": head.text, "key": head.key, "term_kind": "fact", "origin": "defined",
                    "slots": slots_json(head.slots),
                }))

    def term_of(self, phrase: m.Phrase, number: bool) -> str:
        node = self.terms.get(phrase.key)
        if node is None:
            node = self.terms.assign(phrase.key, phrase.text)
            self.graph.add_node(node, **_plain({
                "kind": "term", "label": phrase.text, "file": phrase.span.file, "line": phrase.span.line,
                "phrase": phrase.text, "key": phrase.key, "term_kind": "number" if number else "fact",
                "origin": "undeclared", "slots": slots_json(phrase.slots),
            }))
        return node

    def provision(self, provision: m.Provision) -> None:
        act = self.act
        node = provision_node(provision)
        citation = self.cite(provision)
        source, confidence = act.provenance(provision) if citation else (provision.source, provision.confidence)
        attrs: dict[str, object] = {
            "kind": str(provision.kind),
            "label": f"{provision.title} ({citation})" if citation else provision.title,
            "section": citation, "text": act.quote(provision) if citation else provision.text,
            "source": source, "confidence": str(confidence) if confidence else None,
            "file": provision.span.file, "line": provision.span.line,
            "provision": provision.id, "eid": provision.eid, "title": provision.title, "note": provision.note,
            "holder": "{" + provision.subject + "}" if provision.subject else None,
        }
        if not isinstance(provision, m.Definition) and provision.condition is not None:
            attrs["condition"] = expr_text(provision.condition)
        if isinstance(provision, m.Definition):
            attrs["condition"] = expr_text(provision.body)
            attrs["defines"] = provision.head.text
            attrs["slots"] = slots_json(provision.head.slots)
        if isinstance(provision, m.Deontic):
            attrs.update(modality=str(provision.modality), action=expr_text(provision.action),
                         deadline=deadline_text(provision.deadline) if provision.deadline else None,
                         recipient=provision.recipient)
        if isinstance(provision, m.Offence):
            attrs.update(mode_of_trial=provision.mode_of_trial, penalty=penalties_text(provision),
                         max_custody_hours=max((p.imprisonment_hours for p in provision.penalties), default=0.0))
        if isinstance(provision, (m.Exception_, m.AggravatingFactor)):
            attrs["targets"] = ", ".join(provision.targets)
        if isinstance(provision, m.AggravatingFactor):
            attrs["effect"] = provision.effect
        if isinstance(provision, m.Defence):
            attrs.update(burden=str(provision.burden), standard=provision.standard,
                         proved_by="{" + provision.proved_by + "}" if provision.proved_by else None)
        if isinstance(provision, m.Presumption):
            attrs["presumes"] = provision.head.text
        if provision.section in act.sections_by_eid:
            attrs.update(in_force_attributes(act, provision))
        self.graph.add_node(node, **_plain(attrs))
        if provision.section in act.sections_by_eid:
            self.graph.add_edge(node, section_node(provision.section), key="part_of")

    def penalties(self, offence: m.Offence) -> None:
        seen: dict[str, int] = {}
        for penalty in offence.penalties:
            mode = _MODE_SLUG[penalty.mode]
            seen[mode] = seen.get(mode, 0) + 1
            node = f"penalty:{offence.id}:{mode}" + (f"~{seen[mode]}" if seen[mode] > 1 else "")
            custody = None
            if penalty.imprisonment is not None:
                custody = str(penalty.imprisonment.term) if penalty.imprisonment.term else (
                    penalty.imprisonment.description)
            label = f"{penalty.mode}: {penalty}" if penalty.mode is not m.TrialMode.UNSPECIFIED else str(penalty)
            self.graph.add_node(node, **_plain({
                "kind": "penalty", "label": label, "section": self.cite(offence),
                "file": penalty.span.file if penalty.span else None,
                "line": penalty.span.line if penalty.span else None,
                "offence": offence.id, "mode": str(penalty.mode), "max_custody": custody,
                "max_custody_hours": float(penalty.imprisonment_hours),
                "fine": str(penalty.fine) if penalty.fine else None, "stated": penalty.stated,
                "from": penalty.since.isoformat() if penalty.since else None,
            }))
            self.graph.add_edge(provision_node(offence), node, key="penalised_by")

    # edges --------------------------------------------------------------------
    def reading(self, source: str, target: str, key: str, use: Use, relation: str | None = None) -> None:
        slots = use.target.slots if isinstance(use.target, m.Phrase) else (use.target.party,)
        row = (use.part, "positive" if use.positive else "negative", slots, relation or None, use.comparison or None)
        edge = (source, target, key)
        rows = self.readings.get(edge)
        if rows is None:
            self.readings[edge] = [row]
            self.first_line[edge] = use.target.span.line
        else:
            rows.append(row)

    def reads(self, provision: m.Provision) -> None:
        node = provision_node(provision)
        by_id = self.act.provisions_by_id
        for use in provision_uses(provision):
            target = use.target
            if isinstance(target, m.Phrase):
                number = use.comparison is not None or use.part == "deadline"
                term = self.term_of(target, number)
                self.reading(node, term, "reads", use)
                if (isinstance(provision, m.Deontic) and use.part == "condition" and use.positive
                        and use.comparison is None and provision.holder in target.slots):
                    self.graph.add_edge(node, term, key="binds", slot=target.slots.index(provision.holder))
                continue
            other = by_id.get(target.provision)
            if other is None:
                continue
            key = "enforces" if isinstance(provision, (m.Offence, m.Consequence)) and other.kind in ENFORCEABLE \
                else "reads"
            self.reading(node, provision_node(other), key, use, str(target.relation))

    def structure(self, provision: m.Provision) -> None:
        node = provision_node(provision)
        by_id = self.act.provisions_by_id
        if isinstance(provision, m.Definition):
            self.graph.add_edge(node, self.terms.assign(provision.head.key, provision.head.text), key="defines")
        if isinstance(provision, m.Presumption):
            self.graph.add_edge(node, self.terms.assign(provision.head.key, provision.head.text), key="presumes")
        if isinstance(provision, m.Exception_):
            for target in provision.targets:
                if target in by_id:
                    self.graph.add_edge(node, provision_node(by_id[target]), key="excepts")
        if isinstance(provision, m.AggravatingFactor):
            for target in provision.targets:
                if target in by_id:
                    self.graph.add_edge(node, provision_node(by_id[target]), key="aggravates")
        for other in provision.notwithstanding:
            if other in by_id:
                self.graph.add_edge(node, provision_node(by_id[other]), key="overrides",
                                    clause="notwithstanding", declared_by=provision.id)
        for other in provision.subject_to:
            if other in by_id:
                self.graph.add_edge(provision_node(by_id[other]), node, key="overrides",
                                    clause="subject to", declared_by=provision.id)
        if isinstance(provision, m.Offence):
            self.penalties(provision)

    def merge_readings(self) -> None:
        for (source, target, key), rows in self.readings.items():
            unique = list(dict.fromkeys(rows)) if len(rows) > 1 else rows  # equal rows are equal JSON
            polarities = {r[1] for r in rows}
            attrs: dict[str, object] = {
                "polarity": polarities.pop() if len(polarities) == 1 else "mixed",
                "part": ",".join(sorted({r[0] for r in rows})),
                "readings": "[" + ", ".join([_reading_text(r) for r in unique]) + "]",
                "line": self.first_line[(source, target, key)],
            }
            relations = sorted({r[3] for r in rows if r[3] is not None})
            if relations:
                attrs["relation"] = ",".join(relations)
            self.graph.add_edge(source, target, key=key, **attrs)

    def build(self) -> nx.MultiDiGraph:
        act = self.act
        self.graph.graph.update(_plain({"title": act.title, "citation": act.citation, "version": act.version,
                                        "extent": act.extent, "schema_version": SCHEMA_VERSION}))
        self.sections()
        self.term_nodes()
        seen: set[str] = set()
        for provision in act.provisions:
            if provision.id in seen:
                continue  # a duplicate id: an error the checker reports
            seen.add(provision.id)
            self.provision(provision)
        for provision in act.provisions_by_id.values():
            self.structure(provision)
            self.reads(provision)
        self.merge_readings()
        return self.graph


@without_gc
def build_graph(act: m.Act) -> nx.MultiDiGraph:
    """The obligation graph of an Act (schema: :mod:`statute.graph.schema`, ``docs/graph.md``)."""
    return _Builder(act).build()


def in_force_attributes(act: m.Act, provision: m.Provision) -> dict[str, object]:
    """A provision's in-force period, all levels taken together (itself, its sections, the Act):
    the latest commencement, who appoints an unappointed day, the earliest repeal."""
    periods = [provision.in_force]
    eid: str | None = provision.section
    while eid is not None and eid in act.sections_by_eid:
        section = act.sections_by_eid[eid]
        periods.append(section.in_force)
        eid = section.parent
    periods.append(act.in_force)
    starts = [p.start for p in periods if p is not None and p.start is not None]
    ends = [p.end for p in periods if p is not None and p.end is not None]
    appointed = next((p.appointed for p in periods if p is not None and p.appointed), None)
    return {"in_force_from": max(starts).isoformat() if starts else None, "appointed_by": appointed,
            "repealed_on": min(ends).isoformat() if ends else None}
