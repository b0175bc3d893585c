"""``statute run``: the main job on the bundled Acts, one progress line per stage.

Stages are data (:data:`STAGES`); each is a function ``(context) -> bool``
returning False when it found errors. ``make run`` runs them all: check the
bundled Acts, summarise them, run the drafters' scenarios with provision
coverage, compare the Act as announced with the Act as enacted, and export the
obligation graphs — writing reports to ``--out`` (default ``out/``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from statute import model as m
from statute.commands.common import missing_extra, print_diagnostics, summary_line
from statute.diagnostics import has_errors
from statute.loader import Loaded, bundled_acts, load_path


def plural(word: str, count: int) -> str:
    if count == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


@dataclass
class RunContext:
    out: Path
    acts: dict[str, Loaded] = field(default_factory=dict)
    failed: bool = False


def _stage_check(ctx: RunContext) -> bool:
    ok = True
    for name in bundled_acts():
        loaded = load_path(name)
        ctx.acts[name] = loaded
        if loaded.diagnostics:
            print_diagnostics(loaded.diagnostics, sys.stdout)
        print(f"    {name}: {summary_line(loaded.diagnostics)}")
        ok = ok and not has_errors(loaded.diagnostics)
    return ok


def _stage_summary(ctx: RunContext) -> bool:
    for name, loaded in ctx.acts.items():
        act = loaded.act
        if act is None:
            continue
        counts: dict[str, int] = {}
        for provision in act.provisions:
            counts[str(provision.kind)] = counts.get(str(provision.kind), 0) + 1
        listed = ", ".join(f"{n} {plural(k, n)}" for k, n in sorted(counts.items()))
        print(f"    {name}: {act.title} ({act.version}) — {listed}")
        offences = [p for p in act.provisions if isinstance(p, m.Offence)]
        for offence in offences:
            from statute.render import penalties_text

            print(f"      offence {offence.id} [{act.cite(offence)}]: {penalties_text(offence)}")
    return True


def _stage_graphs(ctx: RunContext) -> bool:
    """Export each Act's obligation graph in every format to OUT/graph/."""
    from statute.commands.common import write_atomic
    from statute.graph.build import build_graph
    from statute.graph.export import FORMATS, SUFFIX, export

    folder = ctx.out / "graph"
    folder.mkdir(parents=True, exist_ok=True)
    for name, loaded in ctx.acts.items():
        if loaded.act is None:
            continue
        graph = build_graph(loaded.act)
        for fmt in FORMATS:
            write_atomic(folder / f"{name}{SUFFIX[fmt]}", export(graph, fmt))
        print(f"    {name}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges → "
              f"{folder}/{name}.{{{','.join(SUFFIX[f][1:] for f in FORMATS)}}}")
    return True


def _stage_diff(ctx: RunContext) -> bool:
    """What changed in meaning from the Act as announced to the Act as enacted (OUT/diff.txt)."""
    old, new = ctx.acts.get("announced"), ctx.acts.get("enacted")
    if old is None or new is None or old.act is None or new.act is None:
        print("    skipped: the announced and enacted Acts are needed")
        return True
    from statute.commands.common import write_atomic
    from statute.graph.diff import diff

    result = diff(old.act, new.act)
    ctx.out.mkdir(parents=True, exist_ok=True)
    text = result.render()
    write_atomic(ctx.out / "diff.txt", text)
    for line in text.splitlines():
        print(f"    {line}")
    print(f"    → {ctx.out / 'diff.txt'}")
    return True


def _stage_scenarios(ctx: RunContext) -> bool:
    """Run the drafters' scenarios (features/) with provision coverage (OUT/coverage.json)."""
    features = Path("features")
    if not features.is_dir():
        print("    skipped: no features/ folder here (run from the project's checkout)")
        return True
    missing = missing_extra("scenarios", "pytest", "pytest_bdd")
    if missing is not None:
        print(f"    cannot run the scenarios: {missing}")
        return False
    import pytest

    ctx.out.mkdir(parents=True, exist_ok=True)
    code = pytest.main([str(features), "-q", "--no-header", "-p", "no:cacheprovider",
                        "-W", "ignore::pytest.PytestAssertRewriteWarning",
                        "--statute-coverage", "--statute-coverage-json", str(ctx.out / "coverage.json")])
    print(f"    → {ctx.out / 'coverage.json'}")
    return code == pytest.ExitCode.OK


Stage = Callable[[RunContext], bool]
STAGES: list[tuple[str, Stage]] = [
    ("check the bundled Acts", _stage_check),
    ("summarise what each Act contains", _stage_summary),
    ("run the scenarios and measure provision coverage", _stage_scenarios),
    ("compare the Act as announced with the Act as enacted", _stage_diff),
    ("export the obligation graphs", _stage_graphs),
]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="the main job: check, test and summarise the bundled Acts")
    parser.add_argument("--out", default="out", help="folder for the reports and graph exports (default: out)")
    parser.set_defaults(run=run)


def out_problem(out: Path) -> str | None:
    """Why ``--out`` cannot take the reports: a file, or a folder of the inputs (the Acts, the scenarios)."""
    from statute.loader import bundled_dir

    if out.exists() and not out.is_dir():
        return f"{out} is a file; --out names a folder for the reports"
    resolved = out.resolve()
    for name, inputs in (("the bundled Acts", bundled_dir()), ("the scenarios", Path("features"))):
        folder = inputs.resolve()
        if resolved == folder or folder in resolved.parents:
            return f"{out} is inside the folder of {name} ({inputs}); the reports would be written among them"
    return None


def run(args: argparse.Namespace) -> int:
    ctx = RunContext(out=Path(args.out))
    problem = out_problem(ctx.out)
    if problem is not None:
        print(f"statute run: refusing --out {args.out}: {problem}\n  hint: give a new or empty folder, e.g. "
              "--out out", file=sys.stderr)
        return 2
    total = len(STAGES)
    for number, (title, stage) in enumerate(STAGES, start=1):
        started = time.perf_counter()
        print(f"[{number}/{total}] {title} …", flush=True)
        try:
            ok = stage(ctx)
        except (OSError, ValueError) as error:  # a report could not be written; nothing is left half-written
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            where = f" {error.filename}" if isinstance(error, OSError) and error.filename else ""
            print(f"statute run: cannot write{where}: {reason}", file=sys.stderr)
            return 2
        print(f"[{number}/{total}] {title}: {'ok' if ok else 'FAILED'} ({time.perf_counter() - started:.1f}s)",
              flush=True)
        ctx.failed = ctx.failed or not ok
    return 1 if ctx.failed else 0
