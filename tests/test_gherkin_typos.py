"""Misspelt Gherkin keywords and statute tags are collection errors naming the line and the word meant.

Without this, Gherkin reads ``Gvien Alice is a teacher`` under a scenario as description: the
fact vanishes and the scenario fails later for a reason that hides the typo.
"""

from __future__ import annotations

import textwrap

import pytest

from statute.scenarios.collect import gherkin_typos


def typos(text: str) -> list[str]:
    return gherkin_typos(textwrap.dedent(text).lstrip("\n"), "t.feature")


@pytest.mark.parametrize(("line", "expected"), [
    ("    Gvien Alice is a teacher", "t.feature:4:5: 'Gvien' is not a step keyword"),
    ("    Thne Alice is under no duty", "did you mean 'Then'?"),
    ("    Adn Alice works in England", "did you mean 'And'?"),
    ("    Whne Bella tells Alice about a child sex offence", "did you mean 'When'?"),
])
def test_a_misspelt_step_keyword(line, expected):
    text = "\n".join(["@act:enacted", "Feature: f", "  Scenario: s", line, "    Then Alice is under no duty"])
    found = gherkin_typos(text, "t.feature")
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize(("word", "meant"), [("Scenaro", "Scenario"), ("Backgroud", "Background"),
                                             ("Exmples", "Examples"), ("Featur", "Feature")])
def test_a_misspelt_section_keyword(word, meant):
    found = typos(f"""
        @act:enacted
        Feature: f
          {word}: s
            Given Alice is a teacher
        """)
    assert found and f"'{word}:' is not a Gherkin keyword — did you mean '{meant}:'?" in found[0]


@pytest.mark.parametrize(("tag", "meant"), [("@acts:enacted", "@act:enacted"), ("@divergance:enacted",
                                                                               "@divergence:enacted")])
def test_a_misspelt_statute_tag(tag, meant):
    found = typos(f"""
        {tag}
        Feature: f
          Scenario: s
            Given Alice is a teacher
        """)
    assert found == [f"t.feature:1:1: the tag {tag!r} is not one statute reads — did you mean '{meant}'?"]


def test_descriptions_and_tables_are_left_alone():
    assert typos("""
        @act:enacted @intent @slow
        Feature: Descriptions may say anything
          The duty binds teachers. Then again, not in Wales.
          Give or take a week, the delay is seven days.

          Background:
            Given the Act "enacted"

          Scenario Outline: roles
            The role decides.
            Given Alice <role>
            Then Alice is under the duty to notify

            Examples:
              | role         |
              | is a teacher |
        """) == []


def test_the_bundled_features_have_no_typos():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "features"
    for path in sorted(root.rglob("*.feature")):
        assert gherkin_typos(path.read_text(encoding="utf-8"), str(path)) == []


def test_doc_strings_and_common_description_words_are_left_alone():
    assert typos('''
        @act:enacted
        Feature: f
          They say so. Any day now. Out of scope. Put simply. End of story.
          Role: the drafter
          Rules: a few

          Scenario: s
            They are here
            Given Alice is a teacher
            """
            Gvien inside a doc string is text
            """
            Then Alice is under no duty
        ''') == []


@pytest.mark.parametrize(("line", "expected"), [
    ("@Act:enacted", "did you mean '@act:enacted'?"),
    ("@", "the tag '@' has no name"),
    ("@:enacted", "the tag '@:enacted' has no name"),
])
def test_tags_with_no_name_or_the_wrong_case(line, expected):
    found = gherkin_typos(f"{line}\nFeature: f\n  Scenario: s\n    Given Alice is a teacher\n", "t.feature")
    assert len(found) == 1 and expected in found[0], found


# ── keywords in any language Gherkin has, from its own dialect data ───────────

FRENCH = """
    # language: fr
    @act:enacted
    Fonctionnalité: le devoir de notifier
      Scénario: une enseignante
        Soit Alice is a teacher
        Et Alice works in England
        Alors Alice commits no offence
    """


def test_a_feature_in_french_has_no_typos():
    assert typos(FRENCH) == []


@pytest.mark.parametrize(("wrong", "right", "expected"), [
    ("Scénario:", "Scénaroi:", "'Scénaroi:' is not a Gherkin keyword — did you mean 'Scénario:'?"),
    ("Soit Alice", "Siot Alice", "'Siot' is not a step keyword"),
    ("Alors Alice", "Alosr Alice", "did you mean 'Alors'?"),
])
def test_a_misspelt_french_keyword(wrong, right, expected):
    found = typos(FRENCH.replace(wrong, right))
    assert len(found) == 1 and expected in found[0], found


def test_an_unknown_language_is_named_with_the_one_meant():
    found = typos(FRENCH.replace("# language: fr", "# language: frr"))
    assert found == ["t.feature:1:1: Gherkin has no language 'frr' — did you mean 'fr'?"]


def test_english_keywords_come_from_the_dialect_data_too():
    """'Ability:' and 'Business Need:' are English Feature keywords; '*' is a step keyword."""
    assert typos("""
        @act:enacted
        Ability: notifying
          Scenario: s
            * Alice is a teacher
            Then Alice commits no offence
        """) == []
