"""Suppression comments: ``# statute: allow W404`` silences a warning on its line.

A legal engineer sometimes keeps something a lint complains about on purpose —
a term declared only for scenarios, a duty that the Act really leaves
unenforced. The comment says so where it happens, with the reason after it::

    "{person} is a shop assistant"   # statute: allow W404 — a role outside the duty, for scenarios

Several codes may be listed, comma-separated (``# statute: allow W402, W405``).
The comment applies to diagnostics that point at the same line. Only warnings
can be silenced: an error means the Act cannot be trusted to mean anything, so
an ``allow`` naming an error code has no effect.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from statute.diagnostics import Diagnostic, Severity

_ALLOW = re.compile(r"#\s*statute\s*:\s*allow\s+([A-Za-z]\d{3}(?:\s*,\s*[A-Za-z]\d{3})*)")


def _comment(line: str) -> str | None:
    """The comment part of a line (after a ``#`` that is not inside a string)."""
    in_string = False
    escaped = False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\" and in_string:
            escaped = True
        elif char == '"':
            in_string = not in_string
        elif char == "#" and not in_string:
            return line[index:]
    return None


def allowed_codes(line: str) -> frozenset[str]:
    """The codes a line's ``# statute: allow …`` comment names (upper-cased)."""
    comment = _comment(line)
    if comment is None:
        return frozenset()
    match = _ALLOW.search(comment)
    if match is None:
        return frozenset()
    return frozenset(code.strip().upper() for code in match.group(1).split(","))


def suppress(diagnostics: Iterable[Diagnostic], lines_by_file: dict[str, list[str]]) -> list[Diagnostic]:
    """Drop the warnings whose line carries an ``allow`` comment naming their code."""
    out: list[Diagnostic] = []
    cache: dict[tuple[str, int], frozenset[str]] = {}
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.WARNING and diagnostic.file is not None and diagnostic.line:
            key = (diagnostic.file, diagnostic.line)
            if key not in cache:
                lines = lines_by_file.get(diagnostic.file) or []
                cache[key] = allowed_codes(lines[diagnostic.line - 1]) if diagnostic.line <= len(lines) else frozenset()
            if diagnostic.code in cache[key]:
                continue
        out.append(diagnostic)
    return out
