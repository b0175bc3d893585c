"""`statute query ACT impact ID --coverage FILE` lists the scenarios a change touches."""

from __future__ import annotations

import json

from statute.cli import main


def _report(tmp_path):
    detail = [
        {"id": "duty_to_notify", "scenarios": ["features/a.feature::test_teacher"]},
        {"id": "no_limitation_period", "scenarios": ["features/b.feature::test_claim"]},
    ]
    report = {"schema": "statute.coverage/1",
              "acts": {"enacted": {"path": "statute/acts/enacted.law", "provisions_detail": detail}}}
    path = tmp_path / "coverage.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    return path


def test_impact_lists_the_scenarios_of_impacted_provisions(tmp_path, capsys):
    path = _report(tmp_path)
    assert main(["query", "enacted", "impact", "mandated_reporter", "--coverage", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenarios"] == ["features/a.feature::test_teacher"]


def test_unreadable_coverage_report_is_a_clean_error(tmp_path, capsys):
    assert main(["query", "enacted", "impact", "mandated_reporter", "--coverage", str(tmp_path / "no.json")]) == 2
    assert "cannot read the coverage report" in capsys.readouterr().err
