"""Property tests of three-valued evaluation (statute.kleene).

* On a complete case (every fact over the case's parties stated to hold or not, every
  number stated) the three-valued evaluator gives exactly the two-valued one's outcomes.
* In a closed world the three-valued evaluator gives the fast one's outcomes on any case.
* Removing a stated fact never turns a determined outcome into another: each outcome's
  possible statuses can only grow.
"""

from __future__ import annotations

import random
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statute import load
from statute.case import CaseReader, Fact, build_case, read_case
from statute.evaluate import Evaluator
from statute.kleene import evaluate_open
from statute.model import Kind, TermKind
from statute.outcomes import Status

PARTIES = ["Ann", "Ben", "Cat"]
AGES = [5, 12, 13, 15, 17, 18, 40]


class _Act:
    def __init__(self, name: str) -> None:
        self.name = name
        self.act = load(name)
        self.reader = CaseReader(self.act)
        self.evaluator = Evaluator(self.act)

    def __repr__(self) -> str:
        return f"<{self.name}>"


@pytest.fixture(scope="module", params=["enacted", "announced", "tests/acts/data_breach.law"])
def subject(request):
    if request.param.endswith(".law"):
        from pathlib import Path

        path = Path(__file__).parent / "acts" / Path(request.param).name
        if not path.exists():
            pytest.skip(f"{path} is not there")
        return _Act(str(path))
    return _Act(request.param)


def _facts(act, rng: random.Random, count: int, parties=PARTIES, negations: bool = False) -> list[Fact]:
    terms = list(act.terms)
    out: dict[tuple[str, tuple[str, ...]], Fact] = {}
    for _ in range(count):
        term = rng.choice(terms)
        args = tuple(rng.choice(parties) for _ in term.slots)
        if term.kind is TermKind.NUMBER:
            out.setdefault((term.key, args), Fact(term.key, args, float(rng.choice(AGES))))
        else:
            truth = rng.choice([True, True, False, None]) if negations else True
            out.setdefault((term.key, args), Fact(term.key, args, None, truth=truth))
    return list(out.values())


def _complete(act, facts: list[Fact], rng: random.Random) -> list[Fact]:
    """The facts, and every other fact over all parties stated not to hold, every number stated."""
    said = {(f.key, f.args) for f in facts}
    out = list(facts)
    for term in act.terms:
        for args in product(PARTIES, repeat=len(term.slots)):
            if (term.key, args) in said:
                continue
            if term.kind is TermKind.NUMBER:
                out.append(Fact(term.key, args, float(rng.choice(AGES))))
            else:
                out.append(Fact(term.key, args, None, truth=False))
    return out


def _outcomes(assessment) -> list[str]:
    return sorted(repr(o.to_json()) for o in assessment.outcomes)


def _by_binding(assessment) -> dict[tuple[str, tuple], frozenset[Status]]:
    """Outcomes by provision and binding; not exceptions', which are reported only where their target
    applies (so an exception missing from the outcomes has not been found not to apply)."""
    return {(o.provision, o.binding): o.statuses for o in assessment.outcomes if o.kind is not Kind.EXCEPTION}


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(1, 20))
def test_three_values_equal_two_on_complete_cases(subject, seed, count):
    rng = random.Random(seed)
    case, problems = build_case(_complete(subject.act, _facts(subject.act, rng, count), rng))
    assert not problems
    two = subject.evaluator.evaluate(case, closed_world=True)
    three = subject.evaluator.evaluate(case, closed_world=False)
    assert three.run.__class__.__name__ == "OpenRun" and two.run.__class__.__name__ == "Run"
    assert not three.undetermined()
    assert _outcomes(three) == _outcomes(two)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(1, 25))
def test_closed_world_three_values_equal_the_fast_evaluator(subject, seed, count):
    case, problems = build_case(_facts(subject.act, random.Random(seed), count))
    assert not problems
    fast = subject.evaluator.evaluate(case, closed_world=True)
    slow = evaluate_open(subject.evaluator, case, closed=True)
    assert _outcomes(slow) == _outcomes(fast)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(2, 14), closed=st.booleans())
def test_removing_a_fact_never_flips_a_determined_outcome(subject, seed, count, closed):
    rng = random.Random(seed)
    facts = _facts(subject.act, rng, count, negations=True)
    whole, problems = build_case(facts)
    assert not problems
    stated = [i for i, f in enumerate(facts) if f.truth is not None]
    if not stated:
        return
    dropped = rng.choice(stated)
    # removed, it is unknown: said so, since in a closed world (or for a fact relating a party to
    # itself) a fact not stated is false — an assumption, not an absence of information
    fact = facts[dropped]
    smaller, _ = build_case(facts[:dropped] + facts[dropped + 1:] + [Fact(fact.key, fact.args, None, truth=None)])
    assert smaller.parties == whole.parties or set(smaller.parties) == set(whole.parties)
    more = _by_binding(evaluate_open(subject.evaluator, whole, closed))
    less = _by_binding(evaluate_open(subject.evaluator, smaller, closed))
    nothing = frozenset({Status.DOES_NOT_APPLY})
    for key in set(more) | set(less):
        assert more.get(key, nothing) <= less.get(key, nothing), key


def test_reader_states_negations_and_unknowns():
    act = load("enacted")
    reader = CaseReader(act)
    case, problems = read_case(reader, "\n".join([
        "open world",
        "Vic is a teacher",
        "Vic does not work in England",
        "it is not the case that Vic volunteers with children",
        "it is unknown whether Vic is a youth worker",
        "the age of Vic is unknown",
        "Bella is not a teacher",
    ]))
    assert not problems
    assert case.closed_world is False
    assert case.truth("{} works in england", ("Vic",), closed=True) is False
    assert case.truth("{} volunteers with children", ("Vic",), closed=True) is False
    assert case.truth("{} is a youth worker", ("Vic",), closed=True) is None
    assert case.truth("{} is a teacher", ("Bella",), closed=False) is False
    assert case.truth("{} is a childminder", ("Vic",), closed=False) is None
    assert ("Vic",) in case.unknown["the age of {}"]
