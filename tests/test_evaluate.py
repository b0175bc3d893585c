"""Evaluation semantics on toy statutes: every status, exceptions, priority, conflict."""

from __future__ import annotations

import pytest

from statute import load
from statute.diagnostics import StatuteError
from statute.evaluate import MAX_STEPS, EvaluationTooLarge, evaluate
from statute.outcomes import Status


@pytest.fixture(scope="module")
def breach_act(request):
    return load(request.path.parent / "acts" / "data_breach.law")


@pytest.fixture(scope="module")
def quiet_act(request):
    return load(request.path.parent / "acts" / "quiet_hours.law")


CONTROLLER = ["Acme is a data controller", "Acme becomes aware of a personal data breach"]


def test_does_not_apply(breach_act):
    assessment = breach_act.evaluate(["Acme is a data controller"])
    assert assessment.status("notify_breach", "Acme") is Status.DOES_NOT_APPLY
    assert not assessment.is_under("notify_breach", "Acme")


def test_breached_and_its_consequence(breach_act):
    assessment = breach_act.evaluate(CONTROLLER)
    assert assessment.status("notify_breach", "Acme") is Status.BREACHED
    assert assessment.status("public_censure", "Acme") is Status.FOLLOWS


def test_consequence_condition_can_fail(breach_act):
    assessment = breach_act.evaluate([*CONTROLLER, "Acme is a public body"])
    assert assessment.status("notify_breach", "Acme") is Status.BREACHED
    assert assessment.status("public_censure", "Acme") is Status.DOES_NOT_APPLY


def test_complied(breach_act):
    assessment = breach_act.evaluate([*CONTROLLER, "Acme notifies the commissioner"])
    assert assessment.status("notify_breach", "Acme") is Status.COMPLIED
    assert assessment.consequences("Acme") == []


def test_complied_within_the_deadline(breach_act):
    facts = [*CONTROLLER, "Acme notifies the commissioner", "the hours Acme took to notify the commissioner is 70"]
    assert breach_act.evaluate(facts).status("notify_breach", "Acme") is Status.COMPLIED


def test_complied_deadline_explains_the_measure(breach_act):
    facts = [*CONTROLLER, "Acme notifies the commissioner", "the hours Acme took to notify the commissioner is 70"]
    said = str(breach_act.evaluate(facts).explain("notify_breach", "Acme").to_json())
    assert "the hours Acme took to notify the commissioner is 70, not more than 72" in said
    unstated = str(breach_act.evaluate([*CONTROLLER, "Acme notifies the commissioner"])
                   .explain("notify_breach", "Acme").to_json())
    assert "is not stated, so it is not known to be late" in unstated


PERMISSION_WITH_DEADLINE = """
act "Delay Act (toy)":
    source "invented"
terms:
    "{p} must report {c}"
    "{p} reports {c}"
    "{p} fears for {c}"
    number "the days since {p} learned of {c}"
section 1 "Report":
    source "invented"
    duty report (1):
        holder {p}
        when "{p} must report {c}"
        must "{p} reports {c}"
    consequence sanction (2):
        faced by {p}
        when {p} breaches report
    permission delay (3):
        holder {p}
        when "{p} fears for {c}"
        need not "{p} reports {c}"
        within 7 days measured by "the days since {p} learned of {c}"
        notwithstanding report
"""


@pytest.mark.parametrize(("days", "expected"), [(3, Status.EXCUSED), (7, Status.EXCUSED), (10, Status.BREACHED)])
def test_a_permission_lasts_as_long_as_its_deadline(tmp_path, days, expected):
    """``within 7 days measured by …`` on a permission: it excuses for 7 days, not on day 10."""
    law = tmp_path / "delay.law"
    law.write_text(PERMISSION_WITH_DEADLINE, encoding="utf-8")
    act = load(law)
    facts = ["Ann must report Bo", "Ann fears for Bo", f"the days since Ann learned of Bo is {days}"]
    assessment = act.evaluate(facts)
    assert assessment.status("report", "Ann") is expected
    if expected is Status.BREACHED:
        said = str(assessment.explain("delay", "Ann").to_json())
        assert "the days since Ann learned of Bo is at most 7" in said


def test_late_is_complied_late_and_a_breach(breach_act):
    facts = [*CONTROLLER, "Acme notifies the commissioner", "the hours Acme took to notify the commissioner is 80"]
    assessment = breach_act.evaluate(facts)
    assert assessment.status("notify_breach", "Acme") is Status.LATE
    assert assessment.is_under("notify_breach", "Acme")
    assert assessment.consequences("Acme"), "a late notification breaches the deadline: what follows a breach follows"
    assert "more than 72" in str(assessment.explain("notify_breach", "Acme").to_json())


def test_exception_excuses(breach_act):
    facts = [*CONTROLLER, "the breach at Acme is unlikely to result in a risk to individuals"]
    assessment = breach_act.evaluate(facts)
    assert assessment.status("notify_breach", "Acme") is Status.EXCUSED
    (outcome,) = assessment.of("notify_breach", "Acme")
    assert outcome.because == ("unlikely_risk",)


def test_exception_to_an_exception_restores_the_duty(breach_act):
    facts = [*CONTROLLER, "the breach at Acme is unlikely to result in a risk to individuals",
             "Acme is ordered by the commissioner to notify"]
    assessment = breach_act.evaluate(facts)
    assert assessment.status("notify_breach", "Acme") is Status.BREACHED
    applied = {(o.provision, o.status) for o in assessment.outcomes if o.kind == "exception"}
    assert ("unlikely_risk", Status.DEFEATED) in applied
    assert ("ordered_to_notify", Status.APPLIES) in applied


def test_offence_refers_to_a_duty(breach_act):
    facts = [*CONTROLLER, "Eve tells Acme not to notify the commissioner", "Eve intends to stop the notification"]
    assessment = breach_act.evaluate(facts)
    assert assessment.commits("obstructing_notification", "Eve")
    assert not assessment.commits("obstructing_notification", "Acme")
    worst = assessment.maximum_penalties("Eve")[0][1]
    assert str(worst.imprisonment) == "imprisonment up to 2 years"
    # no duty, no offence: the element "is under notify_breach" fails
    excused = breach_act.evaluate([*facts, "the breach at Acme is unlikely to result in a risk to individuals"])
    assert not excused.commits("obstructing_notification", "Eve")


def test_prohibition_complied_and_breached(quiet_act):
    assert quiet_act.evaluate(["Club runs a venue"]).status("no_late_music", "Club") is Status.COMPLIED
    loud = quiet_act.evaluate(["Club runs a venue", "Club plays music after midnight"])
    assert loud.status("no_late_music", "Club") is Status.BREACHED


def test_permission_notwithstanding_excuses_the_prohibition(quiet_act):
    facts = ["Club runs a venue", "Club plays music after midnight", "Club holds a late licence"]
    assessment = quiet_act.evaluate(facts)
    assert assessment.status("no_late_music", "Club") is Status.EXCUSED
    assert assessment.of("no_late_music", "Club")[0].because == ("late_licence",)
    assert assessment.status("late_licence", "Club") is Status.GRANTED


def test_exception_to_the_permission_restores_the_prohibition(quiet_act):
    facts = ["Club runs a venue", "Club plays music after midnight", "Club holds a late licence",
             "Club is in a hospital zone"]
    assessment = quiet_act.evaluate(facts)
    assert assessment.status("late_licence", "Club") is Status.EXCUSED
    assert assessment.status("no_late_music", "Club") is Status.BREACHED


def test_unranked_disagreement_is_a_conflict_never_a_silent_pick(quiet_act):
    facts = ["Mo is a fire marshal", "there is a fire at Mo", "Mo is in a hospital zone"]
    assessment = quiet_act.evaluate(facts)
    assert assessment.status("sound_alarm", "Mo") is Status.CONFLICT
    assert assessment.status("silence_in_hospital_zone", "Mo") is Status.CONFLICT
    (conflict,) = assessment.conflicts
    assert {conflict.first, conflict.second} == {"sound_alarm", "silence_in_hospital_zone"}
    assert conflict.party == "Mo"
    text = str(assessment.explain("sound_alarm", "Mo").to_json())
    assert "no priority ranks" in text


def test_no_conflict_when_only_one_applies(quiet_act):
    assessment = quiet_act.evaluate(["Mo is a fire marshal", "there is a fire at Mo"])
    assert assessment.status("sound_alarm", "Mo") is Status.BREACHED
    assert assessment.conflicts == []


def test_facts_as_json_and_as_text_agree(breach_act):
    structured = {"facts": [
        {"phrase": "{controller} is a data controller", "slots": {"controller": "Acme"}},
        {"phrase": "{c} becomes aware of a personal data breach", "slots": {"c": "Acme"}},
        {"phrase": "the hours {controller} took to notify the commissioner", "slots": {"controller": "Acme"},
         "value": 3},
    ]}
    from_json = breach_act.evaluate(structured)
    from_text = breach_act.evaluate("\n".join(CONTROLLER) + "\nthe hours Acme took to notify the commissioner is 3")
    assert [o.to_json() for o in from_json.outcomes] == [o.to_json() for o in from_text.outcomes]


def test_unknown_sentence_names_the_line_and_suggests(breach_act):
    with pytest.raises(StatuteError) as error:
        breach_act.evaluate("Acme is a data controller\nAcme notifes the comissioner\n")
    (problem,) = error.value.diagnostics
    assert problem.line == 2
    assert "{controller} notifies the commissioner" in (problem.hint or "")


def test_derived_phrase_cannot_be_stated():
    act = load("enacted")
    with pytest.raises(StatuteError) as error:
        act.evaluate(["Alice is a mandated reporter"])
    assert "derived by definition 'mandated_reporter'" in error.value.diagnostics[0].message


def test_ambiguous_sentence_is_an_error(tmp_path):
    path = tmp_path / "ambiguous.law"
    path.write_text('act "A":\n    source "s"\nterms:\n    "{a} likes {b}"\n    "{a} likes {b} and {c}"\n'
                    'section 1:\n    duty d:\n        holder {a}\n        when "{a} likes {b}" or '
                    '(some {c}: "{a} likes {b} and {c}")\n        must "{a} likes {b}"\n', encoding="utf-8")
    act = load(path)
    with pytest.raises(StatuteError) as error:
        act.evaluate(["Ann likes Bob and Cy"])
    assert error.value.diagnostics[0].code == "C002"
    assert act.evaluate(['Ann likes "Bob and Cy"']).case.parties == ("Ann", "Bob and Cy")


def test_many_parties_stop_with_a_clear_message(quiet_act, monkeypatch):
    monkeypatch.setattr("statute.evaluate.MAX_STEPS", 50)
    facts = [f"P{i} runs a venue" for i in range(60)]
    with pytest.raises(EvaluationTooLarge, match="binding tests"):
        evaluate(quiet_act, facts)
    assert MAX_STEPS >= 1_000_000


SOME_ACTION_CONFLICT = """
act "Gag Act (toy)":
    source "invented"
terms:
    "{l} is a landlord"
    "{l} is a charity"
    "{l} tells {t} to stay quiet"
section 1 "Gags":
    source "invented"
    prohibition gag (1):
        holder {l}
        when "{l} is a landlord"
        must not some {t}: "{l} tells {t} to stay quiet"
    permission may_gag (2):
        holder {l}
        when "{l} is a charity"
        may some {tenant}: "{l} tells {tenant} to stay quiet"
    consequence fine (3):
        faced by {l}
        when {l} breaches gag
"""


def test_a_conflict_over_a_some_action_is_reported_once_in_words(tmp_path):
    """Both sides of a conflict name one act; an action under 'some' is written out, not an id."""
    law = tmp_path / "gag.law"
    law.write_text(SOME_ACTION_CONFLICT, encoding="utf-8")
    assessment = load(law).evaluate(["Cara is a landlord", "Cara is a charity", "Cara tells Tim to stay quiet"])
    assert [(c.first, c.second, c.party) for c in assessment.conflicts] == [("gag", "may_gag", "Cara")]
    assert assessment.conflicts[0].action == "some {t}: Cara tells {t} to stay quiet"
    assert assessment.status("may_gag", "Cara") is Status.CONFLICT
    assert "Cara has " in str(assessment.explain("may_gag", "Cara").to_json())
