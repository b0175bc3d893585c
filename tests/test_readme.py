"""The README's Python example runs and says what the README says."""

from __future__ import annotations

import re
from pathlib import Path

pytest_plugins = ["pytester"]

README = Path(__file__).parent.parent / "README.md"


def test_python_example_runs(capsys):
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert block is not None
    namespace: dict[str, object] = {}
    # exec is safe here: the text is our own README, never user input
    exec(compile(block.group(1), "README.md", "exec"), namespace)
    assert namespace["assessment"].is_under("duty_to_notify", "Vic") is False
    out = capsys.readouterr().out
    assert "the age of Vic is 17" in out
    assert "did you mean 'the duty to notify suspected child sex offences' (duty_to_notify)?" in out


def test_readme_names_the_test_command_ci_runs():
    text = README.read_text(encoding="utf-8")
    assert "make test" in text and "make run" in text
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_drafters_example_passes(pytester):
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```gherkin\n(.*?)```", text, re.DOTALL)
    assert block is not None
    pytester.makefile(".feature", **{"features/readme": block.group(1)})
    result = pytester.runpytest("features", "-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
