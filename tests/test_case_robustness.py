"""The case reader under hostile input: every problem is a C-diagnostic naming the place, never an exception.

Each test names the bug it guards against (found by ``benchmarks/fuzz.py`` unless said otherwise).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from statute import load
from statute.case import MAX_PROBLEMS, MAX_SENTENCE, CaseReader, party_problem, read_case
from statute.cli import main


@pytest.fixture(scope="module")
def reader() -> CaseReader:
    return CaseReader(load("enacted"))


def codes(reader: CaseReader, text: str) -> list[str]:
    _, problems = read_case(reader, text, "t.case")
    return [p.code for p in problems]


def only(reader: CaseReader, text: str):
    _, problems = read_case(reader, text, "t.case")
    assert len(problems) == 1, problems
    return problems[0]


# ── JSON ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,
    '{"facts": ' + "[" * 5000 + "]" * 5000 + "}",
    '{"facts": [' + '{"slots": ' * 3000 + "1" + "}" * 3000 + "]}",
])
def test_deeply_nested_json_is_c004_not_a_recursion_error(reader, text):
    problem = only(reader, text)
    assert problem.code == "C004" and "nested too deeply" in problem.message


@pytest.mark.parametrize("digits", [400, 4301, 100_000])
def test_a_huge_integer_is_refused_by_name(reader, digits):
    """Over 4,300 digits Python's int() raised ValueError; over 308, float() raised OverflowError."""
    text = '{"facts": [{"phrase": "the age of {p}", "slots": {"p": "A"}, "value": ' + "9" * digits + "}]}"
    problem = only(reader, text)
    assert problem.code == "C009" and "finite number" in problem.message


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400", "-1e999"])
def test_nan_and_infinity_are_not_ages(reader, value):
    """NaN was accepted silently (every comparison false) and infinity printed as 'inf'."""
    text = '{"facts": [{"phrase": "the age of {p}", "slots": {"p": "A"}, "value": ' + value + "}]}"
    problem = only(reader, text)
    assert problem.code == "C009" and "facts[0]" in problem.message


def test_a_huge_number_in_the_text_format_is_refused(reader):
    problem = only(reader, "the age of Alice is " + "9" * 400)
    assert problem.code == "C009" and problem.line == 1


@pytest.mark.parametrize("text", [
    '{"facts": ["\\ud800 is a teacher"]}',
    '{"facts": [{"phrase": "{p} is a teacher", "slots": {"p": "\\udfff"}}]}',
    "\ud800 is a teacher",
])
def test_lone_surrogates_are_refused_by_name(reader, text):
    """They reached the output and `statute explain` died printing them (exit 3, UnicodeEncodeError)."""
    problem = only(reader, text)
    assert problem.code == "C009" and "surrogate" in problem.message
    problem.message.encode("utf-8")  # the message itself can be printed


@pytest.mark.parametrize("name, what", [
    ("", "empty"), ("A\nB", "line break"), ("A\tB", "tab"), ("A\x00B", "NUL"), ("A\x1b[31mB", "U+001B"),
    ('Bob "B" Smith', "double quote"), ("A\u2028B", "U+2028"),
])
def test_a_party_name_that_breaks_the_case_format_says_so(reader, name, what):
    text = json.dumps({"facts": [{"phrase": "{p} is a teacher", "slots": {"p": name}}]})
    problem = only(reader, text)
    assert problem.code == "C009" and what in problem.message


@pytest.mark.parametrize("name", ["Zoë", "O'Brien", "X Æ A-12", "\U0001f600", "Bob\u200dJr", "A#1", "{x}", "<b>",
                                  "\u202eevil"])
def test_unusual_but_printable_party_names_are_kept(reader, name):
    assert party_problem(name) is None
    case, problems = read_case(reader, json.dumps({"facts": [{"phrase": "{p} is a teacher", "slots": {"p": name}}]}))
    assert problems == [] and case.parties == (name,)


@pytest.mark.parametrize("slots", [{"p": 1}, {"p": None}, {"p": ["A"]}, {"p": {"q": "A"}}, {"p": True}, [], "A"])
def test_non_string_slots_are_c004(reader, slots):
    problem = only(reader, json.dumps({"facts": [{"phrase": "{p} is a teacher", "slots": slots}]}))
    assert problem.code == "C004"


# ── the line format ──────────────────────────────────────────────────────────


def test_leading_blank_lines_count_for_line_numbers(reader):
    """The reader stripped leading whitespace, so an error on line 3 was reported on line 1."""
    assert only(reader, "\n\n  \nAlice is a teachr\n").line == 4


def test_line_numbers_count_only_newlines(reader):
    """str.splitlines() also splits at U+2028, form feeds and U+0085, unlike any editor."""
    for separator in ("\u2028", "\u2029", "\x0c", "\x0b", "\x1c", "\x85"):
        assert only(reader, f"Alice is a teacher{separator}\nBella is a teachr\n").line == 2, repr(separator)


def test_a_hash_inside_quotes_is_part_of_the_name(reader):
    case, problems = read_case(reader, '"A#1" is a teacher  # a comment\nBella tells "A#1" about a child sex offence\n')
    assert problems == [] and case.parties == ("A#1", "Bella")


def test_a_hash_in_an_unquoted_name_says_it_started_a_comment(reader):
    problem = only(reader, "Bella tells A#1 about a child sex offence\n")
    assert problem.code == "C001" and "comment" in (problem.hint or "") and '"A#1"' in (problem.hint or "")


@pytest.mark.parametrize("line", ['"Bob "B" Smith" is a teacher', 'Bob "B" Smith is a teacher',
                                  'Bella tells "Al"ice about a child sex offence'])
def test_a_double_quote_inside_a_name_says_so(reader, line):
    """It was 'no phrase of the Act matches …', which does not say what is wrong."""
    problem = only(reader, line + "\n")
    assert problem.code == "C009" and "cannot contain a double quote" in problem.message


@pytest.mark.parametrize("unit", ["x tells ", "x tells y about ", "a", "the age of "])
def test_a_long_line_is_refused_quickly(reader, unit):
    """Matching 'x tells x tells …' against a two-slot phrase backtracked quadratically: 1 MB never finished."""
    line = unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    problem = only(reader, line)
    assert problem.code == "C009" and f"{MAX_SENTENCE:,}" in problem.message
    assert time.perf_counter() - started < 2
    started = time.perf_counter()
    read_case(reader, (unit * MAX_SENTENCE)[:MAX_SENTENCE])  # the longest accepted line stays fast
    assert time.perf_counter() - started < 2


def test_reading_stops_after_many_errors(reader):
    _, problems = read_case(reader, "nonsense\n" * 100_000)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].code == "C010" and problems[-1].line == MAX_PROBLEMS


def test_nul_bytes_bom_and_crlf_through_the_cli(tmp_path, capsys):
    path = tmp_path / "hostile.case"
    path.write_bytes(b"\xef\xbb\xbfAlice is a teacher\r\nBella\x00 is a teacher\r\n")
    assert main(["explain", "--act", "enacted", str(path)]) == 1
    err = capsys.readouterr().err
    assert "C009" in err and "NUL" in err and ":2:" in err
    path.write_bytes(b"Alice is a teacher\r\nthe age of Alice is 35\r\n")
    assert main(["explain", "--act", "enacted", str(path)]) == 0


@pytest.mark.parametrize("data", [
    b"\xff\xfe", b"Alice\xed\xa0\x80 is a teacher", b"[" * 50_000, b'{"facts": [NaN]}', b'{"facts": {"a": 1}}',
    b"{", b'{"facts": [' + b"9" * 5000 + b"]}", b"\x00" * 1000,
])
def test_the_cli_exits_1_or_2_with_a_message(tmp_path, capsys, data):
    path = tmp_path / "hostile.json"
    path.write_bytes(data)
    for extra in ([], ["--json"]):
        code = main(["explain", "--act", "enacted", *extra, str(path)])
        out, err = capsys.readouterr()
        assert code in (1, 2), (code, out, err)
        assert "error[" in err and "internal error" not in err and "Traceback" not in err


def test_the_explain_header_of_an_act_without_a_version_has_no_none(tmp_path, capsys):
    """It printed 'Title (None) — case …'."""
    law = tmp_path / "t.law"
    law.write_text('act "T":\n    source "s"\nterms:\n    "{p} is a teacher"\nsection 1:\n    duty d:\n'
                   '        holder {p}\n        when "{p} is a teacher"\n        must "{p} is a teacher"\n',
                   encoding="utf-8")
    case = tmp_path / "c.case"
    case.write_text("Alice is a teacher\n", encoding="utf-8")
    assert main(["explain", "--act", str(law), str(case)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"T — case {case}, parties: Alice"


@pytest.mark.parametrize("line", [" " * 999, "\t " * 499, "Alice" + " " * 990 + "is a teacher", "x  " * 333,
                                  "\u00a0 " * 499, " a" * 499])
def test_whitespace_under_the_length_limit_stays_fast(reader, line):
    """A Given step of 342 spaces took 6 s: `\\s*`, a lazy slot and `\\s+` backtracked cubically over it
    (found by benchmarks/fuzz.py, step target). Runs of whitespace are now one space before matching."""
    started = time.perf_counter()
    reader.read_sentence(line, 1, "t.case")
    assert time.perf_counter() - started < 0.5


def test_spacing_inside_a_sentence_does_not_matter(reader):
    case, problems = read_case(reader, "  Alice \t  is   a\u00a0teacher  \n")
    assert problems == [] and case.parties == ("Alice",)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("argv", [["check", "/dev/zero"], ["explain", "--act", "enacted", "/dev/zero"]])
def test_an_endless_file_is_refused_not_read_into_memory(capsys, argv):
    """`statute check /dev/zero` read until MemoryError (exit 3)."""
    assert main(argv) == 2
    err = capsys.readouterr()
    assert "larger than 100 MB" in err.out + err.err


def test_standard_input_is_capped_too(capsys, monkeypatch):
    import io
    import types

    from statute.commands import explain as command

    monkeypatch.setattr(command, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BytesIO(b"Alice is a teacher\n" * 100)))
    assert main(["explain", "--act", "enacted", "-"]) == 2
    assert "the input is larger than" in capsys.readouterr().err
