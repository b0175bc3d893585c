"""Lark's parse → statute's model: one method per grammar rule.

Expressions (phrases, comparisons, status tests, ``and``/``or``/``not``,
blocks, quantifiers) become :mod:`statute.model` objects right away; headers,
sections and provisions become :class:`Node`/:class:`Item`/:class:`Field`,
which :mod:`statute.parse.provisions` validates into the model.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any

from lark import Token, Transformer, Tree

from statute import calendar
from statute import model as m
from statute.diagnostics import Diagnostic, at
from statute.parse.grammar import MAX_NESTING


class BuildError(Exception):
    """A problem found while building the model that stops this provision."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class Field:
    key: str
    value: Any
    raw_kind: str  # STRING, NAME, NUMBER or VAR
    span: m.Span
    key_span: m.Span
    value_span: m.Span


@dataclass(frozen=True)
class Item:
    """One line of a provision body, before validation."""

    kind: str
    value: Any
    span: m.Span


@dataclass(frozen=True)
class Node:
    """An act header, a terms block, a section or a provision, before validation."""

    kind: str
    head: tuple[Any, ...]
    items: tuple[Any, ...]
    span: m.Span


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:8] + "…" + text[-8:] + f" ({len(text)} digits)"


def unquote(token: str) -> str:
    """The content of a ``"…"`` or ``\"\"\"…\"\"\"`` string, escapes resolved."""
    if token.startswith('"""'):
        body = token[3:-3]
        body = textwrap.dedent(body.strip("\n")) if "\n" in body else body
        body = body.strip()
    else:
        body = token[1:-1]
    return re.sub(r"\\(.)", lambda match: {"n": "\n", "t": "\t"}.get(match.group(1), match.group(1)), body,
                  flags=re.DOTALL)


_ALSO = object()  # marks "and" between sanctions: they may be imposed together


@dataclass(frozen=True)
class _Counts:
    """``counts days since "…"`` after a number term."""

    unit: str
    phrase: m.Phrase
    span: m.Span


@dataclass(frozen=True)
class _Since:
    """``from 2027-01-01`` in a penalty line (None when the date was refused)."""

    day: Any

_SLOT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_' -]*$")


class TreeToNodes:
    """Bottom-up, one method per grammar rule: children → lightweight nodes and model expressions.

    Expressions become model objects right away; provisions become
    :class:`Node` so that :mod:`statute.parse.provisions` can validate them
    with good messages. Each rule method takes ``(where, children)``: ``where``
    is what :meth:`_span` turns into a span (a Lark ``Meta`` on the tree
    path, a pair of tokens on the fast path). The methods are plain functions,
    so both paths call the same code: :class:`TreeTransformer` through Lark's
    public ``Transformer.__default__``, the fast path as embedded callbacks.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Diagnostic] = []

    # spans ------------------------------------------------------------------
    def _span(self, meta: Any) -> m.Span:
        if getattr(meta, "empty", True):
            return m.Span(self.file, 1, 1, 1, 1)
        return m.Span(self.file, meta.line, meta.column, meta.end_line, meta.end_column)

    def _tspan(self, token: Token) -> m.Span:
        return m.Span(self.file, token.line or 1, token.column or 1,
                      token.end_line or token.line or 1, token.end_column or token.column or 1)

    def _number(self, token: Token) -> float:
        """A NUMBER token's value; past 1e308 Python reads infinity, which no statute means (E205)."""
        value = float(token)
        if value == float("inf"):
            self.problems.append(at(self._tspan(token), "E205", f"the number {_short(str(token))} is too large",
                                    hint="numbers in a statute are at most 1e308; write the value the law states"))
            return 0.0
        return value

    def _slot(self, token: Token) -> str:
        name = re.sub(r"\s+", " ", str(token)[1:-1]).strip()
        if not _SLOT_NAME.match(name):
            self.problems.append(at(self._tspan(token), "E204", f"bad slot name {str(token)!r}",
                                    hint="a slot is a name in braces, such as {person} or {other child}"))
        return name

    def _phrase_of(self, token: Token) -> m.Phrase:
        text = unquote(str(token))
        words, slots = m.split_template(text)
        span = self._tspan(token)
        for name in slots:
            if not _SLOT_NAME.match(name):
                where = self._part_span(token, re.compile(r"\{[^{}]*\}"), lambda found, name=name: re.sub(
                    r"\s+", " ", found.group()[1:-1]).strip() == name)
                self.problems.append(at(where, "E204", f"bad slot name {{{name}}} in {text!r}",
                                        hint="a slot is a name that starts with a letter, in braces, such as "
                                             "{person} or {other child}"))
        if "{" in "".join(words) or "}" in "".join(words):
            where = self._part_span(token, re.compile(r"[{}]"), lambda found: True, unbalanced=True)
            self.problems.append(at(where, "E204", f"unbalanced braces in {text!r}",
                                    hint="each slot is written {name}, with one opening and one closing brace"))
        return m.Phrase(text, words, slots, span)

    def _part_span(self, token: Token, pattern: re.Pattern[str], accept: Any, unbalanced: bool = False) -> m.Span:
        """The span of the first match of ``pattern`` inside a token (for a caret on the bad part)."""
        raw = str(token)
        if unbalanced:  # the first brace that does not pair up
            depth = 0
            for index, char in enumerate(raw):
                depth += 1 if char == "{" else -1 if char == "}" else 0
                if depth < 0 or depth > 1 or (char == "{" and "}" not in raw[index:]):
                    return self._offset_span(token, index, index + 1)
            return self._tspan(token)
        for found in pattern.finditer(raw):
            if accept(found):
                return self._offset_span(token, found.start(), found.end())
        return self._tspan(token)

    def _offset_span(self, token: Token, start: int, end: int) -> m.Span:
        """A span for ``token[start:end]``, counting lines inside long strings."""
        raw = str(token)
        line = (token.line or 1) + raw.count("\n", 0, start)
        newline = raw.rfind("\n", 0, start)
        column = (start - newline) if newline >= 0 else (token.column or 1) + start
        return m.Span(self.file, line, column, line, column + (end - start))

    # top level --------------------------------------------------------------
    def start(self, meta: Any, children: list[Any]) -> list[Any]:
        return children

    def act(self, meta: Any, children: list[Any]) -> Node:
        return Node("act", (unquote(children[0]),), tuple(children[1:]), self._span(meta))

    def field(self, meta: Any, children: list[Any]) -> Field:
        key, value = children
        if value.type == "STRING":
            parsed: Any = unquote(value)
        elif value.type == "NUMBER":
            parsed = self._number(value)
        elif value.type == "VAR":
            parsed = self._slot(value)
        else:
            parsed = str(value)
        return Field(str(key), parsed, value.type, self._span(meta), self._tspan(key), self._tspan(value))

    def terms(self, meta: Any, children: list[Any]) -> Node:
        return Node("terms", (), tuple(children), self._span(meta))

    def term_kind(self, meta: Any, children: list[Any]) -> str:
        return str(children[0])

    def term_decl(self, meta: Any, children: list[Any]) -> m.Term:
        counts = children.pop() if children and isinstance(children[-1], _Counts) else None
        kind = m.TermKind(children[0]) if len(children) == 2 else m.TermKind.FACT
        phrase = self._phrase_of(children[-1])
        if counts is None:
            return m.Term(phrase.text, phrase.words, phrase.slots, kind, phrase.span)
        return m.Term(phrase.text, phrase.words, phrase.slots, kind, phrase.span, since=counts.phrase,
                      since_unit=counts.unit)

    def counts(self, meta: Any, children: list[Any]) -> _Counts:
        unit = str(children[0])
        return _Counts(unit if unit.endswith("s") else unit + "s", self._phrase_of(children[1]), self._span(meta))

    # time -------------------------------------------------------------------
    def _date(self, token: Token) -> Any:
        """A DATE token's day; a malformed, impossible or out-of-range date is E330 at the token."""
        try:
            return calendar.parse_date(str(token))
        except calendar.DateProblem as problem:
            self.problems.append(at(self._tspan(token), "E330", problem.message, hint=problem.hint))
            return None

    def commencement(self, meta: Any, children: list[Any]) -> Item:
        token = children[0]
        if token.type == "DATE":
            return Item("in force", m.InForce(start=self._date(token), span=self._span(meta)), self._span(meta))
        return Item("in force", m.InForce(appointed=str(token), span=self._span(meta)), self._span(meta))

    def repeal(self, meta: Any, children: list[Any]) -> Item:
        return Item("repealed", m.InForce(end=self._date(children[0]), span=self._span(meta)), self._span(meta))

    def penalty_since(self, meta: Any, children: list[Any]) -> _Since:
        return _Since(self._date(children[0]))

    def section_kind(self, meta: Any, children: list[Any]) -> str:
        return str(children[0])

    def section(self, meta: Any, children: list[Any]) -> Node:
        kind, number = children[0], str(children[1])
        rest = children[2:]
        heading = None
        if rest and isinstance(rest[0], Token):
            heading = unquote(rest[0])
            rest = rest[1:]
        return Node("section", (kind, number, heading), tuple(rest), self._span(meta))

    # provisions -------------------------------------------------------------
    def provision_kind(self, meta: Any, children: list[Any]) -> str:
        return " ".join(str(c) for c in children)

    def targets(self, meta: Any, children: list[Any]) -> tuple[m.Reference, ...]:
        return tuple(m.Reference(str(c), "to", self._tspan(c)) for c in children)

    def provision(self, meta: Any, children: list[Any]) -> Node:
        kind, name = children[0], children[1]
        rest = list(children[2:])
        label = None
        targets: tuple[m.Reference, ...] = ()
        if rest and isinstance(rest[0], Token) and rest[0].type == "LABEL":
            label = str(rest.pop(0))
        if rest and isinstance(rest[0], tuple):
            targets = rest.pop(0)
        return Node("provision", (kind, str(name), label, targets, self._tspan(name)), tuple(rest), self._span(meta))

    def holder(self, meta: Any, children: list[Any]) -> Item:
        var = next(c for c in children if isinstance(c, Token) and c.type == "VAR")
        return Item("holder", self._slot(var), self._span(meta))

    def condition(self, meta: Any, children: list[Any]) -> Item:
        return Item("when", children[0], self._span(meta))

    def modal(self, meta: Any, children: list[Any]) -> Item:
        word = re.sub(r"\s+", " ", str(children[0]))
        return Item("modal", (m.Modality(word), children[1]), self._span(meta))

    def within(self, meta: Any, children: list[Any]) -> Item:
        amount, unit = self._number(children[0]), str(children[1])
        unit = unit if unit.endswith("s") else unit + "s"
        measured = self._phrase_of(children[2]) if len(children) > 2 else None
        return Item("within", (m.Duration(amount, unit), measured), self._span(meta))

    def priority(self, meta: Any, children: list[Any]) -> Item:
        word = re.sub(r"\s+", " ", str(children[0]))
        return Item(word, tuple(m.Reference(str(c), word, self._tspan(c)) for c in children[1:]), self._span(meta))

    def aggravates(self, meta: Any, children: list[Any]) -> Item:
        return Item("aggravates", tuple(m.Reference(str(c), "aggravates", self._tspan(c)) for c in children),
                     self._span(meta))

    def meaning(self, meta: Any, children: list[Any]) -> Item:
        return Item("means", (self._phrase_of(children[0]), children[1]), self._span(meta))

    def presumes(self, meta: Any, children: list[Any]) -> Item:
        return Item("presumes", self._phrase_of(children[0]), self._span(meta))

    def unless(self, meta: Any, children: list[Any]) -> Item:
        return Item("unless", children[0], self._span(meta))

    # penalties --------------------------------------------------------------
    def trial_mode(self, meta: Any, children: list[Any]) -> m.TrialMode:
        return m.TrialMode.INDICTMENT if str(children[0]) == "indictment" else m.TrialMode.SUMMARY

    def duration(self, meta: Any, children: list[Any]) -> m.Duration:
        unit = str(children[1])
        return m.Duration(self._number(children[0]), unit if unit.endswith("s") else unit + "s")

    def imprisonment(self, meta: Any, children: list[Any]) -> m.Imprisonment:
        value = children[0]
        if isinstance(value, m.Duration):
            return m.Imprisonment(value)
        return m.Imprisonment(None, unquote(value))

    def fine_level(self, meta: Any, children: list[Any]) -> str:
        return f"level {children[0]} on the standard scale"

    def statutory_maximum(self, meta: Any, children: list[Any]) -> str:
        return "the statutory maximum"

    def prescribed_sum(self, meta: Any, children: list[Any]) -> str:
        return "the prescribed sum"

    def fine(self, meta: Any, children: list[Any]) -> m.Fine:
        limit = children[0] if children else None
        return m.Fine(str(limit) if limit is not None else None)

    def described_sanction(self, meta: Any, children: list[Any]) -> str:
        return unquote(children[0])

    def unstated(self, meta: Any, children: list[Any]) -> m.Penalty:
        return m.Penalty(m.TrialMode.UNSPECIFIED, stated=False)

    def also(self, meta: Any, children: list[Any]) -> object:
        return _ALSO

    def penalty(self, meta: Any, children: list[Any]) -> Item:
        mode = m.TrialMode.UNSPECIFIED
        imprisonment = fine = None
        described: list[str] = []
        cumulative = False
        stated = True
        since = None
        offender: m.Phrase | None = None
        for child in children:
            if isinstance(child, _Since):
                since = child.day
            elif isinstance(child, Token) and child.type == "STRING":
                offender = self._phrase_of(child)  # `on indictment for "{p} is a body corporate":`
            elif isinstance(child, m.Penalty):
                stated = False
            elif isinstance(child, m.TrialMode):
                mode = child
            elif isinstance(child, m.Imprisonment):
                imprisonment = child
            elif isinstance(child, m.Fine):
                fine = child
            elif (isinstance(child, Token) and child.type == "BOTH") or child is _ALSO:
                cumulative = True
            elif isinstance(child, str):
                described.append(child)
        span = self._span(meta)
        penalty = m.Penalty(mode, imprisonment, fine, tuple(described), cumulative, span, stated, since=since,
                            offender=offender)
        return Item("penalty", penalty, span)

    # conditions -------------------------------------------------------------
    def phrase(self, meta: Any, children: list[Any]) -> m.Phrase:
        return self._phrase_of(children[0])

    def comparator(self, meta: Any, children: list[Any]) -> m.Comparator:
        words = " ".join(str(c) for c in children)
        return m.Comparator({"is less than": "is under", "is more than": "is over"}.get(words, words))

    def comparison(self, meta: Any, children: list[Any]) -> m.Comparison:
        left, op, right = children
        if right.type == "NUMBER":
            operand: m.Phrase | m.Number = m.Number(self._number(right), self._tspan(right))
        else:
            operand = self._phrase_of(right)
        return m.Comparison(self._phrase_of(left), op, operand, self._span(meta))

    def relation(self, meta: Any, children: list[Any]) -> m.Relation:
        return m.Relation(" ".join(str(c) for c in children))

    def status(self, meta: Any, children: list[Any]) -> m.StatusTest:
        var, relation, name, *rest = children
        by = str(rest.pop()) if rest and rest[-1].type == "NAME" else None
        span = m.Span(self.file, var.line, var.column, name.end_line, name.end_column)  # ends at the id
        return m.StatusTest(self._slot(var), relation, str(name), span, tuple(self._slot(v) for v in rest), by)

    def negation(self, meta: Any, children: list[Any]) -> m.Not:
        return m.Not(children[0], self._span(meta))

    def and_expr(self, meta: Any, children: list[Any]) -> m.All:
        return m.All(tuple(children), self._span(meta))

    def or_expr(self, meta: Any, children: list[Any]) -> m.AnyOf:
        return m.AnyOf(tuple(children), self._span(meta))

    def quantifier(self, meta: Any, children: list[Any]) -> tuple[str, ...]:
        return tuple(self._slot(c) for c in children)

    def some(self, meta: Any, children: list[Any]) -> m.Some:
        return m.Some(children[0], children[1], self._span(meta))

    some_block = some

    def block_op(self, meta: Any, children: list[Any]) -> str:
        return str(children[0])

    def block(self, meta: Any, children: list[Any]) -> m.Expr:
        op, operands = children[0], tuple(children[1:])
        span = self._span(meta)
        if op == "all":
            return m.All(operands, span)
        if op == "any":
            return m.AnyOf(operands, span)
        return m.Not(m.AnyOf(operands, span), span)


def rule_names() -> frozenset[str]:
    """The grammar rules :class:`TreeToNodes` handles: its public methods (helpers start with ``_``)."""
    return frozenset(name for name, value in vars(TreeToNodes).items()
                     if not name.startswith("_") and callable(value))


class TreeTransformer(Transformer[Token, Any]):
    """The tree path: Lark's tree (with positions) → nodes, by :class:`TreeToNodes`'s rules.

    Lark calls ``__default__`` for every rule that has no method of its own
    here — all of them — and this dispatches to the rule of the same name, or
    keeps the subtree for a rule the transform does not handle.
    """

    def __init__(self, rules: TreeToNodes) -> None:
        super().__init__(visit_tokens=False)
        self.rules = rules
        self._handled = rule_names()

    def __default__(self, data: Any, children: list[Any], meta: Any) -> Any:
        if data in self._handled:
            return getattr(self.rules, data)(meta, children)
        return super().__default__(data, children, meta)


#: Rules that nest conditions; their depth is what could exhaust Python's stack.
NESTING_RULES = frozenset({"negation", "and_expr", "or_expr", "some", "some_block", "block"})


def too_deep(tree: Tree) -> Tree | None:
    """The first condition nested more than MAX_NESTING levels deep (iteratively, no recursion)."""
    stack: list[tuple[Tree, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.data in NESTING_RULES:
            depth += 1
            if depth > MAX_NESTING:
                return node
        stack.extend((child, depth) for child in node.children if isinstance(child, Tree))
    return None
