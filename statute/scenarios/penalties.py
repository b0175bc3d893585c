"""Comparing the penalty a drafter expects with the penalty the Act states.

The comparison is forgiving about wording and strict about substance. The drafter
states the parts they care about, separated by commas, "or" or "and"; each part must
match a part of the Act's penalty, and parts they leave out are not checked:

* ``imprisonment up to 7 years`` — also ``7 years' imprisonment``, ``seven years in
  prison``, ``84 months`` (terms are compared as lengths of time);
* ``imprisonment up to the general limit in a magistrates' court`` — a described term;
* ``an unlimited fine``, ``a fine`` (any fine), ``a fine up to £5,000``;
* ``or both`` — the Act must allow both together;
* ``not stated`` — the Act states no penalty;
* any other text must equal a penalty the Act describes in words, e.g. ``the maximum
  for the offence under the Sexual Offences Act 2003``.
"""

from __future__ import annotations

import re

from statute import model as m

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20,
}
_UNITS = {"year": "years", "month": "months", "week": "weeks", "day": "days", "hour": "hours",
          "minute": "minutes"}
_TERM = re.compile(r"(?P<n>\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")\s*(?P<unit>year|month|week|day|hour"
                   r"|minute)s?\b")
_CUSTODY = re.compile(r"\b(imprisonment|prison|jail|gaol|custody|custodial)\b")
_FILLER = re.compile(r"\b(up to|a maximum of|maximum|of|for|a|an|the|in|term)\b")
_NOT_STATED = {"not stated", "unstated", "none stated", "no penalty stated", "not given"}


def normalise(text: str) -> str:
    text = text.casefold().replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b|s'(?=\s|$)", "s", text)
    text = re.sub(r"[\"“”]", "", text)
    return re.sub(r"\s+", " ", text).strip(" .;:")


def _bare(text: str) -> str:
    """Words that carry meaning: filler and custody words removed (for described terms)."""
    return re.sub(r"\s+", " ", _FILLER.sub(" ", _CUSTODY.sub(" ", normalise(text)))).strip()


def _duration(found: re.Match[str]) -> m.Duration:
    raw = found.group("n")
    amount = float(_NUMBER_WORDS.get(raw, raw))
    return m.Duration(amount, _UNITS[found.group("unit")])


def _parts(text: str) -> tuple[list[str], bool]:
    """Split an expected penalty into parts; say whether it asks for 'or both'."""
    both = bool(re.search(r"\bor both\b|\band both\b", text))
    text = re.sub(r"\b(or|and) both\b", "", text)
    parts = [p.strip() for p in re.split(r",|\bor\b|\band\b", text)]
    return [p for p in parts if p and p != "both"], both


def _part_matches(part: str, penalty: m.Penalty) -> bool:
    if any(normalise(d) == part for d in penalty.described):
        return True  # a described sanction may itself read "a fine …" or "imprisonment …"
    if "fine" in part:
        fine = penalty.fine
        if fine is None:
            return False
        limit = re.sub(r"^.*?\bfine\b", "", part).strip()
        limit = re.sub(r"^(up to|of|not exceeding)\s+", "", limit).strip()
        if "unlimited" in part:
            return fine.limit is None
        return not limit or (fine.limit is not None and normalise(fine.limit) == limit)
    term = _TERM.search(part)
    if term is not None or _CUSTODY.search(part):
        prison = penalty.imprisonment
        if prison is None:
            return False
        if term is not None:
            return prison.term is not None and abs(prison.term.hours - _duration(term).hours) < 1e-6
        wanted = _bare(part)
        return not wanted or (prison.description is not None and _bare(prison.description) == wanted)
    return any(normalise(d) == part for d in penalty.described)


def penalty_matches(expected: str, penalty: m.Penalty | None) -> bool:
    """Whether the Act's penalty (None: none stated) is what the drafter expects."""
    wanted = normalise(expected)
    if wanted in _NOT_STATED:
        return penalty is None or not penalty.stated
    if penalty is None or not penalty.stated:
        return False
    if wanted == normalise(str(penalty)) or any(normalise(d) == wanted for d in penalty.described):
        return True
    parts, both = _parts(wanted)
    if not parts or (both and not penalty.cumulative):
        return False
    return all(_part_matches(part, penalty) for part in parts)
