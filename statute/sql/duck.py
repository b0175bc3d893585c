"""DuckDB, the embedded default engine: a plan's relations as tables in dependency order.

Each relation is materialised once (the evaluator's strata: definitions, applicable
bindings, exceptions, statuses), so a relation that several later ones read is computed
once; DuckDB spills to its temporary directory beyond its memory limit.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

from sqlglot import exp

from statute.sql.compile import OUTCOME_COLUMNS, Plan
from statute.sql.engine import create, statements


def connect(memory_limit: str | None = None, temp_directory: str | None = None, threads: int | None = None) -> Any:
    import duckdb

    config: dict[str, Any] = {}
    if memory_limit:
        config["memory_limit"] = memory_limit
    if temp_directory:
        config["temp_directory"] = temp_directory
    if threads:
        config["threads"] = threads
    return duckdb.connect(":memory:", config=config)


def prepare(con: Any, plan: Plan, prefix: str = "", materialise: bool = True) -> exp.Select:
    """Define the plan's relations on the connection; return the outcomes query (not yet run)."""
    relations, outcomes = statements(plan, prefix)
    for name, select in relations:
        con.execute(create(name, select, "TABLE" if materialise else "VIEW").sql(dialect="duckdb")).fetchall()
    return outcomes


def outcomes(con: Any, plan: Plan, prefix: str = "") -> list[tuple[Any, ...]]:
    """Every outcome row (``OUTCOME_COLUMNS``) of the cases loaded on the connection."""
    query = prepare(con, plan, prefix)
    return con.execute(query.sql(dialect="duckdb")).fetchall()


def load_long(con: Any, cases: list[str], facts: list[tuple[Any, ...]], width: int) -> None:
    """Load ``input_cases`` and ``input_facts`` from Python rows (tests and benchmarks), through a
    temporary CSV file: DuckDB reads one at once where row-by-row inserts take a call each."""
    names = ["case_id", "phrase", *(f"a{i}" for i in range(width)), "value"]
    types = ["VARCHAR"] * (len(names) - 1) + ["DOUBLE"]
    with tempfile.TemporaryDirectory(prefix="statute-sql-") as folder:
        for name, header, kinds, rows in (("input_cases", ["case_id"], ["VARCHAR"], [(c,) for c in cases]),
                                          ("input_facts", names, types, facts)):
            path = Path(folder) / f"{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(header)
                writer.writerows(rows)
            relation = con.read_csv(str(path), header=True, dtype=dict(zip(header, kinds, strict=True)),
                                    null_padding=False)
            con.execute(exp.Drop(tables=[exp.Table(this=exp.to_identifier(name, quoted=True))], kind="TABLE",
                                 exists=True).sql(dialect="duckdb")).fetchall()
            relation.create(name)


__all__ = ["OUTCOME_COLUMNS", "connect", "load_long", "outcomes", "prepare"]
