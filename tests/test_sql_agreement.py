"""Agreement above all: the SQL plan gives the Python evaluator's outcomes, case for case.

Random cases (a seeded generator over every phrase of the Act, one to four parties,
numbers on both sides of every boundary the Act compares with) run through the
evaluator and through the compiled plan on DuckDB; the two multisets of outcomes
(provision, kind, status, party, binding, because, aggravated by) must be identical.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

import statute
from statute.sql import duck, synthetic
from statute.sql import rows as R
from statute.sql.compile import NotCompilable, compile_act
from statute.sql.source import width

ROOT = Path(__file__).resolve().parent.parent
ACTS = ["enacted", "announced", *sorted(str(p) for p in (ROOT / "tests" / "acts").glob("*.law"))]


def both(act, cases):
    plan = compile_act(act)
    w = width(plan)
    ids, facts, expected = [], [], []
    for case_id, case in cases:
        ids.append(case_id)
        facts += R.long_facts(case_id, case, w)
        expected += R.from_assessment(case_id, act.evaluate(case))
    con = duck.connect()
    duck.load_long(con, ids, facts, w)
    return collections.Counter(expected), collections.Counter(R.from_sql(duck.outcomes(con, plan)))


@pytest.mark.parametrize("name", ACTS, ids=lambda n: Path(n).stem)
@pytest.mark.parametrize("seed", [1, 2])
def test_duckdb_agrees_with_the_evaluator_on_random_cases(name, seed):
    act = statute.load(name)
    expected, found = both(act, synthetic.cases([act], 250, seed=seed))
    assert sum(expected.values()) > 25  # the cases reach the Act's provisions
    assert found == expected, (f"only in Python: {list(expected - found)[:3]}; "
                               f"only in SQL: {list(found - expected)[:3]}")


def test_the_random_cases_reach_every_kind_of_status():
    """The generator is only a good adversary if it reaches exceptions, priority, conflicts and
    aggravation: across the Acts, every status the evaluator reports occurs."""
    seen = set()
    for name in ACTS:
        act = statute.load(name)
        expected, _ = both(act, synthetic.cases([act], 250, seed=1))
        seen |= {row[3] for row in expected}
    assert seen >= {"breached", "complied", "excused", "conflict", "granted", "committed", "defeated",
                    "follows", "attaches", "applies"}


def test_the_bundled_example_cases_agree():
    act = statute.load("enacted")
    from statute.case import case_from

    cases = []
    for path in sorted((ROOT / "examples" / "cases").glob("*.case")):
        try:
            case = case_from(act, path.read_text(encoding="utf-8"))
        except statute.diagnostics.StatuteError:
            continue
        if not case.dated:  # the plan evaluates undated cases; a dated one is refused (below)
            cases.append((path.stem, case))
    expected, found = both(act, cases)
    assert cases and found == expected


def test_a_dated_case_is_refused_not_answered_as_undated():
    act = statute.load("enacted")
    from statute.case import case_from

    dated = case_from(act, (ROOT / "examples" / "cases" / "dated_notification.case").read_text(encoding="utf-8"))
    assert dated.dated
    with pytest.raises(NotCompilable, match="is dated"):
        both(act, [("dated", dated)])


def test_a_recursive_definition_is_refused_with_its_place(tmp_path):
    law = tmp_path / "family.law"
    law.write_text('''act "Family (toy)":
    version "test"

terms:
    "{a} is a parent of {b}"
    "{a} looks after {b}"

section 1 "Ancestry":
    definition ancestor:
        "{a} is an ancestor of {b}" means any of:
            "{a} is a parent of {b}"
            some {c}: "{a} is a parent of {c}" and "{c} is an ancestor of {b}"

    duty care (1):
        holder {a}
        when "{a} is an ancestor of {b}"
        must "{a} looks after {b}"
''', encoding="utf-8")
    act = statute.load(str(law))
    with pytest.raises(NotCompilable, match=r"family.law:\d+:\d+: the definition 'ancestor' is recursive"):
        compile_act(act)


def test_names_and_values_reach_sql_as_literals_not_text():
    """A party name with quotes-like and SQL-like characters is data, never SQL."""
    act = statute.load(str(ROOT / "tests" / "acts" / "quiet_hours.law"))
    name = "Robert'); DROP TABLE cases; -- \\ é"
    case = statute.case.Case({"{} runs a venue": frozenset({(name,)}),
                              "{} plays music after midnight": frozenset({(name,)})}, {}, (name,))
    expected, found = both(act, [("c'1", case)])
    assert found == expected and any(row[4] == name for row in found)


def test_constructs_the_plan_lacks_are_refused_not_answered_wrongly():
    act = statute.load(ROOT / "tests" / "acts" / "language" / "site_safety.law")
    with pytest.raises(NotCompilable, match=r"site_safety.law:\d+:\d+: 'employees_work_at_the_site' is a "
                                            r"presumption"):
        compile_act(act)
