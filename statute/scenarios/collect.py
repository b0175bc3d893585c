"""Collecting ``.feature`` files as tests, so a drafter's repository needs no Python.

pytest-bdd binds scenarios to test functions through ``scenarios()`` in a Python
module. Here the plugin builds that module itself for each feature file: a plain
module object whose test functions are pytest-bdd's own scenario wrappers, made with
the public :func:`pytest_bdd.scenario` decorator. Nothing is generated as source
text and nothing is ``exec``'d. Test ids are scoped to the feature file:
``features/duty.feature::test_a_teacher_told_by_a_pupil``.
"""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest
from pytest_bdd import scenario
from pytest_bdd.exceptions import GherkinParseError
from pytest_bdd.feature import get_feature


def test_name(scenario_name: str, taken: set[str]) -> str:
    """A Python name for a scenario, unique within its feature file."""
    base = re.sub(r"\W+", "_", scenario_name.casefold()).strip("_") or "scenario"
    name, suffix = f"test_{base}", 1
    while name in taken:
        name, suffix = f"test_{base}_{suffix}", suffix + 1
    taken.add(name)
    return name


#: Gherkin's section keywords (with their colon) and step keywords, in English.
_SECTIONS = ("Feature", "Background", "Scenario", "Scenario Outline", "Scenario Template", "Example", "Examples",
             "Scenarios", "Rule")
_STEPS = ("Given", "When", "Then", "And", "But")
#: Words a step keyword is one letter away from that a description may well begin with.
_ENGLISH = frozenset({"the", "than", "them", "thee", "thin", "they", "thy", "when", "wen", "hen", "then", "went",
                      "want", "whet", "an", "ad", "add", "and", "any", "ant", "aid", "end", "bu", "bus", "buy",
                      "bug", "bun", "bud", "butt", "out", "put", "cut", "nut", "hut", "gut", "give", "gives",
                      "given", "giver", "riven", "liven", "hat", "that"})
#: Words a section keyword is one letter away from that a description line may begin with.
_ENGLISH_SECTIONS = frozenset({"role", "rules", "roles", "rule", "sample", "feature", "features", "scenery",
                               "backgrounds", "exampled"})
#: The tags statute reads as ``@name:value``.
_TAGS = ("act", "divergence")


def _one_edit(word: str, keyword: str) -> bool:
    """Whether ``word`` is ``keyword`` with one letter added, dropped, changed, or two swapped."""
    a, b = word.casefold(), keyword.casefold()
    if a == b:  # the same word in other letters: "@Act:" is not "@act:"
        return word != keyword
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def gherkin_typos(text: str, file: str) -> list[str]:
    """Misspelt Gherkin keywords and statute tags, as ``file:line:col: message`` lines.

    Gherkin reads an unknown word silently: ``Gvien Alice is a teacher`` under a scenario
    becomes part of its description (the fact is dropped, and the scenario fails later for
    another reason), ``Scenaro:`` ends in "no scenarios", ``@acts:enacted`` in "no Act is
    named". A drafter is better served by the line and the word meant.
    """
    problems: list[str] = []
    in_block = False  # after a Background/Scenario line, where step lines are expected
    fence: str | None = None  # inside a doc string (""" or ```), whose lines are text
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith(('"""', "```")):
            fence = stripped[:3]
            continue
        if not stripped or stripped.startswith(("#", "|")):
            continue
        column = len(line) - len(line.lstrip()) + 1
        if stripped.startswith("@"):
            for tag in stripped.split():
                where = f"{file}:{number}:{column + line.lstrip().index(tag)}"
                name = tag[1:].split(":", 1)[0]
                if not name:  # a lone "@" or "@:x": pytest-bdd fails on it with a traceback
                    problems.append(f"{where}: the tag {tag!r} has no name — write @name or @name:value")
                elif ":" in tag and name not in _TAGS:
                    near = next((t for t in _TAGS if _one_edit(name, t)), None)
                    if near is not None:
                        problems.append(f"{where}: the tag {tag!r} is not one statute reads — did you mean "
                                        f"'@{near}:{tag.split(':', 1)[1]}'?")
            continue
        head = re.match(r"([A-Za-z][A-Za-z ]{0,30}?)\s*:", stripped)
        if head is not None:
            word = head.group(1)
            if word in _SECTIONS:
                in_block = word not in ("Feature", "Rule", "Examples", "Scenarios")
                continue
            near = next((k for k in _SECTIONS if _one_edit(word, k)), None)
            if near is not None and word.casefold() not in _ENGLISH_SECTIONS:
                problems.append(f"{file}:{number}:{column}: '{word}:' is not a Gherkin keyword — did you mean "
                                f"'{near}:'?")
                continue
        first = stripped.split()[0]
        if in_block and first not in _STEPS and first.casefold() not in _ENGLISH:
            near = next((k for k in _STEPS if _one_edit(first, k)), None)
            if near is not None:
                problems.append(f"{file}:{number}:{column}: {first!r} is not a step keyword, so Gherkin would "
                                f"read this line as description and drop the step — did you mean {near!r}?")
    return problems


#: A scenario's heading line: its keyword and name (Gherkin's English keywords).
_SCENARIO_LINE = re.compile(r"^\s*(Scenario Outline|Scenario Template|Scenario|Example)\s*:\s*(.*?)\s*$")


def duplicate_scenarios(text: str, file: str) -> list[str]:
    """Scenarios that share a name, as ``file:line`` messages naming both lines.

    pytest-bdd keeps a feature's scenarios by name, so the second of two ``Same name``
    scenarios replaced the first: one test was collected, the other never ran.
    """
    first: dict[str, int] = {}
    problems: list[str] = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if fence is not None:
            fence = None if stripped.startswith(fence) else fence
            continue
        if stripped.startswith(('"""', "```")):
            fence = stripped[:3]
            continue
        heading = _SCENARIO_LINE.match(line)
        if heading is None:
            continue
        name = heading.group(2)
        if name in first:
            problems.append(f"{file}:{number}: this scenario has the name of the one at line {first[name]} "
                            f"({name!r}); pytest-bdd would run only one of them — give each scenario its own name")
        else:
            first[name] = number
    return problems


def _outline_problems(feature: object, file: str) -> list[str]:
    """A Scenario Outline with no Examples rows ran once, with the literal ``<a>`` as a party's name."""
    problems: list[str] = []
    for name, template in getattr(feature, "scenarios", {}).items():
        keyword = str(getattr(template, "keyword", "")).strip()
        if not getattr(template, "templated", False) and keyword not in ("Scenario Outline", "Scenario Template"):
            continue
        rows = sum(len(examples.examples) for examples in template.examples)
        if rows == 0:
            where = f"{file}:{template.line_number}"
            what = "its Examples table has no rows" if template.examples else "it has no Examples table"
            problems.append(f"{where}: the Scenario Outline {name!r} would run with no example: {what} — add an "
                            "Examples: table with a header row and a row per example, or make it a Scenario")
    return problems


def _no_body() -> None:
    """Scenarios are all steps; the test function itself does nothing."""


class FeatureModule(pytest.Module):
    """A ``.feature`` file, collected as a module of one test per scenario."""

    def _getobj(self) -> types.ModuleType:
        path = Path(self.path)
        try:
            text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is accepted, as in .law files
        except (OSError, UnicodeDecodeError) as error:
            raise self.CollectError(f"{self.nodeid}: cannot read the feature file: {error}") from None
        if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
            raise self.CollectError(f"{self.nodeid}: the feature file is empty (it needs a Feature: line and "
                                    "scenarios)")
        problems = gherkin_typos(text, self.nodeid) + duplicate_scenarios(text, self.nodeid)
        if problems:
            raise self.CollectError("\n".join(problems))
        try:
            feature = get_feature(str(path.parent), path.name, encoding="utf-8-sig")
        except GherkinParseError as error:
            raise self.CollectError(f"{self.nodeid}: the feature file cannot be read: {error}") from None
        except Exception as error:  # pytest-bdd's parser fails on some odd input with bare KeyErrors etc.
            raise self.CollectError(f"{self.nodeid}: the feature file cannot be parsed "
                                    f"({type(error).__name__}: {error})") from None
        problems = _outline_problems(feature, self.nodeid)
        if problems:
            raise self.CollectError("\n".join(problems))
        module = types.ModuleType(f"statute_features.{path.stem}")
        module.__file__ = str(path)
        taken: set[str] = set()
        for name in feature.scenarios:
            wrapper = scenario(path.name, name, encoding="utf-8-sig", features_base_dir=str(path.parent))(_no_body)
            setattr(module, test_name(name, taken), wrapper)
        if not taken:
            raise self.CollectError(f"{self.nodeid}: the feature file has no scenarios")
        return module


def wants(path: Path, roots: list[Path]) -> bool:
    """Whether a .feature file is one of the roots or lies under one."""
    return path.suffix == ".feature" and any(path == root or root in path.parents for root in roots)
