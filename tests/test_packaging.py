"""The wheel carries the grammar and works when installed; a checkout reads the top-level grammar.

The grammar lives at the top level (``grammar/``) for the people who edit it and
is force-included into the wheel as ``statute/grammar/``. Two ways that can
break without any other test noticing: the wheel ships without the ``.lark``
file (it then fails only once installed), or an editable install reads a stale
copy instead of the file being edited. Both are checked here.

The wheel is built with ``python -m build --wheel`` (hatchling, in build's own
isolated environment) and installed with ``--no-deps`` into a fresh venv that
borrows the dev venv's dependencies through a ``.pth`` file, so the test needs
no network beyond what ``build`` needs for hatchling (usually cached). It runs
in the normal suite (marked ``packaging``; ``-m "not packaging"`` skips it) and
takes about 15 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import statute
from statute import parser

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.packaging


def _clean_env() -> dict[str, str]:
    """The environment without anything that would put the checkout on sys.path."""
    return {key: value for key, value in os.environ.items()
            if key not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=180, env=_clean_env())
    if done.returncode != 0 and "Could not find a version that satisfies" in done.stdout + done.stderr:
        pytest.skip("python -m build could not fetch hatchling (no network and no cache)")
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("statute-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel installed in it; dependencies borrowed from the dev venv."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                           "--no-index", "--quiet", str(wheel)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # lark, networkx, pytest-bdd …: the dev venv's copies, appended after the fresh venv's own site-packages
    (Path(purelib) / "_statute_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return env_dir


def test_wheel_contains_the_grammar_and_the_acts(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        grammar = archive.read("statute/grammar/statute.lark").decode("utf-8")
    assert {"statute/grammar/statute.lark", "statute/acts/enacted.law", "statute/acts/announced.law",
            "statute/parser.py", "statute/cli.py"} <= names
    assert grammar == (ROOT / "grammar" / "statute.lark").read_text(encoding="utf-8")
    assert not any(name.startswith(("tests/", "grammar/")) for name in names)
    entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        assert "statute = statute.cli:main" in archive.read(entry_points).decode("utf-8")


def test_installed_statute_check_passes_on_both_acts(installed: Path, tmp_path: Path):
    script = installed / ("Scripts/statute.exe" if os.name == "nt" else "bin/statute")
    done = subprocess.run([str(script), "check"], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env=_clean_env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "announced: Child sexual abuse reforms (announcement)" in done.stdout
    assert "enacted: Crime and Policing Act 2026" in done.stdout
    assert "0 errors" in done.stdout


def test_installed_package_reads_its_own_grammar(installed: Path, tmp_path: Path):
    python = installed / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    probe = "import statute, statute.parser as p; print(statute.__file__); print(p.grammar_path())"
    done = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env=_clean_env())
    assert done.returncode == 0, done.stderr
    package_file, grammar = (Path(line) for line in done.stdout.split())
    assert installed in package_file.parents, "the wheel's statute, not the checkout, must be imported"
    assert grammar == package_file.parent / "grammar" / "statute.lark"
    assert grammar.is_file()


def test_editable_install_reads_the_top_level_grammar():
    """In the checkout (editable install), edits to grammar/statute.lark take effect at once."""
    assert Path(statute.__file__).resolve().parent == ROOT / "statute"
    assert parser.grammar_path().resolve() == ROOT / "grammar" / "statute.lark"
    assert parser.grammar_text() == (ROOT / "grammar" / "statute.lark").read_text(encoding="utf-8")
