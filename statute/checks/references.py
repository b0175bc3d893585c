"""Ids and references: duplicates, unknown or wrong-kind targets, priority cycles."""

from __future__ import annotations

from collections.abc import Iterator

from statute import model as m
from statute.checks.graphs import find_cycle
from statute.checks.local import local
from statute.diagnostics import Diagnostic, at, did_you_mean

DEONTIC = (m.Kind.DUTY, m.Kind.PROHIBITION)
#: Which kinds of provision each status test may ask about.
RELATION_KINDS: dict[m.Relation, tuple[m.Kind, ...]] = {
    m.Relation.UNDER: DEONTIC,
    m.Relation.BREACHES: DEONTIC,
    m.Relation.COMPLIES: DEONTIC,
    m.Relation.EXCUSED: DEONTIC,
    m.Relation.COMMITS: (m.Kind.OFFENCE,),
    m.Relation.FACES: (m.Kind.CONSEQUENCE,),
}


def references(provision: m.Provision) -> Iterator[tuple[str, str, tuple[m.Kind, ...] | None, m.Span]]:
    """Every id a provision names: (id, how it is named, kinds allowed, span)."""
    if isinstance(provision, m.Exception_):
        for target in provision.targets:
            yield target, "is an exception to", None, provision.span
    if isinstance(provision, m.AggravatingFactor):
        for target in provision.targets:
            yield target, "aggravates", (m.Kind.OFFENCE,), provision.span
    for target in provision.subject_to:
        yield target, "is subject to", None, provision.span
    for target in provision.notwithstanding:
        yield target, "applies notwithstanding", None, provision.span
    for expr in (provision.condition, getattr(provision, "action", None)):
        if expr is None:
            continue
        for node in m.walk(expr):
            if isinstance(node, m.StatusTest):
                yield node.provision, f"asks whether a party {node.relation}", RELATION_KINDS[node.relation], node.span


def prevails(act: m.Act) -> list[tuple[str, str, m.Provision]]:
    """Priority edges (winner, loser, where declared) from exceptions and priority clauses."""
    edges: list[tuple[str, str, m.Provision]] = []
    for provision in act.provisions:
        if isinstance(provision, m.Exception_):
            edges.extend((provision.id, target, provision) for target in provision.targets)
        edges.extend((provision.id, other, provision) for other in provision.notwithstanding)
        edges.extend((other, provision.id, provision) for other in provision.subject_to)
    return edges


def check_references(act: m.Act) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    first: dict[str, m.Provision] = {}
    for provision in act.provisions:
        if provision.id in first:
            out.append(at(provision.span, "E300", f"the id '{provision.id}' is already used",
                          hint=f"by the {first[provision.id].kind} at {first[provision.id].span}; ids must be unique"))
        else:
            first[provision.id] = provision
    ids = list(first)
    for provision in act.provisions:
        for target, how, kinds, span in local(provision, "_statute_references", lambda p: tuple(references(p))):
            found = first.get(target)
            if found is None:
                out.append(at(span, "E301", f"'{provision.id}' {how} '{target}', but there is no provision '{target}'",
                              hint=did_you_mean(target, ids)))
            elif kinds is not None and found.kind not in kinds:
                allowed = " or ".join(str(k) for k in kinds)
                out.append(at(span, "E302", f"'{provision.id}' {how} '{target}', which is a {found.kind}, "
                                            f"not a {allowed}",
                              hint=did_you_mean(target, [p.id for p in act.provisions if p.kind in kinds])))
            elif target == provision.id:
                out.append(at(span, "E302", f"'{provision.id}' refers to itself"))
    edges = [(a, b) for a, b, _ in prevails(act) if a in first and b in first and a != b]
    cycle = find_cycle(sorted(set(edges)))
    if cycle:
        where = first[cycle[0]]
        chain = " > ".join([*cycle, cycle[0]])
        out.append(at(where.span, "E310", f"circular priority: {chain}",
                      hint="'exception … to', 'notwithstanding' and 'subject to' must rank provisions one way"))
    return out
