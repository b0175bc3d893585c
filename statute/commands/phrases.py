"""``statute phrases ACT``: every phrase a case can state, with its slots and where it is used."""

from __future__ import annotations

import argparse

from statute.commands.common import load_for_cli, print_json
from statute.phrases import phrase_table

NOT_USED = "no provision (a case may still state it)"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("phrases", help="list every phrase a case can state, with its slots and uses",
                            description="List the Act's vocabulary: every fact and number a case or a Given step "
                                        "can state (also those no provision reads), with its slots and the "
                                        "provisions that read it; then the derived phrases, which a definition "
                                        "makes and a case cannot state.")
    parser.add_argument("act", metavar="ACT", help="a bundled Act name, a .law file or a folder")
    parser.add_argument("--json", action="store_true", help="print as JSON")
    parser.add_argument("--unused", action="store_true", help="only phrases no provision reads")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    loaded, code = load_for_cli(args.act)
    if loaded.act is None or code:
        return code
    act = loaded.act
    rows = [row for row in phrase_table(act) if not args.unused or not row.used_by]
    if args.json:
        print_json({"act": {"title": act.title, "version": act.version}, "phrases": [r.to_json() for r in rows]})
        return 0
    stated = [r for r in rows if r.kind != "derived"]
    derived = [r for r in rows if r.kind == "derived"]
    print(f"{act.title}{' (' + act.version + ')' if act.version else ''}: {len(stated)} phrases a case can state, "
          f"{len(derived)} derived")
    for title, group in (("Phrases a case can state", stated),
                         ("Derived phrases (a definition makes them; state the facts they rest on)", derived)):
        if not group:
            continue
        print(f"\n{title}\n")
        for row in group:
            how = " is <number>" if row.kind == "number" else ""
            print(f"  {row.text}{how}")
            details = [row.kind]
            if row.slots:
                details.append("slots " + ", ".join("{" + s + "}" for s in dict.fromkeys(row.slots)))
            if row.defined_by:
                details.append(f"defined by {row.defined_by[0]} ({row.defined_by[1]})")
            elif row.section:
                details.append(f"declared in {row.section}")
            print(f"      {' · '.join(details)}")
            used = ", ".join(f"{pid} ({cite})" for pid, cite in row.used_by) or NOT_USED
            print(f"      used by: {used}")
    return 0
