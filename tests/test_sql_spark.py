"""The same compiled plan on Apache Spark (local mode) gives DuckDB's outcomes on the same cases.

Kept few and small: a Spark session costs seconds to start and each of the plan's
relations is a Spark job. A Java runtime is needed; .ci/run installs one when `java` is
missing, so on CI (CI=true) its absence fails rather than skips.
"""

from __future__ import annotations

import collections
import csv
import os
import shutil
from pathlib import Path

import pytest

import statute
from statute.cli import main
from statute.sql import duck, synthetic
from statute.sql import rows as R
from statute.sql.compile import compile_act
from statute.sql.source import width

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

if shutil.which("java") is None and os.environ.get("CI") != "true":
    pytest.skip("Spark needs a Java runtime (.ci/run installs one on CI)", allow_module_level=True)


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("STATUTE_SPARK_PARTITIONS", "2")
    from statute.sql import spark as engine

    session = engine.session("local[2]")
    yield session
    session.stop()


@pytest.mark.parametrize("name", ["enacted", str(ROOT / "tests" / "acts" / "quiet_hours.law")],
                         ids=lambda n: Path(n).stem)
def test_spark_agrees_with_duckdb_and_the_evaluator(spark, name):
    from statute.sql import spark as engine

    act = statute.load(name)
    plan = compile_act(act)
    w = width(plan)
    ids, facts, expected = [], [], []
    cases = list(synthetic.cases([act], 30, seed=5))
    name_with_backslash = "O'Neil \\ Co"  # a literal Spark must escape differently from DuckDB
    for case_id, case in cases:
        renamed = {k: frozenset(tuple(name_with_backslash if p == "Alice" else p for p in args) for args in rows)
                   for k, rows in case.facts.items()}
        numbers = {k: {tuple(name_with_backslash if p == "Alice" else p for p in args): v for args, v in rows.items()}
                   for k, rows in case.numbers.items()}
        case = statute.case.Case(renamed, numbers, tuple(name_with_backslash if p == "Alice" else p
                                                          for p in case.parties))
        ids.append(case_id)
        facts += R.long_facts(case_id, case, w)
        expected += R.from_assessment(case_id, act.evaluate(case))
    con = duck.connect()
    duck.load_long(con, ids, facts, w)
    on_duckdb = collections.Counter(R.from_sql(duck.outcomes(con, plan)))
    engine.load_long(spark, ids, facts, w)
    on_spark = collections.Counter(R.from_sql(engine.outcomes(spark, plan)))
    assert sum(on_spark.values()) > 10
    assert on_spark == on_duckdb == collections.Counter(expected)


def test_batch_with_engine_spark_writes_the_duckdb_outcomes(spark, tmp_path, capsys):
    import duckdb

    table = tmp_path / "cases.csv"
    with table.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(TABLE)
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    common = ["batch", "enacted", str(table), "-m", str(tmp_path / "map.toml"), "--no-progress"]
    assert main([*common, "-o", str(tmp_path / "duck.parquet")]) == 0
    assert main([*common, "-o", str(tmp_path / "spark.parquet"), "--engine", "spark", "--master", "local[2]"]) == 0
    assert "2 cases," in capsys.readouterr().out
    query = "SELECT case_id, provision, status, party, binding FROM read_parquet('{}') ORDER BY ALL"
    assert duckdb.sql(query.format(tmp_path / "duck.parquet")).fetchall() == \
        duckdb.sql(query.format(str(tmp_path / "spark.parquet") + "/*.parquet")).fetchall()


def test_a_malformed_table_is_reported_by_row_and_column_on_spark_too(spark, tmp_path, capsys):
    rows = [list(r) for r in TABLE]
    rows[3][4] = "forty"
    table = tmp_path / "cases.csv"
    with table.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    out = tmp_path / "spark.parquet"
    assert main(["batch", "enacted", str(table), "-m", str(tmp_path / "map.toml"), "-o", str(out),
                 "--engine", "spark", "--master", "local[2]"]) == 1
    err = capsys.readouterr().err
    assert "row 3, column 'age': 'forty' — not a number" in err and "nothing was written" in err
    assert not out.exists()
