"""The pytest plugin as a drafter meets it: .feature files in a fresh repository, no Python.

Each test builds a small project with pytester and runs pytest in it. The plugin is
active through its ``pytest11`` entry point, exactly as in a drafter's repository.
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from statute.scenarios import vocabulary
from statute.scenarios.failures import OutcomeMismatch, ScenarioProblem

pytest_plugins = ["pytester"]

TESTS = Path(__file__).parent
REPO = TESTS.parent

TEACHER = """\
    Given Alice is a teacher
    And Alice works in England
    And the age of Alice is 35
    And Bella tells Alice about a child sex offence
    And the age of Bella is 12
"""


def feature(pytester: pytest.Pytester, text: str, name: str = "features/scenarios.feature") -> Path:
    path = pytester.path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def output(result: pytest.RunResult) -> str:
    return result.stdout.str()


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """pytest in the project, in-process; hypothesis's plugin is left out (it re-imports hypothesis each run)."""
    return pytester.runpytest("-p", "no:hypothesispytest", *args)


# ── a second Act, with no new step code ─────────────────────────────────────


BREACH = """\
    Feature: Data breach notification
      Background:
        Given the Act "../acts/data_breach.law"
        And Acme is a data controller
        And Acme becomes aware of a personal data breach

      Scenario: Not notifying breaches the duty
        Then Acme has breached notify_breach
        And Acme faces public censure by the commissioner

      Scenario: An exception excuses, and an exception to it restores the duty
        Given the breach at Acme is unlikely to result in a risk to individuals
        Then Acme is excused from notify_breach by unlikely_risk
        When Acme is ordered by the commissioner to notify
        Then Acme has breached notify_breach

      Scenario Outline: Notifying after <hours> hours
        When Acme notifies the commissioner
        And the hours Acme took to notify the commissioner is <hours>
        Then Acme <status> notify_breach

        Examples:
          | hours | status            |
          | 70    | has complied with |
          | 80    | has breached      |

      Scenario: Obstruction
        Given Olga tells Acme not to notify the commissioner
        And Olga intends to stop the notification
        Then Olga commits obstructing_notification
        And the maximum penalty for obstructing_notification on summary conviction is a fine up to £5,000
    """


def breach_project(pytester: pytest.Pytester) -> None:
    (pytester.path / "acts").mkdir()
    shutil.copy(TESTS / "acts" / "data_breach.law", pytester.path / "acts" / "data_breach.law")
    feature(pytester, BREACH, "features/breach.feature")


def test_a_second_act_runs_with_the_same_plugin_and_no_step_code(pytester: pytest.Pytester) -> None:
    breach_project(pytester)
    result = run(pytester, "-q")
    result.assert_outcomes(passed=5)
    assert not list(pytester.path.rglob("*.py")), "the drafter's repository holds no Python"


# ── what a drafter reads when something is wrong ────────────────────────────


def test_a_misspelt_given_fails_with_the_closest_phrases(pytester: pytest.Pytester) -> None:
    feature(pytester, """\
        @act:enacted
        Feature: Typos
          Scenario: A misspelt role
            Given Alice is a teachr
            Then Alice is under no duty
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    text = output(result)
    assert "features/scenarios.feature:4: error in the scenario: no phrase of the Act matches 'Alice is a teachr'" \
        in text
    assert "closest phrases: '{person} is a teacher'" in text
    assert "Traceback" not in text and "def " not in text


def test_a_wrong_outcome_shows_the_explanation_with_sections(pytester: pytest.Pytester) -> None:
    feature(pytester, f"""\
        @act:enacted
        Feature: Wrong expectations
          Scenario: The drafter expects no duty
        {textwrap.indent(TEACHER, "    ")}
            Then Alice is not under the duty to notify suspected child sex offences
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    text = output(result)
    assert "the Act gives another outcome than the scenario expects" in text
    assert "expected: Alice is not under the duty to notify suspected child sex offences" in text
    assert "Alice is under it and has breached it regarding Bella" in text
    assert "[duty duty_to_notify · s.85(1)]" in text
    assert "because:  it rests on the age of Alice is 35; Alice is a teacher (line 4); Alice works in England " \
           "(line 5)" in text
    assert "[definition regulated_activity · s.85(12)(a)]" in text
    assert len(text.split("test_the_drafter_expects_no_duty _")[1].split("=====")[0].strip().splitlines()) <= 25
    assert "Facts of the scenario: 5 stated in features/scenarios.feature, lines 4–8" in text
    assert "Traceback" not in text and "scenario.py" not in text and "AssertionError" not in text
    result.stdout.fnmatch_lines(["FAILED *::test_the_drafter_expects_no_duty - expecte*"])
    assert "“A person aged 18 or over" not in text  # the brief form quotes no text: --statute-full does
    full = output(run(pytester, "-q", "--statute-full"))
    assert "line    4  Alice is a teacher" in full
    assert "“A person aged 18 or over" in full and "✓ all of these hold" in full
    assert "✓ Alice is a teacher — stated in the case (line 4)" in full


def test_an_unknown_provision_in_a_then_suggests_ids_and_names(pytester: pytest.Pytester) -> None:
    feature(pytester, f"""\
        @act:enacted
        Feature: Unknown provision
          Scenario: A misspelt duty
        {textwrap.indent(TEACHER, "    ")}
            Then Alice is under the duty to notfy
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    assert "did you mean 'the duty to notify suspected child sex offences' (duty_to_notify)?" in output(result)


def test_a_provision_of_the_wrong_kind_says_which_verb_fits(pytester: pytest.Pytester) -> None:
    feature(pytester, f"""\
        @act:enacted
        Feature: Wrong kind
          Scenario: A duty is not committed
        {textwrap.indent(TEACHER, "    ")}
            Then Alice commits duty_to_notify
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    text = output(result)
    assert "is a duty (duty_to_notify, s.85(1)), not an offence" in text
    assert "duties take 'is under'" in text


def test_an_unknown_party_is_an_error_not_a_pass(pytester: pytest.Pytester) -> None:
    feature(pytester, f"""\
        @act:enacted
        Feature: Unknown party
          Scenario: A misspelt party in a negative step
        {textwrap.indent(TEACHER, "    ")}
            Then Alcie commits no offence
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    assert "no party called 'Alcie' appears in the scenario's facts" in output(result)
    assert "did you mean 'Alice'?" in output(result)


def test_an_unknown_then_lists_the_vocabulary(pytester: pytest.Pytester) -> None:
    feature(pytester, f"""\
        @act:enacted
        Feature: Unknown Then
          Scenario: Not in the vocabulary
        {textwrap.indent(TEACHER, "    ")}
            Then Alice ought to tell someone
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    text = output(result)
    assert "'Alice ought to tell someone' is not one of statute's Then steps" in text
    assert all(form.form in text for form in vocabulary.STEP_FORMS)


def test_no_act_named_says_how_to_name_one(pytester: pytest.Pytester) -> None:
    feature(pytester, """\
        Feature: One scenario names no Act
          @act:enacted
          Scenario: Tagged
            Given Alice is a teacher
            Then Alice is under no duty

          Scenario: Facts with no Act
            Given Alice is a teacher
            Then Alice is under no duty
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(passed=1, failed=1)
    assert 'name the Act with a Background step `Given the Act "NAME"`' in output(result)


def test_an_unknown_act_suggests_a_bundled_one(pytester: pytest.Pytester) -> None:
    feature(pytester, """\
        Feature: Misspelt Act
          Scenario: enacte
            Given the Act "enacte"
            Then there is no conflict
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    assert 'there is no Act "enacte"' in output(result)
    assert 'did you mean "enacted"?' in output(result)


def test_an_unknown_act_in_a_tag_is_reported_at_the_tag(pytester: pytest.Pytester) -> None:
    feature(pytester, """\
        @act:enacetd
        Feature: Misspelt tag
          Scenario: misspelt
            Given Alice is a teacher
            Then Alice is under no duty
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    assert 'features/scenarios.feature:1: error in the scenario: there is no Act "enacetd"' in output(result)
    assert "    1 | @act:enacetd" in output(result)


def test_an_act_folder_without_law_files_says_so(pytester: pytest.Pytester) -> None:
    pytester.mkdir("features")
    pytester.mkdir("empty_act")
    feature(pytester, """\
        Feature: Empty Act folder
          Scenario: empty
            Given the Act "../empty_act"
            Then there is no conflict
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    assert 'the Act "../empty_act" is a folder with no .law files' in output(result)


def test_the_facts_table_needs_a_fact_header(pytester: pytest.Pytester) -> None:
    feature(pytester, """\
        @act:enacted
        Feature: Tables
          Scenario: A good table
            Given the following facts:
              | fact                   |
              | Alice is a teacher     |
              | Alice works in England |
              | the age of Alice is 30 |
              | Bella tells Alice about a child sex offence |
            Then Alice has breached duty_to_notify

          Scenario: A table without the header
            Given the following facts:
              | Alice is a teacher |
            Then Alice is under no duty
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(passed=1, failed=1)
    assert "the facts table needs one column headed 'fact'" in output(result)


def test_a_malformed_feature_file_is_a_collection_error_without_a_traceback(pytester: pytest.Pytester) -> None:
    feature(pytester, "@act:enacted\nScenario: no Feature line\n  Given Alice is a teacher\n")
    result = run(pytester, "-q")
    result.assert_outcomes(errors=1)
    text = output(result)
    assert "features/scenarios.feature: the feature file cannot be read" in text
    assert "Traceback" not in text


# ── collection, tags, outlines ──────────────────────────────────────────────


def test_features_outside_the_configured_folders_need_naming(pytester: pytest.Pytester) -> None:
    body = """\
        @act:enacted
        Feature: Elsewhere
          Scenario: A shop assistant
            Given Sid is a shop assistant
            Then Sid is under no duty
        """
    feature(pytester, body, "features/here.feature")
    feature(pytester, body, "elsewhere/there.feature")
    run(pytester, "-q").assert_outcomes(passed=1)
    run(pytester, "-q", "elsewhere").assert_outcomes(passed=1)
    pytester.makeini("[pytest]\nstatute_features =\n    features\n    elsewhere\n")
    run(pytester, "-q").assert_outcomes(passed=2)


def test_tags_pass_strict_markers_and_unregistered_ones_do_not(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\naddopts = --strict-markers\n")
    feature(pytester, f"""\
        @act:enacted @intent
        Feature: Tags
          @divergence:announced
          Rule: tagged rule
            Scenario: Tagged
        {textwrap.indent(TEACHER, "      ")}
              Then Alice is under a duty
        """)
    run(pytester, "-q").assert_outcomes(passed=1)
    feature(pytester, """\
        @act:enacted @no_such_tag
        Feature: Typo in a tag
          Scenario: Tagged
            Given Sid is a shop assistant
            Then Sid is under no duty
        """, "features/typo.feature")
    result = run(pytester, "-q")
    assert "'no_such_tag' not found in `markers` configuration option" in output(result)


def test_several_act_tags_run_the_scenario_against_each_act(pytester: pytest.Pytester) -> None:
    feature(pytester, f"""\
        @act:enacted @act:announced
        Feature: Both Acts
          Scenario Outline: A <role>
        {textwrap.indent(TEACHER.replace("a teacher", "<role>"), "    ")}
            Then Alice is under a duty

            Examples:
              | role                 |
              | a teacher            |
              | a social care worker |
        """)
    result = run(pytester, "-v")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*test_a_role[[]announced-a teacher[]] PASSED*",
                                 "*test_a_role[[]enacted-a social care worker[]] PASSED*"])


def test_a_tag_and_a_step_naming_different_acts_is_an_error(pytester: pytest.Pytester) -> None:
    feature(pytester, """\
        @act:enacted
        Feature: Two Acts
          Scenario: Disagreeing
            Given the Act "announced"
            Then there is no conflict
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    assert 'tagged @act:enacted but this step names "announced"' in output(result)


# ── divergences ─────────────────────────────────────────────────────────────


INTENT = f"""\
    @intent @act:enacted @act:announced
    Feature: Intent
      Background:
    {TEACHER}
      @divergence:enacted
      Scenario: Failing to report is prosecuted
        Then Alice commits an offence
    """


def test_a_divergence_is_an_expected_failure_named_in_the_summary(pytester: pytest.Pytester) -> None:
    feature(pytester, INTENT)
    result = run(pytester, "-q", "-rx")
    result.assert_outcomes(passed=1, xfailed=1)
    text = output(result)
    assert "statute: where the law departs from the stated intent" in text
    assert 'Where "enacted" (Crime and Policing Act 2026, as enacted) departs from the stated intent:' in text
    assert "✗ Failing to report is prosecuted  (features/scenarios.feature:11)" in text
    assert 'the intent holds under "announced"' in text
    assert "expected: Alice commits an offence" in text


def test_a_divergence_that_starts_to_pass_fails_the_run(pytester: pytest.Pytester) -> None:
    feature(pytester, INTENT.replace("Then Alice commits an offence", "Then Alice is under a duty"))
    result = run(pytester, "-q")
    result.assert_outcomes(passed=1, failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    text = output(result)
    assert "the divergence has disappeared" in text
    assert "Divergences that have disappeared" in text


def test_a_divergence_never_excuses_an_error_in_the_scenario(pytester: pytest.Pytester) -> None:
    feature(pytester, INTENT.replace("Then Alice commits an offence", "Then Alice commits an ofence"))
    result = run(pytester, "-q")
    result.assert_outcomes(failed=2)
    assert "which a divergence never excuses" in output(result)


# ── coverage ────────────────────────────────────────────────────────────────


def test_coverage_writes_json_per_act(pytester: pytest.Pytester) -> None:
    breach_project(pytester)
    result = run(pytester, "-q", "--statute-coverage")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["*statute coverage*", '"acts/data_breach.law" — Data Breach Notification Act*',
                                 "  provisions 5/5 (100%)*"])
    data = json.loads((pytester.path / ".statute-coverage.json").read_text(encoding="utf-8"))
    assert data["schema"] == "statute.coverage/1"
    act = data["acts"]["acts/data_breach.law"]
    assert act["scenarios"] == 5
    assert act["provisions"] == {"covered": 5, "total": 5, "percent": 100.0}
    detail = {d["id"]: d for d in act["provisions_detail"]}
    assert detail["notify_breach"]["statuses"] == ["breached", "complied", "complied late", "excused"]
    assert detail["unlikely_risk"]["statuses"] == ["applies", "defeated"]
    assert detail["ordered_to_notify"]["exercised"]
    assert any("test_obstruction" in s for s in detail["obstructing_notification"]["scenarios"])
    conditions = {b["condition"]: b for b in detail["notify_breach"]["branches"]}
    # every scenario is a controller aware of a breach: neither condition was ever shown to matter by failing
    assert conditions['"{controller} is a data controller"'] == {
        "condition": '"{controller} is a data controller"', "role": "requirement",
        "at": conditions['"{controller} is a data controller"']["at"], "holds": True, "fails": False}
    assert "never failed where it decided" in output(result)


def test_coverage_json_path_is_configurable(pytester: pytest.Pytester) -> None:
    breach_project(pytester)
    run(pytester, "-q", "--statute-coverage", "--statute-coverage-json", "out/cov.json")
    assert (pytester.path / "out" / "cov.json").exists()
    assert not (pytester.path / ".statute-coverage.json").exists()


def test_statute_coverage_command(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    breach_project(pytester)
    monkeypatch.setenv("PYTEST_ADDOPTS", "-p no:hypothesispytest")
    result = pytester.run(sys.executable, "-m", "statute", "coverage", "features", "-o", "c.json")
    assert result.ret == 0
    assert "provisions 5/5 (100%)" in output(result)
    assert json.loads((pytester.path / "c.json").read_text(encoding="utf-8"))["acts"]


# ── the vocabulary is one list: documented, and every example is understood ─


@pytest.mark.parametrize("form", vocabulary.STEP_FORMS, ids=lambda f: f.form)
def test_every_step_form_is_documented_and_its_example_matches(form: vocabulary.StepForm) -> None:
    docs = (REPO / "docs" / "drafters.md").read_text(encoding="utf-8")
    assert f"| `{form.form}` | `{form.example}` | {form.meaning} |" in docs.splitlines()
    if form is not vocabulary.FINDING_FORM:  # a finding is read with the Act's phrases, not a pattern
        assert vocabulary.match(form.example) is not None


def test_the_documented_table_has_no_step_the_vocabulary_lacks() -> None:
    docs = (REPO / "docs" / "drafters.md").read_text(encoding="utf-8")
    table = docs[docs.index("| Step | Example | Passes when |"):]
    rows = [line for line in table[: table.index("\n\n")].splitlines()[2:]]
    assert len(rows) == len(vocabulary.STEP_FORMS)


def test_failures_render_as_text_with_the_place() -> None:
    from statute.scenarios.failures import Where

    where = Where("features/x.feature", 7, "    Then Alice commits an offence")
    problem = ScenarioProblem("no such thing", where, ["  hint: try again"])
    assert problem.text.splitlines() == ["features/x.feature:7: error in the scenario: no such thing",
                                         "    7 |     Then Alice commits an offence", "  hint: try again"]
    mismatch = OutcomeMismatch("expected: Alice commits an offence", where, ["  found:    nothing"])
    assert mismatch.text.splitlines()[2:] == ["  expected: Alice commits an offence", "  found:    nothing"]


def test_a_facts_step_without_a_table_says_what_it_needs(pytester: pytest.Pytester) -> None:
    feature(pytester, """\
        @act:enacted
        Feature: Table missing
          Scenario: No table
            Given the following facts:
            Then there is no conflict
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    assert "the facts table needs one column headed 'fact'" in output(result)


def test_regarding_an_unknown_party_is_an_error(pytester: pytest.Pytester) -> None:
    feature(pytester, f"""\
        @act:enacted
        Feature: Regarding
          Scenario: Regarding a misspelt child
        {textwrap.indent(TEACHER, "    ")}
            Then Alice has not breached duty_to_notify regarding Bela
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    assert "no party called 'Bela' appears in the scenario's facts" in output(result)


def test_an_empty_feature_file_is_a_collection_error(pytester: pytest.Pytester) -> None:
    """An empty file declares no Act: it is statute's only by the statute_act configuration."""
    pytester.makeini("[pytest]\nstatute_act = enacted\n")
    feature(pytester, "# nothing yet\n")
    result = run(pytester, "-q")
    result.assert_outcomes(errors=1)
    assert "the feature file is empty" in output(result)
    assert "KeyError" not in output(result)


def test_an_act_with_errors_shows_its_diagnostics(pytester: pytest.Pytester) -> None:
    (pytester.path / "broken.law").write_text('act "Broken":\nterms:\n    "{p} is" is\n', encoding="utf-8")
    feature(pytester, """\
        Feature: Broken Act
          Scenario: Anything
            Given the Act "../broken.law"
            Then there is no conflict
        """)
    result = run(pytester, "-q")
    result.assert_outcomes(failed=1)
    text = output(result)
    assert 'the Act "../broken.law" has errors, so no scenario can run against it' in text
    assert "broken.law:2:1: error[E100]" in text
    assert "Traceback" not in text


# ── coverage under pytest-xdist ───────────────────────────────────────────────


def test_coverage_is_merged_from_xdist_workers(pytester: pytest.Pytester) -> None:
    """`pytest -n 2 --statute-coverage` wrote an empty report over the previous one; now it merges the workers'."""
    pytest.importorskip("xdist")
    breach_project(pytester)
    serial = pytester.runpytest_subprocess("-p", "no:hypothesispytest", "-p", "no:cacheprovider", "-q",
                                           "--statute-coverage", "--statute-coverage-json", "serial.json")
    serial.assert_outcomes(passed=5)
    parallel = pytester.runpytest_subprocess("-p", "no:hypothesispytest", "-p", "no:cacheprovider", "-q",
                                             "-n", "2", "--statute-coverage", "--statute-coverage-json",
                                             "parallel.json")
    parallel.assert_outcomes(passed=5)
    first = json.loads((pytester.path / "serial.json").read_text(encoding="utf-8"))
    second = json.loads((pytester.path / "parallel.json").read_text(encoding="utf-8"))
    assert second["acts"], "the controller's report has the workers' Acts"
    assert second == first
    assert "provisions 5/5 (100%)" in parallel.stdout.str()


# ── Gherkin keywords in another language ──────────────────────────────────────


def test_a_feature_in_french_runs_its_steps(pytester: pytest.Pytester) -> None:
    """`# language: fr` keywords reach statute's steps: a Given the Act does not know fails as one."""
    breach_project(pytester)
    feature(pytester, """\
        # language: fr
        Fonctionnalité: notification
          Contexte:
            Soit the Act "../acts/data_breach.law"
          Scénario: un responsable
            Soit Acme est responsable du traitement
            Alors Acme commits no offence
        """, "features/fr.feature")
    result = run(pytester, "-q", "features/fr.feature")
    result.assert_outcomes(failed=1)
    assert "no phrase of the Act matches 'Acme est responsable du traitement'" in output(result)


# ── colour through pytest's own terminal writer ───────────────────────────────

WRONG = """\
    Feature: A wrong expectation
      Scenario: Notifying is expected to breach
        Given the Act "../acts/data_breach.law"
        And Acme is a data controller
        And Acme becomes aware of a personal data breach
        When Acme notifies the commissioner
        And the hours Acme took to notify the commissioner is 10
        Then Acme has breached notify_breach
    """


@pytest.mark.parametrize("argv, env, coloured", [
    (["--color=yes"], {}, True),
    (["--color=no"], {}, False),
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
])
def test_failure_trees_are_coloured_as_pytest_is_told(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                                      argv: list[str], env: dict[str, str], coloured: bool) -> None:
    breach_project(pytester)
    feature(pytester, WRONG, "features/wrong.feature")
    for name in ("NO_COLOR", "FORCE_COLOR", "PY_COLORS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run(pytester, "-q", "features/wrong.feature", *argv)
    result.assert_outcomes(failed=1)
    text = output(result)
    assert "✗" in text and "✓" in text
    assert ("\x1b[" in text) is coloured
