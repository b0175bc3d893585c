"""Commencement, repeal, amendment, month deadlines and dated penalties, on tests/acts/time.law."""

from datetime import date
from pathlib import Path

import pytest

import statute
from statute.explain import render_text
from statute.outcomes import Status

LAW = Path(__file__).parent / "acts" / "time.law"
APPOINTED = "section 1 comes into force on 2026-01-15\n"
KEEPER = APPOINTED + "Kim is a keeper\n"


@pytest.fixture(scope="module")
def act():
    return statute.load(str(LAW))


def test_a_month_after_31_january_ends_on_the_last_day_of_february(act):
    told = KEEPER + "on 2026-01-31 Kim is told of a hazard\n"
    assert act.evaluate(told + "as at 2026-02-28").status("report", "Kim") is Status.PENDING
    assert act.evaluate(told + "as at 2026-03-01").status("report", "Kim") is Status.BREACHED
    late = told + "on 2026-03-01 Kim reports the hazard\n"
    assert act.evaluate(late).status("report", "Kim") is Status.LATE


def test_in_a_leap_year_february_has_its_29th(act):
    told = "section 1 comes into force on 2028-01-01\nKim is a keeper\non 2028-01-31 Kim is told of a hazard\n"
    assert act.evaluate(told + "as at 2028-02-29").status("report", "Kim") is Status.PENDING
    assert act.evaluate(told + "as at 2028-03-01").status("report", "Kim") is Status.BREACHED
    said = render_text(act.evaluate(told + "as at 2028-03-01").explain("report", "Kim"))
    assert "it runs from 31 January 2028, last day 29 February 2028" in said


def test_a_counted_number_lapses_a_permission(act):
    fearful = KEEPER + "Kim fears reprisal\non 2026-02-01 Kim is told of a hazard\n"
    during = act.evaluate(fearful + "as at 2026-02-04")
    assert during.status("report", "Kim") is Status.EXCUSED
    assert "the days since Kim was told is 3" in render_text(during.explain("quiet_period", "Kim"))
    assert act.evaluate(fearful + "as at 2026-02-05").status("report", "Kim") is Status.PENDING


def test_a_stated_number_is_the_fallback_in_an_undated_case(act):
    undated = "Kim is a keeper\nKim fears reprisal\nKim is told of a hazard\nthe days since Kim was told is 2"
    assert act.evaluate(undated).status("report", "Kim") is Status.EXCUSED


def test_an_amendment_is_a_repeal_and_a_commencement_on_the_same_day(act):
    hid = "on 2026-06-01 Kim hides the hazard\n"
    before = act.evaluate(hid + "as at 2026-12-31")
    assert before.commits("hiding", "Kim") and not before.commits("hiding_amended", "Kim")
    assert before.status("hiding_amended", "Kim") is Status.NOT_IN_FORCE
    on_the_day = act.evaluate(hid + "as at 2027-01-01")
    assert on_the_day.status("hiding", "Kim") is Status.NOT_IN_FORCE
    assert on_the_day.commits("hiding_amended", "Kim")
    assert on_the_day.not_in_force("hiding") == ("s.2(1) is not in force on 1 January 2027: s.2(1) was repealed "
                                                  "on 1 January 2027")


def test_the_maximum_is_the_one_in_force_when_the_offence_was_committed(act):
    told = KEEPER + "on 2026-02-01 Kim is told of a hazard\n"
    early = act.evaluate(told + "as at 2026-03-10")
    (penalty,) = early.of("failing_to_report", "Kim")[0].penalties
    assert str(penalty) == "imprisonment up to 2 years"
    late = act.evaluate(KEEPER + "on 2028-02-01 Kim is told of a hazard\nas at 2028-03-10")
    (penalty,) = late.of("failing_to_report", "Kim")[0].penalties
    assert str(penalty) == "imprisonment up to 5 years"
    undated = act.evaluate("Kim is a keeper\nKim is told of a hazard")
    (penalty,) = undated.of("failing_to_report", "Kim")[0].penalties
    assert str(penalty) == "imprisonment up to 2 years"


def test_before_the_act_commences_nothing_binds(act):
    assessment = act.evaluate(KEEPER + "on 2025-12-01 Kim hides the hazard")
    assert assessment.status("hiding", "Kim") is Status.NOT_IN_FORCE
    assert assessment.not_in_force("hiding") == ("s.2(1) is not in force on 1 December 2025: the Act commences on "
                                                 "1 January 2026")


def test_the_as_at_argument_is_the_same_as_a_line(act):
    case = "on 2026-06-01 Kim hides the hazard\n"
    assert act.evaluate(case, date(2027, 1, 1)).commits("hiding_amended", "Kim")
    assert act.evaluate(case + "as at 2027-01-01").commits("hiding_amended", "Kim")


@pytest.mark.parametrize(("text", "code", "line", "column"), [
    ("    in force from 2026-02-30\n", "E330", 3, 19),
    ("    in force from 2026-5-4\n", "E330", 3, 19),
    ("    in force from 1700-01-01\n", "E330", 3, 19),
    ("    in force from 2027-01-01\n    repealed on 2026-01-01\n", "E331", 4, 5),
])
def test_bad_dates_in_the_law_are_diagnostics_at_the_date(tmp_path, text, code, line, column):
    law = tmp_path / "bad.law"
    law.write_text('act "Bad":\n    source "x"\n' + text, encoding="utf-8")
    from statute.loader import load_path

    problems = load_path(law).diagnostics
    found = [(p.code, p.line, p.column) for p in problems if p.code == code]
    assert found == [(code, line, column)], problems
