"""The plan's inputs, defined from one long table of facts.

Every engine feeds a plan the same way: a relation ``input_cases(case_id)`` of every case
and a relation ``input_facts(case_id, phrase, a0, a1, …, value)`` with one row per stated
fact — the phrase template's key (``"{} is a teacher"``), the parties in its slots in
order, and for a number phrase its value (NULL for a fact). :mod:`statute.sql.table`
builds that relation from an analyst's table and a mapping file; tests and benchmarks
write it directly. Rows whose phrase the Act does not know are ignored here (the table
reader refuses them before, unless an impact run compares two Acts that differ in words).
"""

from __future__ import annotations

from sqlglot import exp

from statute.sql import ast as q
from statute.sql.compile import CASE, Plan, fact_table, number_table


def width(*plans: Plan) -> int:
    """How many party columns (a0 …) the facts relation needs for these plans."""
    return max([0, *(n for plan in plans for n in plan.arity.values())])


def input_relations(plan: Plan) -> list[tuple[str, exp.Select]]:
    """``cases``, ``parties``, ``fact_<i>`` and ``number_<i>`` from ``input_cases`` and ``input_facts``."""
    out: list[tuple[str, exp.Select]] = [
        ("cases", exp.select(q.col(CASE)).from_(q.table("input_cases")).distinct())]
    known = [q.text(key) for key in [*plan.facts, *plan.numbers]]
    parts: list[exp.Select] = []
    for index in range(width(plan)):
        position = q.col(f"a{index}")
        select = exp.select(q.col(CASE), q.alias(position, "party")).from_(q.table("input_facts")).where(
            q.and_all([q.not_null(position.copy()), exp.In(this=q.col("phrase"), expressions=[k.copy() for k in known])
                       if known else exp.false()]))
        parts.append(select)
    if parts:
        union: exp.Select | exp.Union = parts[0]
        for part in parts[1:]:
            union = exp.union(union, part, distinct=False)
        alias = "u"
        out.append(("parties", exp.select(q.col(CASE, alias), q.col("party", alias)).from_(
            exp.Subquery(this=union, alias=exp.TableAlias(this=q.ident(alias)))).distinct()))
    else:  # an Act whose phrases have no slots: no case names a party
        out.append(("parties", exp.select(q.col(CASE), q.alias(exp.cast(exp.Null(), "text"), "party")).from_(
            q.table("input_cases")).where(exp.false())))
    for key, index in plan.facts.items():
        columns = [q.col(CASE)] + [q.col(f"a{i}") for i in range(plan.arity[key])]
        out.append((fact_table(index), exp.select(*columns).from_(q.table("input_facts")).where(
            q.and_all([q.eq(q.col("phrase"), q.text(key)), q.is_null(q.col("value"))])).distinct()))
    for key, index in plan.numbers.items():
        columns = [q.col(CASE)] + [q.col(f"a{i}") for i in range(plan.arity[key])] + [q.col("value")]
        out.append((number_table(index), exp.select(*columns).from_(q.table("input_facts")).where(
            q.and_all([q.eq(q.col("phrase"), q.text(key)), q.not_null(q.col("value"))])).distinct()))
    return out
