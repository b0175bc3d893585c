"""Fixes for what a new user hit while encoding a second statute (issue 15, item 5).

Each test fails on the code before its fix: a described fine combined with other
sanctions, a C003 hint that listed nothing, an E307 hint that only said "rename",
a diff that did not count the provision an exception no longer limits, and an
explain summary that said "under no duty" of an Act that imposes none.
"""

from __future__ import annotations

import textwrap

from statute import load_text
from statute.case import CaseReader, read_case
from statute.commands.explain import summary
from statute.graph.diff import diff
from statute.loader import load_sources
from statute.scenarios.penalties import penalty_matches
from statute.source import Source

_HEADER = 'act "A":\n    source "s"\n'


def _act(body: str):
    return load_text(_HEADER + textwrap.dedent(body), "a.law")


def test_a_described_fine_combines_with_other_sanctions():
    act = _act("""\
        terms:
            "{p} does it"
        section 1:
            offence o (1):
                committed by {p}
                when "{p} does it"
                penalty: imprisonment up to 12 months, "a fine not exceeding the statutory maximum", or both
        """)
    (penalty,) = act.provision("o").penalties
    assert penalty_matches("a fine not exceeding the statutory maximum", penalty)
    assert penalty_matches("imprisonment up to 12 months", penalty)
    assert penalty_matches("imprisonment up to 12 months, a fine not exceeding the statutory maximum, or both",
                           penalty)
    assert not penalty_matches("imprisonment up to 6 months, a fine not exceeding the statutory maximum", penalty)


def test_c003_hint_follows_a_definition_that_tests_another_provision():
    act = _act("""\
        terms:
            "{p} is a teacher"
            "{p} teaches {c}"
            "{p} reports"
        section 1:
            duty report (1):
                holder {p}
                when "{p} is a teacher" and "{p} teaches {c}"
                must "{p} reports"
            definition covered (2):
                "{p} is covered" means {p} is under report
        """)
    _, problems = read_case(CaseReader(act), "Ann is covered\n", "case")
    (problem,) = problems
    assert problem.code == "C003"
    assert "'{p} is a teacher'" in problem.hint and "(see the definition)" not in problem.hint


def test_e307_hint_for_a_repeated_slot_offers_the_same_party_form():
    text = _HEADER + 'terms:\n    "{c} pays {c}\'s agent"\n'
    loaded = load_sources([Source("a.law", text)], "a.law")
    (problem,) = [d for d in loaded.diagnostics if d.code == "E307"]
    assert "'{c} pays their agent'" in problem.hint  # a pronoun: the same party
    assert "in a condition means one party" in problem.hint  # or the slot repeated where it is used
    assert "{other c}" in problem.hint


_LIMITED = """\
    terms:
        "{p} is a controller"
        "{p} notifies"
        "{p} is exempt"
    section 1:
        duty notify (1):
            holder {p}
            when "{p} is a controller"
            must "{p} notifies"
"""


def test_diff_counts_the_provision_an_removed_exception_no_longer_limits():
    old = _act(_LIMITED + '        exception exempt (2) to notify:\n            when "{p} is exempt"\n')
    new = _act(_LIMITED)
    result = diff(old, new)
    changed = [c for c in result.changes if c.change == "changed"]
    assert [c.id for c in changed] == ["notify"]
    assert [(d.aspect, d.change) for d in changed[0].details] == [("exceptions", "widened")]
    assert "1 provision changed" in result.render()
    assert result.meaning_changed
    back = diff(new, old)
    assert [(d.aspect, d.change) for c in back.changes if c.id == "notify" for d in c.details] == [
        ("exceptions", "narrowed")]


def test_explain_summary_says_no_duty_only_of_an_act_with_duties():
    act = _act("""\
        terms:
            "{p} is a claimant"
            "{p} sues late"
        section 1:
            permission late (1):
                holder {p}
                when "{p} is a claimant"
                may "{p} sues late"
        """)
    lines = summary(act.evaluate("Ann is a claimant\nBob sues late\n"))
    assert lines == ["Ann: may rely on late", "Bob: nothing in the Act applies"]
