"""Parser and checker fixes that the fixtures alone would not pin down.

Each test names the bug it guards against: a wrong position, a crash on
unusual input, or a value read wrongly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from statute import model as m
from statute.diagnostics import Severity
from statute.loader import load_sources, load_text
from statute.parser import MAX_NESTING, parse
from statute.source import Source, decode

HEADER = 'act "T":\n    source "s"\n'
VOCABULARY = 'terms:\n    "{p} is a teacher"\n    "{p} notifies the police about {c}"\n    number "the age of {p}"\n'


class _Checked:
    """The errors of a text (the obligation-graph lints' warnings are tested elsewhere)."""

    def __init__(self, text: str) -> None:
        loaded = load_sources([Source("t.law", text)], "t.law")
        self.diagnostics = [d for d in loaded.diagnostics if d.severity is Severity.ERROR]


def check(text: str) -> _Checked:
    return _Checked(text)


def first(text: str):
    errors = check(text).diagnostics
    assert errors, "expected an error"
    return errors[0]


def test_money_amount_does_not_swallow_the_comma_after_it():
    """`a fine up to £5,000, or both` once read the limit as '£5,000,'."""
    act = load_text(HEADER + VOCABULARY + 'section 1:\n    offence o:\n        committed by {p}\n'
                    '        when "{p} is a teacher"\n'
                    "        on summary conviction: imprisonment up to 6 months, a fine up to £5,000, or both\n")
    (penalty,) = act.provision("o").penalties
    assert penalty.fine == m.Fine("£5,000")
    assert penalty.cumulative
    assert str(penalty) == "imprisonment up to 6 months or a fine up to £5,000 or both"


@pytest.mark.parametrize("amount", ["£5", "£500", "£5,000", "£1,000,000", "£12.50", "£2,500.00", "£5000"])
def test_money_amounts(amount):
    act = load_text(HEADER + VOCABULARY + 'section 1:\n    offence o:\n        committed by {p}\n'
                    f'        when "{{p}} is a teacher"\n        penalty: a fine up to {amount}\n')
    assert act.provision("o").penalties[0].fine == m.Fine(amount)


def test_an_unexpected_indented_line_is_reported_where_it_starts():
    """Lark placed _INDENT tokens at the end of the previous line."""
    text = HEADER + VOCABULARY + 'section 1:\n    duty d:\n        holder {p}\n          when "{p} is a teacher"\n'
    diagnostic = first(text)
    assert (diagnostic.line, diagnostic.column) == (10, 11)
    assert "indented further" in diagnostic.message


def test_dedent_error_names_the_columns_that_would_fit():
    text = HEADER + 'section 1:\n    source "a"\n  text "b"\n'
    diagnostic = first(text)
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("E101", 5, 3)
    assert diagnostic.hint == ("lines of one block line up: indent it by 4 spaces to continue the block above, "
                               "or by 0 spaces to close it")


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 1000])
def test_deep_indentation_is_e105_not_a_crash(depth):
    text = HEADER + "".join("    " * level + f"part {level}:\n" for level in range(depth)) + "    " * depth + "x\n"
    diagnostic = first(text)
    assert diagnostic.code == "E105"
    assert diagnostic.line == 3 + MAX_NESTING + 1


def test_nesting_up_to_the_limit_is_accepted():
    condition = "(" * MAX_NESTING + '"{p} is a teacher"' + ")" * MAX_NESTING
    nots = "not " * MAX_NESTING
    text = (HEADER + VOCABULARY + f'section 1:\n    duty d:\n        holder {{p}}\n        when {condition}\n'
            f'        must "{{p}} is a teacher"\n    duty e:\n        holder {{p}}\n'
            f'        when {nots}"{{p}} is a teacher"\n        must "{{p}} is a teacher"\n')
    assert check(text).diagnostics == []


@pytest.mark.parametrize("body", [
    "not " * 5000 + '"{p} is a teacher"',
    "".join(f"some {{x{i}}}: " for i in range(3000)) + '"{p} is a teacher"',
    '("{p} is a teacher" and ' * 150 + '"{p} is a teacher"' + ")" * 150,
    "(" * 10_000 + '"{p} is a teacher"' + ")" * 10_000,
])
def test_deep_conditions_are_e105_with_a_position(body):
    text = HEADER + VOCABULARY + f'section 1:\n    duty d:\n        holder {{p}}\n        when {body}\n'
    diagnostic = first(text)
    assert diagnostic.code == "E105"
    assert diagnostic.line == 10 and diagnostic.column is not None and diagnostic.column > 13


def test_deep_all_of_blocks_are_e105():
    body = "        when all of:\n" + "".join("    " * (3 + i) + "all of:\n" for i in range(150))
    body += "    " * 153 + '"{p} is a teacher"\n'
    diagnostic = first(HEADER + VOCABULARY + "section 1:\n    duty d:\n        holder {p}\n" + body)
    assert diagnostic.code == "E105"


def test_parentheses_inside_strings_and_comments_are_not_counted():
    text = (HEADER + VOCABULARY + 'section 1:\n    text "' + "(" * 500 + '"  # ' + "(" * 500 + "\n"
            '    duty d:\n        holder {p}\n        must "{p} is a teacher"\n')
    assert check(text).diagnostics == []


def test_a_tab_inside_a_long_string_or_brackets_is_not_indentation():
    text = (HEADER + VOCABULARY + 'section 1:\n    text """\n\tindented with a tab\n\t"""\n'
            '    duty d:\n        holder {p}\n        when ("{p} is a teacher"\n\t\tor "{p} is a teacher")\n'
            '        must "{p} is a teacher"\n')
    assert check(text).diagnostics == []


def test_a_long_chain_of_exceptions_does_not_exhaust_the_stack():
    """slots.scope() recursed once per exception in a chain; 1,500 of them crashed the checker.

    The semantic passes are run directly: the obligation-graph lints (W403)
    take seconds on a chain this long, which is theirs to test.
    """
    from statute.assemble import assemble
    from statute.checks.cycles import check_cycles
    from statute.checks.references import check_references
    from statute.checks.slots import check_slots, scope

    text = HEADER + VOCABULARY + 'section 1:\n    duty d0:\n        holder {p}\n        must "{p} is a teacher"\n'
    text += "".join(f'    exception d{i} to d{i - 1}:\n        when "{{p}} is a teacher"\n' for i in range(1, 1500))
    fragment, problems = parse(Source("t.law", text))
    assert problems == [] and fragment is not None
    act, problems = assemble([fragment])
    assert problems == [] and act is not None
    assert check_slots(act) == check_references(act) == check_cycles(act) == []
    assert scope(act.provision("d1499"), act) == frozenset({"p"})


def test_an_exception_to_an_unknown_provision_is_not_also_an_unbound_slot():
    text = (HEADER + VOCABULARY + 'section 1:\n    exception e to nothing_here:\n        when "{p} is a teacher"\n')
    assert [d.code for d in check(text).diagnostics] == ["E301"]


def test_unbound_slot_points_at_the_slot():
    text = (HEADER + VOCABULARY + 'section 1:\n    duty d:\n        holder {p}\n'
            '        must "{p} notifies the police about {c}"\n')
    diagnostic = first(text)
    assert (diagnostic.code, diagnostic.line, diagnostic.column, diagnostic.end_column) == ("E306", 10, 45, 48)


def test_unknown_reference_points_at_the_name():
    text = (HEADER + VOCABULARY + 'section 1:\n    duty d:\n        holder {p}\n        must "{p} is a teacher"\n'
            "        subject to dd, e\n")
    codes = [(d.code, d.line, d.column) for d in check(text).diagnostics]
    assert ("E301", 11, 20) in codes and ("E301", 11, 24) in codes


def test_status_test_of_the_wrong_kind_points_at_the_provision_id():
    text = (HEADER + VOCABULARY + 'section 1:\n    duty d:\n        holder {p}\n        must "{p} is a teacher"\n'
            "    consequence c:\n        faced by {p}\n        when {p} commits d\n")
    diagnostic = first(text)
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("E302", 13, 26)


def test_duplicate_id_points_at_the_second_id():
    text = (HEADER + VOCABULARY + 'section 1:\n    duty d:\n        holder {p}\n        must "{p} is a teacher"\n'
            '    prohibition d:\n        holder {p}\n        must not "{p} is a teacher"\n')
    diagnostic = first(text)
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("E300", 11, 17)


def test_a_priority_cycle_is_reported_once():
    text = (HEADER + VOCABULARY + 'section 1:\n'
            '    duty a:\n        holder {p}\n        must "{p} is a teacher"\n        subject to b\n'
            '    duty b:\n        holder {p}\n        must "{p} is a teacher"\n        subject to a\n')
    assert [d.code for d in check(text).diagnostics] == ["E310"]


def test_a_keyword_at_the_start_of_a_longer_word_shows_the_whole_word():
    """In `must notify`, Lark lexes 'not' + 'ify'; the drafter wrote 'notify'."""
    text = HEADER + VOCABULARY + 'section 1:\n    duty d:\n        holder {p}\n        must notify the police\n'
    diagnostic = first(text)
    assert (diagnostic.line, diagnostic.column) == (10, 14)
    assert "(found 'notify')" in diagnostic.message
    assert "did you mean 'not'" not in (diagnostic.hint or "")


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", "# one\n   # two\n\n"])
def test_an_empty_or_comment_only_file_is_e003(text):
    fragment, diagnostics = parse(Source("t.law", text))
    assert fragment is None
    assert [d.code for d in diagnostics] == ["E003"]


def test_a_hash_inside_quotes_is_not_a_comment_for_the_empty_check():
    _, diagnostics = parse(Source("t.law", '"# not a comment"\n'))
    assert [d.code for d in diagnostics] != ["E003"]


def test_invalid_utf8_column_counts_characters_and_shows_the_line():
    diagnostic = decode('act "€ é'.encode() + b"\xff" + b'"\n', "t.law")
    assert not isinstance(diagnostic, Source)
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("E002", 1, 9)
    assert diagnostic.source_line == 'act "€ é\ufffd"'


@pytest.mark.parametrize("data", [b"\xef\xbb\xbfact", b"a\r\nb", b"a\rb"])
def test_bom_and_line_ends_are_normalised(data):
    source = decode(data, "t.law")
    assert isinstance(source, Source)
    assert "\r" not in source.text and not source.text.startswith("\ufeff")


def test_every_syntax_error_is_an_error_with_a_hint():
    for text in ['act "T"', "section", "duty d:", '"x', "act \"T\":\n\tsource \"s\"\n", "\u201cx\u201d"]:
        diagnostic = first(text + "\n")
        assert diagnostic.severity is Severity.ERROR
        assert diagnostic.hint, text
        assert diagnostic.line is not None and diagnostic.column is not None, text


def test_an_act_in_several_files_reports_each_problem_in_its_own_file(tmp_path):
    from statute.loader import load_path

    (tmp_path / "a_header.law").write_text(HEADER + VOCABULARY, encoding="utf-8")
    (tmp_path / "b_second_header.law").write_text('act "Again":\n    source "s"\nsection 1:\n    text "t"\n',
                                                  encoding="utf-8")
    (tmp_path / "c_same_section.law").write_text('section 1:\n    text "again"\n', encoding="utf-8")
    loaded = load_path(tmp_path)
    found = {(Path(d.file).name, d.code, d.line, d.column) for d in loaded.diagnostics}
    assert ("b_second_header.law", "E207", 1, 1) in found
    assert ("c_same_section.law", "E300", 1, 1) in found


def test_a_folder_without_a_header_is_e206_at_its_first_file(tmp_path):
    from statute.loader import load_path

    (tmp_path / "part1.law").write_text(VOCABULARY, encoding="utf-8")
    (tmp_path / "part2.law").write_text('section 1:\n    text "t"\n', encoding="utf-8")
    (only,) = [d for d in load_path(tmp_path).diagnostics if d.severity is Severity.ERROR]
    assert (Path(only.file).name, only.code, only.line, only.column) == ("part1.law", "E206", 1, 1)
    assert only.hint
