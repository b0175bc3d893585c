"""statute batch and statute impact: a case table and its mapping in, outcomes and a summary out.

A malformed table gets a message naming the row and the column, and nothing is written;
the impact summary of two toy versions over a small caseload is checked against answers
worked out by hand.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from statute.cli import main

ROOT = Path(__file__).resolve().parent.parent

MAPPING = '''case = "case_id"
party = "name"

[columns]
teacher = "{person} is a teacher"
england = "{person} works in England"
age = "the age of {person}"
told_by = { phrase = "{child} tells {person} about a child sex offence", slots = { child = "told_by" } }
notified = { phrase = "{person} notifies the police about {child}", slots = { child = "notified" } }
'''

TABLE = [
    ["case_id", "name", "teacher", "england", "age", "told_by", "notified"],
    ["1", "Alice", "yes", "yes", "35", "Bella", ""],
    ["1", "Bella", "no", "no", "12", "", ""],
    ["2", "Carol", "true", "true", "40", "Dev", "Dev"],
    ["2", "Dev", "", "", "9", "", ""],
]


def write(tmp_path: Path, rows: list[list[str]], mapping: str = MAPPING) -> tuple[Path, Path]:
    table = tmp_path / "cases.csv"
    with table.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    (tmp_path / "map.toml").write_text(mapping, encoding="utf-8")
    return table, tmp_path / "map.toml"


def outcomes(path: Path) -> set[tuple[str, str, str, str]]:
    rows = duckdb.sql(f"SELECT case_id, provision, status, party FROM read_parquet('{path}')").fetchall()
    return {tuple(map(str, row)) for row in rows}


#: TABLE's cases as case files, for the evaluator.
CASES = {
    "1": """Alice is a teacher
Alice works in England
the age of Alice is 35
Bella tells Alice about a child sex offence
the age of Bella is 12""",
    "2": """Carol is a teacher
Carol works in England
the age of Carol is 40
Dev tells Carol about a child sex offence
Carol notifies the police about Dev
the age of Dev is 9""",
}


def evaluated() -> set[tuple[str, str, str, str]]:
    import statute

    act = statute.load("enacted")
    return {(case_id, o.provision, str(o.status), str(o.party)) for case_id, text in CASES.items()
            for o in act.evaluate(text).outcomes}


def test_batch_writes_every_outcome_the_evaluator_gives(tmp_path, capsys):
    table, mapping = write(tmp_path, TABLE)
    out = tmp_path / "out.parquet"
    assert main(["batch", "enacted", str(table), "-m", str(mapping), "-o", str(out), "--no-progress"]) == 0
    expected = evaluated()
    assert f"2 cases, {len(expected)} outcomes" in capsys.readouterr().out
    assert outcomes(out) == expected and any(row[2] == "breached" for row in expected)


@pytest.mark.parametrize("suffix", [".csv", ".duckdb"])
def test_batch_writes_csv_and_duckdb_and_reads_jsonl_and_parquet(tmp_path, suffix):
    table, mapping = write(tmp_path, TABLE)
    parquet = tmp_path / "cases.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{table}', all_varchar=true)) TO '{parquet}'")
    jsonl = tmp_path / "cases.jsonl"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{table}', all_varchar=true)) TO '{jsonl}' (FORMAT json)")
    for source in (parquet, jsonl):
        out = tmp_path / f"out-{source.suffix[1:]}{suffix}"
        assert main(["batch", "enacted", str(source), "-m", str(mapping), "-o", str(out), "--no-progress"]) == 0
        if suffix == ".csv":
            rows = list(csv.DictReader(out.open(encoding="utf-8")))
        else:
            con = duckdb.connect(str(out), read_only=True)
            names = [d[0] for d in con.execute("SELECT * FROM outcomes").description]
            rows = [dict(zip(names, r, strict=True)) for r in con.execute("SELECT * FROM outcomes").fetchall()]
        assert len(rows) == len(evaluated())
        assert {json.loads(r["binding"])["person"] for r in rows} == {"Alice", "Carol"}


def test_batch_in_several_chunks_gives_the_same_outcomes(tmp_path):
    table, mapping = write(tmp_path, TABLE)
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    assert main(["batch", "enacted", str(table), "-m", str(mapping), "-o", str(one), "--no-progress"]) == 0
    assert main(["batch", "enacted", str(table), "-m", str(mapping), "-o", str(two), "--chunk", "1",
                 "--no-progress"]) == 0
    assert outcomes(one) == outcomes(two)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda rows: [r[:4] + r[5:] for r in rows], "the table has no column 'age' (the mapping names it at"),
    (lambda rows: rows[:2] + [["2", "Carol", "true", "true", "forty", "Dev", "Dev"]],
     "row 2, column 'age': 'forty' — not a number"),
    (lambda rows: rows[:2] + [["2", "Carol", "maybe", "true", "40", "Dev", "Dev"]],
     "row 2, column 'teacher': 'maybe' — not true or false"),
    (lambda rows: rows[:3] + [["2", "  ", "", "", "9", "", ""]], "row 3, column 'name': '  ' — an empty party name"),
    (lambda rows: rows[:1] + [["1", "Alice", "yes", "yes", "35", " ", ""]],
     "row 1, column 'told_by': ' ' — an empty party name"),
    (lambda rows: rows[:1] + [["1", 'A"b', "yes", "yes", "35", "", ""]], "row 1, column 'name': the party name"),
])
def test_a_malformed_table_names_the_row_and_column_and_writes_nothing(tmp_path, capsys, change, expected):
    table, mapping = write(tmp_path, change([list(r) for r in TABLE]))
    out = tmp_path / "out.parquet"
    assert main(["batch", "enacted", str(table), "-m", str(mapping), "-o", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert expected in err and "nothing was written" in err and "Traceback" not in err
    assert {p.name for p in tmp_path.iterdir()} == {"cases.csv", "map.toml"}  # no output, no temporary file


def test_an_unknown_phrase_in_the_mapping_names_its_line_and_the_nearest_phrase(tmp_path, capsys):
    table, mapping = write(tmp_path, TABLE, MAPPING.replace("is a teacher", "is a teachr"))
    out = tmp_path / "out.parquet"
    assert main(["batch", "enacted", str(table), "-m", str(mapping), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{mapping}:5:1: error[B001]: column 'teacher': no phrase \"{{person}} is a teachr\"" in err
    assert 'did you mean "{person} is a teacher"?' in err and not out.exists()


def test_batch_refuses_to_write_over_its_input(tmp_path, capsys):
    table, mapping = write(tmp_path, TABLE)
    assert main(["batch", "enacted", str(table), "-m", str(mapping), "-o", str(table)]) == 2
    assert "refusing to write over an input file" in capsys.readouterr().err


OLD = '''act "Breach Act (toy)":
    version "old"

terms:
    "{c} is a data controller"
    "{c} notifies the commissioner"
    "{c} is a public body"

section 1 "Notify":
    duty notify (1):
        holder {c}
        when "{c} is a data controller"
        must "{c} notifies the commissioner"
'''

NEW = OLD.replace('version "old"', 'version "new"') + '''
    exception public_bodies (2) to notify:
        when "{c} is a public body"

    consequence censure (3):
        faced by {c}
        when {c} breaches notify
'''

TOY_MAPPING = '''case = "case"
party = "who"

[columns]
controller = "{c} is a data controller"
notified = "{c} notifies the commissioner"
public = "{c} is a public body"
'''


def test_impact_summary_on_a_small_caseload_with_known_answers(tmp_path, capsys):
    """Four cases: a controller who notified (no change), one who did not (now censured), a public body
    that did not notify (no longer under the duty: it loses the duty and the breach), and no controller."""
    (tmp_path / "old.law").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.law").write_text(NEW, encoding="utf-8")
    table, mapping = write(tmp_path, [["case", "who", "controller", "notified", "public"],
                                      ["k1", "Ann", "yes", "yes", "no"],
                                      ["k2", "Bo", "yes", "no", "no"],
                                      ["k3", "Cy", "yes", "no", "yes"],
                                      ["k4", "Di", "no", "no", "no"]], TOY_MAPPING)
    args = ["impact", str(tmp_path / "old.law"), str(tmp_path / "new.law"), str(table), "-m", str(mapping),
            "--no-progress"]
    assert main([*args, "--json", "--chart", str(tmp_path / "impact.svg")]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["cases"] == 4 and summary["cases_changed"] == 2
    provisions = {p["provision"]: p for p in summary["provisions"]}
    assert provisions["notify"]["losses"] == {"duty": 1, "breach": 1} and provisions["notify"]["gains"] == {}
    assert provisions["notify"]["examples"] == {"duty lost": ["k3"], "breach lost": ["k3"]}
    assert provisions["censure"]["gains"] == {"consequence": 1}
    assert provisions["censure"]["examples"] == {"consequence gained": ["k2"]}
    transitions = {(t["provision"], t["from"], t["to"]): (t["cases"], t["examples"]) for t in summary["transitions"]}
    assert transitions == {("notify", "breached", "excused"): (1, ["k3"]),
                           ("public_bodies", "does not apply", "applies"): (1, ["k3"]),
                           ("censure", "does not apply", "follows"): (1, ["k2"])}
    svg = (tmp_path / "impact.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "censure · consequence" in svg
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "over 4 cases: 2 cases change" in text and "notify: breached → excused: 1 case (e.g. k3)" in text


def test_impact_of_the_bundled_acts_over_generated_cases(capsys):
    assert main(["impact", "announced", "enacted", "--generate", "300", "--no-progress", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    labels = {p["provision"] for p in summary["provisions"]}
    assert "duty_to_report → duty_to_notify" in labels and summary["cases"] == 300
    # the enacted Act has no failing-to-report offence: every case that had it loses it
    failing = next(p for p in summary["provisions"] if p["provision"] == "failing_to_report")
    assert failing["gains"] == {} and failing["losses"]["offence"] > 0
