"""Determinism: the same input gives byte-identical output in separate processes.

Every command is run in two fresh interpreters with different ``PYTHONHASHSEED`` values, so an
output that depends on the iteration order of a set or of a dict built from one differs between
them. Compared byte for byte: the graph exports, every ``--json`` output (check, show, explain,
query, diff), the explanation text, the diagnostics and their order, and the coverage report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "fixtures" / "errors").glob("*.law"))
SEEDS = ("1", "2")

#: Runs each argv through statute.cli.main in-process and prints {argv: [exit code, stdout, stderr]}.
SCRIPT = r"""
import contextlib, io, json, sys
from statute.cli import main
results = {}
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    results[" ".join(argv)] = [code, out.getvalue(), err.getvalue()]
sys.stdout.write(json.dumps(results))
"""


def many_parties_case(path: Path) -> Path:
    """Ten reporters told by ten children, some deterred: many outcomes, conflicts of order to get wrong."""
    lines = []
    for i in range(10):
        lines += [f"R{i} is a teacher", f"R{i} works in England", f"the age of R{i} is {30 + i}",
                  f"C{i} tells R{i} about a child sex offence", f"the age of C{i} is {5 + i}"]
        if i % 3 == 0:
            lines.append(f"D{i} tries to deter R{i} from reporting abuse of C{i}")
        if i % 4 == 0:
            lines.append(f"R{i} notifies the police about C{i}")
    path.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    return path


def commands(tmp: Path) -> list[list[str]]:
    case = str(many_parties_case(tmp / "many.case"))
    example = "examples/cases/head_teacher_deters.case"
    out: list[list[str]] = [
        ["check"], ["check", "--json"], ["check", *FIXTURES], ["check", "--json", *FIXTURES],
        ["check", "tests/acts/quiet_hours.law"], ["show", "enacted"], ["show", "--json", "announced"],
        ["show", "--json", "tests/acts/quiet_hours.law"],
        ["diff", "announced", "enacted"], ["diff", "--json", "announced", "enacted"],
        ["diff", "--json", "enacted", "announced"],
    ]
    for act in ("enacted", "announced"):
        for fmt in ("dot", "mermaid", "graphml", "json"):
            out.append(["graph", act, "--format", fmt])
        for extra in ([], ["--json"]):
            out += [["explain", "--act", act, *extra, example], ["explain", "--act", act, *extra, case],
                    ["explain", "--act", act, *extra, "--party", "Harry", "--why-not", "duty_to_notify"
                     if act == "enacted" else "duty_to_report", example]]
    for query in (["duties", "--for", "{p} is a teacher"], ["consequences", "duty_to_notify"],
                  ["depends-on", "duty_to_notify"], ["impact", "mandated_reporter"], ["path", "barring_referral",
                                                                                        "s.85"], ["penalties"]):
        out += [["query", "enacted", *query], ["query", "enacted", *query, "--json"]]
    out += [["graph", "tests/acts/quiet_hours.law", "--format", "json"]]
    return out


def run_everything(seed: str, argv_list: list[list[str]]) -> subprocess.Popen[str]:
    # hypothesis's pytest plugin is left out of `statute coverage`'s pytest run: it doubles its start-up
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTEST_ADDOPTS": "-p no:hypothesispytest"}
    return subprocess.Popen([sys.executable, "-c", SCRIPT, json.dumps(argv_list)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> list[dict[str, list]]:
    tmp = tmp_path_factory.mktemp("determinism")
    argv_list = commands(tmp)
    processes = [run_everything(seed, argv_list) for seed in SEEDS]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    return results


def test_every_command_ran_without_an_internal_error(runs):
    for argv, (code, _out, err) in runs[0].items():
        assert code in (0, 1), (argv, code, err)
        assert "internal error" not in err and "Traceback" not in err, argv


@pytest.mark.parametrize("kind", ["check", "show", "diff", "graph", "explain", "query"])
def test_output_is_byte_identical_under_two_hash_seeds(runs, kind):
    first, second = runs
    compared = [argv for argv in first if argv.split()[0] == kind]
    assert compared
    for argv in compared:
        assert first[argv] == second[argv], f"statute {argv} differs between PYTHONHASHSEED={SEEDS}"


def test_diagnostics_keep_their_order(runs):
    """The order is the files' order, then line and column: never a set's."""
    code, out, _ = runs[0]["check --json " + " ".join(FIXTURES)]
    assert code == 1
    diagnostics = json.loads(out)["diagnostics"]
    files = [d["file"] for d in diagnostics]
    assert files == sorted(files, key=FIXTURES.index)


def test_coverage_report_is_byte_identical(tmp_path):
    """The scenarios' coverage JSON, written by two processes under different hash seeds."""
    processes = []
    for seed in SEEDS:
        argv = [["coverage", "features/toy", "-o", str(tmp_path / f"coverage-{seed}.json")]]
        processes.append(run_everything(seed, argv))
    for process in processes:
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
    first, second = ((tmp_path / f"coverage-{seed}.json").read_bytes() for seed in SEEDS)
    assert first == second
    assert json.loads(first)["schema"] == "statute.coverage/1"
