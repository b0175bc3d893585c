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
from dataclasses import dataclass

from statute.diagnostics import CODES, Diagnostic, Severity, did_you_mean
from statute.source import STRING_OR_COMMENT

_ALLOW = re.compile(r"(?:^|(?<=\s))#\s*statute\s*:\s*allow\s+([A-Za-z]\d{3}(?:\s*,\s*[A-Za-z]\d{3})*)")


@dataclass(frozen=True)
class Allow:
    """One ``# statute: allow …`` comment: where it is and the codes it names (upper-cased)."""

    line: int
    column: int
    codes: tuple[str, ...]


def _codes(comment: str) -> tuple[int, tuple[str, ...]] | None:
    """Where in a comment its ``statute: allow`` starts, and the codes it names."""
    found = _ALLOW.search(comment)
    if found is None:
        return None
    return found.start(), tuple(code.strip().upper() for code in found.group(1).split(","))


def allows(text: str) -> dict[int, Allow]:
    """Every ``allow`` comment of a file by line, found by a scan that steps over strings.

    Line by line, a ``#`` inside a triple-quoted note would look like a comment.
    """
    if "allow" not in text or "statute" not in text:  # the common case: no scan at all
        return {}
    out: dict[int, Allow] = {}
    line, counted = 1, 0
    for match in STRING_OR_COMMENT.finditer(text):
        if match.group()[0] != "#":
            continue
        found = _codes(match.group())
        if found is None:
            continue
        line += text.count("\n", counted, match.start())
        counted = match.start()
        column = match.start() - text.rfind("\n", 0, match.start()) + found[0]
        out[line] = Allow(line, column, found[1])
    return out


def allowed_codes(line: str) -> frozenset[str]:
    """The codes a single line's ``# statute: allow …`` comment names (upper-cased)."""
    found = allows(line).get(1)
    return frozenset(found.codes) if found else frozenset()


def suppress(diagnostics: Iterable[Diagnostic], texts_by_file: dict[str, str],
             report_unused: bool = False) -> list[Diagnostic]:
    """Drop the warnings whose line carries an ``allow`` comment naming their code.

    With ``report_unused`` (the lints ran), add a W407 for every code an ``allow`` comment
    names that silenced nothing on its line.
    """
    comments = {file: allows(text) for file, text in texts_by_file.items()}
    out: list[Diagnostic] = []
    used: set[tuple[str, int, str]] = set()
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.WARNING and diagnostic.file is not None and diagnostic.line:
            allow = comments.get(diagnostic.file, {}).get(diagnostic.line)
            if allow is not None and diagnostic.code in allow.codes:
                used.add((diagnostic.file, diagnostic.line, diagnostic.code))
                continue
        out.append(diagnostic)
    if report_unused:  # the lints' own order: by file, line, column, code
        out = sorted([*out, *_unused(comments, used)], key=Diagnostic.sort_key)
    return out


def _unused(comments: dict[str, dict[int, Allow]], used: set[tuple[str, int, str]]) -> Iterator[Diagnostic]:
    """W407 for each code of an ``allow`` comment that silenced nothing on its line."""
    warnings = sorted(code for code in CODES if code.startswith("W"))
    for file, by_line in comments.items():
        for number, allow in by_line.items():
            for code in allow.codes:
                if (file, number, code) in used:
                    continue
                if code not in CODES:
                    message = f"'# statute: allow {code}' names no diagnostic code"
                    hint = did_you_mean(code, warnings) or "`statute docs language` lists the codes"
                elif not code.startswith("W"):
                    message = (f"'# statute: allow {code}' has no effect: {code} is an error, "
                               "and errors cannot be silenced")
                    hint = "fix what the error says; only warnings (W4xx) can be allowed"
                else:
                    message = f"'# statute: allow {code}' silences nothing: no {code} ({CODES[code]}) on this line"
                    hint = "delete the comment, or move it to the line the warning points at"
                yield Diagnostic(Severity.WARNING, "W407", message, file, number, allow.column, hint=hint)
