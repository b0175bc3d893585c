"""``statute docs [TOPIC]``: list the documents that ship with statute, or print one."""

from __future__ import annotations

import argparse
import sys

from statute.commands.common import EXIT_OK, EXIT_USAGE
from statute.diagnostics import did_you_mean
from statute.docs import TOPICS, topic_path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("docs", help="list the documents that ship with statute, or print one",
                            description="With no TOPIC, list the documents; with one, print it (Markdown).")
    parser.add_argument("topic", nargs="?", metavar="TOPIC", help="one of: " + ", ".join(TOPICS))
    parser.add_argument("--path", action="store_true", help="print where the document is instead of its text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.topic is None:
        width = max(map(len, TOPICS))
        for topic, (_, _, about) in TOPICS.items():
            print(f"{topic:<{width}}  {about}")
        return EXIT_OK
    if args.topic not in TOPICS:
        hint = did_you_mean(args.topic, TOPICS) or "`statute docs` lists them"
        print(f"statute docs: error: no document called {args.topic!r}\n  hint: {hint}", file=sys.stderr)
        return EXIT_USAGE
    path = topic_path(args.topic)
    if path is None:
        print(f"statute docs: error: the {args.topic} document is missing from this installation\n"
              "  hint: reinstall statute", file=sys.stderr)
        return EXIT_USAGE
    if args.path:
        print(path)
    else:
        sys.stdout.write(path.read_text(encoding="utf-8"))
    return EXIT_OK
