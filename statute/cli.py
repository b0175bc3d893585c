"""The ``statute`` command line: one sub-command per module in ``statute.commands``.

Exit codes (documented in the README and kept under test):

* 0 — done, and no errors were found;
* 1 — errors were found in the input (diagnostics were printed);
* 2 — usage error, or a file could not be read or written;
* 3 — an internal error: a bug in statute (one line on stderr, never a traceback);
* 130 — interrupted (Ctrl-C); 143 — terminated (SIGTERM), with temporary files removed.

Standard output that cannot be written (a full disk, ``> /dev/full``, a closed stdout) is
an I/O error like any other file: exit 2 and one line on stderr.

No user input ever ends in a Python traceback: anything unexpected is
reported as an internal error with exit code 3.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import errno
import io
import os
import re
import sys
from collections.abc import Sequence

import statute
from statute.commands import COMMANDS

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

#: argparse's words for a value outside ``choices`` (quoted up to Python 3.11, unquoted after)
_INVALID_CHOICE = re.compile(r"argument (?P<argument>[^:]+): invalid choice: '?(?P<given>[^'(]*?)'? "
                             r"\(choose from (?P<choices>[^)]*)\)")


class _Parser(argparse.ArgumentParser):
    """argparse that says what to do next instead of only 'invalid choice'."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        hint = f"`{self.prog} --help` lists the options"
        wrong = _INVALID_CHOICE.search(message)
        if wrong:  # `statute chek`: name the command (or choice) meant
            choices = [c.strip(" '\"") for c in wrong.group("choices").split(",")]
            near = difflib.get_close_matches(wrong.group("given"), choices, n=1, cutoff=0.6)
            if near:
                hint = f"did you mean `{self.prog} {near[0]}`?" if wrong.group("argument") == "COMMAND" \
                    else f"did you mean {near[0]!r}?"
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n  hint: {hint}\n")


class _Version(argparse.Action):
    """--version without reading package metadata on every start-up."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        print(f"statute {statute.__version__}")
        parser.exit(EXIT_OK)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="statute",
        description="Legislation as code: check Acts, evaluate cases, query the obligation graph.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.register(sub)
    parser.commands = sub.choices  # type: ignore[attr-defined]  # for _unknown: each command's parser
    parser.set_defaults(root_parser=parser)  # `statute completion` generates its script from it
    return parser


def _escape_what_cannot_be_printed() -> None:
    """Let stdout write what its encoding cannot hold as ``\\u`` escapes rather than fail.

    A file name with bytes that are not UTF-8 reaches Python as lone surrogates, and a terminal
    may not be UTF-8 at all (``PYTHONIOENCODING=ascii``, a Latin-1 locale): with the default
    strict errors, printing a diagnostic or a "—" ended in UnicodeEncodeError (exit 3).
    stderr already escapes.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError, io.UnsupportedOperation):
                reconfigure(errors="backslashreplace")


def _unknown(parser: argparse.ArgumentParser, args: argparse.Namespace, extras: list[str]) -> None:
    """Report arguments no parser took with the sub-command's usage and its nearest option.

    argparse reports them from the top-level parser (``statute [-h] COMMAND``), which does not
    say that ``statute coverage --jsn`` meant ``--json``.
    """
    commands: dict[str, argparse.ArgumentParser] = getattr(parser, "commands", {})
    owner = commands.get(getattr(args, "command", None) or "", parser)
    descended = True
    while descended:  # down to the deepest command used (`statute query ACT duties …`)
        descended = False
        for action in owner._actions:
            if not isinstance(action, argparse._SubParsersAction):
                continue
            chosen = getattr(args, action.dest, None)
            if isinstance(chosen, str) and chosen in action.choices:
                owner, descended = action.choices[chosen], True
                break
    options = [o for action in owner._actions for o in action.option_strings if o.startswith("--")]
    message = "unrecognized arguments: " + " ".join(extras)
    near = difflib.get_close_matches(extras[0].split("=")[0], options, n=1, cutoff=0.6)
    if near:
        message += f" (did you mean {near[0]}?)"
    owner.error(message)


class _ClosedStream(io.TextIOBase):
    """Stands in for a standard output the shell closed (``statute show >&-``): writing to it is an OSError."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _silence_stdout() -> None:
    """After stdout failed, point its descriptor at /dev/null so Python's exit-time flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def _stdout_problem(error: OSError) -> int:
    """One line for standard output that cannot be written; exit 2 (a closed pipe is the reader's choice: 0)."""
    reason = error.strerror or str(error)
    if error.filename:  # a file a command did not expect to fail on: still the system's, not a bug
        print(f"statute: cannot use {error.filename}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    _silence_stdout()
    if isinstance(error, BrokenPipeError):
        return EXIT_OK
    if error.errno == errno.EBADF:
        reason = "standard output is closed"
    print(f"statute: cannot write to standard output: {reason}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (never raise, so ``main([...])`` is safe to call in-process)."""
    from statute.files import Terminated, terminate_cleanly

    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    _escape_what_cannot_be_printed()
    parser = build_parser()
    try:
        args, extras = parser.parse_known_args(argv)
        if extras:
            _unknown(parser, args, extras)
    except SystemExit as stop:  # argparse exits for --help, --version and usage errors
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        with terminate_cleanly():
            code = int(args.run(args))
            sys.stdout.flush()  # inside the try: a full disk shows here, not at exit
        return code
    except KeyboardInterrupt:
        return 130
    except Terminated:
        return 143
    except OSError as error:  # the files statute writes are reported where they are written: this is stdout
        return _stdout_problem(error)
    except Exception as error:  # a bug in statute, never the user's fault
        print(f"statute: internal error: {error!r}\n  hint: this is a bug in statute; please report it "
              "with the command you ran", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
