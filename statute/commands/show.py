"""``statute show ACT``: every provision with its kind, id, section, holder, penalty and source."""

from __future__ import annotations

import argparse

from statute import model as m
from statute.commands.common import load_for_cli, print_json
from statute.commands.dates import add_time_options
from statute.render import describe_provision


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("show", help="list every provision of an Act")
    parser.add_argument("act", metavar="ACT", help="a bundled Act name, a .law file or a folder")
    parser.add_argument("--json", action="store_true", help="print as JSON")
    parser.add_argument("--kind", choices=[k.value.replace(" ", "-") for k in m.Kind],
                        help="only provisions of this kind")
    add_time_options(parser, "say which provisions are in force")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    loaded, code = load_for_cli(args.act)
    if loaded.act is None or code:
        return code
    act = loaded.act
    provisions = [p for p in act.provisions
                  if not args.kind or p.kind.value == args.kind.replace("-", " ")]
    rows = [describe_provision(act, p) for p in provisions]
    if args.as_at is not None:
        from statute.dated import normal_reference
        from statute.timeline import not_in_force

        dormant = not_in_force(act, args.as_at, {normal_reference(r): d for r, d in args.in_force}, definitions=True)
        for row in rows:
            reason = dormant.get(str(row["id"]))
            row["in_force_on"] = {"date": args.as_at.isoformat(), "in_force": reason is None, "reason": reason}
    if args.json:
        print_json({"schema": "statute.show/1",
                    "act": {"title": act.title, "citation": act.citation, "version": act.version,
                            "extent": act.extent, "source": act.source},
                    "provisions": rows})
        return 0
    as_at = f", as at {args.as_at.isoformat()}" if args.as_at is not None else ""
    print(f"{act.title}{' (' + act.citation + ')' if act.citation else ''} — {act.version or 'version not stated'}"
          f"{as_at}")
    if act.extent:
        print(f"extent: {act.extent}")
    print()
    for row in rows:
        print(f"{row['citation']:<14} {row['kind']:<18} {row['id']}")
        print(f"{'':<14} {row['title']}")
        for key in ("holder", "trigger", "requires", "deadline", "recipient", "targets", "penalty", "mode_of_trial",
                    "in_force"):
            value = row.get(key)
            if value:
                print(f"{'':<14}   {key.replace('_', ' ')}: {value}")
        on = row.get("in_force_on")
        if isinstance(on, dict):
            print(f"{'':<14}   on {on['date']}: " + ("in force" if on["in_force"] else str(on["reason"])))
        print(f"{'':<14}   source: {row['source'] or '—'} [{row['confidence'] or 'confidence not stated'}]")
        if row.get("note"):
            print(f"{'':<14}   note: {row['note']}")
        print()
    return 0
