"""Median microseconds per case evaluated in-process on a bundled Act.

    python benchmarks/cases.py [--act enacted] [--cases 300] [--repeat 5]

Cases are generated deterministically from the Act's own vocabulary (the same
seed gives the same cases), read once, then evaluated ``--repeat`` times each;
the figure is the median over every evaluation. Machines here are noisy, so
the script also prints the same figure for a trivial baseline (evaluating an
empty case) to read the result as a ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from statute import load
from statute.case import Case, CaseReader, build_case, read_case
from statute.evaluate import evaluator_for
from statute.model import Act, TermKind

ROLES = ["is a teacher", "is a social care worker", "is an NHS nurse", "is a childminder", "is a police constable",
         "is a shop assistant", "volunteers with children", "is a youth worker"]


def realistic_cases(act: Act, count: int, seed: int = 1) -> list[Case]:
    """Cases shaped like the worked examples: reporters, children, disclosures, deterrers.

    Sentences the Act does not declare are skipped, so the generator works for any Act
    that shares some of this vocabulary; for other Acts use :func:`random_cases`.
    """
    rng = random.Random(seed)
    reader = CaseReader(act)
    out = []
    for i in range(count):
        names = [f"P{i}x{k}" for k in range(rng.randint(2, 5))]
        lines = []
        for name in names[:2]:
            lines += [f"{name} {rng.choice(ROLES)}", f"{name} works in {rng.choice(['England', 'Wales'])}",
                      f"the age of {name} is {rng.randint(14, 60)}"]
        lines.append(f"{names[-1]} tells {names[0]} about a child sex offence")
        lines.append(f"the age of {names[-1]} is {rng.randint(5, 17)}")
        if rng.random() < 0.3:
            lines.append(f"{names[0]} notifies the police about {names[-1]}")
        if rng.random() < 0.3:
            lines.append(f"{names[1]} tries to deter {names[0]} from reporting abuse of {names[-1]}")
        if rng.random() < 0.2:
            lines.append(f"{names[1]} sexually assaults {names[-1]}")
            lines.append(f"{names[0]} groomed {names[-1]}")
        facts = [reader.read_sentence(line, None, "<bench>")[0] for line in lines]
        out.append(build_case([f for f in facts if f is not None])[0])
    return out


def random_cases(act: Act, count: int, seed: int = 1, facts: int = 12, parties: int = 4) -> list[Case]:
    """Cases of random facts over any Act's declared phrases."""
    rng = random.Random(seed)
    reader = CaseReader(act)
    names = [f"Q{k}" for k in range(parties)]
    out = []
    for _ in range(count):
        lines = []
        for term in rng.sample(list(act.terms), k=min(facts, len(act.terms))):
            text = term.text
            for slot in term.slots:
                text = text.replace("{" + slot + "}", rng.choice(names), 1)
            if term.kind is TermKind.NUMBER:
                text += f" is {rng.randint(1, 60)}"
            lines.append(text)
        case, _ = read_case(reader, "\n".join(dict.fromkeys(lines)))
        out.append(case)
    return out


def median_microseconds(act: Act, cases: list[Case], repeat: int = 5) -> float:
    evaluator = evaluator_for(act)
    for case in cases[:20]:  # warm up
        evaluator.evaluate(case)
    timings = []
    for _ in range(repeat):
        for case in cases:
            started = time.perf_counter()
            evaluator.evaluate(case)
            timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1e6


def best_median_microseconds(act: Act, cases: list[Case], repeat: int = 5) -> float:
    """The median µs per case of the fastest of ``repeat`` passes over all cases (for noisy machines)."""
    import gc

    evaluator = evaluator_for(act)
    for case in cases[:20]:  # warm up
        evaluator.evaluate(case)
    medians = []
    for _ in range(repeat):
        gc.collect()
        timings = []
        for case in cases:
            started = time.perf_counter()
            evaluator.evaluate(case)
            timings.append(time.perf_counter() - started)
        medians.append(statistics.median(timings))
    return min(medians) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--act", default="enacted")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    act = load(args.act)
    cases = realistic_cases(act, args.cases)
    empty = [build_case([])[0]] * len(cases)
    real = median_microseconds(act, cases, args.repeat)
    baseline = median_microseconds(act, empty, args.repeat)
    generic = median_microseconds(act, random_cases(act, args.cases), args.repeat)
    print(f"{args.act}: {args.cases} generated cases × {args.repeat}")
    print(f"  median per case, worked-example shape: {real:8.1f} µs")
    print(f"  median per case, random facts:         {generic:8.1f} µs")
    print(f"  median per case, empty case:           {baseline:8.1f} µs  (ratio {real / baseline:.1f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
