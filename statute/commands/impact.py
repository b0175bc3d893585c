"""``statute impact OLD NEW CASES``: what a new version of an Act changes over a caseload."""

from __future__ import annotations

import argparse
import sys

from statute.commands.batch import compile_or_report
from statute.commands.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    load_for_cli,
    missing_extra,
    output_problem,
    print_diagnostics,
    print_json,
    write_atomic,
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "impact", help="run two versions of an Act over the same cases and summarise what changes",
        description="Evaluate the same caseload under two versions of an Act (compiled to SQL, on DuckDB) and "
                    "count, per provision, the cases that gain or lose a duty, a breach, an offence or a "
                    "consequence, and each party's status transitions, with example case ids. Provisions are "
                    "paired as 'statute diff' pairs them. The cases come from a table and its mapping "
                    "(as for 'statute batch') or are generated (--generate N).")
    parser.add_argument("old", metavar="OLD", help="the earlier version: a bundled Act name, a .law file or a folder")
    parser.add_argument("new", metavar="NEW", help="the later version")
    parser.add_argument("cases", metavar="CASES", nargs="?", help="the case table (.csv, .parquet, .jsonl, .duckdb)")
    parser.add_argument("-m", "--mapping", metavar="MAPPING.toml", help="which phrase each column states")
    parser.add_argument("--table", help="the table to read from a .duckdb database (default: cases)")
    parser.add_argument("--generate", type=int, default=0, metavar="N",
                        help="instead of a table, N cases generated from the two Acts' phrases (seeded)")
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed (default 1)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--chart", metavar="FILE.svg", help="also write a bar chart of the gains and losses (SVG)")
    parser.add_argument("--chunk", type=int, default=250_000, metavar="N", help="cases evaluated at a time")
    parser.add_argument("--memory", default="2GB", help="DuckDB's memory limit; beyond it, it spills to disk")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    missing = missing_extra("sql", "sqlglot", "duckdb")
    if missing:
        print(f"statute: {missing}", file=sys.stderr)
        return EXIT_USAGE
    if (args.cases is None) == (args.generate <= 0):
        print("statute impact: give a case table (with --mapping) or --generate N, not both\n"
              "  hint: statute impact announced enacted --generate 10000", file=sys.stderr)
        return EXIT_USAGE
    if args.cases is not None and args.mapping is None:
        print("statute impact: a case table needs its --mapping file (docs/batch.md)", file=sys.stderr)
        return EXIT_USAGE
    if args.chart:
        problem = output_problem(args.chart, [p for p in (args.cases, args.mapping) if p])
        if problem is None and not args.chart.casefold().endswith(".svg"):
            problem = f"the chart is written as SVG: give a .svg file name, not {args.chart}"
        if problem is not None:
            print(f"statute: {problem}", file=sys.stderr)
            return EXIT_USAGE
    acts = []
    for name in (args.old, args.new):
        loaded, code = load_for_cli(name)
        if loaded.act is None or code:
            return code or EXIT_ERRORS
        acts.append(loaded.act)
    plans = [compile_or_report(act) for act in acts]
    if any(plan is None for plan in plans):
        return EXIT_ERRORS
    from statute.sql.batch import run_impact
    from statute.sql.table import TableError, read_mapping

    try:
        mapping = read_mapping(args.mapping, acts) if args.mapping else None
        impact = run_impact(plans[0], plans[1], mapping, args.cases, table=args.table,  # type: ignore[arg-type]
                            generate=args.generate, seed=args.seed, chunk_size=args.chunk, memory_limit=args.memory,
                            show_progress=not args.no_progress)
    except TableError as error:
        print_diagnostics(error.diagnostics)
        return EXIT_USAGE if any(d.code == "B000" for d in error.diagnostics) else EXIT_ERRORS
    if args.json:
        print_json(impact.to_json())
    else:
        sys.stdout.write(impact.render())
    if args.chart:
        try:
            write_atomic(args.chart, impact.svg(), [p for p in (args.cases, args.mapping) if p])
        except (OSError, ValueError) as error:
            print(f"statute: cannot write {args.chart}: {error}", file=sys.stderr)
            return EXIT_USAGE
    return EXIT_OK
