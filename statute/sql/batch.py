"""``statute batch`` on DuckDB: a case table in, every outcome out, in chunks of cases.

The table is read once into a disk-backed DuckDB database in a temporary folder (so a
caseload larger than memory spills to disk rather than failing), checked whole — a
problem anywhere stops the run before anything is written — and then evaluated a chunk
of cases at a time (cases are split by a hash of their id), each chunk's outcomes
appended to a result table. The output file is written from that table at the end, to a
temporary name renamed into place: a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlglot import exp

from statute.diagnostics import Diagnostic, Severity
from statute.sql import ast as q
from statute.sql import duck
from statute.sql.compile import Plan
from statute.sql.engine import create
from statute.sql.table import ROW, Mapping, TableError, cases_select, facts_select, validate

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet",
           ".jsonl": "json", ".ndjson": "json", ".json": "json", ".duckdb": "duckdb", ".db": "duckdb"}
OUTPUTS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".duckdb": "duckdb", ".db": "duckdb"}
CHUNK = "__statute_chunk"


@dataclass
class Result:
    cases: int
    outcomes: int
    chunks: int
    seconds: float


def _run(con: Any, node: exp.Expression) -> list[tuple[Any, ...]]:
    """Execute a statement and read its result whole (DuckDB wants one result open at a time)."""
    return con.execute(node.sql(dialect="duckdb")).fetchall()


def table_format(path: str) -> str | None:
    return FORMATS.get(Path(path).suffix.casefold())


@contextlib.contextmanager
def workspace(memory_limit: str | None = None, threads: int | None = None) -> Iterator[Any]:
    """A DuckDB connection whose database and spill files live in a temporary folder."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="statute-batch-") as folder:
        config: dict[str, Any] = {"temp_directory": str(Path(folder) / "spill")}
        if memory_limit:
            config["memory_limit"] = memory_limit
        if threads:
            config["threads"] = threads
        con = duckdb.connect(str(Path(folder) / "work.duckdb"), config=config)
        try:
            yield con
        finally:
            con.close()


def load_table(con: Any, path: str, table: str | None = None) -> list[str]:
    """Read the case table into ``input_raw`` (with a row number); return its columns."""
    kind = table_format(path)
    if not Path(path).exists():
        raise TableError([Diagnostic(Severity.ERROR, "B000", "no such file", path)])
    if kind == "csv":
        relation = con.read_csv(path, header=True, all_varchar=True,
                                sep="\t" if path.casefold().endswith(".tsv") else ",")
    elif kind == "parquet":
        relation = con.read_parquet(path)
    elif kind == "json":
        relation = con.read_json(path, format="newline_delimited")
    elif kind == "duckdb":
        attach = exp.Attach(this=exp.Alias(this=q.text(path), alias=q.ident("statute_source")), exists=False,
                            expressions=[exp.AttachOption(this=exp.Var(this="READ_ONLY"))])
        _run(con, attach)
        name = table or "cases"
        found = con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = ?",
                            ["statute_source"]).fetchall()
        names = [row[0] for row in found]
        if name not in names:
            raise TableError([Diagnostic(Severity.ERROR, "B002", f"the database has no table '{name}'", path,
                                         hint=f"its tables: {', '.join(names) or 'none'}; choose one with --table")])
        relation = con.table(f"statute_source.{q.ident(name).sql(dialect='duckdb')}")
    else:
        raise TableError([Diagnostic(Severity.ERROR, "B000", "cannot tell the table's format from its name", path,
                                     hint="use .csv, .tsv, .parquet, .jsonl or .duckdb")])
    relation.create_view("input_file")
    numbered = exp.select(q.alias(exp.Window(this=exp.RowNumber()), ROW), exp.Star()).from_(q.table("input_file"))
    _run(con, create("input_raw", numbered, temporary=False))
    return [c for c in relation.columns]


def fetcher(con: Any) -> Callable[[exp.Select], list[tuple[Any, ...]]]:
    return lambda select: con.execute(select.sql(dialect="duckdb")).fetchall()


def prepare_inputs(con: Any, mapping: Mapping, plans: list[Plan], chunk_size: int) -> tuple[int, int]:
    """Check the table, then build ``facts_all`` and ``cases_all`` with a chunk number; (cases, chunks)."""
    from statute.sql.source import width as plan_width

    width = max(plan_width(*plans), 0)
    known = {key for plan in plans for key in [*plan.facts, *plan.numbers]}
    cases = cases_select(mapping)
    chunks_of = exp.select(exp.Count(this=exp.Star())).from_(q.sub(cases, "c"))
    total = int(_run(con, chunks_of)[0][0])
    chunks = max(1, math.ceil(total / max(chunk_size, 1)))

    def chunked(select: exp.Select) -> exp.Select:
        alias = "x"
        hashed = exp.Mod(this=exp.Anonymous(this="hash", expressions=[q.col("case_id", alias)]),
                         expression=exp.Literal.number(chunks))
        return exp.select(exp.Star(), q.alias(hashed, CHUNK)).from_(q.sub(select, alias))

    _run(con, create("cases_all", chunked(cases), temporary=False))
    facts = facts_select(mapping, known, width)
    if facts is None:
        columns = [q.alias(exp.cast(exp.Null(), "text"), "case_id"), q.alias(exp.cast(exp.Null(), "text"), "phrase")]
        columns += [q.alias(exp.cast(exp.Null(), "text"), f"a{i}") for i in range(width)]
        columns.append(q.alias(exp.cast(exp.Null(), "double"), "value"))
        facts = exp.select(*columns).where(exp.false())
    _run(con, create("facts_all", chunked(facts), temporary=False))
    return total, chunks


def select_chunk(con: Any, chunk: int) -> None:
    for name, source in (("input_cases", "cases_all"), ("input_facts", "facts_all")):
        select = exp.select(exp.Star(except_=[q.col(CHUNK)])).from_(q.table(source)).where(
            q.eq(q.col(CHUNK), exp.Literal.number(chunk)))
        _run(con, create(name, select, temporary=False))


def evaluate_chunks(con: Any, plans: list[tuple[Plan, str]], chunks: int,
                    progress: Callable[[int], None] | None = None) -> None:
    """Run every plan over every chunk, appending to ``<prefix>result``."""
    for chunk in range(chunks):
        select_chunk(con, chunk)
        for plan, prefix in plans:
            query = duck.prepare(con, plan, prefix)
            target = exp.Table(this=q.ident(prefix + "result"))
            if chunk == 0:
                _run(con, create(prefix + "result", query, temporary=False))
            else:
                _run(con, exp.Insert(this=target, expression=query))
        if progress is not None:
            progress(chunk + 1)


def progress_bar(total_chunks: int, cases: int, stream: Any = None) -> Callable[[int], None] | None:
    """A one-line progress bar on stderr, for a terminal and more than one chunk."""
    stream = stream or sys.stderr
    if total_chunks < 2 or not getattr(stream, "isatty", lambda: False)():
        return None
    start = time.perf_counter()

    def show(done: int) -> None:
        width = 30
        filled = round(width * done / total_chunks)
        seconds = time.perf_counter() - start
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total_chunks} chunks of "
                     f"{cases:,} cases, {seconds:.0f} s")
        if done == total_chunks:
            stream.write("\n")
        stream.flush()

    return show


def write_output(con: Any, table: str, path: str, out_table: str = "outcomes") -> None:
    """Write a result table to Parquet, CSV or a DuckDB database, whole or not at all."""
    kind = OUTPUTS.get(Path(path).suffix.casefold())
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    ordered = exp.select(exp.Star()).from_(q.table(table)).order_by(q.col("case_id"), q.col("provision"),
                                                                   q.col("binding"))
    if kind == "duckdb":
        attach = exp.Attach(this=exp.Alias(this=q.text(path), alias=q.ident("statute_out")), exists=False)
        _run(con, attach)
        try:
            con.execute("BEGIN TRANSACTION").fetchall()
            destination = exp.Table(this=q.ident(out_table), db=q.ident("statute_out"))
            _run(con, exp.Create(this=destination, kind="TABLE", expression=ordered, replace=True))
            con.execute("COMMIT").fetchall()
        except BaseException:
            con.execute("ROLLBACK").fetchall()
            raise
        finally:
            _run(con, exp.Detach(this=q.ident("statute_out")))
        return
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        relation = con.sql(ordered.sql(dialect="duckdb"))
        if kind == "parquet":
            relation.write_parquet(temporary)
        else:
            relation.write_csv(temporary, header=True)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def run_batch(plan: Plan, mapping: Mapping, table_path: str, output: str, table: str | None = None,
              chunk_size: int = 250_000, memory_limit: str | None = "2GB", out_table: str = "outcomes",
              show_progress: bool = True) -> Result:
    start = time.perf_counter()
    with workspace(memory_limit) as con:
        columns = load_table(con, table_path, table)
        validate(mapping, table_path, columns, fetcher(con))
        cases, chunks = prepare_inputs(con, mapping, [plan], chunk_size)
        evaluate_chunks(con, [(plan, "")], chunks, progress_bar(chunks, cases) if show_progress else None)
        outcomes = int(_run(con, exp.select(exp.Count(this=exp.Star())).from_(q.table("result")))[0][0])
        write_output(con, "result", output, out_table)
    return Result(cases, outcomes, chunks, time.perf_counter() - start)


def load_generated(con: Any, acts: list[Any], count: int, seed: int, chunk_size: int) -> tuple[int, int]:
    """A generated caseload (statute.sql.synthetic) as ``cases_all`` / ``facts_all``; (cases, chunks)."""
    from statute.sql.synthetic import generated_facts

    cases, facts, _ = generated_facts(acts, count, seed)
    chunks = max(1, math.ceil(count / max(chunk_size, 1)))

    def chunked(select: exp.Select) -> exp.Select:
        alias = "x"
        hashed = exp.Mod(this=exp.Anonymous(this="hash", expressions=[q.col("case_id", alias)]),
                         expression=exp.Literal.number(chunks))
        return exp.select(exp.Star(), q.alias(hashed, CHUNK)).from_(q.sub(select, alias))

    _run(con, create("cases_all", chunked(cases), temporary=False))
    _run(con, create("facts_all", chunked(facts), temporary=False))
    return count, chunks


def run_impact(old: Plan, new: Plan, mapping: Mapping | None, table_path: str | None, table: str | None = None,
               generate: int = 0, seed: int = 1, chunk_size: int = 250_000, memory_limit: str | None = "2GB",
               show_progress: bool = True) -> Any:
    """Both plans over the same cases (a table, or ``generate`` synthetic ones); the impact summary."""
    from statute.sql.impact import summarise

    with workspace(memory_limit) as con:
        if mapping is not None and table_path is not None:
            columns = load_table(con, table_path, table)
            validate(mapping, table_path, columns, fetcher(con))
            cases, chunks = prepare_inputs(con, mapping, [old, new], chunk_size)
        else:
            cases, chunks = load_generated(con, [old.act, new.act], generate, seed, chunk_size)
        evaluate_chunks(con, [(old, "old_"), (new, "new_")], chunks,
                        progress_bar(chunks, cases) if show_progress else None)
        return summarise(con, old.act, new.act, "old_result", "new_result", cases)
