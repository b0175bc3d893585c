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
    parser.add_argument("--side-by-side", type=int, default=100_000, metavar="N",
                        help="cases for the one-rule comparison with plain Python and OpenFisca (0: skip)")
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
    if args.side_by_side:
        side_by_side(act, plan, args.side_by_side)
    if args.spark:
        seconds = spark_run(act, plan, args.spark)
        print(f"Spark local[2], {args.spark:,} cases: {seconds:.1f} s, {seconds / args.spark * 1e6:.0f} µs a case")


# ── the same rule side by side: one reporter and one child per case ─────────


def simple_cases(count: int, seed: int = 3) -> list[tuple[str, statute.case.Case]]:
    """Cases where a per-person encoding is exact (one possible child per reporter, no exception):
    the shape OpenFisca can express, so every engine computes the same duty on the same cases."""
    import random

    from benchmarks.peers.plain import ROLES

    rng = random.Random(seed)
    out = []
    for index in range(count):
        facts: dict[str, set[tuple[str, ...]]] = {}
        if rng.random() < 0.7:
            facts.setdefault(rng.choice(ROLES), set()).add(("R",))
        if rng.random() < 0.8:
            facts.setdefault("{} works in england", set()).add(("R",))
        if rng.random() < 0.6:
            facts.setdefault("{} tells {} about a child sex offence", set()).add(("C", "R"))
        if rng.random() < 0.5:
            facts.setdefault("{} notifies the police about {}", set()).add(("R", "C"))
        numbers = {"the age of {}": {("R",): float(rng.choice([17, 18, 40])), ("C",): 10.0}}
        out.append((f"s{index}", statute.case.Case({k: frozenset(v) for k, v in facts.items()}, numbers, ("R", "C"))))
    return out


def openfisca_inputs(cases: list[tuple[str, statute.case.Case]]) -> dict:
    from benchmarks.peers.plain import ROLES

    data: dict = {"cases": len(cases), "case": [], "age": [], "engaged": [], "england": [], "told": [], "notified": []}
    for index, (_, case) in enumerate(cases):
        for party in case.parties:
            data["case"].append(index)
            data["age"].append(case.numbers.get("the age of {}", {}).get((party,), -1.0))
            data["engaged"].append(any((party,) in case.facts.get(role, ()) for role in ROLES))
            data["england"].append((party,) in case.facts.get("{} works in england", ()))
            data["told"].append(any(args[1] == party for args in case.facts.get("{} tells {} about a child sex offence",
                                                                                 ())))
            data["notified"].append(any(args[0] == party for args in case.facts.get("{} notifies the police about {}",
                                                                                     ())))
    return data


def openfisca_run(data: dict) -> tuple[float, list[bool]] | None:
    """OpenFisca in this interpreter, or in STATUTE_OPENFISCA_PYTHON's (it pins its own numpy)."""
    import json
    import os
    import subprocess
    import tempfile

    try:
        from benchmarks.peers.openfisca_peer import run

        return run(data)
    except ImportError:
        python = os.environ.get("STATUTE_OPENFISCA_PYTHON")
        if not python:
            return None
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as stream:
        json.dump(data, stream)
    peer = Path(__file__).resolve().parent / "peers" / "openfisca_peer.py"
    done = subprocess.run([python, str(peer), stream.name], capture_output=True, text=True, check=True)
    os.unlink(stream.name)
    result = json.loads(done.stdout)
    return result["seconds"], result["breached"]


def side_by_side(act, plan, count: int) -> None:
    from benchmarks.peers.plain import duty_to_notify

    cases = simple_cases(count)
    expected = []
    start = time.perf_counter()
    for _, case in cases:
        assessment = act.evaluate(case)
        expected.append([p for p in case.parties if any(o.provision == "duty_to_notify" and o.party == p
                                                       and str(o.status) == "breached" for o in assessment.outcomes)])
    evaluator = time.perf_counter() - start
    start = time.perf_counter()
    plain = [duty_to_notify(case) for _, case in cases]
    plain_seconds = time.perf_counter() - start
    if [sorted({p for (p, _), s in found.items() if s == "breached"}) for found in plain] != expected:
        raise SystemExit("DISAGREEMENT: plain Python and the evaluator differ; no time reported")
    data = openfisca_inputs(cases)
    fisca = openfisca_run(data)
    if fisca is not None:
        flags = iter(fisca[1])
        found = [[p for p in case.parties if next(flags)] for _, case in cases]
        if found != expected:
            raise SystemExit("DISAGREEMENT: OpenFisca and the evaluator differ; no time reported")
    w = width(plan)
    con = duck.connect()
    ids, facts = [c for c, _ in cases], [row for c, case in cases for row in R.long_facts(c, case, w)]
    duck.load_long(con, ids, facts, w)
    start = time.perf_counter()
    rows = duck.outcomes(con, plan)
    sql_seconds = time.perf_counter() - start
    breached = collections.defaultdict(list)
    for row in rows:
        if row[1] == "duty_to_notify" and row[3] == "breached":
            breached[row[0]].append(row[4])
    if [sorted(breached.get(c, [])) for c in ids] != [sorted(e) for e in expected]:
        raise SystemExit("DISAGREEMENT: the DuckDB plan and the evaluator differ; no time reported")
    per = {name: seconds / count * 1e6 for name, seconds in
           (("evaluate", evaluator), ("plain", plain_seconds), ("duckdb", sql_seconds))}
    print(f"\nthe duty to notify, {count:,} cases of one reporter and one child (all four agree on every breach):")
    print(f"  statute evaluate(Case)     {per['evaluate']:8.2f} µs a case   (every provision)")
    print(f"  statute on DuckDB          {per['duckdb']:8.2f} µs a case   (every provision)  "
          f"{per['evaluate'] / per['duckdb']:.1f}× faster than evaluate")
    print(f"  plain Python               {per['plain']:8.2f} µs a case   (this duty only)")
    if fisca is not None:
        of = fisca[0] / count * 1e6
        print(f"  OpenFisca (vectorised)     {of:8.2f} µs a case   (this duty only, per person)  "
              f"DuckDB / OpenFisca = {per['duckdb'] / of:.1f}×")
    else:
        print("  OpenFisca: not installed (pip install openfisca-core, or STATUTE_OPENFISCA_PYTHON=…)")


if __name__ == "__main__":
    main()
