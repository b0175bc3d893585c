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


def _no_body() -> None:
    """Scenarios are all steps; the test function itself does nothing."""


class FeatureModule(pytest.Module):
    """A ``.feature`` file, collected as a module of one test per scenario."""

    def _getobj(self) -> types.ModuleType:
        path = Path(self.path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise self.CollectError(f"{self.nodeid}: cannot read the feature file: {error}") from None
        if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
            raise self.CollectError(f"{self.nodeid}: the feature file is empty (it needs a Feature: line and "
                                    "scenarios)")
        try:
            feature = get_feature(str(path.parent), path.name)
        except GherkinParseError as error:
            raise self.CollectError(f"{self.nodeid}: the feature file cannot be read: {error}") from None
        except Exception as error:  # pytest-bdd's parser fails on some odd input with bare KeyErrors etc.
            raise self.CollectError(f"{self.nodeid}: the feature file cannot be parsed "
                                    f"({type(error).__name__}: {error})") from None
        module = types.ModuleType(f"statute_features.{path.stem}")
        module.__file__ = str(path)
        taken: set[str] = set()
        for name in feature.scenarios:
            wrapper = scenario(path.name, name, features_base_dir=str(path.parent))(_no_body)
            setattr(module, test_name(name, taken), wrapper)
        if not taken:
            raise self.CollectError(f"{self.nodeid}: the feature file has no scenarios")
        return module


def wants(path: Path, roots: list[Path]) -> bool:
    """Whether a .feature file is one of the roots or lies under one."""
    return path.suffix == ".feature" and any(path == root or root in path.parents for root in roots)
