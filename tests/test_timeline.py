"""Dated cases: deadlines by the calendar, the as-at date, and date diagnostics in cases.

The enacted Act's duty to notify runs "within 7 days"; these cases date the events
instead of stating how many days were taken, and every status is computed from the dates.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import statute
from statute.case import CaseReader, read_case
from statute.explain import render_text
from statute.outcomes import Status

REPORTER = """section 85 comes into force on 2026-05-01
Vic volunteers with children
Vic works in England
the age of Vic is 30
on 2026-05-04 Bella tells Vic about a child sex offence
"""
AT_RISK = REPORTER + "Vic reasonably believes that notifying immediately would put Bella at risk\n"
DAY0 = date(2026, 5, 4)
UNDATED = REPORTER.replace("on 2026-05-04 ", "").replace("section 85 comes into force on 2026-05-01\n", "")


@pytest.fixture(scope="module")
def enacted():
    return statute.load("enacted")


def _on(day: int) -> str:
    return (DAY0 + timedelta(days=day)).isoformat()


def test_notified_on_day_5_during_the_delay_has_complied(enacted):
    assessment = enacted.evaluate(AT_RISK + f"on {_on(5)} Vic notifies the police about Bella\nas at {_on(10)}")
    assert assessment.status("duty_to_notify", "Vic") is Status.COMPLIED
    said = render_text(assessment.explain("duty_to_notify", "Vic"))
    assert "it runs from 4 May 2026, last day 11 May 2026; done on 9 May 2026, in time" in said


def test_notified_on_day_9_has_complied_late(enacted):
    assessment = enacted.evaluate(AT_RISK + f"on {_on(9)} Vic notifies the police about Bella")
    assert assessment.status("duty_to_notify", "Vic") is Status.LATE
    assert assessment.status("barring_referral", "Vic") is Status.FOLLOWS  # a late notification is a breach
    said = render_text(assessment.explain("duty_to_notify", "Vic"))
    assert "done on 13 May 2026, too late" in said


def test_no_notification_is_pending_on_day_3_and_breached_on_day_8(enacted):
    pending = enacted.evaluate(REPORTER + f"as at {_on(3)}")
    assert pending.status("duty_to_notify", "Vic") is Status.PENDING
    assert pending.is_under("duty_to_notify", "Vic")
    assert pending.status("barring_referral", "Vic") is Status.DOES_NOT_APPLY  # nothing follows a pending duty
    assert "not done by 7 May 2026, with 4 days left" in render_text(pending.explain("duty_to_notify", "Vic"))
    breached = enacted.evaluate(REPORTER + f"as at {_on(8)}")
    assert breached.status("duty_to_notify", "Vic") is Status.BREACHED
    assert breached.status("barring_referral", "Vic") is Status.FOLLOWS
    assert "not done by 12 May 2026, so the deadline has passed" in render_text(
        breached.explain("duty_to_notify", "Vic"))


@pytest.mark.parametrize(("day", "expected"), [(6, Status.PENDING), (7, Status.PENDING), (8, Status.BREACHED)])
def test_the_last_day_itself_is_in_time(enacted, day, expected):
    assert enacted.evaluate(REPORTER + f"as at {_on(day)}").status("duty_to_notify", "Vic") is expected


@pytest.mark.parametrize(("day", "expected"), [(7, Status.COMPLIED), (8, Status.LATE)])
def test_notifying_on_the_last_day_complies(enacted, day, expected):
    case = REPORTER + f"on {_on(day)} Vic notifies the police about Bella\nas at {_on(30)}"
    assert enacted.evaluate(case).status("duty_to_notify", "Vic") is expected


def test_at_risk_the_delay_excuses_until_day_7_then_the_duty_is_breached(enacted):
    """The 7 days of s.85(5) are counted from the dated disclosure, not stated as a number."""
    during = enacted.evaluate(AT_RISK + f"as at {_on(3)}")
    assert during.status("duty_to_notify", "Vic") is Status.EXCUSED
    assert during.status("delay_where_child_at_risk", "Vic") is Status.GRANTED
    after = enacted.evaluate(AT_RISK + f"as at {_on(8)}")
    assert after.status("delay_where_child_at_risk", "Vic") is Status.DOES_NOT_APPLY
    assert after.status("duty_to_notify", "Vic") is Status.BREACHED


def test_the_as_at_argument_overrides_the_case(enacted):
    case = REPORTER + f"as at {_on(3)}"
    assert enacted.evaluate(case).status("duty_to_notify", "Vic") is Status.PENDING
    assert statute.evaluate.evaluate(enacted, case, DAY0 + timedelta(days=20)).status(
        "duty_to_notify", "Vic") is Status.BREACHED


def test_an_undated_case_keeps_measured_by(enacted):
    case = UNDATED + "Vic notifies the police about Bella\nthe days Vic took to notify about Bella is 9"
    assessment = enacted.evaluate(case)
    assert assessment.as_at is None
    assert assessment.status("duty_to_notify", "Vic") is Status.LATE


def test_json_dates(enacted):
    data = {"as_at": _on(8), "in_force": {"s.85": "2026-05-01"},
            "facts": ["Vic volunteers with children", "Vic works in England", "the age of Vic is 30",
                                       {"phrase": "{child} tells {person} about a child sex offence",
                                        "slots": {"child": "Bella", "person": "Vic"}, "on": _on(0)}]}
    assessment = enacted.evaluate(data)
    assert assessment.status("duty_to_notify", "Vic") is Status.BREACHED
    assert assessment.to_json()["as_at"] == _on(8)


@pytest.mark.parametrize(("line", "column", "says"), [
    ("on 2026-02-30 Bella tells Vic about a child sex offence", 4, "February 2026 has 28 days"),
    ("on 2026-5-4 Bella tells Vic about a child sex offence", 4, "not a date in the form YYYY-MM-DD"),
    ("  as at 1700-01-01", 9, "outside the dates statute supports"),
    ("section 85 comes into force on 2026-13-01", 32, "there is no month 13"),
])
def test_date_problems_in_a_case_name_line_and_column(enacted, line, column, says):
    _, problems = read_case(CaseReader(enacted), "Vic works in England\n" + line + "\n", "x.case")
    (problem,) = problems
    assert (problem.code, problem.file, problem.line, problem.column) == ("C020", "x.case", 2, column)
    assert says in problem.message


def test_two_as_at_dates_are_an_error(enacted):
    _, problems = read_case(CaseReader(enacted), "as at 2026-01-01\nas at 2026-02-01\n", "x.case")
    assert [p.code for p in problems] == ["C022"]


notifications = st.one_of(st.none(), st.integers(min_value=0, max_value=20))


@settings(max_examples=40, deadline=None)
@given(notified=notifications, at_risk=st.booleans(), first=st.integers(min_value=0, max_value=25),
       later=st.integers(min_value=0, max_value=25))
def test_moving_the_date_forward_never_unbreaches(enacted, notified, at_risk, first, later):
    """Once breached (or complied late) as at one day, the duty stays breached on every later day."""
    base = AT_RISK if at_risk else REPORTER
    if notified is not None:
        base += f"on {_on(notified)} Vic notifies the police about Bella\n"
    earlier_day, later_day = sorted((first, later))
    earlier = enacted.evaluate(base, DAY0 + timedelta(days=earlier_day)).status("duty_to_notify", "Vic")
    after = enacted.evaluate(base, DAY0 + timedelta(days=later_day)).status("duty_to_notify", "Vic")
    if earlier in (Status.BREACHED, Status.LATE):
        assert after in (Status.BREACHED, Status.LATE)


# ── in force ─────────────────────────────────────────────────────────────────

UNAPPOINTED = REPORTER.replace("section 85 comes into force on 2026-05-01\n", "")


def test_a_dated_case_before_commencement_is_not_in_force_with_the_reason(enacted):
    assessment = enacted.evaluate(UNAPPOINTED + f"as at {_on(8)}")
    assert assessment.status("duty_to_notify", "Vic") is Status.NOT_IN_FORCE
    assert not assessment.is_under("duty_to_notify", "Vic")
    assert assessment.status("barring_referral", "Vic") is Status.DOES_NOT_APPLY
    reason = assessment.not_in_force("duty_to_notify")
    assert reason == ("s.85(1) is not in force on 12 May 2026: s.85 commences on a day appointed by regulations, "
                      "and the case appoints none (say 's.85 comes into force on YYYY-MM-DD')")
    said = render_text(assessment.explain("duty_to_notify", "Vic"))
    assert "Vic would be under the duty to notify suspected child sex offences" in said and reason in said
    (outcome,) = [o for o in assessment.to_json()["outcomes"] if o["provision"] == "duty_to_notify"]
    assert outcome["status"] == "not in force" and outcome["reason"] == reason


def test_the_same_case_after_the_appointed_day_gives_todays_outcomes(enacted):
    later = "section 85 comes into force on 2026-05-10\n" + UNAPPOINTED
    before = enacted.evaluate(later + f"as at {_on(3)}")
    assert before.status("duty_to_notify", "Vic") is Status.NOT_IN_FORCE
    assert "it commences" not in before.not_in_force("duty_to_notify")
    assert "s.85 commences on 10 May 2026 (the day the case appoints)" in before.not_in_force("duty_to_notify")
    after = enacted.evaluate(later + f"as at {_on(30)}")
    assert after.status("duty_to_notify", "Vic") is Status.BREACHED
    assert after.status("barring_referral", "Vic") is Status.FOLLOWS
    # the deadline runs from commencement (10 May), not from the earlier disclosure (4 May)
    assert "it runs from 10 May 2026, last day 17 May 2026" in render_text(after.explain("duty_to_notify", "Vic"))
    timeless = enacted.evaluate(UNAPPOINTED.replace("on 2026-05-04 ", ""))
    assert timeless.status("duty_to_notify", "Vic") is Status.BREACHED  # no date: the Act as enacted


def test_nothing_is_in_force_before_royal_assent(enacted):
    assessment = enacted.evaluate("as at 2026-04-28\nHarry tries to deter Vic from reporting abuse of Bella")
    reason = assessment.not_in_force("no_limitation_period")
    assert reason == "cl. 87(1) is not in force on 28 April 2026: the Act commences on 29 April 2026"


def test_an_appointed_day_for_an_unknown_section_is_an_error(enacted):
    _, problems = read_case(CaseReader(enacted), "section 58 comes into force on 2026-05-01\n", "x.case")
    assert [(p.code, p.line) for p in problems] == [("C021", 1)]
    assert "section 58" in problems[0].message
