"""Property tests: the evaluator's pruning never changes an outcome.

The evaluator skips provisions whose necessary facts are absent and tries only
parties that can fit a slot (static analyses in statute.evaluate). Both are
optimisations: on random cases over the bundled Acts' vocabulary, outcomes must
equal those of a brute-force evaluator with the analyses switched off.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statute import load
from statute.case import CaseReader, read_case
from statute.evaluate import Evaluator
from statute.model import TermKind

PARTIES = ["Ann", "Ben", "Cat", "Dev"]


class _Pair:
    """The Act with a pruning and a brute-force evaluator (short repr for hypothesis)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.act = load(name)
        self.reader = CaseReader(self.act)
        self.fast = Evaluator(self.act)
        self.slow = Evaluator(self.act, prune=False)

    def __repr__(self) -> str:
        return f"<{self.name}>"


def _sentences(act, rng: random.Random, count: int) -> str:
    terms = [t for t in act.terms]
    lines = []
    for _ in range(count):
        term = rng.choice(terms)
        filled = term.text
        for slot in term.slots:
            filled = filled.replace("{" + slot + "}", rng.choice(PARTIES), 1)
        if term.kind is TermKind.NUMBER:
            filled += f" is {rng.choice([5, 12, 13, 15, 17, 18, 40])}"
        lines.append(filled)
    return "\n".join(dict.fromkeys(lines))


@pytest.fixture(scope="module", params=["enacted", "announced"])
def evaluators(request):
    return _Pair(request.param)


def test_brute_force_really_prunes_nothing(evaluators):
    assert all(not rule.requires and not any(rule.slot_requires) for rule in evaluators.slow.rules.values())
    assert any(rule.requires for rule in evaluators.fast.rules.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(1, 25))
def test_pruning_never_changes_an_outcome(evaluators, seed, count):
    act, reader, fast, slow = evaluators.act, evaluators.reader, evaluators.fast, evaluators.slow
    text = _sentences(act, random.Random(seed), count)
    case, problems = read_case(reader, text)
    numbers = [p for p in problems if p.code == "C005"]  # the same number stated twice with two values
    if [p for p in problems if p not in numbers]:
        pytest.fail(f"generated an unreadable case: {problems}")
    quick = sorted(o.to_json().__repr__() for o in fast.evaluate(case).outcomes)
    brute = sorted(o.to_json().__repr__() for o in slow.evaluate(case).outcomes)
    assert quick == brute
