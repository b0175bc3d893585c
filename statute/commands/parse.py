"""``statute parse FILE``: show what the parser sees (for grammar debugging)."""

from __future__ import annotations

import argparse
import dataclasses
from enum import Enum

from statute.commands.common import exit_code, print_diagnostics, print_json
from statute.parser import parse, parse_tree
from statute.source import Source, read_source


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("parse", help="print the parse tree or model of one file (debugging)")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--tree", action="store_true", help="print Lark's raw parse tree")
    parser.add_argument("--json", action="store_true", help="print the model and the diagnostics as JSON")
    parser.set_defaults(run=run)


def _plain(value: object) -> object:
    """The model as JSON data: a dataclass as an object with its class under ``"node"``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"node": type(value).__name__, **fields}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return str(value.value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _text(value: object, depth: int = 0) -> list[str]:
    """The model as indented text: one field a line, nodes named by their class."""
    pad = "  " * depth
    if isinstance(value, dict):
        lines = [f"{pad}{value.get('node', '')}".rstrip()] if "node" in value else []
        for key, item in value.items():
            if key == "node" or item in (None, [], ()):
                continue
            if isinstance(item, dict) and item.get("node") == "Span":
                lines.append(f"{pad}  {key}: {item['file']}:{item['line']}:{item['column']}")
            elif isinstance(item, list) and not any(isinstance(i, (dict, list)) for i in item):
                lines.append(f"{pad}  {key}: " + ", ".join(repr(i) for i in item))
            elif isinstance(item, (dict, list)):
                lines.append(f"{pad}  {key}:")
                lines.extend(_text(item, depth + 2))
            else:
                lines.append(f"{pad}  {key}: {item}")
        return lines
    if isinstance(value, list):
        return [line for item in value for line in _text(item, depth)]
    return [f"{pad}{value}"]


def run(args: argparse.Namespace) -> int:
    source = read_source(args.file)
    if not isinstance(source, Source):
        print_diagnostics([source])
        return exit_code([source])
    fragment, problems = parse(source)
    if args.json:
        print_json({"schema": "statute.parse/1", "file": source.file,
                    "fragment": _plain(fragment) if fragment is not None else None,
                    "diagnostics": [d.to_json() for d in problems]})
        return exit_code(problems)
    if problems:
        print_diagnostics(problems)
    if fragment is None:
        return exit_code(problems)
    if args.tree:
        print(parse_tree(source.text).pretty())
    else:
        print("\n".join(_text(_plain(fragment))))
    return exit_code(problems)
