"""Sub-commands of ``statute``. Each module has ``register(subparsers)``; the
parser it adds sets ``run`` to a function ``(args) -> exit code``."""

from statute.commands import acts, check, coverage, explain, parse, run, show

COMMANDS = (check, acts, show, explain, parse, run, coverage)
