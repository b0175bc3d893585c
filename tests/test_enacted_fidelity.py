"""Fidelity of the bundled enacted Act to the research notes (issue 15, item 6).

Each test states a situation the research decides and fails on an encoding that
gets it wrong; the scenarios in features/enacted/ say the same in Gherkin.
"""

from __future__ import annotations

from statute import load
from statute.loader import load_sources
from statute.source import Source


def _aggravated(case: str, offender: str) -> set[str]:
    assessment = load("enacted").evaluate(case)
    return {f for o in assessment.offences(offender) for f in o.aggravated_by}


def test_grooming_a_parent_to_reach_the_child_aggravates():
    """The groomed third party may be an adult (MoJ factsheet: 'against the victim … or a third-party')."""
    case = """
        F causes Gwen to engage in sexual activity
        the age of Gwen is 15
        the age of F is 40
        the offence by F against Gwen was facilitated by H grooming Jo
        the age of Jo is 44
    """
    assert _aggravated(case, "F") == {"grooming_aggravating_factor"}


def test_grooming_of_someone_else_does_not_aggravate_an_unrelated_offence():
    """D assaults Eve; H groomed Sol, whom D's offence has nothing to do with: no aggravation."""
    case = """
        D sexually assaults Eve
        the age of Eve is 14
        the age of D is 30
        H groomed Sol
        the age of Sol is 13
    """
    assessment = load("enacted").evaluate(case)
    assert assessment.commits("specified_child_sex_offence", "D")
    assert _aggravated(case, "D") == set()


def test_each_offence_is_aggravated_on_its_own_binding():
    case = """
        D sexually assaults Eve
        D sexually assaults Sol
        the age of Eve is 14
        the age of Sol is 13
        the age of D is 30
        H groomed Sol
    """
    offences = load("enacted").evaluate(case).offences("D")
    by_victim = {dict(o.binding)["victim"]: o.aggravated_by for o in offences}
    assert by_victim == {"Eve": (), "Sol": ("grooming_aggravating_factor",)}


def test_a_factor_rebinding_its_offences_quantified_slot_is_an_error():
    text = "\n".join([
        'act "A":', '    source "s"', "terms:", '    "{o} assaults {v}"', '    "{g} groomed {v}"', "section 1:",
        "    offence assault (1):", "        committed by {o}", '        when some {v}: "{o} assaults {v}"',
        "        penalty: imprisonment up to 2 years",
        "    aggravating factor groomed (2):", "        aggravates assault",
        '        when some {v}, {g}: "{g} groomed {v}"', ""])
    loaded = load_sources([Source("toy.law", text)], "toy.law")
    assert [(d.code, d.line) for d in loaded.diagnostics] == [("E320", 13)]
