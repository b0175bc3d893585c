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


#: What can excuse a party from a duty: ``is excused from <duty> by <exception or permission>``.
_EXCUSERS = (m.Kind.EXCEPTION, m.Kind.PERMISSION)


def _name_span(test: m.StatusTest) -> m.Span:
    """The span of the provision id at the end of ``{party} breaches <id>``."""
    span = test.span
    if span.end_line == span.line and span.end_column - len(test.provision) >= span.column:
        start = span.end_column - len(test.provision)
        return m.Span(span.file, span.line, start, span.line, span.end_column)
    return span


def _a(kind: m.Kind) -> str:
    """'a duty', 'an offence'."""
    return ("an " if str(kind)[0] in "aeiou" else "a ") + str(kind)


def references(provision: m.Provision) -> Iterator[tuple[str, str, tuple[m.Kind, ...] | None, m.Span]]:
    """Every id a provision names: (id, how it is named, kinds allowed, where the id is written)."""
    if isinstance(provision, m.Defence):  # a defence answers a charge: only an offence has one
        for target in provision.targets:
            yield target, "is a defence to", (m.Kind.OFFENCE,), provision.span_of(target, "to")
    elif isinstance(provision, m.Exception_):
        for target in provision.targets:
            yield target, "is an exception to", None, provision.span_of(target, "to")
    if isinstance(provision, m.AggravatingFactor):
        for target in provision.targets:
            yield target, "aggravates", (m.Kind.OFFENCE,), provision.span_of(target, "aggravates")
    for target in provision.subject_to:
        yield target, "is subject to", None, provision.span_of(target, "subject to")
    for target in provision.notwithstanding:
        yield target, "applies notwithstanding", None, provision.span_of(target, "notwithstanding")
    for expr in (provision.condition, getattr(provision, "action", None)):
        if expr is None:
            continue
        for node in m.walk(expr):
            if isinstance(node, m.StatusTest):
                yield (node.provision, f"asks whether a party {node.relation}", RELATION_KINDS[node.relation],
                       _name_span(node))
                if node.by is not None:
                    yield (node.by, f"asks whether '{node.provision}' is excused by", _EXCUSERS, node.span)


def _excuse_tests(provision: m.Provision) -> tuple[m.StatusTest, ...]:
    """The status tests of a provision that name what excuses (``… is excused from d by p``)."""
    return tuple(node for expr in (provision.condition, getattr(provision, "action", None)) if expr is not None
                 for node in m.walk(expr) if isinstance(node, m.StatusTest) and node.by is not None)


def _excuses(excuser: m.Provision, target: m.Provision) -> bool:
    """Whether ``excuser`` ranks above ``target`` by a declaration of either (what can excuse from it)."""
    if isinstance(excuser, m.Exception_):
        return target.id in excuser.targets
    return target.id in excuser.notwithstanding or excuser.id in target.subject_to


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
            out.append(at(provision.id_span or provision.span, "E300", f"the id '{provision.id}' is already used",
                          hint=f"by the {first[provision.id].kind} at {first[provision.id].span}; ids must be unique"))
        else:
            first[provision.id] = provision
    ids = list(first)
    for provision in act.provisions:
        for target, how, kinds, span in local(provision, "_statute_references", lambda p: tuple(references(p))):
            found = first.get(target)
            if found is None:
                out.append(at(span, "E301", f"'{provision.id}' {how} '{target}', but there is no provision '{target}'",
                              hint=did_you_mean(target, ids)
                              or "check the spelling: ids are written exactly as after the provision's kind"))
            elif kinds is not None and found.kind not in kinds:
                allowed = " or ".join(_a(kind) for kind in kinds)
                fitting = [p.id for p in act.provisions if p.kind in kinds]
                hint = did_you_mean(target, fitting) or (
                    f"the {kinds[0]} provisions here: {', '.join(fitting[:8])}" if fitting
                    else f"this Act has no {kinds[0]} provision to refer to")
                if isinstance(provision, m.Defence):
                    hint = (f"a defence answers a charge of an offence; to limit {_a(found.kind)}, write "
                            f"`exception {provision.id} to {target}:`")
                out.append(at(span, "E302", f"'{provision.id}' {how} '{target}', which is {_a(found.kind)}, "
                                            f"not {allowed}", hint=hint))
            elif target == provision.id:
                out.append(at(span, "E302", f"'{provision.id}' refers to itself",
                              hint="a provision cannot be its own exception, priority or condition; "
                                   "name the provision you meant"))
    for provision in act.provisions:
        for node in local(provision, "_statute_excuse_tests", _excuse_tests):
            if node.relation is not m.Relation.EXCUSED:
                out.append(at(node.span, "E302", f"'by {node.by}' names what excuses, but the test asks whether "
                                                 f"a party {node.relation} '{node.provision}'",
                              hint=f"write `{{{node.party}}} is excused from {node.provision} by {node.by}`, "
                                   "or drop 'by'"))
            excuser, excused = first.get(node.by or ""), first.get(node.provision)
            if excuser is not None and excused is not None and excuser.kind in _EXCUSERS and not _excuses(excuser,
                                                                                                         excused):
                out.append(at(node.span, "E302", f"'{node.by}' does not excuse from '{node.provision}'",
                              hint=f"'by' names an exception to '{node.provision}', a permission that applies "
                                   f"notwithstanding it, or one it is subject to"))
    edges = [(a, b) for a, b, _ in prevails(act) if a in first and b in first and a != b]
    cycle = find_cycle(sorted(set(edges)))
    if cycle:
        where = first[cycle[0]]
        chain = " > ".join([*cycle, cycle[0]])
        out.append(at(where.span, "E310", f"circular priority: {chain}",
                      hint="'exception … to', 'notwithstanding' and 'subject to' must rank provisions one way"))
    return out
