"""Suggestions for a sentence that is none of the Act's phrases rank by meaning (issue 15, item 6)."""

from __future__ import annotations

from statute import load, load_text
from statute.case import CaseReader
from statute.nearest import Candidate, content, rank


def test_a_derived_phrase_with_the_rare_words_comes_first():
    near = CaseReader(load("enacted")).suggestions("Carl is not engaged in relevant activity")
    assert near[0] == "{person} is engaged in relevant activity (derived: state the facts it rests on)"
    assert not any("sexual activity" in s for s in near[:1])


def test_a_role_no_phrase_shares_a_word_with_gets_the_roles_provisions_read():
    act = load_text('act "A":\n    source "s"\nterms:\n    "{p} is a gang member"\n    "{p} is a teacher"\n'
                    '    "{p} is a nurse"\n    "{p} reports"\nsection 1:\n    duty d (1):\n        holder {p}\n'
                    '        when "{p} is a teacher" or "{p} is a nurse"\n        must "{p} reports"\n', "a.law")
    near = CaseReader(act).suggestions("Gita is a GP")
    assert near[:2] == ["{p} is a teacher", "{p} is a nurse"]  # the roles a provision reads, before an unused one
    assert "{p} reports" not in near  # a different shape


def test_a_misspelt_word_still_finds_its_phrase():
    near = CaseReader(load("enacted")).suggestions("Vic volunters with children")
    assert near[0] == "{person} volunteers with children"


def test_content_words_are_stemmed_and_grammar_words_dropped():
    assert content("{person} is engaged in relevant activity") == content("Carl engage relevant activities") - {"carl"}
    assert rank("nothing alike", [Candidate("{p} owns {q}")]) == []
