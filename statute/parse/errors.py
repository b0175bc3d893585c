"""Lark's exceptions → diagnostics a drafter can act on.

Syntax errors are matched against the table of labelled bad snippets
(:data:`statute.parse.syntax_errors.SYNTAX_ERRORS`, Lark's ``match_examples``
technique, matched by LALR state number so that depth does not matter),
after a few checks on the words of the line (a misspelt or misplaced
heading, an unclosed bracket). Before parsing, a regex pre-scan finds what
Lark reports badly or not at all: control characters, tabs in indentation,
runaway nesting (E105).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lark import Token
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from statute import model as m
from statute.diagnostics import Diagnostic, Severity
from statute.parse.grammar import MAX_NESTING, IndentationProblem, tree_parser
from statute.parse.provisions import (
    ACT_FIELDS,
    KIND_FIELDS,
    PROVISION_FIELDS,
    SECTION_FIELDS,
    heading_words,
    synonym_hint,
)
from statute.parse.syntax_errors import SYNONYMS, SYNTAX_ERRORS, SyntaxProblem
from statute.source import STRING_OR_COMMENT, Source


@lru_cache(maxsize=1)
def _keyword_terminals() -> dict[str, str]:
    """Terminal name → the keyword it spells (``AND`` → ``and``, ``__ANON_0`` → ``number``)."""
    out = {t.name: t.pattern.value for t in tree_parser().terminals if t.pattern.type == "str"}
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
class Scan:
    """What :func:`scan` found: a tab in indentation, runaway brackets, unclosed ones."""

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


def scan(text: str) -> Scan:
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
    return Scan(tab, too_deep, tuple(brackets))


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


def pre_scan(source: Source) -> list[Diagnostic]:
    """Checks Lark cannot make well: control characters, tabs in indentation, runaway nesting."""
    control = _control_character(source)
    if control is not None:
        return [control]
    found = scan(source.text)
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
    except (LarkError, IndentationProblem):  # pragma: no cover - accepts() re-feeds tokens
        return frozenset(getattr(error, "expected", None) or ())


def _failure(text: str) -> UnexpectedInput | None:
    """The syntax error a snippet raises, or None if it parses (or fails otherwise)."""
    try:
        tree_parser().parse(text)
    except UnexpectedInput as error:
        return error
    except (LarkError, IndentationProblem):
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
    if state.parse_conf.parse_table is not tree_parser().parser.parser.parser.parse_table:
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
CONTENT_LINE = re.compile(r"^[ \t\f\v]*[^#\s]", re.MULTILINE)


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


def _line_start_words() -> set[str]:
    """Every word a correct line may start with: keywords and field names."""
    fields = ACT_FIELDS | SECTION_FIELDS | PROVISION_FIELDS | {f for fs in KIND_FIELDS.values() for f in fs}
    return set(_keyword_terminals().values()) | fields | {"must", "may", "need", "subject", "notwithstanding"}


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
    if is_heading and word in heading_words() and misplaced:
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
        candidates = heading_words() if is_heading else sorted(_line_start_words())
        suggestion = synonym_hint(word, candidates)
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
    return None, synonym_hint(word, allowed)


def syntax_diagnostic(error: UnexpectedInput, source: Source, scan: Scan) -> Diagnostic:
    if isinstance(error, UnexpectedCharacters):
        return _character_diagnostic(error, source)
    token: Token | None = getattr(error, "token", None)
    split = False
    line = error.line if isinstance(error.line, int) and error.line > 0 else 1
    column = error.column if isinstance(error.column, int) and error.column > 0 else 1
    at_end = token is None or token.type in ("$END", "_DEDENT")
    offset = len(source.text) if token is None or at_end or token.start_pos is None else token.start_pos
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


def nested_too_deeply(source: Source, line: int | None = None, column: int | None = None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, "E105", f"this condition is nested more than {MAX_NESTING} levels deep",
                      source.file, line, column,
                      hint=f"statute accepts at most {MAX_NESTING} levels of nesting; "
                           "split the condition into definitions")
