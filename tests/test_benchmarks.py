"""The benchmark scripts still run (never their timings: no timed assertions here)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import cases, generate, run
from statute import load
from statute.case import build_case
from statute.loader import load_sources
from statute.source import Source


def test_the_generated_book_is_deterministic_and_checks_clean() -> None:
    book = generate.generate(60, 3, seed=5)
    assert book == generate.generate(60, 3, seed=5)
    assert len(book) == 3 and sum(text.count("\n    definition ") for text in book.values()) == 12
    loaded = load_sources([Source(name, text) for name, text in book.items()], "book")
    assert loaded.ok and not loaded.diagnostics


def test_the_case_generators_give_cases_the_evaluator_reads() -> None:
    act = load("enacted")
    realistic = cases.realistic_cases(act, 5)
    assert len(realistic) == 5 and all(case.parties for case in realistic)
    assert cases.best_median_microseconds(act, realistic + [build_case([])[0]], repeat=1) > 0
    assert len(cases.random_cases(act, 3)) == 3


def test_the_scenario_generator_writes_scenarios_in_the_acts_words() -> None:
    text = run.scenario_feature(3, tagged=True)
    assert text.startswith("@act:enacted\nFeature:") and text.count("  Scenario:") == 3
    assert "Then Person0 " in text and "commits no offence" in text


def test_a_tiny_run_writes_every_row(tmp_path: Path, capsys) -> None:
    out = tmp_path / "bench.json"
    assert run.main(["--sizes", "100", "--skip-slow", "--repeat", "1", "--cases", "5", "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    names = [row["measurement"] for row in report["rows"]]
    assert any(name.startswith("parse→model→checks→graph") for name in names)
    assert any(name.startswith("incremental re-check") for name in names)
    assert any(name.startswith("median µs per case") for name in names)
    assert any(name.startswith("impact query") for name in names)
    assert all({"measurement", "value", "goal", "ratio", "met"} <= set(row) for row in report["rows"])
    assert "goals met" in capsys.readouterr().out
