"""grammar/README.md, the language reference, stays true to the code.

Its diagnostic-codes table must equal the one generated from
:data:`statute.diagnostics.CODES`, and every ``statute`` code block in it must
check with no error other than an unknown phrase or provision id (a fragment
does not declare its vocabulary; its lint warnings are not counted); blocks
marked ``text`` are not checked. The complete example at the top must check clean.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from statute import model as m
from statute.diagnostics import CODES, codes_table
from statute.loader import load_sources
from statute.source import Source

README = Path(__file__).resolve().parent.parent / "grammar" / "README.md"
TEXT = README.read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```statute\n(.*?)^```", TEXT, re.MULTILINE | re.DOTALL)
HEADER = 'act "Example":\n    source "grammar/README.md"\n'
PROVISION_WORDS = {str(kind).split()[0] for kind in m.Kind}


def as_file(block: str) -> str:
    """Wrap a block so that it is a whole file: provisions go in a section, sections after a header."""
    first = re.match(r"\s*(?:#[^\n]*\n\s*)*([a-z]+)", block)
    assert first, block
    word = first.group(1)
    if word == "act":
        return block
    if word == "terms" or word in m.EID_PREFIX:
        return HEADER + block
    assert word in PROVISION_WORDS, f"a statute block must start with act, terms, a section or a provision:\n{block}"
    return HEADER + "section 1:\n" + textwrap.indent(block, "    ")


def test_codes_table_is_generated_from_codes():
    between = re.search(r"<!-- codes:begin -->\n(.*?)\n<!-- codes:end -->", TEXT, re.DOTALL)
    assert between, "grammar/README.md must keep the codes table between its markers"
    assert between.group(1) == codes_table(), (
        'regenerate it: python -c "from statute.diagnostics import codes_table; print(codes_table())"')


def test_every_code_is_listed():
    for code, summary in CODES.items():
        assert f"| {code} |" in TEXT and summary in TEXT, code


def test_evaluation_semantics_section_is_there_for_the_evaluator_team():
    assert re.search(r"^## Evaluation semantics$", TEXT, re.MULTILINE)


def test_there_are_examples_of_every_construct():
    assert len(BLOCKS) >= 10
    joined = "\n".join(BLOCKS)
    for construct in ["act ", "terms:", "number ", "fact ", "part ", "chapter ", "section ", "clause ", "duty ",
                      "prohibition ", "permission ", "offence ", "consequence ", "definition ", "exception ",
                      "aggravating factor ", " means ", "all of:", "any of:", "none of:", "some {", "is at least",
                      " is under ", "breaches ", "complies with ", "must not ", "need not ", "may ", "within ",
                      "measured by", 'by "', 'to "', "committed by", "faced by", "on indictment:",
                      "on summary conviction:", "penalty:", "not stated", "level 5 on the standard scale", "£",
                      "or both", "aggravates ", "effect ", "notwithstanding ", "confidence ", "note ", '"""']:
        assert construct in joined, construct
    for word in ["subject to", "is excused from", "commits", "faces", "statute: allow W404"]:
        assert word in TEXT, word


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.strip().split("\n")[0][:40])
def test_statute_block_parses(block):
    text = as_file(block)
    loaded = load_sources([Source("README.law", text)], "README.law")
    # a fragment neither declares its phrases nor contains the provisions it refers to; nothing else may be wrong
    wrong = [d for d in loaded.diagnostics if d.code not in ("E301", "E303") and not d.code.startswith("W")]
    assert wrong == [], "\n".join(f"{d.location}: {d.code} {d.message}" for d in wrong)


def test_the_complete_example_checks_clean():
    loaded = load_sources([Source("README.law", BLOCKS[0])], "README.law")
    assert loaded.diagnostics == []
    assert loaded.act is not None and loaded.act.title == "Data Breach Notification Act"
