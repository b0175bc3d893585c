"""Sub-commands of ``statute``. Each module has ``register(subparsers)``; the
parser it adds sets ``run`` to a function ``(args) -> exit code``."""

from statute.commands import acts, check, coverage, diff, docs, explain, graph, lsp, parse, phrases, query, run, show

COMMANDS = (check, acts, show, phrases, explain, query, graph, diff, coverage, parse, run, docs, lsp)
