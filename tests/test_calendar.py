"""The calendar: the corresponding-date rule for months and years, and date diagnostics.

The month-end cases are those Catala's issues discuss (CatalaLang/catala #397, #398,
#762): statute has one rule, the last day of the month when the later month has no
corresponding date (Catala's "round down").
"""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from statute import calendar


@pytest.mark.parametrize(("start", "amount", "unit", "expected"), [
    (date(2026, 1, 31), 1, "months", date(2026, 2, 28)),   # no 31 February: its last day
    (date(2024, 1, 31), 1, "months", date(2024, 2, 29)),   # a leap year's February
    (date(2026, 1, 31), 2, "months", date(2026, 3, 31)),   # added as a whole, not month by month
    (date(2026, 1, 31), 3, "months", date(2026, 4, 30)),
    (date(2018, 5, 31), -1, "months", date(2018, 4, 30)),  # Catala #959: 2018-05-31 − 1 month
    (date(2000, 2, 29), 18, "years", date(2018, 2, 28)),   # Catala #397: 18 on 28 February 2018
    (date(2024, 2, 29), 4, "years", date(2028, 2, 29)),    # leap year to leap year keeps the 29th
    (date(2026, 5, 4), 1, "months", date(2026, 6, 4)),     # the corresponding date
    (date(2026, 12, 31), 1, "months", date(2027, 1, 31)),  # across a year end
    (date(2026, 5, 4), 7, "days", date(2026, 5, 11)),
    (date(2026, 12, 28), 1, "weeks", date(2027, 1, 4)),
    (date(2024, 2, 28), 1, "days", date(2024, 2, 29)),
    (date(2026, 5, 4), 72, "hours", date(2026, 5, 7)),
    (date(2026, 5, 4), 36, "hours", date(2026, 5, 5)),     # whole days, rounded down
])
def test_adding_periods(start, amount, unit, expected):
    assert calendar.add(start, amount, unit) == expected


def test_a_birthday_on_29_february_against_catala_397():
    """Born 2000-02-29: 18 years on is 2018-02-28, so on 2018-03-01 (Catala's test) the person is 18 —
    and already on 28 February, which Catala's "round up" would deny."""
    eighteenth = calendar.add(date(2000, 2, 29), 18, "years")
    assert eighteenth <= date(2018, 3, 1)
    assert eighteenth <= date(2018, 2, 28)
    assert not eighteenth <= date(2018, 2, 27)


@pytest.mark.parametrize(("text", "says"), [
    ("2026-02-30", "February 2026 has 28 days"),
    ("2024-02-30", "February 2024 has 29 days"),
    ("2026-13-01", "there is no month 13"),
    ("2026-5-4", "not a date in the form YYYY-MM-DD"),
    ("04/05/2026", "not a date in the form YYYY-MM-DD"),
    ("1700-01-01", "outside the dates statute supports"),
    ("3026-01-01", "outside the dates statute supports"),
])
def test_bad_dates_say_what_is_wrong(text, says):
    with pytest.raises(calendar.DateProblem) as raised:
        calendar.parse_date(text)
    assert says in raised.value.message


def test_a_day_first_date_suggests_the_iso_form():
    with pytest.raises(calendar.DateProblem) as raised:
        calendar.parse_date("04/05/2026")
    assert "2026-05-04" in (raised.value.hint or "")


def test_fractional_months_have_no_calendar_meaning():
    with pytest.raises(calendar.DateProblem):
        calendar.add(date(2026, 1, 1), 1.5, "months")


days = st.dates(min_value=date(1800, 1, 1), max_value=date(2900, 12, 31))


@given(days, st.integers(min_value=0, max_value=600))
def test_months_never_overshoot_the_later_month(start, months):
    """The result is in the month ``months`` after the start, on the same day or that month's last."""
    result = calendar.add(start, months, "months")
    index = start.year * 12 + start.month - 1 + months
    assert (result.year, result.month) == (index // 12, index % 12 + 1)
    assert result.day == min(start.day, calendar.last_day_of_month(result.year, result.month))


@given(days, st.integers(min_value=0, max_value=3650))
def test_days_round_trip(start, count):
    assert calendar.days_between(start, calendar.add(start, count, "days")) == count
