"""The parser façade: ``from statute.parser import parse``.

The parser itself is the :mod:`statute.parse` package (one module per job);
this module keeps the names the rest of statute, the tests and users import.
"""

from __future__ import annotations

from statute.parse import (
    MAX_NESTING,
    SYNTAX_ERRORS,
    BuildError,
    SyntaxProblem,
    build_parser,
    grammar_path,
    grammar_text,
    label_eid,
    match_syntax_error,
    parse,
    parse_tree,
    unquote,
)

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
