"""Numbers with units, and the most literal phrase winning, in the case reader; E312 in the Act.

Found by a fresh-user review: ``… is 10 weeks`` was read as 10 days, and ``the age of consent is
16`` matched both ``"the age of consent"`` and ``"the age of {child}"``, so no case could state it.
"""

from __future__ import annotations

import pytest

from statute import load
from statute.case import CaseReader, read_case
from statute.outcomes import Status

UNITS = """
act "Units (toy)":
    source "invented"
terms:
    "{p} must report {c}"
    "{p} reports {c}"
    number "the days since {p} learned of {c}"
    number "the age of {c}"
    number "the age of consent"
section 1 "Report":
    source "invented"
    duty report (1):
        holder {p}
        when "{p} must report {c}" and "the age of {c}" is under "the age of consent"
        must "{p} reports {c}"
        within 14 days measured by "the days since {p} learned of {c}"
    consequence sanction (2):
        faced by {p}
        when {p} breaches report
"""


@pytest.fixture(scope="module")
def act(tmp_path_factory):
    path = tmp_path_factory.mktemp("units") / "units.law"
    path.write_text(UNITS, encoding="utf-8")
    return load(path)


def days(act, stated: str) -> float:
    case, problems = read_case(CaseReader(act), f"the days since Ann learned of Bo is {stated}", "t.case")
    assert problems == []
    return case.numbers[next(iter(case.numbers))][("Ann", "Bo")]


@pytest.mark.parametrize(("stated", "expected"), [
    ("10", 10), ("10 days", 10), ("1 day", 1), ("2 weeks", 14), ("36 hours", 1.5), ("2880 minutes", 2),
    ("3 apples", 3),  # not a unit of time: read as written
])
def test_a_stated_unit_is_converted_into_the_phrases_own(act, stated, expected):
    assert days(act, stated) == expected


@pytest.mark.parametrize("stated", ["1 month", "2 years"])
def test_a_unit_that_does_not_convert_exactly_is_c011(act, stated):
    _, problems = read_case(CaseReader(act), f"the days since Ann learned of Bo is {stated}", "t.case")
    assert [p.code for p in problems] == ["C011"]
    assert "cannot be counted exactly in days" in problems[0].message and problems[0].line == 1
    assert problems[0].hint == "state it in days: 'the days since {p} learned of {c} is …'"


def test_a_phrase_without_a_unit_reads_the_number_as_written(act):
    case, problems = read_case(CaseReader(act), "the age of Bo is 12 years", "t.case")
    assert problems == [] and case.numbers[next(iter(case.numbers))][("Bo",)] == 12


@pytest.mark.parametrize(("stated", "expected"), [("2 weeks", Status.COMPLIED), ("3 weeks", Status.LATE)])
def test_the_deadline_sees_the_converted_value(act, stated, expected):
    facts = ["Ann must report Bo", "Ann reports Bo", "the age of Bo is 12", "the age of consent is 16",
             f"the days since Ann learned of Bo is {stated}"]
    assert act.evaluate(facts).status("report", "Ann") is expected


def test_the_most_literal_phrase_wins(act):
    """``the age of consent is 16`` is that phrase; quoting a name means the slot phrase."""
    reader = CaseReader(act)
    case, problems = read_case(reader, "the age of consent is 16\nthe age of \"consent\" is 9", "t.case")
    assert problems == []
    by_phrase = {key: dict(values) for key, values in case.numbers.items()}
    assert {(): 16} in by_phrase.values() and {("consent",): 9} in by_phrase.values()
    # the comparison with a constant phrase now works from a case
    facts = ["Ann must report Bo", "the age of Bo is 12", "the age of consent is 16"]
    assert act.evaluate(facts).status("report", "Ann") is Status.BREACHED


def test_equally_literal_phrases_are_still_ambiguous(tmp_path):
    path = tmp_path / "two.law"
    path.write_text('act "T":\n    source "t"\nterms:\n    "{a} helps {b} today"\n    "{a} helps today {b}"\n'
                    'section 1 "S":\n    duty d (1):\n        holder {a}\n        must "{a} helps {b} today"\n'
                    '        when "{a} helps today {b}"\n', encoding="utf-8")
    _, problems = read_case(CaseReader(load(path)), "Ann helps today today", "t.case")
    assert [p.code for p in problems] == ["C002"]


def test_overlapping_phrases_neither_a_special_case_of_the_other_stay_ambiguous(tmp_path):
    """A longer literal text alone does not win: each phrase reads words the other leaves to a slot."""
    path = tmp_path / "told.law"
    path.write_text('act "T":\n    source "t"\nterms:\n    "{p} told {q} about the abuse"\n'
                    '    "{p} told the police about {c}"\nsection 1 "S":\n    duty d (1):\n        holder {p}\n'
                    '        when "{p} told {q} about the abuse"\n        must "{p} told the police about {q}"\n',
                    encoding="utf-8")
    _, problems = read_case(CaseReader(load(path)), "Ann told the police about the abuse", "t.case")
    assert [p.code for p in problems] == ["C002"]


def test_a_measure_phrase_without_a_unit_counts_in_its_deadlines(tmp_path):
    """'the time since …' names no unit, but the deadline it measures is in days: 3 weeks is 21."""
    path = tmp_path / "time.law"
    path.write_text(UNITS.replace('"the days since {p} learned of {c}"', '"the time since {p} learned of {c}"'),
                    encoding="utf-8")
    act = load(path)
    case, problems = read_case(CaseReader(act), "the time since Ann learned of Bo is 3 weeks", "t.case")
    assert problems == [] and case.numbers[next(iter(case.numbers))][("Ann", "Bo")] == 21
    facts = ["Ann must report Bo", "Ann reports Bo", "the age of Bo is 12", "the age of consent is 16",
             "the time since Ann learned of Bo is 3 weeks"]
    assert act.evaluate(facts).status("report", "Ann") is Status.LATE
