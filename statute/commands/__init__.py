"""Sub-commands of ``statute``. Each module has ``register(subparsers)``; the
parser it adds sets ``run`` to a function ``(args) -> exit code``."""

from statute.commands import (
    acts,
    batch,
    check,
    completion,
    coverage,
    diff,
    docs,
    explain,
    graph,
    impact,
    lsp,
    parse,
    phrases,
    query,
    run,
    show,
)

COMMANDS = (check, acts, show, phrases, explain, query, graph, diff, coverage, parse, run, docs, lsp, batch, impact,
            completion)
