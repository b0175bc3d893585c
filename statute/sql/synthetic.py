"""Seeded synthetic caseloads over every phrase of an Act (or of several at once).

Used by the differential test, the benchmarks and the README's impact example: the
same seed always gives the same cases. Numbers are drawn around every number the Acts
compare with (and every deadline limit), so each comparison is seen on both sides of
its boundary; facts are drawn over random tuples of the case's parties, a party
sometimes filling two slots at once.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

from sqlglot import exp

from statute import model as m
from statute.case import Case
from statute.sql import ast as q

NAMES = ("Alice", "Bella", "Carol", "Dev", "Ezra", "Farah", "Gus", "Hana")


def vocabulary(acts: Sequence[m.Act]) -> tuple[list[tuple[str, int]], list[tuple[str, int]], list[float]]:
    """(fact templates, number templates, interesting numbers) of the Acts, each template once."""
    facts: dict[str, int] = {}
    numbers: dict[str, int] = {}
    values: set[float] = {0.0}
    for act in acts:
        for term in act.terms:
            (numbers if term.kind is m.TermKind.NUMBER else facts).setdefault(term.key, len(term.slots))
        for provision in act.provisions:
            for node in m.walk(provision.condition) if provision.condition is not None else ():
                if isinstance(node, m.Comparison) and isinstance(node.right, m.Number):
                    v = node.right.value
                    values.update({v - 1, v, v + 1})
            if isinstance(provision, m.Deontic) and provision.deadline and provision.deadline.limit:
                v = provision.deadline.limit.amount
                values.update({v - 1, v, v + 1})
    return sorted(facts.items()), sorted(numbers.items()), sorted(v for v in values if v >= 0)


def cases(acts: Sequence[m.Act], count: int, seed: int = 0, max_parties: int = 4,
          density: float = 0.35) -> Iterator[tuple[str, Case]]:
    """``count`` cases (id, Case), deterministic in ``seed``."""
    rng = random.Random(seed)
    facts, numbers, values = vocabulary(acts)
    for index in range(count):
        parties = NAMES[:rng.randint(1, max_parties)]
        stated: dict[str, set[tuple[str, ...]]] = {}
        measured: dict[str, dict[tuple[str, ...], float]] = {}
        for key, arity in facts:
            if rng.random() < density:
                for _ in range(rng.randint(1, 2)):
                    stated.setdefault(key, set()).add(tuple(rng.choice(parties) for _ in range(arity)))
        for key, arity in numbers:
            if rng.random() < 0.8 if arity <= 1 else rng.random() < density:
                for _ in range(len(parties) if arity == 1 else 1):
                    args = tuple(rng.choice(parties) for _ in range(arity))
                    measured.setdefault(key, {})[args] = rng.choice(values)
        named: dict[str, None] = {}
        for rows in (*stated.values(), *(v.keys() for v in measured.values())):
            for args in rows:
                for party in args:
                    named.setdefault(party, None)
        yield f"case-{seed}-{index}", Case({k: frozenset(v) for k, v in stated.items()}, measured, tuple(named))


# ── the same kind of caseload, generated inside DuckDB (for a million cases) ──


def _pick(index: exp.Expression, choices: Sequence[exp.Expression]) -> exp.Expression:
    """``choices[index]`` as a CASE (portable; no array indexing conventions)."""
    return q.case([(q.eq(index.copy(), exp.Literal.number(i)), choice) for i, choice in enumerate(choices)])


def _hash(*parts: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this="hash", expressions=list(parts))


def generated_facts(acts: Sequence[m.Act], count: int, seed: int = 0, max_parties: int = 4,
                    density: float = 0.35) -> tuple[exp.Select, exp.Select, int]:
    """(input_cases, input_facts, width) as DuckDB SELECTs over ``range(count)``: deterministic in
    ``seed`` (every choice is a hash of the seed, the case, the template and the slot), with the
    distribution of :func:`cases` though not the same cases."""
    facts, numbers, values = vocabulary(acts)
    width = max([0, *(a for _, a in facts), *(a for _, a in numbers)])
    i = q.col("i", "r")
    case_id = q.concat([q.text(f"case-{seed}-"), exp.cast(i.copy(), "text")])
    parties = exp.Add(this=exp.Mod(this=_hash(exp.Literal.number(seed), i.copy(), q.text("parties")),
                                   expression=exp.Literal.number(max_parties)), expression=exp.Literal.number(1))
    names = [q.text(n) for n in NAMES[:max_parties]]
    source = exp.Table(this=exp.Anonymous(this="range", expressions=[exp.Literal.number(count)]),
                       alias=exp.TableAlias(this=q.ident("r"), columns=[q.ident("i")]))
    cases_select = exp.select(q.alias(case_id, "case_id")).from_(source.copy())
    parts: list[exp.Select] = []
    threshold = int(density * 1000)
    for kind, templates in (("fact", facts), ("number", numbers)):
        for t, (key, arity) in enumerate(templates):
            for k in range(2 if kind == "fact" else 1):
                tag = q.text(f"{kind}:{t}:{k}")
                salt = [exp.Literal.number(seed), i.copy(), tag]
                chance = exp.Mod(this=_hash(*salt, q.text("p")), expression=exp.Literal.number(1000))
                limit = threshold // (2 if k else 1) if kind == "fact" else (800 if arity <= 1 else threshold)
                columns: list[exp.Expression] = [q.alias(case_id.copy(), "case_id"), q.alias(q.text(key), "phrase")]
                for s in range(width):
                    if s < arity:
                        index = exp.Mod(this=_hash(*[x.copy() for x in salt], exp.Literal.number(s)),
                                        expression=exp.Paren(this=parties.copy()))
                        columns.append(q.alias(_pick(index, names), f"a{s}"))
                    else:
                        columns.append(q.alias(exp.cast(exp.Null(), "text"), f"a{s}"))
                if kind == "number":
                    choice = exp.Mod(this=_hash(*[x.copy() for x in salt], q.text("v")),
                                     expression=exp.Literal.number(len(values)))
                    columns.append(q.alias(_pick(choice, [q.number(v) for v in values]), "value"))
                else:
                    columns.append(q.alias(exp.cast(exp.Null(), "double"), "value"))
                parts.append(exp.select(*columns).from_(source.copy()).where(
                    exp.LT(this=chance, expression=exp.Literal.number(limit))))
    union: exp.Select | exp.Union = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    facts_select = exp.select(exp.Star()).from_(exp.Subquery(this=union, alias=exp.TableAlias(this=q.ident("g"))))
    return cases_select, facts_select, width
