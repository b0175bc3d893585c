"""Obligation lints W402–W406, E308 and '# statute: allow' suppression, each on a small inline statute."""

from __future__ import annotations

import textwrap

import pytest
from conftest import check_text

from statute.suppress import allowed_codes

HEADER = '''
act "Lint Toy Act":
    source "written for the tests"

terms:
    "{p} is a carer"
    number "the age of {p}"
    "{p} sees harm to {c}"
    "{p} reports harm to {c}"
    "{p} is on leave"
'''


def codes(text: str, code: str | None = None) -> list[tuple[str, int]]:
    loaded = check_text(textwrap.dedent(HEADER) + textwrap.dedent(text))
    assert loaded.act is not None, [d.message for d in loaded.diagnostics]
    errors = [d for d in loaded.diagnostics if d.severity == "error"]
    if code is None or not code.startswith("E"):
        assert not errors, [d.message for d in errors]
    return [(d.code, d.line) for d in loaded.diagnostics if code is None or d.code == code]


def messages(text: str, code: str) -> list[str]:
    loaded = check_text(textwrap.dedent(HEADER) + textwrap.dedent(text))
    return [d.message for d in loaded.diagnostics if d.code == code]


DUTY = '''
section 1 "Duty":
    duty report (1):
        holder {p}
        when "{p} is a carer" and "{p} sees harm to {c}" and not "{p} is on leave"
        must "{p} reports harm to {c}"
'''

ENFORCED = DUTY + '''
    consequence sanction (2):
        faced by {p}
        when {p} breaches report
'''


# ── W402 ─────────────────────────────────────────────────────────────────────


def test_w402_duty_that_nothing_enforces():
    found = messages(DUTY, "W402")
    assert len(found) == 1 and "report" in found[0]


def test_w402_quiet_when_a_consequence_enforces_the_duty():
    assert codes(ENFORCED, "W402") == []


def test_w402_quiet_when_enforced_through_a_definition():
    text = DUTY + '''
    definition defaulted (2):
        "{p} has defaulted" means {p} breaches report
    offence failing (3):
        committed by {p}
        when "{p} has defaulted"
        penalty: a fine
'''
    assert codes(text, "W402") == []


def test_w402_being_under_a_duty_is_not_enforcing_it():
    text = DUTY + '''
    offence obstructing (2):
        committed by {x}
        when some {p}: {p} is under report
        penalty: a fine
'''
    assert [c for c, _ in codes(text, "W402")] == ["W402"]


# ── W403 ─────────────────────────────────────────────────────────────────────


def test_w403_exception_needing_what_the_target_forbids():
    text = ENFORCED + '''
    exception on_leave (3) to report:
        when "{p} is on leave"
'''
    found = messages(text, "W403")
    assert len(found) == 1
    assert "on_leave" in found[0] and "cannot both be true" in found[0]


def test_w403_number_ranges_that_cannot_overlap():
    text = '''
section 1 "Duty":
    duty report (1):
        holder {p}
        when "the age of {p}" is at least 18 and "{p} sees harm to {c}"
        must "{p} reports harm to {c}"
    consequence sanction (2):
        faced by {p}
        when {p} breaches report
    exception young (3) to report:
        when "the age of {p}" is under 13
    exception old (4) to report:
        when "the age of {p}" is over 65
'''
    found = messages(text, "W403")
    assert len(found) == 1 and "young" in found[0] and "is under 13" in found[0] and "is at least 18" in found[0]


def test_w403_through_a_definition_and_within_the_exception_itself():
    text = '''
section 1 "Duty":
    definition adult (1):
        "{p} is an adult carer" means "{p} is a carer" and "the age of {p}" is at least 18
    duty report (2):
        holder {p}
        when "{p} is an adult carer" and "{p} sees harm to {c}"
        must "{p} reports harm to {c}"
    consequence sanction (3):
        faced by {p}
        when {p} breaches report
    exception child_carer (4) to report:
        when "the age of {p}" is under 16
    exception muddled (5) to report:
        when "{p} is on leave" and not "{p} is on leave"
'''
    assert sorted(m.split("'")[1] for m in messages(text, "W403")) == ["child_carer", "muddled"]


def test_w403_quiet_when_the_exception_can_apply():
    text = ENFORCED + '''
    exception young_child (3) to report:
        when "the age of {c}" is under 13
    exception either (4) to report:
        when "the age of {p}" is under 13 or "the age of {c}" is over 15
'''
    assert codes(text, "W403") == []


# ── W404 ─────────────────────────────────────────────────────────────────────


def test_w404_unused_term_and_its_suppression():
    text = '''
terms:
    "{p} is a shop assistant"
    "{p} is a bus driver"         # statute: allow W404 — kept for scenarios
''' + ENFORCED
    found = codes(text, "W404")
    lines = textwrap.dedent(HEADER + text).splitlines()
    flagged = [lines[line - 1].strip() for _, line in found]
    assert '"{p} is a shop assistant"' in flagged
    assert not any("bus driver" in line for line in flagged)


def test_w404_quiet_when_every_term_is_read():
    text = ENFORCED + '''
    exception young (3) to report:
        when "the age of {c}" is under 13 and "the age of {p}" is over 17
'''
    assert codes(text, "W404") == []


# ── W405 ─────────────────────────────────────────────────────────────────────

BIND = ENFORCED + '''
    prohibition keep_quiet (3):
        holder {q}
        when "{q} sees harm to {k}" and "{q} is carer"
        must not "{q} reports harm to {k}"
    consequence sanction_quiet (4):
        faced by {q}
        when {q} breaches keep_quiet
'''


def test_w405_double_bind_with_renamed_slots():
    text = BIND.replace('"{q} is carer"', '"{q} is a carer"')
    found = messages(text, "W405")
    assert len(found) == 1 and "report" in found[0] and "keep_quiet" in found[0]


def test_w405_quiet_when_the_conditions_exclude_each_other():
    text = BIND.replace('"{q} is carer"', '"{q} is on leave"')
    assert codes(text, "W405") == []


def test_w405_quiet_when_priority_decides():
    text = BIND.replace('"{q} is carer"', '"{q} is a carer"').replace(
        'must not "{q} reports harm to {k}"', 'must not "{q} reports harm to {k}"\n        subject to report')
    assert codes(text, "W405") == []


def test_w405_quiet_for_different_acts():
    text = BIND.replace('"{q} is carer"', '"{q} is a carer"').replace(
        'must not "{q} reports harm to {k}"', 'must not "{k} reports harm to {q}"')
    assert codes(text, "W405") == []


# ── W406 ─────────────────────────────────────────────────────────────────────


def test_w406_offence_without_a_penalty():
    text = ENFORCED + '''
    offence hiding (3):
        committed by {p}
        when some {c}: "{p} sees harm to {c}" and "{p} is on leave"
'''
    assert [c for c, _ in codes(text, "W406")] == ["W406"]


def test_w406_penalty_not_stated_counts_as_stated():
    text = ENFORCED + '''
    offence hiding (3):
        committed by {p}
        when some {c}: "{p} sees harm to {c}" and "{p} is on leave"
        penalty: not stated
'''
    assert codes(text, "W406") == []


# ── E308 ─────────────────────────────────────────────────────────────────────


def test_e308_negation_inside_a_cycle_of_definitions():
    text = '''
section 1 "Circular":
    definition a (1):
        "{p} is fine" means "{p} is a carer" and not "{p} is troubled"
    definition b (2):
        "{p} is troubled" means not "{p} is fine"
'''
    assert [c for c, _ in codes(text, "E308")] == ["E308"]


def test_e308_positive_recursion_is_allowed():
    text = '''
section 1 "Recursive":
    definition a (1):
        "{p} is fine" means "{p} is a carer" or "{p} is troubled"
    definition b (2):
        "{p} is troubled" means "{p} is fine" and "{p} is on leave"
'''
    assert codes(text, "E308") == []


# ── Suppression ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("line", "expected"), [
    ('    "x"  # statute: allow W404 — why', {"W404"}),
    ('    "x"  # statute: allow W402, w405', {"W402", "W405"}),
    ('    "x"  #statute:allow W404', {"W404"}),
    ('    "a # statute: allow W404 inside a string"', set()),
    ('    "x"  # statute: deny W404', set()),
    ("    # a comment that quotes '# statute: allow W404' is not one", set()),
    ('    "x"', set()),
])
def test_allow_comment_parsing(line, expected):
    assert allowed_codes(line) == expected


def test_allow_silences_only_the_named_code_on_its_line():
    text = DUTY.replace("    duty report (1):", "    duty report (1):    # statute: allow W402 — enforced elsewhere")
    assert codes(text, "W402") == []
    other = DUTY.replace("    duty report (1):", "    duty report (1):    # statute: allow W404")
    assert [c for c, _ in codes(other, "W402")] == ["W402"]


def test_allow_cannot_silence_an_error():
    text = DUTY.replace('must "{p} reports harm to {c}"',
                        'must "{p} reports harm to {x}"   # statute: allow E306')
    assert [c for c, _ in codes(text, "E306")] == ["E306"]


def test_w407_an_allow_that_silences_nothing():
    """Stale, unknown and error codes in an allow comment are each reported, at the comment."""
    text = DUTY.replace("    duty report (1):", "    duty report (1):    # statute: allow W402, W404, E306, W999")
    found = codes(text, "W407")
    assert len(found) == 3 and len({line for _, line in found}) == 1
    said = messages(text, "W407")
    assert any("allow W404' silences nothing" in m for m in said)
    assert any("E306 is an error" in m for m in said)
    assert any("allow W999' names no diagnostic code" in m for m in said)
    assert not any("W402" in m for m in said)  # it silenced the unenforced duty


def test_w407_is_not_judged_when_the_act_has_errors():
    """With errors the lints do not run, so no allow can be called unused."""
    text = DUTY.replace('must "{p} reports harm to {c}"',
                        'must "{p} reports harm to {x}"   # statute: allow W404')
    assert messages(text, "E306") and messages(text, "W407") == []


@pytest.mark.parametrize("name", ["announced", "enacted"])
def test_bundled_acts_have_no_lint_warnings(name):
    from statute.loader import load_path

    assert load_path(name).diagnostics == []


def test_check_does_not_import_networkx():
    """The lints run on every save: `statute check` must not pay for importing networkx."""
    import subprocess
    import sys

    code = "import sys; from statute.cli import main; main(['check']); print('networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"


def test_an_allow_inside_a_triple_quoted_note_is_text_not_a_comment():
    text = DUTY.replace('        must "{p} reports harm to {c}"',
                        '        must "{p} reports harm to {c}"\n        note """\n            the drafters wrote '
                        '# statute: allow W404 here once\n            """')
    assert codes(text, "W407") == []  # and no errors: the lints ran
