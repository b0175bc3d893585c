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
            "statute/parser.py", "statute/cli.py", "statute/py.typed", "statute/docs/drafters.md",
            "statute/grammar/README.md"} <= names
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


# ── the light core install ────────────────────────────────────────────────────

USER_PROGRAM = '''
"""What a programmer writes against the installed wheel (type-checked in strict mode below)."""
import statute
from statute.outcomes import Assessment, Status

act: statute.Act = statute.load("enacted")
assessment: Assessment = statute.assess(act, "Vic is a teacher\\nVic works in England\\nthe age of Vic is 30")
under: bool | None = assessment.is_under("duty_to_notify", "Vic")  # None: the case leaves it open
status: Status = assessment.status("duty_to_notify", "Vic")
reveal_type(statute.assess)
reveal_type(assessment.explain("duty_to_notify", "Vic"))
for duty, party in (("duty_to_notfy", "Vic"), ("duty_to_notify", "Vcc")):
    try:
        assessment.is_under(duty, party)
    except statute.UnknownName as error:
        print(error.diagnostics[0].code, error.hint)
print("under:", under, status)
'''


@pytest.fixture(scope="module")
def light(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel and only its core dependencies (lark, networkx, python-dateutil, six)."""
    env_dir = tmp_path_factory.mktemp("light")
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                           "--no-index", "--quiet", str(wheel)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    # only the core dependencies, borrowed from the dev venv by symlink (no network needed)
    core = env_dir / "core-deps"
    core.mkdir()
    for name in ("lark", "networkx", "dateutil", "six"):
        module = __import__(name)
        where = Path(module.__file__)
        if where.name == "__init__.py":  # a package
            (core / name).symlink_to(where.parent, target_is_directory=True)
        else:  # a one-file module (six)
            (core / where.name).symlink_to(where)
    (purelib / "_statute_core_deps.pth").write_text(str(core) + "\n", encoding="utf-8")
    return env_dir


def _python(env_dir: Path) -> Path:
    return env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def test_core_install_needs_neither_pytest_nor_pytest_bdd(light: Path, tmp_path: Path):
    probe = "import importlib.util as u; print(u.find_spec('pytest') is None, u.find_spec('pytest_bdd') is None)"
    done = subprocess.run([str(_python(light)), "-c", probe], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=_clean_env())
    assert done.stdout.split() == ["True", "True"], "the light venv must not see the test tools"


def test_core_install_evaluates_and_rejects_misspelt_names(light: Path, tmp_path: Path):
    program = tmp_path / "user.py"
    program.write_text(USER_PROGRAM.replace("reveal_type(", "print(type("), encoding="utf-8")
    program.write_text(program.read_text(encoding="utf-8").replace('"Vic"))\n', '"Vic")))\n')
                       .replace("statute.assess)\n", "statute.assess))\n"), encoding="utf-8")
    done = subprocess.run([str(_python(light)), str(program)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=_clean_env())
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "E301 did you mean 'the duty to notify suspected child sex offences' (duty_to_notify)?" in lines
    assert "C007 did you mean 'Vic'? parties in the facts: Vic" in lines
    assert lines[-1] == "under: False does not apply"  # no reason to suspect: the duty has not arisen


def test_core_install_names_the_extra_a_command_needs(light: Path, tmp_path: Path):
    script = light / ("Scripts/statute.exe" if os.name == "nt" else "bin/statute")
    (tmp_path / "features").mkdir()
    done = subprocess.run([str(script), "coverage"], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env=_clean_env())
    assert done.returncode == 2
    assert "pip install 'statute[scenarios]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_core_install_names_the_language_servers_extra(light: Path, tmp_path: Path):
    """`statute lsp` without pygls (the lsp extra): which packages are missing and the extra to install."""
    script = light / ("Scripts/statute.exe" if os.name == "nt" else "bin/statute")
    done = subprocess.run([str(script), "lsp"], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env=_clean_env(), stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert "pygls" in done.stderr and "pip install 'statute[lsp]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_public_api_type_checks_in_strict_mode(light: Path, tmp_path: Path):
    """mypy --strict on a user program, reading the installed wheel's types (py.typed)."""
    pytest.importorskip("mypy")
    program = tmp_path / "user.py"
    program.write_text(USER_PROGRAM, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--python-executable", str(_python(light)), str(program)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path, env=_clean_env())
    revealed = [line for line in done.stdout.splitlines() if "Revealed type" in line]
    assert len(revealed) == 2, done.stdout + done.stderr
    assert "statute.outcomes.Assessment" in revealed[0] and "Any" not in revealed[0]
    assert "statute.explain.Reason" in revealed[1]
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert not errors, done.stdout


def test_pytest_without_pytest_bdd_is_not_broken_by_the_entry_point(light: Path, tmp_path: Path):
    """A project with pytest but without pytest-bdd: its own tests run; a statute feature says what to install."""
    extra = light / "pytest-deps"  # the dev venv's site-packages less pytest-bdd and statute itself
    extra.mkdir(exist_ok=True)
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        name = entry.name.casefold()
        if name.startswith(("pytest_bdd", "statute", "__editable__", "_statute")) or name.endswith(".pth"):
            continue
        link = extra / entry.name
        if not link.exists():
            link.symlink_to(entry, target_is_directory=entry.is_dir())
    env = {**_clean_env(), "PYTHONPATH": str(extra)}
    (tmp_path / "test_own.py").write_text("def test_own():\n    assert 1 + 1 == 2\n", encoding="utf-8")
    done = subprocess.run([str(_python(light)), "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_own.py"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    (tmp_path / "features").mkdir()
    (tmp_path / "features" / "duty.feature").write_text(
        "@act:enacted\nFeature: f\n  Scenario: s\n    Given Vic is a teacher\n    Then Vic commits no offence\n",
        encoding="utf-8")
    done = subprocess.run([str(_python(light)), "-m", "pytest", "-q", "-p", "no:cacheprovider", "features"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert done.returncode == 2, done.stdout + done.stderr  # a collection error, not a silent pass
    assert "pip install 'statute[scenarios]'" in done.stdout
    assert "Traceback" not in done.stdout
