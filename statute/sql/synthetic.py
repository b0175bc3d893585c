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

from statute import model as m
from statute.case import Case

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
