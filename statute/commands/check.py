"""``statute check [PATH…]``: parse and check Acts, print diagnostics."""

from __future__ import annotations

import argparse
import sys

from statute.commands.common import exit_code, plural, print_diagnostics, print_json, summary_line
from statute.loader import bundled_acts, load_path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="parse and check Acts (default: the bundled ones)",
                            description="Parse and check Acts. Exit 0 when clean (warnings allowed), 1 when "
                                        "errors were found, 2 when a path could not be read.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="a .law file, a folder of them, or a bundled Act name (default: all bundled Acts)")
    parser.add_argument("--json", action="store_true", help="print the diagnostics as JSON")
    parser.add_argument("--no-warnings", action="store_true", help="print errors only")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    targets = args.paths or list(bundled_acts())
    everything = []
    summaries = []
    for target in targets:
        loaded = load_path(target)
        shown = [d for d in loaded.diagnostics if not (args.no_warnings and d.severity != "error")]
        everything.extend(shown)
        if loaded.act is not None:
            act = loaded.act
            summaries.append(f"{target}: {act.title}{' (' + act.version + ')' if act.version else ''}: "
                             f"{plural(len(act.provisions), 'provision')} in {plural(len(act.sections), 'section')}, "
                             f"{plural(len(act.terms), 'term')} — {summary_line(loaded.diagnostics)}")
        else:
            summaries.append(f"{target}: not loaded — {summary_line(loaded.diagnostics)}")
    if args.json:
        print_json({"schema": "statute.check/1", "diagnostics": [d.to_json() for d in everything]})
    else:
        print_diagnostics(everything, sys.stdout)
        for line in summaries:
            print(line)
    return exit_code(everything)
