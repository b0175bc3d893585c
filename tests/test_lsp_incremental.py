"""Re-parsing only the edited provision gives what parsing the whole file gives (statute/lsp/incremental.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from statute.lsp.incremental import reparse
from statute.parser import parse
from statute.source import Source

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "statute" / "acts" / "enacted.law", ROOT / "statute" / "acts" / "announced.law",
         ROOT / "tests" / "acts" / "quiet_hours.law", ROOT / "tests" / "acts" / "data_breach.law"]
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _edits(text: str, line: int, last: int) -> list[str]:
    """Edits inside lines ``line``..``last`` (0-based): a letter in each string, a label changed, a line emptied."""
    lines = text.split("\n")
    out = []
    for number in range(line, last + 1):
        for found in _STRING.finditer(lines[number]):
            edited = lines[:]
            edited[number] = lines[number][:found.start() + 1] + "x" + lines[number][found.start() + 1:]
            out.append("\n".join(edited))
            break
    edited = lines[:]
    edited[line] = re.sub(r"\(([0-9A-Za-z]+)\)", r"(\1z)", lines[line], count=1)
    out.append("\n".join(edited))
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_reparsing_a_provision_is_parsing_the_file(path: Path) -> None:
    file = str(path)
    text = path.read_text(encoding="utf-8")
    old, problems = parse(Source(file, text))
    assert old is not None and not problems
    fast = 0
    for provision in old.provisions:
        last = provision.span.end_line - 2
        for edited in _edits(text, provision.span.line - 1, max(provision.span.line - 1, last)):
            whole, problems = parse(Source(file, edited))
            quick = reparse(file, text, old, edited)
            if quick is None:
                continue
            fast += 1
            assert not problems, (provision.id, problems)
            assert quick == whole, provision.id
    assert fast >= len(old.provisions)  # the fast path is the usual one


def test_an_edit_outside_a_provision_or_across_lines_is_parsed_whole() -> None:
    path = ROOT / "tests" / "acts" / "quiet_hours.law"
    file, text = str(path), path.read_text(encoding="utf-8")
    old, _ = parse(Source(file, text))
    assert old is not None
    assert reparse(file, text, old, text.replace('citation "toy', 'citation "a toy')) is None  # the act header
    assert reparse(file, text, old, text.replace("    duty sound_alarm", "\n    duty sound_alarm")) is None
    assert reparse(file, text, old, text) is old


def test_a_masked_parse_that_finds_a_problem_falls_back() -> None:
    path = ROOT / "tests" / "acts" / "quiet_hours.law"
    file, text = str(path), path.read_text(encoding="utf-8")
    old, _ = parse(Source(file, text))
    assert old is not None
    broken = text.replace('must not "{p} plays music after midnight"', 'must not "{p} plays music after midnight',
                          1)
    assert reparse(file, text, old, broken) is None
