"""``can_hold_together`` searches for one consistent clause before multiplying out: same verdicts.

The reference is the verdict from multiplying out alone (the code before the
search was added); hypothesis draws formulas over a few facts and bounds.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from statute import model as m
from statute.graph import logic
from statute.graph.logic import Bound, Fact, Literal, Verdict, can_hold_together

FACTS = [Fact(("phrase", f"p{i}", ("x",)), f'"p{i}"') for i in range(4)]
NUMBERS = [Fact(("phrase", f"n{i}", ("x",)), f'"n{i}"') for i in range(2)]

atoms = st.one_of(
    st.builds(Literal, st.sampled_from(FACTS), st.booleans()),
    st.builds(Bound, st.sampled_from(NUMBERS), st.sampled_from(list(m.Comparator)),
              st.sampled_from([0.0, 5.0, 13.0, 18.0])),
    st.sampled_from([True, False]),
)
formulas = st.recursive(
    atoms,
    lambda inner: st.tuples(st.sampled_from(["and", "or"]), st.lists(inner, min_size=0, max_size=4).map(tuple)),
    max_leaves=24,
)


def reference(formulas: list) -> Verdict:
    """The verdict by multiplying out only."""
    try:
        found = logic._clauses(("and", tuple(formulas)))
    except logic._TooBig:
        return Verdict(True)
    if found:
        return Verdict(True)
    return Verdict(False, logic._first_conflict(formulas))


@settings(max_examples=200, deadline=None)
@given(st.lists(formulas, min_size=1, max_size=3))
def test_same_verdict_as_multiplying_out(parts: list) -> None:
    assert can_hold_together(parts) == reference(parts)


def test_a_search_that_runs_out_of_steps_falls_back(monkeypatch) -> None:
    monkeypatch.setattr(logic, "SEARCH_STEPS", 1)
    parts = [("or", (Literal(FACTS[0], True), Literal(FACTS[1], True))), Literal(FACTS[0], False)]
    assert can_hold_together(parts) == reference(parts) == Verdict(True)
