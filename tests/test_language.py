"""The statute language end to end: grammar, bundled Acts, the toy Act."""

from __future__ import annotations

import pytest

from statute import load, model
from statute.loader import bundled_acts, load_path
from statute.parser import build_parser


def test_grammar_builds_in_strict_mode():
    """No shift/reduce conflict or terminal collision is resolved silently."""
    build_parser(strict=True)


@pytest.mark.parametrize("name", ["announced", "enacted"])
def test_bundled_acts_check_clean(name):
    loaded = load_path(name)
    assert loaded.act is not None
    assert [d for d in loaded.diagnostics] == []


def test_bundled_acts_are_listed():
    assert set(bundled_acts()) >= {"announced", "enacted"}


def test_toy_statute_needs_no_engine_change(toy_act_path):
    act = load(toy_act_path)
    kinds = {p.kind for p in act.provisions}
    assert {model.Kind.DUTY, model.Kind.EXCEPTION, model.Kind.OFFENCE, model.Kind.CONSEQUENCE} <= kinds
    duty = act.provision("notify_breach")
    assert isinstance(duty, model.Deontic)
    assert duty.deadline is not None and duty.deadline.limit == model.Duration(72, "hours")
    offence = act.provision("obstructing_notification")
    assert isinstance(offence, model.Offence)
    assert offence.mode_of_trial == "triable either way"
    assert str(offence.penalties[1].fine) == "a fine up to £5,000"


def test_precedence_or_binds_looser_than_and():
    act = load("enacted")
    prevent = act.provision("preventing_or_deterring")
    body = prevent.condition
    assert isinstance(body, model.Some)
    assert isinstance(body.body, model.All)
    assert isinstance(body.body.operands[1], model.AnyOf)


def test_and_between_sanctions_means_both_may_be_imposed():
    from statute import load_text

    act = load_text('act "A":\n    source "s"\nterms:\n    "{p} does it"\nsection 1:\n    offence o:\n'
                    '        committed by {p}\n        when "{p} does it"\n'
                    '        on summary conviction: imprisonment up to 6 months and a fine\n')
    (penalty,) = act.provision("o").penalties
    assert penalty.cumulative and penalty.fine is not None and str(penalty.imprisonment) == \
        "imprisonment up to 6 months"
