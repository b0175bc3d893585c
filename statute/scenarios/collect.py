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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from gherkin.dialect import DIALECTS  # gherkin-official: the parser pytest-bdd reads features with
from pytest_bdd import scenario
from pytest_bdd.exceptions import GherkinParseError
from pytest_bdd.feature import get_feature

from statute.diagnostics import closest


def test_name(scenario_name: str, taken: set[str]) -> str:
    """A Python name for a scenario, unique within its feature file."""
    base = re.sub(r"\W+", "_", scenario_name.casefold()).strip("_") or "scenario"
    name, suffix = f"test_{base}", 1
    while name in taken:
        name, suffix = f"test_{base}_{suffix}", suffix + 1
    taken.add(name)
    return name


@dataclass(frozen=True)
class Keywords:
    """One Gherkin dialect's keywords, from the official dialect data (``gherkin-languages.json``,
    shipped by gherkin-official, the parser pytest-bdd reads feature files with)."""

    language: str
    sections: tuple[str, ...]  # written with a colon: Feature, Scenario, Examples …
    opening: frozenset[str]  # sections after which step lines are expected: Background, Scenario …
    steps: tuple[str, ...]  # Given, When … as written before the step text (some end in an apostrophe)

    def starts_step(self, line: str) -> bool:
        return any(line.startswith(k) for k in self.steps)


@cache
def keywords(language: str = "en") -> Keywords | None:
    """The keywords of a ``# language:`` (None for a language Gherkin does not have)."""
    spec = DIALECTS.get(language)
    if spec is None:
        return None
    opening = frozenset(spec["background"] + spec["scenario"] + spec["scenarioOutline"])
    sections = tuple(dict.fromkeys(spec["feature"] + spec["rule"] + spec["background"] + spec["scenario"]
                                   + spec["scenarioOutline"] + spec["examples"]))
    steps = tuple(dict.fromkeys(k for kind in ("given", "when", "then", "and", "but") for k in spec[kind]))
    return Keywords(language, sections, opening, steps)


_LANGUAGE = re.compile(r"^\s*#\s*language\s*:\s*(\S+)\s*$")


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

    Keywords are those of the file's ``# language:`` (English without one), from Gherkin's
    own dialect data; the allowances for description lines that begin with a near-keyword
    ("Then" / "The") are English, so in other languages only keywords of four letters or
    more are checked for one-letter slips.

    Gherkin reads an unknown word silently: ``Gvien Alice is a teacher`` under a scenario
    becomes part of its description (the fact is dropped, and the scenario fails later for
    another reason), ``Scenaro:`` ends in "no scenarios", ``@acts:enacted`` in "no Act is
    named". A drafter is better served by the line and the word meant.
    """
    problems: list[str] = []
    dialect = keywords("en")
    assert dialect is not None
    for number, line in enumerate(text.splitlines()[:50], 1):  # a # language: line comes before Feature:
        found = _LANGUAGE.match(line)
        if found:
            chosen = keywords(found.group(1))
            if chosen is None:
                languages = closest(found.group(1), DIALECTS, n=1)
                problems.append(f"{file}:{number}:1: Gherkin has no language {found.group(1)!r}"
                                + (f" — did you mean {languages[0]!r}?" if languages else ""))
                return problems
            dialect = chosen
            break
        if line.strip() and not line.lstrip().startswith("#"):
            break
    english = dialect.language == "en"  # the description words below are English ones
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
        head = re.match(r"([^\W\d_][\w '’-]{0,40}?)\s*:", stripped)
        if head is not None:
            word = head.group(1)
            if word in dialect.sections:
                in_block = word in dialect.opening
                continue
            near = next((k for k in dialect.sections if _one_edit(word, k)), None)
            if near is not None and not (english and word.casefold() in _ENGLISH_SECTIONS):
                problems.append(f"{file}:{number}:{column}: '{word}:' is not a Gherkin keyword — did you mean "
                                f"'{near}:'?")
                continue
        first = stripped.split()[0]
        if in_block and not dialect.starts_step(stripped) and not (english and first.casefold() in _ENGLISH):
            words = [k.strip() for k in dialect.steps if k.strip() not in ("*", "")]
            near = next((k for k in words if (english or len(k) >= 4) and _one_edit(first, k)), None)
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
