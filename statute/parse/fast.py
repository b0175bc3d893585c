"""The fast path: the same transform, run inside the parser.

Building a Lark tree with positions (propagate_positions=True) and then
transforming it costs more than the parse itself. The fast path runs the
rules of :class:`~statute.parse.transform.TreeToNodes` as Lark callbacks while parsing (Lark's
"embedded transformer"), so no tree is built. Lark cannot pass positions to
embedded callbacks, so the parser keeps every token (keep_all_tokens=True)
and each callback works out its own span exactly as Lark's
PropagatePositions would — from its first to its last token, including the
keywords and line ends the tree path filters out — then drops the tokens the
tree path would not have passed on. tests/test_parser_fast_path.py checks
that both paths give equal fragments. Any error (syntax, indentation, a bug)
falls back to the tree path, which owns every diagnostic.

Only public Lark API is used: the ``transformer=`` option (Lark's embedded
transformer, called with each rule's children), ``keep_all_tokens`` and the
parser's cache.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from lark import Lark, Token

from statute import model as m
from statute.diagnostics import Diagnostic
from statute.parse.grammar import MAX_NESTING, LawIndenter, cache_file, grammar_text, new_lark
from statute.parse.transform import NESTING_RULES, TreeToNodes, rule_names


class _Located:
    """A callback's value with the first and last token of the text it covers."""

    __slots__ = ("depth", "first", "last", "value")

    def __init__(self, value: Any, first: Token, last: Token, depth: int = 0) -> None:
        self.value = value
        self.first = first
        self.last = last
        self.depth = depth  # how many nested conditions it holds (see NESTING_RULES)


class _TooDeep(Exception):
    """Raised inside the embedded parse: the tree path then reports E105 with its position."""


class _EmbeddedNodes(TreeToNodes):
    """:class:`TreeToNodes` whose spans come from (first token, last token) pairs."""

    def _span(self, where: Any) -> m.Span:
        first, last = where
        return m.Span(self.file, first.line, first.column, last.end_line, last.end_column)


_TERMINAL_DEF = re.compile(r"^([A-Z][A-Z0-9_]*)(?:\.-?\d+)?\s*:", re.MULTILINE)
_KEEP_ALL_RULE = re.compile(r"^!\??([a-z_][a-z0-9_]*)\s*:", re.MULTILINE)


def token_filter(grammar: str) -> tuple[frozenset[str], frozenset[str]]:
    """(named terminals a tree keeps, rules that keep every token) — read from the grammar text.

    Lark drops anonymous keywords ("when", ":") and ``_NAME`` terminals from a
    rule's children unless the rule is written ``!rule``.
    """
    return frozenset(_TERMINAL_DEF.findall(grammar)), frozenset(_KEEP_ALL_RULE.findall(grammar))


class _Target:
    """The per-file transformer the embedded callbacks call into (set for each parse, under a lock)."""

    nodes: _EmbeddedNodes | None = None


def _callback(name: str, keep_all: bool, kept: frozenset[str], target: _Target) -> Any:
    function = getattr(TreeToNodes, name)  # a plain function: (self, where, children)
    nests = name in NESTING_RULES

    def callback(children: list[Any]) -> _Located:
        first, last = children[0], children[-1]
        if first.__class__ is _Located:
            first = first.first
        if last.__class__ is _Located:
            last = last.last
        values = []
        depth = 0
        for child in children:
            if child.__class__ is _Located:
                values.append(child.value)
                if child.depth > depth:
                    depth = child.depth
            elif keep_all or child.type in kept:
                values.append(child)
        if nests:
            depth += 1
            if depth > MAX_NESTING:
                raise _TooDeep
        return _Located(function(target.nodes, (first, last), values), first, last, depth)

    return callback


def _parenthesised(children: list[Any]) -> Any:
    """``"(" expr ")"``: the tree path passes the inner node up, spanning the parentheses as its container."""
    _, inner, _ = children
    if inner.__class__ is _Located:
        return _Located(inner.value, children[0], children[-1], inner.depth)
    return inner


def _embedded_callbacks(grammar: str, target: _Target) -> Any:
    from types import SimpleNamespace

    kept, keep_all = token_filter(grammar)
    rules = rule_names()
    namespace = SimpleNamespace(**{name: _callback(name, name in keep_all, kept, target) for name in rules})
    namespace.start = lambda children: [c.value if c.__class__ is _Located else c for c in children
                                        if c.__class__ is _Located]
    namespace.atom = _parenthesised
    return namespace


_EMBEDDED_TARGET = _Target()
_EMBEDDED_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _embedded_lark() -> Lark:
    grammar = grammar_text()
    return new_lark(
        grammar,
        False,
        parser="lalr",
        lexer="contextual",
        postlex=LawIndenter(),
        propagate_positions=False,
        keep_all_tokens=True,
        maybe_placeholders=False,
        transformer=_embedded_callbacks(grammar, _EMBEDDED_TARGET),
        cache=cache_file(grammar, "-embedded"),
    )


def parse_embedded(file: str, text: str) -> tuple[list[Any], list[Diagnostic]] | None:
    """Parse and transform in one pass; None when anything goes wrong (the tree path then reports it)."""
    try:
        parser = _embedded_lark()
        with _EMBEDDED_LOCK:
            nodes = _EmbeddedNodes(file)
            _EMBEDDED_TARGET.nodes = nodes
            try:
                result: list[Any] = parser.parse(text)  # type: ignore[assignment]  # the embedded start rule's list
            finally:
                _EMBEDDED_TARGET.nodes = None
    except Exception:  # every failure is diagnosed again, and reported, by the tree path
        return None
    return result, nodes.problems
