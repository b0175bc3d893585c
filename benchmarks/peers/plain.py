"""The enacted Act's duty to notify (s.85, with s.86's exceptions and the s.85(5) delay) by hand.

A plain-Python peer for benchmarks/batch.py: the floor of evaluating one case at a time in
Python, with no engine. It reads a :class:`statute.case.Case` (phrase key → argument tuples)
and returns {(person, child): status} for the duty only. benchmarks/batch.py checks it against
the evaluator's outcomes for that provision before it reports a time.
"""

from __future__ import annotations

from statute.case import Case

ROLES = ("{} is a teacher", "{} is a social care worker", "{} is an nhs nurse", "{} is a childminder",
         "{} is a youth worker", "{} volunteers with children")
OTHER_ACTIVITY = ("{} holds a position of trust listed in part 2 of schedule 8", "{} is a police constable")
EMPTY: frozenset = frozenset()


def duty_to_notify(case: Case) -> dict[tuple[str, str], str]:
    facts, numbers = case.facts, case.numbers
    age = numbers.get("the age of {}", {})
    england = facts.get("{} works in england", EMPTY)
    engaged = set()
    for key in ROLES + OTHER_ACTIVITY:
        engaged.update(args[0] for args in facts.get(key, EMPTY))
    reporters = {p for p in engaged if (p,) in england and age.get((p,), -1.0) >= 18}
    if not reporters:
        return {}
    suspects: set[tuple[str, str]] = set()
    for child, person in facts.get("{} tells {} about a child sex offence", EMPTY):
        suspects.add((person, child))
    for _, person, child in facts.get("{} tells {} that they committed a child sex offence against {}", EMPTY):
        suspects.add((person, child))
    for key in ("{} witnesses a child sex offence against {}", "{} sees images or recordings of a child sex offence "
                                                                  "against {}"):
        suspects.update(facts.get(key, EMPTY))
    police = facts.get("{} notifies the police about {}", EMPTY)
    authority = facts.get("{} notifies the local authority about {}", EMPTY)
    abroad = facts.get("{} believes that no child concerned with the suspected offence against {} lives in england "
                       "and wales", EMPTY)
    confidential = facts.get("{} learned of the suspected offence against {} while providing a specified "
                             "confidential service", EMPTY)
    activity = facts.get("the suspected offence against {} is sexual activity with {}", EMPTY)
    consensual = facts.get("{} reasonably believes the activity between {} and {} was consensual", EMPTY)
    coercion = facts.get("{} suspects coercion or abuse of {}", EMPTY)
    difference = facts.get("{} judges there is a significant difference in age or maturity between {} and {}", EMPTY)
    risk = facts.get("{} reasonably believes that notifying immediately would put {} at risk", EMPTY)
    since = numbers.get("the days since {} was given reason to suspect an offence against {}", {})
    took = numbers.get("the days {} took to notify about {}", {})
    out: dict[tuple[str, str], str] = {}
    for person, child in suspects:
        if person not in reporters:
            continue
        pair = (person, child)
        exception = pair in confidential
        if not exception and (person, child) not in coercion and age.get((child,), -1.0) >= 13:
            for c, other in activity:
                if c == child and 13 <= age.get((other,), -1.0) < 18 and (person, child, other) in consensual \
                        and (person, child, other) not in difference:
                    exception = True
                    break
        if exception:
            out[pair] = "excused"
            continue
        if pair in risk and since.get(pair, 99.0) <= 7:
            out[pair] = "excused"
            continue
        done = pair in police or (pair in authority and pair not in abroad)
        if done:
            out[pair] = "complied late" if took.get(pair, 0.0) > 7 else "complied"
        else:
            out[pair] = "breached"
    return out
