"""The statute parser: statute text → :class:`~statute.model.Fragment` + diagnostics.

This package is the only part of statute that imports Lark
(tests/test_parse_package.py checks it). One module per job:

* :mod:`~statute.parse.grammar` — finding and loading the grammar, the
  indenter, Lark's cache;
* :mod:`~statute.parse.transform` — Lark's tree → model expressions and
  provision nodes, one method per grammar rule;
* :mod:`~statute.parse.fast` — the same rules run inside Lark's parse (no tree);
* :mod:`~statute.parse.provisions` — validating nodes into the model, one
  builder per kind of provision;
* :mod:`~statute.parse.errors` and :mod:`~statute.parse.syntax_errors` —
  Lark's exceptions → diagnostics, and the table of friendly syntax errors.

:func:`parse` is the entry point (:mod:`statute.parser` re-exports it).
"""

from __future__ import annotations

from typing import Any

from lark import Lark, Tree
from lark.exceptions import UnexpectedInput, VisitError

from statute import model as m
from statute.diagnostics import Diagnostic, Severity
from statute.gcpause import without_gc
from statute.parse.errors import (
    CONTENT_LINE,
    match_syntax_error,
    nested_too_deeply,
    pre_scan,
    scan,
    syntax_diagnostic,
)
from statute.parse.fast import parse_embedded
from statute.parse.grammar import MAX_NESTING, IndentationProblem, grammar_path, grammar_text, tree_parser
from statute.parse.provisions import Builder, label_eid
from statute.parse.syntax_errors import SYNTAX_ERRORS, SyntaxProblem
from statute.parse.transform import BuildError, TreeToNodes, TreeTransformer, too_deep, unquote
from statute.source import Source

__all__ = [
    "MAX_NESTING",
    "SYNTAX_ERRORS",
    "BuildError",
    "SyntaxProblem",
    "build_parser",
    "grammar_path",
    "grammar_text",
    "label_eid",
    "match_syntax_error",
    "parse",
    "parse_tree",
    "unquote",
]


def build_parser(strict: bool = False) -> Lark:
    """The Lark parser for the statute language (``strict=True`` for grammar tests)."""
    return tree_parser(strict)


def parse_tree(text: str) -> Tree:
    """The raw Lark tree, for debugging the grammar (``statute parse --tree``)."""
    return tree_parser().parse(text if text.endswith("\n") else text + "\n")


@without_gc
def parse(source: Source, fast: bool = True) -> tuple[m.Fragment | None, list[Diagnostic]]:
    """Parse one file. Returns its fragment (None on a syntax error) and diagnostics.

    Never raises for bad input: every problem, down to a Python recursion
    limit, comes back as a diagnostic with a position. ``fast=False`` skips the
    embedded transform and always builds a Lark tree first: the reference the
    fast path is tested against (same result).
    """
    if not source.text.strip():
        return None, [Diagnostic(Severity.ERROR, "E003", "the file is empty", source.file,
                                 hint='an Act file starts with a header such as `act "Title":`')]
    if CONTENT_LINE.search(source.text) is None:  # every line blank or a comment (a comment is one line)
        return None, [Diagnostic(Severity.ERROR, "E003", "the file is empty: it has only comments", source.file,
                                 hint='write the statute below them, starting with a header such as `act "Title":` '
                                      "(or a section, in the other files of a multi-file Act)")]
    problems = pre_scan(source)
    if problems:
        return None, problems
    text = source.text if source.text.endswith("\n") else source.text + "\n"
    embedded = parse_embedded(source.file, text) if fast else None
    if embedded is not None:
        return _fragment(source, *embedded)
    try:
        tree = tree_parser().parse(text)
    except IndentationProblem as error:
        return None, [Diagnostic(Severity.ERROR, error.code, error.message, source.file, error.line, error.column,
                                 hint=error.hint)]
    except UnexpectedInput as error:
        return None, [syntax_diagnostic(error, source, scan(source.text))]
    except RecursionError:  # pragma: no cover - the LALR parser is iterative
        return None, [nested_too_deeply(source)]
    deep = too_deep(tree)
    if deep is not None:
        meta = deep.meta
        return None, [nested_too_deeply(source, getattr(meta, "line", None), getattr(meta, "column", None))]
    rules = TreeToNodes(source.file)
    try:
        nodes = TreeTransformer(rules).transform(tree)
    except VisitError as error:
        original = error.orig_exc
        if isinstance(original, BuildError):
            return None, [original.diagnostic]
        failed_at = getattr(error.obj, "meta", None)
        line = getattr(failed_at, "line", None)
        if isinstance(original, RecursionError):
            return None, [nested_too_deeply(source, line, getattr(failed_at, "column", None))]
        return None, [Diagnostic(Severity.ERROR, "X999", f"internal error while reading the file: {original!r}",
                                 source.file, line, hint="this is a bug in statute; please report it with the file")]
    except RecursionError:
        return None, [nested_too_deeply(source)]
    return _fragment(source, nodes, rules.problems)


def _fragment(source: Source, nodes: list[Any], problems: list[Diagnostic]) -> tuple[m.Fragment, list[Diagnostic]]:
    builder = Builder(source.file)
    builder.top(nodes)
    fragment = m.Fragment(file=source.file, header=builder.header, terms=tuple(builder.terms),
                          sections=tuple(builder.sections), provisions=tuple(builder.provisions))
    return fragment, problems + builder.problems
