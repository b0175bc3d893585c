"""The intended outcomes of the research notes' worked examples (legislation.md §7).

Each test states the law's intended outcome; if the encoding in
statute/acts/*.law changes so that the outcome changes, the test fails.
"""

from __future__ import annotations

import pytest

from statute import load
from statute.outcomes import Status

TEACHER = ["Alice is a teacher", "Alice works in England", "the age of Alice is 35"]
DISCLOSURE = ["Bella tells Alice about a child sex offence", "the age of Bella is 12"]


@pytest.fixture(scope="module")
def enacted():
    return load("enacted")


@pytest.fixture(scope="module")
def announced():
    return load("announced")


def test_1_teacher_told_by_a_12_year_old_must_notify(enacted):
    assessment = enacted.evaluate(TEACHER + DISCLOSURE)
    assert assessment.is_under("duty_to_notify", "Alice")
    assert assessment.of("duty_to_notify", "Alice")[0].slots == {"person": "Alice", "child": "Bella"}


def test_2_disclosure_by_a_perpetrator(enacted):
    facts = ["Yusuf is a youth worker", "Yusuf works in England", "the age of Yusuf is 30",
             "Adam tells Yusuf that they committed a child sex offence against Chloe"]
    assert enacted.evaluate(facts).is_under("duty_to_notify", "Yusuf")


def test_3_nurse_witnessing_abuse(enacted):
    facts = ["Nia is an NHS nurse", "Nia works in England", "the age of Nia is 41",
             "Nia witnesses a child sex offence against Pat"]
    assert enacted.evaluate(facts).is_under("duty_to_notify", "Nia")


def test_4_social_worker_seeing_images(enacted):
    facts = ["Sam is a social care worker", "Sam works in England", "the age of Sam is 29",
             "Sam sees images or recordings of a child sex offence against Kit"]
    assert enacted.evaluate(facts).is_under("duty_to_notify", "Sam")


def test_7_delay_of_up_to_seven_days_where_notifying_puts_the_child_at_risk(enacted):
    risk = ["Alice reasonably believes that notifying immediately would put Bella at risk"]
    day_3 = enacted.evaluate(TEACHER + DISCLOSURE + risk +
                             ["the days since Alice was given reason to suspect an offence against Bella is 3"])
    assert day_3.status("duty_to_notify", "Alice") is Status.EXCUSED
    day_10 = enacted.evaluate(TEACHER + DISCLOSURE + risk +
                              ["the days since Alice was given reason to suspect an offence against Bella is 10"])
    assert day_10.status("duty_to_notify", "Alice") is Status.BREACHED


def test_9_two_consenting_teenagers_no_duty(enacted):
    facts = TEACHER + ["Bella tells Alice about a child sex offence", "the age of Bella is 15",
                       "the suspected offence against Bella is sexual activity with Tom", "the age of Tom is 16",
                       "Alice reasonably believes the activity between Bella and Tom was consensual"]
    assessment = enacted.evaluate(facts)
    assert assessment.status("duty_to_notify", "Alice") is Status.EXCUSED
    assert assessment.of("duty_to_notify", "Alice")[0].because == ("consensual_activity_between_children",)


def test_11_age_or_maturity_gap_is_the_reporters_judgement(enacted):
    base = TEACHER + ["Bella tells Alice about a child sex offence", "the age of Bella is 14",
                      "the suspected offence against Bella is sexual activity with Tom", "the age of Tom is 17",
                      "Alice reasonably believes the activity between Bella and Tom was consensual"]
    assert enacted.evaluate(base).status("duty_to_notify", "Alice") is Status.EXCUSED
    uneasy = base + ["Alice judges there is a significant difference in age or maturity between Bella and Tom"]
    assert enacted.evaluate(uneasy).status("duty_to_notify", "Alice") is Status.BREACHED


def test_12_either_child_under_13_must_notify(enacted):
    facts = TEACHER + ["Bella tells Alice about a child sex offence", "the age of Bella is 12",
                       "the suspected offence against Bella is sexual activity with Tom", "the age of Tom is 13",
                       "Alice reasonably believes the activity between Bella and Tom was consensual"]
    assert enacted.evaluate(facts).status("duty_to_notify", "Alice") is Status.BREACHED


def test_15_a_17_year_old_volunteer_is_not_under_the_duty(enacted):
    facts = ["Vic volunteers with children", "Vic works in England", "the age of Vic is 17",
             "Bella tells Vic about a child sex offence"]
    assessment = enacted.evaluate(facts)
    assert not assessment.is_under("duty_to_notify", "Vic")
    why = assessment.explain("duty_to_notify", "Vic")
    failed = [r for r in why.walk() if not r.holds and r.kind == "comparison"]
    assert failed and failed[0].text == "the age of Vic is at least 18"


def test_16_a_teacher_in_wales_is_not_under_the_duty(enacted):
    facts = ["Wendy is a teacher", "Wendy works in Wales", "the age of Wendy is 40",
             "Bella tells Wendy about a child sex offence"]
    assessment = enacted.evaluate(facts)
    assert not assessment.is_under("duty_to_notify", "Wendy")
    assert any(r.text == "Wendy works in England" and not r.holds
               for r in assessment.explain("duty_to_notify", "Wendy").walk())


def test_20_failure_to_notify_is_a_breach_and_a_barring_referral_but_no_offence(enacted):
    assessment = enacted.evaluate(TEACHER + DISCLOSURE)
    assert assessment.status("duty_to_notify", "Alice") is Status.BREACHED
    assert assessment.status("barring_referral", "Alice") is Status.FOLLOWS
    assert assessment.offences("Alice") == []


def test_20_under_the_announcement_failing_to_report_is_an_offence(announced):
    assessment = announced.evaluate(TEACHER + DISCLOSURE)
    assert assessment.status("duty_to_report", "Alice") is Status.BREACHED
    assert assessment.commits("failing_to_report", "Alice")
    (penalty,) = assessment.of("failing_to_report", "Alice")[0].penalties
    assert not penalty.stated


def test_notifying_complies_when_it_says_who_and_why(enacted):
    notified = TEACHER + DISCLOSURE + ["Alice notifies the local authority about Bella"]
    bare = enacted.evaluate(notified)
    assert bare.status("duty_to_notify", "Alice") is Status.COMPLIED
    assert bare.status("notification_content", "Alice") is Status.BREACHED
    full = enacted.evaluate(notified + [
        "the notification by Alice about Bella identifies those involved and explains why it is made"])
    assert full.status("notification_content", "Alice") is Status.COMPLIED
    assert full.consequences("Alice") == []


def test_21_head_teacher_threatening_a_job_commits_the_deterring_offence(enacted):
    facts = TEACHER + DISCLOSURE + ["Harry is a teacher", "Harry tries to deter Alice from reporting abuse of Bella"]
    assessment = enacted.evaluate(facts)
    assert assessment.commits("preventing_or_deterring", "Harry")
    penalty = assessment.maximum_penalties("Harry")[0][1]
    assert str(penalty.mode) == "on indictment"
    assert penalty.imprisonment is not None and str(penalty.imprisonment.term) == "7 years"


def test_22_a_parent_outside_relevant_activity_can_commit_it(enacted, announced):
    facts = TEACHER + DISCLOSURE + ["Pam intentionally prevents Alice from reporting abuse of Bella"]
    assert enacted.evaluate(facts).commits("preventing_or_deterring", "Pam")
    # the announcement made it an offence for professionals only
    assert not announced.evaluate(facts).commits("preventing_or_covering_up", "Pam")


def test_26_grooming_by_another_gang_member_aggravates(enacted, announced):
    facts = ["B sexually assaults Carol", "A groomed Carol", "the age of Carol is 14", "the age of B is 25",
             "A is a gang member", "B is a gang member"]
    assessment = enacted.evaluate(facts)
    (offence,) = assessment.of("specified_child_sex_offence", "B")
    assert offence.status is Status.COMMITTED
    assert offence.aggravated_by == ("grooming_aggravating_factor",)
    assert not assessment.of("specified_child_sex_offence", "A")
    assert announced.evaluate(facts).of("child_sexual_abuse_offence", "B")[0].aggravated_by == (
        "grooming_by_gang_members",)


def test_25_grooming_by_the_offender_aggravates_but_not_when_the_offender_is_a_child(enacted):
    adult = ["D sexually assaults Eve", "D groomed Eve", "the age of Eve is 14", "the age of D is 30"]
    assert enacted.evaluate(adult).of("specified_child_sex_offence", "D")[0].aggravated_by
    minor = ["D sexually assaults Eve", "D groomed Eve", "the age of Eve is 14", "the age of D is 17"]
    assert not enacted.evaluate(minor).of("specified_child_sex_offence", "D")[0].aggravated_by


def test_limitation_period_removed_but_settled_claims_stay_closed(enacted):
    claim = ["the action of Cara against Dan is for negligence, nuisance or breach of duty",
             "Cara claims damages for personal injuries from Dan",
             "Cara was under 18 when the cause of action against Dan accrued",
             "the act or omission of Dan against Cara was sexual abuse"]
    assert enacted.evaluate(claim).status("no_limitation_period", "Cara") is Status.GRANTED
    settled = claim + ["the claim of Cara against Dan was settled or determined before commencement"]
    assert enacted.evaluate(settled).status("no_limitation_period", "Cara") is Status.EXCUSED


def test_explanation_cites_sections_and_quotes_text(enacted):
    assessment = enacted.evaluate(TEACHER + DISCLOSURE)
    tree = assessment.explain("duty_to_notify", "Alice")
    assert tree.provision is not None and tree.provision["citation"] == "s.85(1)"
    assert "as soon as reasonably practicable" in tree.provision["quote"]
    cited = {r.provision["citation"] for r in tree.walk() if r.provision}
    assert {"s.85(1)", "s.85(12)", "s.85(12)(a)"} <= cited
    facts = [r.text for r in tree.walk() if r.kind == "fact" and r.holds]
    assert "Alice is a teacher" in facts


def test_regarding_ties_the_offence_and_the_content_duty_to_the_same_child(enacted):
    base = TEACHER + DISCLOSURE + ["the age of Carl is 9"]
    # deterring a report about a child the teacher has no duty about is not the offence
    other = enacted.evaluate(base + ["Pam tries to deter Alice from reporting abuse of Carl"])
    assert not other.commits("preventing_or_deterring", "Pam")
    same = enacted.evaluate(base + ["Pam tries to deter Alice from reporting abuse of Bella"])
    assert same.commits("preventing_or_deterring", "Pam")
    # notifying about an unrelated child puts no content duty on Alice regarding that child
    notified = enacted.evaluate(base + ["Alice notifies the police about Carl"])
    assert [o.slots["child"] for o in notified.of("notification_content", "Alice")] == []
