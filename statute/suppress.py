"""Suppression comments: ``# statute: allow W404`` silences a warning on its line.

A legal engineer sometimes keeps something a lint complains about on purpose —
a term declared only for scenarios, a duty that the Act really leaves
unenforced. The comment says so where it happens, with the reason after it::

    "{person} is a shop assistant"   # statute: allow W404 — a role outside the duty, for scenarios

Several codes may be listed, comma-separated (``# statute: allow W402, W405``).
The comment applies to diagnostics that point at the same line. Only warnings
can be silenced: an error means the Act cannot be trusted to mean anything, so
an ``allow`` naming an error code has no effect.

An ``allow`` that silences nothing is itself a warning (W407), as ruff reports an
unused ``noqa``: the lint it was written for has gone (the term is now read, the
duty now enforced), or it names a code that does not exist or cannot be silenced,
and a stale comment would hide the next real warning on that line. It is judged
only when the lints ran, that is when the Act has no errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from statute.diagnostics import CODES, Diagnostic, Severity, did_you_mean

_ALLOW = re.compile(r"(?:^|(?<=\s))#\s*statute\s*:\s*allow\s+([A-Za-z]\d{3}(?:\s*,\s*[A-Za-z]\d{3})*)")


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


def suppress(diagnostics: Iterable[Diagnostic], lines_by_file: dict[str, list[str]],
             report_unused: bool = False) -> list[Diagnostic]:
    """Drop the warnings whose line carries an ``allow`` comment naming their code.

    With ``report_unused`` (the lints ran), add a W407 for every code an ``allow`` comment
    names that silenced nothing on its line.
    """
    out: list[Diagnostic] = []
    cache: dict[tuple[str, int], frozenset[str]] = {}
    used: set[tuple[str, int, str]] = set()
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.WARNING and diagnostic.file is not None and diagnostic.line:
            key = (diagnostic.file, diagnostic.line)
            if key not in cache:
                lines = lines_by_file.get(diagnostic.file) or []
                cache[key] = allowed_codes(lines[diagnostic.line - 1]) if diagnostic.line <= len(lines) else frozenset()
            if diagnostic.code in cache[key]:
                used.add((diagnostic.file, diagnostic.line, diagnostic.code))
                continue
        out.append(diagnostic)
    if report_unused:  # the lints' own order: by file, line, column, code
        out = sorted([*out, *_unused(lines_by_file, used)], key=Diagnostic.sort_key)
    return out


def _unused(lines_by_file: dict[str, list[str]], used: set[tuple[str, int, str]]) -> Iterator[Diagnostic]:
    """W407 for each code of an ``allow`` comment that silenced nothing on its line."""
    warnings = sorted(code for code in CODES if code.startswith("W"))
    for file, lines in lines_by_file.items():
        for number, line in enumerate(lines, 1):
            if "allow" not in line or "statute" not in line:  # cheap filter: most lines have neither
                continue
            comment = _comment(line)
            if comment is None or not (match := _ALLOW.search(comment)):
                continue
            column = len(line) - len(comment) + match.start() + 1
            for code in (c.strip().upper() for c in match.group(1).split(",")):
                if (file, number, code) in used:
                    continue
                if code not in CODES:
                    message = f"'# statute: allow {code}' names no diagnostic code"
                    hint = did_you_mean(code, warnings) or "the codes are listed in grammar/README.md"
                elif not code.startswith("W"):
                    message = (f"'# statute: allow {code}' has no effect: {code} is an error, "
                               "and errors cannot be silenced")
                    hint = "fix what the error says; only warnings (W4xx) can be allowed"
                else:
                    message = f"'# statute: allow {code}' silences nothing: no {code} ({CODES[code]}) on this line"
                    hint = "delete the comment, or move it to the line the warning points at"
                yield Diagnostic(Severity.WARNING, "W407", message, file, number, column, hint=hint)
