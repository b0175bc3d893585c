"""Diagnostics: what went wrong, where, and what to do about it.

Every user error in statute — bad syntax, an unknown phrase, a wrong slot, an
unreadable file — becomes a :class:`Diagnostic`, never a Python traceback. A
diagnostic is plain data; :func:`render` turns it into the compiler-style text a
drafter reads (``file:line:col``, the source line, a caret, a hint) and
:meth:`Diagnostic.to_json` into the shape ``statute check --json`` prints.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from statute.model import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


#: Every diagnostic code with a one-line summary; grammar/README.md lists them.
CODES: dict[str, str] = {
    # E0xx: reading files
    "E001": "file cannot be read",
    "E002": "file is not valid UTF-8",
    "E003": "file is empty",
    "E004": "no .law files found",
    # E1xx: syntax
    "E100": "syntax error",
    "E101": "bad indentation",
    "E102": "tab in indentation",
    "E103": "unterminated string",
    "E104": "unexpected character",
    "E105": "input too deeply nested",
    # E2xx: structure of provisions
    "E200": "unknown field",
    "E201": "missing field",
    "E202": "field not allowed here",
    "E203": "field given twice",
    "E204": "bad slot name",
    "E205": "bad value",
    "E206": "no act header",
    "E207": "more than one act header",
    # E3xx: names and references
    "E300": "duplicate id",
    "E301": "reference to an unknown provision",
    "E302": "reference to the wrong kind of provision",
    "E303": "unknown phrase",
    "E304": "phrase declared twice",
    "E305": "wrong kind of phrase",
    "E306": "unbound slot",
    "E307": "slot bound twice",
    "E308": "negation inside a cycle",
    "E309": "circular reference between provisions",
    "E310": "circular priority",
    "E311": "status test names a slot its provision does not have",
    "E312": "deadline in another unit than its measure",
    # E32x: the language of real statutes (defences, presumptions, offenders, factors)
    "E320": "aggravating factor quantifies a party its offence names",
    "E321": "defence proved by a party its offence does not name",
    "E322": "presumption of a phrase a case cannot state",
    "E323": "fine limit that applies only on summary conviction",
    # E33x: time (dates, in-force periods, counted numbers, dated penalties)
    "E330": "not a date (malformed, impossible or out of range)",
    "E331": "repealed before it comes into force",
    "E332": "counted number without a phrase to count from",
    "E333": "two maxima for one mode of trial from the same day",
    # W4xx: lints
    "W400": "provision without a source",
    "W401": "unverified reading without a note",
    "W402": "duty whose breach nothing enforces",
    "W403": "exception that can never apply",
    "W404": "unused term",
    "W405": "double bind",
    "W406": "offence without a penalty",
    "W407": "allow comment that silences nothing",
    # X: internal
    "X999": "internal error",
}


def codes_table() -> str:
    """The Markdown table of :data:`CODES` that grammar/README.md embeds (a test keeps them equal).

    Regenerate with ``python -c "from statute.diagnostics import codes_table; print(codes_table())"``.
    """
    severity = {"E": "error", "W": "warning", "X": "error (a bug in statute)"}
    rows = ["| Code | Severity | Meaning |", "|------|----------|---------|"]
    rows.extend(f"| {code} | {severity[code[0]]} | {summary} |" for code, summary in CODES.items())
    return "\n".join(rows)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    end_column: int | None = None
    hint: str | None = None
    source_line: str | None = None

    @property
    def location(self) -> str:
        if self.file is None:
            return "statute"
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"

    def to_json(self) -> dict[str, object]:
        return {
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "hint": self.hint,
        }

    def sort_key(self) -> tuple:
        return (self.file or "", self.line or 0, self.column or 0, self.code, self.message)


def at(
    span: Span | None,
    code: str,
    message: str,
    *,
    hint: str | None = None,
    severity: Severity | None = None,
) -> Diagnostic:
    """A diagnostic at a span; severity follows the code's letter unless given."""
    if severity is None:
        severity = {"E": Severity.ERROR, "W": Severity.WARNING, "X": Severity.ERROR}.get(code[0], Severity.INFO)
    if span is None:
        return Diagnostic(severity, code, message, hint=hint)
    end = span.end_column if span.end_line == span.line else None
    return Diagnostic(severity, code, message, span.file, span.line, span.column, end, hint)


def with_source(diagnostic: Diagnostic, lines_by_file: dict[str, list[str]]) -> Diagnostic:
    """Attach the offending source line, so rendering needs no file access."""
    if diagnostic.source_line is not None or diagnostic.file is None or diagnostic.line is None:
        return diagnostic
    lines = lines_by_file.get(diagnostic.file)
    if not lines or not 0 < diagnostic.line <= len(lines):
        return diagnostic
    from dataclasses import replace

    return replace(diagnostic, source_line=lines[diagnostic.line - 1])


#: What a source line shows instead of a character that would act on the terminal rather than be seen:
#: controls become their Control Pictures (␀, ␛), lone surrogates and direction overrides U+FFFD.
#: One character for one, so the caret stays under the column.
_INVISIBLE = {**{code: 0x2400 + code for code in range(0x20)}, 0x7F: 0x2421,
              **{code: 0xFFFD for code in (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))}}


def _visible(line: str) -> str:
    line = line.translate(_INVISIBLE)
    if any("\ud800" <= char <= "\udfff" for char in line):
        line = "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in line)
    return line


def render(diagnostic: Diagnostic) -> str:
    """Compiler-style text: location, message, source line with a caret, hint."""
    out = [f"{diagnostic.location}: {diagnostic.severity}[{diagnostic.code}]: {diagnostic.message}"]
    if diagnostic.source_line is not None and diagnostic.line is not None:
        shown = _visible(diagnostic.source_line.rstrip("\r\n").expandtabs(1))
        if len(shown) > 200:  # very long lines: show a window around the column
            start = max(0, (diagnostic.column or 1) - 80)
            shown = shown[start : start + 160]
            column = (diagnostic.column or 1) - start
        else:
            column = diagnostic.column or 1
        gutter = f"{diagnostic.line:>5} | "
        out.append(gutter + shown)
        width = 1
        if diagnostic.end_column and diagnostic.end_column > (diagnostic.column or 1):
            width = min(diagnostic.end_column - (diagnostic.column or 1), max(1, len(shown) - column + 1))
        out.append(" " * (len(gutter) - 2) + "| " + " " * (column - 1) + "^" * width)
    if diagnostic.hint:
        out.append(f"  hint: {diagnostic.hint}")
    return "\n".join(out)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def closest(word: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The candidates nearest to a misspelt word, best first."""
    pool = list(dict.fromkeys(candidates))
    folded = {c.casefold(): c for c in pool}
    found = difflib.get_close_matches(word.casefold(), list(folded), n=n, cutoff=cutoff)
    return [folded[f] for f in found]


def did_you_mean(word: str, candidates: Iterable[str], quote: str = "'") -> str | None:
    matches = closest(word, candidates)
    if not matches:
        return None
    listed = " or ".join(f"{quote}{m}{quote}" for m in matches)
    return f"did you mean {listed}?"


def repeated_slot_hint(text: str, slots: tuple[str, ...]) -> str:
    """The hint for a phrase that names one slot twice, such as ``"{c} pays {c}'s agent"``.

    Usually the same party is meant in both places. The declaration must still name each place
    once; the *use* says that one party fills both, by repeating the slot in a condition. So the
    hint shows both forms, and a pronoun (``"{c} pays their agent"``) when one place is enough.
    """
    name = next((s for i, s in enumerate(slots) if s in slots[:i]), slots[0] if slots else "x")
    pattern = re.compile(r"\{\s*" + re.escape(name) + r"\s*\}('s\b)?")
    uses = list(pattern.finditer(text))
    if len(uses) < 2:
        return f"give each slot its own name, e.g. {{{name}}} and {{other {name}}}"
    second = uses[1]
    pronoun = "their" if second.group(1) else "themselves"
    same = text[: second.start()] + pronoun + text[second.end():]
    other = text[: second.start()] + "{other " + name + "}" + (second.group(1) or "") + text[second.end():]
    return (f"a declared phrase names each place once: declare {other!r}, and where the same party is meant "
            f"write the same slot in both places when you use it ({text!r} in a condition means one party); "
            f"or refer back in words: {same!r}")


class StatuteError(Exception):
    """Raised for user errors that stop a stage; carries its diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(render(d) for d in diagnostics))
