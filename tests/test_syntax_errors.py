"""The friendly syntax-error table (``statute.parser.SYNTAX_ERRORS``) stays true.

Every example in the table is parsed and must come back with its own label, a
file:line:col and a hint — under Lark's own ``match_examples(use_accepts=True)``
and under statute's matcher, and also when the same mistake sits deeper in a
file (after a comment, inside a part and chapter). A grammar change that moves
parser states breaks these tests instead of silently degrading the messages.

Then realistic mistakes, made in the bundled enacted Act itself, must each get a
specific message at the offending token.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lark.exceptions import UnexpectedToken

from statute.diagnostics import Diagnostic
from statute.loader import bundled_acts
from statute.parse.syntax_errors import ACT
from statute.parser import SYNTAX_ERRORS, SyntaxProblem, build_parser, match_syntax_error, parse
from statute.source import Source

EXAMPLES = [(problem, text) for problem, texts in SYNTAX_ERRORS.items() for text in texts]
LABEL_NUMBER = {problem: number for number, problem in enumerate(SYNTAX_ERRORS)}


def _id(case: tuple[SyntaxProblem, str]) -> str:
    problem, text = case
    last = text.rstrip("\n").rsplit("\n", 1)[-1].strip()
    return f"{LABEL_NUMBER[problem]:02d}:{last[:40]}"


def first_diagnostic(text: str, file: str = "example.law") -> Diagnostic:
    _fragment, diagnostics = parse(Source(file, text))
    assert diagnostics, f"expected a syntax error, but this parsed:\n{text}"
    return diagnostics[0]


def assert_labelled(diagnostic: Diagnostic, problem: SyntaxProblem, text: str) -> None:
    assert diagnostic.message.startswith(problem.message), (
        f"expected {problem.message!r}\n     got {diagnostic.message!r} at {diagnostic.location}\nfor:\n{text}")
    assert diagnostic.code == problem.code
    assert diagnostic.hint, "every syntax error tells the drafter what to do"


def test_table_is_not_empty_and_every_label_is_distinct():
    messages = [problem.message for problem in SYNTAX_ERRORS]
    assert len(messages) >= 30
    assert len(set(messages)) == len(messages)
    for problem, texts in SYNTAX_ERRORS.items():
        assert texts, f"{problem.message!r} has no example"
        assert problem.hint, f"{problem.message!r} has no hint"
        assert problem.code.startswith("E1")


@pytest.mark.parametrize("case", EXAMPLES, ids=_id)
def test_example_gets_its_own_label(case):
    problem, text = case
    diagnostic = first_diagnostic(text)
    assert_labelled(diagnostic, problem, text)
    assert diagnostic.file == "example.law"
    lines = text.split("\n")
    assert diagnostic.line is not None and 1 <= diagnostic.line <= len(lines)
    assert diagnostic.column is not None and 1 <= diagnostic.column <= len(lines[diagnostic.line - 1]) + 1
    assert diagnostic.location == f"example.law:{diagnostic.line}:{diagnostic.column}"


@pytest.mark.parametrize("case", EXAMPLES, ids=_id)
def test_example_fails_as_a_token_error_and_matches_itself(case):
    """Each example is a live syntax error (not a lexer error, not valid text) that maps to its own label."""
    problem, text = case
    with pytest.raises(UnexpectedToken) as caught:
        build_parser().parse(text)
    assert match_syntax_error(caught.value) == problem


def test_first_examples_agree_with_larks_own_match_examples():
    """The table is consistent in Lark's own sense (``match_examples(use_accepts=True)``) too.

    Lark re-parses the whole table for every lookup, so this checks one example
    per label; the tests above check every example with statute's matcher.
    """
    parser = build_parser()
    for problem, texts in SYNTAX_ERRORS.items():
        with pytest.raises(UnexpectedToken) as caught:
            parser.parse(texts[0])
        assert caught.value.match_examples(parser.parse, SYNTAX_ERRORS, use_accepts=True) == problem, texts[0]


@pytest.mark.parametrize("case", EXAMPLES, ids=_id)
def test_example_matches_after_a_leading_comment(case):
    """A comment before the mistake deepens Lark's parse stack; the label must not depend on it."""
    problem, text = case
    commented = "# a comment\n\n" + text
    diagnostic = first_diagnostic(commented)
    assert_labelled(diagnostic, problem, commented)


NESTABLE = [case for case in EXAMPLES if case[1].startswith(ACT + 'section 1 "H":\n')]


@pytest.mark.parametrize("case", NESTABLE, ids=_id)
def test_example_matches_inside_a_part_and_chapter(case):
    problem, text = case
    head = ACT + 'section 1 "H":\n'
    nested = ACT + 'part 1:\n    chapter 2:\n        section 1 "H":\n' + textwrap.indent(text[len(head):], " " * 8)
    diagnostic = first_diagnostic(nested)
    assert_labelled(diagnostic, problem, nested)


# ── Realistic mistakes in the enacted Act ────────────────────────────────────

ENACTED = Path(bundled_acts()["enacted"]).read_text(encoding="utf-8")
I16 = " " * 16
NOTIFY = 'must "{person} notifies the police or the local authority about {child}"\n'

#: (line of the enacted Act to change, what to write instead, where the caret
#: must point in the new line, a fragment of the expected message, of the hint)
MISTAKES = [
    ('section 85 "Duty to notify suspected child sex offences":',
     'section 85 "Duty to notify suspected child sex offences"', "\n", "must end with ':'", "add ':'"),
    ("duty duty_to_notify (1):", "duty duty_to_notify (1)", "\n", "must end with ':'", None),
    ("duty duty_to_notify (1):", "duty duty to notify (1):", "to notify", "id is one word", "underscores"),
    ("duty duty_to_notify (1):", "duty duty-to-notify (1):", "-", "unexpected character '-'", "underscores"),
    ("duty duty_to_notify (1):", "duty duty_to_notify 1:", "1:", "brackets", "(1)"),
    ("duty duty_to_notify (1):", "Duty duty_to_notify (1):", "Duty", "unknown kind of heading 'Duty'",
     "did you mean 'duty'"),
    ("offence preventing_or_deterring (1):", "offense preventing_or_deterring (1):", "offense",
     "unknown kind of heading 'offense'", "did you mean 'offence'"),
    ("offence preventing_or_deterring (1):", "crime preventing_or_deterring (1):", "crime",
     "unknown kind of heading", "did you mean 'offence'"),
    ('section 86 "Exceptions to the duty to notify":', 'Section 86 "Exceptions to the duty to notify":', "Section",
     "unknown kind of heading 'Section'", "did you mean 'section'"),
    ('section 86 "Exceptions to the duty to notify":', "section 86 Exceptions to the duty to notify:", "Exceptions",
     "heading is written in double quotes", None),
    ("exception confidential_services (2) to duty_to_notify:", "exception confidential_services (2) to:", ":",
     "exception to", "exception <id> to <provision id>"),
    ("exception confidential_services (2) to duty_to_notify:", "exception confidential_services (2):", None,
     "does not say what it is an exception to", None),
    ("holder {person}\n" + I16 + "when", "holder person\n" + I16 + "when", "person", "party is written as a {slot}",
     "holder {person}"),
    ("committed by {offender}", "committed by offender", "offender", "{slot}", "committed by {offender}"),
    ("holder {person}\n" + I16 + "when", "holdr {person}\n" + I16 + "when", "holdr", "unknown field 'holdr'",
     "did you mean 'holder'"),
    (NOTIFY, NOTIFY.replace("must", "shall"), "shall", "unknown field 'shall'", "did you mean 'must'"),
    (NOTIFY, "must notify the police or the local authority\n", "notify", "double quotes", None),
    (NOTIFY, NOTIFY.rstrip() + ' by "as soon as practicable"\n', 'by "as', "go on their own line", None),
    ('when "{person} is a mandated reporter" and "{person} is given',
     "when {person} is a mandated reporter and \"{person} is given", "a mandated", "double quotes", None),
    ('when "{person} is a mandated reporter" and "{person} is given',
     'when \u201c{person} is a mandated reporter\u201d and "{person} is given', "\u201c", "unexpected character",
     "curly quotes"),
    ('when "{person} is a mandated reporter" and "{person} is given',
     "when '{person} is a mandated reporter' and \"{person} is given", "'", "unexpected character",
     "double quotes"),
    ('when "{person} is a mandated reporter" and "{person} is given',
     'when "{person} is a mandated reporter" AND "{person} is given', "AND", "lower case", "write 'and'"),
    ('when "{person} is a mandated reporter" and "{person} is given',
     'when "{person} is a mandated reporter" && "{person} is given', "&&", "unexpected character '&'", "and"),
    ('when "{person} is a mandated reporter" and "{person} is given',
     'when "{person} is a mandated reporter" and\n            "{person} is given', "\n",
     "cannot end with 'and'", "( )"),
    ('"the age of {person}" is at least 18', '"the age of {person}" >= 18', ">=", "unexpected character '>'",
     "is at least"),
    ('"the age of {person}" is at least 18', '"the age of {person}" is greater than 18', "greater",
     "after a phrase", "is at least"),
    ('"the age of {person}" is at least 18', '"the age of {person}" is at least eighteen', "eighteen",
     "after a phrase", None),
    ('"the age of {person}" is at least 18', '"the age of {person}" is at least 18,', ",",
     "joined by 'and' or 'or'", None),
    ('when {person} breaches duty_to_notify and "{person} is a member',
     'when {person} breached duty_to_notify and "{person} is a member', "breached",
     "unknown test of another provision", "did you mean 'breaches'"),
    ('when {person} breaches duty_to_notify and "{person} is a member',
     'when {person} does not comply with duty_to_notify and "{person} is a member', "does", "cannot be negated",
     "not {person}"),
    ('when {person} breaches duty_to_notify and "{person} is a member',
     'when {person} breaches duty to notify and "{person} is a member', "to notify", "named by its id", "underscores"),
    ("when some {reporter}, {child}: all of:", "when some {reporter}, {child} all of:", "all",
     "quantifier", "some {x}:"),
    ('"{person} is engaged in relevant activity" means any of:',
     '"{person} is engaged in relevant activity" means either of:', "either", "`all of:`, `any of:`", None),
    ('"{person} is engaged in relevant activity" means any of:',
     '"{person} is engaged in relevant activity" means any of', "\n", "`all of:`, `any of:`", None),
    ('"{person} is engaged in relevant activity" means any of:',
     "{person} is engaged in relevant activity means any of:", "{person}", "double quotes", None),
    ("on indictment: imprisonment up to 7 years, a fine, or both",
     "on indictment: imprisonment for 7 years, a fine, or both", "for", "imprisonment reads", None),
    ("on indictment: imprisonment up to 7 years, a fine, or both",
     "on indictment: up to 7 years imprisonment", "up", "unknown sanction", None),
    ("on indictment: imprisonment up to 7 years, a fine, or both",
     "on indictment: imprisonment up to 7 years, a fine up to 5000", "5000", "fine's limit", "£5,000"),
    ("on indictment: imprisonment up to 7 years, a fine, or both",
     "on indictment: imprisonment up to 7 years and/or a fine", "/", "unexpected character '/'", "or both"),
    ("on indictment: imprisonment up to 7 years, a fine, or both",
     "on indictment imprisonment up to 7 years, a fine, or both", "imprisonment", "penalty line starts", None),
    ("on summary conviction: imprisonment", "on summary: imprisonment", ": imp", "penalty line starts", None),
    ('    source "Crime and Policing Act 2026, Part 5"\n', '    source: "Crime and Policing Act 2026, Part 5"\n', ":",
     "without ':'", None),
    ('    confidence secondary\n    note "The full', '    confidence high\n    note "The full', "high",
     "unknown confidence 'high'", "verified"),
    ('terms:\n    number "the age of {person}"', 'terms:\n    numeric "the age of {person}"', "numeric",
     "term declaration", "did you mean 'number'"),
    ('    "{person} is a teacher"\n', "    {person} is a teacher\n", "{person}", "term declaration", None),
    ("\n            duty notification_content (2)(b):", "\n                duty notification_content (2)(b):",
     "duty", "a duty cannot contain a duty", "un-indent"),
    ('    citation "2026 c. 20"\n', '    citation "2026 c. 20"\n    terms:\n        "x"\n', "terms",
     "act header holds only fields", None),
    (I16 + "holder {person}\n" + I16 + "when", I16 + "  holder {person}\n" + I16 + "when", "holder",
     "indented further than the line above", None),
    ('    "{person} is a teacher"\n', '  "{person} is a teacher"\n', '"{person} is a teacher',
     "lines up with no block above it", "4 spaces"),
    ("to \"the police or the local authority\"\n                text \"A person aged",
     "to \"the police or the local authority\n                text \"A person aged", '"the police',
     "no closing quote", None),
    ('when "{person} is a mandated reporter" and "{person} is given',
     'when ("{person} is a mandated reporter" and "{person} is given', "(", "'(' is not closed", "')'"),
    ('when "{person} is a mandated reporter" and "{person} is given',
     'when "{person} is a mandated reporter") and "{person} is given', ")", "no '(' before it", None),
]


def _mistake_id(case: tuple) -> str:
    return f"{case[1].strip()[:50]}"


@pytest.mark.parametrize("case", MISTAKES, ids=_mistake_id)
def test_realistic_mistake(case):
    old, new, caret, message, hint = case
    assert ENACTED.count(old) >= 1, f"the enacted Act no longer contains {old!r}"
    text = ENACTED.replace(old, new, 1)
    diagnostic = first_diagnostic(text, "enacted.law")
    assert message in diagnostic.message, f"{diagnostic.location}: {diagnostic.message}"
    if hint is not None:
        assert diagnostic.hint and hint in diagnostic.hint, diagnostic.hint
    assert diagnostic.hint, "every error has a hint"
    if caret is None:
        return
    start = ENACTED.index(old)
    offset = text.index(caret, start)
    expected_line = text.count("\n", 0, offset) + 1
    expected_column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    assert (diagnostic.line, diagnostic.column) == (expected_line, expected_column), (
        f"{diagnostic.location}: {diagnostic.message}\n{text.split(chr(10))[diagnostic.line - 1]}")
