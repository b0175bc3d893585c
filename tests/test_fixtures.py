"""Bad statute files, one per diagnostic, each stating what statute must say about it.

Every ``tests/fixtures/errors/*.law`` starts with a header comment::

    # expect: E303 11:14 unknown phrase '{person} is a teachr'
    # hint: did you mean '{person} is a teacher'?

(code, ``line:col`` or ``-`` for none, and a fragment of the message; the hint
line is optional). ``# expect: clean`` means the file must load with no
diagnostic at all. The file is loaded through :func:`statute.loader.load_path`,
exactly as ``statute check`` does, and the first diagnostic with that code must
match. Every code in :data:`statute.diagnostics.CODES` that the parser, the
checks and the obligation-graph lints can produce has a fixture, so none of them can silently lose its
position, its hint or its wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from statute.diagnostics import CODES, Severity, render
from statute.loader import load_path

FIXTURES = Path(__file__).parent / "fixtures" / "errors"
FILES = sorted(FIXTURES.glob("*.law"))

#: Codes no single bad file can produce: they are about paths and folders (tests/test_cli.py
#: covers E001 and E004) or statute's own bugs.
NOT_FROM_A_FILE = {"E001", "E004", "X999"}


@dataclass(frozen=True)
class Expectation:
    code: str | None  # None: the file must be clean
    line: int | None
    column: int | None
    message: str
    hint: str | None


_EXPECT = re.compile(r"#\s*expect:\s*(?:(?P<clean>clean)|(?P<code>[EWX]\d{3})\s+(?:(?P<line>\d+):(?P<col>\d+)|-)"
                     r"\s+(?P<message>.+?))\s*$")
_HINT = re.compile(r"#\s*hint:\s*(?P<hint>.+?)\s*$")


def expectation(path: Path) -> Expectation:
    """Read the header comment (the file may be invalid UTF-8 further on, or start with a BOM)."""
    head = path.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n")[:2]
    lines = [line.decode("utf-8").rstrip("\r") for line in head]
    match = _EXPECT.match(lines[0])
    assert match, f"{path.name}: the first line must be '# expect: …'"
    hint = _HINT.match(lines[1]) if len(lines) > 1 else None
    if match["clean"]:
        return Expectation(None, None, None, "", None)
    return Expectation(match["code"], int(match["line"]) if match["line"] else None,
                       int(match["col"]) if match["col"] else None, match["message"], hint and hint["hint"])


def test_there_are_fixtures():
    assert len(FILES) >= 30


def test_every_code_a_file_can_produce_has_a_fixture():
    covered = {expectation(path).code for path in FILES}
    missing = set(CODES) - NOT_FROM_A_FILE - covered
    assert not missing, f"no fixture for {sorted(missing)}"


def test_syntax_errors_of_several_kinds_are_covered():
    syntax = [path for path in FILES if expectation(path).code == "E100"]
    assert len(syntax) >= 5


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_fixture(path: Path):
    expected = expectation(path)
    loaded = load_path(path)
    shown = "\n".join(render(d) for d in loaded.diagnostics)
    if expected.code is None:
        assert loaded.diagnostics == [], shown
        assert loaded.ok and loaded.act is not None
        return
    matching = [d for d in loaded.diagnostics if d.code == expected.code]
    assert matching, f"no {expected.code} in:\n{shown}"
    found = matching[0]
    assert expected.message in found.message, shown
    assert (found.line, found.column) == (expected.line, expected.column), shown
    assert found.file == str(path)
    if expected.hint is not None:
        assert found.hint and expected.hint in found.hint, shown
    assert found.hint, "every diagnostic tells the drafter what to do"
    if expected.code.startswith("E"):
        assert found.severity is Severity.ERROR
        assert not loaded.ok
    else:
        assert found.severity is Severity.WARNING
    if found.line is not None:
        # the rendered diagnostic shows the source line with a caret under the column
        text = render(found)
        assert f"{path}:{found.line}:{found.column}:" in text
        assert "^" in text
