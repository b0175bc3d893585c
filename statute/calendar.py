"""Dates and calendar arithmetic: the one place statute adds a period to a date.

Dates are written ISO-style, ``2026-05-04``, and read into :class:`datetime.date`.
Periods are added with python-dateutil's ``relativedelta``, which implements the
rule English law uses for calendar months (Interpretation Act 1978 Sch. 1: a
"month" is a calendar month; *Dodds v Walker* [1981] 1 WLR 1027, the
"corresponding date rule"):

* a period of months or years ends on the **corresponding date** of the later
  month (4 May + 1 month = 4 June);
* where the later month has **no corresponding date**, it ends on that month's
  **last day**: 31 January + 1 month = 28 February (29 in a leap year);
  29 February 2024 + 1 year = 28 February 2025; 31 May − 1 month = 30 April;
* periods are added as a whole, never month by month: 31 January + 2 months is
  31 March, not 28 March.

This is the "round down" of Catala's ``date round decreasing`` (CatalaLang/catala
#397, #398, #762): there ``2000-02-29 + 18 years`` is 2018-02-28, so a person born
on 29 February 2000 is 18 on 28 February 2018. statute has one rule, not a switch,
because the law it encodes has one; the tests pin each of those cases.

Days and weeks are exact. Hours and minutes cannot be placed on a calendar that
counts whole days: a limit in hours is counted in whole days, rounded down
(72 hours is 3 days, 36 hours is 1 day), which never calls a timely act late.
"""

from __future__ import annotations

import re
from datetime import date

from dateutil.relativedelta import relativedelta

#: The earliest date statute reads: Great Britain adopted the Gregorian calendar on
#: 14 September 1752, so an earlier date written today's way would name another day.
EARLIEST = date(1752, 9, 14)
#: The latest: a date past this is almost certainly a typing slip (2206 for 2026).
LATEST = date(2999, 12, 31)

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: What looks like an attempt at a date: digits and separators, for a clear "malformed" message.
DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


class DateProblem(ValueError):
    """Why a piece of text is not a date statute can use; the message is for the user."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_date(text: str) -> date:
    """``2026-05-04`` → a date; raises :class:`DateProblem` saying what is wrong.

    Three different problems get three different messages: a malformed date
    (``2026-5-4``, ``04/05/2026``), an impossible one (``2026-02-30``) and one
    outside the supported range.
    """
    found = _ISO.fullmatch(text.strip())
    if found is None:
        return _malformed(text)
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        raise DateProblem(f"{text.strip()} is not a date: there is no month {month}",
                          hint="write dates as YYYY-MM-DD, e.g. 2026-05-04")
    try:
        value = date(year, month, day)
    except ValueError:
        last = last_day_of_month(year, month)
        raise DateProblem(f"{text.strip()} is not a date: {_MONTHS[month - 1]} {year} has {last} days",
                          hint=f"the last day of that month is {year:04d}-{month:02d}-{last:02d}") from None
    check_range(value, text.strip())
    return value


def _malformed(text: str) -> date:
    shown = text.strip()
    parts = re.split(r"[-/.]", shown)
    hint = "write dates as YYYY-MM-DD, e.g. 2026-05-04"
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        if len(parts[2]) == 4:  # day first, as the UK writes it: 04/05/2026
            hint = f"write dates as YYYY-MM-DD: {parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)}"
        elif len(parts[0]) == 4:
            hint = f"write dates as YYYY-MM-DD: {parts[0]}-{parts[1].zfill(2)}-{parts[2].zfill(2)}"
    raise DateProblem(f"{shown!r} is not a date in the form YYYY-MM-DD", hint=hint)


def check_range(value: date, text: str | None = None) -> None:
    if not EARLIEST <= value <= LATEST:
        raise DateProblem(f"{text or value.isoformat()} is outside the dates statute supports "
                          f"({EARLIEST.isoformat()} to {LATEST.isoformat()})",
                          hint="before 14 September 1752 Great Britain used the Julian calendar; "
                               "check the year for a typing slip")


def last_day_of_month(year: int, month: int) -> int:
    return ((date(year + month // 12, month % 12 + 1, 1)) - date(year, month, 1)).days


def add(start: date, amount: float, unit: str) -> date:
    """``start`` plus a period (``unit`` plural: days, weeks, months, years, hours, minutes).

    Months and years follow the corresponding date rule (see the module docstring);
    a fractional number of months or years is refused (no calendar meaning).
    Raises :class:`DateProblem` when the result leaves the supported range.
    """
    whole = int(amount)
    if unit in ("months", "years") and whole != amount:
        raise DateProblem(f"{amount} {unit} has no calendar meaning", hint=f"give a whole number of {unit}")
    if unit == "days":
        delta = relativedelta(days=int(amount))
    elif unit == "weeks":
        delta = relativedelta(days=int(amount * 7))
    elif unit == "months":
        delta = relativedelta(months=whole)
    elif unit == "years":
        delta = relativedelta(years=whole)
    elif unit == "hours":
        delta = relativedelta(days=int(amount // 24))
    elif unit == "minutes":
        delta = relativedelta(days=int(amount // 1440))
    else:
        raise ValueError(f"not a unit of time: {unit}")
    try:
        result: date = start + delta
    except (OverflowError, ValueError):
        raise DateProblem(f"{start.isoformat()} plus {amount:g} {unit} is beyond the supported dates") from None
    check_range(result)
    return result


def days_between(earlier: date, later: date) -> int:
    """Whole days from one date to another: 0 on the day itself, 1 the next day."""
    return (later - earlier).days


def elapsed(earlier: date, later: date, unit: str) -> float:
    """How many ``unit`` have passed from one date to another: days and weeks exactly (a week is 7 days,
    so 10 days are 10/7 weeks), months and years whole, by the corresponding date rule (31 January to
    28 February is one month)."""
    if unit in ("months", "years"):
        delta = relativedelta(later, earlier)
        months = delta.years * 12 + delta.months
        return float(months if unit == "months" else months // 12)
    days = float(days_between(earlier, later))
    return days / 7 if unit == "weeks" else days


def spoken(value: date) -> str:
    """``4 May 2026``: how a date is written in explanations (the ISO form follows in brackets where needed)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
