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


RECURSIVE = """act "R":
    source "s"
terms:
    "{p} knows {q}"
    "{p} is blocked"
    number "the age of {p}"
section 1 "S":
    definition reach (1):
        "{p} reaches {q}" means any of:
            "{p} knows {q}"
            some {r}: all of:
                "{p} knows {r}"
                "{r} reaches {q}"
    definition ok (2):
        "{p} is ok" means not "{p} is blocked" and ("the age of {p}" is at least 18 or "{p} reaches {p}")
    duty d (3):
        holder {p}
        when "{p} is ok" and "{p} reaches {q}" and "the age of {p}" is under 10
        must "{p} knows {q}"
    exception e (4) to d:
        when "{p} is ok" and not "{p} is ok"
    consequence c (5):
        faced by {p}
        when {p} breaches d
"""


def test_remembered_expansions_are_the_expansions() -> None:
    """Definitions expanded once and reused give the formulas of expanding each use afresh.

    The generated title of 100 chained units goes past MAX_DEPTH (cuts), the small Act
    recurses and quantifies (renaming), and the bundled Acts are the real thing.
    """
    from benchmarks.generate import generate
    from statute import load
    from statute.loader import load_sources, load_text
    from statute.source import Source

    acts = [load("enacted"), load("announced"), load_text(RECURSIVE, "r.law"),
            load_sources([Source(k, v) for k, v in generate(1000, 1).items()], "deep").act]
    for act in acts:
        fresh, remembered = logic.Expander(act, remember=False), logic.Expander(act)
        for provision in act.provisions:
            for expr in (provision.condition, getattr(provision, "action", None)):
                if expr is not None:
                    assert remembered.formula(expr) == fresh.formula(expr), provision.id
        assert remembered._expansions, "nothing was remembered"
