"""``statute diff OLD NEW``: what changed in meaning between two versions of an Act."""

from __future__ import annotations

import argparse
import sys

from statute.commands.common import load_for_cli, print_json


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("diff", help="what changed in meaning between two versions of an Act",
                            description="Compare two versions of an Act provision by provision: duties, offences, "
                                        "exceptions, consequences, permissions, aggravating factors and definitions "
                                        "added, removed or changed (who they bind, when they apply, what they "
                                        "require, to whom, by when, the maximum penalty), each with its section. "
                                        "Provisions are matched even when renumbered or renamed.")
    parser.add_argument("old", metavar="OLD", help="the earlier version: a bundled Act name, a .law file or a folder")
    parser.add_argument("new", metavar="NEW", help="the later version")
    parser.add_argument("--json", action="store_true", help="print as JSON")
    parser.add_argument("--exit-code", action="store_true",
                        help="exit 1 when the meaning changed and 0 when it did not, like git diff --exit-code "
                             "(an Act that cannot be compared is then exit 2): a gate for CI")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    old, code = load_for_cli(args.old)
    if old.act is None or code:
        return _unreadable(code, args)
    new, code = load_for_cli(args.new)
    if new.act is None or code:
        return _unreadable(code, args)
    from statute.graph.diff import diff

    result = diff(old.act, new.act)
    if args.json:
        print_json(result.to_json())
    else:
        sys.stdout.write(result.render())
    return 1 if args.exit_code and result.meaning_changed else 0


def _unreadable(code: int, args: argparse.Namespace) -> int:
    """With ``--exit-code``, 1 means "changed", so an Act with errors is exit 2 rather than 1."""
    return 2 if args.exit_code and code else code
