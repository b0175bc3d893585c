"""Resolve every phrase against the declared vocabulary, and type it.

A phrase used as a condition must be a true/false fact (declared or defined);
both sides of a comparison must be numbers. An unknown phrase gets the nearest
declared ones as suggestions.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from statute import model as m
from statute.checks.local import local
from statute.diagnostics import Diagnostic, at, closest, repeated_slot_hint

_STATUS_IN_QUOTES = re.compile(
    r"^\s*\{[^{}]+\}\s+(is under|breaches|complies with|is excused from|commits|faces)\s+([A-Za-z_]\w*)\s*$")


def _uses(provision: m.Provision) -> Iterator[tuple[m.Phrase, m.TermKind]]:
    """Each phrase a provision reads, with the kind it must be."""
    exprs = [provision.condition]
    if isinstance(provision, m.Presumption):
        yield provision.head, m.TermKind.FACT
    if isinstance(provision, m.Offence):
        yield from ((p.offender, m.TermKind.FACT) for p in provision.penalties if p.offender is not None)
    if isinstance(provision, m.Deontic):
        exprs.append(provision.action)
        if provision.deadline and provision.deadline.measured_by:
            yield provision.deadline.measured_by, m.TermKind.NUMBER
    for expr in exprs:
        if expr is None:
            continue
        for node in m.walk(expr):
            if isinstance(node, m.Phrase):
                yield node, m.TermKind.FACT
            elif isinstance(node, m.Comparison):
                yield node.left, m.TermKind.NUMBER
                if isinstance(node.right, m.Phrase):
                    yield node.right, m.TermKind.NUMBER


def kind_of(entry: m.Term | m.Definition) -> m.TermKind:
    return entry.kind if isinstance(entry, m.Term) else m.TermKind.FACT


def text_of(entry: m.Term | m.Definition) -> str:
    return entry.text if isinstance(entry, m.Term) else entry.head.text


def suggest(phrase_key: str, act: m.Act, kind: m.TermKind | None = None) -> list[str]:
    """Declared phrases nearest to an unknown one (by their ``{}`` keys).

    Only suggestions about as close as the best are kept: after a one-letter
    typo, the phrase meant is far closer than any other, and listing merely
    similar sentences beside it sends the drafter looking at the wrong ones.
    """
    pool = {key: text_of(entry) for key, entry in act.phrases.items()
            if kind is None or kind_of(entry) is kind}
    found = closest(phrase_key, pool, n=3, cutoff=0.5)
    if not found:
        return []
    ratios = [difflib.SequenceMatcher(None, phrase_key.casefold(), key.casefold()).ratio() for key in found]
    return [pool[key] for key, ratio in zip(found, ratios, strict=True) if ratio >= ratios[0] - 0.05]


def check_phrases(act: m.Act) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    declared: dict[str, m.Term] = {}
    for term in act.terms:
        if term.key in declared:
            out.append(at(term.span, "E304", f"the phrase {term.text!r} is declared twice",
                          hint=f"the first is at {declared[term.key].span}"))
        else:
            declared[term.key] = term
        if len(set(term.slots)) != len(term.slots):
            out.append(at(term.span, "E307", f"the phrase {term.text!r} uses a slot name twice",
                          hint=repeated_slot_hint(term.text, term.slots)))
        if not term.slots and term.kind is m.TermKind.FACT:
            pass  # a fact about no one (e.g. "the emergency is declared") is allowed
    defined: dict[str, m.Definition] = {}
    for provision in act.provisions:
        if not isinstance(provision, m.Definition):
            continue
        key = provision.head.key
        if key in declared:
            out.append(at(provision.head.span, "E304",
                          f"{provision.head.text!r} is both declared as a term and defined by '{provision.id}'",
                          hint="a defined phrase is derived from others; remove it from `terms:`"))
        elif key in defined:
            out.append(at(provision.head.span, "E304",
                          f"{provision.head.text!r} is defined twice",
                          hint=f"also by '{defined[key].id}' at {defined[key].span}; "
                               "combine the two meanings with 'or'"))
        else:
            defined[key] = provision
    phrases = act.phrases
    for provision in act.provisions:
        for phrase, wanted in local(provision, "_statute_uses", lambda p: tuple(_uses(p))):
            entry = phrases.get(phrase.key)
            if entry is None:
                near = suggest(phrase.key, act, wanted) or suggest(phrase.key, act)
                hint = ("did you mean " + " or ".join(repr(s) for s in near) + "?") if near else (
                    "declare it under `terms:` or define it with a `definition`")
                status = _STATUS_IN_QUOTES.match(phrase.text)
                if status and status.group(2) in act.provisions_by_id:
                    hint = f"to ask about a provision's outcome, write it without quotes: {phrase.text}"
                out.append(at(phrase.span, "E303", f"unknown phrase {phrase.text!r}", hint=hint))
                continue
            kind = kind_of(entry)
            if kind is not wanted:
                if wanted is m.TermKind.NUMBER:
                    message = f"{phrase.text!r} is a true/false fact, but a comparison needs a number"
                    hint = "compare a number phrase, e.g. \"the age of {person}\" is at least 18"
                else:
                    message = f"{phrase.text!r} is a number, not a true/false fact"
                    hint = f"compare it, e.g. {phrase.text!r} is at least 18"
                out.append(at(phrase.span, "E305", message, hint=hint))
    for provision in act.provisions:
        definition = phrases.get(provision.head.key) if isinstance(provision, m.Presumption) else None
        if isinstance(provision, m.Presumption) and isinstance(definition, m.Definition):
            out.append(at(provision.head.span, "E322", f"{provision.head.text!r} is derived by definition "
                                                       f"'{definition.id}', so nothing can presume it",
                          hint="a presumption supplies a fact a case could also state: declare the phrase under "
                               "`terms:` and presume that, or add the basis to the definition with 'or'"))
        if isinstance(provision, m.Presumption) and any(
                p.key == provision.head.key for p in m.phrases_in(provision.condition)):
            out.append(at(provision.head.span, "E309", f"presumption '{provision.id}' rests on the fact it presumes",
                          hint="its basis and rebuttal must be other facts"))
    return out
