"""``statute lsp``: the language server for editors, over stdin and stdout (docs/editors.md).

The server needs pygls and lsprotocol, and reads scenarios with pytest-bdd's Gherkin
machinery; the ``lsp`` extra installs them all. Without them the command says which extra
to install instead of failing on an import.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("lsp", help="run the language server for .law and .feature files (for editors)",
                            description="Run the Language Server Protocol server for .law and .feature files over "
                                        "stdin and stdout. Editors start it themselves: docs/editors.md says how.")
    parser.add_argument("--stdio", action="store_true",
                        help="speak LSP over stdin and stdout (the default and only transport; accepted because "
                             "some editors pass it)")
    parser.set_defaults(run=run)


def missing() -> str | None:
    """What to install when the server's libraries are missing, or None when they are there."""
    absent = [name for name in ("pygls", "lsprotocol", "pytest_bdd") if importlib.util.find_spec(name) is None]
    if not absent:
        return None
    return (f"statute lsp: {', '.join(absent)} {'is' if len(absent) == 1 else 'are'} not installed\n"
            "  hint: install the language server's extra: pip install 'statute[lsp]'")


def run(args: argparse.Namespace) -> int:
    problem = missing()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    from statute.lsp.server import serve

    serve()
    return 0
