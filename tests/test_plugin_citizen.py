"""The plugin is a good citizen: it runs statute's feature files, every scenario of them, and nothing else.

Hostile testing found the plugin running another project's pytest-bdd features with its catch-all
steps (false failures in a suite that never used statute), two scenarios of one name collected as
one test (the failing one never ran), a byte-order mark rejected, an Outline without Examples rows
run once with the literal ``<a>``, and alternating When/Then steps quadratic. Each test failed before.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from statute.scenarios.acts import ActCache
from statute.scenarios.declared import declares_act, file_declares_act
from statute.scenarios.state import ScenarioState

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parent.parent


def write(pytester: pytest.Pytester, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = pytester.path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding=encoding)
    return path


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:hypothesispytest", "-p", "no:cacheprovider", *args)


LOGIN = """\
    Feature: Login
      Scenario: A user logs in
        Given a user named Bob
        When Bob logs in
        Then Bob sees the dashboard
    """

LOGIN_STEPS = """\
    from pytest_bdd import given, parsers, scenarios, then, when

    scenarios("features/login.feature")

    @given(parsers.parse("a user named {name}"), target_fixture="user")
    def user(name):
        return {"name": name, "in": False}

    @when(parsers.parse("{name} logs in"))
    def logs_in(user, name):
        user["in"] = True

    @then(parsers.parse("{name} sees the dashboard"))
    def dashboard(user, name):
        assert user["in"]
    """


# ── other projects' feature files ────────────────────────────────────────────


@pytest.mark.parametrize("args", [(), ("tests",), (".",), ("features", "tests")])
def test_another_projects_features_are_left_to_its_own_steps(pytester: pytest.Pytester, args):
    write(pytester, "features/login.feature", LOGIN)
    write(pytester, "tests/test_login.py", LOGIN_STEPS.replace('"features/', '"../features/'))
    write(pytester, "tests/test_plain.py", "def test_plain():\n    assert True\n")
    result = run(pytester, *args, "-q")
    result.assert_outcomes(passed=2)
    assert "statute" not in result.stdout.str()


def test_a_step_another_project_did_not_define_is_not_taken_by_statute(pytester: pytest.Pytester):
    """Without statute, pytest-bdd says "step definition not found"; statute's catch-all must not answer."""
    write(pytester, "features/login.feature", LOGIN)
    write(pytester, "test_login.py", LOGIN_STEPS.replace('@then(parsers.parse("{name} sees the dashboard"))\n'
                                                         "    def dashboard(user, name):\n"
                                                         '        assert user["in"]\n', ""))
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert "StepDefinitionNotFoundError" in text
    assert "Then vocabulary" not in text and "is not one of statute's Then steps" not in text


def test_a_feature_named_on_the_command_line_that_declares_no_act_gets_a_notice(pytester: pytest.Pytester):
    write(pytester, "features/forgot.feature", """\
        Feature: A drafter forgot the tag
          Scenario: Anything
            Given Alice is a teacher
            Then Alice is under no duty
        """)
    result = run(pytester, "features/forgot.feature")
    assert "forgot.feature declares no statute Act" in result.stdout.str()
    assert "@act:NAME" in result.stdout.str()


def test_the_statute_act_setting_makes_every_feature_statutes(pytester: pytest.Pytester):
    pytester.makeini("[pytest]\nstatute_act = enacted\n")
    write(pytester, "features/untagged.feature", """\
        Feature: No tag, the setting names the Act
          Scenario: A shop assistant
            Given Sid is a shop assistant
            Then Sid is not under the duty to notify suspected child sex offences
        """)
    run(pytester, "-q").assert_outcomes(passed=1)


@pytest.mark.parametrize("text, declared", [
    ("@act:enacted\nFeature: x\n", True),
    ("Feature: x\n  @smoke @act:announced\n  Scenario: y\n", True),
    ('Feature: x\n  Background:\n    Given the Act "enacted"\n', True),
    ('Feature: x\n  Scenario: y\n    * the act "toy.law"\n', True),
    ("\ufeff@act:enacted\nFeature: x\n", True),
    ("Feature: x\n  Scenario: y\n    Given a user named Bob\n", False),
    ("# @act:enacted\nFeature: x\n", False),
    ('Feature: x\n  Scenario: y\n    Given a doc string\n      """\n      @act:enacted\n      """\n', False),
    ("Feature: x\n  Scenario: y\n    Given the actor is ready\n", False),
    ('# language: fr\nFonctionnalité: x\n  Contexte:\n    Soit the Act "enacted"\n', True),  # any language
    ('# language: de\nFunktionalität: x\n  Grundlage:\n    Angenommen the Act "enacted"\n', True),
    ("Feature: x\n  Scenario: y\n    Soit the actor\n", False),
])
def test_what_declares_an_act(text, declared):
    assert declares_act(text) is declared


def test_every_feature_in_this_repository_declares_its_act():
    """Features added by anyone must name their Act, or statute would no longer run them."""
    found = [p for p in REPO.rglob("*.feature") if ".venv" not in p.parts and "build" not in p.parts]
    assert found
    assert [p for p in found if not file_declares_act(p)] == []


# ── every scenario of statute's feature files ────────────────────────────────


def test_two_scenarios_of_one_name_are_a_collection_error_naming_both_lines(pytester: pytest.Pytester):
    write(pytester, "features/dup.feature", """\
        @act:enacted
        Feature: dup
          Scenario: Same name
            Given Vic volunteers with children
            Then Vic commits preventing_or_deterring

          Scenario: Same name
            Given Vic volunteers with children
            Then Vic commits no offence
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(errors=1)
    assert "features/dup.feature:7: this scenario has the name of the one at line 3 ('Same name')" in \
        result.stdout.str()


def test_a_byte_order_mark_is_accepted(pytester: pytest.Pytester):
    write(pytester, "features/bom.feature", """\
        \ufeff@act:enacted
        Feature: bom
          Scenario: A 17-year-old volunteer is told of abuse
            Given Vic volunteers with children
            And Vic works in England
            And the age of Vic is 17
            And Bella tells Vic about a child sex offence
            Then Vic is not under the duty to notify suspected child sex offences
        """)
    assert (pytester.path / "features/bom.feature").read_bytes().startswith(b"\xef\xbb\xbf")
    run(pytester, "-q").assert_outcomes(passed=1)


@pytest.mark.parametrize("examples", ["    Examples:\n      | a |\n", ""])
def test_an_outline_without_examples_rows_is_a_collection_error(pytester: pytest.Pytester, examples):
    write(pytester, "features/outline.feature", "@act:enacted\nFeature: x\n  Scenario Outline: y <a>\n"
          "    Given <a> volunteers with children\n    Then <a> commits no offence\n" + examples)
    result = run(pytester, "-q")
    result.assert_outcomes(errors=1)
    assert "features/outline.feature:3: the Scenario Outline 'y <a>' would run with no example" in \
        result.stdout.str()


def test_a_fact_stated_again_does_not_evaluate_the_scenario_again():
    """Alternating When/Then over 150 parties was quadratic: every Then re-evaluated every fact so far."""
    state = ScenarioState(ActCache(), REPO)
    state.tagged_act = "enacted"
    state.add_fact("Vic volunteers with children")
    for step in range(3_000):
        state.add_fact(f"P{step % 20} is a teacher")
        state.then(f"P{step % 20} commits no offence")
    assert state.evaluations == 20  # once per new fact before a Then, not once per Then (3,000)
