"""``statute phrases ACT``: the vocabulary a case can state, with slots and uses (issue 15, item 6)."""

from __future__ import annotations

import json

from statute import load
from statute.cli import main
from statute.phrases import phrase_table


def test_every_declared_term_is_listed_even_if_no_provision_reads_it():
    act = load("enacted")
    rows = {row.text: row for row in phrase_table(act)}
    assert {term.text for term in act.terms} <= set(rows)
    assert rows["{person} is a shop assistant"].used_by == ()  # no provision reads it; a case may state it
    assert rows["{person} is a teacher"].used_by == (("regulated_activity", "s.85(12)(a)"),)
    assert rows["the age of {person}"].kind == "number"


def test_derived_phrases_name_their_definition():
    rows = {row.text: row for row in phrase_table(load("enacted"))}
    reporter = rows["{person} is a mandated reporter"]
    assert reporter.kind == "derived" and reporter.defined_by == ("mandated_reporter", "s.85(1)")
    assert ("duty_to_notify", "s.85(1)") in reporter.used_by


def test_cli_lists_phrases_with_slots_and_uses(capsys):
    assert main(["phrases", "enacted"]) == 0
    out = capsys.readouterr().out
    assert "  {person} is a shop assistant\n      fact · slots {person}\n" in out
    assert "used by: no provision (a case may still state it)" in out
    assert main(["phrases", "enacted", "--unused", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    texts = {row["phrase"] for row in data["phrases"]}
    assert "{person} is a shop assistant" in texts and "{person} is a teacher" not in texts
    assert all(row["used_by"] == [] for row in data["phrases"])


def test_cli_phrases_of_an_unknown_act_is_a_usage_error(capsys):
    assert main(["phrases", "no_such_act"]) == 2
