"""Checks on the time parts of an Act: counted numbers and dated penalties.

* E332 — ``counts days since "…"`` on a term that is not a number, naming a phrase
  the Act does not have, or with slots other than the term's (the count could not
  say whose days it counts);
* E333 — two maxima for the same mode of trial from the same day (which applies?).

In-force periods are checked where they are read (E330 a bad date, E331 repealed
before commencement, in :mod:`statute.parse.provisions`).
"""

from __future__ import annotations

from statute import model as m
from statute.diagnostics import Diagnostic, at, did_you_mean


def check_time(act: m.Act) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    phrases = act.phrases
    for term in act.terms:
        since = term.since
        if since is None:
            continue
        if term.kind is not m.TermKind.NUMBER:
            out.append(at(since.span, "E332", f"'{term.text}' counts {term.since_unit}, so it must be a number term",
                          hint=f'write `number "{term.text}" counts {term.since_unit} since …`'))
            continue
        if since.key not in phrases:
            texts = [e.head.text if isinstance(e, m.Definition) else e.text for e in phrases.values()]
            out.append(at(since.span, "E332", f"the Act has no phrase {since.text!r} to count from",
                          hint=did_you_mean(since.text, texts) or "declare it in a terms block, or define it"))
            continue
        if set(since.slots) != set(term.slots):
            out.append(at(since.span, "E332", f"'{term.text}' has the slots {_slots(term.slots)} but counts from "
                          f"{since.text!r}, which has {_slots(since.slots)}",
                          hint="use the same slot names in both, so the count knows whose days it counts"))
    for provision in act.provisions:
        if not isinstance(provision, m.Offence):
            continue
        seen: dict[tuple[m.TrialMode, object, object], m.Penalty] = {}
        for penalty in provision.penalties:
            # one maximum per mode, day and kind of offender (`on indictment for "{p} is a body corporate":`)
            key = (penalty.mode, penalty.since, penalty.offender.key if penalty.offender is not None else None)
            if key in seen and penalty.span is not None:
                when = f"from {penalty.since.isoformat()}" if penalty.since else "with no 'from' date"
                out.append(at(penalty.span, "E333", f"offence '{provision.id}' has two maxima {penalty.mode} {when}",
                              hint="an increase is a second line with the day it applies from: "
                                   "`on indictment from 2027-01-01: …`"))
            seen.setdefault(key, penalty)
    return out


def _slots(slots: tuple[str, ...]) -> str:
    return ", ".join("{" + s + "}" for s in slots) or "none"
