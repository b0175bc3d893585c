"""``{x} is excused from <duty> by <exception or permission>``: an excuse that names what excuses.

The enacted offence of deterring a report needs it: a reporter within the lawful delay is still
required to notify (the delay only postpones it), one excused by an exception is not.
"""

from __future__ import annotations

import pytest
from conftest import check_text

from statute import load
from statute.render import expr_text

ACT = """
act "Excuses (toy)":
    source "invented"
terms:
    "{p} must report"
    "{p} reports"
    "{p} may wait"
    "{p} is exempt"
    "{q} deters {p}"
section 1 "Report":
    source "invented"
    duty report (1):
        holder {p}
        when "{p} must report"
        must "{p} reports"
    consequence sanction (2):
        faced by {p}
        when {p} breaches report
    permission wait (3):
        holder {p}
        when "{p} may wait"
        need not "{p} reports"
        notwithstanding report
    exception exempt (4) to report:
        when "{p} is exempt"
    offence deterring (5):
        committed by {q}
        when some {p}: "{q} deters {p}" and ({p} is under report or {p} is excused from report by wait)
        penalty: imprisonment up to 1 year
"""


@pytest.fixture(scope="module")
def act(tmp_path_factory):
    path = tmp_path_factory.mktemp("excuses") / "excuses.law"
    path.write_text(ACT, encoding="utf-8")
    return load(path)


@pytest.mark.parametrize(("facts", "commits"), [
    (["Ann must report", "Dee deters Ann"], True),                        # under the duty
    (["Ann must report", "Ann may wait", "Dee deters Ann"], True),        # excused by the permission named
    (["Ann must report", "Ann is exempt", "Dee deters Ann"], False),      # excused by another provision
    (["Dee deters Ann"], False),                                          # no duty at all
])
def test_excused_by_names_what_excuses(act, facts, commits):
    assert act.evaluate(facts).commits("deterring", "Dee") is commits


def test_the_explanation_and_the_text_say_by_what(act):
    assessment = act.evaluate(["Ann must report", "Ann may wait", "Dee deters Ann"])
    said = str(assessment.explain("deterring", "Dee").to_json())
    assert "'Ann is excused from report by wait'" in said
    offence = act.provision("deterring")
    assert "{p} is excused from report by wait" in expr_text(offence.condition)


@pytest.mark.parametrize(("test", "message"), [
    ("{p} breaches report by wait", "'by wait' names what excuses, but the test asks whether a party breaches"),
    ("{p} is excused from report by sanction", "which is a consequence, not an exception or a permission"),
    ("{p} is excused from report by wiat", "there is no provision 'wiat'"),
])
def test_by_is_checked(test, message):
    loaded = check_text(ACT.replace("{p} is excused from report by wait", test))
    assert any(d.code in ("E301", "E302") and message in d.message for d in loaded.diagnostics), \
        [d.message for d in loaded.diagnostics]


def test_by_must_excuse_from_that_provision():
    text = ACT.replace("    exception exempt (4) to report:", "    duty other (6):\n        holder {p}\n"
                       "        must \"{p} reports\"\n    consequence c2 (7):\n        faced by {p}\n"
                       "        when {p} breaches other\n    exception exempt (4) to other:")
    text = text.replace("{p} is excused from report by wait", "{p} is excused from report by exempt")
    loaded = check_text(text)
    assert any(d.code == "E302" and "'exempt' does not excuse from 'report'" in d.message
               for d in loaded.diagnostics), [d.message for d in loaded.diagnostics]


def test_by_accepts_a_permission_the_duty_is_subject_to(tmp_path):
    text = ACT.replace("        notwithstanding report\n", "").replace(
        '        must "{p} reports"\n    consequence', '        must "{p} reports"\n        subject to wait\n'
                                                   '    consequence')
    loaded = check_text(text)
    assert [d.message for d in loaded.diagnostics if d.severity == "error"] == []
    path = tmp_path / "subject.law"
    path.write_text(text, encoding="utf-8")
    assert load(path).evaluate(["Ann must report", "Ann may wait", "Dee deters Ann"]).commits("deterring", "Dee")
