"""Caseloads at scale: the Act's SQL plan on DuckDB at 10^4, 10^5 and 10^6 cases, against peers.

    python benchmarks/batch.py [--act enacted] [--sizes 10000,100000,1000000] [--spark 10000]

Agreement first: before any time is reported, 400 seeded random cases go through the Python
evaluator and the DuckDB plan, and the run stops if a single outcome differs. Then, per size:

* **DuckDB** — the generated caseload (statute.sql.synthetic, inside DuckDB) is loaded once,
  then the whole plan runs (every provision, every outcome written to a table); µs a case, the
  growth from the previous size, and the process's peak resident memory;
* **plain Python** (benchmarks/peers/plain.py) — a hand-written function for the duty to notify
  alone, over the same kind of cases: the floor of one-case-at-a-time Python;
* **statute's evaluator** — ``evaluate(Case)`` one case at a time (first size only: it is slow);
* **Spark** in local mode (``--spark N``, off by default: it needs a Java runtime), the same plan.

Ratios are within this run (same machine, same moment): the README quotes them, never the
absolute times alone.
"""

from __future__ import annotations

import argparse
import collections
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import statute
from statute.sql import duck, synthetic
from statute.sql import rows as R
from statute.sql.compile import compile_act
from statute.sql.engine import create
from statute.sql.source import width


def agreement(act: statute.model.Act, plan, count: int = 400) -> int:
    w = width(plan)
    ids, facts, expected = [], [], []
    for case_id, case in synthetic.cases([act], count, seed=7):
        ids.append(case_id)
        facts += R.long_facts(case_id, case, w)
        expected += R.from_assessment(case_id, act.evaluate(case))
    con = duck.connect()
    duck.load_long(con, ids, facts, w)
    found = collections.Counter(R.from_sql(duck.outcomes(con, plan)))
    if found != collections.Counter(expected):
        raise SystemExit(f"DISAGREEMENT: the SQL plan and the evaluator differ on {count} cases; no time reported")
    return sum(found.values())


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def duckdb_run(act, plan, size: int, threads: int | None) -> tuple[float, int, float]:
    cases, facts, _ = synthetic.generated_facts([act], size, seed=1)
    con = duck.connect(threads=threads)
    con.execute(create("input_cases", cases, temporary=False).sql(dialect="duckdb")).fetchall()
    con.execute(create("input_facts", facts, temporary=False).sql(dialect="duckdb")).fetchall()
    start = time.perf_counter()
    query = duck.prepare(con, plan)
    con.execute(create("result", query, temporary=False).sql(dialect="duckdb")).fetchall()
    seconds = time.perf_counter() - start
    outcomes = con.execute("SELECT count(*) FROM result").fetchone()[0]
    con.close()
    return seconds, outcomes, peak_mb()


def evaluator_run(act, size: int) -> float:
    cases = [case for _, case in synthetic.cases([act], size, seed=1)]
    from statute.evaluate import evaluator_for

    evaluator = evaluator_for(act)
    start = time.perf_counter()
    for case in cases:
        evaluator.evaluate(case)
    return time.perf_counter() - start


def plain_run(act, size: int) -> float:
    from benchmarks.peers.plain import duty_to_notify

    cases = [case for _, case in synthetic.cases([act], size, seed=1)]
    for case in cases[:400]:  # the peer must agree before it is timed
        expected = {(dict(o.binding)["person"], dict(o.binding)["child"]): str(o.status)
                    for o in act.evaluate(case).outcomes if o.provision == "duty_to_notify"}
        if duty_to_notify(case) != expected:
            raise SystemExit("DISAGREEMENT: the plain-Python peer and the evaluator differ; no time reported")
    start = time.perf_counter()
    for case in cases:
        duty_to_notify(case)
    return time.perf_counter() - start


def spark_run(act, plan, size: int) -> float:
    from statute.sql import spark as engine

    cases, facts, _ = synthetic.generated_facts([act], size, seed=1)
    con = duck.connect()
    rows_cases = con.execute(cases.sql(dialect="duckdb")).fetchall()
    rows_facts = con.execute(facts.sql(dialect="duckdb")).fetchall()
    session = engine.session("local[2]")
    start = time.perf_counter()
    engine.load_long(session, [r[0] for r in rows_cases], rows_facts, width(plan))
    engine.prepare(session, plan).count()
    seconds = time.perf_counter() - start
    session.stop()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--act", default="enacted")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--spark", type=int, default=0, metavar="N", help="also Spark local mode on N cases")
    args = parser.parse_args()
    act = statute.load(args.act)
    plan = compile_act(act)
    outcomes = agreement(act, plan)
    print(f"agreement: the DuckDB plan and the evaluator give the same {outcomes} outcomes on 400 random cases")
    sizes = [int(s) for s in args.sizes.split(",")]
    first = sizes[0]
    evaluator = evaluator_run(act, min(first, 20_000))
    plain = plain_run(act, min(first, 20_000))
    per_evaluator = evaluator / min(first, 20_000) * 1e6
    per_plain = plain / min(first, 20_000) * 1e6
    print(f"statute evaluate(Case), one at a time: {per_evaluator:.1f} µs a case ({min(first, 20_000):,} cases)")
    print(f"plain Python, duty to notify only:     {per_plain:.2f} µs a case")
    previous = None
    print(f"{'cases':>10} {'seconds':>8} {'µs/case':>8} {'outcomes':>10} {'growth':>7} {'peak MB':>8} "
          f"{'vs evaluate':>11} {'vs plain':>9}")
    for size in sizes:
        seconds, count, peak = duckdb_run(act, plan, size, args.threads)
        per = seconds / size * 1e6
        growth = f"{seconds / previous[1] / (size / previous[0]):.2f}" if previous else "—"
        print(f"{size:>10,} {seconds:>8.2f} {per:>8.2f} {count:>10,} {growth:>7} {peak:>8.0f} "
              f"{per_evaluator / per:>10.1f}× {per_plain / per:>8.2f}×")
        previous = (size, seconds)
    if args.spark:
        seconds = spark_run(act, plan, args.spark)
        print(f"Spark local[2], {args.spark:,} cases: {seconds:.1f} s, {seconds / args.spark * 1e6:.0f} µs a case")


if __name__ == "__main__":
    main()
