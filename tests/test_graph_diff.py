"""``statute diff``: changes in meaning, matching through renumbering and renaming."""

from __future__ import annotations

import json
import textwrap

import pytest

from statute import load, load_text
from statute.cli import main
from statute.graph.diff import diff

OLD = textwrap.dedent('''
    act "Diff Toy Act":
        version "as introduced"
        source "written for the tests"

    terms:
        "{p} is a teacher"
        "{p} is a nurse"
        "{p} is a coach"
        number "the age of {p}"
        "{p} sees harm to {c}"
        "{p} tells the police about {c}"
        "{p} tells the council about {c}"
        "{x} hides harm to {c}"
        "{x} is a carer"

    clause 4 "Reporting":
        definition carer (1):
            "{p} works with children" means "{p} is a teacher" or "{p} is a nurse"
        duty duty_to_tell (2):
            name "the duty to tell the police about harm"
            holder {p}
            when "{p} works with children" and "{p} sees harm to {c}"
            must "{p} tells the police about {c}"
            to "the police"
        offence not_telling (3):
            name "the offence of not telling"
            committed by {p}
            when {p} breaches duty_to_tell
            penalty: not stated
        offence hiding_harm (4):
            name "the offence of hiding harm"
            committed by {x}
            when "{x} is a carer" and (some {c}: "{x} hides harm to {c}")
            penalty: imprisonment up to 2 years
''')

NEW = textwrap.dedent('''
    act "Diff Toy Act":
        version "as enacted"
        source "written for the tests"

    terms:
        "{person} is a teacher"
        "{person} is a nurse"
        "{person} is a coach"
        number "the age of {person}"
        "{person} sees harm to {child}"
        "{person} tells the police about {child}"
        "{person} tells the council about {child}"
        "{offender} hides harm to {child}"
        "{offender} is a carer"            # statute: allow W404 — kept for scenarios

    section 12 "Duty to notify":
        definition working_with_children (1):
            "{person} works with children" means any of:
                "{person} is a teacher"
                "{person} is a nurse"
                "{person} is a coach"
        definition adult_worker (2):
            "{person} is a reporter" means "{person} works with children" and "the age of {person}" is at least 18
        definition told (3):
            "{person} tells the police or the council about {child}" means any of:
                "{person} tells the police about {child}"
                "{person} tells the council about {child}"
        duty duty_to_notify (4):
            name "the duty to notify harm"
            holder {person}
            when "{person} is a reporter" and "{person} sees harm to {child}"
            must "{person} tells the police or the council about {child}"
            by "as soon as practicable"
            to "the police or the council"
        consequence referral (5):
            name "referral to the barring service"
            faced by {person}
            when {person} breaches duty_to_notify
        exception young_child (6) to duty_to_notify:
            when "the age of {child}" is under 2

    section 13 "Hiding harm":
        offence hiding_harm (1):
            name "the offence of hiding harm"
            committed by {offender}
            when some {child}: "{offender} hides harm to {child}"
            on indictment: imprisonment up to 5 years
''')


@pytest.fixture(scope="module")
def result():
    return diff(load_text(OLD, "old.law"), load_text(NEW, "new.law"))


def by_id(result, provision_id):
    return next(c for c in result.changes if c.id == provision_id)


def test_renamed_and_renumbered_provisions_are_matched(result):
    assert result.matches["duty_to_tell"] == "duty_to_notify"
    assert result.matches["carer"] == "working_with_children"
    assert result.matches["hiding_harm"] == "hiding_harm"
    assert "not_telling" not in result.matches


def test_duty_changes_read_as_sentences(result):
    change = by_id(result, "duty_to_notify")
    assert change.change == "changed" and change.old_id == "duty_to_tell"
    assert change.citation == "s.12(4)" and change.old_citation == "cl. 4(2)"
    details = {(d.aspect, d.change): d.text for d in change.details}
    assert '"{person} is a coach"' in details[("holder", "widened")]
    assert '"the age of {person}" is at least 18' in details[("holder", "added")]
    assert "through adult_worker" in details[("holder", "added")]
    assert details[("recipient", "changed")] == "it is now owed to the police or the council (was the police)."
    assert details[("deadline", "changed")] == "deadline added: as soon as practicable."
    assert "the police or the council about" in details[("action", "changed")]
    assert ("trigger", "changed") not in details, "renaming {c} to {child} is no change in meaning"
    assert "no longer an offence (not_telling removed)" in details[("enforcement", "removed")]
    assert "instead" in details[("enforcement", "added")] and "referral" in details[("enforcement", "added")]


def test_added_and_removed_provisions(result):
    assert by_id(result, "not_telling").change == "removed"
    assert by_id(result, "not_telling").text.startswith("Removed offence not_telling (cl. 4(3))")
    referral = by_id(result, "referral")
    assert referral.change == "added" and "instead of the removed offence not_telling" in referral.text
    assert by_id(result, "young_child").text.startswith("Added exception young_child (s.12(6)) to duty_to_notify")


def test_offence_widened_to_anyone_and_repenalised(result):
    change = by_id(result, "hiding_harm")
    details = {(d.aspect, d.change): d.text for d in change.details}
    assert "anyone can now commit it" in details[("holder", "removed")]
    assert '"{offender} is a carer"' in details[("holder", "removed")]
    assert details[("penalty", "changed")] == ("maximum penalty changed from imprisonment up to 2 years to "
                                               "on indictment: imprisonment up to 5 years.")


def test_identical_acts_have_no_changes():
    act = load_text(NEW, "new.law")
    result = diff(act, act)
    assert result.changes == []
    assert "No change in meaning." in result.render()


def test_pure_renumbering_says_so():
    moved = NEW.replace('section 13 "Hiding harm":', 'section 14 "Hiding harm":')
    result = diff(load_text(NEW, "a.law"), load_text(moved, "b.law"))
    assert [c.text for c in result.changes] == [
        "Renumbered offence hiding_harm (s.14(1)), was s.13(1): the offence of hiding harm (no change in meaning)."]


# ── The bundled Acts: announced → enacted ────────────────────────────────────


@pytest.fixture(scope="module")
def bundled():
    return diff(load("announced"), load("enacted"))


def test_bundled_matches_survive_renaming(bundled):
    assert bundled.matches["duty_to_report"] == "duty_to_notify"
    assert bundled.matches["preventing_or_covering_up"] == "preventing_or_deterring"
    assert bundled.matches["grooming_by_gang_members"] == "grooming_aggravating_factor"
    assert "failing_to_report" not in bundled.matches


def test_bundled_diff_reads_as_the_drafter_expects(bundled):
    text = bundled.render()
    lines = [line.strip() for line in text.splitlines()]

    def line_with(*parts: str) -> str:
        found = [line for line in lines if all(p in line for p in parts)]
        assert found, f"no line with {parts} in:\n{text}"
        return found[0]

    # failing to report is no longer an offence; a barring referral comes instead
    line_with("Removed offence failing_to_report (claim 2(1))")
    line_with("Added consequence barring_referral (s.93(1))", "instead of the removed offence failing_to_report")
    line_with("breaching it is no longer an offence (failing_to_report removed)")
    # the cover-up offence is widened from professionals to anyone
    line_with("Changed offence preventing_or_deterring (s.92(1)), was preventing_or_covering_up (claim 3(1))")
    line_with("who can commit it is widened", '"{offender} is a professional working with children"',
              "anyone can now commit it")
    # reports go to the police or the local authority
    line_with("it is now owed to the police or the local authority (was the police)")
    # the 18+ and England-only limits, through the definitions
    line_with("who it binds is narrowed", '"the age of {person}" is at least 18', "through mandated_reporter")
    line_with("who it binds is narrowed", '"{person} works in England"', "through mandated_reporter")
    # the exceptions and the seven-day delay
    line_with("Added exception consensual_activity_between_children (s.86(1)) to duty_to_notify")
    line_with("Added exception confidential_services (s.86(2)) to duty_to_notify")
    line_with("Added permission delay_where_child_at_risk (s.85(5))", "notwithstanding duty_to_notify",
              "seven days")
    line_with("deadline added: within 7 days, as soon as reasonably practicable")


def test_cli_diff_text_and_json(capsys):
    assert main(["diff", "announced", "enacted"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Changes from Child sexual abuse reforms (announcement) (as announced) to "
                          "Crime and Policing Act 2026 (as enacted)")
    assert main(["diff", "announced", "enacted", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    kinds = {(c["change"], c["id"]) for c in data["changes"]}
    assert ("removed", "failing_to_report") in kinds and ("added", "barring_referral") in kinds
    duty = next(c for c in data["changes"] if c["id"] == "duty_to_notify")
    assert duty["old_id"] == "duty_to_report" and duty["citation"] == "s.85(1)"
    assert {"recipient", "deadline", "holder", "action", "enforcement"} <= {d["aspect"] for d in duty["details"]}


def test_cli_diff_unknown_act(capsys):
    assert main(["diff", "announced", "enactd"]) == 2
    assert "did you mean 'enacted'" in capsys.readouterr().err


def test_cli_diff_exit_code_gates_a_change_of_meaning(capsys, tmp_path):
    """--exit-code: 1 when the meaning changed, 0 when not, 2 when an Act cannot be compared."""
    assert main(["diff", "announced", "enacted", "--exit-code"]) == 1
    capsys.readouterr()
    assert main(["diff", "enacted", "enacted", "--exit-code"]) == 0
    assert "No change in meaning." in capsys.readouterr().out
    broken = tmp_path / "broken.law"
    broken.write_text("act: nonsense\n", encoding="utf-8")
    assert main(["diff", "enacted", str(broken)]) == 1
    assert main(["diff", "enacted", str(broken), "--exit-code"]) == 2


def test_exit_code_ignores_renumbering_and_renaming(tmp_path, capsys):
    """--exit-code gates meaning: a provision only renumbered or renamed is not a change of meaning."""
    old = tmp_path / "old.law"
    old.write_text(OLD, encoding="utf-8")
    renumbered = tmp_path / "renumbered.law"
    renumbered.write_text(OLD.replace("duty duty_to_tell (2):", "duty duty_to_tell (7):"), encoding="utf-8")
    renamed = tmp_path / "renamed.law"
    renamed.write_text(OLD.replace("duty_to_tell", "duty_to_inform"), encoding="utf-8")
    assert main(["diff", str(old), str(renumbered), "--exit-code"]) == 0
    assert "Renumbered duty duty_to_tell (cl. 4(7)), was cl. 4(2)" in capsys.readouterr().out
    assert main(["diff", str(old), str(renamed), "--exit-code"]) == 0
    assert "Renamed duty duty_to_inform (cl. 4(2)), was duty_to_tell" in capsys.readouterr().out


def test_and_becoming_or_is_only_a_widening():
    """'A and B' → 'A or B': the new condition is implied by the old, so nothing is 'narrowed'."""
    old = OLD
    new = OLD.replace('when "{p} works with children" and "{p} sees harm to {c}"',
                      'when "{p} works with children" or "{p} sees harm to {c}"')
    result = diff(load_text(old), load_text(new))
    duty = next(c for c in result.changes if c.id == "duty_to_tell")
    assert duty.details and all(d.change in ("widened", "removed") for d in duty.details)
    assert not any("narrowed" in d.text or "now also requires" in d.text for d in duty.details)
    # plain phrases on both sides: one line that says what was required and what is now enough
    plain = diff(load_text(OLD), load_text(OLD.replace('"{x} is a carer" and (some', '"{x} is a carer" or (some')))
    hiding = next(c for c in plain.changes if c.id == "hiding_harm")
    assert [d.change for d in hiding.details] == ["widened"] and "is enough" in hiding.details[0].text
