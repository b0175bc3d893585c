"""The time options the commands share: ``--as-at DATE`` and ``--in-force REF=DATE``.

A bad date is a usage error (exit 2) that says what is wrong with it, as the case
reader and the parser do (statute.calendar).
"""

from __future__ import annotations

import argparse
from datetime import date

from statute import calendar


def as_at_date(text: str) -> date:
    try:
        return calendar.parse_date(text)
    except calendar.DateProblem as problem:
        raise argparse.ArgumentTypeError(problem.message + (f" ({problem.hint})" if problem.hint else "")) from None


def appointed_day(text: str) -> tuple[str, date]:
    reference, equals, day = text.rpartition("=")
    if not equals or not reference.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not REF=DATE, e.g. s.85=2026-10-01")
    return reference.strip(), as_at_date(day)


def add_time_options(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--as-at", metavar="DATE", type=as_at_date,
                        help=f"{what} as at a day (YYYY-MM-DD): provisions not in force that day do not bind")
    parser.add_argument("--in-force", metavar="REF=DATE", type=appointed_day, action="append", default=[],
                        help="the day a provision, section or the Act comes into force where the Act leaves it to "
                             "be appointed, e.g. s.85=2026-10-01 (repeatable)")
