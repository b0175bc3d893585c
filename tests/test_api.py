"""The Python API fails loudly: a misspelt provision, party or slot raises, with a suggestion.

A negative answer (``is_under(...) is False``) must never come from a typo: the Gherkin
steps already refuse one, and a program gets the same treatment through
:class:`statute.lookup.UnknownName`, a :class:`statute.StatuteError` and a LookupError.
"""

from __future__ import annotations

import doctest

import pytest

import statute
import statute.loader
import statute.lookup
import statute.outcomes
from statute.lookup import UnknownName

CASE = """
Alice is a teacher
Alice works in England
the age of Alice is 35
Bella tells Alice about a child sex offence
the age of Bella is 12
Harry is a teacher
Harry tries to deter Alice from reporting abuse of Bella
"""


@pytest.fixture(scope="module")
def assessment() -> statute.outcomes.Assessment:
    return statute.load("enacted").evaluate(CASE)


def test_known_names_answer(assessment):
    assert assessment.is_under("duty_to_notify", "Alice")
    assert assessment.is_under("the duty to notify suspected child sex offences", "alice")  # by name, any case
    assert assessment.commits("preventing_or_deterring", "Harry")
    assert not assessment.commits("preventing_or_deterring", "Alice")
    assert assessment.faces("barring_referral", "Alice")


@pytest.mark.parametrize("call, code, fragment", [
    (lambda a: a.is_under("duty_to_notfy", "Alice"), "E301", "did you mean 'the duty to notify"),
    (lambda a: a.commits("preventing_or_detering", "Harry"), "E301", "(preventing_or_deterring)?"),
    (lambda a: a.is_under("duty_to_notify", "Alcie"), "C007", "did you mean 'Alice'?"),
    (lambda a: a.commits("preventing_or_deterring", "Hary"), "C007", "did you mean 'Harry'?"),
    (lambda a: a.explain("duty_to_notfy", "Alice"), "E301", "did you mean"),
    (lambda a: a.explain("duty_to_notify", "Alice", kid="Bella"), "E311", "{person}, {child}"),
    (lambda a: a.explain("duty_to_notify", "Alice", child="Bela"), "C007", "did you mean 'Bella'?"),
    (lambda a: a.status("duty_to_notfy", "Alice"), "E301", "did you mean"),
    (lambda a: a.of("duty_to_notify", "Nobody"), "C007", "parties in the facts: Alice, Bella, Harry"),
    (lambda a: a.for_party("Alcie"), "C007", "did you mean 'Alice'?"),
    (lambda a: a.offences("Hary"), "C007", "did you mean 'Harry'?"),
    (lambda a: a.maximum_penalties("Hary"), "C007", "did you mean 'Harry'?"),
    (lambda a: a.is_under("preventing_or_deterring", "Harry"), "E302", "use commits() for an offence"),
    (lambda a: a.commits("duty_to_notify", "Alice"), "E302", "use is_under() for a duty"),
])
def test_unknown_or_wrong_names_raise_with_a_suggestion(assessment, call, code, fragment):
    with pytest.raises(UnknownName) as raised:
        call(assessment)
    error = raised.value
    assert isinstance(error, statute.StatuteError) and isinstance(error, LookupError)
    assert error.diagnostics[0].code == code
    assert fragment in str(error)


def test_a_name_that_is_not_a_string_is_a_type_error(assessment):
    with pytest.raises(TypeError, match="named by a str"):
        assessment.is_under(42, "Alice")  # type: ignore[arg-type]


@pytest.mark.parametrize("module", [statute, statute.loader, statute.lookup, statute.outcomes])
def test_docstring_examples_run(module):
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried > 0 and failures == 0
