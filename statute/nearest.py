"""Which of an Act's phrases a sentence that matches none of them most likely meant.

Ranked by meaning, not by shared letters: the words that carry content (not "is",
"a", "the", not a party's name) are compared after light stemming ("engaged" and
"engage" are one word), each weighted by how rare it is in the Act's vocabulary, so
"relevant activity" outweighs "activity", which half the phrases share. Only when no
content word is shared does the sentence's shape decide ("Gita is a GP" has the
shape of the roles, "{person} is a …"), and then phrases the Act's provisions read
come before those kept only for scenarios. Pure functions of text: no model, no Act.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches

#: Words that carry no content in a phrase: its grammar, which every phrase shares.
STOP_WORDS = frozenset({
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "not", "no", "of", "to", "in",
    "on", "at", "by", "for", "from", "with", "about", "as", "and", "or", "that", "this", "these", "those",
    "it", "its", "their", "they", "them", "he", "she", "his", "her", "who", "whom", "which", "what", "than",
    "then", "there", "has", "have", "had", "do", "does", "did", "any", "some", "each", "every", "one", "same",
    "other", "own", "s",
})
#: How much a nearly-spelt word counts against the word itself.
TYPO_DISCOUNT = 0.8
_WORD = re.compile(r"[a-z0-9]+")
_SLOT = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class Candidate:
    """A phrase to rank: its text (slots in braces), and whether a provision reads it."""

    text: str
    used: bool = True


def stem(word: str) -> str:
    """A crude English stem: enough for "engaged"/"engage"/"engaging", "notifies"/"notify"."""
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + keep
    return word


def content(text: str) -> frozenset[str]:
    """The stems of a text's content words (slots and grammar words left out)."""
    return frozenset(stem(w) for w in _WORD.findall(_SLOT.sub(" ", text.casefold())) if w not in STOP_WORDS)


def _shape(text: str) -> list[str]:
    """A text as its grammar words, with every content word or slot as ``*``."""
    words = _WORD.findall(_SLOT.sub(" * ", text.casefold()).replace("*", " zzslot "))
    out: list[str] = []
    for word in words:
        token = word if word in STOP_WORDS else "*"
        if not (token == "*" and out and out[-1] == "*"):
            out.append(token)
    return out


def rank(sentence: str, candidates: Sequence[Candidate], n: int = 3) -> list[int]:
    """Indices of the candidates the sentence most likely meant, best first (at most ``n``)."""
    if not candidates:
        return []
    stems = [content(c.text) for c in candidates]
    frequency: dict[str, int] = {}
    for found in stems:
        for word in found:
            frequency[word] = frequency.get(word, 0) + 1
    total = len(candidates)

    def weight(word: str) -> float:
        return math.log(1 + total / frequency.get(word, 0.5))

    said = content(sentence)
    said_weight = sum(weight(w) for w in said) or 1.0
    vocabulary = sorted(frequency)
    # a misspelt content word ("teachr") stands for the word it nearly is, at a discount
    typos = {word: near for word in said - frequency.keys()
             for near in get_close_matches(word, vocabulary, n=1, cutoff=0.8)}
    scored: list[tuple[float, int]] = []
    for index, found in enumerate(stems):
        shared = sum(weight(w) for w in said & found) + sum(
            TYPO_DISCOUNT * weight(near) for near in typos.values() if near in found)
        if not shared:
            continue
        own = sum(weight(w) for w in found) or 1.0
        scored.append((shared / math.sqrt(own * said_weight), index))
    if scored:
        scored.sort(key=lambda pair: (-pair[0], not candidates[pair[1]].used, pair[1]))
        return [index for _, index in scored[:n]]
    shape = _shape(sentence)
    grammar = set(shape) - {"*"}
    by_shape = []
    for index, candidate in enumerate(candidates):
        theirs = _shape(candidate.text)
        if not grammar & set(theirs):
            continue  # two shapes without a grammar word in common ("* *") are not alike
        likeness = SequenceMatcher(None, shape, theirs, autojunk=False).ratio()
        if likeness >= 0.75:
            by_shape.append((likeness, index))
    by_shape.sort(key=lambda pair: (-pair[0], not candidates[pair[1]].used, pair[1]))
    return [index for _, index in by_shape[:n]]
