"""``statute graph ACT --format dot|mermaid|graphml|json [-o FILE]``: export the obligation graph."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from statute.commands.common import EXIT_USAGE, load_for_cli, output_problem, write_atomic
from statute.commands.dates import add_time_options
from statute.files import missing_folder_problem

FORMATS = ("dot", "mermaid", "graphml", "json")
_BY_SUFFIX = {".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid", ".graphml": "graphml",
              ".json": "json"}
#: Pictures Graphviz draws from the DOT export (``dot -T<suffix>``), when it is installed.
DRAWN = (".svg", ".png", ".pdf")
DRAW_TIMEOUT = 120  # seconds: a 100k-provision graph is not a picture anyone can read anyway


def output_format(output: str | None, given: str | None) -> tuple[str, str | None] | str:
    """``(format, picture suffix or None)`` for ``-o OUTPUT --format GIVEN``, or why they cannot be honoured.

    A file is never mislabelled: its suffix names a text format (which must agree with
    ``--format``), a picture Graphviz draws from DOT, or nothing (then ``--format``, else DOT).
    """
    suffix = Path(output).suffix.casefold() if output else ""
    if not suffix:
        return given or "dot", None
    if suffix in _BY_SUFFIX:
        implied = _BY_SUFFIX[suffix]
        if given and given != implied:
            return (f"{output} says {implied} by its suffix but --format is {given}\n"
                    f"  hint: name the file *{_suffix_of(given)}, or drop --format")
        return implied, None
    if suffix in DRAWN:
        if given and given != "dot":
            return (f"a {suffix} picture is drawn from the DOT export, not from {given}\n"
                    f"  hint: drop --format (or use --format dot), or name the file *{_suffix_of(given)}")
        if shutil.which("dot") is None:
            return (f"drawing a {suffix} picture needs Graphviz's `dot`, which is not installed\n"
                    "  hint: install Graphviz (e.g. apt install graphviz), or write the DOT text "
                    "with -o FILE.dot and draw it elsewhere")
        return "dot", suffix
    if given:
        return given, None
    known = ", ".join([*_BY_SUFFIX, *DRAWN])
    return f"cannot tell the format from the suffix {suffix!r}\n  hint: give --format, or one of: {known}"


def _suffix_of(fmt: str) -> str:
    return next(suffix for suffix, name in _BY_SUFFIX.items() if name == fmt)


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
    if args.output:  # refuse a bad target before any work (the write checks again, against the inputs)
        problem = output_problem(args.output) or missing_folder_problem(args.output)
        if problem is not None:
            print(f"statute graph: cannot write {args.output}: {problem}", file=sys.stderr)
            return EXIT_USAGE
    chosen = output_format(args.output, args.format)
    if isinstance(chosen, str):  # what it cannot honour, also before any work
        print(f"statute graph: error: {chosen}", file=sys.stderr)
        return EXIT_USAGE
    fmt, picture = chosen
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
    data: str | bytes = text
    if picture is not None:
        drawn = _draw(text, picture)
        if isinstance(drawn, str):
            print(f"statute graph: error: {drawn}", file=sys.stderr)
            return EXIT_USAGE
        data, fmt = drawn, f"{picture[1:]} drawn by Graphviz"
    from statute.loader import _files_of, resolve

    source = resolve(args.act)
    inputs = _files_of(source) if source is not None else []
    try:
        write_atomic(args.output, data, inputs)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        print(f"statute graph: cannot write {args.output}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    print(f"wrote {args.output} ({fmt}, {size} bytes)", file=sys.stderr)
    return 0


def _draw(dot_text: str, suffix: str) -> bytes | str:
    """The picture Graphviz draws from DOT text, or why it could not."""
    dot = shutil.which("dot")
    if dot is None:
        return "Graphviz's `dot` disappeared while the graph was built"
    try:
        done = subprocess.run([dot, f"-T{suffix[1:]}"], input=dot_text.encode("utf-8"), capture_output=True,
                              timeout=DRAW_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return (f"Graphviz took more than {DRAW_TIMEOUT} s to draw the graph\n"
                "  hint: write -o FILE.dot and draw a part of it, or use the interactive report")
    except OSError as error:
        return f"could not run Graphviz's `dot`: {error.strerror or error}"
    if done.returncode != 0 or not done.stdout:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[0]
        return f"Graphviz could not draw the graph: {first}"
    return done.stdout
