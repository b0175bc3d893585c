"""``statute batch ACT CASES -m MAPPING -o OUT``: a whole caseload through the Act's SQL plan."""

from __future__ import annotations

import argparse
import sys

from statute.commands.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    load_for_cli,
    missing_extra,
    output_problem,
    print_diagnostics,
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "batch", help="evaluate a table of cases (CSV, Parquet, JSON lines, DuckDB) through the Act compiled to SQL",
        description="Evaluate every case of a table against an Act: the Act is compiled to SQL and run on DuckDB "
                    "(or Spark), a chunk of cases at a time. The table has one row per party of a case; a TOML "
                    "mapping file says which phrase each column states (docs/batch.md). Every outcome is written "
                    "to OUT (.parquet, .csv or .duckdb), whole or not at all. A malformed table is reported by "
                    "row and column, and nothing is written.")
    add_table_arguments(parser)
    parser.add_argument("act", metavar="ACT", help="a bundled Act name, a .law file or a folder")
    parser.add_argument("cases", metavar="CASES", help="the case table: .csv, .tsv, .parquet, .jsonl or .duckdb")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="where the outcomes go: .parquet, .csv, or a .duckdb database (table --out-table)")
    parser.add_argument("--out-table", default="outcomes", help="the table written in a .duckdb output")
    parser.set_defaults(run=run)


def add_table_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-m", "--mapping", required=True, metavar="MAPPING.toml",
                        help="which phrase each column of the table states (docs/batch.md)")
    parser.add_argument("--table", help="the table to read from a .duckdb database (default: cases)")
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb",
                        help="where the SQL runs: DuckDB, embedded (default), or Apache Spark")
    parser.add_argument("--master", default=None,
                        help="with --engine spark: the Spark master URL (default: local[*]; docs/batch.md)")
    parser.add_argument("--chunk", type=int, default=250_000, metavar="N",
                        help="cases evaluated at a time (bounds memory; default 250,000)")
    parser.add_argument("--memory", default="2GB", help="DuckDB's memory limit; beyond it, it spills to disk")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def compile_or_report(act: object) -> object | None:
    from statute.sql.compile import NotCompilable, compile_act

    try:
        return compile_act(act)  # type: ignore[arg-type]
    except NotCompilable as error:
        print(f"statute: cannot compile this Act to SQL: {error}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    missing = missing_extra("spark" if args.engine == "spark" else "sql",
                            *(["sqlglot", "duckdb"] + (["pyspark"] if args.engine == "spark" else [])))
    if missing:
        print(f"statute: {missing}", file=sys.stderr)
        return EXIT_USAGE
    loaded, code = load_for_cli(args.act)
    if loaded.act is None or code:
        return code or EXIT_ERRORS
    problem = output_problem(args.output, [args.cases, args.mapping])
    if problem is not None:
        print(f"statute: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from statute.sql.compile import Plan
    from statute.sql.table import TableError, read_mapping

    plan = compile_or_report(loaded.act)
    if not isinstance(plan, Plan):
        return EXIT_ERRORS
    try:
        mapping = read_mapping(args.mapping, [loaded.act])
        if args.engine == "spark":
            from statute.sql.spark import run_batch as spark_batch

            result = spark_batch(plan, mapping, args.cases, args.output, master=args.master)
        else:
            from statute.sql.batch import run_batch

            result = run_batch(plan, mapping, args.cases, args.output, table=args.table, chunk_size=args.chunk,
                               memory_limit=args.memory, out_table=args.out_table,
                               show_progress=not args.no_progress)
    except TableError as error:
        print_diagnostics(error.diagnostics)
        print("statute: nothing was written", file=sys.stderr)
        return EXIT_USAGE if any(d.code == "B000" for d in error.diagnostics) else EXIT_ERRORS
    except OSError as error:
        print(f"statute: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    per_case = result.seconds / result.cases * 1e6 if result.cases else 0.0
    print(f"{result.cases:,} cases, {result.outcomes:,} outcomes → {args.output} "
          f"({result.seconds:.1f} s, {per_case:.1f} µs a case, {result.chunks} chunk{'s' * (result.chunks != 1)})")
    return EXIT_OK
