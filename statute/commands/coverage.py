"""``statute coverage [PATH …]``: run the scenarios and report which provisions they exercised.

A shortcut for ``pytest PATH … --statute-coverage``: the same plugin, the same
report (`statute docs drafters`, "Coverage"), the same JSON file (``-o FILE``; ``--json`` prints it). Exit 0 when every
scenario passed, 1 when some failed (the report is printed either way), 2 on a
usage error or when no scenario was found.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from statute.commands.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, missing_extra


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "coverage", help="run .feature scenarios and report which provisions and branches they exercised",
        description="Run the scenarios under PATH (default: features) with pytest and report, per Act, which "
                    "provisions, exceptions and condition branches they exercised. Exit 0 when all scenarios "
                    "pass, 1 when some fail, 2 on usage errors or when no scenario is found.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help=".feature files or folders (default: features)")
    parser.add_argument("-o", "--output", metavar="FILE", default=".statute-coverage.json",
                        help="where to write the JSON report (default: .statute-coverage.json)")
    parser.add_argument("--json", action="store_true",
                        help="print the JSON report on standard output (pytest's own output goes to stderr)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    missing = missing_extra("scenarios", "pytest", "pytest_bdd")
    if missing is not None:
        print(f"statute coverage: error: {missing}", file=sys.stderr)
        return EXIT_USAGE
    import pytest

    paths = args.paths or ["features"]
    absent = [p for p in paths if not Path(p).exists()]
    if absent:
        print(f"statute: error: no such file or folder: {', '.join(absent)}\n"
              "  hint: give the .feature files or folders to run (default: features)")
        return EXIT_USAGE
    from statute.files import output_problem

    problem = output_problem(args.output, [p for p in paths if Path(p).is_file()])
    if problem is not None:  # say so before running the scenarios, not after
        print(f"statute: error: --output {args.output}: {problem}\n  hint: name a .json file for the report",
              file=sys.stderr)
        return EXIT_USAGE
    # statute is imported already, so pytest cannot rewrite asserts in its plugin: say nothing about it
    argv = [*paths, "-q", "-W", "ignore::pytest.PytestAssertRewriteWarning", "--statute-coverage",
            "--statute-coverage-json", args.output]
    if args.json:  # standard output carries the JSON alone
        with contextlib.redirect_stdout(sys.stderr):
            code = pytest.main(argv)
        report = Path(args.output)
        if report.is_file():
            sys.stdout.write(report.read_text(encoding="utf-8"))
    else:
        code = pytest.main(argv)
    if code == pytest.ExitCode.OK:
        return EXIT_OK
    if code == pytest.ExitCode.TESTS_FAILED:
        return EXIT_ERRORS
    if code == pytest.ExitCode.INTERRUPTED:
        raise KeyboardInterrupt  # exit 130, as for every command
    return EXIT_USAGE
