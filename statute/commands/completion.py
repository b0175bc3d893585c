"""``statute completion SHELL``: print a tab-completion script for bash, zsh or tcsh.

The script is generated from the command line's own argparse definition by shtab, so it
knows every command and option statute has, and ACT arguments complete to the bundled
Acts' names as well as to files. Install it once, e.g.::

    statute completion bash > ~/.local/share/bash-completion/completions/statute
    statute completion zsh  > "${fpath[1]}/_statute"
"""

from __future__ import annotations

import argparse
import sys

from statute.commands.common import EXIT_OK

SHELLS = ("bash", "zsh", "tcsh")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("completion", help="print a tab-completion script for bash, zsh or tcsh",
                            description="Print a shell completion script generated from statute's own "
                                        "commands and options (install it where your shell reads completions).")
    parser.add_argument("shell", choices=SHELLS, metavar="SHELL", help="one of: " + ", ".join(SHELLS))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import shtab

    sys.stdout.write(shtab.complete(args.root_parser, shell=args.shell))
    return EXIT_OK
