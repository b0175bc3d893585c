"""Paired A/B of the per-case time of two revisions of statute, interleaved in one run.

    python benchmarks/ab_revisions.py OLD_REV NEW_REV [--rounds 8] [--cases 300]

Each revision is exported with ``git archive`` into a temporary folder; then, ``rounds``
times, each is timed in a fresh subprocess (old, new, new, old, … so drift hits both
alike) on the same undated cases of the enacted Act (benchmarks/cases.py's worked-example
shape, generated once by the NEW tree and handed to both as sentences). Reported: each
side's median of per-round medians and their ratio NEW/OLD. Used for the time feature
(issue 14): an undated case must not get more than 10 % slower.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_TIMER = r"""
import gc, json, statistics, sys, time
import statute
from statute.evaluate import evaluator_for
from statute.case import case_from
act = statute.load("enacted")
cases = [case_from(act, sentences) for sentences in json.load(open(sys.argv[1]))]
evaluator = evaluator_for(act)
for case in cases[:20]:
    evaluator.evaluate(case)
medians = []
for _ in range(5):
    gc.collect()
    timings = []
    for case in cases:
        started = time.perf_counter()
        evaluator.evaluate(case)
        timings.append(time.perf_counter() - started)
    medians.append(statistics.median(timings))
print(min(medians) * 1e6)
"""


def export(revision: str, into: Path) -> Path:
    archive = into / f"{revision}.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), revision], check=True)
    tree = into / revision
    tree.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


def cases_file(tree: Path, count: int, into: Path) -> Path:
    program = ("import json, sys, statute\n"
               "from benchmarks.cases import realistic_cases\n"
               "act = statute.load('enacted')\n"
               f"cases = realistic_cases(act, {count})\n"
               "print(json.dumps([[f.text for f in c.stated] for c in cases]))\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                          cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)})
    path = into / "cases.json"
    path.write_text(done.stdout, encoding="utf-8")
    return path


def time_once(tree: Path, cases: Path) -> float:
    done = subprocess.run([sys.executable, "-c", _TIMER, str(cases)], capture_output=True, text=True, check=True,
                          cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)})
    return float(done.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        into = Path(folder)
        old, new = export(args.old, into), export(args.new, into)
        cases = cases_file(new, args.cases, into)
        timings: dict[str, list[float]] = {"old": [], "new": []}
        for index in range(args.rounds):
            order = [("old", old), ("new", new)] if index % 2 == 0 else [("new", new), ("old", old)]
            for name, tree in order:
                timings[name].append(time_once(tree, cases))
        old_median, new_median = statistics.median(timings["old"]), statistics.median(timings["new"])
        print(json.dumps({"old": args.old, "new": args.new, "cases": args.cases, "rounds": args.rounds,
                          "old_us": round(old_median, 2), "new_us": round(new_median, 2),
                          "ratio": round(new_median / old_median, 3),
                          "old_rounds": [round(t, 2) for t in timings["old"]],
                          "new_rounds": [round(t, 2) for t in timings["new"]]}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
