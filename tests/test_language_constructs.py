"""Defences with a burden, rebuttable presumptions, offender-dependent penalties, summary fine limits
(issue 15, items 1-3): the model they build, the outcomes and explanations, and the diagnostics for their
misuse. The scenarios on the toy Act are features/toy/site_safety.feature."""

from __future__ import annotations

import textwrap
from pathlib import Path

from statute import load, load_text
from statute import model as m
from statute.explain import render_text
from statute.loader import load_sources
from statute.render import penalties_text
from statute.scenarios.references import ProvisionIndex, UnknownReference
from statute.source import Source

SITE = Path(__file__).parent / "acts" / "language" / "site_safety.law"
_HEAD = 'act "A":\n    source "s"\n'


def _problems(body: str) -> list[tuple[str, int | None, str, str | None]]:
    text = _HEAD + textwrap.dedent(body)
    loaded = load_sources([Source("a.law", text)], "a.law")
    return [(d.code, d.line, d.message, d.hint) for d in loaded.diagnostics if d.severity == "error"]


def test_a_defence_is_built_with_its_burden_and_standard():
    act = load(SITE)
    defence = act.provision("not_reasonably_practicable")
    assert isinstance(defence, m.Defence) and defence.kind is m.Kind.DEFENCE
    assert (defence.burden, defence.standard, defence.proved_by) == (
        m.Burden.LEGAL, m.BALANCE_OF_PROBABILITIES, "operator")
    evidential = act.provision("honest_mistake")
    assert isinstance(evidential, m.Defence)
    assert (evidential.burden, evidential.standard, evidential.proved_by) == (m.Burden.EVIDENTIAL, None, None)


def test_a_defence_defeats_the_offence_and_is_explained_with_who_proves_it():
    act = load(SITE)
    assessment = act.evaluate("Acme runs a site\nWes works at the site of Acme\n"
                              "it was not reasonably practicable for Acme to do more to keep Wes safe\n")
    assert not assessment.commits("failing_to_keep_workers_safe", "Acme")
    (outcome,) = assessment.of("failing_to_keep_workers_safe", "Acme")
    assert outcome.because == ("not_reasonably_practicable",)
    text = render_text(assessment.explain("failing_to_keep_workers_safe", "Acme"))
    assert ("defeated by the defence in s.1(5) (the defence that more was not reasonably practicable), proved by "
            "Acme (a legal burden, on the balance of probabilities)") in text


def test_an_evidential_defence_says_the_prosecution_must_disprove_it():
    assessment = load(SITE).evaluate("Pat obstructs an inspector\nPat believed the inspector was an impostor\n")
    text = render_text(assessment.explain("obstruction", "Pat"))
    assert "raised by Pat (an evidential burden: the prosecution must disprove it beyond reasonable doubt)" in text


def test_a_presumption_holds_on_its_basis_unless_rebutted_and_is_explained_as_one():
    act = load(SITE)
    presumed = act.evaluate("Acme runs a site\nWes is employed by Acme\n")
    assert presumed.is_under("keep_workers_safe", "Acme")
    text = render_text(presumed.explain("keep_workers_safe", "Acme"))
    assert "presumed by the presumption employees_work_at_the_site (s.1(3))" in text
    assert "unless the contrary is shown — and it is not" in text
    rebutted = act.evaluate("Acme runs a site\nWes is employed by Acme\n"
                            "it is shown that Wes does not work at the site of Acme\n")
    assert not rebutted.is_under("keep_workers_safe", "Acme")


def test_penalties_follow_the_offender():
    act = load(SITE)
    facts = "{o} runs a site\nWes works at the site of {o}\n{o} is {what}\n"
    company = act.evaluate(facts.format(o="Acme", what="a body corporate")).of("failing_to_keep_workers_safe", "Acme")
    person = act.evaluate(facts.format(o="Ian", what="an individual")).of("failing_to_keep_workers_safe", "Ian")
    assert [str(p) for p in company[0].penalties] == ["an unlimited fine", "a fine up to the statutory maximum"]
    assert [str(p) for p in person[0].penalties] == [
        "imprisonment up to 2 years or an unlimited fine or both",
        "imprisonment up to 12 months or a fine up to the statutory maximum or both"]
    assert 'on indictment (for "{operator} is a body corporate"): an unlimited fine' in penalties_text(
        act.provision("failing_to_keep_workers_safe"))


def test_a_defence_to_a_duty_is_refused_with_the_exception_form():
    problems = _problems("""\
        terms:
            "{p} reports"
            "{p} is busy"
        section 1:
            duty report (1):
                holder {p}
                must "{p} reports"
            defence busy (2) to report:
                when "{p} is busy"
        """)
    (_code, line, message, hint) = next(p for p in problems if p[0] == "E302")
    assert line == 10 and "is a defence to 'report', which is a duty, not an offence" in message
    assert hint == "a defence answers a charge of an offence; to limit a duty, write `exception busy to report:`"


def test_misused_burdens_are_reported_with_the_fix():
    body = """\
        terms:
            "{p} does it"
            "{p} had a reason"
        section 1:
            offence o (1):
                committed by {p}
                when "{p} does it"
                penalty: a fine
            defence reason (2) to o:
                when "{p} had a reason"
                burden {kind}
        """
    (code, line, message, hint), = _problems(body.replace("{kind}", "legl"))
    assert (code, line, hint) == ("E205", 13, "did you mean 'legal'?")
    standard = body.replace("{kind}", 'evidential\n                standard "beyond reasonable doubt"')
    (code, line, message, hint), = _problems(standard)
    assert (code, line, message) == ("E202", 14, "an evidential burden has no standard of proof")


def test_a_penalty_for_some_offenders_names_only_the_offender():
    (code, line, _message, hint), = _problems("""\
        terms:
            "{p} does it"
            "{q} is a body corporate"
        section 1:
            offence o (1):
                committed by {p}
                when "{p} does it"
                on indictment for "{q} is a body corporate": a fine
        """)
    assert (code, line, hint) == ("E306", 10, "write the offender's slot, {p}")


def test_a_then_step_naming_an_exception_to_an_offence_does_not_loop():
    act = load_text(_HEAD + textwrap.dedent("""\
        terms:
            "{c} bribes"
            "{c} had procedures"
        section 1:
            offence bribery (1):
                committed by {c}
                when "{c} bribes"
                penalty: a fine
            exception procedures (2) to bribery:
                when "{c} had procedures"
        """), "a.law")
    index = ProvisionIndex(act)
    try:
        index.resolve("procedures", {m.Kind.PERMISSION}, "a permission")
    except UnknownReference as error:
        assert error.hint == "an exception to an offence defeats it: write '<party> does not commit bribery'"
    else:
        raise AssertionError("an exception is not a permission")


def test_in_an_open_world_a_presumption_is_undetermined_only_when_its_rebuttal_is():
    act = load(SITE)
    facts = "open world\nAcme runs a site\nWes is employed by Acme\n{rebuttal}"
    open_rebuttal = act.evaluate(facts.format(rebuttal=""))
    assert open_rebuttal.is_under("keep_workers_safe", "Acme") is None  # the contrary may yet be shown
    not_rebutted = act.evaluate(facts.format(
        rebuttal="it is not the case that it is shown that Wes does not work at the site of Acme\n"))
    assert not_rebutted.is_under("keep_workers_safe", "Acme") is True
    rebutted = act.evaluate(facts.format(rebuttal="it is shown that Wes does not work at the site of Acme\n"))
    assert rebutted.is_under("keep_workers_safe", "Acme") is False
