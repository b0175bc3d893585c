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
    for key, index in plan.facts.items():
        columns = [q.col(CASE)] + [q.col(f"a{i}") for i in range(plan.arity[key])]
        out.append((fact_table(index), exp.select(*columns).from_(q.table("input_facts")).where(
            q.and_all([q.eq(q.col("phrase"), q.text(key)), q.is_null(q.col("value"))])).distinct()))
    for key, index in plan.numbers.items():
        columns = [q.col(CASE)] + [q.col(f"a{i}") for i in range(plan.arity[key])] + [q.col("value")]
        out.append((number_table(index), exp.select(*columns).from_(q.table("input_facts")).where(
            q.and_all([q.eq(q.col("phrase"), q.text(key)), q.not_null(q.col("value"))])).distinct()))
    # every party some stated fact names, read from the phrase relations (each already filtered to its
    # phrase) rather than by testing every row of the facts against the Act's phrases
    parts: list[exp.Select] = []
    for key, name in [*((k, fact_table(i)) for k, i in plan.facts.items()),
                       *((k, number_table(i)) for k, i in plan.numbers.items())]:
        for position in range(plan.arity[key]):
            parts.append(exp.select(q.col(CASE), q.alias(q.col(f"a{position}"), "party")).from_(q.table(name)))
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
    return out
