"""The statute benchmark: every performance goal of the toolkit as one table.

    python benchmarks/run.py --quick            # under a minute: 1k and 10k provisions
    python benchmarks/run.py                    # the full run: 1k, 10k and 100k (several minutes)
    python benchmarks/run.py --json out.json    # also write the rows as JSON
    python benchmarks/run.py --sizes 100 --skip-slow --scenarios 10   # a smoke run (the test suite's)

Each row is printed as: measurement, value, goal, ratio, met. Where the goal is
a ratio, the ratio is against a control measured in the same run on the same
machine (machines here are noisy: times are the best of several repeats, or
medians of many), so the figures travel between machines better than seconds.
benchmarks/README.md says what each row means and what bounds a missed goal.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import graph_bench  # noqa: E402
from benchmarks.cases import best_median_microseconds, random_cases, realistic_cases  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from statute import load, loader  # noqa: E402
from statute.assemble import assemble  # noqa: E402
from statute.case import build_case  # noqa: E402
from statute.checks import check  # noqa: E402
from statute.diagnostics import has_errors  # noqa: E402
from statute.graph.build import build_graph  # noqa: E402
from statute.graph.queries import ObligationGraph  # noqa: E402
from statute.model import Act  # noqa: E402
from statute.parser import build_parser  # noqa: E402
from statute.source import Source  # noqa: E402

#: Provisions per file of a generated book (so 10k provisions are 100 files, as the incremental row wants).
PER_FILE = 100


@dataclass
class Row:
    measurement: str
    value: str
    goal: str = "—"
    ratio: float | None = None
    met: bool | None = None
    data: dict[str, object] = field(default_factory=dict)


class Table:
    def __init__(self, verbose: bool = True) -> None:
        self.rows: list[Row] = []
        self.verbose = verbose

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        if self.verbose:
            print(_format_row(row), flush=True)
        return row


def _format_row(row: Row) -> str:
    ratio = "" if row.ratio is None else f"{row.ratio:.2f}×"
    met = "" if row.met is None else ("yes" if row.met else "NO")
    return f"{row.measurement:<58} {row.value:<34} {row.goal:<9} {ratio:>7}  {met}"


def header() -> str:
    return f"{'measurement':<58} {'value':<34} {'goal':<9} {'ratio':>7}  met\n" + "─" * 118


def best(run: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds (a fresh collection before each)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _rss() -> int | None:
    """Resident memory in bytes (Linux), or None."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


# ── 1. parse → model → checks → graph against Lark's own parse ──────────────


def book_sources(provisions: int) -> list[Source]:
    book = generate(provisions, max(1, provisions // PER_FILE))
    return [Source(name, text) for name, text in book.items()]


def pipeline(sources: list[Source]) -> tuple[Act, object, dict[str, float]]:
    """One cold run of parse → model → assemble → checks → graph, timed per stage."""
    times: dict[str, float] = {}
    started = time.perf_counter()
    fragments = []
    for fragment, problems in loader.parse_sources(sources, cached=False):
        assert fragment is not None and not has_errors(problems), problems[:3]
        fragments.append(fragment)
    times["parse"] = time.perf_counter() - started
    started = time.perf_counter()
    act, problems = assemble(fragments)
    assert act is not None and not problems
    times["assemble"] = time.perf_counter() - started
    started = time.perf_counter()
    diagnostics = check(act)
    times["checks"] = time.perf_counter() - started
    assert not diagnostics, diagnostics[:3]
    started = time.perf_counter()
    graph = build_graph(act)
    times["graph"] = time.perf_counter() - started
    return act, graph, times


def measure_pipeline(table: Table, provisions: int, repeat: int) -> tuple[Act, object]:
    sources = book_sources(provisions)
    texts = [s.text if s.text.endswith("\n") else s.text + "\n" for s in sources]
    lark = build_parser()
    count = 0
    bare: list[float] = []
    stages: dict[str, list[float]] = {}
    act = graph = None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        for text in texts:
            lark.parse(text)
        bare.append(time.perf_counter() - started)
        act = graph = None
        gc.collect()
        act, graph, times = pipeline(sources)
        for stage, seconds in times.items():
            stages.setdefault(stage, []).append(seconds)
    assert act is not None
    count = len(act.provisions)
    lark_time = min(bare)
    # the best run of the whole pipeline, and that run's stages
    totals = [sum(stages[s][i] for s in stages) for i in range(repeat)]
    fastest = totals.index(min(totals))
    stage = {s: stages[s][fastest] for s in stages}
    total = totals[fastest]
    label = f"{count // 1000}k" if count >= 1000 else str(count)
    per = total / count * 1e6
    table.add(Row(f"parse→model→checks→graph vs Lark parse, {label} provisions",
                  f"{_ms(total)} vs {_ms(lark_time)}; {per:.0f} vs {lark_time / count * 1e6:.0f} µs/prov",
                  "≤ 1.5×", total / lark_time, total / lark_time <= 1.5,
                  {"provisions": count, "files": len(sources), "lark_seconds": lark_time, "total_seconds": total,
                   "stages_seconds": stage, "us_per_provision": per,
                   "lark_us_per_provision": lark_time / count * 1e6, "repeat": repeat}))
    for name, what in (("parse", "  stage: parse + transform to model"), ("assemble", "  stage: assemble files"),
                       ("checks", "  stage: checks"), ("graph", "  stage: graph build")):
        table.add(Row(f"{what}, {label}", f"{_ms(stage[name])}; {stage[name] / count * 1e6:.0f} µs/prov",
                      ratio=stage[name] / lark_time, data={"seconds": stage[name]}))
    return act, graph


# ── 2. incremental re-check ─────────────────────────────────────────────────


def measure_incremental(table: Table, provisions: int, files: int, repeat: int) -> None:
    book = generate(provisions, files)
    names = list(book)
    edited_name = names[len(names) // 2]
    cold: list[float] = []
    warm: list[float] = []
    for attempt in range(repeat):
        sources = [Source(name, text) for name, text in book.items()]
        loader._cache.clear()
        gc.collect()
        started = time.perf_counter()
        first = loader.load_sources(sources, "book")
        cold.append(time.perf_counter() - started)
        assert first.ok and not first.diagnostics, first.diagnostics[:3]
        # the drafter edits one section's text in one file
        text = book[edited_name].replace("it says what the unit does.", f"it says what the unit does (edit {attempt}).",
                                         1)
        assert text != book[edited_name]
        edited = [Source(name, text if name == edited_name else book[name]) for name in names]
        gc.collect()
        started = time.perf_counter()
        again = loader.load_sources(edited, "book")
        warm.append(time.perf_counter() - started)
        assert again.ok and not again.diagnostics
    ratio = min(warm) / min(cold)
    table.add(Row(f"incremental re-check, 1 of {files} files edited ({provisions // 1000}k prov)"
                  if provisions >= 1000 else f"incremental re-check, 1 of {files} files edited ({provisions} prov)",
                  f"{_ms(min(warm))} vs cold {_ms(min(cold))}", "≤ 10%", ratio, ratio <= 0.10,
                  {"incremental_seconds": min(warm), "cold_seconds": min(cold), "files": files,
                   "provisions": provisions, "repeat": repeat}))


# ── 3. evaluation per case ──────────────────────────────────────────────────


def measure_cases(table: Table, count: int, repeat: int) -> None:
    act = load("enacted")
    cases = realistic_cases(act, count)
    real = best_median_microseconds(act, cases, repeat)
    table.add(Row("median µs per case, enacted Act (worked-example shape)", f"{real:.1f} µs", "≤ 50 µs",
                  real / 50, real <= 50, {"microseconds": real, "cases": count, "repeat": repeat}))
    generic = best_median_microseconds(act, random_cases(act, count), repeat)
    empty = best_median_microseconds(act, [build_case([])[0]] * count, repeat)
    table.add(Row("  median µs per case, random facts / empty case", f"{generic:.1f} µs / {empty:.1f} µs",
                  data={"random_microseconds": generic, "empty_microseconds": empty}))


# ── 4. cold start of `statute check` ────────────────────────────────────────


def subprocess_env() -> dict[str, str]:
    """The environment for the subprocess rows: as a user's, so Python keeps its bytecode caches.

    With PYTHONDONTWRITEBYTECODE set (some CI images and sandboxes set it), every run
    would compile statute's modules again while lark's and networkx's, compiled at
    install, load from bytecode: a handicap no user has. PYTEST_ADDOPTS is dropped too.
    """
    env = dict(os.environ)
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTEST_ADDOPTS", "STATUTE_CACHE_DIR"):
        env.pop(name, None)
    return env


def _wall(command: list[str], env: dict[str, str], cwd: str | None = None) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    return time.perf_counter() - started, done.returncode


def _cpu_of_children() -> float:
    """User + system CPU seconds of the finished subprocesses so far (0 where unsupported)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_cli(table: Table, repeat: int) -> None:
    env = subprocess_env()
    control_cmd = [sys.executable, "-c", "import lark, networkx"]
    check_cmd = [sys.executable, "-m", "statute", "check"]
    _wall(control_cmd, env)
    _wall(check_cmd, env)  # the grammar cache and the bytecode caches are now warm
    controls, warm_runs, cold_runs = [], [], []
    for _ in range(repeat):  # interleaved, so a slow spell of the machine hits all three alike
        controls.append(_wall(control_cmd, env)[0])
        warm_runs.append(_wall(check_cmd, env))
        with tempfile.TemporaryDirectory() as empty:
            cold_runs.append(_wall(check_cmd, {**env, "STATUTE_CACHE_DIR": empty}))
    assert all(code == 0 for _, code in warm_runs + cold_runs), "statute check failed on the bundled Acts"
    control = min(controls)
    warm = min(t for t, _ in warm_runs)
    cold = min(t for t, _ in cold_runs)
    table.add(Row("`statute check` bundled Acts, grammar cache warm",
                  f"{_ms(warm)} vs import {_ms(control)}", "≤ 1.5×", warm / control, warm / control <= 1.5,
                  {"seconds": warm, "control_seconds": control, "repeat": repeat}))
    table.add(Row("`statute check` bundled Acts, grammar cache cold",
                  f"{_ms(cold)} vs import {_ms(control)}", "≤ 1.5×", cold / control, cold / control <= 1.5,
                  {"seconds": cold, "control_seconds": control, "repeat": repeat}))


# ── 5. the obligation graph: an impact query and memory ─────────────────────


def measure_graph(table: Table, act: Act, graph: object, repeat: int) -> None:
    count = len(act.provisions)
    label = f"{count // 1000}k" if count >= 1000 else str(count)
    first = next(p.id for p in act.provisions if p.kind == "definition")  # as a legal engineer types it
    started = time.perf_counter()
    cold_graph = ObligationGraph(graph)  # type: ignore[arg-type]
    found = cold_graph.impact(first)
    cold = time.perf_counter() - started
    warm = best(lambda: cold_graph.impact(first), repeat)
    table.add(Row(f"impact query on the {label} graph, first query",
                  f"{_ms(cold)} ({len(found)} nodes)", "≤ 100 ms", cold / 0.1, cold <= 0.1,
                  {"seconds": cold, "nodes": len(found), "reference": first}))
    table.add(Row(f"impact query on the {label} graph, repeated", _ms(warm), "≤ 100 ms", warm / 0.1, warm <= 0.1,
                  {"seconds": warm}))
    nx_graph = graph
    nodes, edges = nx_graph.number_of_nodes(), nx_graph.number_of_edges()  # type: ignore[attr-defined]
    del graph, nx_graph
    cold_graph.graph = None  # type: ignore[assignment]
    cold_graph._dependencies = None
    gc.collect()
    before = _rss()
    rebuilt = build_graph(act)
    gc.collect()
    after = _rss()
    if before is not None and after is not None:
        delta = (after - before) / 2**20
        table.add(Row(f"graph memory, {label} ({nodes:,} nodes, {edges:,} edges)",
                      f"{delta:.0f} MB RSS; {delta * 2**20 / nodes:.0f} B/node", data={
                          "rss_mb": delta, "nodes": nodes, "edges": edges}))
    del rebuilt


def measure_graph_detail(table: Table, act: Act) -> None:
    """The colleague's graph benchmark (lints, queries, exports, diff) on one book, as informative rows."""
    for name, seconds in graph_bench.timings(act).items():
        table.add(Row(f"  graph: {name}, {len(act.provisions) // 1000}k", _ms(seconds), data={"seconds": seconds}))


# ── 6. scenarios through pytest-bdd ─────────────────────────────────────────

ROLES = ["is a teacher", "is a social care worker", "is an NHS nurse", "is a childminder", "is a police constable",
         "is a shop assistant", "volunteers with children", "is a youth worker"]

CONTROL_CONFTEST = '''\
from pytest_bdd import given, parsers, then, when


@given(parsers.re(r"(?P<text>.+)"))
def _given(text):
    pass


@when(parsers.re(r"(?P<text>.+)"))
def _when(text):
    pass


@then(parsers.re(r"(?P<text>.+)"))
def _then(text):
    pass
'''


def scenario_feature(count: int, tagged: bool, seed: int = 3) -> str:
    """A feature of ``count`` scenarios against the enacted Act, each true by construction.

    The facts vary (roles, ages, where the person works, whether they notified); the
    expected outcomes are the enacted Act's own, so every scenario passes.
    """
    import random

    from statute.evaluate import evaluate

    act = load("enacted")
    rng = random.Random(seed)
    lines = (["@act:enacted"] if tagged else []) + ["Feature: Generated scenarios for the benchmark", ""]
    for i in range(count):
        person, child = f"Person{i}", f"Child{i}"
        facts = [f"{person} {rng.choice(ROLES)}", f"{person} works in {rng.choice(['England', 'Wales'])}",
                 f"the age of {person} is {rng.randint(16, 60)}",
                 f"{child} tells {person} about a child sex offence", f"the age of {child} is {rng.randint(5, 17)}"]
        if rng.random() < 0.4:
            facts.append(f"{person} notifies the {rng.choice(['police', 'local authority'])} about {child}")
        assessment = evaluate(act, facts)
        duty = "the duty to notify suspected child sex offences"
        under = assessment.is_under("duty_to_notify", person)
        thens = [f"{person} {'is under' if under else 'is not under'} {duty}"]
        if under:
            complied = assessment.status("duty_to_notify", person) == "complied"
            thens.append(f"{person} {'has complied with' if complied else 'has breached'} {duty}")
        thens.append(f"{person} commits no offence")
        lines.append(f"  Scenario: generated scenario {i}")
        lines.append(f"    Given {facts[0]}")
        lines += [f"    And {fact}" for fact in facts[1:]]
        lines.append(f"    Then {thens[0]}")
        lines += [f"    And {then}" for then in thens[1:]]
        lines.append("")
    return "\n".join(lines)


def measure_scenarios(table: Table, count: int, repeat: int) -> None:
    env = subprocess_env()
    with tempfile.TemporaryDirectory() as base:
        law = Path(base, "statute_run")
        control = Path(base, "control_run")
        law.mkdir()
        control.mkdir()
        (law / "generated.feature").write_text(scenario_feature(count, tagged=True), encoding="utf-8")
        (control / "generated.feature").write_text(scenario_feature(count, tagged=False), encoding="utf-8")
        (control / "conftest.py").write_text(CONTROL_CONFTEST, encoding="utf-8")
        (control / "test_generated.py").write_text(
            'from pytest_bdd import scenarios\n\nscenarios("generated.feature")\n', encoding="utf-8")
        for folder in (law, control):  # an ini file makes each folder its own rootdir
            (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        pytest_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        law_runs, control_runs = [], []
        # a run on an empty folder writes the bytecode caches (pytest's rewritten plugin modules too)
        empty = Path(base, "empty")
        empty.mkdir()
        (empty / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        _wall([*pytest_cmd, "--co", "."], env, cwd=str(empty))
        law_cpu, control_cpu = [], []
        for _ in range(repeat):  # interleaved: a slow spell of the machine hits both alike
            before = _cpu_of_children()
            law_runs.append(_wall([*pytest_cmd, "."], env, cwd=str(law)))
            middle = _cpu_of_children()
            control_runs.append(_wall([*pytest_cmd, "-p", "no:statute", "."], env, cwd=str(control)))
            law_cpu.append(middle - before)
            control_cpu.append(_cpu_of_children() - middle)
    assert all(code == 0 for _, code in law_runs), "the generated scenarios failed under the statute plugin"
    assert all(code == 0 for _, code in control_runs), "the control scenarios failed"
    law_time, control_time = min(t for t, _ in law_runs), min(t for t, _ in control_runs)
    ratio = law_time / control_time
    table.add(Row(f"{count} scenarios, statute plugin vs trivial steps",
                  f"{_ms(law_time)} vs {_ms(control_time)}", "≤ 1.2×", ratio, ratio <= 1.2,
                  {"seconds": law_time, "control_seconds": control_time, "scenarios": count, "repeat": repeat,
                   "cpu_seconds": min(law_cpu), "control_cpu_seconds": min(control_cpu),
                   "per_scenario_ms": (law_time - control_time) / count * 1000}))


# ── the runner ──────────────────────────────────────────────────────────────


def machine() -> dict[str, object]:
    info: dict[str, object] = {"python": platform.python_version(), "platform": platform.platform(),
                               "cpus": os.cpu_count()}
    try:
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), None)
        info["cpu"] = model
    except OSError:
        pass
    from importlib.metadata import version

    info.update({name.replace("-", "_"): version(name) for name in ("lark", "networkx", "pytest-bdd", "pytest")})
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The statute benchmark (benchmarks/README.md).")
    parser.add_argument("--quick", action="store_true", help="1k and 10k provisions, fewer repeats: under a minute")
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N",
                        help="book sizes in provisions (default: 1000 10000 100000; quick: 1000 10000)")
    parser.add_argument("--repeat", type=int, default=None, help="repeats of each measurement (default: 3; quick 1-3)")
    parser.add_argument("--scenarios", type=int, default=None,
                        help="scenarios in the pytest-bdd row (default 1000; quick: 500)")
    parser.add_argument("--cases", type=int, default=300, help="cases in the per-case row (default 300)")
    parser.add_argument("--skip-slow", action="store_true",
                        help="skip the subprocess rows (statute check, pytest-bdd) and the graph detail")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the rows as JSON")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1000, 10_000] if args.quick else [1000, 10_000, 100_000])
    started = time.perf_counter()
    info = machine()
    print(f"statute benchmark — Python {info['python']} on {info.get('cpu') or platform.processor()} "
          f"× {info['cpus']}; lark {info['lark']}, networkx {info['networkx']}, pytest-bdd {info['pytest_bdd']}")
    print(header())
    table = Table()

    def repeats(provisions: int) -> int:
        if args.repeat is not None:
            return args.repeat
        if provisions >= 100_000:
            return 1
        if args.quick:
            return 2 if provisions <= 1000 else 1
        return 3 if provisions <= 10_000 else 1

    build_parser()  # load both parsers (and compile their lexers) before timing anything
    warm = book_sources(100)
    for source in warm:
        build_parser().parse(source.text)
    pipeline(warm)
    largest = None
    books: dict[int, tuple[Act, object]] = {}
    for size in sizes:
        books.clear()  # only the last book is kept (for the graph rows): the heap stays the same size
        gc.collect()
        books[size] = measure_pipeline(table, size, repeats(size))
        largest = size
    # 100 files; quick: of 20 provisions (an incremental check costs the whole-Act checks plus one file's
    # parse, a cold one every file's parse plus the checks: the ratio hardly depends on the book's size)
    incremental_size = 10_000 if 10_000 in sizes else max(sizes)
    if args.quick:
        incremental_size = 2_000
    measure_incremental(table, incremental_size, max(1, min(100, incremental_size // 10)),
                        args.repeat or (1 if args.quick else 3))
    measure_cases(table, args.cases, args.repeat or 5)
    if not args.skip_slow:
        measure_cli(table, args.repeat or (3 if args.quick else 7))
    assert largest is not None
    act, graph = books.pop(largest)
    books.clear()
    measure_graph(table, act, graph, args.repeat or 5)
    del graph, act
    if not args.skip_slow and not args.quick:
        gc.collect()
        detail = 10_000 if 10_000 in sizes else min(sizes)
        measure_graph_detail(table, pipeline(book_sources(detail))[0])
    if not args.skip_slow:
        count = args.scenarios or (500 if args.quick else 1000)
        measure_scenarios(table, count, args.repeat or (1 if args.quick else 3))
    elapsed = time.perf_counter() - started
    missed = [r.measurement.strip() for r in table.rows if r.met is False]
    print("─" * 118)
    print(f"{sum(r.met is True for r in table.rows)} goals met, {len(missed)} missed; {elapsed:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"schema": "statute.bench/1", "machine": info, "quick": args.quick,
                                         "sizes": sizes, "seconds": elapsed,
                                         "rows": [asdict(r) for r in table.rows]}, indent=2, ensure_ascii=False)
                             + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

