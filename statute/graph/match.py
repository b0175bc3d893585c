"""Which provision of one version of an Act is which in the other: matching that survives renaming.

Provisions with the same id and kind are paired first. The rest are paired
greedily, best first, by a similarity score of their ids (character
similarity), their names, texts and ids as words, and the phrases their
conditions reach through definitions — with status tests ("breaches
duty_to_report") mapped through the pairs already made, which is why rules
are matched before the offences and consequences that enforce them. A pair
must score at least :data:`THRESHOLD`. Only pairs sharing some word or phrase
are scored, so a large statute book is not compared pair by pair.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from statute import model as m

THRESHOLD = 0.3
#: The order kinds are matched in: rules first, so the status tests of what enforces them can be mapped.
KIND_ORDER = (m.Kind.DUTY, m.Kind.PROHIBITION, m.Kind.PERMISSION, m.Kind.DEFINITION, m.Kind.OFFENCE,
              m.Kind.CONSEQUENCE, m.Kind.EXCEPTION, m.Kind.AGGRAVATING_FACTOR)
_STOP = frozenset({"a", "an", "the", "of", "to", "or", "and", "for", "by", "in", "on", "with", "from", "is",
                   "be", "any", "as", "at", "its", "it", "that", "who"})
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").casefold()) if w not in _STOP}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _leaves(act: m.Act, expr: m.Expr | None, id_map: dict[str, str],
            memo: dict[str, frozenset[str]] | None = None) -> set[str]:
    """The phrase keys and status tests a condition reaches, through definitions (each expanded once)."""
    out: set[str] = set()
    if expr is None:
        return out
    memo = {} if memo is None else memo
    definitions = act.definitions_by_key
    for node in m.walk(expr):
        if isinstance(node, m.StatusTest):
            out.add(f"status:{node.relation}:{id_map.get(node.provision, node.provision)}")
        elif isinstance(node, m.Comparison):
            out.add(f"number:{node.left.key}")
        elif isinstance(node, m.Phrase):
            definition = definitions.get(node.key)
            if definition is None:
                out.add(node.key)
                continue
            if definition.id not in memo:
                memo[definition.id] = frozenset()
                memo[definition.id] = frozenset(_leaves(act, definition.body, id_map, memo))
            out |= memo[definition.id]
    return out


def _signature(act: m.Act, provision: m.Provision, id_map: dict[str, str]) -> tuple[set[str], set[str]]:
    words = _words(provision.name) | _words(provision.text) | _words(provision.id.replace("_", " "))
    leaves = _leaves(act, provision.condition, id_map)
    if isinstance(provision, m.Deontic):
        leaves |= {f"action:{x}" for x in _leaves(act, provision.action, id_map)}
    if isinstance(provision, m.Definition):
        words |= _words(provision.head.key.replace("{}", " "))
    if isinstance(provision, (m.Exception_, m.AggravatingFactor)):
        leaves |= {f"target:{id_map.get(t, t)}" for t in provision.targets}
    return words, leaves


def _score(a_id: str, b_id: str, a_sig: tuple[set[str], set[str]], b_sig: tuple[set[str], set[str]]) -> float:
    same_id = difflib.SequenceMatcher(None, a_id, b_id).ratio()
    return 0.3 * same_id + 0.3 * jaccard(a_sig[0], b_sig[0]) + 0.4 * jaccard(a_sig[1], b_sig[1])


def similarity(old: m.Act, new: m.Act, a: m.Provision, b: m.Provision, id_map: dict[str, str]) -> float:
    """How recognisably ``a`` (old) and ``b`` (new) are the same provision, 0–1."""
    if a.kind is not b.kind:
        return 0.0
    return _score(a.id, b.id, _signature(old, a, id_map), _signature(new, b, {}))


#: A token shared by more provisions than this says little about which two match; it proposes no candidates.
COMMON_TOKEN = 200


def _candidates(olds: list[m.Provision], news: list[m.Provision], old_sigs: dict, new_sigs: dict,
                ) -> Iterator[tuple[m.Provision, m.Provision]]:
    """Pairs worth scoring: those sharing an id word, a name word or a phrase (not every pair)."""
    index: dict[str, list[m.Provision]] = {}
    for b in news:
        words, leaves = new_sigs[b.id]
        for token in words | leaves:
            index.setdefault(token, []).append(b)
    for a in olds:
        words, leaves = old_sigs[a.id]
        seen: set[str] = set()
        for token in words | leaves:
            bucket = index.get(token, [])
            if len(bucket) > COMMON_TOKEN:
                continue
            for b in bucket:
                if b.id not in seen:
                    seen.add(b.id)
                    yield a, b


def match(old: m.Act, new: m.Act) -> tuple[dict[str, str], dict[str, float]]:
    """Pair old provision ids with new ones: same id and kind first, then by similarity."""
    matches: dict[str, str] = {}
    scores: dict[str, float] = {}
    new_by_id = new.provisions_by_id
    for provision in old.provisions_by_id.values():
        other = new_by_id.get(provision.id)
        if other is not None and other.kind is provision.kind:
            matches[provision.id] = other.id
            scores[provision.id] = 1.0
    taken = set(matches.values())
    for kind in KIND_ORDER:
        olds = [p for p in old.provisions_by_id.values() if p.kind is kind and p.id not in matches]
        news = [p for p in new_by_id.values() if p.kind is kind and p.id not in taken]
        if not olds or not news:
            continue
        old_sigs = {p.id: _signature(old, p, matches) for p in olds}
        new_sigs = {p.id: _signature(new, p, {}) for p in news}
        pairs = sorted(((_score(a.id, b.id, old_sigs[a.id], new_sigs[b.id]), a.id, b.id)
                        for a, b in _candidates(olds, news, old_sigs, new_sigs)),
                       key=lambda t: (-t[0], t[1], t[2]))
        for score, a_id, b_id in pairs:
            if score < THRESHOLD:
                break
            if a_id in matches or b_id in taken:
                continue
            matches[a_id] = b_id
            scores[a_id] = score
            taken.add(b_id)
    return matches, scores
