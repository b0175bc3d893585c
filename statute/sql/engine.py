"""Running a plan: its statements, in order, for one engine (the DuckDB and Spark runners share it).

A plan's relations are named (``app_3``, ``status_3`` …); two plans in one session (an
impact run compares two Acts) get a prefix each, applied to the AST's table nodes, never
by editing SQL text.
"""

from __future__ import annotations

from sqlglot import exp

from statute.sql.compile import Plan
from statute.sql.source import input_relations

#: Relations a plan reads but does not define.
INPUTS = frozenset({"input_cases", "input_facts"})


def statements(plan: Plan, prefix: str = "") -> tuple[list[tuple[str, exp.Select]], exp.Select]:
    """(name, SELECT) for every relation the plan defines, inputs first, then the outcomes query,
    each relation renamed with ``prefix``."""
    relations = input_relations(plan) + list(plan.relations)
    names = {name for name, _ in relations}

    def rename(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Table) and node.name in names and prefix:
            renamed = node.copy()
            renamed.set("this", exp.to_identifier(prefix + node.name, quoted=True))
            return renamed
        return node

    out = [(prefix + name, _select(select.transform(rename))) for name, select in relations]
    return out, _select(plan.outcomes.transform(rename))


def _select(node: exp.Expression) -> exp.Select:
    assert isinstance(node, exp.Select)
    return node


def create(name: str, select: exp.Select, kind: str = "TABLE", temporary: bool = True) -> exp.Create:
    """``CREATE [TEMPORARY] TABLE|VIEW name AS select`` as an AST."""
    properties = exp.Properties(expressions=[exp.TemporaryProperty()]) if temporary else None
    return exp.Create(this=exp.Table(this=exp.to_identifier(name, quoted=True)), kind=kind, expression=select,
                      replace=True, properties=properties)
