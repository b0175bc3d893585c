"""Loading the statute grammar: where ``statute.lark`` is, the indenter, Lark's cache.

One job: turn ``grammar/statute.lark`` into Lark parsers, once per process
(and, through Lark's own cache, once per grammar version per user). The tree
parser (with positions) is the reference and owns every diagnostic; the
fast path (:mod:`statute.parse.fast`) asks :func:`new_lark` for its own
variant with an embedded transformer.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark, Token
from lark.indenter import Indenter

GRAMMAR_FILE = "statute.lark"
#: Parentheses, indentation levels or nested conditions; deeper input is refused
#: with E105 rather than exhausting Python's stack in a later (recursive) stage.
MAX_NESTING = 100


def grammar_path() -> Path:
    """Where ``statute.lark`` is: inside the installed wheel, else the checkout.

    A wheel carries the grammar as ``statute/grammar/statute.lark`` (hatch
    force-include); an editable install or a plain checkout reads the top-level
    ``grammar/`` folder that drafters and legal engineers edit.
    """
    packaged = resources.files("statute") / "grammar" / GRAMMAR_FILE
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent.parent / "grammar" / GRAMMAR_FILE


def grammar_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


class IndentationProblem(Exception):
    """Raised by :class:`LawIndenter` with the position Lark's ``DedentError`` lacks."""

    def __init__(self, line: int, column: int, message: str, hint: str, code: str = "E101") -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint, self.code = line, column, message, hint, code


def _spaces(count: int) -> str:
    return f"{count} space{'s' * (count != 1)}"


class LawIndenter(Indenter):
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
                raise IndentationProblem(line, column, f"the text is indented more than {MAX_NESTING} levels deep",
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
            raise IndentationProblem(
                line, column,
                f"this line is indented by {_spaces(indent)}, which lines up with no block above it",
                f"lines of one block line up: indent it by {_spaces(deeper)} to continue the block above, "
                f"or by {_spaces(outer)} to close it",
            )


def cache_file(grammar: str, variant: str = "") -> str | bool:
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


def new_lark(grammar: str, strict: bool, **options: Any) -> Lark:
    """``Lark(grammar, **options)``, with ``strict=True`` for the grammar tests.

    In strict mode Lark checks every pair of terminals for collisions (with
    interegular, from the dev extra) and a collision is an error. Outside it,
    Lark runs the same check when interegular happens to be installed, only to
    log warnings; that costs about 0.3 s, but only when the grammar is built
    (a cold cache), since a parser loaded from Lark's cache is not analysed
    again. A user's install has no interegular and never pays it.
    """
    if strict:
        return Lark(grammar, strict=True, **options)
    return Lark(grammar, **options)


def tree_parser(strict: bool = False) -> Lark:
    """The one tree parser per mode (``tree_parser()`` and ``tree_parser(False)`` must be the same
    object: LALR state numbers differ between instances, and the error table is indexed by them)."""
    return _build_lark(bool(strict))


@lru_cache(maxsize=2)
def _build_lark(strict: bool) -> Lark:
    grammar = grammar_text()
    return new_lark(
        grammar,
        strict,
        parser="lalr",
        lexer="contextual",
        postlex=LawIndenter(),
        propagate_positions=True,
        maybe_placeholders=False,
        cache=False if strict else cache_file(grammar),
    )
