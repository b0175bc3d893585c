"""``statute parse FILE``: show what the parser sees (for grammar debugging)."""

from __future__ import annotations

import argparse
import dataclasses
import json

from statute.commands.common import exit_code, print_diagnostics
from statute.parser import parse, parse_tree
from statute.source import Source, read_source


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("parse", help="print the parse tree or model of one file (debugging)")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--tree", action="store_true", help="print Lark's raw parse tree")
    parser.set_defaults(run=run)


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def run(args: argparse.Namespace) -> int:
    source = read_source(args.file)
    if not isinstance(source, Source):
        print_diagnostics([source])
        return exit_code([source])
    fragment, problems = parse(source)
    if problems:
        print_diagnostics(problems)
    if fragment is None:
        return exit_code(problems)
    if args.tree:
        print(parse_tree(source.text).pretty())
    else:
        print(json.dumps(_plain(fragment), indent=1, ensure_ascii=False, default=str))
    return exit_code(problems)
