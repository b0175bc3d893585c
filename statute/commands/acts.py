"""``statute acts``: list the bundled Acts."""

from __future__ import annotations

import argparse
from typing import Any

from statute.commands.common import print_json
from statute.loader import bundled_acts, load_path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("acts", help="list the bundled Acts")
    parser.add_argument("--json", action="store_true", help="print as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    for name, path in bundled_acts().items():
        loaded = load_path(name)
        act = loaded.act
        rows.append({
            "name": name,
            "title": act.title if act else None,
            "version": act.version if act else None,
            "citation": act.citation if act else None,
            "provisions": len(act.provisions) if act else None,
            "path": str(path),
        })
    if args.json:
        print_json({"schema": "statute.acts/1", "acts": rows})
        return 0
    width = max((len(r["name"]) for r in rows), default=4)
    for row in rows:
        detail = f"{row['title']} — {row['version']}" if row["title"] else "(does not load: run `statute check`)"
        print(f"{row['name']:<{width}}  {detail}")
    return 0
