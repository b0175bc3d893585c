"""Nothing is overwritten by surprise: no command writes over its input, and output files are whole or absent.

Every writer goes through :func:`statute.files.write_atomic` (a temporary file beside the target,
then a rename). These tests point each writer at the places a slip of the keyboard would: the Act
itself, its folder, a scenario, the package's Acts, a file where a folder is wanted — and interrupt
a write half-way.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from statute.cli import main
from statute.files import output_problem, write_atomic
from statute.loader import bundled_dir

pytest_plugins = ["pytester"]

TESTS = Path(__file__).parent
TOY = (TESTS / "acts" / "data_breach.law").read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def act(tmp_path: Path) -> Path:
    folder = tmp_path / "act"
    folder.mkdir()
    (folder / "data_breach.law").write_text(TOY, encoding="utf-8")
    (folder / "breach.feature").write_text("Feature: x\n", encoding="utf-8")
    (folder / "acme.case").write_text("Acme is a data controller\n", encoding="utf-8")
    return folder


# ── write_atomic and output_problem ──────────────────────────────────────────


@pytest.mark.parametrize("name", ["x.law", "x.LAW", "x.feature", "x.case", "x.lark"])
def test_input_suffixes_are_refused(tmp_path, name):
    target = tmp_path / name
    target.write_text("original", encoding="utf-8")
    with pytest.raises(ValueError, match="refusing"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "original"


@pytest.mark.parametrize("relative", ["grammar/statute.lark", "grammar/graph.dot", "statute/graph.dot",
                                      "statute/acts/graph.json"])
def test_statutes_own_files_are_refused(relative, capsys, tmp_path, monkeypatch):
    """`statute graph enacted -o grammar/statute.lark` once replaced the grammar: every command then failed.

    Played out on a copy of the two folders, so a regression cannot damage the checkout."""
    import statute.files

    for folder in ("statute/acts", "grammar"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "grammar" / "statute.lark").write_text("the grammar", encoding="utf-8")
    monkeypatch.setattr(statute.files, "_OWN_FOLDERS", (tmp_path / "statute", tmp_path / "grammar"))
    target = tmp_path / relative
    before = target.read_bytes() if target.exists() else None
    assert main(["graph", "enacted", "--format", "dot", "-o", str(target)]) == 2
    assert "refusing" in capsys.readouterr().err
    assert (target.read_bytes() if target.exists() else None) == before


def test_the_real_package_and_grammar_folders_are_the_ones_refused():
    from statute.files import output_problem

    root = Path(__file__).resolve().parent.parent
    assert "statute's own files" in (output_problem(root / "statute" / "x.dot") or "")
    assert "statute's own files" in (output_problem(root / "grammar" / "x.dot") or "")


def test_a_link_to_an_act_is_refused(act, tmp_path):
    link = tmp_path / "graph.dot"
    link.symlink_to(act / "data_breach.law")
    assert "link to" in (output_problem(link) or "")
    assert main(["graph", str(act), "-o", str(link)]) == 2
    assert (act / "data_breach.law").read_text(encoding="utf-8") == TOY


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "graph.dot"
    target.write_text("old graph", encoding="utf-8")

    def fail(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new graph " * 10_000)
    assert target.read_text(encoding="utf-8") == "old graph"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.dot"]


def test_a_write_that_fails_for_lack_of_space_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.dot"
    target.write_text("old graph", encoding="utf-8")
    real_fsync = os.fsync

    def full(fd: int) -> None:
        real_fsync(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        write_atomic(target, "new graph")
    assert target.read_text(encoding="utf-8") == "old graph"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.dot"]


# ── statute graph -o ─────────────────────────────────────────────────────────


@pytest.mark.parametrize("where", ["the act's folder", "the act file", "a feature", "a case", "another law"])
def test_graph_never_writes_over_an_input(act, capsys, where):
    target = {"the act's folder": act, "the act file": act / "data_breach.law", "a feature": act / "breach.feature",
              "a case": act / "acme.case", "another law": act / "new.law"}[where]
    before = snapshot(act)
    assert main(["graph", str(act / "data_breach.law"), "--format", "json", "-o", str(target)]) == 2
    assert snapshot(act) == before
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err


def test_graph_into_a_missing_folder_or_a_read_only_one_exits_2(act, tmp_path, capsys):
    assert main(["graph", str(act), "-o", str(tmp_path / "missing" / "g.dot")]) == 2
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # running as root: permissions do not stop us
            pytest.skip("the file system lets this user write anywhere")
        assert main(["graph", str(act), "-o", str(locked / "g.dot")]) == 2
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
    assert "Traceback" not in capsys.readouterr().err


# ── statute run --out ────────────────────────────────────────────────────────


def test_run_refuses_an_out_that_is_a_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "report.txt"
    target.write_text("keep me", encoding="utf-8")
    assert main(["run", "--out", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "keep me"
    err = capsys.readouterr().err
    assert "is a file" in err and "internal error" not in err


@pytest.mark.parametrize("inside", ["", "graph", "sub/folder"])
def test_run_refuses_the_package_acts_folder(capsys, inside):
    before = snapshot(bundled_dir())
    assert main(["run", "--out", str(bundled_dir() / inside)]) == 2
    assert snapshot(bundled_dir()) == before
    assert not (bundled_dir() / "graph").exists()
    assert "bundled Acts" in capsys.readouterr().err


def test_run_refuses_the_features_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "features").mkdir()
    assert main(["run", "--out", "features/reports"]) == 2
    assert list((tmp_path / "features").iterdir()) == []
    assert "scenarios" in capsys.readouterr().err


def test_run_that_cannot_write_exits_2_with_a_message(tmp_path, capsys, monkeypatch):
    """A folder that cannot be created ended in a traceback (exit 3)."""
    monkeypatch.chdir(tmp_path)
    blocker = tmp_path / "out"
    blocker.mkdir()
    (blocker / "graph").write_text("a file where the graph folder goes", encoding="utf-8")
    code = main(["run", "--out", str(blocker)])
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert "cannot write" in err and "internal error" not in err
    assert (blocker / "graph").read_text(encoding="utf-8") == "a file where the graph folder goes"


# ── statute coverage --json and the plugin's report ──────────────────────────


@pytest.mark.parametrize("name", ["acts/data_breach.law", "features/breach.feature", "features"])
def test_coverage_command_refuses_an_input_before_running(tmp_path, capsys, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acts").mkdir()
    (tmp_path / "acts" / "data_breach.law").write_text(TOY, encoding="utf-8")
    (tmp_path / "features").mkdir()
    (tmp_path / "features" / "breach.feature").write_text("Feature: x\n", encoding="utf-8")
    before = snapshot(tmp_path)
    assert main(["coverage", "features", "--output", name]) == 2
    assert snapshot(tmp_path) == before
    err = capsys.readouterr().err
    assert "--output" in err and "Traceback" not in err


FEATURE = """\
    Feature: Breach
      Scenario: Not notifying breaches the duty
        Given the Act "../acts/data_breach.law"
        And Acme is a data controller
        And Acme becomes aware of a personal data breach
        Then Acme has breached notify_breach
    """


def _project(pytester: pytest.Pytester) -> Path:
    (pytester.path / "acts").mkdir()
    shutil.copy(TESTS / "acts" / "data_breach.law", pytester.path / "acts" / "data_breach.law")
    path = pytester.path / "features" / "breach.feature"
    path.parent.mkdir()
    path.write_text(textwrap.dedent(FEATURE), encoding="utf-8")
    return path


@pytest.mark.parametrize("target", ["features/breach.feature", "acts/data_breach.law", "features"])
def test_the_plugin_never_writes_its_report_over_an_input(pytester: pytest.Pytester, target):
    _project(pytester)
    before = snapshot(pytester.path)
    result = pytester.runpytest("-p", "no:hypothesispytest", "--statute-coverage", "--statute-coverage-json", target)
    after = snapshot(pytester.path)
    assert {name: after.get(name) for name in before} == before
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    # refused before any test runs, and no "JSON report:" line claims otherwise
    result.stderr.fnmatch_lines(["ERROR: --statute-coverage-json: *"])
    assert "passed" not in result.stdout.str() and "JSON report:" not in result.stdout.str()
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


def test_the_plugin_report_is_written_whole(pytester: pytest.Pytester, monkeypatch):
    _project(pytester)
    result = pytester.runpytest("-p", "no:hypothesispytest", "--statute-coverage", "--statute-coverage-json",
                                "out/deep/cov.json")
    assert result.ret == 0
    written = pytester.path / "out" / "deep" / "cov.json"
    assert json.loads(written.read_text(encoding="utf-8"))["schema"] == "statute.coverage/1"
    assert [p.name for p in written.parent.iterdir()] == ["cov.json"]  # no temporary left beside it
