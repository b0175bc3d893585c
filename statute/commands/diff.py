"""``statute diff OLD NEW``: what changed in meaning between two versions of an Act."""

from __future__ import annotations

import argparse
import sys

from statute.commands.common import EXIT_USAGE, load_for_cli, print_json
from statute.commands.dates import add_time_options, as_at_date


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("diff", help="what changed in meaning between two versions of an Act",
                            description="Compare two versions of an Act provision by provision: duties, offences, "
                                        "exceptions, consequences, permissions, aggravating factors and definitions "
                                        "added, removed or changed (who they bind, when they apply, what they "
                                        "require, to whom, by when, the maximum penalty), each with its section. "
                                        "Provisions are matched even when renumbered or renamed.")
    parser.add_argument("old", metavar="OLD", help="the earlier version: a bundled Act name, a .law file or a folder")
    parser.add_argument("new", metavar="NEW", nargs="?",
                        help="the later version (default: OLD again, to compare one Act at two dates)")
    parser.add_argument("--json", action="store_true", help="print as JSON")
    parser.add_argument("--exit-code", action="store_true",
                        help="exit 1 when the meaning changed and 0 when it did not, like git diff --exit-code "
                             "(an Act that cannot be compared is then exit 2): a gate for CI")
    add_time_options(parser, "compare the Acts")
    parser.add_argument("--new-as-at", metavar="DATE", type=as_at_date,
                        help="the later Act as at this day (with --as-at for the earlier: one Act at two dates, "
                             "e.g. `statute diff enacted --as-at 2026-05-01 --new-as-at 2027-01-01`)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    old, code = load_for_cli(args.old)
    if old.act is None or code:
        return _unreadable(code, args)
    if args.new is None and args.new_as_at is None:
        print("statute diff: give NEW, or --new-as-at DATE to compare OLD at two dates", file=sys.stderr)
        return EXIT_USAGE
    new, code = load_for_cli(args.new or args.old)
    if new.act is None or code:
        return _unreadable(code, args)
    from statute.graph.diff import diff
    from statute.timeline import act_as_at

    old_act, new_act = old.act, new.act
    if args.as_at is not None:
        old_act = act_as_at(old_act, args.as_at, dict(args.in_force))
    later = args.new_as_at or args.as_at
    if later is not None:
        new_act = act_as_at(new_act, later, dict(args.in_force))
    result = diff(old_act, new_act)
    if args.json:
        print_json(result.to_json())
    else:
        sys.stdout.write(result.render())
    return 1 if args.exit_code and result.meaning_changed else 0


def _unreadable(code: int, args: argparse.Namespace) -> int:
    """With ``--exit-code``, 1 means "changed", so an Act with errors is exit 2 rather than 1."""
    return 2 if args.exit_code and code else code
