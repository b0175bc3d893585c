"""The time lines of a case: dated facts, the date the case is assessed at, appointed days.

A case (or a scenario's Given steps) may say, besides its facts::

    as at 2027-01-01                                  # or: the date is 2027-01-01
    on 2026-05-04 Bella tells Vic about a child sex offence
    on 2026-05-09, Vic notifies the police about Bella
    section 85 comes into force on 2026-10-01        # an appointed day (s.85, duty_to_notify, the act)

A dated fact holds from its date on; an undated fact holds throughout. The JSON form
says the same with ``"as_at": "2027-01-01"``, ``"in_force": {"s.85": "2026-10-01"}``
and ``"on": "2026-05-04"`` on a structured fact. Every date is ``YYYY-MM-DD``; a
malformed, impossible or out-of-range date is a C020 error naming the line and column.
This module only recognises the lines; :mod:`statute.timeline` gives them meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from statute import calendar
from statute import model as m
from statute.diagnostics import Diagnostic, Severity

_DATE = r"(?P<date>\S+?)"
_AS_AT = re.compile(rf"^\s*(?:as\s+at|the\s+date\s+is)\s+{_DATE}\s*$", re.IGNORECASE)
_COMMENCES = re.compile(rf"^\s*(?P<ref>.+?)\s+(?:comes|came)\s+into\s+force\s+on\s+{_DATE}\s*$", re.IGNORECASE)
_ON = re.compile(r"^\s*on\s+(?P<date>\d[\d\-/.]*\d)\s*,?\s+(?P<rest>\S.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class TimeLine:
    """What a line says about time: ``kind`` is "as at", "commences" or "on" (a dated fact)."""

    kind: str
    when: date
    rest: str = ""  # the fact, for "on"; the reference, for "commences"


def read_time_line(line: str, number: int | None, file: str, raw: str | None = None
                   ) -> tuple[TimeLine | None, Diagnostic | None]:
    """Recognise a time line; ``(None, None)`` when the line is an ordinary fact.

    ``raw`` is the line as written, to point the column at the date itself.
    """
    for pattern, kind in ((_AS_AT, "as at"), (_COMMENCES, "commences"), (_ON, "on")):
        found = pattern.match(line)
        if found is None:
            continue
        text = found.group("date")
        if kind != "on" and not re.match(r"\d", text):
            continue  # "the date is {x}" may be a phrase of the Act with a party in the slot
        try:
            when = calendar.parse_date(text.rstrip(".,"))
        except calendar.DateProblem as problem:
            shown = raw if raw is not None else line
            column = shown.find(text) + 1 if text in shown else 1
            return None, Diagnostic(Severity.ERROR, "C020", problem.message, file, number, column,
                                    hint=problem.hint, source_line=shown.strip("\n"))
        rest = found.group("rest") if kind == "on" else (found.group("ref") if kind == "commences" else "")
        return TimeLine(kind, when, rest.strip()), None
    return None, None


def read_json_date(value: object, where: str, file: str) -> tuple[date | None, Diagnostic | None]:
    """A date given in JSON (``"on"``, ``"as_at"``, ``"in_force"`` values)."""
    if not isinstance(value, str):
        return None, Diagnostic(Severity.ERROR, "C020", f"{where} must be a date string \"YYYY-MM-DD\"", file)
    try:
        return calendar.parse_date(value), None
    except calendar.DateProblem as problem:
        return None, Diagnostic(Severity.ERROR, "C020", f"{where}: {problem.message}", file, hint=problem.hint)


# ── what an appointed day may name ──────────────────────────────────────────


def normal_reference(reference: str) -> str:
    """``Section 85``, ``s.85``, ``s 85`` → ``s85``; ``the act`` → ``act``: how appointed days are matched."""
    text = reference.casefold().strip()
    text = re.sub(r"^(the\s+)", "", text)
    text = re.sub(r"^(section|sect\.?|s\.?)\s*", "s", text)
    text = re.sub(r"^(clause|cl\.?)\s*", "cl", text)
    text = re.sub(r"^(schedule|sch\.?)\s*", "sch", text)
    return re.sub(r"[\s.]+", "", text)


@dataclass(frozen=True)
class Level:
    """One layer whose period a provision inherits: the provision, a section around it, the Act."""

    name: str  # as cited in a reason: s.85(1), s.85, the Act
    names: frozenset[str]  # how a case may refer to it (normalised)
    in_force: m.InForce | None


def levels(act: m.Act, provision: m.Provision) -> list[Level]:
    names = frozenset({normal_reference(provision.id), normal_reference(act.cite(provision))})
    out = [Level(act.cite(provision), names, provision.in_force)]
    eid: str | None = provision.section
    while eid is not None:
        section = act.sections_by_eid[eid]
        names = frozenset({normal_reference(section.citation), normal_reference(section.eid),
                           normal_reference(f"{section.kind} {section.number}")})
        out.append(Level(section.citation, names, section.in_force))
        eid = section.parent
    out.append(Level("the Act", frozenset({"act", normal_reference(act.title)}), act.in_force))
    return out


def known_reference(act: m.Act, reference: str) -> bool:
    """Whether an appointed day's reference names a provision, a section or the Act."""
    wanted = normal_reference(reference)
    return any(wanted in level.names for provision in act.provisions for level in levels(act, provision))
