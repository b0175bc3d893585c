"""The brevity budget: a failed Then leads with its decisive fact and stays short.

Every scenario of the corpus in tests/wrong_thens/ is a plausible mistake (an age under the
threshold, the wrong party, a forgotten fact) with the fact that decides it written above it as
``# decisive: TEXT``. Each must fail; its default failure text must be at most 25 lines and
name the decisive fact within its first 10. ``--statute-full`` keeps every branch.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from statute.scenarios.state import FAILURE_LINES

pytest_plugins = ["pytester"]

CORPUS = Path(__file__).parent / "wrong_thens"
FIRST_LINES = 10
_DECISIVE = re.compile(r"^\s*# decisive: (?P<fact>.+?)\s*\n\s*Scenario(?: Outline)?: (?P<name>.+?)\s*$", re.MULTILINE)


def corpus() -> list[tuple[str, str, str]]:
    """(feature file, scenario name, decisive fact) for every scenario of the corpus."""
    found = []
    for path in sorted(CORPUS.glob("*.feature")):
        text = path.read_text(encoding="utf-8")
        entries = _DECISIVE.findall(text)
        assert len(entries) == text.count("Scenario:"), f"{path.name}: every scenario needs a '# decisive:' line"
        found += [(path.name, name, fact) for fact, name in entries]
    return found


def failures(output: str) -> dict[str, list[str]]:
    """The text of each failure in pytest's output, by the scenario's line of its failing step."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in output.splitlines():
        header = re.match(r"^_+ (test_\S+) _+$", line)
        if header:
            current = blocks.setdefault(header.group(1), [])
        elif line.startswith("=") and current is not None:
            current = None
        elif current is not None:
            current.append(line)
    return blocks


@pytest.fixture(scope="module")
def corpus_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    import subprocess
    import sys

    where = tmp_path_factory.mktemp("wrong_thens")
    for path in CORPUS.glob("*.feature"):
        shutil.copy(path, where / path.name)
    (where / "pytest.ini").write_text("[pytest]\nstatute_features = .\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                           str(where)], cwd=where, capture_output=True, text=True, timeout=600)
    assert "passed" not in done.stdout.splitlines()[-1], "a scenario of the corpus passed: it must be wrong"
    return failures(done.stdout)


def _test_name(name: str) -> str:
    return "test_" + re.sub(r"\W+", "_", name.lower()).strip("_")


@pytest.mark.parametrize(("feature", "scenario", "fact"), corpus(), ids=[c[1] for c in corpus()])
def test_a_wrong_then_names_its_decisive_fact_first_and_briefly(corpus_output, feature, scenario, fact) -> None:
    text = corpus_output.get(_test_name(scenario))
    assert text is not None, f"{scenario!r} did not fail: {sorted(corpus_output)}"
    while text and not text[-1].strip():
        text = text[:-1]
    assert len(text) <= FAILURE_LINES, "\n".join(text)
    head = "\n".join(text[:FIRST_LINES])
    assert fact in head, f"the decisive fact {fact!r} is not in the first {FIRST_LINES} lines:\n" + "\n".join(text)
    assert "Traceback" not in "\n".join(text)


def test_the_corpus_covers_both_bundled_acts_and_the_then_forms() -> None:
    texts = "\n".join(p.read_text(encoding="utf-8") for p in CORPUS.glob("*.feature"))
    assert "@act:announced" in texts and "@act:enacted" in texts
    for form in ("is under", "is not under", "has complied with", "is excused from", "commits no offence",
                 "may rely on", "faces", "is aggravated by", "does not commit"):
        assert re.search(rf"Then .*\b{form}\b", texts), form
    assert len(corpus()) >= 15


def test_the_readme_tour_shows_the_real_short_output(capsys) -> None:
    from statute.cli import main

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    command = "statute explain --act enacted examples/cases/volunteer_aged_17.case --why-not duty_to_notify --party Vic"
    block = readme.split("$ .venv/bin/" + command + "\n")[1].split("```")[0].strip()
    root = Path(__file__).parent.parent
    import os

    here = os.getcwd()
    os.chdir(root)
    try:
        assert main(command.split()[1:]) == 0
    finally:
        os.chdir(here)
    assert capsys.readouterr().out.strip() == block
