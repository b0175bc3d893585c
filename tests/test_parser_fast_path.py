"""The parser's fast path (transform inside Lark's parse) gives exactly what the tree path gives.

``parse(source)`` runs the model-building rules as Lark callbacks and works out
spans itself; ``parse(source, fast=False)`` builds a Lark tree with
``propagate_positions`` and transforms it. Fragments are frozen dataclasses, so
equality covers every value and every span.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import generate
from statute import parser as p
from statute.parse.fast import parse_embedded, token_filter
from statute.source import Source

ROOT = Path(__file__).resolve().parent.parent

#: Every rule of the grammar at least once, with odd spacing, comments, nesting and parentheses.
EVERY_RULE = '''\
# a comment before anything
act "Every rule":   # a comment after a heading
    citation "2026 c. 99"
    version "as tested"
    extent "England"
    source "tests/test_parser_fast_path.py"
    confidence secondary
    note """A long note
        over two lines."""

terms:
    number "the age of {person}"
    fact "{person} is a teacher"
    "{person}  tells {other person} about {thing}"
    "{person} reports {child}"
    "{person} hides {child}"
    number "the days since {person} knew about {child}"
    number "the limit for {person}"

part 1 "Structure":
    source "part source"

    chapter 2:
        section 3A "Heading":
            text "Section text with \\"escapes\\" and a \\\\ backslash."
            confidence v

            terms:
                "{person} is on call"

            definition on_duty (1):
                "{person} is on duty" means ("{person} is a teacher" or ("{person} is on call")
                    ) and not not "the age of {person}" is at least 18

            definition busy (2)(a):
                "{person} is busy" means all of:
                    "{person} is on duty"
                    any of:
                        "the age of {person}" is over 20
                        "the age of {person}" is less than 99
                    none of:
                        "the age of {person}" is 50
                        "the age of {person}" is not 51
                    some {c}: all of:
                        "{person} reports {c}"
                        "the days since {person} knew about {c}" is at most "the limit for {person}"

            duty report (3):
                name "the duty to report"
                holder {person}
                when some {c}, {d}: "{person} is busy" and "{person}  tells {c} about {d}"
                must "{person} reports {c}" or ("{person} reports {d}")
                by "as soon as practicable"
                within 3 days measured by "the days since {person} knew about {c}"
                to "the police"
                subject to delay

            prohibition no_hiding (4):
                holder {person}
                when "{person} is on duty"
                must   not "{person} hides {child}"

            permission delay (5):
                holder {person}
                when "{person} is busy"
                need not "{person} reports {c}"
                notwithstanding report

            permission may_hide (6):
                holder {person}
                when "{person} is on duty"
                may "{person} hides {child}"

        section 4:
            offence failing (1):
                committed by {person}
                when {person} breaches report and not {person} is excused from report
                on indictment: imprisonment up to 7 years, an unlimited fine, or both
                on summary conviction: imprisonment up to 6 months or a fine up to £5,000.50 and "community service"

            offence small (2):
                committed by {person}
                when {person} commits failing
                penalty: a fine up to level 5 on the standard scale
                on summary conviction: imprisonment up to "the general limit" or a fine up to level 3

            offence silent (3):
                committed by {person}
                when {person} is under report and {person} complies with report
                penalty: not stated

            consequence referral (4):
                faced by {person}
                when {person} faces referral or {person} breaches no_hiding

            exception young (5) to report, no_hiding:
                when "the age of {person}" is under 18

            exception unless_busy (6) to young:
                when "{person} is busy"

            aggravating factor grooming (7):
                aggravates failing, small
                when "{person} is on call"
                effect "a longer sentence"

clause 9:
    schedule 1:
        paragraph 2:
            article 3:
                regulation 4:
                    claim 5:
                        note "deep"
'''

#: Inputs the fast path must hand to the tree path: syntax, indentation and build errors, and warnings.
PROBLEMS = [
    'act "T":\n    source "s"\nsection 1 "H":\n    duty d:\n        holder {p}\n',  # a duty with no modal
    'act "T":\n    source "s"\n    sorce "x"\n',  # unknown field
    'act "T":\n    source "s"\nterms:\n    "{bad{slot} x"\n    "{p q!} y"\n',  # bad slot names (E204)
    'act "T":\n    source "s"\nsection 1:\n    duty d (1) to x:\n        holder {p}\n        must "a"\n',
    'act "T":\n  source "s"\n    note "n"\n',  # indentation
    'act "T"\n',  # syntax
]


def _fragments_equal(source: Source, fast_path: bool = True) -> None:
    fast = p.parse(source)
    tree = p.parse(source, fast=False)
    assert fast == tree, source.file
    text = source.text if source.text.endswith("\n") else source.text + "\n"
    # the fast path really ran (it did not fall back to the tree path)
    assert (parse_embedded(source.file, text) is not None) == fast_path


def test_every_rule_gives_the_same_fragment() -> None:
    fragment, problems = p.parse(Source("every.law", EVERY_RULE))
    assert fragment is not None and len(fragment.provisions) == 13 and len(fragment.sections) == 10, problems
    _fragments_equal(Source("every.law", EVERY_RULE))
    _fragments_equal(Source("every.law", EVERY_RULE.replace("\n", "\n\n")))  # blank lines move every span


@pytest.mark.parametrize("path", sorted(str(q.relative_to(ROOT)) for q in ROOT.glob("*/**/*.law")
                                        if ".venv" not in q.parts))
def test_bundled_and_test_acts(path: str) -> None:
    from statute.source import read_source

    source = read_source(ROOT / path, path)  # decoded as the loader does: BOM and CRLF handled
    if not isinstance(source, Source):
        pytest.skip("not valid UTF-8: never reaches the parser")
    fragment, _ = p.parse(source, fast=False)
    if fragment is None:  # a syntax-error fixture: both paths must still agree on the diagnostics
        assert p.parse(source) == p.parse(source, fast=False)
        return
    _fragments_equal(source)


def test_a_generated_book() -> None:
    for name, text in generate(60, 2).items():
        _fragments_equal(Source(name, text))


@pytest.mark.parametrize("text", PROBLEMS[:4])
def test_warnings_and_build_errors_are_found_on_the_fast_path(text: str) -> None:
    _fragments_equal(Source("bad.law", text))


@pytest.mark.parametrize("text", PROBLEMS[4:])
def test_syntax_errors_are_left_to_the_tree_path(text: str) -> None:
    _fragments_equal(Source("bad.law", text), fast_path=False)


def test_the_token_filter_matches_lark() -> None:
    """The tokens the fast path drops are those Lark's tree drops: checked against every rule of the grammar."""
    kept, keep_all = token_filter(p.grammar_text())
    for rule in p.build_parser().rules:
        name = rule.origin.name
        if name.startswith("_"):
            continue
        for symbol in rule.expansion:
            if symbol.is_term:
                assert symbol.filter_out == (not rule.options.keep_all_tokens and symbol.name not in kept), (
                    f"{name}: {symbol.name}")
        assert bool(rule.options.keep_all_tokens) == (name in keep_all), name
