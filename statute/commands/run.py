"""``statute run``: the main job on the bundled Acts, one progress line per stage.

Stages are data (:data:`STAGES`); each is a function ``(context) -> bool``
returning False when it found errors. ``make run`` runs them all: check the
bundled Acts, summarise them, run the drafters' scenarios with provision
coverage, compare the Act as announced with the Act as enacted, and export the
obligation graphs — writing reports to ``--out`` (default ``out/``).

The reports are written to a staging folder beside ``--out`` (``.OUT.statute-PID-RANDOM.tmp``)
and moved into ``--out`` only when every stage has run: Ctrl-C (exit 130) or SIGTERM (143) at
any point leaves the previous reports as they were, and the staging folder is removed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import tempfile
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
    out: Path  # where the reports end up (and what the progress lines show)
    acts: dict[str, Loaded] = field(default_factory=dict)
    failed: bool = False
    staging: Path | None = None  # where the stages write them; moved into ``out`` at the end

    @property
    def folder(self) -> Path:
        return self.staging if self.staging is not None else self.out


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

    folder = ctx.folder / "graph"
    folder.mkdir(parents=True, exist_ok=True)
    for name, loaded in ctx.acts.items():
        if loaded.act is None:
            continue
        graph = build_graph(loaded.act)
        for fmt in FORMATS:
            write_atomic(folder / f"{name}{SUFFIX[fmt]}", export(graph, fmt))
        print(f"    {name}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges → "
              f"{ctx.out / 'graph'}/{name}.{{{','.join(SUFFIX[f][1:] for f in FORMATS)}}}")
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
    ctx.folder.mkdir(parents=True, exist_ok=True)
    text = result.render()
    write_atomic(ctx.folder / "diff.txt", text)
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

    ctx.folder.mkdir(parents=True, exist_ok=True)
    stopped: list[int] = []

    def _interrupt(signum: int, frame: object) -> None:
        """Remember the signal: pytest stops on KeyboardInterrupt, but swallows one raised inside some hooks."""
        stopped.append(signum)
        raise KeyboardInterrupt

    held = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, _interrupt) for s in held} if _main_thread() else {}
    try:
        code = pytest.main([str(features), "-q", "--no-header", "-p", "no:cacheprovider",
                            "-W", "ignore::pytest.PytestAssertRewriteWarning",
                            "--statute-coverage", "--statute-coverage-json", str(ctx.folder / "coverage.json")])
    except Exception:
        if not stopped:
            raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if stopped or code == pytest.ExitCode.INTERRUPTED:  # stop the run too, whatever pytest made of it
        from statute.files import Terminated

        raise Terminated() if signal.SIGTERM in stopped else KeyboardInterrupt
    print(f"    → {ctx.out / 'coverage.json'}")
    return code == pytest.ExitCode.OK


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


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


#: What ``statute run`` writes inside ``--out``: each is a file, but ``graph`` (a folder of files).
REPORTS = ("coverage.json", "diff.txt", "graph")


def out_problem(out: Path) -> str | None:
    """Why ``--out`` cannot take the reports — asked before any stage runs.

    A file; a folder of the inputs (the Acts, the scenarios) or of statute's own package or
    grammar; a report's place taken by something of the other kind (a file called ``graph``);
    or a parent that cannot be written.
    """
    from statute.files import own_folder
    from statute.loader import bundled_dir

    if out.exists() and not out.is_dir():
        return f"{out} is a file; --out names a folder for the reports"
    resolved = out.resolve()
    for name, inputs in (("the bundled Acts", bundled_dir()), ("the scenarios", Path("features"))):
        folder = inputs.resolve()
        if resolved == folder or folder in resolved.parents:
            return f"{out} is inside the folder of {name} ({inputs}); the reports would be written among them"
    own = own_folder(resolved)
    if own is not None:
        return f"{out} is inside statute's own files ({own}); the reports would be written among them"
    for report in REPORTS:
        place = out / report
        if place.exists() and place.is_dir() != (report == "graph"):
            kind = "a folder" if place.is_dir() else "a file"
            return f"cannot write {place}: it is {kind}, where the report {report!r} goes"
    parent = next((p for p in [resolved, *resolved.parents] if p.exists()), None)
    if parent is None or not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot write {out}: the folder {parent} cannot be written"
    return None


def _staging_folder(out: Path) -> Path:
    """A new, empty folder beside ``--out`` (the same file system, so the reports move by rename)."""
    from statute.files import remove_stale_temporaries

    resolved = out.resolve()
    parent = resolved.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(parent, resolved.name)  # a run killed with SIGKILL left its staging folder
    return Path(tempfile.mkdtemp(dir=parent, prefix=f".{resolved.name}.statute-{os.getpid()}-", suffix=".tmp"))


def _swap_in(staging: Path, out: Path) -> None:
    """Move every report from the staging folder into ``--out``, each by one rename.

    Ctrl-C and SIGTERM are held back while the reports move (a few renames), so ``--out`` never
    holds a mix of this run's reports and the last run's. Other files in ``--out`` are kept.
    """
    held = {signal.SIGINT, signal.SIGTERM}
    blocked = _main_thread() and hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for report in sorted(staging.rglob("*")):
            if report.is_dir():
                continue
            place = out / report.relative_to(staging)
            place.parent.mkdir(parents=True, exist_ok=True)
            os.replace(report, place)
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def run(args: argparse.Namespace) -> int:
    ctx = RunContext(out=Path(args.out))
    problem = out_problem(ctx.out)
    if problem is not None:
        print(f"statute run: refusing --out {args.out}: {problem}\n  hint: give a new or empty folder, e.g. "
              "--out out", file=sys.stderr)
        return 2
    try:
        ctx.staging = _staging_folder(ctx.out)
    except OSError as error:
        print(f"statute run: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return 2
    try:
        total = len(STAGES)
        for number, (title, stage) in enumerate(STAGES, start=1):
            started = time.perf_counter()
            print(f"[{number}/{total}] {title} …", flush=True)
            try:
                ok = stage(ctx)
            except (OSError, ValueError) as error:  # a report could not be written; nothing is left half-written
                return _cannot_write(error)
            print(f"[{number}/{total}] {title}: {'ok' if ok else 'FAILED'} ({time.perf_counter() - started:.1f}s)",
                  flush=True)
            ctx.failed = ctx.failed or not ok
        try:
            _swap_in(ctx.staging, ctx.out)
        except OSError as error:
            return _cannot_write(error)
    except BaseException as stop:  # Ctrl-C or SIGTERM: say so, and that nothing was changed
        if not isinstance(stop, Exception):
            print(f"statute run: interrupted; the reports in {ctx.out} are as they were", file=sys.stderr)
        raise
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(ctx.staging)
    return 1 if ctx.failed else 0


def _cannot_write(error: OSError | ValueError) -> int:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    where = f" {error.filename}" if isinstance(error, OSError) and error.filename else ""
    print(f"statute run: cannot write{where}: {reason}", file=sys.stderr)
    return 2
