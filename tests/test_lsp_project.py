"""Which files form an Act in the editor, and checking them from unsaved texts (statute/lsp/project.py, law.py)."""

from __future__ import annotations

from pathlib import Path

from statute.lsp import law
from statute.lsp.project import Project

HEADER = 'act "Book":\n    source "test"\n\nterms:\n    "{p} is a driver"\n'
MEMBER = ('section 1 "Driving":\n    duty drive_carefully (1):\n        holder {p}\n'
          '        when "{p} is a driver"\n        must "{p} drives carefully"\n')
OTHER_TERMS = 'terms:\n    "{p} drives carefully"\n'


def _book(tmp_path: Path) -> Path:
    book = tmp_path / "book"
    (book / "part1").mkdir(parents=True)
    (book / "header.law").write_text(HEADER, encoding="utf-8")
    (book / "part1" / "driving.law").write_text(MEMBER, encoding="utf-8")
    (book / "terms.law").write_text(OTHER_TERMS, encoding="utf-8")
    return book


def test_a_file_without_a_header_belongs_to_the_folder_with_one(tmp_path: Path) -> None:
    book = _book(tmp_path)
    project = Project(tmp_path)
    member = str((book / "part1" / "driving.law").resolve())
    files = project.act_files(member)
    assert set(files) == {str(p.resolve()) for p in book.rglob("*.law")}
    assert project.act_files(str((book / "header.law").resolve())) == files


def test_files_with_their_own_headers_side_by_side_are_acts_by_themselves(tmp_path: Path) -> None:
    folder = tmp_path / "acts"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.law").write_text(HEADER.replace("Book", name) + MEMBER.replace(
            '"{p} drives carefully"', '"{p} is a driver"'), encoding="utf-8")
    project = Project(tmp_path)
    path = str((folder / "a.law").resolve())
    assert project.act_files(path) == (path,)


def test_an_unsaved_edit_in_one_file_is_reported_in_that_file(tmp_path: Path) -> None:
    book = _book(tmp_path)
    project = Project(tmp_path)
    member = str((book / "part1" / "driving.law").resolve())
    def errors(found):
        return {file: [p.code for p in problems if p.severity == "error"] for file, problems in found.items()}

    assert all(not codes for codes in errors(law.problems(project, member)).values())
    project.change(member, MEMBER.replace('"{p} is a driver"', '"{p} is a drivr"'))
    found = law.problems(project, member)
    assert errors(found)[member] == ["E303"]
    assert found[member][0].fixes[0][1].text == '"{p} is a driver"'
    assert all(not codes for file, codes in errors(found).items() if file != member)
    # the file on disk is untouched: the editor's text is what was checked
    assert (book / "part1" / "driving.law").read_text(encoding="utf-8") == MEMBER


def test_rename_reaches_every_file_of_the_act(tmp_path: Path) -> None:
    book = _book(tmp_path)
    (book / "enforce.law").write_text('section 2 "Enforcement":\n    consequence fine (1):\n        faced by {p}\n'
                                      "        when {p} breaches drive_carefully\n", encoding="utf-8")
    project = Project(tmp_path)
    member = str((book / "part1" / "driving.law").resolve())
    edits = law.rename(project, member, 1, len("    duty drive"), "drive_safely")
    assert isinstance(edits, dict)
    assert {Path(f).name for f in edits} == {"driving.law", "enforce.law"}
    assert all(e.text == "drive_safely" for found in edits.values() for e in found)
    assert law.rename(project, member, 1, len("    duty drive"), "2bad").startswith("'2bad' is not an id")
