"""What a case costs as its parties grow, and where statute stops: the figures in docs/evaluation.md "Bounds".

    python benchmarks/bounds.py [--parties 2,10,50,100,200] [--repeat 3]

Three shapes of case, against the Act as enacted:

* **sparse** — the worked examples' shape: reporters (a role, a place, an age), each told by one
  child, some deterred by a third party; about a third of the parties are reporters.
* **dense** — the worst shape the Act's vocabulary allows for its two-slot facts: every party is a
  teacher in England aged 35, every party tells every other about an offence (p² facts), and every
  party tries to deter its neighbour from reporting abuse of the next.
* **adversarial** — Acts written to defeat the evaluator's pruning: a provision with six free slots,
  and ``some`` nested over four slots whose body never holds. They must stop with the C008
  message, not run for hours.

For each: the median wall time to read, evaluate and explain the case (the first ``MAX_EXPLAINED``
outcomes, as ``statute explain`` does), the binding tests the evaluator counted (its budget is
``MAX_STEPS``), the outcomes, and the size of the JSON that ``statute explain --json`` would print.
Times are from this machine; the binding tests and sizes are exact and machine-independent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from statute import load, load_text
from statute.case import CaseReader, read_case
from statute.commands.explain import MAX_EXPLAINED
from statute.evaluate import MAX_STEPS, EvaluationTooLarge, Evaluator
from statute.explain import explain_outcome, to_json
from statute.files import json_text
from statute.model import Act, Kind


def sparse_case(parties: int) -> str:
    lines = []
    reporters = max(1, parties // 3)
    for r in range(reporters):
        child, other = f"C{r}", f"D{r}"
        lines += [f"R{r} is a teacher", f"R{r} works in England", f"the age of R{r} is {25 + r % 40}",
                  f"{child} tells R{r} about a child sex offence", f"the age of {child} is {4 + r % 12}"]
        if r % 2:
            lines.append(f"{other} tries to deter R{r} from reporting abuse of {child}")
        else:
            lines.append(f"R{r} notifies the police about {child}")
    names = {word for line in lines for word in line.split() if word[:1] in "RCD" and word[1:].isdigit()}
    extra = 0
    while len(names) < parties:
        name = f"X{extra}"
        names.add(name)
        lines.append(f"{name} is a shop assistant")
        extra += 1
    return "\n".join(_only(lines, parties)) + "\n"


def _only(lines: list[str], parties: int) -> list[str]:
    """Keep the lines whose parties are among the first ``parties`` named."""
    seen: dict[str, None] = {}
    out = []
    for line in lines:
        names = [w for w in line.split() if w[:1] in "RCDX" and w[1:].isdigit()]
        if all(n in seen or len(seen) < parties for n in names):
            for n in names:
                seen.setdefault(n, None)
            if all(n in seen for n in names):
                out.append(line)
    return out


def dense_case(parties: int) -> str:
    names = [f"P{i}" for i in range(parties)]
    lines = []
    for name in names:
        lines += [f"{name} is a teacher", f"{name} works in England", f"the age of {name} is 35"]
    for teller in names:
        lines += [f"{teller} tells {hearer} about a child sex offence" for hearer in names if hearer != teller]
    for i, name in enumerate(names):
        lines.append(f"{name} tries to deter {names[(i + 1) % parties]} from reporting abuse of "
                     f"{names[(i + 2) % parties]}")
    return "\n".join(lines) + "\n"


ADVERSARIAL_HEAD = '''act "Adversarial":
    source "benchmarks/bounds.py"
terms:
    "{p} is a teacher"
    "{p} knows {q}"
section 1:
'''
SIX_FREE_SLOTS = ADVERSARIAL_HEAD + '''    duty six (1):
        holder {a}
        when "{a} knows {b}" or "{c} knows {d}" or "{e} knows {f}" or "{b} knows {f}"
        must "{a} is a teacher"
'''
NESTED_SOME = ADVERSARIAL_HEAD + '''    duty nested (1):
        holder {a}
        when "{a} is a teacher" and (some {w}: some {x}: some {y}: some {z}:
            "{w} knows {x}" and "{y} knows {z}" and not "{a} is a teacher")
        must "{a} is a teacher"
'''


def adversarial_case(parties: int) -> str:
    names = [f"P{i}" for i in range(parties)]
    return "".join(f"{n} is a teacher\n{n} knows {names[(i + 1) % parties]}\n" for i, n in enumerate(names))


def measure(act: Act, text: str, repeat: int) -> dict[str, object]:
    """Median seconds to read, evaluate and explain (as ``statute explain`` does) a case."""
    reader = CaseReader(act)
    read_s, evaluate_s, explain_s = [], [], []
    steps, outcomes, size, stopped = 0, 0, 0, ""
    for _ in range(repeat):
        started = time.perf_counter()
        case, problems = read_case(reader, text)
        read_s.append(time.perf_counter() - started)
        if problems:
            return {"error": f"{problems[0].code}: {problems[0].message}", "seconds": read_s[-1]}
        started = time.perf_counter()
        phase = evaluate_s
        try:
            assessment = Evaluator(act).evaluate(case)  # a fresh evaluator: no memo carried between repeats
            evaluate_s.append(time.perf_counter() - started)
            steps, outcomes = assessment.run.steps, len(assessment.outcomes)
            phase = explain_s
            started = time.perf_counter()
            explained = [o for o in assessment.outcomes if o.kind is not Kind.AGGRAVATING_FACTOR][:MAX_EXPLAINED]
            trees = [to_json(explain_outcome(assessment.run, o.provision, o.binding))["explanation"]
                     for o in explained]
            explain_s.append(time.perf_counter() - started)
            size = len(json_text({**assessment.to_json(), "explanations": trees}).encode("utf-8"))
        except EvaluationTooLarge as error:
            phase.append(time.perf_counter() - started)  # the time it took to stop
            stopped = str(error)
    median = {name: statistics.median(values) if values else 0.0
              for name, values in (("read", read_s), ("evaluate", evaluate_s), ("explain", explain_s))}
    return {"parties": len(case.parties), "facts": len(case.stated), **median, "steps": steps, "outcomes": outcomes,
            "explanation_bytes": size, "stopped": stopped}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parties", default="2,10,50,100,200")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.parties.split(",")]
    enacted = load("enacted")
    shapes: list[tuple[str, Act, Callable[[int], str]]] = [
        ("sparse", enacted, sparse_case), ("dense", enacted, dense_case),
        ("6 free slots", load_text(SIX_FREE_SLOTS), adversarial_case),
        ("nested some ×4", load_text(NESTED_SOME), adversarial_case),
    ]
    print(f"MAX_STEPS = {MAX_STEPS:,} binding tests\n")
    print(f"{'shape':<15} {'parties':>7} {'facts':>7} {'read s':>7} {'eval s':>7} {'explain s':>9} "
          f"{'binding tests':>14} {'outcomes':>9} {'JSON bytes':>12}  stopped")
    for name, act, make in shapes:
        for count in counts:
            result = measure(act, make(count), args.repeat if count <= 50 else 1)
            if "error" in result:
                print(f"{name:<15} {count:>7} {'':>7} {result['seconds']:>7.2f}  {result['error']}")
                continue
            stopped = "C008: " + str(result["stopped"])[:60] if result["stopped"] else ""
            print(f"{name:<15} {result['parties']:>7} {result['facts']:>7,} {result['read']:>7.2f} "
                  f"{result['evaluate']:>7.2f} {result['explain']:>9.2f} {result['steps']:>14,} "
                  f"{result['outcomes']:>9,} {result['explanation_bytes']:>12,}  {stopped}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
