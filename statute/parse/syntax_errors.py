"""The table of friendly syntax errors: labelled bad snippets, Lark's ``match_examples`` technique.

A syntax error in a drafter's file is matched to the example here that fails
in the same LALR state, with the same acceptable tokens and (best) the same
offending word; the example's label becomes the message. The matching itself
lives in :mod:`statute.parse.errors` (the parse package alone imports Lark); this module
is plain data, so the messages can be read and edited in one place.

How to add a message: write the mistake as a short snippet that fails at the
offending token (the helpers put a line into each place it can occur — first
and later line of a block, top level after a comment …), run
``pytest tests/test_syntax_errors.py``, and make sure every example maps to
its own label. An example that is matched by an earlier label is shadowed;
move it or give it a more specific offending word.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SyntaxProblem:
    """A labelled kind of syntax error: what to say, and how to fix it."""

    message: str
    hint: str | None = None
    code: str = "E100"


#: Words from other drafting traditions (or other languages) and statute's own.
SYNONYMS = {
    "shall": "must", "should": "must", "offense": "offence", "crime": "offence", "obligation": "duty",
    "ban": "prohibition", "prohibited": "prohibition", "right": "permission", "power": "permission",
    "defence": "exception", "defense": "exception", "unless": "exception", "proviso": "exception",
    "if": "when", "where": "when", "whenever": "when", "sanction": "penalty", "penalties": "penalty",
    "define": "definition", "def": "definition", "subsection": "section", "sec": "section", "s": "section",
    "vocabulary": "terms", "term": "terms", "facts": "terms", "law": "act", "statute": "act",
    "bill": "act", "title": "act",
}


#: The snippets' common openings (a header; a section; a duty with its holder).
ACT = 'act "T":\n    source "s"\n'
_HEAD = ACT + 'section 1 "H":\n'
_DUTY = _HEAD + "    duty d:\n        holder {p}\n"


def _top(line: str) -> list[str]:
    """A line at the left margin: first in the file, after a comment, after the header."""
    return [line, "# c\n" + line, ACT + line, "# c\n" + ACT + line]


def _in_section(line: str) -> list[str]:
    """A line as the first, and as a later, item of a section."""
    return [_HEAD + "    " + line, _HEAD + '    source "s"\n    ' + line]


def _in_provision(line: str) -> list[str]:
    """A line as the first, and as a later, line of a provision's body."""
    return [_HEAD + "    duty d:\n        " + line, _DUTY + "        " + line]


def _in_header(line: str) -> list[str]:
    return ['act "T":\n    ' + line, ACT + "    " + line]


def _in_terms(line: str) -> list[str]:
    return ["terms:\n    " + line, 'terms:\n    "a"\n    ' + line]


def _in_block(line: str) -> list[str]:
    return [_DUTY + "        when all of:\n            " + line,
            _DUTY + '        when all of:\n            "a"\n            ' + line]


def _when(condition: str) -> list[str]:
    return [_DUTY + "        when " + condition + "\n"]


#: The ``match_examples`` table: each problem with bad snippets that fail in the
#: parser state (and with the acceptable tokens) a drafter's input fails in. The
#: order matters only when two examples fail identically: the first wins.
#: tests/test_syntax_errors.py runs every example and checks it gets its own
#: label, so a grammar change that breaks the table fails the suite.
SYNTAX_ERRORS: dict[SyntaxProblem, list[str]] = {
    SyntaxProblem("a heading must end with ':'", "add ':' at the end of the line"): [
        'act "T"\n',
        'section 1 "H"\n',
        "section 1\n",
        ACT + 'section 1 "H"\n',
        ACT + "section 1\n",
        *_in_section("duty d\n"),
        *_in_section("duty d (1)\n"),
        *_in_section("exception e to d\n"),
        *_in_section("exception e to d, f\n"),
        *_in_section("aggravating factor g\n"),
        *_in_section("aggravating factor g (1)\n"),
        *_in_section('part 2 "P"\n'),
        "terms\n",
        ACT + "terms\n",
        *_in_section("terms\n"),
    ],
    SyntaxProblem("a heading is written in double quotes",
                  'write e.g. `section 85 "Duty to notify":` (the heading may be left out)'): [
        "section 1 Duty:\n",
        ACT + "section 1 Duty to notify:\n",
        *_in_section("part 2 Duties:\n"),
    ],
    SyntaxProblem("the act header needs its title in double quotes",
                  'write e.g. `act "Crime and Policing Act 2026":`'): [
        "act Crime and Policing Act:\n",
        "act:\n",
        "act\n",
        "act 2026:\n",
    ],
    SyntaxProblem("a section needs a number before its heading",
                  'write e.g. `section 85 "Duty to notify":`'): [
        'section "H":\n',
        "section:\n",
        "section\n",
        ACT + 'section "H":\n',
        *_in_section('part "P":\n'),
    ],
    SyntaxProblem("a heading needs an indented block under it",
                  "indent the lines that belong to it (4 spaces is usual)"): [
        'act "T":\n',
        'act "T":\nsection 1:\n',
        'act "T":\nterms:\n',
        'section 1 "H":\nsection 2:\n',
        "terms:\nsection 1:\n",
        "terms:\n",
        _HEAD,
        _HEAD + "section 2:\n",
        *_in_section("duty d:\n"),
        *_in_section("duty d:\n    duty e:\n"),
        *_in_section("terms:\n"),
        *_in_section("terms:\n    duty e:\n"),
        *_in_section('part 2 "P":\n'),
        *_in_section('part 2 "P":\n    duty e:\n'),
        *_when("all of:"),
        *_when('all of:\n        must "a"'),
        *_when('any of:\n        must "a"'),
        *_when('none of:\n        must "a"'),
        _DUTY + '        "a" means all of:\n',
        _DUTY + '        "a" means all of:\n        must "b"\n',
    ],
    SyntaxProblem("this line is indented further than the line above it",
                  "lines of one block line up; only a heading that ends with ':' starts a deeper block"): [
        'act "T":\n    source "s"\n        note "n"\n',
        *_in_header('note "n"\n        text "t"\n'),
        *_in_section('source "a"\n        text "t"\n'),
        *_in_provision('note "n"\n            text "t"\n'),
        *_in_provision("holder {p}\n            when \"a\"\n"),
        *_in_terms('"x"\n        "y"\n'),
        *_in_provision("within 72 hours\n            to \"x\"\n"),
        *_in_provision("on indictment: a fine\n            note \"n\"\n"),
        *_in_provision("subject to e\n            note \"n\"\n"),
    ],
    SyntaxProblem("a condition cannot continue on an indented line",
                  "put it on one line, wrap a long condition in ( ) to continue it over several lines, "
                  "or list its parts under `all of:` / `any of:`"): [
        *_when('"a"\n            and "b"'),
        *_when('"a"\n            or "b"'),
        *_when('"a" is 3\n            and "b"'),
        *_when("{p} is under d\n            and \"b\""),
        _DUTY + '        must "a"\n            and "b"\n',
        _DUTY + '        "a" means "b"\n            or "c"\n',
        *_in_block('"b"\n                and "c"\n'),
    ],
    SyntaxProblem("a condition cannot end with 'and' / 'or' and continue on the next line",
                  "wrap the whole condition in ( ) to continue it over several lines, or list its parts "
                  "under `all of:` / `any of:`"): [
        *_when('"a" and'),
        *_when('"a" or'),
        *_when('"a" and "b" or'),
        *_when('some {x}: "a" and'),
    ],
    SyntaxProblem("a provision must be inside a section",
                  'put it under a heading such as `section 1 "Duty to notify":` and indent it'): [
        *_top("duty d:\n"),
        *_top("prohibition d:\n"),
        *_top("permission d:\n"),
        *_top("offence d:\n"),
        *_top("consequence d:\n"),
        *_top("definition d:\n"),
        *_top("exception d to e:\n"),
        *_top("aggravating factor d:\n"),
    ],
    SyntaxProblem("a field belongs under a heading",
                  "indent it under the act header, section or provision it describes"): [
        *_top('source "s"\n'),
        *_top('note "n"\n'),
        *_top("confidence verified\n"),
        *_top('"x"\n'),
        *_top("{x}\n"),
    ],
    SyntaxProblem("the act header holds only fields (citation, version, extent, source, note, confidence)",
                  "start `terms:` and sections at the left margin, below the header"): [
        *_in_header("{p}\n"),
    ],
    SyntaxProblem("a provision needs an id after its kind",
                  "write e.g. `duty notify (1):` — the id is how other provisions and scenarios refer to it"): [
        *_in_section("duty:\n"),
        *_in_section("duty (1):\n"),
        *_in_section("duty\n"),
        *_in_section("aggravating factor:\n"),
        *_in_section("aggravating factor (1):\n"),
        *_in_section('duty "notify":\n'),
        *_in_section("duty {p}:\n"),
        *_in_section("duty 85:\n"),
    ],
    SyntaxProblem("a provision's id is one word",
                  "join the words with underscores, e.g. `duty duty_to_notify (1):`"): [
        *_in_section("duty notify breach:\n"),
        *_in_section("duty notify breach (1):\n"),
        *_in_section('duty d "notify":\n'),
    ],
    SyntaxProblem("the subsection label goes right after the id",
                  "write e.g. `exception consensual_activity (1) to duty_to_notify:`"): [
        *_in_section("exception e to d (1):\n"),
        *_in_section("exception e to d, f (1):\n"),
    ],
    SyntaxProblem("a subsection label is written in brackets",
                  "write e.g. `duty notify (1):` or `duty notify (2)(b):`"): [
        *_in_section("duty d 1:\n"),
        *_in_section("duty d 1a:\n"),
        *_in_section("duty d (1) (2):\n"),
        *_in_section("duty d (1) 2:\n"),
        *_in_section("duty d (1:\n"),
        *_in_section("duty d 1):\n"),
    ],
    SyntaxProblem("'aggravating' is followed by 'factor'",
                  "write `aggravating factor <id>:`"): [
        *_in_section("aggravating g:\n"),
        *_in_section("aggravating\n"),
    ],
    SyntaxProblem("an exception must say what it is an exception to",
                  "write `exception <id> to <provision id>:`; several targets are separated by ','"): [
        *_in_section("exception e to:\n"),
        *_in_section("exception e to d,:\n"),
        *_in_section("exception e to d and f:\n"),
        *_in_section("exception e to d f:\n"),
        *_in_section('exception e to "d":\n'),
        *_in_section("exception e to (1):\n"),
    ],
    SyntaxProblem("a phrase must be written in double quotes",
                  'write the phrase as declared, e.g. "{person} is a teacher"'): [
        *_when("{p} is a teacher"),
        *_in_provision("{p} is a teacher means \"a\"\n"),
        *_when("person is a teacher"),
        _DUTY + "        must notify the police\n",
        _DUTY + "        may notify the police\n",
        _DUTY + "        must not notify the police\n",
        _DUTY + "        need not notify the police\n",
        *_in_block("person is a teacher\n"),
        *_in_block("{p} is a teacher\n"),
        *_when('"a" and b'),
        *_when('"a" or b'),
        *_when("not b"),
        *_when("(b)"),
        *_when("some {x}: b"),
        _DUTY + '        "a" means b\n',
        *_when('"n" is at least "a" and b'),
    ],
    SyntaxProblem("a condition goes on the same line as this word",
                  'write e.g. `when "{person} is a teacher"`, or `when all of:` / `when any of:` '
                  "with the conditions indented below"): [
        *_when(""),
        *_when(":"),
        _DUTY + "        must\n",
        _DUTY + "        must:\n",
        _DUTY + "        may\n",
        _DUTY + "        may:\n",
        _DUTY + "        must not\n",
        _DUTY + "        must not:\n",
        _DUTY + "        need not\n",
        _DUTY + "        need not:\n",
        _DUTY + '        "a" means\n',
        _DUTY + '        "a" means:\n',
    ],
    SyntaxProblem("a condition is missing after this word",
                  'finish the condition, e.g. `not "{person} is a teacher"`'): [
        *_when("not"),
        *_when('"a" and ("b" or)'),
        *_when('("a" and)'),
        *_when("not )"),
        *_when("some {x}:"),
        *_when("()"),
    ],
    SyntaxProblem("a block lists its conditions on the lines below it",
                  "end the line after `all of:` / `any of:` / `none of:` and indent one condition per line"): [
        *_when('all of: "a"'),
        *_when('any of: "a", "b"'),
        *_when("none of: {p} is under d"),
        *_when('some {x}: all of: "a"'),
    ],
    SyntaxProblem("unexpected ')' with no '(' before it",
                  "remove it, or add the opening '('"): [
        *_when('"a")'),
        *_when('"a" and "b")'),
        *_when('"n" is 3)'),
        *_when("{p} is under d)"),
        *_when(')'),
    ],
    SyntaxProblem("'and' / 'or' must join two conditions on one line",
                  'put the conditions on both sides: `"a" and "b"`'): [
        *_when('and "b"'),
        *_when('or "b"'),
        *_in_block('and "b"\n'),
        *_in_block('or "b"\n'),
        *_when('"a" and and "b"'),
        *_when('"a" and or "b"'),
        *_when('"a" or and "b"'),
    ],
    SyntaxProblem("two conditions must be joined by 'and' or 'or'",
                  'write `"a" and "b"`, or list the conditions one per line under `all of:` / `any of:`'): [
        *_when('"a" "b"'),
        *_when('"a", "b"'),
        *_in_block('"a", "b"\n'),
        *_when('"n" is 3 "b"'),
        *_when('"n" is 3, "b"'),
        *_when('{p} is under d "b"'),
        *_when('{p} is under d, "b"'),
        *_when('("a") "b"'),
        *_when('("a"), "b"'),
        *_when('"a" {p} is under d'),
        *_when('"a" not "b"'),
    ],
    SyntaxProblem("after a phrase: 'and', 'or', a comparison or the end of the line",
                  "a number phrase is compared with: is, is not, is at least, is at most, is under, is over; "
                  "facts are joined with 'and' / 'or'"): [
        *_when('"n" equals 3'),
        *_when('"n" is at'),
        *_when('"n" is less 3'),
        *_when('"n" is more 3'),
        *_when('"n" is'),
        *_when('"n" is not'),
        *_when('"n" is at least'),
        *_when('"n" is under'),
        *_when('"n" is over'),
        *_when('"n" is less than'),
        *_when('"n" is more than'),
        *_when('"n" is at most'),
        *_when('"n" is greater than 3'),
        *_when('"n" is 18 or more'),
        *_when('"n" is at least eighteen'),
        *_when('"n" is at least {p}'),
    ],
    SyntaxProblem("'within' and 'by' go on their own line, below `must`",
                  'write `must "…"` on one line and `within 72 hours` or `by "as soon as practicable"` '
                  "on the next"): [
        _DUTY + '        must "a" within 72 hours\n',
        _DUTY + '        must "a" by "as soon as practicable"\n',
        _DUTY + '        may "a" within 7 days\n',
        _DUTY + '        must "a" to "the police"\n',
        _DUTY + '        must "a" when "b"\n',
        _DUTY + '        must "a" is 3 within 2 days\n',
        _DUTY + '        when "a" must "b"\n',
        _DUTY + '        when "a" is 3 must "b"\n',
        _DUTY + '        when {p} is under d must "b"\n',
    ],
    SyntaxProblem("unknown test of another provision",
                  "write `{party} is under <duty>`, `breaches`, `complies with`, "
                  "`is excused from`, `commits <offence>` or `faces <consequence>`"): [
        *_when("{p} is"),
        *_when("{p} is excused"),
        *_when("{p} complies"),
        *_when("{p} breaches"),
        *_when("{p} commits"),
        *_when("{p} faces"),
        *_when("{p}"),
        *_when("{p} is under"),
        *_when("{p} is excused from"),
        *_when("{p} complies with"),
        *_when("{p} breached d"),
        *_when("{p} breaches \"d\""),
    ],
    SyntaxProblem("a test of another provision cannot be negated inside it",
                  "put 'not' in front: `not {person} is under duty_to_notify`"): [
        *_when("{p} is not under d"),
        *_when("{p} does not comply with d"),
        *_when("{p} does not breach d"),
        *_when("{p} is not excused from d"),
    ],
    SyntaxProblem("'by' names the exception or permission that excuses, by its id",
                  "write e.g. `{reporter} is excused from duty_to_notify by delay_where_child_at_risk`"): [
        *_when("{p} is excused from d by {q}"),
        *_when("{p} is excused from d by 123"),
        *_when('{p} is excused from d by "e"'),
        *_when("{p} is excused from d by"),
    ],
    SyntaxProblem("a provision is named by its id, one word",
                  "ids are one word with underscores, e.g. `{person} is under duty_to_notify`"): [
        *_when("{p} is under duty notify"),
        *_when("{p} breaches d (1)"),
        *_when("{p} commits the offence"),
        *_when("{p} breaches duty to notify"),
        *_when("{p} is under duty to notify"),
    ],
    SyntaxProblem("a quantifier needs a slot and a colon",
                  'write `some {x}: "{x} is a teacher"`'): [
        *_when("some"),
        *_when("some {x}"),
        *_when('some {x} "a"'),
        *_when("some {x},"),
        *_when("some person: \"a\""),
        *_when("some {x}, {y} \"a\""),
        *_when('some "x": "a"'),
    ],
    SyntaxProblem("a block must be `all of:`, `any of:` or `none of:`",
                  "write e.g. `when all of:` and list the conditions below it"): [
        *_when("all"),
        *_when("any"),
        *_when("none"),
        *_when("all of"),
        *_when("any of"),
        *_when("none of"),
        *_when("all:"),
        *_when("any:"),
        *_when("none:"),
        *_when("either of:"),
        *_when("one of:"),
        *_when("each of:"),
        *_when("both of:"),
        *_when("every of:"),
        *_when("all the following:"),
        _DUTY + '        "a" means either of:\n',
        _DUTY + '        "a" means one of:\n',
        _DUTY + '        "a" means both of:\n',
        *_in_block("either of:\n"),
        *_in_block("one of:\n"),
    ],
    SyntaxProblem("a field needs a value",
                  'write e.g. `source "Crime and Policing Act 2026, s.85"`'): [
        *_in_section("source\n"),
        *_in_header("source\n"),
        *_in_provision("note\n"),
        *_in_provision("subject to\n"),
        *_in_provision("notwithstanding\n"),
        *_in_provision("aggravates\n"),
        *_in_provision("subject to d,\n"),
        *_in_provision("aggravates d,\n"),
    ],
    SyntaxProblem("a field's value follows its name after a space, without ':'",
                  'write e.g. `source "Crime and Policing Act 2026, s.85"`'): [
        *_in_section('source: "s"\n'),
        *_in_header('citation: "c"\n'),
        *_in_provision('to: "the police"\n'),
        *_in_provision("subject to: d\n"),
        *_in_provision("notwithstanding: d\n"),
        *_in_provision("aggravates: d\n"),
    ],
    SyntaxProblem("each part of a provision goes on its own line",
                  "start a new line for `when`, `must`, `within`, `to` …, indented like the line above"): [
        *_in_provision('holder {p} when "a"\n'),
        *_in_provision('holder {p} must "a"\n'),
        *_in_provision("holder {p} when all of:\n"),
        *_in_provision('committed by {p} when "a"\n'),
        *_in_provision('faced by {p} when "a"\n'),
        *_in_provision('within 72 hours to "x"\n'),
        *_in_provision('within 72 hours by "x"\n'),
        *_in_provision('aggravates d when "a"\n'),
        *_in_provision('subject to d when "a"\n'),
        *_in_provision('on indictment: a fine when "a"\n'),
    ],
    SyntaxProblem("the party is written as a {slot}",
                  "write e.g. `holder {person}`, `committed by {offender}` or `faced by {person}`"): [
        *_in_provision("holder\n"),
        *_in_provision("holder person\n"),
        *_in_provision('holder "person"\n'),
        *_in_provision("holder: {p}\n"),
        *_in_provision("committed by\n"),
        *_in_provision("committed by offender\n"),
        *_in_provision('committed by "offender"\n'),
        *_in_provision("committed {p}\n"),
        *_in_provision("committed: {p}\n"),
        *_in_provision("faced by\n"),
        *_in_provision("faced by person\n"),
        *_in_provision("faced {p}\n"),
        *_in_provision("holder {p} {q}\n"),
        *_in_provision("holder {p}, {q}\n"),
        *_in_provision('holder {p} "x"\n'),
        *_in_provision("holder {p} and {q}\n"),
    ],
    SyntaxProblem("only a heading ends with ':'",
                  "remove the ':' — the lines of a provision follow its heading, indented, and end without one"): [
        *_in_provision("holder {p}:\n"),
        *_in_provision("committed by {p}:\n"),
        *_in_provision("faced by {p}:\n"),
        *_in_provision("on indictment: a fine:\n"),
        *_in_provision("on indictment: imprisonment up to 7 years:\n"),
        *_in_provision('on indictment: "x":\n'),
        *_in_provision("on indictment: a fine, or both:\n"),
        *_in_provision("penalty: not stated:\n"),
        *_in_provision("within 72 hours:\n"),
        *_in_provision('within 72 hours measured by "n":\n'),
        *_in_provision("subject to d:\n"),
        *_in_provision("aggravates d:\n"),
        *_in_provision('note "n":\n'),
        *_in_section('source "s":\n'),
        *_in_header('source "s":\n'),
        *_in_terms('"x":\n'),
        *_when('"a":'),
        *_when('"a" and "b":'),
        *_when('"n" is 3:'),
        *_when("{p} breaches d:"),
    ],
    SyntaxProblem("a heading starts with its kind",
                  'write e.g. `part 5 "Child sexual abuse":` or `section 85 "Duty to notify":`'): [
        *_top('5 "Child sexual abuse":\n'),
        *_top("5:\n"),
        *_in_section('85 "Duty to notify":\n'),
        *_in_section("85:\n"),
    ],
    SyntaxProblem("a field needs its name before its value",
                  'write e.g. `source "…"`, `text "…"` or `note "…"`'): [
        *_in_section('"text"\n'),
        *_in_header('"text"\n'),
    ],
    SyntaxProblem("'not' on its own does not say who must do what",
                  'write `must not "…"` (a prohibition) or `need not "…"` (a permission)'): [
        _DUTY + '        when all of:\n            "a"\n        not "b"\n',
    ],
    SyntaxProblem("the line goes on after its value",
                  "put one field per line; text with spaces goes in double quotes"): [
        *_in_header("citation 2026 c. 20\n"),
        *_in_section('source "a" "b"\n'),
        *_in_section("source a b\n"),
        *_in_header('source "a" "b"\n'),
        *_in_header('source "a" b\n'),
        *_in_provision('note "a" "b"\n'),
        *_in_provision("to the police\n"),
        *_in_provision("subject to a b\n"),
        *_in_provision("aggravates a b\n"),
        *_in_provision('subject to a "b"\n'),
        *_in_terms('"a" "b"\n'),
        *_in_terms('number "a" "b"\n'),
        'act "T" "U":\n',
        'section 1 "H" "I":\n',
        *_in_section("confidence high secondary\n"),
    ],
    SyntaxProblem("a deadline reads `within <number> <unit>`",
                  "units: minutes, hours, days, weeks, months, years; e.g. `within 72 hours` or "
                  '`within 7 days measured by "the days since {person} was told"`'): [
        *_in_provision("within\n"),
        *_in_provision("within 72\n"),
        *_in_provision("within 72 hours measured\n"),
        *_in_provision("within 72 hours measured by\n"),
        *_in_provision("within hours\n"),
        *_in_provision("within seventy-two hours\n"),
        *_in_provision("within 72 hrs\n"),
        *_in_provision('within 72 hours of "a"\n'),
        *_in_provision("within 72 hours measured by a\n"),
        *_in_provision('within "72 hours"\n'),
    ],
    SyntaxProblem("a penalty line starts `on indictment:`, `on summary conviction:` or `penalty:`",
                  "e.g. `on indictment: imprisonment up to 7 years, a fine, or both`"): [
        *_in_provision("on\n"),
        *_in_provision("on indictment\n"),
        *_in_provision("on indictment imprisonment up to 7 years\n"),
        *_in_provision("on summary\n"),
        *_in_provision("on summary:\n"),
        *_in_provision("on summary conviction\n"),
        *_in_provision("on conviction on indictment:\n"),
        *_in_provision("on conviction:\n"),
        *_in_provision("penalty\n"),
        *_in_provision("penalty imprisonment up to 7 years\n"),
    ],
    SyntaxProblem("unknown sanction",
                  "a sanction is `imprisonment up to <n> <unit>`, `a fine`, `an unlimited fine`, "
                  "`a fine up to £<amount>`, `a fine up to level <n> on the standard scale`, a quoted "
                  "description or `not stated`; join them with ',' and end with `or both`"): [
        *_in_provision("on indictment:\n"),
        *_in_provision("penalty:\n"),
        *_in_provision("on indictment: 7 years\n"),
        *_in_provision("on indictment: up to 7 years\n"),
        *_in_provision("on indictment: 7 years imprisonment\n"),
        *_in_provision("on indictment: a\n"),
        *_in_provision("on indictment: an\n"),
        *_in_provision("on indictment: an fine\n"),
        *_in_provision("on indictment: a fine,\n"),
        *_in_provision("on indictment: a fine or\n"),
        *_in_provision("on indictment: a fine and\n"),
        *_in_provision("on indictment: a fine, or\n"),
        *_in_provision("on indictment: a fine, or both, or\n"),
        *_in_provision("on indictment: a fine both\n"),
        *_in_provision("on indictment: a penalty\n"),
        *_in_provision("on indictment: fine\n"),
        *_in_provision("on indictment: a fine a fine\n"),
        *_in_provision("penalty: not\n"),
        *_in_provision("penalty: not known\n"),
        *_in_provision("on indictment: a fine or both or\n"),
    ],
    SyntaxProblem("imprisonment reads `imprisonment up to <number> <unit>`",
                  'e.g. `imprisonment up to 7 years`, or `imprisonment up to "the general limit in a '
                  "magistrates' court\"`"): [
        *_in_provision("on indictment: imprisonment\n"),
        *_in_provision("on indictment: imprisonment up\n"),
        *_in_provision("on indictment: imprisonment up to\n"),
        *_in_provision("on indictment: imprisonment up to 7\n"),
        *_in_provision("on indictment: imprisonment for 7 years\n"),
        *_in_provision("on indictment: imprisonment up to seven years\n"),
        *_in_provision("on indictment: imprisonment of 7 years\n"),
        *_in_provision("on indictment: imprisonment 7 years\n"),
        *_in_provision("on indictment: imprisonment up to 7 yrs\n"),
        *_in_provision("on indictment: imprisonment up to life\n"),
    ],
    SyntaxProblem("a fine's limit is an amount in pounds or a level on the standard scale",
                  "e.g. `a fine up to £5,000` or `a fine up to level 5 on the standard scale`; "
                  "`a fine` alone is unlimited"): [
        *_in_provision("on indictment: a fine up\n"),
        *_in_provision("on indictment: a fine up to\n"),
        *_in_provision("on indictment: a fine up to 5000\n"),
        *_in_provision("on indictment: a fine up to five thousand pounds\n"),
        *_in_provision("on indictment: a fine up to level\n"),
        *_in_provision("on indictment: a fine up to level five\n"),
        *_in_provision("on indictment: a fine up to level 5 on\n"),
        *_in_provision("on indictment: a fine up to level 5 on the\n"),
        *_in_provision("on indictment: a fine up to level 5 on the standard\n"),
        *_in_provision("on indictment: a fine of £5,000\n"),
        *_in_provision("on indictment: an unlimited\n"),
    ],
    SyntaxProblem("a term declaration is a quoted phrase, optionally after `fact` or `number`",
                  'write e.g. `"{person} is a teacher"` or `number "the age of {person}"`'): [
        *_in_terms("number\n"),
        *_in_terms("fact\n"),
        *_in_terms("person is a teacher\n"),
        *_in_terms("{person} is a teacher\n"),
        *_in_terms("numeric \"n\"\n"),
        *_in_terms('number: "n"\n'),
        *_in_terms('fact: "n"\n'),
        *_in_terms('number person\n'),
        *_in_terms('source "s"\n'),
    ],
    SyntaxProblem("a definition reads `\"<phrase>\" means <condition>`",
                  'write e.g. `"{person} is a mandated reporter" means "{person} is a teacher"`'): [
        *_in_provision('"a"\n'),
        *_in_provision('"a" mean "b"\n'),
        *_in_provision('"a" is "b"\n'),
        *_in_provision('"a" is defined as "b"\n'),
        *_in_provision('"a": "b"\n'),
        *_in_provision('"a" "b"\n'),
    ],
}
