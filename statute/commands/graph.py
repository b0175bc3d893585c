"""``statute graph ACT --format dot|mermaid|graphml|json [-o FILE]``: export the obligation graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from statute.commands.common import EXIT_USAGE, load_for_cli, output_problem, write_atomic
from statute.commands.dates import add_time_options
from statute.files import missing_folder_problem

FORMATS = ("dot", "mermaid", "graphml", "json")
_BY_SUFFIX = {".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid", ".graphml": "graphml",
              ".json": "json"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("graph", help="export the obligation graph (DOT, Mermaid, GraphML, JSON)",
                            description="Export an Act's obligation graph. The output is deterministic and every "
                                        "label is escaped for its format. The schema: `statute docs graph`.")
    parser.add_argument("act", metavar="ACT", help="a bundled Act name, a .law file or a folder")
    parser.add_argument("--format", "-f", choices=FORMATS, default=None,
                        help="output format (default: from the -o file's suffix, else dot)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (atomically) instead of standard output")
    add_time_options(parser, "export the graph of the Act")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or (_BY_SUFFIX.get(Path(args.output).suffix.casefold()) if args.output else None) or "dot"
    if args.output:  # refuse a bad target before any work (the write checks again, against the inputs)
        problem = output_problem(args.output) or missing_folder_problem(args.output)
        if problem is not None:
            print(f"statute graph: cannot write {args.output}: {problem}", file=sys.stderr)
            return EXIT_USAGE
    loaded, code = load_for_cli(args.act)
    if loaded.act is None or code:
        return code
    from statute.graph.build import build_graph
    from statute.graph.export import export

    act = loaded.act
    if args.as_at is not None:
        from statute.timeline import act_as_at

        act = act_as_at(act, args.as_at, dict(args.in_force))
    text = export(build_graph(act), fmt)
    if not args.output:
        sys.stdout.write(text)
        return 0
    from statute.loader import _files_of, resolve

    source = resolve(args.act)
    inputs = _files_of(source) if source is not None else []
    try:
        write_atomic(args.output, text, inputs)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        print(f"statute graph: cannot write {args.output}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {args.output} ({fmt}, {len(text.encode('utf-8'))} bytes)", file=sys.stderr)
    return 0
