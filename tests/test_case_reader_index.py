"""The case reader rules templates out by a literal word before trying their regexes: same matches.

The reference tries every template's regex, in order (the reader before the index).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from statute import load
from statute.case import CaseReader, matched
from statute.model import TermKind

READERS = {name: CaseReader(load(name)) for name in ("enacted", "announced", "tests/acts/data_breach.law")}
NAMES = ["Alice", "Bella", "gang member B", '"Tells Smith"', "the police", "Is", "A", "x y z", "England"]


def reference(reader: CaseReader, sentence: str) -> list:
    """Every template tried, without the index: what the index must agree with."""
    return [found for template in reader.templates if (found := matched(template, sentence)) is not None]


@st.composite
def sentences(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(READERS)))
    reader = READERS[name]
    template = draw(st.sampled_from(reader.templates))
    text = template.text
    for slot in template.slots:
        text = text.replace("{" + slot + "}", draw(st.sampled_from(NAMES)), 1)
    if template.kind is TermKind.NUMBER:
        text += f" is {draw(st.integers(0, 99))}"
    case = draw(st.sampled_from([str, str.upper, str.lower, str.title]))
    text = case(text)
    spaces = draw(st.sampled_from([" ", "  ", "\t", " \u00a0"]))
    text = re.sub(" ", spaces, text) if draw(st.booleans()) else text
    if draw(st.booleans()):  # a typo or a word too many
        words = text.split()
        index = draw(st.integers(0, len(words) - 1))
        words[index] = draw(st.sampled_from(["", words[index] + "s", words[index][:-1], "ıs", "K"]))
        text = " ".join(words)
    return name, text


@settings(max_examples=300, deadline=None)
@given(sentences())
def test_the_index_finds_what_trying_every_template_finds(drawn: tuple[str, str]) -> None:
    name, sentence = drawn
    reader = READERS[name]
    assert reader.match(sentence) == reference(reader, sentence)


def test_a_word_next_to_a_slot_is_never_the_probe() -> None:
    from statute.case import _probe

    assert _probe("{person}'s dog barks at {other}") in ("dog", "barks", "at")
    assert _probe("{a}x{b}") is None
    assert _probe("the age of {person}", {"the": 9, "of": 9, "age": 1}) == "age"
