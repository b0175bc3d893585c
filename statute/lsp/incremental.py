"""Re-parsing only the provision an edit touched.

The loader caches each file by content, so editing one file of a statute book re-parses one
file; but the bundled Acts are one file each, and a keystroke re-parsed all of it. When an
edit keeps the number of lines and stays inside one provision's block, this module parses
that block alone — the file with every other line blank except the headings of the sections
around it — and puts the new provision in place of the old in the file's last clean parse.

What the parser sees is laid out as in the file: the provision's lines at their own line
numbers, its sections' headings above it, and where the next item of the file begins, a
stand-in ``terms:`` block at the same place, so that every span (a block ends where the next
token starts) comes out as a whole-file parse makes it. Anything else — the masked parse
reporting a problem, finding other than one provision where the old one began, a changed line
outside the block — falls back to parsing the whole file, so diagnostics are always the
parser's own for the whole text. ``tests/test_lsp_incremental.py`` compares the two on every
provision of the bundled and toy Acts.
"""

from __future__ import annotations

from dataclasses import replace

from statute import model as m
from statute.parser import parse
from statute.source import Source


def _ancestor_lines(fragment: m.Fragment, provision: m.Provision) -> list[int]:
    """The 0-based heading lines of the sections around a provision, outermost first."""
    by_eid = {section.eid: section for section in fragment.sections}
    lines = []
    eid: str | None = provision.section
    while eid is not None and eid in by_eid:
        section = by_eid[eid]
        lines.append(section.span.line - 1)
        eid = section.parent
    return sorted(lines)


def _block(provision: m.Provision, lines: list[str]) -> tuple[int, int]:
    """The 0-based first and last line of a provision's block. Its span ends where the next item's first token
    is, so the block is the lines before that one; a provision that ends the file takes its last line too."""
    span = provision.span
    at_end = span.end_line == len(lines) and span.end_column == len(lines[-1]) + 1
    last = span.end_line - 1 if at_end else span.end_line - 2
    return span.line - 1, max(span.line - 1, last)


def reparse(file: str, old_text: str, old: m.Fragment, new_text: str) -> m.Fragment | None:
    """The fragment of ``new_text`` built from ``old`` (the clean parse of ``old_text``) by re-parsing the one
    provision the edit changed; None when the edit is not of that shape (then parse the whole file)."""
    old_lines, new_lines = old_text.split("\n"), new_text.split("\n")
    if len(old_lines) != len(new_lines):
        return None
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    if not changed:
        return old
    target = None
    for provision in old.provisions:
        if provision.span.file != file:
            return None
        first, last = _block(provision, old_lines)
        if first <= changed[0] and changed[-1] <= last:
            target = provision
            break
    if target is None:
        return None
    first, last = _block(target, old_lines)
    masked = [""] * len(new_lines)
    for line in _ancestor_lines(old, target):
        masked[line] = new_lines[line]
    masked[first:last + 1] = new_lines[first:last + 1]
    end = target.span
    if last < end.end_line - 1:  # the next item of the file starts here: a stand-in any level of the file accepts
        if end.end_line >= len(new_lines) or new_lines[end.end_line - 1][:end.end_column - 1].strip():
            return None
        indent = " " * (end.end_column - 1)
        masked[end.end_line - 1] = indent + "terms:"
        masked[end.end_line] = indent + '    "x"'
    fragment, problems = parse(Source(file, "\n".join(masked)))
    if fragment is None or problems:
        return None
    found = [p for p in fragment.provisions if p.span.line == target.span.line]
    if len(found) != 1 or len(fragment.provisions) != 1 or found[0].span != target.span:
        return None
    new = found[0]
    return replace(old, provisions=tuple(new if p is target else p for p in old.provisions))
