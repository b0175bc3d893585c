"""``statute explain`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from statute.cli import main

CASE = Path(__file__).parent.parent / "examples" / "cases" / "head_teacher_deters.case"


def test_explain_prints_the_tree_with_sections_and_quotes(capsys):
    assert main(["explain", "--act", "enacted", str(CASE)]) == 0
    out = capsys.readouterr().out
    assert "Harry: commits preventing_or_deterring (maximum: imprisonment up to 7 years" in out
    assert "[duty duty_to_notify · s.85(1)]" in out
    assert "“A person aged 18 or over" not in out and "--full for every branch" in out
    assert main(["explain", "--act", "enacted", str(CASE), "--full"]) == 0
    out = capsys.readouterr().out
    assert "“A person aged 18 or over" in out
    assert "Alice is a teacher — stated in the case (line 3)" in out


def test_why_not_for_an_aggravating_factor_follows_party(capsys):
    grooming = CASE.parent / "grooming_gang.case"
    assert main(["explain", "--act", "enacted", str(grooming), "--why-not", "grooming_aggravating_factor",
                 "--party", "gang member A"]) == 0
    out = capsys.readouterr().out
    assert "because: the age of gang member A is at least 18 — the age of gang member A is not stated" in out
    assert "gang member B" not in out.split("because:")[1]  # was: B's aggravation, ignoring --party
    assert main(["explain", "--act", "enacted", str(grooming), "--why-not", "grooming_aggravating_factor",
                 "--party", "gang member B", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:3] == ["schema", "why_not_because", "why_not_decisive"]
    assert data["why_not"]["holds"] is True


def test_a_some_that_finds_no_one_reads_as_a_whole_sentence():
    import statute
    from statute.explain import render_text

    act = statute.load("enacted")
    assessment = act.evaluate("D sexually assaults Eve\nthe age of Eve is 14\nthe age of D is 17\nD groomed Eve")
    text = render_text(assessment.explain("grooming_aggravating_factor", "D"))
    line = next(t for t in text.splitlines() if "no party in the case fits" in t)
    assert "such that the age of D is at least 18 and the offence by D against {victim} involved" in line


def test_explain_json_has_a_versioned_schema(capsys):
    assert main(["explain", "--act", "enacted", str(CASE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "statute.assessment/1"
    statuses = {(o["provision"], o["party"], o["status"]) for o in data["outcomes"]}
    assert ("preventing_or_deterring", "Harry", "committed") in statuses
    assert data["explanations"][0]["provision"]["citation"] == "s.85(1)"


def test_explain_reads_stdin(capsys, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CASE.read_bytes())))
    assert main(["explain", "--act", "enacted", "-", "--party", "Alice"]) == 0
    assert "Alice: under duty_to_notify" in capsys.readouterr().out


def test_explain_why_not(capsys, tmp_path):
    case = tmp_path / "vic.case"
    case.write_text("Vic volunteers with children\nVic works in England\nthe age of Vic is 17\n"
                    "Bella tells Vic about a child sex offence\n", encoding="utf-8")
    assert main(["explain", "--act", "enacted", str(case), "--party", "Vic", "--why-not", "duty_to_notify"]) == 0
    out = capsys.readouterr().out
    assert "✗ Vic is not under the duty to notify" in out
    assert "the age of Vic is at least 18 — the age of Vic is 17" in out


def test_explain_bad_case_names_the_line(capsys, tmp_path):
    case = tmp_path / "bad.case"
    case.write_text("Alice is a teacher\nAlice is a techer\n", encoding="utf-8")
    assert main(["explain", "--act", "enacted", str(case)]) == 1
    err = capsys.readouterr().err
    assert f"{case}:2:1" in err and "'{person} is a teacher'" in err


def test_explain_missing_case_file(capsys):
    assert main(["explain", "--act", "enacted", "no/such.case"]) == 2


EXAMPLES = Path(__file__).parent.parent / "examples" / "cases"


def test_every_example_case_runs_and_says_what_the_examples_readme_says(capsys):
    expected = {
        "head_teacher_deters.case": "Harry: commits preventing_or_deterring",
        "volunteer_aged_17.case": "Vic: under no duty",
        "delay_to_protect_the_child.case": "Alice: excused from duty_to_notify regarding Bella "
                                           "(by delay_where_child_at_risk)",
        "grooming_gang.case": "aggravated by grooming_aggravating_factor",
        "teenagers.json": "(by consensual_activity_between_children)",
        "dated_notification.case": "Alice: under duty_to_notify regarding Bella (complied late)",
    }
    assert sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".case", ".json")) == sorted(expected)
    for name, phrase in expected.items():
        assert main(["explain", "--act", "enacted", str(EXAMPLES / name)]) == 0
        assert phrase in capsys.readouterr().out, name


def test_the_examples_readme_says_which_cases_the_announced_act_can_read(capsys):
    """Three example cases use only the announcement's facts; the delay and the teenagers do not."""
    enacted_only = {"delay_to_protect_the_child.case", "teenagers.json", "dated_notification.case"}
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix not in (".case", ".json"):
            continue
        code = main(["explain", "--act", "announced", str(path)])
        err = capsys.readouterr().err
        if path.name in enacted_only:
            assert code == 1 and "C001" in err, path.name
        else:
            assert code == 0 and err == "", path.name


def test_why_not_without_a_party_says_no_one_and_shows_the_nearest_miss_first(capsys):
    """Vic (17) fails on his age alone when {child} is Bella; {child} = Vic fails on more, so comes later."""
    assert main(["explain", "--act", "enacted", str(EXAMPLES / "volunteer_aged_17.case"),
                 "--why-not", "duty_to_notify"]) == 0
    out = capsys.readouterr().out
    assert "✗ no one in the case is under the duty to notify" in out and "anyone in the case" not in out
    tried = [line.strip() for line in out.splitlines() if line.strip().startswith("✗ not for {person}")]
    assert tried[0] == "✗ not for {person} = Vic, {child} = Bella"
