"""``statute query ACT …``: ask the obligation graph who is bound, what follows, what depends on what.

Sub-queries (each with ``--json``): ``duties --for PHRASE``, ``consequences ID``,
``depends-on ID``, ``impact ID``, ``path A B``, ``penalties``. An unknown id or
phrase exits 1 with the nearest names suggested.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from statute.commands.common import EXIT_ERRORS, load_for_cli, print_json

RELATION_WORDS = {
    "breaches": "if someone breaches it",
    "complies with": "asks whether someone complies with it",
    "is under": "if someone is under it",
    "is excused from": "asks whether someone is excused from it",
    "commits": "if someone commits it",
    "faces": "if someone faces it",
    "penalised by": "maximum penalty",
    "aggravated by": "aggravated by",
    "reads the defined phrase": "reads the phrase this defines",
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("query", help="query the obligation graph (duties, consequences, impact, …)",
                            description="Query an Act's obligation graph. IDs may be node ids (duty:duty_to_notify), "
                                        "provision ids (duty_to_notify), section eids or citations (s.85) or "
                                        "phrases with any slot names.")
    parser.add_argument("act", metavar="ACT", help="a bundled Act name, a .law file or a folder")
    queries = parser.add_subparsers(dest="query", metavar="QUERY", parser_class=type(parser))
    queries.required = True

    def add(name: str, help_text: str, run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        query = queries.add_parser(name, help=help_text, description=help_text)
        query.add_argument("--json", action="store_true", help="print as JSON")
        query.set_defaults(run=run)
        return query

    duties = add("duties", "duties, prohibitions and permissions that can bind someone a phrase describes",
                 run_duties)
    duties.add_argument("--for", dest="phrase", required=True, metavar="PHRASE",
                        help='a phrase with any slot names, e.g. "{person} is a teacher"')
    duties.add_argument("--slot", metavar="NAME", help="which slot of the phrase is the person (default: the first)")
    add("consequences", "everything that follows from breaching or committing a provision",
        run_consequences).add_argument("id", metavar="ID")
    add("depends-on", "everything a node's outcome depends on", run_depends_on).add_argument("id", metavar="ID")
    impact = add("impact", "everything whose outcome can change if a node changes", run_impact)
    impact.add_argument("id", metavar="ID")
    impact.add_argument("--coverage", metavar="FILE",
                        help="a coverage report (pytest --statute-coverage) to list the scenarios the change touches")
    path = add("path", "the shortest chain of dependencies between two nodes", run_path)
    path.add_argument("source", metavar="A")
    path.add_argument("target", metavar="B")
    add("penalties", "offences with their maximum penalties, most severe first", run_penalties)


def _graph(args: argparse.Namespace):
    """The loaded Act's ObligationGraph, or an exit code when it does not load."""
    loaded, code = load_for_cli(args.act)
    if loaded.act is None or code:
        return None, code
    from statute.graph.queries import ObligationGraph

    return ObligationGraph.from_act(loaded.act), 0


def _name(graph, node: str) -> str:
    data = graph.attrs(node)
    kind = data.get("kind")
    if kind == "term":
        return f'"{data.get("phrase")}"'
    if kind == "section":
        return str(data.get("label"))
    if kind == "penalty":
        return f"penalty for {data.get('offence')}, {data.get('label')}"

    section = f" ({data['section']})" if data.get("section") else ""
    return f"{kind} {data.get('provision', node)}{section}"


def _guard(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn an unknown id or a bad phrase into a message and exit 1."""

    def wrapped(args: argparse.Namespace) -> int:
        from statute.graph.queries import UnknownNode

        try:
            return run(args)
        except (UnknownNode, ValueError) as error:
            print(f"statute query: {error}", file=sys.stderr)
            return EXIT_ERRORS

    return wrapped


@_guard
def run_duties(args: argparse.Namespace) -> int:
    graph, code = _graph(args)
    if graph is None:
        return code
    found = graph.duties_for(args.phrase, args.slot)
    start = graph.resolve(args.phrase, kinds=("term",))
    if args.json:
        print_json({"schema": "statute.query.duties/1", "phrase": graph.attrs(start).get("phrase"), "node": start,
                    "rules": [{**graph.describe(b.node), "holder": graph.attrs(b.node).get("holder"),
                               "condition": graph.attrs(b.node).get("condition"),
                               "via": [graph.describe(v) for v in b.via]} for b in found]})
        return 0
    phrase = graph.attrs(start).get("phrase")
    if not found:
        print(f'No duty, prohibition or permission can bind someone described by "{phrase}".')
        return 0
    print(f'Rules that can bind someone described by "{phrase}":')
    for binding in found:
        data = graph.attrs(binding.node)
        print(f"  {_name(graph, binding.node)} — {data.get('title')}")
        if data.get("condition"):
            print(f"      binds {data.get('holder')} when {data['condition']}")
        if binding.via:
            print("      through " + " → ".join(_name(graph, v) for v in binding.via))
    return 0


@_guard
def run_consequences(args: argparse.Namespace) -> int:
    graph, code = _graph(args)
    if graph is None:
        return code
    start = graph.resolve(args.id)
    followers = graph.consequences(args.id)
    if args.json:
        print_json({"schema": "statute.query.consequences/1", "node": graph.describe(start),
                    "consequences": [{**graph.describe(f.node), "follows_from": f.parent, "relation": f.relation,
                                      "depth": f.depth, "also_follows_from": list(f.also)} for f in followers]})
        return 0
    if not followers:
        print(f"Nothing in this Act follows from {_name(graph, start)}.")
        return 0
    print(f"What follows from {_name(graph, start)}:")
    children: dict[str, list] = {}
    for follower in followers:
        children.setdefault(follower.parent, []).append(follower)

    def show(node: str, depth: int) -> None:
        for follower in children.get(node, []):
            data = graph.attrs(follower.node)
            # a provision may ask several things of another ("is under … or is excused from … by …")
            why = " or ".join(RELATION_WORDS.get(r, r) for r in follower.relation.split(","))
            if data.get("kind") == "penalty":
                print(f"{'  ' * depth}  {why}: {data.get('label')}")
            else:
                also = ("; also from " + ", ".join(_name(graph, p) for p in follower.also)) if follower.also else ""
                print(f"{'  ' * depth}  {_name(graph, follower.node)} — {data.get('title')} ({why}{also})")
            show(follower.node, depth + 1)

    if graph.kind(start) != "section":
        show(start, 0)
        return 0
    for member in graph.members(start):
        if member in children:
            print(f"  from {_name(graph, member)}:")
            show(member, 1)
    return 0


def _listing(graph, title: str, nodes: list[str], as_json: bool, start: str, key: str) -> int:
    if as_json:
        print_json({"schema": f"statute.query.{key.replace('_', '-')}/1", "node": graph.describe(start),
                    key: [graph.describe(n) for n in nodes]})
        return 0
    if not nodes:
        print(f"{title}: nothing.")
        return 0
    print(f"{title} ({len(nodes)}):")
    order = ("section", "definition", "duty", "prohibition", "permission", "offence", "consequence", "penalty",
             "exception", "aggravating factor", "term")
    for node in sorted(nodes, key=lambda n: (order.index(graph.kind(n)) if graph.kind(n) in order else 99, n)):
        print(f"  {_name(graph, node)}")
    return 0


@_guard
def run_depends_on(args: argparse.Namespace) -> int:
    graph, code = _graph(args)
    if graph is None:
        return code
    start = graph.resolve(args.id)
    return _listing(graph, f"The outcome of {_name(graph, start)} depends on", graph.depends_on(args.id),
                    args.json, start, "depends_on")


@_guard
def run_impact(args: argparse.Namespace) -> int:
    graph, code = _graph(args)
    if graph is None:
        return code
    start = graph.resolve(args.id)
    impacted = graph.impact(args.id)
    if not args.coverage:
        return _listing(graph, f"Changing {_name(graph, start)} can change the outcome of", impacted,
                        args.json, start, "impact")
    scenarios = _scenarios_touching(args.coverage, args.act, [start, *impacted], graph)
    if scenarios is None:
        return 2
    if args.json:
        print_json({"schema": "statute.query.impact/1", "node": graph.describe(start),
                    "impact": [graph.describe(n) for n in impacted], "scenarios": scenarios})
        return 0
    _listing(graph, f"Changing {_name(graph, start)} can change the outcome of", impacted, False, start, "impact")
    print(f"Scenarios that exercise them ({len(scenarios)}):" if scenarios else
          "No scenario in the coverage report exercises them.")
    for scenario in scenarios:
        print(f"  {scenario}")
    return 0


def _scenarios_touching(report: str, act: str, nodes: list[str], graph) -> list[str] | None:
    """Scenarios that exercised any of these nodes' provisions, from a coverage report."""
    import json
    from pathlib import Path

    try:
        data = json.loads(Path(report).read_text(encoding="utf-8"))
        acts = data["acts"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"statute: error: cannot read the coverage report {report}: {error}\n"
              "  hint: write one with `pytest --statute-coverage` or `statute coverage`", file=sys.stderr)
        return None
    wanted = {str(graph.attrs(n).get("provision")) for n in nodes if graph.attrs(n).get("provision")}
    found: set[str] = set()
    for label, entry in acts.items():
        if label != act and Path(str(entry.get("path", ""))).name not in (act, Path(act).name):
            continue
        for row in entry.get("provisions_detail", []):
            if row.get("id") in wanted:
                found.update(row.get("scenarios", []))
    return sorted(found)


@_guard
def run_path(args: argparse.Namespace) -> int:
    graph, code = _graph(args)
    if graph is None:
        return code
    a, b = graph.resolve(args.source), graph.resolve(args.target)
    found = graph.path(args.source, args.target)
    if args.json:
        print_json({"schema": "statute.query.path/1", "from": graph.describe(a), "to": graph.describe(b),
                    "direction": found[0] if found else None,
                    "steps": [{"source": s.source, "target": s.target, "relation": s.relation}
                              for s in found[1]] if found else None})
        return 0
    if found is None:
        print(f"Neither depends on the other: no path between {_name(graph, a)} and {_name(graph, b)}.")
        return 0
    direction, steps = found
    verb = "depends on" if direction == "depends" else "affects"
    print(f"{_name(graph, a)} {verb} {_name(graph, b)}:")
    for step in steps:
        print(f"  {_name(graph, step.source)} —{step.relation}→ {_name(graph, step.target)}")
    return 0


@_guard
def run_penalties(args: argparse.Namespace) -> int:
    graph, code = _graph(args)
    if graph is None:
        return code
    rows = graph.penalties()
    if args.json:
        print_json({"schema": "statute.query.penalties/1", "offences": rows})
        return 0
    if not rows:
        print("This Act creates no offences.")
        return 0
    for row in rows:
        title = graph.attrs(str(row["id"])).get("title")
        print(f"{_name(graph, str(row['id']))} — {title}; {row['mode_of_trial']}")
        for penalty in row["penalties"] or [{"penalty": "no penalty stated"}]:
            print(f"    {penalty['penalty']}")
    return 0
