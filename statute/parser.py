"""The parser façade: statute text → :class:`~statute.model.Fragment` + diagnostics.

This is the only module that imports Lark. It owns three jobs:

1. building the LALR parser from ``grammar/statute.lark`` (once, lazily);
2. turning Lark's exceptions into diagnostics a drafter can act on — syntax
   errors are matched against a table of labelled bad snippets
   (:data:`SYNTAX_ERRORS`, Lark's ``match_examples`` technique), indentation
   errors get the position Lark's ``DedentError`` lacks;
3. transforming the parse tree into frozen model dataclasses with spans.

Structural rules that a grammar would enforce badly (which fields a duty needs,
which keys are known) are checked while building, so the messages can name the
provision and suggest the nearest key instead of listing tokens.
"""

from __future__ import annotations

import re
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    VisitError,
)
from lark.indenter import Indenter

from statute import model as m
from statute.diagnostics import Diagnostic, Severity, at, did_you_mean
from statute.gcpause import without_gc
from statute.source import Source

GRAMMAR_FILE = "statute.lark"
MAX_NESTING = 200  # parentheses or indentation levels; deeper input is refused


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
    """Raised by :class:`_LawIndenter` with the position ``DedentError`` lacks."""

    def __init__(self, line: int, column: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


class _LawIndenter(Indenter):
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
        line = (token.end_line or 1)
        if indent > self.indent_level[-1]:
            if len(self.indent_level) > MAX_NESTING:
                raise _IndentationError(line, indent + 1, "the text is indented too deeply",
                                        f"statute accepts at most {MAX_NESTING} levels of indentation")
            self.indent_level.append(indent)
            yield Token.new_borrow_pos(self.INDENT_type, indent_str, token)
        else:
            while indent < self.indent_level[-1]:
                self.indent_level.pop()
                yield Token.new_borrow_pos(self.DEDENT_type, indent_str, token)
            if indent != self.indent_level[-1]:
                levels = ", ".join(str(level) for level in self.indent_level)
                raise _IndentationError(
                    line, indent + 1,
                    f"this line is indented by {indent} spaces, which matches no enclosing block",
                    f"indent it to line up with a block above (columns in use: {levels})",
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


@lru_cache(maxsize=4)
def _lark(strict: bool = False) -> Lark:
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


# ── Friendly syntax errors ───────────────────────────────────────────────────


@dataclass(frozen=True)
class SyntaxProblem:
    """A labelled kind of syntax error: what to say, and how to fix it."""

    message: str
    hint: str | None = None
    code: str = "E100"


_HEAD = 'act "T":\n    source "s"\nsection 1 "H":\n'
_DUTY = _HEAD + "    duty d:\n        holder {p}\n"

#: Lark's ``match_examples`` table: each problem with bad snippets that fail in
#: the same parser state as the drafter's input. Kept under test
#: (tests/test_syntax_errors.py) so that grammar changes cannot silently break it.
SYNTAX_ERRORS: dict[SyntaxProblem, list[str]] = {
    SyntaxProblem("a heading must end with ':'",
                  "add ':' at the end of the line"): [
        'act "T"\n',
        'section 1 "H"\n',
        'section 1\n',
        _HEAD + "    duty d\n",
        _HEAD + "    duty d (1)\n",
        _HEAD + "    exception e to d\n",
        "terms\n",
    ],
    SyntaxProblem("a heading needs an indented block under it",
                  "indent the lines that belong to it (4 spaces is usual)"): [
        'act "T":\nsection 1:\n',
        'act "T":\n',
        _HEAD + "    duty d:\n    duty e:\n",
        _HEAD + "    duty d:\n",
        'section 1 "H":\nsection 2:\n',
        "terms:\nsection 1:\n",
    ],
    SyntaxProblem("a provision needs an id after its kind",
                  "write e.g. `duty notify (1):` — the id is how other provisions and scenarios refer to it"): [
        _HEAD + "    duty:\n",
        _HEAD + "    duty (1):\n",
        _HEAD + "    aggravating factor:\n",
    ],
    SyntaxProblem("an exception must say what it is an exception to",
                  "write `exception <id> to <provision id>:`"): [
        _HEAD + "    exception e to:\n",
        _HEAD + "    exception e to d,:\n",
    ],
    SyntaxProblem("a phrase must be written in double quotes",
                  'write the phrase as declared, e.g. "{person} is a teacher"'): [
        _DUTY + "        when {p} is a teacher\n",
        _DUTY + "        when person is a teacher\n",
        _DUTY + "        must notify the police\n",
        _DUTY + "        when all of:\n            person is a teacher\n",
        _DUTY + "        when all of:\n            {p} is a teacher\n",
        _DUTY + '        when "a" and b\n',
        _DUTY + '        when not b\n',
        _DUTY + "        when (b)\n",
        _DUTY + "        when some {x}: b\n",
    ],
    SyntaxProblem("a condition is missing after this word",
                  'finish the condition, e.g. `when "{person} is a teacher"`'): [
        _DUTY + "        when\n",
        _DUTY + "        must\n",
        _DUTY + "        may\n",
        _DUTY + "        must not\n",
        _DUTY + "        need not\n",
        _DUTY + '        when "a" and\n',
        _DUTY + '        when "a" or\n',
        _DUTY + "        when not\n",
        _DUTY + "        when some {x}:\n",
        _DUTY + '        when ("a" and\n)\n',
    ],
    SyntaxProblem("a condition cannot continue on an indented line",
                  "wrap a long condition in parentheses, or list its parts under `all of:` / `any of:`"): [
        _DUTY + '        when "a"\n            and "b"\n',
        _DUTY + '        when "a"\n            or "b"\n',
        _DUTY + '        must "a"\n            and "b"\n',
        'act "T":\n    source "s"\n        note "n"\n',
        _DUTY + '        note "n"\n            text "t"\n',
    ],
    SyntaxProblem("unclosed parenthesis",
                  "add the missing ')'"): [
        _DUTY + '        when ("a"\n',
        _DUTY + '        when ("a" and "b"\n',
        _DUTY + '        when (("a") or "b"\n',
    ],
    SyntaxProblem("unexpected ')' with no '(' before it",
                  "remove it, or add the opening '('"): [
        _DUTY + '        when "a")\n',
        _DUTY + '        when "a" and "b")\n',
    ],
    SyntaxProblem("'and' / 'or' must join two conditions on one line",
                  'put the conditions on both sides: `"a" and "b"`'): [
        _DUTY + '        when and "b"\n',
        _DUTY + '        when or "b"\n',
        _DUTY + "        when all of:\n            and \"b\"\n",
    ],
    SyntaxProblem("unknown comparison",
                  "compare a number with: is, is not, is at least, is at most, is under, is over"): [
        _DUTY + '        when "n" is at\n',
        _DUTY + '        when "n" is less 3\n',
        _DUTY + '        when "n" is more 3\n',
        _DUTY + '        when "n" is\n',
        _DUTY + '        when "n" is not\n',
        _DUTY + '        when "n" equals 3\n',
        _DUTY + '        when "n" is at least\n',
        _DUTY + '        when "n" is under\n',
    ],
    SyntaxProblem("unknown test of another provision",
                  "write `{party} is under <duty>`, `breaches`, `complies with`, "
                  "`is excused from`, `commits <offence>` or `faces <consequence>`"): [
        _DUTY + "        when {p} is\n",
        _DUTY + "        when {p} is excused\n",
        _DUTY + "        when {p} complies\n",
        _DUTY + "        when {p} breaches\n",
        _DUTY + "        when {p} commits\n",
        _DUTY + "        when {p}\n",
        _DUTY + "        when {p} is under\n",
    ],
    SyntaxProblem("a quantifier needs a slot and a colon",
                  'write `some {x}: "{x} is a teacher"`'): [
        _DUTY + "        when some\n",
        _DUTY + "        when some {x}\n",
        _DUTY + "        when some {x} \"a\"\n",
        _DUTY + "        when some {x},\n",
    ],
    SyntaxProblem("a block must be `all of:`, `any of:` or `none of:`",
                  "write e.g. `when all of:` and list the conditions below it"): [
        _DUTY + "        when all\n",
        _DUTY + "        when any\n",
        _DUTY + "        when none\n",
        _DUTY + "        when all of\n",
        _DUTY + "        when any of\n",
        _DUTY + "        when none of\n",
    ],
    SyntaxProblem("a field needs a value",
                  'write e.g. `source "Crime and Policing Act 2026, s.85"`'): [
        _HEAD + "    source\n",
        'act "T":\n    source\n',
        _DUTY + "        note\n",
        _DUTY + "        holder\n",
        _DUTY + "        committed by\n",
        _DUTY + "        faced by\n",
        _DUTY + "        subject to\n",
        _DUTY + "        notwithstanding\n",
        _DUTY + "        aggravates\n",
    ],
    SyntaxProblem("the line goes on after its value",
                  "put one field or condition per line; quote text that contains spaces"): [
        _HEAD + '    source "a" "b"\n',
        _HEAD + "    source a b\n",
        'act "T":\n    source "a" "b"\n',
        'act "T":\n    source "a" b\n',
        _DUTY + '        note "a" "b"\n',
        _DUTY + "        holder {p} {q}\n",
        _DUTY + '        holder {p} "x"\n',
        _DUTY + "        subject to a b\n",
        _DUTY + '        when "a" "b"\n',
        _DUTY + '        when "a" is 3 4\n',
        _DUTY + "        when {p} commits a b\n",
        _DUTY + '        when all of:\n            "a" "b"\n',
        'terms:\n    "a" "b"\n',
        'act "T" "U":\n',
        'section 1 "H" "I":\n',
        _HEAD + "    duty d e:\n",
    ],
    SyntaxProblem("unknown kind of provision or block",
                  "a section holds fields (text, source, note, confidence), `terms:`, "
                  "nested sections and provisions: duty, prohibition, permission, offence, "
                  "consequence, definition, exception, aggravating factor"): [
        _HEAD + "    dutty d:\n",
        _HEAD + "    duty_x d:\n",
        _HEAD + "    offense o (1):\n",
        'act "T":\n    sourc s:\n',
        "dutty d:\n",
        "foo\n",
        "foo bar\n",
        '"x"\n',
    ],
    SyntaxProblem("a deadline reads `within <number> <unit>`",
                  "units: hours, days, weeks, months, years; e.g. `within 72 hours`"): [
        _DUTY + "        within\n",
        _DUTY + "        within 72\n",
        _DUTY + "        within 72 hours measured\n",
        _DUTY + "        within 72 hours measured by\n",
        _DUTY + "        within hours\n",
    ],
    SyntaxProblem("a penalty reads `on indictment: imprisonment up to 7 years, a fine, or both`",
                  "start with `on indictment:`, `on summary conviction:` or `penalty:`; a sanction is "
                  "`imprisonment up to <n> <unit>`, `a fine`, `a fine up to £<amount>` or a quoted description"): [
        _DUTY + "        on\n",
        _DUTY + "        on indictment\n",
        _DUTY + "        on summary\n",
        _DUTY + "        on indictment:\n",
        _DUTY + "        on indictment: 7 years\n",
        _DUTY + "        on indictment: imprisonment\n",
        _DUTY + "        on indictment: imprisonment up\n",
        _DUTY + "        on indictment: imprisonment up to\n",
        _DUTY + "        on indictment: imprisonment up to 7\n",
        _DUTY + "        on indictment: a fine up\n",
        _DUTY + "        on indictment: a fine up to\n",
        _DUTY + "        on indictment: a fine,\n",
        _DUTY + "        on indictment: a fine or\n",
        _DUTY + "        on indictment: a fine and\n",
        _DUTY + "        on indictment: a\n",
        _DUTY + "        on indictment: an\n",
        _DUTY + "        penalty\n",
        _DUTY + "        penalty:\n",
        _DUTY + "        on indictment: a fine up to level\n",
        _DUTY + "        on indictment: a fine up to level 5 on\n",
    ],
    SyntaxProblem("a term declaration is a quoted phrase, optionally after `fact` or `number`",
                  'write e.g. `number "the age of {person}"`'): [
        "terms:\n    number\n",
        "terms:\n    fact\n",
        "terms:\n    person is a teacher\n",
    ],
    SyntaxProblem("a definition reads `\"<phrase>\" means <condition>`",
                  'write e.g. `"{person} is a mandated reporter" means "{person} is a teacher"`'): [
        _DUTY + '        "a"\n',
        _DUTY + '        "a" means\n',
        _DUTY + '        "a" mean "b"\n',
    ],
}


def _terminal_description(name: str) -> str:
    names = {
        "STRING": "a quoted phrase or text", "VAR": "a {slot}", "NAME": "a name",
        "NUMBER": "a number", "MONEY": "an amount such as £5,000", "TIME_UNIT": "a unit of time",
        "SECTION_NUMBER": "a section number", "LABEL": "a subsection label such as (1)",
        "_NL": "the end of the line", "_INDENT": "an indented block", "_DEDENT": "the end of the block",
        "$END": "the end of the file", "COLON": "':'", "LPAR": "'('", "RPAR": "')'", "COMMA": "','",
        "MUST": "must", "MUST_NOT": "must not", "NEED_NOT": "need not", "MAY": "may",
        "PRIORITY": "subject to / notwithstanding", "BOTH": "both",
    }
    if name in names:
        return names[name]
    if name.startswith("__ANON"):
        return "a keyword"
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
    described = sorted({_terminal_description(name) for name in expected} - {"a keyword"})
    return ", ".join(described[:8])


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
                self.problems.append(at(span, "E204", f"bad slot name {{{name}}} in {text!r}",
                                        hint="a slot is a name in braces, such as {person} or {other child}"))
        if "{" in "".join(words) or "}" in "".join(words):
            self.problems.append(at(span, "E204", f"unbalanced braces in {text!r}",
                                    hint="each slot is written {name}, with one opening and one closing brace"))
        return m.Phrase(text, words, slots, span)

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
            parsed = float(value)
        elif value.type == "VAR":
            parsed = self._slot(value)
        else:
            parsed = str(value)
        return _Field(str(key), parsed, value.type, self._span(meta), self._tspan(key))

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

    def targets(self, meta: Any, children: list[Any]) -> tuple[str, ...]:
        return tuple(str(c) for c in children)

    def provision(self, meta: Any, children: list[Any]) -> _Node:
        kind, name = children[0], children[1]
        rest = list(children[2:])
        label = None
        targets: tuple[str, ...] = ()
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
        amount, unit = float(children[0]), str(children[1])
        unit = unit if unit.endswith("s") else unit + "s"
        measured = self._phrase_of(children[2]) if len(children) > 2 else None
        return _Item("within", (m.Duration(amount, unit), measured), self._span(meta))

    def priority(self, meta: Any, children: list[Any]) -> _Item:
        word = re.sub(r"\s+", " ", str(children[0]))
        return _Item(word, tuple(str(c) for c in children[1:]), self._span(meta))

    def aggravates(self, meta: Any, children: list[Any]) -> _Item:
        return _Item("aggravates", tuple(str(c) for c in children), self._span(meta))

    def meaning(self, meta: Any, children: list[Any]) -> _Item:
        return _Item("means", (self._phrase_of(children[0]), children[1]), self._span(meta))

    # penalties --------------------------------------------------------------
    def trial_mode(self, meta: Any, children: list[Any]) -> m.TrialMode:
        return m.TrialMode.INDICTMENT if str(children[0]) == "indictment" else m.TrialMode.SUMMARY

    def duration(self, meta: Any, children: list[Any]) -> m.Duration:
        unit = str(children[1])
        return m.Duration(float(children[0]), unit if unit.endswith("s") else unit + "s")

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
            elif isinstance(child, Token) and child.type == "BOTH":
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
            operand: m.Phrase | m.Number = m.Number(float(right), self._tspan(right))
        else:
            operand = self._phrase_of(right)
        return m.Comparison(self._phrase_of(left), op, operand, self._span(meta))

    def relation(self, meta: Any, children: list[Any]) -> m.Relation:
        return m.Relation(" ".join(str(c) for c in children))

    def status(self, meta: Any, children: list[Any]) -> m.StatusTest:
        var, relation, name = children
        return m.StatusTest(self._slot(var), relation, str(name), self._span(meta))

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

    __slots__ = ("first", "last", "value")

    def __init__(self, value: Any, first: Token, last: Token) -> None:
        self.value = value
        self.first = first
        self.last = last


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

    def callback(children: list[Any]) -> _Located:
        first, last = children[0], children[-1]
        if first.__class__ is _Located:
            first = first.first
        if last.__class__ is _Located:
            last = last.last
        values = []
        for child in children:
            if child.__class__ is _Located:
                values.append(child.value)
            elif keep_all or child.type in kept:
                values.append(child)
        return _Located(function(target.nodes, (first, last), values), first, last)

    return callback


def _parenthesised(children: list[Any]) -> Any:
    """``"(" expr ")"``: the tree path passes the inner node up, spanning the parentheses as its container."""
    _, inner, _ = children
    if inner.__class__ is _Located:
        return _Located(inner.value, children[0], children[-1])
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

    def fields(self, fields: list[_Field], allowed: set[str], where: str) -> dict[str, _Field]:
        out: dict[str, _Field] = {}
        for f in fields:
            if f.key not in allowed:
                hint = did_you_mean(f.key, allowed) or "fields allowed here: " + ", ".join(sorted(allowed))
                self.report(at(f.key_span, "E200", f"unknown field '{f.key}' in {where}", hint=hint))
                continue
            if f.key in out:
                self.report(at(f.key_span, "E203", f"'{f.key}' is given twice in {where}",
                               hint=f"the first is at line {out[f.key].span.line}; keep one"))
                continue
            expected_name = f.key == "confidence"
            if expected_name and f.raw_kind not in ("NAME", "STRING"):
                self.report(at(f.span, "E205", "confidence is one of: verified, secondary, unverified"))
                continue
            if not expected_name and f.raw_kind != "STRING":
                self.report(at(f.span, "E205", f"'{f.key}' takes quoted text",
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
            self.report(at(f.span, "E205", f"unknown confidence {f.value!r}",
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
                             f"{kind} {number}")
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
        fields = self.fields([i for i in node.items if isinstance(i, _Field)], allowed_fields, where)
        items: dict[str, _Item] = {}
        penalties: list[m.Penalty] = []
        allowed_items = KIND_ITEMS[kind]
        for item in node.items:
            if isinstance(item, _Field):
                continue
            if item.kind not in allowed_items:
                word = _ITEM_WORDS.get(item.kind, item.kind)
                hint = None
                if item.kind == "modal":
                    fitting = [k for k, mods in _MODALITIES.items() if item.value[0] in mods]
                    hint = f"'{item.value[0]}' belongs in a {fitting[0]}" if fitting else None
                elif item.kind == "penalty":
                    hint = "penalties belong to offences"
                elif item.kind == "holder":
                    hint = "a definition's slots come from its phrase; an exception uses its target's slots"
                self.report(at(item.span, "E202", f"{word} is not allowed in a {kind}", hint=hint))
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
            raise BuildError(at(id_span, "E202", f"only an exception names targets with 'to' ({where})",
                                hint="an aggravating factor says `aggravates <offence>` in its body"))

        def need(key: str, what: str, example: str) -> _Item:
            if key not in items:
                raise BuildError(at(id_span, "E201", f"{where} has no {what}", hint=f"add a line such as `{example}`"))
            return items[key]

        common: dict[str, Any] = dict(
            id=pid, kind=kind, label=label, section=section.eid,
            eid=section.eid + ("__" + label_eid(label) if label else ""),
            span=node.span, name=self.text(fields, "name"), text=self.text(fields, "text"),
            source=self.text(fields, "source"), note=self.text(fields, "note"),
            confidence=self.confidence(fields),
            subject_to=items["subject to"].value if "subject to" in items else (),
            notwithstanding=items["notwithstanding"].value if "notwithstanding" in items else (),
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
            provision = m.Exception_(**common, targets=targets, when=when)
        else:
            aggravated = need("aggravates", "offence it aggravates", "aggravates <offence id>").value
            need("when", "condition", 'when "{offender} groomed {victim}"')
            provision = m.AggravatingFactor(**common, targets=aggravated, when=when,
                                            effect=self.text(fields, "effect"))
        self.provisions.append(provision)


# ── The façade ───────────────────────────────────────────────────────────────


def _pre_scan(source: Source) -> list[Diagnostic]:
    """Checks Lark cannot make well: tabs in indentation, runaway nesting."""
    problems: list[Diagnostic] = []
    in_long_string = False
    for number, line in enumerate(source.lines if "\t" in source.text else (), start=1):  # no tab, nothing to find
        if not in_long_string:
            stripped = line.lstrip(" \t")
            indent = line[: len(line) - len(stripped)]
            if "\t" in indent and stripped and not stripped.startswith("#"):
                problems.append(Diagnostic(
                    Severity.ERROR, "E102", "tab in indentation", source.file, number, indent.index("\t") + 1,
                    hint="indent with spaces only (4 per level is usual)", source_line=line))
                break
        if line.count('"""') % 2 == 1:
            in_long_string = not in_long_string
    depth = deepest = 0
    for char in source.text if source.text.count("(") > MAX_NESTING else ():  # fewer cannot nest too deeply
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    if deepest > MAX_NESTING:
        index = depth = 0
        while index < len(source.text) and depth <= MAX_NESTING:
            depth += source.text[index] == "("
            depth -= source.text[index] == ")"
            index += 1
        index -= 1
        line = source.text.count("\n", 0, index) + 1
        column = index - (source.text.rfind("\n", 0, index) + 1) + 1
        problems.append(Diagnostic(Severity.ERROR, "E105", "parentheses are nested too deeply", source.file,
                                   line, column, hint=f"statute accepts at most {MAX_NESTING} levels of nesting"))
    return problems


def _syntax_diagnostic(error: UnexpectedInput, source: Source) -> Diagnostic:
    parser = _lark()
    line, column = max(error.line, 1), max(error.column, 1)
    if isinstance(error, UnexpectedCharacters):
        char = source.text[error.pos_in_stream] if error.pos_in_stream < len(source.text) else ""
        if char == '"':
            return Diagnostic(Severity.ERROR, "E103", "this string has no closing quote", source.file, line, column,
                              hint='close it with " on the same line, or use """ for text over several lines')
        if char == "\x00":
            return Diagnostic(Severity.ERROR, "E104", "NUL byte in the text", source.file, line, column,
                              hint="the file looks binary or corrupted")
        shown = repr(char)
        return Diagnostic(Severity.ERROR, "E104", f"unexpected character {shown}", source.file, line, column,
                          hint=("expected " + _expected_list(error.allowed)) if error.allowed else None)
    token = getattr(error, "token", None)
    if isinstance(error, UnexpectedEOF) or (token is not None and token.type == "$END"):
        line = source.text.count("\n") or 1
    try:
        label = error.match_examples(parser.parse, SYNTAX_ERRORS, use_accepts=True)
    except (LarkError, _IndentationError, RecursionError):
        label = None
    got = _describe_token(token)
    if label is not None:
        message = f"{label.message} (found {got})"
        return Diagnostic(Severity.ERROR, label.code, message, source.file, line, column, hint=label.hint)
    expected = getattr(error, "expected", None) or set()
    expected_text = _expected_list(set(expected) - {"_NL"} or set(expected))
    return Diagnostic(Severity.ERROR, "E100", f"unexpected {got}", source.file, line, column,
                      hint=f"expected {expected_text}" if expected_text else None)


def parse_tree(text: str) -> Tree:
    """The raw Lark tree, for debugging the grammar (``statute parse --tree``)."""
    return _lark().parse(text if text.endswith("\n") else text + "\n")


@without_gc
def parse(source: Source, fast: bool = True) -> tuple[m.Fragment | None, list[Diagnostic]]:
    """Parse one file. Returns its fragment (None on a syntax error) and diagnostics.

    ``fast=False`` skips the embedded transform and always builds a Lark tree
    first: the reference the fast path is tested against (same result).
    """
    if not source.text.strip():
        return None, [Diagnostic(Severity.ERROR, "E003", "the file is empty", source.file,
                                 hint='an Act file starts with a header such as `act "Title":`')]
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
        return None, [Diagnostic(Severity.ERROR, "E101", error.message, source.file, error.line, error.column,
                                 hint=error.hint)]
    except UnexpectedInput as error:
        return None, [_syntax_diagnostic(error, source)]
    except RecursionError:
        return None, [Diagnostic(Severity.ERROR, "E105", "the text is nested too deeply to parse", source.file,
                                 hint=f"statute accepts at most {MAX_NESTING} levels of nesting")]
    transformer = _TreeToNodes(source.file)
    try:
        nodes = transformer.transform(tree)
    except VisitError as error:
        original = error.orig_exc
        if isinstance(original, BuildError):
            return None, [original.diagnostic]
        if isinstance(original, RecursionError):
            return None, [Diagnostic(Severity.ERROR, "E105", "the text is nested too deeply", source.file,
                                     hint=f"statute accepts at most {MAX_NESTING} levels of nesting")]
        return None, [Diagnostic(Severity.ERROR, "X999", f"internal error while reading the file: {original!r}",
                                 source.file, getattr(error.obj, "meta", None) and error.obj.meta.line,
                                 hint="this is a bug in statute; please report it with the file")]
    except RecursionError:
        return None, [Diagnostic(Severity.ERROR, "E105", "the text is nested too deeply", source.file,
                                 hint=f"statute accepts at most {MAX_NESTING} levels of nesting")]
    return _fragment(source, nodes, transformer.problems)


def _fragment(source: Source, nodes: list[Any], problems: list[Diagnostic]) -> tuple[m.Fragment, list[Diagnostic]]:
    builder = _Builder(source.file)
    builder.top(nodes)
    fragment = m.Fragment(file=source.file, header=builder.header, terms=tuple(builder.terms),
                          sections=tuple(builder.sections), provisions=tuple(builder.provisions))
    return fragment, problems + builder.problems

