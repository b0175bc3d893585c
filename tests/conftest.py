"""Shared fixtures: paths to test Acts and a helper to load statute text."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from statute.loader import load_sources
from statute.source import Source

TESTS = Path(__file__).parent
ACTS = TESTS / "acts"
#: The corpus of deliberately wrong Thens fails on purpose: tests/test_brevity.py runs it in a sandbox.
collect_ignore = ["wrong_thens"]


@pytest.fixture
def toy_act_path() -> Path:
    return ACTS / "data_breach.law"


def check_text(text: str, file: str = "test.law"):
    """Load statute text from a string; returns the Loaded result (act + diagnostics)."""
    return load_sources([Source(file, text)], file)


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers here, so --strict-markers knows them without editing pyproject.toml."""
    config.addinivalue_line("markers", "packaging: builds and installs the wheel (about 15 s; -m 'not packaging' "
                                       "skips it)")


def dot_unescape(text: str) -> str:
    """A DOT quoted string's text: backslash escapes undone, then HTML entities (the exports use both)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append("\n" if text[i + 1] == "n" else text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return html.unescape("".join(out))
