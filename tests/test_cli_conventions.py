"""CLI conventions a user expects of a mature tool: suggestions for a misspelt command, outputs that
say what they are, documents that the installed package can show.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from statute.cli import main
from statute.docs import TOPICS, topic_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ── a misspelt command or choice ──────────────────────────────────────────────


@pytest.mark.parametrize("argv, meant", [
    (["chek"], "did you mean `statute check`?"),
    (["expalin"], "did you mean `statute explain`?"),
    (["query", "enacted", "dutes"], "did you mean 'duties'?"),
    (["graph", "enacted", "--format", "dto"], "did you mean 'dot'?"),
])
def test_a_misspelt_command_or_choice_gets_the_one_meant(capsys, argv, meant):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert f"hint: {meant}" in err


# ── graph outputs are never mislabelled ───────────────────────────────────────


@pytest.mark.parametrize("name, fmt, complaint", [
    ("g.json", "dot", "says json by its suffix but --format is dot"),
    ("g.mmd", "graphml", "says mermaid by its suffix but --format is graphml"),
    ("g.txt", None, "cannot tell the format from the suffix '.txt'"),
    ("g.svg", "mermaid", "is drawn from the DOT export, not from mermaid"),
])
def test_a_suffix_that_disagrees_is_refused_and_nothing_is_written(capsys, tmp_path, name, fmt, complaint):
    target = tmp_path / name
    code, _, err = run(capsys, "graph", "enacted", "-o", str(target), *(["--format", fmt] if fmt else []))
    assert code == 2
    assert complaint in err
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_suffix_that_names_the_format_chooses_it(capsys, tmp_path):
    target = tmp_path / "g.graphml"
    code, _, err = run(capsys, "graph", "enacted", "-o", str(target))
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("<?xml")
    assert "(graphml," in err


def test_an_unknown_suffix_is_fine_with_an_explicit_format(capsys, tmp_path):
    target = tmp_path / "g.txt"
    code, _, err = run(capsys, "graph", "enacted", "-o", str(target), "--format", "mermaid")
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith(("flowchart", "graph", "%%"))


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG\r\n\x1a\n"), (".svg", b"<?xml"),
                                           (".pdf", b"%PDF")])
def test_a_picture_is_drawn_by_graphviz(capsys, tmp_path, suffix, magic):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (.ci/run installs it)")
    target = tmp_path / f"g{suffix}"
    code, _, err = run(capsys, "graph", "enacted", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(magic)
    assert "drawn by Graphviz" in err


def test_a_picture_without_graphviz_is_refused_before_any_work(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    target = tmp_path / "g.png"
    code, _, err = run(capsys, "graph", "does-not-exist", "-o", str(target))
    assert code == 2
    assert "needs Graphviz's `dot`" in err and "no such file" not in err  # refused before loading the Act
    assert not target.exists()


# ── documents the installed package has ──────────────────────────────────────


def test_every_topic_has_its_document():
    for topic in TOPICS:
        path = topic_path(topic)
        assert path is not None and path.is_file(), topic


def test_statute_docs_prints_a_topic_and_suggests_for_a_misspelt_one(capsys):
    code, out, _ = run(capsys, "docs", "drafters")
    assert code == 0 and out.startswith("#")
    code, _, err = run(capsys, "docs", "drafter")
    assert code == 2 and "did you mean 'drafters'?" in err


def test_hints_cite_topics_not_checkout_paths():
    """A hint that says 'see docs/x.md' points at nothing once the wheel is installed."""
    package = Path(__file__).resolve().parent.parent / "statute"
    offenders = []
    for path in package.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if ("docs/" in code or "grammar/README" in code) and ('"' in code or "'" in code) \
                    and "hint" in code.casefold():
                offenders.append(f"{path.relative_to(package)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# ── parse and coverage take --json like every other command ───────────────────


def test_parse_json_is_the_model_with_its_diagnostics(capsys):
    import json

    code, out, _ = run(capsys, "parse", "tests/acts/quiet_hours.law", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "statute.parse/1" and data["diagnostics"] == []
    assert data["fragment"]["node"] == "Fragment"
    assert data["fragment"]["header"]["title"] == "Quiet Hours Act (toy)"


def test_parse_json_of_a_broken_file_carries_the_diagnostic(capsys, tmp_path):
    import json

    bad = tmp_path / "bad.law"
    bad.write_text('act "x":\n  nonsense here\n', encoding="utf-8")
    code, out, _ = run(capsys, "parse", str(bad), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["diagnostics"][0]["code"] == "E200" and data["diagnostics"][0]["line"] == 2
    bad.write_text('act "x"\n', encoding="utf-8")  # no colon: nothing to build
    code, out, _ = run(capsys, "parse", str(bad), "--json")
    data = json.loads(out)
    assert code == 1 and data["fragment"] is None and data["diagnostics"][0]["code"] == "E100"


def test_parse_text_shows_spans_as_places(capsys):
    code, out, _ = run(capsys, "parse", "tests/acts/quiet_hours.law")
    assert code == 0
    assert "  span: tests/acts/quiet_hours.law:5:1" in out


def test_coverage_json_prints_the_report_alone(tmp_path):
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "statute", "coverage", "features/toy", "--json",
                           "-o", str(tmp_path / "c.json")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)  # nothing but the JSON on stdout
    assert report["schema"] == "statute.coverage/1"
    assert report == json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert "passed" in done.stderr  # pytest's own lines went to stderr


# ── shell completion ──────────────────────────────────────────────────────────


def test_completion_scripts_are_generated_for_each_shell(capsys):
    for shell in ("bash", "zsh", "tcsh"):
        code, out, _ = run(capsys, "completion", shell)
        assert code == 0 and "statute" in out and "explain" in out, shell


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_bash_script_completes_commands_and_options(capsys, tmp_path):
    import subprocess

    code, script, _ = run(capsys, "completion", "bash")
    assert code == 0
    (tmp_path / "statute.bash").write_text(script, encoding="utf-8")
    probe = ('source statute.bash; COMP_WORDS=(statute ch); COMP_CWORD=1; _shtab_statute statute ch statute; '
             'echo "${COMPREPLY[@]}"; COMP_WORDS=(statute graph enacted --fo); COMP_CWORD=3; '
             '_shtab_statute statute --fo enacted; echo "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=30)
    assert done.stdout.splitlines() == ["check", "--format"], done.stderr
