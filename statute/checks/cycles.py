"""Dependencies between provisions: stratification and circular references.

Definitions may be recursive (a positive cycle has a least fixed point), but a
negation inside a cycle has no stable meaning, and a provision whose outcome
depends on itself through statuses, exceptions or priority is an error. The
same dependency order tells the evaluator what to compute first.
"""

from __future__ import annotations

from collections.abc import Iterator

from statute import model as m
from statute.checks.graphs import strongly_connected
from statute.checks.local import local
from statute.diagnostics import Diagnostic, at


def _reads(expr: m.Expr | None, negative: bool = False) -> Iterator[tuple[m.Phrase | m.StatusTest, bool]]:
    """Phrases and status tests in a condition, with whether they sit under 'not'."""
    if expr is None:
        return
    stack: list[tuple[m.Expr, bool]] = [(expr, negative)]
    while stack:
        node, neg = stack.pop()
        if isinstance(node, (m.Phrase, m.StatusTest)):
            yield node, neg
        elif isinstance(node, m.Comparison):
            continue  # numbers are inputs; they never depend on provisions
        elif isinstance(node, m.Not):
            stack.append((node.operand, not neg))
        elif isinstance(node, (m.All, m.AnyOf)):
            stack.extend((operand, neg) for operand in node.operands)
        elif isinstance(node, m.Some):
            stack.append((node.body, neg))


def _provision_reads(provision: m.Provision) -> tuple[tuple[m.Phrase | m.StatusTest, str | None, bool], ...]:
    """(node, its phrase key or None for a status test, under 'not') for the condition, then the action."""
    exprs = [(provision.condition, False)]
    if isinstance(provision, m.Deontic):
        exprs.append((provision.action, True))
    return tuple((node, node.key if isinstance(node, m.Phrase) else None, neg)
                 for expr, negative in exprs for node, neg in _reads(expr, negative))


def dependencies(act: m.Act) -> list[tuple[str, str, bool, m.Span]]:
    """Edges ``(dependent, dependency, negative, where)`` between provision ids.

    A status test is a negative dependency: "breaches" and "commits" mean
    "…and not excused / not defeated", so they can never sit in a cycle.
    """
    definitions = act.definitions_by_key
    edges: list[tuple[str, str, bool, m.Span]] = []
    for provision in act.provisions:
        for node, key, neg in local(provision, "_statute_reads", _provision_reads):
            if key is not None:
                defined = definitions.get(key)
                if defined is not None:
                    edges.append((provision.id, defined.id, neg, node.span))
            elif isinstance(node, m.StatusTest) and node.provision in act.provisions_by_id:
                edges.append((provision.id, node.provision, True, node.span))
        if isinstance(provision, m.Exception_):
            for target in provision.targets:
                edges.append((target, provision.id, True, provision.span))
        if isinstance(provision, m.AggravatingFactor):
            for target in provision.targets:
                edges.append((provision.id, target, False, provision.span))
        for other in provision.notwithstanding:
            edges.append((other, provision.id, True, provision.span))
        for other in provision.subject_to:
            edges.append((provision.id, other, True, provision.span))
    return [e for e in edges if e[1] in act.provisions_by_id and e[0] in act.provisions_by_id]


def evaluation_order(act: m.Act) -> list[list[str]]:
    """Provision ids grouped in strongly connected components, dependencies first."""
    edges = [(a, b) for a, b, _, _ in dependencies(act)]
    return strongly_connected([p.id for p in act.provisions], edges)


def _priority_pairs(act: m.Act) -> set[tuple[str, str]]:
    """Dependency edges that only say one provision ranks above another.

    A cycle made of these alone is a circular priority, which the references
    pass reports (E310); reporting it again as a circular reference would
    tell the drafter the same thing twice.
    """
    pairs: set[tuple[str, str]] = set()
    for provision in act.provisions:
        if isinstance(provision, m.Exception_):
            pairs.update((target, provision.id) for target in provision.targets)
        pairs.update((other, provision.id) for other in provision.notwithstanding)
        pairs.update((provision.id, other) for other in provision.subject_to)
    return pairs


def check_cycles(act: m.Act) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    edges = dependencies(act)
    priority = _priority_pairs(act)
    components = strongly_connected([p.id for p in act.provisions], [(a, b) for a, b, _, _ in edges])
    component_of = {node: index for index, component in enumerate(components) for node in component}
    inner_edges: dict[int, list[tuple[str, str, bool, m.Span]]] = {}
    for e in edges:  # group the edges inside each component once (was a scan of all edges per component)
        if component_of.get(e[0]) == component_of.get(e[1]) and e[0] in component_of:
            inner_edges.setdefault(component_of[e[0]], []).append(e)
    for index, component in enumerate(components):
        members = set(component)
        inner = inner_edges.get(index, [])
        if not inner or all((a, b) in priority for a, b, _, _ in inner):
            continue
        chain = " → ".join(sorted(members))
        provisions = [act.provisions_by_id[i] for i in sorted(members)]
        non_definitions = [p for p in provisions if not isinstance(p, m.Definition)]
        negative = [e for e in inner if e[2]]
        if non_definitions:
            first = min(non_definitions, key=lambda p: (p.span.file, p.span.line))
            out.append(at(first.span, "E309", f"circular reference: the outcome of '{first.id}' depends on itself "
                                              f"({chain})",
                          hint="break the cycle: a provision may not depend on its own outcome"))
        elif negative:
            _, _, _, span = min(negative, key=lambda e: (e[3].file, e[3].line, e[3].column))
            out.append(at(span, "E308", f"negation inside a cycle of definitions ({chain})",
                          hint="a definition may refer back to itself only positively; "
                               "rewrite it without 'not' on the cycle"))
    return out
