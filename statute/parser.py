"""The parser façade: statute text → :class:`~statute.model.Fragment` + diagnostics.

This is the only module that imports Lark. It owns three jobs:

1. building the LALR parser from ``grammar/statute.lark`` (once, lazily);
2. turning Lark's exceptions into diagnostics a drafter can act on — syntax
   errors are matched against a table of labelled bad snippets
   (:data:`statute.syntax_errors.SYNTAX_ERRORS`, Lark's ``match_examples``
   technique, matched by LALR state number so that depth does not matter),
   after a few checks on the words of the line (a misspelt or misplaced
   heading, an unclosed bracket); indentation errors get the position Lark's
   ``DedentError`` lacks; input nested too deeply to process is refused (E105);
3. transforming the parse tree into frozen model dataclasses with spans.

Structural rules that a grammar would enforce badly (which fields a duty needs,
which keys are known) are checked while building, so the messages can name the
provision and suggest the nearest key instead of listing tokens.
"""

from __future__ import annotations

import re
import textwrap
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)
from lark.indenter import Indenter

from statute import model as m
from statute.diagnostics import Diagnostic, Severity, at, did_you_mean
from statute.gcpause import without_gc
from statute.source import STRING_OR_COMMENT, Source
from statute.syntax_errors import SYNONYMS, SYNTAX_ERRORS, SyntaxProblem

GRAMMAR_FILE = "statute.lark"
#: Parentheses, indentation levels or nested conditions; deeper input is refused
#: with E105 rather than exhausting Python's stack in a later (recursive) stage.
MAX_NESTING = 100


# ── Loading the grammar ──────────────────────────────────────────────────────


def grammar_path() -> Path:
    """Where ``statute.lark`` is: inside the installed wheel, else the checkout.

    A wheel carries the grammar as ``statute/grammar/statute.lark`` (hatch
    force-include); an editable install or a plain checkout reads the top-level
    ``grammar/`` folder that drafters and legal engineers edit.
    """
    packaged = resources.files("statute") / "grammar" / GRAMMAR_FILE
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "grammar" / GRAMMAR_FILE


def grammar_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


class _IndentationError(Exception):
    """Raised by :class:`_LawIndenter` with the position Lark's ``DedentError`` lacks."""

    def __init__(self, line: int, column: int, message: str, hint: str, code: str = "E101") -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint, self.code = line, column, message, hint, code


def _spaces(count: int) -> str:
    return f"{count} space{'s' * (count != 1)}"


class _LawIndenter(Indenter):
    """Lark's indenter, with positions on every token it makes and on every error.

    Lark's own ``DedentError`` says only "Unexpected dedent to column 6"; a
    drafter needs the line, the column and what the line should line up with.
    ``_INDENT``/``_DEDENT`` tokens are placed where the next line's text starts
    (Lark borrows the position of the newline before it), so that a syntax
    error about an unexpected block points at the line that starts it.
    """

    NL_type = "_NL"
    OPEN_PAREN_types = ("LPAR",)  # type: ignore[assignment]
    CLOSE_PAREN_types = ("RPAR",)  # type: ignore[assignment]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 8

    def handle_NL(self, token: Token) -> Iterator[Token]:
        if self.paren_level > 0:
            return
        yield token
        indent_str = token.rsplit("\n", 1)[-1] if "\n" in token else ""
        indent = indent_str.count(" ") + indent_str.count("\t") * self.tab_len
        line = token.end_line or token.line or 1
        column = indent + 1

        def placed(kind: str) -> Token:
            end = (token.end_pos or 0)
            return Token(kind, indent_str, end, line, column, line, column, end)

        if indent > self.indent_level[-1]:
            if len(self.indent_level) > MAX_NESTING:
                raise _IndentationError(line, column, f"the text is indented more than {MAX_NESTING} levels deep",
                                        f"statute accepts at most {MAX_NESTING} levels of indentation; "
                                        "split the provision or the section", code="E105")
            self.indent_level.append(indent)
            yield placed(self.INDENT_type)
            return
        deeper = self.indent_level[-1]
        while indent < self.indent_level[-1]:
            deeper = self.indent_level.pop()
            yield placed(self.DEDENT_type)
        if indent != self.indent_level[-1]:
            outer = self.indent_level[-1]
            raise _IndentationError(
                line, column,
                f"this line is indented by {_spaces(indent)}, which lines up with no block above it",
                f"lines of one block line up: indent it by {_spaces(deeper)} to continue the block above, "
                f"or by {_spaces(outer)} to close it",
            )


def _cache_file(grammar: str, variant: str = "") -> str | bool:
    """Where to keep Lark's analysed grammar between runs, or False for no cache.

    Building the LALR tables (and, when interegular is installed, Lark's
    terminal-collision analysis) costs about half a second; a warm cache loads
    in ~15 ms, which is most of ``statute check``'s start-up. Lark's cache is a
    pickle, so it lives in the user's own cache folder, never in a shared /tmp.
    Set ``STATUTE_CACHE_DIR`` to move it, or to an empty string to disable it.
    """
    import hashlib
    import os

    import lark

    base = os.environ.get("STATUTE_CACHE_DIR")
    if base == "":
        return False
    folder = Path(base) if base else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "statute"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
    return str(folder / f"grammar-{digest}-lark{lark.__version__}{variant}.cache")


_BUILD_LOCK = threading.Lock()


def _new_lark(grammar: str, strict: bool, **options: Any) -> Lark:
    """``Lark(grammar, **options)``; outside strict mode, without the terminal-collision analysis.

    When interegular is installed (statute's dev extra), Lark checks every pair of
    terminals for collisions whenever it builds a lexer: about 0.8 s on a cold
    start, most of it on Lark's own grammar-of-grammars, and only to log
    warnings nobody sees. The grammar tests build with ``strict=True``, where
    the check runs and a collision is an error; every other build skips it.
    """
    if strict:
        return Lark(grammar, strict=True, **options)
    import lark.lexer

    with _BUILD_LOCK:
        saved = getattr(lark.lexer, "has_interegular", False)
        lark.lexer.has_interegular = False
        try:
            return Lark(grammar, **options)
        finally:
            lark.lexer.has_interegular = saved


def _lark(strict: bool = False) -> Lark:
    """The one parser per mode (``_lark()`` and ``_lark(False)`` must be the same object:
    LALR state numbers differ between instances, and the error table is indexed by them)."""
    return _build_lark(bool(strict))


@lru_cache(maxsize=2)
def _build_lark(strict: bool) -> Lark:
    grammar = grammar_text()
    return _new_lark(
        grammar,
        strict,
        parser="lalr",
        lexer="contextual",
        postlex=_LawIndenter(),
        propagate_positions=True,
        maybe_placeholders=False,
        cache=False if strict else _cache_file(grammar),
    )


def build_parser(strict: bool = False) -> Lark:
    """The Lark parser for the statute language (``strict=True`` for grammar tests)."""
    return _lark(strict)


# ── Friendly syntax errors (the table is in statute.syntax_errors) ─────────────

@lru_cache(maxsize=1)
def _keyword_terminals() -> dict[str, str]:
    """Terminal name → the keyword it spells (``AND`` → ``and``, ``__ANON_0`` → ``number``)."""
    out = {t.name: t.pattern.value for t in _lark().terminals if t.pattern.type == "str"}
    out.update({"MUST_NOT": "must not", "NEED_NOT": "need not", "PRIORITY": "subject to"})
    return out


def _terminal_description(name: str) -> str:
    names = {
        "STRING": "a quoted phrase or text", "VAR": "a {slot}", "NAME": "a name",
        "NUMBER": "a number", "MONEY": "an amount such as £5,000", "TIME_UNIT": "a unit of time",
        "SECTION_NUMBER": "a section number", "LABEL": "a subsection label such as (1)",
        "_NL": "the end of the line", "_INDENT": "an indented block", "_DEDENT": "the end of the block",
        "$END": "the end of the file", "PRIORITY": "'subject to', 'notwithstanding'",
    }
    if name in names:
        return names[name]
    keyword = _keyword_terminals().get(name)
    if keyword is not None:
        return f"'{keyword}'"
    return "'" + name.lower().replace("_", " ") + "'"


def _describe_token(token: Token | None) -> str:
    if token is None or token.type == "$END":
        return "the end of the file"
    if token.type == "_NL":
        return "the end of the line"
    if token.type == "_INDENT":
        return "an indented line"
    if token.type == "_DEDENT":
        return "the end of an indented block"
    value = str(token)
    if len(value) > 40:
        value = value[:37] + "…"
    return repr(value)


def _expected_list(expected: set[str] | frozenset[str]) -> str:
    described = sorted({_terminal_description(name) for name in expected})
    # quoted keywords first, then descriptions ("a number"), then the end of the line/block/file
    described.sort(key=lambda text: (not text.startswith("'"), text.startswith("the end"), text))
    shown = described[:10]
    return ", ".join(shown) + (", …" if len(described) > len(shown) else "")


# ── Tree → model ─────────────────────────────────────────────────────────────


class BuildError(Exception):
    """A problem found while building the model that stops this provision."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class _Field:
    key: str
    value: Any
    raw_kind: str  # STRING, NAME, NUMBER or VAR
    span: m.Span
    key_span: m.Span
    value_span: m.Span


@dataclass(frozen=True)
class _Item:
    """One line of a provision body, before validation."""

    kind: str
    value: Any
    span: m.Span


@dataclass(frozen=True)
class _Node:
    """An act header, a terms block, a section or a provision, before validation."""

    kind: str
    head: tuple[Any, ...]
    items: tuple[Any, ...]
    span: m.Span


def _lasting(when: m.Expr | None, limit: m.Duration, measured: m.Phrase, span: m.Span) -> m.Expr:
    """A permission's condition with its measured deadline added: ``… and "<measure>" is at most <n>``.

    A duty's deadline says when it is breached (done, but late); a permission's says how long it
    lasts: "need not notify within 7 days measured by the days since …" excuses nothing on day 10.
    Writing it into the condition gives the evaluator, the explanations, the graph's reads and
    coverage's branches the same comparison a drafter could have written in ``when`` by hand.
    """
    lasts = m.Comparison(measured, m.Comparator.LE, m.Number(limit.amount, span), span)
    if when is None:
        return lasts
    operands = when.operands if isinstance(when, m.All) else (when,)
    return m.All((*operands, lasts), when.span)


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

_SLOT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_' -]*$")


@v_args(meta=True, inline=False)
class _TreeToNodes(Transformer):
    """Bottom-up: Lark tree → lightweight nodes and model expressions.

    Expressions become model objects right away; provisions become
    :class:`_Node` so that :func:`_build` can validate them with good messages.
    """

    def __init__(self, file: str) -> None:
        super().__init__(visit_tokens=False)
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

    def act(self, meta: Any, children: list[Any]) -> _Node:
        return _Node("act", (unquote(children[0]),), tuple(children[1:]), self._span(meta))

    def field(self, meta: Any, children: list[Any]) -> _Field:
        key, value = children
        if value.type == "STRING":
            parsed: Any = unquote(value)
        elif value.type == "NUMBER":
            parsed = self._number(value)
        elif value.type == "VAR":
            parsed = self._slot(value)
        else:
            parsed = str(value)
        return _Field(str(key), parsed, value.type, self._span(meta), self._tspan(key), self._tspan(value))

    def terms(self, meta: Any, children: list[Any]) -> _Node:
        return _Node("terms", (), tuple(children), self._span(meta))

    def term_kind(self, meta: Any, children: list[Any]) -> str:
        return str(children[0])

    def term_decl(self, meta: Any, children: list[Any]) -> m.Term:
        kind = m.TermKind(children[0]) if len(children) == 2 else m.TermKind.FACT
        phrase = self._phrase_of(children[-1])
        return m.Term(phrase.text, phrase.words, phrase.slots, kind, phrase.span)

    def section_kind(self, meta: Any, children: list[Any]) -> str:
        return str(children[0])

    def section(self, meta: Any, children: list[Any]) -> _Node:
        kind, number = children[0], str(children[1])
        rest = children[2:]
        heading = None
        if rest and isinstance(rest[0], Token):
            heading = unquote(rest[0])
            rest = rest[1:]
        return _Node("section", (kind, number, heading), tuple(rest), self._span(meta))

    # provisions -------------------------------------------------------------
    def provision_kind(self, meta: Any, children: list[Any]) -> str:
        return " ".join(str(c) for c in children)

    def targets(self, meta: Any, children: list[Any]) -> tuple[m.Reference, ...]:
        return tuple(m.Reference(str(c), "to", self._tspan(c)) for c in children)

    def provision(self, meta: Any, children: list[Any]) -> _Node:
        kind, name = children[0], children[1]
        rest = list(children[2:])
        label = None
        targets: tuple[m.Reference, ...] = ()
        if rest and isinstance(rest[0], Token) and rest[0].type == "LABEL":
            label = str(rest.pop(0))
        if rest and isinstance(rest[0], tuple):
            targets = rest.pop(0)
        return _Node("provision", (kind, str(name), label, targets, self._tspan(name)), tuple(rest), self._span(meta))

    def holder(self, meta: Any, children: list[Any]) -> _Item:
        var = next(c for c in children if isinstance(c, Token) and c.type == "VAR")
        return _Item("holder", self._slot(var), self._span(meta))

    def condition(self, meta: Any, children: list[Any]) -> _Item:
        return _Item("when", children[0], self._span(meta))

    def modal(self, meta: Any, children: list[Any]) -> _Item:
        word = re.sub(r"\s+", " ", str(children[0]))
        return _Item("modal", (m.Modality(word), children[1]), self._span(meta))

    def within(self, meta: Any, children: list[Any]) -> _Item:
        amount, unit = self._number(children[0]), str(children[1])
        unit = unit if unit.endswith("s") else unit + "s"
        measured = self._phrase_of(children[2]) if len(children) > 2 else None
        return _Item("within", (m.Duration(amount, unit), measured), self._span(meta))

    def priority(self, meta: Any, children: list[Any]) -> _Item:
        word = re.sub(r"\s+", " ", str(children[0]))
        return _Item(word, tuple(m.Reference(str(c), word, self._tspan(c)) for c in children[1:]), self._span(meta))

    def aggravates(self, meta: Any, children: list[Any]) -> _Item:
        return _Item("aggravates", tuple(m.Reference(str(c), "aggravates", self._tspan(c)) for c in children),
                     self._span(meta))

    def meaning(self, meta: Any, children: list[Any]) -> _Item:
        return _Item("means", (self._phrase_of(children[0]), children[1]), self._span(meta))

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

    def fine(self, meta: Any, children: list[Any]) -> m.Fine:
        limit = children[0] if children else None
        return m.Fine(str(limit) if limit is not None else None)

    def described_sanction(self, meta: Any, children: list[Any]) -> str:
        return unquote(children[0])

    def unstated(self, meta: Any, children: list[Any]) -> m.Penalty:
        return m.Penalty(m.TrialMode.UNSPECIFIED, stated=False)

    def also(self, meta: Any, children: list[Any]) -> object:
        return _ALSO

    def penalty(self, meta: Any, children: list[Any]) -> _Item:
        mode = m.TrialMode.UNSPECIFIED
        imprisonment = fine = None
        described: list[str] = []
        cumulative = False
        stated = True
        for child in children:
            if isinstance(child, m.Penalty):
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
        penalty = m.Penalty(mode, imprisonment, fine, tuple(described), cumulative, span, stated)
        return _Item("penalty", penalty, span)

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


# ── The same transform, run inside the parser ───────────────────────────────
#
# Building a Lark tree with positions (propagate_positions=True) and then
# transforming it costs more than the parse itself. The fast path runs the
# rules of :class:`_TreeToNodes` as Lark callbacks while parsing (Lark's
# "embedded transformer"), so no tree is built. Lark cannot pass positions to
# embedded callbacks, so the parser keeps every token (keep_all_tokens=True)
# and each callback works out its own span exactly as Lark's
# PropagatePositions would — from its first to its last token, including the
# keywords and line ends the tree path filters out — then drops the tokens the
# tree path would not have passed on. tests/test_parser_fast_path.py checks
# that both paths give equal fragments. Any error (syntax, indentation, a bug)
# falls back to the tree path, which owns every diagnostic.


class _Located:
    """A callback's value with the first and last token of the text it covers."""

    __slots__ = ("depth", "first", "last", "value")

    def __init__(self, value: Any, first: Token, last: Token, depth: int = 0) -> None:
        self.value = value
        self.first = first
        self.last = last
        self.depth = depth  # how many nested conditions it holds (see _NESTING_RULES)


class _TooDeep(Exception):
    """Raised inside the embedded parse: the tree path then reports E105 with its position."""


class _EmbeddedNodes(_TreeToNodes):
    """:class:`_TreeToNodes` whose spans come from (first token, last token) pairs."""

    def _span(self, where: Any) -> m.Span:
        first, last = where
        return m.Span(self.file, first.line, first.column, last.end_line, last.end_column)


_TERMINAL_DEF = re.compile(r"^([A-Z][A-Z0-9_]*)(?:\.-?\d+)?\s*:", re.MULTILINE)
_KEEP_ALL_RULE = re.compile(r"^!\??([a-z_][a-z0-9_]*)\s*:", re.MULTILINE)


def _token_filter(grammar: str) -> tuple[frozenset[str], frozenset[str]]:
    """(named terminals a tree keeps, rules that keep every token) — read from the grammar text.

    Lark drops anonymous keywords ("when", ":") and ``_NAME`` terminals from a
    rule's children unless the rule is written ``!rule``.
    """
    return frozenset(_TERMINAL_DEF.findall(grammar)), frozenset(_KEEP_ALL_RULE.findall(grammar))


class _Target:
    """The per-file transformer the embedded callbacks call into (set for each parse, under a lock)."""

    nodes: _EmbeddedNodes | None = None


def _callback(name: str, keep_all: bool, kept: frozenset[str], target: _Target) -> Any:
    rule = _TreeToNodes.__dict__[name]
    function = getattr(rule, "base_func", rule)  # the plain function under lark's v_args wrapper

    nests = name in _NESTING_RULES

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

    kept, keep_all = _token_filter(grammar)
    rules = {name for name, value in vars(_TreeToNodes).items()
             if not name.startswith("_") and hasattr(value, "base_func")}
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
    return _new_lark(
        grammar,
        False,
        parser="lalr",
        lexer="contextual",
        postlex=_LawIndenter(),
        propagate_positions=False,
        keep_all_tokens=True,
        maybe_placeholders=False,
        transformer=_embedded_callbacks(grammar, _EMBEDDED_TARGET),
        cache=_cache_file(grammar, "-embedded"),
    )


def _parse_embedded(file: str, text: str) -> tuple[list[Any], list[Diagnostic]] | None:
    """Parse and transform in one pass; None when anything goes wrong (the tree path then reports it)."""
    try:
        parser = _embedded_lark()
        with _EMBEDDED_LOCK:
            nodes = _EmbeddedNodes(file)
            _EMBEDDED_TARGET.nodes = nodes
            try:
                result = parser.parse(text)
            finally:
                _EMBEDDED_TARGET.nodes = None
    except Exception:  # every failure is diagnosed again, and reported, by the tree path
        return None
    return result, nodes.problems


# ── Validation of nodes into the model ───────────────────────────────────────

ACT_FIELDS = {"citation", "version", "extent", "source", "note", "confidence"}
SECTION_FIELDS = {"text", "source", "note", "confidence"}
PROVISION_FIELDS = {"name", "text", "source", "note", "confidence"}
KIND_FIELDS: dict[m.Kind, set[str]] = {
    m.Kind.DUTY: {"by", "to"},
    m.Kind.PROHIBITION: {"to"},
    m.Kind.PERMISSION: {"by", "to"},
    m.Kind.AGGRAVATING_FACTOR: {"effect"},
}
#: Which body lines each kind of provision takes (beyond fields).
KIND_ITEMS: dict[m.Kind, set[str]] = {
    m.Kind.DUTY: {"holder", "when", "modal", "within", "subject to", "notwithstanding"},
    m.Kind.PROHIBITION: {"holder", "when", "modal", "subject to", "notwithstanding"},
    m.Kind.PERMISSION: {"holder", "when", "modal", "within", "subject to", "notwithstanding"},
    m.Kind.OFFENCE: {"holder", "when", "penalty", "subject to", "notwithstanding"},
    m.Kind.CONSEQUENCE: {"holder", "when", "subject to", "notwithstanding"},
    m.Kind.DEFINITION: {"means"},
    m.Kind.EXCEPTION: {"when", "subject to", "notwithstanding"},
    m.Kind.AGGRAVATING_FACTOR: {"when", "aggravates", "subject to", "notwithstanding"},
}
_ITEM_WORDS = {"holder": "holder", "when": "when", "modal": "must/may", "within": "within",
               "subject to": "subject to", "notwithstanding": "notwithstanding", "aggravates": "aggravates",
               "penalty": "a penalty line", "means": "means"}
_HOLDER_WORD = {m.Kind.OFFENCE: "committed by", m.Kind.CONSEQUENCE: "faced by"}
#: The words each kind's body lines may start with, for "did you mean" on a misspelt one.
_KIND_KEYWORDS: dict[m.Kind, tuple[str, ...]] = {
    m.Kind.DUTY: ("holder", "when", "must", "within", "subject to", "notwithstanding"),
    m.Kind.PROHIBITION: ("holder", "when", "must not", "subject to", "notwithstanding"),
    m.Kind.PERMISSION: ("holder", "when", "may", "need not", "within", "subject to", "notwithstanding"),
    m.Kind.OFFENCE: ("committed by", "when", "on indictment", "on summary conviction", "penalty", "subject to",
                     "notwithstanding"),
    m.Kind.CONSEQUENCE: ("faced by", "when", "subject to", "notwithstanding"),
    m.Kind.DEFINITION: (),
    m.Kind.EXCEPTION: ("when", "subject to", "notwithstanding"),
    m.Kind.AGGRAVATING_FACTOR: ("aggravates", "when", "effect", "subject to", "notwithstanding"),
}
_MODALITIES = {
    m.Kind.DUTY: {m.Modality.MUST},
    m.Kind.PROHIBITION: {m.Modality.MUST_NOT},
    m.Kind.PERMISSION: {m.Modality.MAY, m.Modality.NEED_NOT},
}
_EID_PREFIX = m.EID_PREFIX


def _eid_part(prefix: str, number: str) -> str:
    return f"{prefix}_{re.sub(r'[^0-9A-Za-z]+', '-', number).strip('-')}"


def label_eid(label: str | None) -> str:
    """``(5)(b)`` → ``subsec_5__para_b`` (Akoma Ntoso naming)."""
    if not label:
        return ""
    parts = re.findall(r"\(([0-9A-Za-z]+)\)", label)
    names = ["subsec", "para", "subpara", "clause", "subclause"]
    return "__".join(f"{names[min(i, len(names) - 1)]}_{p}" for i, p in enumerate(parts))


def _misplaced_item_hint(item: _Item, kind: m.Kind) -> str:
    """Where a body line that does not belong in this kind of provision does belong."""
    if item.kind == "modal":
        fitting = [k for k, mods in _MODALITIES.items() if item.value[0] in mods]
        if fitting:
            return f"'{item.value[0]}' belongs in a {fitting[0]}"
    hints = {
        "penalty": "penalties belong to offences",
        "holder": "a definition's slots come from its phrase; an exception or aggravating factor uses its "
                  "target's slots",
        "when": "a definition states its condition after `means`: `\"<phrase>\" means <condition>`",
        "means": "only a definition says `means`",
        "aggravates": "only an aggravating factor says `aggravates <offence>`",
        "within": "only duties and permissions have a deadline",
        "subject to": "a definition has no priority: rank the provisions that use it",
        "notwithstanding": "a definition has no priority: rank the provisions that use it",
    }
    hint = hints.get(item.kind, "")
    return (hint + "; " if hint else "") + (
        f"is this line under the right heading? (the {kind} heading above it may be a line too early, "
        "or another provision's heading missing)")


class _Builder:
    """Validates nodes and builds the model, collecting diagnostics as it goes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Diagnostic] = []
        self.header: m.ActHeader | None = None
        self.terms: list[m.Term] = []
        self.sections: list[m.Section] = []
        self.provisions: list[m.Provision] = []

    def report(self, diagnostic: Diagnostic) -> None:
        self.problems.append(diagnostic)

    def _check_units(self, limit: m.Duration, measured: m.Phrase, span: m.Span) -> None:
        """``within 2 weeks measured by "the days since …"`` compares 2 with a count of days: E312.

        A measure whose phrase names no unit is read in the deadline's unit.
        """
        counts = m.phrase_unit(measured.text)
        if counts is None or counts == limit.unit:
            return
        converted = m.convert_time(limit.amount, limit.unit, counts)
        if converted is not None and converted != round(converted, 3):  # 2 days is 0.2857… weeks: no hint
            converted = None
        unit = counts[:-1] if converted == 1 else counts
        hint = (f"write `within {m.format_number(converted)} {unit}`" if converted is not None else
                f"state the limit in {counts}, or measure it by a phrase that counts {limit.unit}")
        self.report(at(span, "E312", f"the deadline is in {limit.unit} but its measure {measured.text!r} "
                                     f"counts {counts}", hint=hint))

    def fields(self, fields: list[_Field], allowed: set[str], where: str,
               keywords: Iterable[str] = ()) -> dict[str, _Field]:
        """Validate ``<name> <value>`` lines against the fields allowed here.

        ``keywords`` are the other words a line may start with in this block
        (``holder``, ``when``, ``duty`` …): a line whose first word is a
        misspelt keyword is read as a field, so they are suggested too.
        """
        out: dict[str, _Field] = {}
        for f in fields:
            if f.key not in allowed:
                hint = (_synonym_hint(f.key, [*sorted(allowed), *keywords])
                        or "fields allowed here: " + ", ".join(sorted(allowed)))
                if f.key == "not":
                    hint = "write `must not \"…\"` (a prohibition) or `need not \"…\"` (a permission)"
                self.report(at(f.key_span, "E200", f"unknown field '{f.key}' in {where}", hint=hint))
                continue
            if f.key in out:
                self.report(at(f.key_span, "E203", f"'{f.key}' is given twice in {where}",
                               hint=f"the first is at line {out[f.key].span.line}; keep one"))
                continue
            expected_name = f.key == "confidence"
            if expected_name and f.raw_kind not in ("NAME", "STRING"):
                self.report(at(f.value_span, "E205", "confidence is one of: verified, secondary, unverified",
                               hint="write e.g. `confidence verified`"))
                continue
            if not expected_name and f.raw_kind != "STRING":
                self.report(at(f.value_span, "E205", f"'{f.key}' takes quoted text",
                               hint=f'write {f.key} "…"'))
                continue
            out[f.key] = f
        return out

    def text(self, fields: dict[str, _Field], key: str) -> str | None:
        return fields[key].value if key in fields else None

    def confidence(self, fields: dict[str, _Field]) -> m.Confidence | None:
        if "confidence" not in fields:
            return None
        f = fields["confidence"]
        value = str(f.value).strip().casefold()
        aliases = {"v": "verified", "s": "secondary", "r": "unverified"}
        value = aliases.get(value, value)
        try:
            return m.Confidence(value)
        except ValueError:
            self.report(at(f.value_span, "E205", f"unknown confidence {f.value!r}",
                           hint=did_you_mean(value, [c.value for c in m.Confidence])
                           or "use verified, secondary or unverified"))
            return None

    # nodes --------------------------------------------------------------------
    def top(self, nodes: list[Any]) -> None:
        for node in nodes:
            if node.kind == "act":
                self.act(node)
            elif node.kind == "terms":
                self.term_block(node, None)
            elif node.kind == "section":
                self.section(node, None)

    def act(self, node: _Node) -> None:
        fields = self.fields(list(node.items), ACT_FIELDS, "the act header")
        header = m.ActHeader(
            title=node.head[0], span=node.span,
            citation=self.text(fields, "citation"), version=self.text(fields, "version"),
            extent=self.text(fields, "extent"), source=self.text(fields, "source"),
            note=self.text(fields, "note"), confidence=self.confidence(fields),
        )
        if self.header is not None:
            self.report(at(node.span, "E207", "a file may have only one act header",
                           hint=f"the first is at line {self.header.span.line}"))
            return
        self.header = header

    def term_block(self, node: _Node, section: str | None) -> None:
        for term in node.items:
            self.terms.append(replace(term, section=section))

    def section(self, node: _Node, parent: m.Section | None) -> None:
        kind, number, heading = node.head
        own = _eid_part(_EID_PREFIX[kind], number)
        eid = f"{parent.eid}__{own}" if parent else own
        fields = self.fields([i for i in node.items if isinstance(i, _Field)], SECTION_FIELDS,
                             f"{kind} {number}", _heading_words())
        section = m.Section(
            kind=kind, number=number, heading=heading, eid=eid, span=node.span,
            parent=parent.eid if parent else None,
            text=self.text(fields, "text"), source=self.text(fields, "source"),
            note=self.text(fields, "note"), confidence=self.confidence(fields),
        )
        self.sections.append(section)
        for item in node.items:
            if isinstance(item, _Field):
                continue
            if item.kind == "terms":
                self.term_block(item, eid)
            elif item.kind == "section":
                self.section(item, section)
            elif item.kind == "provision":
                try:
                    self.provision(item, section)
                except BuildError as error:
                    self.report(error.diagnostic)

    def provision(self, node: _Node, section: m.Section) -> None:
        kind_word, pid, label, targets, id_span = node.head
        kind = m.Kind(kind_word)
        where = f"{kind} '{pid}'"
        allowed_fields = PROVISION_FIELDS | KIND_FIELDS.get(kind, set())
        fields = self.fields([i for i in node.items if isinstance(i, _Field)], allowed_fields, where,
                             _KIND_KEYWORDS[kind])
        items: dict[str, _Item] = {}
        penalties: list[m.Penalty] = []
        allowed_items = KIND_ITEMS[kind]
        for item in node.items:
            if isinstance(item, _Field):
                continue
            if item.kind not in allowed_items:
                word = _ITEM_WORDS.get(item.kind, item.kind)
                article = "an" if str(kind)[0] in "aeiou" else "a"
                self.report(at(item.span, "E202", f"{word} is not allowed in {article} {kind}",
                               hint=_misplaced_item_hint(item, kind)))
                continue
            if item.kind == "penalty":
                penalties.append(item.value)
                continue
            if item.kind in items:
                self.report(at(item.span, "E203", f"{_ITEM_WORDS.get(item.kind, item.kind)} is given twice in {where}",
                               hint=f"the first is at line {items[item.kind].span.line}; combine them with 'and'"))
                continue
            items[item.kind] = item
        if targets and kind is not m.Kind.EXCEPTION:
            raise BuildError(at(targets[0].span, "E202", f"only an exception names targets with 'to' ({where})",
                                hint="an aggravating factor says `aggravates <offence>` in its body"))

        def need(key: str, what: str, example: str) -> _Item:
            if key not in items:
                raise BuildError(at(id_span, "E201", f"{where} has no {what}", hint=f"add a line such as `{example}`"))
            return items[key]

        references = [*targets, *(ref for key in ("subject to", "notwithstanding", "aggravates") if key in items
                                   for ref in items[key].value)]

        def names(key: str) -> tuple[str, ...]:
            return tuple(ref.target for ref in items[key].value) if key in items else ()

        common: dict[str, Any] = dict(
            id=pid, kind=kind, label=label, section=section.eid, id_span=id_span, references=tuple(references),
            eid=section.eid + ("__" + label_eid(label) if label else ""),
            span=node.span, name=self.text(fields, "name"), text=self.text(fields, "text"),
            source=self.text(fields, "source"), note=self.text(fields, "note"),
            confidence=self.confidence(fields),
            subject_to=names("subject to"), notwithstanding=names("notwithstanding"),
        )
        when = items["when"].value if "when" in items else None
        provision: m.Provision
        if kind in _MODALITIES:
            holder = need("holder", "holder", "holder {person}").value
            modal = need("modal", "statement of what must or may be done",
                         {m.Kind.DUTY: 'must "{person} notifies the police"',
                          m.Kind.PROHIBITION: 'must not "{person} discloses the report"',
                          m.Kind.PERMISSION: 'may "{person} delays the notification"'}[kind])
            modality, action = modal.value
            if modality not in _MODALITIES[kind]:
                fitting = next(k for k, mods in _MODALITIES.items() if modality in mods)
                raise BuildError(at(modal.span, "E202", f"a {kind} cannot say '{modality}'",
                                    hint=f"'{modality}' makes it a {fitting}: write `{fitting} {pid}`"))
            deadline = None
            if "within" in items or "by" in fields:
                limit, measured = items["within"].value if "within" in items else (None, None)
                deadline = m.Deadline(self.text(fields, "by"), limit, measured)
                if limit is not None and measured is not None:
                    self._check_units(limit, measured, items["within"].span)
                if kind is m.Kind.PERMISSION and limit is not None and measured is not None:
                    bound = {holder} | (m.free_variables(when) if when is not None else set())
                    if set(measured.slots) <= bound:  # else the measure's slot is unbound: E306 on the deadline
                        when = _lasting(when, limit, measured, items["within"].span)
            provision = m.Deontic(**common, holder=holder, when=when, modality=modality, action=action,
                                  deadline=deadline, recipient=self.text(fields, "to"))
        elif kind is m.Kind.OFFENCE:
            offender = need("holder", "offender", "committed by {person}").value
            need("when", "elements", 'when "{person} does the forbidden thing"')
            provision = m.Offence(**common, offender=offender, elements=when, penalties=tuple(penalties))
        elif kind is m.Kind.CONSEQUENCE:
            party = need("holder", "party who faces it", "faced by {person}").value
            need("when", "condition", "when {person} breaches <duty>")
            provision = m.Consequence(**common, party=party, when=when)
        elif kind is m.Kind.DEFINITION:
            head, body = need("means", "meaning", '"{person} is a mandated reporter" means …').value
            if len(set(head.slots)) != len(head.slots):
                raise BuildError(at(head.span, "E307", f"the phrase {head.text!r} uses a slot twice",
                                    hint="give each slot of a defined phrase its own name"))
            provision = m.Definition(**common, head=head, body=body)
        elif kind is m.Kind.EXCEPTION:
            if not targets:
                raise BuildError(at(id_span, "E201", f"{where} does not say what it is an exception to",
                                    hint=f"write `exception {pid} to <provision id>:`"))
            need("when", "condition", 'when "{child} is under 13"')
            provision = m.Exception_(**common, targets=tuple(ref.target for ref in targets), when=when)
        else:
            need("aggravates", "offence it aggravates", "aggravates <offence id>")
            aggravated = names("aggravates")
            need("when", "condition", 'when "{offender} groomed {victim}"')
            provision = m.AggravatingFactor(**common, targets=aggravated, when=when,
                                            effect=self.text(fields, "effect"))
        self.provisions.append(provision)


# ── The façade ───────────────────────────────────────────────────────────────

#: What the pre-scan needs to see: strings (so brackets and tabs inside them are
#: ignored), comments, brackets and line starts. A regex keeps this at C speed:
#: only these tokens reach Python, not every character of a large statute book.
_SCAN = re.compile(
    r'(?P<long>"""(?:[^"\\]|\\[\s\S]|"(?!""))*""")'
    r'|(?P<open_long>"""[\s\S]*)'
    r'|(?P<string>"(?:[^"\\\n]|\\.)*")'
    r'|(?P<open_string>"[^\n]*)'
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<lpar>\()|(?P<rpar>\))"
    r"|(?P<indent>(?:\A|\n)[ \t]*)"
)


@dataclass(frozen=True)
class _Scan:
    """What :func:`_scan` found: a tab in indentation, runaway brackets, unclosed ones."""

    tab: int | None  # offset of the first tab used for indentation
    too_deep: int | None  # offset of the first '(' beyond MAX_NESTING
    brackets: tuple[int, ...]  # offsets of every '(' and ')' outside strings and comments

    def open_at(self, text: str, offset: int) -> list[int]:
        """Offsets of the '(' still open just before ``offset``."""
        opened: list[int] = []
        for position in self.brackets:
            if position >= offset:
                break
            if text[position] == "(":
                opened.append(position)
            elif opened:
                opened.pop()
        return opened


def _scan(text: str) -> _Scan:
    """Find, outside strings and comments, what Lark reports badly or not at all."""
    tab = too_deep = None
    opened: list[int] = []
    brackets: list[int] = []
    for match in _SCAN.finditer(text):
        kind = match.lastgroup
        if kind == "lpar":
            brackets.append(match.start())
            opened.append(match.start())
            if len(opened) > MAX_NESTING and too_deep is None:
                too_deep = match.start()
        elif kind == "rpar":
            brackets.append(match.start())
            if opened:
                opened.pop()
        elif kind == "indent" and tab is None and not opened:
            indent = match.group().lstrip("\n")
            following = text[match.end() : match.end() + 1]
            if "\t" in indent and following not in ("", "\n", "#"):
                tab = match.end() - len(indent) + indent.index("\t")
    return _Scan(tab, too_deep, tuple(brackets))


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


#: Characters no statute holds: C0 and C1 controls other than tab and newline (inside a string
#: they would reach terminals and exports raw: an escape sequence, a NUL), and lone surrogates,
#: which only a Python string can carry and no output can encode.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _control_character(source: Source) -> Diagnostic | None:
    found = _CONTROL.search(source.text)
    if found is None:
        return None
    char = found.group()
    line, column = _position(source.text, found.start())
    if "\ud800" <= char <= "\udfff":
        return Diagnostic(Severity.ERROR, "E002", f"the text contains a lone surrogate (U+{ord(char):04X}), which is "
                                                  "not valid Unicode", source.file, line, column,
                          hint="the text was not decoded from UTF-8 correctly; save the file as UTF-8")
    shown = {"\x00": "character NUL byte", "\r": "carriage return"}.get(char, f"control character U+{ord(char):04X}")
    return Diagnostic(Severity.ERROR, "E104", f"unexpected {shown}", source.file, line, column,
                      hint=_CHARACTER_HINTS["\x00"] if char == "\x00" else
                      "control characters have no place in a statute, even in quotes; delete it")


def _pre_scan(source: Source) -> list[Diagnostic]:
    """Checks Lark cannot make well: control characters, tabs in indentation, runaway nesting."""
    control = _control_character(source)
    if control is not None:
        return [control]
    found = _scan(source.text)
    problems: list[Diagnostic] = []
    if found.tab is not None:
        line, column = _position(source.text, found.tab)
        problems.append(Diagnostic(Severity.ERROR, "E102", "tab in indentation", source.file, line, column,
                                   hint="indent with spaces only (4 per level is usual); "
                                        "most editors can convert tabs to spaces"))
    if found.too_deep is not None:
        line, column = _position(source.text, found.too_deep)
        problems.append(Diagnostic(Severity.ERROR, "E105",
                                   f"parentheses are nested more than {MAX_NESTING} levels deep",
                                   source.file, line, column,
                                   hint=f"statute accepts at most {MAX_NESTING} levels of nesting; "
                                        "list the parts under `all of:` / `any of:` instead"))
    return problems


#: Characters drafters type that the language has no use for, with what to write instead.
_CHARACTER_HINTS: dict[str, str] = {
    "\u201c": "curly quotes are not quotes to statute: use straight double quotes \"…\" "
              "(a word processor may have replaced them)",
    "\u201d": "curly quotes are not quotes to statute: use straight double quotes \"…\"",
    "\u2018": "use straight double quotes \"…\" for phrases and text",
    "\u2019": "use straight double quotes \"…\" for phrases and text",
    "'": "phrases and text are written in double quotes \"…\", not single quotes",
    ">": "compare in words: is over, is at least, is under, is at most, is, is not",
    "<": "compare in words: is under, is at most, is over, is at least, is, is not",
    "=": "fields take their value after a space (`source \"…\"`); comparisons are written in words "
         "(is, is not, is at least …)",
    "!": "write `not` or `is not`",
    "\u2265": "write `is at least`",
    "\u2264": "write `is at most`",
    "&": "join conditions with `and`",
    "|": "join conditions with `or`",
    ";": "statute separates slots, ids and sanctions with ',' (e.g. `imprisonment up to 7 years, a fine, or both`)",
    "/": "write `a fine, or both` rather than 'and/or'",
    "-": "ids are written with underscores (notify_breach); a '-' can only appear in quotes or a section number",
    "{": "a slot is a name in braces with both braces, such as {person}",
    "}": "a slot is a name in braces with both braces, such as {person}",
    "[": "brackets are not part of the language; group conditions with ( )",
    "]": "brackets are not part of the language; group conditions with ( )",
    "\x00": "the file looks binary or corrupted",
}


def _character_diagnostic(error: UnexpectedCharacters, source: Source) -> Diagnostic:
    line, column = max(error.line, 1), max(error.column, 1)
    offset = error.pos_in_stream or 0
    char = source.text[offset] if offset < len(source.text) else ""
    if char == '"':
        if source.text.startswith('"""', max(0, offset - 2)):
            return Diagnostic(Severity.ERROR, "E103", 'this long text has no closing """', source.file, line,
                              max(1, column - 2), hint='close the text with """')
        return Diagnostic(Severity.ERROR, "E103", "this string has no closing quote", source.file, line, column,
                          hint='close it with " on the same line, or use """ for text over several lines')
    shown = {"\x00": "NUL byte", "\t": "tab", "\u00a0": "non-breaking space"}.get(char, repr(char))
    hint = _CHARACTER_HINTS.get(char)
    if hint is None and error.allowed:
        hint = "expected " + _expected_list(error.allowed)
    if char == "\u00a0":
        hint = "replace it with an ordinary space"
    return Diagnostic(Severity.ERROR, "E104", f"unexpected character {shown}", source.file, line, column, hint=hint)


@dataclass(frozen=True)
class _Example:
    """One labelled bad snippet, reduced to the parser state it fails in."""

    problem: SyntaxProblem
    text: str
    state: int  # the LALR state number
    accepts: frozenset[str]
    token_type: str
    token_key: tuple[str, str]


#: Tokens whose text is the drafter's own (a phrase, a number, an indentation):
#: examples match them by type only.
_TYPE_ONLY_TOKENS = {"_NL", "_INDENT", "_DEDENT", "$END", "STRING", "VAR", "MONEY", "LABEL"}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _token_key(token: Token | None) -> tuple[str, str]:
    """How an unexpected token is compared with an example's: (class, spelling).

    A word that does not fit where it stands is lexed by Lark's root lexer as
    whatever terminal matches first (NAME, SECTION_NUMBER, a keyword), so all
    words, keywords included, are compared as the class WORD and by spelling;
    numerals as NUMERAL.
    """
    if token is None:
        return ("$END", "")
    if token.type in _TYPE_ONLY_TOKENS:
        return (token.type, "")
    value = str(token)
    if _WORD.fullmatch(value):
        return ("WORD", value)
    if token.type in ("NAME", "SECTION_NUMBER", "NUMBER", "TIME_UNIT"):
        return ("NUMERAL", "")
    return (token.type, value)


def _accepts(error: UnexpectedInput) -> frozenset[str]:
    try:
        return frozenset(getattr(error, "accepts", None) or getattr(error, "expected", None) or ())
    except (LarkError, _IndentationError):  # pragma: no cover - accepts() re-feeds tokens
        return frozenset(getattr(error, "expected", None) or ())


def _failure(text: str) -> UnexpectedInput | None:
    """The syntax error a snippet raises, or None if it parses (or fails otherwise)."""
    try:
        _lark().parse(text)
    except UnexpectedInput as error:
        return error
    except (LarkError, _IndentationError):
        return None
    return None


@lru_cache(maxsize=1)
def _examples() -> dict[int, tuple[_Example, ...]]:
    """The :data:`SYNTAX_ERRORS` table indexed by LALR state, parsed once per process."""
    index: dict[int, list[_Example]] = {}
    for problem, texts in SYNTAX_ERRORS.items():
        for text in texts:
            error = _failure(text)
            if error is None or getattr(error, "state", None) is None or isinstance(error, UnexpectedCharacters):
                continue  # tests/test_syntax_errors.py reports such examples
            token = getattr(error, "token", None)
            state = error.state.position
            key = _token_key(token)
            index.setdefault(state, []).append(_Example(problem, text, state, _accepts(error), key[0], key))
    return {state: tuple(examples) for state, examples in index.items()}


def match_syntax_error(error: UnexpectedInput, token: Token | None = None) -> SyntaxProblem | None:
    """The labelled problem whose examples fail like ``error`` does, if any.

    This is Lark's ``match_examples(..., use_accepts=True)`` with one change:
    it compares the LALR *state number*, where Lark compares whole parser
    states, whose equality also counts the depth of the parse stack. With
    Lark's comparison an example written at the top level never matches the
    same mistake inside a nested part or chapter, or after a leading comment.

    Preference, best first: same state, same acceptable tokens and the same
    token (words by spelling); the same with only the token's class equal;
    same state and acceptable tokens; same state only; then, in any state,
    the same acceptable tokens and token class (a different state that
    expects exactly the same things is the same situation to a drafter).
    ``token`` overrides the error's own token (the whole word, when Lark split one).
    """
    state = getattr(error, "state", None)
    if state is None or isinstance(error, UnexpectedCharacters):
        return None
    if state.parse_conf.parse_table is not _lark().parser.parser.parser.parse_table:
        raise ValueError("the error comes from another parser instance; its LALR states are numbered differently")
    accepts = _accepts(error)
    key = _token_key(token if token is not None else getattr(error, "token", None))
    best: SyntaxProblem | None = None
    best_rank = 99
    for example in _examples().get(state.position, ()):
        same_accepts = example.accepts == accepts
        if same_accepts and example.token_key == key:
            return example.problem
        rank = 1 + (example.token_type != key[0]) + 2 * (not same_accepts)
        if rank < best_rank:
            best, best_rank = example.problem, rank
    if best is not None:
        return best
    similar = _examples_by_accepts().get(accepts, ())
    for example in similar:
        if example.token_key == key:
            return example.problem
    for example in similar:
        if example.token_type == key[0]:
            return example.problem
    return None


@lru_cache(maxsize=1)
def _examples_by_accepts() -> dict[frozenset[str], tuple[_Example, ...]]:
    index: dict[frozenset[str], list[_Example]] = {}
    for examples in _examples().values():
        for example in examples:
            index.setdefault(example.accepts, []).append(example)
    return {accepts: tuple(examples) for accepts, examples in index.items()}


#: A line that starts with something other than a comment: the file is not comments alone.
_CONTENT_LINE = re.compile(r"^[ \t\f\v]*[^#\s]", re.MULTILINE)


def _code_of_line(source: Source, line: int) -> str:
    """A source line without its comment (a '#' inside quotes is not a comment)."""
    lines = source.lines
    if not 0 < line <= len(lines):
        return ""
    return STRING_OR_COMMENT.sub(lambda m: "" if m.group().startswith("#") else m.group(), lines[line - 1]).rstrip()


def _first_word(code: str) -> tuple[str, int] | None:
    """The word a line starts with, and its column; None if it starts otherwise."""
    match = re.match(r"[ \t]*([A-Za-z_][A-Za-z0-9_]*)", code)
    return (match.group(1), match.start(1) + 1) if match else None


def _parent_word(source: Source, line: int) -> str | None:
    """The first word of the heading a line is indented under, if any."""
    lines = source.lines
    own = lines[line - 1]
    indent = len(own) - len(own.lstrip(" "))
    for number in range(line - 1, 0, -1):
        code = _code_of_line(source, number)
        if not code.strip():
            continue
        if len(code) - len(code.lstrip(" ")) < indent:
            found = _first_word(code)
            return found[0] if found else None
    return None


def _heading_words() -> tuple[str, ...]:
    return ("act", "terms", *_EID_PREFIX, *(str(kind).split()[0] for kind in m.Kind))


def _line_start_words() -> set[str]:
    """Every word a correct line may start with: keywords and field names."""
    fields = ACT_FIELDS | SECTION_FIELDS | PROVISION_FIELDS | {f for fs in KIND_FIELDS.values() for f in fs}
    return set(_keyword_terminals().values()) | fields | {"must", "may", "need", "subject", "notwithstanding"}


def _synonym_hint(word: str, candidates: Iterable[str]) -> str | None:
    """'did you mean …?' for a misspelt, miscapitalised or foreign word."""
    pool = list(candidates)
    known = SYNONYMS.get(word.casefold())
    if known is not None and (known in pool or known in {p.split()[0] for p in pool}):
        return f"did you mean '{known}'?"
    return did_you_mean(word, pool)


def _layout_problem(error: UnexpectedToken, source: Source, line: int, column: int) -> Diagnostic | None:
    """Mistakes recognised from the line's words, where the parser state is ambiguous.

    Inside a body, a line that starts with an unknown word is read as a field
    (``<name> <value>``) until it fails, so the parser state says little; the
    words of the line (and of its heading) say what went wrong.
    """
    code = _code_of_line(source, line)
    first = _first_word(code)
    if first is None:
        return None
    word, word_column = first
    if re.match(r"[ \t]*[A-Za-z_][^\"]*\bmeans\b", code) and word not in _line_start_words():
        return Diagnostic(Severity.ERROR, "E100", "the phrase a definition defines is written in double quotes",
                          source.file, line, word_column,
                          hint='write e.g. `"{person} is a mandated reporter" means "{person} is a teacher"`')
    is_heading = code.endswith(":")
    kinds = {str(kind).split()[0] for kind in m.Kind} - {"exception", "aggravating"}
    extra = re.match(r"[ \t]*[a-z]+[ \t]+[A-Za-z_]\w*[ \t]+(?=[A-Za-z_])", code)
    if is_heading and word in kinds and extra:
        return Diagnostic(Severity.ERROR, "E100", "a provision's id is one word", source.file, line, extra.end() + 1,
                          hint=f"join the words with underscores, e.g. `{word} duty_to_notify (1):`")
    parent = _parent_word(source, line)
    provision_words = {str(kind).split()[0] for kind in m.Kind}
    misplaced = _read_as_field(error, line, word_column) or (
        column == word_column and parent in {"act", "terms", *provision_words} and str(error.token) == word)
    if is_heading and word in _heading_words() and misplaced:
        what = "a `terms:` block" if word == "terms" else f"a {word}"
        if parent == "act":
            message = f"the act header holds only fields, not {what}"
            hint = "start `terms:` and sections at the left margin, below the header's fields"
        elif parent == "terms":
            message = f"a `terms:` block lists only quoted phrases, not {what}"
            hint = "un-indent the line to end the terms block"
        elif parent in provision_words:
            message = f"a {parent} cannot contain {what}"
            hint = ("un-indent it: the provisions of a section line up with each other"
                    if word != "terms" else "`terms:` goes at the left margin or directly inside a section")
        elif word == "act":
            message = "the act header goes at the top of the file, at the left margin"
            hint = "a file has one act header; its sections follow it"
        else:
            message = f"{what} cannot go here"
            hint = "check the indentation: the line may belong to a different block"
        return Diagnostic(Severity.ERROR, "E100", message, source.file, line, word_column, hint=hint)
    in_condition = "ALL" in _accepts(error)  # a block of conditions, where `either of:` is a bad block
    if word not in _line_start_words() and not in_condition and (is_heading or word.casefold() in SYNONYMS):
        kinds = _heading_words() if is_heading else sorted(_line_start_words())
        suggestion = _synonym_hint(word, kinds)
        if is_heading:
            message = f"unknown kind of heading '{word}'"
            listing = ("a heading starts with act, terms, a kind of section (section, part, chapter, schedule …) "
                       "or a kind of provision (duty, prohibition, permission, offence, consequence, definition, "
                       "exception, aggravating factor)")
        else:
            message = f"'{word}' is not a statute keyword"
            listing = "a provision's lines start with holder, when, must, may, within, on, penalty or a field"
        return Diagnostic(Severity.ERROR, "E100", message, source.file, line, word_column,
                          hint=f"{suggestion} {listing}" if suggestion else listing)
    return None


def _read_as_field(error: UnexpectedToken, line: int, column: int) -> bool:
    """Whether the word at line:column was read as a field's name (not as its keyword).

    A keyword where the grammar does not expect it (``duty`` inside a
    provision) is read as the name of a field; the parser's value stack still
    holds it as a NAME token when the line then fails.
    """
    stack = getattr(error.state, "value_stack", None) or []
    for value in reversed(stack[-4:]):
        if isinstance(value, Token) and value.line == line and value.column == column:
            return value.type == "NAME"
    return False


def _keyword_hint(error: UnexpectedToken, token: Token | None) -> tuple[str | None, str | None]:
    """(lower-case keyword, 'did you mean') for a word that nearly is a keyword allowed here."""
    key = _token_key(token)
    if key[0] != "WORD":
        return None, None
    keywords = _keyword_terminals()
    allowed = {keywords[name] for name in _accepts(error) if name in keywords}
    word = str(token)
    if word != word.casefold() and word.casefold() in allowed:
        return word.casefold(), None
    return None, _synonym_hint(word, allowed)


def _syntax_diagnostic(error: UnexpectedInput, source: Source, scan: _Scan) -> Diagnostic:
    if isinstance(error, UnexpectedCharacters):
        return _character_diagnostic(error, source)
    token: Token | None = getattr(error, "token", None)
    split = False
    line = error.line if isinstance(error.line, int) and error.line > 0 else 1
    column = error.column if isinstance(error.column, int) and error.column > 0 else 1
    at_end = token is None or token.type in ("$END", "_DEDENT")
    offset = len(source.text) if at_end or token.start_pos is None else token.start_pos
    unclosed = scan.open_at(source.text, offset)
    if unclosed and (at_end or _position(source.text, unclosed[-1])[0] < line):
        # The indenter ignores line ends inside brackets, so the lines after an
        # unclosed '(' were read as part of it: the '(' is the real mistake.
        paren_line, paren_column = _position(source.text, unclosed[-1])
        swallowed = "the rest of the file was" if at_end else f"the lines after it, up to line {line}, were"
        return Diagnostic(Severity.ERROR, "E100", "this '(' is not closed", source.file, paren_line, paren_column,
                          hint=f"add the missing ')'; a condition in brackets may run over several lines, "
                               f"so {swallowed} read as part of it")
    if token is not None and _token_key(token)[0] == "WORD" and token.start_pos:
        # Where no name is expected, a keyword matches the start of a longer word
        # ("not" in "notify"); show the whole word the drafter wrote.
        start = token.start_pos
        while start > 0 and (source.text[start - 1].isalnum() or source.text[start - 1] == "_"):
            start -= 1
        split = start < token.start_pos
        if split:
            word = _WORD.match(source.text, start)
            line, column = _position(source.text, start)
            token = Token(token.type, word.group() if word else str(token), start, line, column)
    layout = _layout_problem(error, source, line, column) if isinstance(error, UnexpectedToken) else None
    if layout is not None:
        return layout
    got = _describe_token(token)
    lower, suggestion = _keyword_hint(error, token) if isinstance(error, UnexpectedToken) else (None, None)
    if split:
        suggestion = None  # "notify" is not a misspelt "not"
    if lower is not None:
        return Diagnostic(Severity.ERROR, "E100", f"keywords are written in lower case (found {got})", source.file,
                          line, column, hint=f"write '{lower}'")
    problem = match_syntax_error(error, token)
    if problem is not None:
        hint = f"{suggestion} {problem.hint}" if suggestion and problem.hint else suggestion or problem.hint
        return Diagnostic(Severity.ERROR, problem.code, f"{problem.message} (found {got})", source.file, line,
                          column, hint=hint)
    expected = _accepts(error)
    expected_text = _expected_list(set(expected) - {"_NL"} or set(expected))
    hint = f"expected {expected_text}" if expected_text else None
    if suggestion:
        hint = f"{suggestion} ({hint})" if hint else suggestion
    return Diagnostic(Severity.ERROR, "E100", f"{got} was not expected here", source.file, line, column, hint=hint)


#: Rules that nest conditions; their depth is what could exhaust Python's stack.
_NESTING_RULES = frozenset({"negation", "and_expr", "or_expr", "some", "some_block", "block"})


def _too_deep(tree: Tree) -> Tree | None:
    """The first condition nested more than MAX_NESTING levels deep (iteratively, no recursion)."""
    stack: list[tuple[Tree, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.data in _NESTING_RULES:
            depth += 1
            if depth > MAX_NESTING:
                return node
        stack.extend((child, depth) for child in node.children if isinstance(child, Tree))
    return None


def _nested_too_deeply(source: Source, line: int | None = None, column: int | None = None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, "E105", f"this condition is nested more than {MAX_NESTING} levels deep",
                      source.file, line, column,
                      hint=f"statute accepts at most {MAX_NESTING} levels of nesting; "
                           "split the condition into definitions")


def parse_tree(text: str) -> Tree:
    """The raw Lark tree, for debugging the grammar (``statute parse --tree``)."""
    return _lark().parse(text if text.endswith("\n") else text + "\n")


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
    if _CONTENT_LINE.search(source.text) is None:  # every line blank or a comment (a comment is one line)
        return None, [Diagnostic(Severity.ERROR, "E003", "the file is empty: it has only comments", source.file,
                                 hint='write the statute below them, starting with a header such as `act "Title":` '
                                      "(or a section, in the other files of a multi-file Act)")]
    problems = _pre_scan(source)
    if problems:
        return None, problems
    text = source.text if source.text.endswith("\n") else source.text + "\n"
    embedded = _parse_embedded(source.file, text) if fast else None
    if embedded is not None:
        return _fragment(source, *embedded)
    try:
        tree = _lark().parse(text)
    except _IndentationError as error:
        return None, [Diagnostic(Severity.ERROR, error.code, error.message, source.file, error.line, error.column,
                                 hint=error.hint)]
    except UnexpectedInput as error:
        return None, [_syntax_diagnostic(error, source, _scan(source.text))]
    except RecursionError:  # pragma: no cover - the LALR parser is iterative
        return None, [_nested_too_deeply(source)]
    deep = _too_deep(tree)
    if deep is not None:
        meta = deep.meta
        return None, [_nested_too_deeply(source, getattr(meta, "line", None), getattr(meta, "column", None))]
    transformer = _TreeToNodes(source.file)
    try:
        nodes = transformer.transform(tree)
    except VisitError as error:
        original = error.orig_exc
        if isinstance(original, BuildError):
            return None, [original.diagnostic]
        meta = getattr(error.obj, "meta", None)
        line = getattr(meta, "line", None)
        if isinstance(original, RecursionError):
            return None, [_nested_too_deeply(source, line, getattr(meta, "column", None))]
        return None, [Diagnostic(Severity.ERROR, "X999", f"internal error while reading the file: {original!r}",
                                 source.file, line, hint="this is a bug in statute; please report it with the file")]
    except RecursionError:
        return None, [_nested_too_deeply(source)]
    return _fragment(source, nodes, transformer.problems)


def _fragment(source: Source, nodes: list[Any], problems: list[Diagnostic]) -> tuple[m.Fragment, list[Diagnostic]]:
    builder = _Builder(source.file)
    builder.top(nodes)
    fragment = m.Fragment(file=source.file, header=builder.header, terms=tuple(builder.terms),
                          sections=tuple(builder.sections), provisions=tuple(builder.provisions))
    return fragment, problems + builder.problems

