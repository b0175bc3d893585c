"""The pieces behind the plugin, one at a time: penalties, references, vocabulary, coverage."""

from __future__ import annotations

import pytest

from statute import load
from statute.loader import load_text
from statute.model import Duration, Fine, Imprisonment, Penalty, TrialMode
from statute.scenarios import vocabulary
from statute.scenarios.coverage import CoverageRecorder, branches_of
from statute.scenarios.penalties import penalty_matches
from statute.scenarios.references import ProvisionIndex, UnknownReference, provision_key

SEVEN_YEARS = Penalty(TrialMode.INDICTMENT, Imprisonment(Duration(7, "years")), Fine(), cumulative=True)
SUMMARY = Penalty(TrialMode.SUMMARY, Imprisonment(None, "the general limit in a magistrates' court"), Fine(),
                  cumulative=True)
FINE_ONLY = Penalty(TrialMode.SUMMARY, fine=Fine("£5,000"))
NOT_STATED = Penalty(TrialMode.UNSPECIFIED, stated=False)
SOA = "the maximum for the offence under the Sexual Offences Act 2003"
DESCRIBED = Penalty(TrialMode.UNSPECIFIED, described=(SOA,))


@pytest.mark.parametrize(("expected", "penalty"), [
    ("imprisonment up to 7 years, a fine, or both", SEVEN_YEARS),
    ("imprisonment up to 7 years or an unlimited fine or both", SEVEN_YEARS),
    ("imprisonment up to 7 years", SEVEN_YEARS),
    ("7 years' imprisonment", SEVEN_YEARS),
    ("seven years in prison", SEVEN_YEARS),
    ("84 months' imprisonment", SEVEN_YEARS),
    ("a fine", SEVEN_YEARS),
    ("imprisonment up to the general limit in a magistrates' court, a fine, or both", SUMMARY),
    ("a fine up to £5,000", FINE_ONLY),
    ("not stated", NOT_STATED),
    ("not stated", None),
    ("the maximum for the offence under the Sexual Offences Act 2003", DESCRIBED),
])
def test_penalties_that_match(expected: str, penalty: Penalty | None) -> None:
    assert penalty_matches(expected, penalty)


@pytest.mark.parametrize(("expected", "penalty"), [
    ("imprisonment up to 10 years", SEVEN_YEARS),
    ("imprisonment up to 7 years", FINE_ONLY),
    ("a fine up to £1,000", FINE_ONLY),
    ("an unlimited fine", FINE_ONLY),
    ("a fine or both", FINE_ONLY),
    ("not stated", SEVEN_YEARS),
    ("imprisonment up to 7 years", NOT_STATED),
    ("imprisonment up to the general limit in a crown court", SUMMARY),
    ("life", DESCRIBED),
])
def test_penalties_that_do_not(expected: str, penalty: Penalty | None) -> None:
    assert not penalty_matches(expected, penalty)


@pytest.fixture(scope="module")
def enacted():
    return load("enacted")


def test_provisions_are_named_by_id_or_name_forgivingly(enacted) -> None:
    index = ProvisionIndex(enacted)
    for text in ("duty_to_notify", "duty to notify", "The Duty To Notify Suspected  Child Sex Offences",
                 "duty to notify suspected child sex offences", '"duty_to_notify"'):
        assert index.find(text) is enacted.provision("duty_to_notify"), text
    assert provision_key("the_Duty") == "duty"
    with pytest.raises(UnknownReference) as error:
        index.resolve("the duty to notfy", {enacted.provision("duty_to_notify").kind}, "a duty")
    assert error.value.hint is not None and "duty_to_notify" in error.value.hint


@pytest.mark.parametrize(("sentence", "check"), [
    ("Alice is under duty_to_notify", "check_relation"),
    ("gang member B commits no offence", "check_relation"),
    ("the maximum penalty for x on indictment is imprisonment up to 7 years", "check_penalty"),
    ("the maximum penalty for the offence Harry commits is a fine", "check_penalty"),
    ("an offence committed by B is aggravated", "check_aggravation"),
    ("there is no conflict", "check_conflict"),
    ("there is a conflict between a and b", "check_conflict"),
])
def test_then_sentences_route_to_their_check(sentence: str, check: str) -> None:
    found = vocabulary.match(sentence)
    assert found is not None and found[1].__name__ == check


def test_not_every_sentence_is_an_outcome() -> None:
    assert vocabulary.match("Alice should notify someone") is None


def _assess(act, facts):
    return act.evaluate(facts)


def test_a_branch_side_counts_only_where_it_decided_the_outcome() -> None:
    act = load_text('''act "Toy":
    version "1"
terms:
    "{p} is old"
    "{p} is local"
    "{p} is exempt"
    "{p} pays"
section 1 "Tax":
    duty pay (1):
        holder {p}
        when "{p} is old" and "{p} is local" and not "{p} is exempt"
        must "{p} pays"
''', "toy.law")
    (duty,) = act.provisions
    branches = {b.text: b for b in branches_of(duty)}
    assert set(branches) == {'"{p} is old"', '"{p} is local"', 'not "{p} is exempt"'}
    recorder = CoverageRecorder()
    # Ann is neither old nor local: both requirements fail at once, so neither decided anything
    recorder.record("toy", "toy.law", act, _assess(act, ["Ann is exempt"]), "s1")
    coverage = recorder.acts["toy.law"]
    assert coverage.missing_sides(branches['"{p} is old"']) == [True, False]
    assert not coverage.exercised("pay")
    # Bob is local and not exempt, but not old: "is old" decided the outcome by failing
    recorder.record("toy", "toy.law", act, _assess(act, ["Bob is local"]), "s2")
    assert coverage.missing_sides(branches['"{p} is old"']) == [True]
    assert coverage.missing_sides(branches['"{p} is local"']) == [True, False]
    # Cy meets every condition: every requirement held where it decided
    recorder.record("toy", "toy.law", act, _assess(act, ["Cy is old", "Cy is local"]), "s3")
    assert coverage.exercised("pay")
    assert coverage.missing_sides(branches['"{p} is local"']) == [False]
    assert coverage.missing_sides(branches['not "{p} is exempt"']) == [False]
    assert coverage.totals()["provisions"] == (1, 1)
    assert coverage.totals()["branches"] == (4, 6)
    data = recorder.to_json()["acts"]["toy"]
    assert data["provisions_detail"][0]["statuses"] == ["breached"]
    assert data["provisions_detail"][0]["scenarios"] == ["s3"]
