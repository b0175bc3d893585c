"""Bounds: a case with many parties stays within a stated budget or stops with a clear message.

The figures behind docs/evaluation.md "Bounds" come from ``python benchmarks/bounds.py``; these
tests pin the mechanisms: the 200-party limit (C006), the binding-test budget (C008,
``EvaluationTooLarge``) including for Acts written to defeat the evaluator's pruning, the outcome
limit, explanations whose size does not grow with the parties, ``statute explain``'s cap on the
trees it prints, and graph queries that stay linear on a big graph. Most tests lower the budget
with monkeypatch, so that stopping takes milliseconds, not the ~15 s the real one takes.
"""

from __future__ import annotations

import json
import time

import pytest

from benchmarks import bounds
from statute import evaluate, load, load_text
from statute import model as m
from statute.case import MAX_PARTIES, CaseReader, read_case
from statute.cli import main
from statute.evaluate import MAX_STEPS, EvaluationTooLarge, Evaluator
from statute.explain import MAX_BINDINGS_SHOWN, MAX_CANDIDATES, _Explainer, explain_outcome


@pytest.fixture(scope="module")
def enacted():
    return load("enacted")


def case_of(act, text):
    case, problems = read_case(CaseReader(act), text)
    assert not problems, problems[:2]
    return case


def size(reason) -> int:
    return sum(1 for _ in reason.walk())


# ── parties ──────────────────────────────────────────────────────────────────


def test_200_parties_in_the_worked_examples_shape_stay_well_within_the_budget(enacted):
    case = case_of(enacted, bounds.sparse_case(MAX_PARTIES))
    assert len(case.parties) == MAX_PARTIES
    assessment = Evaluator(enacted).evaluate(case)
    assert assessment.run.steps < MAX_STEPS // 2  # 1,332,539 when measured
    assert len(assessment.outcomes) == 165  # 198 while s.85(7) did not ask for an obligation of confidence


def test_one_party_more_is_c006(enacted):
    _, problems = read_case(CaseReader(enacted), bounds.sparse_case(MAX_PARTIES + 1))
    assert [p.code for p in problems] == ["C006"]
    assert "201 parties" in problems[0].message


def test_a_dense_case_stops_with_c008(tmp_path, capsys, monkeypatch):
    """Every party tells every other: p² facts. At 200 parties the real budget stops it after ~15 s."""
    monkeypatch.setattr(evaluate, "MAX_STEPS", 20_000)
    path = tmp_path / "dense.case"
    path.write_text(bounds.dense_case(50), encoding="utf-8")
    for extra in ([], ["--json"]):
        assert main(["explain", "--act", "enacted", *extra, str(path)]) == 1
        err = capsys.readouterr().err
        assert "error[C008]: evaluation stopped after 20,000 binding tests" in err
        assert "hint: split the case, or name fewer parties" in err


# ── Acts written to defeat the pruning ───────────────────────────────────────


@pytest.mark.parametrize("text", [bounds.SIX_FREE_SLOTS, bounds.NESTED_SOME], ids=["six free slots", "nested some"])
def test_adversarial_acts_stop_with_the_message(text, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(evaluate, "MAX_STEPS", 50_000)
    act = load_text(text)
    case = case_of(act, bounds.adversarial_case(200))
    started = time.perf_counter()
    with pytest.raises(EvaluationTooLarge, match="stopped after 50,000 binding tests"):
        Evaluator(act).evaluate(case)
    assert time.perf_counter() - started < 10
    law, case_file = tmp_path / "adversarial.law", tmp_path / "c.case"
    law.write_text(text, encoding="utf-8")
    case_file.write_text(bounds.adversarial_case(200), encoding="utf-8")
    assert main(["explain", "--act", str(law), str(case_file)]) == 1
    assert "error[C008]" in capsys.readouterr().err


def test_nested_somes_count_against_the_real_budget():
    """Four nested one-slot `some`s were not counted at all: 50 parties took 5 minutes, 200 would take days.

    With the real MAX_STEPS they now stop in seconds (3 s when measured).
    """
    act = load_text(bounds.NESTED_SOME)
    case = case_of(act, bounds.adversarial_case(MAX_PARTIES))
    started = time.perf_counter()
    with pytest.raises(EvaluationTooLarge):
        Evaluator(act).evaluate(case)
    assert time.perf_counter() - started < 60


def test_too_many_outcomes_stop_the_evaluation(monkeypatch):
    """Six free slots and 10 parties: 343,900 outcomes and 87 MB of JSON within the binding budget."""
    monkeypatch.setattr(evaluate, "MAX_OUTCOMES", 1_000)
    act = load_text(bounds.SIX_FREE_SLOTS)
    with pytest.raises(EvaluationTooLarge, match="stopped at 1,000 outcomes"):
        Evaluator(act).evaluate(case_of(act, bounds.adversarial_case(10)))


# ── explanation size ─────────────────────────────────────────────────────────

FAILED_SOME = '''act "T":
    source "s"
terms:
    "{p} is a teacher"
    "{p} knows {q}"
section 1:
    consequence c (1):
        faced by {x}
        when "{x} knows {x}" and (some {y}: "{x} knows {y}" and "{y} is a teacher")
'''


def test_a_failed_some_over_many_parties_shows_a_few_of_them():
    act = load_text(FAILED_SOME)
    sizes = []
    for parties in (20, MAX_PARTIES):
        text = "A knows A\n" + "".join(f"A knows P{i}\n" for i in range(parties - 1))
        assessment = Evaluator(act).evaluate(case_of(act, text))
        tree = assessment.explain("c", "A")
        (some,) = [node for node in tree.walk() if node.kind == "some" and not node.holds and "fits" in node.text]
        assert len(some.children) == MAX_CANDIDATES
        assert f"the {MAX_CANDIDATES} nearest misses are shown" in (some.note or "")
        sizes.append(size(tree))
    assert sizes[0] == sizes[1]


def test_a_provision_with_many_bindings_is_explained_in_bounded_size(enacted):
    """Alice, told by 150 children and notifying none, faces a barring referral: its explanation showed
    her duty towards every child, so the tree grew with the parties."""
    sizes = []
    for children in (15, 150):
        text = "Alice is a teacher\nAlice works in England\nthe age of Alice is 35\n" + "".join(
            f"C{i} tells Alice about a child sex offence\nthe age of C{i} is 10\n" for i in range(children))
        assessment = Evaluator(enacted).evaluate(case_of(enacted, text))
        (barring,) = [o for o in assessment.outcomes if o.provision == "barring_referral"]
        tree = explain_outcome(assessment.run, barring.provision, barring.binding)
        (duty,) = [n for n in tree.walk() if n.kind == "outcome" and n.text.startswith("Alice — ")]
        assert len(duty.children) == MAX_BINDINGS_SHOWN + 1
        assert duty.children[-1].text == f"… and {children - MAX_BINDINGS_SHOWN} more bindings of duty_to_notify " \
                                         "for Alice (not shown)"
        assert duty.holds and duty.note == "breached"
        sizes.append(size(tree))
    assert sizes[0] == sizes[1]


def test_explaining_a_some_has_its_own_budget(enacted, monkeypatch):
    """Explaining a failed `some` over three slots tried every combination with no limit."""
    assessment = Evaluator(enacted).evaluate(case_of(enacted, "".join(f"P{i} is a teacher\n" for i in range(30))))
    monkeypatch.setattr(evaluate, "MAX_STEPS", 1_000)
    never = m.Phrase("{a} groomed {b}", ("", " groomed ", ""), ("a", "b"), m.Span("t", 1, 1, 1, 1))
    body = m.All((never, m.Phrase("{c} is a teacher", ("", " is a teacher"), ("c",), never.span)), never.span)
    with pytest.raises(EvaluationTooLarge, match="the explanation stopped after 1,000 tries"):
        _Explainer(assessment.run).expr(m.Some(("a", "b", "c"), body, never.span), {})


def test_explain_prints_at_most_max_explained_trees(tmp_path, capsys, monkeypatch):
    from statute.commands import explain as command

    monkeypatch.setattr(command, "MAX_EXPLAINED", 5)
    path = tmp_path / "dense.case"
    path.write_text(bounds.dense_case(5), encoding="utf-8")
    assert main(["explain", "--act", "enacted", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\n… 25 more outcomes are not explained (statute explains the first 5)" in out
    assert main(["explain", "--act", "enacted", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["explanations"]) == 5 and data["explanations_omitted"] == 25
    assert len(data["outcomes"]) == 30  # every outcome is still listed


# ── graph queries on a big graph ─────────────────────────────────────────────


def test_section_queries_are_one_traversal():
    """impact/depends-on of a section searched once per provision: 3,000 chained definitions took 17 s."""
    from statute.graph.queries import ObligationGraph

    lines = ['act "Chain":', '    source "s"', "terms:", '    "{p} is a teacher"', "section 1:"]
    previous = '"{p} is a teacher"'
    for i in range(3000):
        lines.append(f'    definition d{i}:\n        "{{p}} is level {i}" means {previous}')
        previous = f'"{{p}} is level {i}"'
    lines.append(f'    duty top:\n        holder {{p}}\n        when {previous}\n        must "{{p}} is a teacher"')
    graph = ObligationGraph.from_act(load_text("\n".join(lines) + "\n"))
    started = time.perf_counter()
    assert len(graph.impact("s.1")) == 3000 and len(graph.depends_on("s.1")) == 3001
    _, steps = graph.path("top", "d0")
    assert len(steps) == 2 * 3000  # through each definition and the phrase it defines
    assert time.perf_counter() - started < 5
