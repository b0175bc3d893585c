"""What the sub-commands share: loading Acts for the CLI, printing diagnostics."""

from __future__ import annotations

import importlib.util
import sys
from typing import Any, TextIO

from statute.diagnostics import Diagnostic, Severity, render
from statute.files import json_text
from statute.files import output_problem as output_problem  # every command writes through statute.files
from statute.files import write_atomic as write_atomic
from statute.loader import Loaded, load_path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


#: Errors about the path given rather than the statute in it: no such file, no .law files.
PATH_ERRORS = ("E001", "E004")


def plural(count: int, word: str) -> str:
    """``1 provision``, ``2 provisions``."""
    return f"{count} {word}{'s' * (count != 1)}"


def exit_code(diagnostics: list[Diagnostic]) -> int:
    """0 clean (warnings allowed), 2 when a path could not be read, 1 for any other error."""
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if not errors:
        return EXIT_OK
    if any(d.code in PATH_ERRORS for d in errors):
        return EXIT_USAGE
    return EXIT_ERRORS


def print_diagnostics(diagnostics: list[Diagnostic], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for diagnostic in diagnostics:
        print(render(diagnostic), file=stream)


def summary_line(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def load_for_cli(name_or_path: str) -> tuple[Loaded, int]:
    """Load an Act; print its diagnostics to stderr; return it with an exit code."""
    loaded = load_path(name_or_path)
    code = exit_code(loaded.diagnostics)
    if code != EXIT_OK:
        print_diagnostics(loaded.diagnostics)
    return loaded, code


def missing_extra(extra: str, *modules: str) -> str | None:
    """Why a command cannot run here: the optional extra it needs is not installed (None when it is).

    The core install is the API only; commands that drive pytest, a database or an editor
    name the extra that brings what they need rather than failing on an ImportError.
    """
    absent = [name for name in modules if importlib.util.find_spec(name) is None]
    if not absent:
        return None
    return (f"this needs {', '.join(absent)}, which the core install leaves out\n"
            f"  hint: pip install 'statute[{extra}]'")


def print_json(data: Any) -> None:
    print(json_text(data))
