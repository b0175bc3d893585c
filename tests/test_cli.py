"""The ``statute`` command line: exit codes, output formats, and no tracebacks, ever.

Most tests call :func:`statute.cli.main` in-process (fast, and capsys sees the
output); a few run the installed console script in a subprocess, as a drafter
would. Exit codes: 0 clean (warnings allowed), 1 errors in the input, 2 a usage
error or a path that cannot be read.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from statute import __version__
from statute.cli import main
from statute.diagnostics import CODES

FIXTURES = Path(__file__).parent / "fixtures" / "errors"
BAD = sorted(path for path in FIXTURES.glob("*.law") if not path.name.startswith("clean"))
CLEAN = sorted(FIXTURES.glob("clean*.law"))
LOCATION = re.compile(r"^(?P<file>[^\s:][^:]*\.law):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning)"
                      r"\[(?P<code>[EWX]\d{3})\]: ", re.MULTILINE)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ── statute check ─────────────────────────────────────────────────────────────


def test_check_bundled_acts_is_clean(capsys):
    code, out, err = run(capsys, "check")
    assert code == 0, out + err
    assert "announced:" in out and "enacted:" in out
    assert "0 errors, 0 warnings" in out
    assert "error[" not in out


@pytest.mark.parametrize("name", ["announced", "enacted"])
def test_check_one_bundled_act_by_name(capsys, name):
    code, out, _ = run(capsys, "check", name)
    assert code == 0
    assert out.startswith(f"{name}: ")


def test_check_toy_act_is_clean(capsys, toy_act_path):
    code, out, _ = run(capsys, "check", str(toy_act_path))
    assert code == 0, out
    assert "Data Breach Notification Act (toy)" in out


def test_check_bad_file_exits_1_with_file_line_col(capsys):
    path = FIXTURES / "e303_unknown_phrase.law"
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    found = [match for match in LOCATION.finditer(out) if match["code"] == "E303"]
    assert found, out
    assert (found[0]["file"], found[0]["line"], found[0]["column"]) == (str(path), "11", "14")
    # the source line, a caret under the phrase, and the hint follow the location
    assert '   11 |         when "{person} is a teachr"' in out
    assert "      |              ^^^^" in out
    assert "hint: did you mean '{person} is a teacher'?" in out
    assert "1 error," in out


def test_check_warnings_only_exits_0(capsys):
    code, out, _ = run(capsys, "check", str(FIXTURES / "w400_no_source.law"))
    assert code == 0
    assert "warning[W400]" in out


def test_check_no_warnings_hides_warnings(capsys):
    code, out, _ = run(capsys, "check", "--no-warnings", str(FIXTURES / "w400_no_source.law"))
    assert code == 0
    assert "warning[" not in out


def test_check_missing_path_exits_2(capsys, tmp_path):
    missing = tmp_path / "no_such.law"
    code, out, _ = run(capsys, "check", str(missing))
    assert code == 2
    assert f"{missing}: error[E001]" in out
    assert "hint:" in out


def test_check_misspelt_bundled_name_suggests_the_right_one(capsys):
    code, out, _ = run(capsys, "check", "enacterd")
    assert code == 2
    assert "did you mean 'enacted'?" in out


def test_check_folder_without_law_files_exits_2(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 2
    assert "error[E004]" in out


def test_check_usage_error_exits_2(capsys):
    code, _, err = run(capsys, "check", "--no-such-option")
    assert code == 2
    assert "unrecognized arguments: --no-such-option" in err
    assert "hint:" in err
    assert "Traceback" not in err


def test_unknown_command_exits_2(capsys):
    code, _, err = run(capsys, "chekc")
    assert code == 2
    assert "invalid choice" in err


def test_no_command_prints_help_and_exits_2(capsys):
    code, _, err = run(capsys)
    assert code == 2
    assert "usage: statute" in err


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"statute {__version__}"


# ── --json ────────────────────────────────────────────────────────────────────

KEYS = ["severity", "code", "message", "file", "line", "column", "hint"]


def test_check_json_on_a_bad_file(capsys):
    path = FIXTURES / "e301_unknown_provision.law"
    code, out, _ = run(capsys, "check", "--json", str(path))
    assert code == 1
    data = json.loads(out)  # the whole of stdout is one JSON document
    assert list(data) == ["schema", "diagnostics"] and data["schema"] == "statute.check/1"
    first = next(item for item in data["diagnostics"] if item["severity"] == "error")
    assert list(first) == KEYS
    assert first == {
        "severity": "error", "code": "E301",
        "message": "'doctors' is an exception to 'notfy', but there is no provision 'notfy'",
        "file": str(path), "line": 12, "column": 30, "hint": "did you mean 'notify'?",
    }


def test_check_json_clean_is_an_empty_list(capsys):
    code, out, _ = run(capsys, "check", "--json")
    assert code == 0
    assert json.loads(out) == {"schema": "statute.check/1", "diagnostics": []}


def test_check_json_missing_path(capsys, tmp_path):
    code, out, _ = run(capsys, "check", "--json", str(tmp_path / "gone.law"))
    assert code == 2
    (only,) = json.loads(out)["diagnostics"]
    assert only["code"] == "E001" and only["line"] is None and only["column"] is None


@pytest.mark.parametrize("path", BAD, ids=lambda path: path.stem)
def test_check_json_shape_for_every_fixture(capsys, path):
    code, out, _ = run(capsys, "check", "--json", str(path))
    data = json.loads(out)
    assert list(data) == ["schema", "diagnostics"] and data["diagnostics"]
    for item in data["diagnostics"]:
        assert list(item) == KEYS
        assert item["severity"] in ("error", "warning")
        assert item["code"] in CODES
        assert item["file"] == str(path)
        assert item["line"] is None or (isinstance(item["line"], int) and item["line"] >= 1)
        assert item["column"] is None or (isinstance(item["column"], int) and item["column"] >= 1)
    assert code == (0 if all(item["severity"] == "warning" for item in data["diagnostics"]) else 1)


# ── acts and show ─────────────────────────────────────────────────────────────


def test_acts_lists_both_bundled_acts(capsys):
    code, out, _ = run(capsys, "acts")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert {"announced", "enacted"} <= set(names)
    assert "Crime and Policing Act 2026 — as enacted" in out


def test_acts_json(capsys):
    code, out, _ = run(capsys, "acts", "--json")
    assert code == 0
    rows = {row["name"]: row for row in json.loads(out)["acts"]}
    assert rows["enacted"]["title"] == "Crime and Policing Act 2026"
    assert rows["announced"]["version"] == "as announced"


def test_show_enacted(capsys):
    code, out, _ = run(capsys, "show", "enacted")
    assert code == 0
    assert out.startswith("Crime and Policing Act 2026 (2026 c. 20) — as enacted")
    assert re.search(r"^s\.85\(1\)\s+duty\s+duty_to_notify$", out, re.MULTILINE)
    assert re.search(r"^s\.92\(1\)\s+offence\s+preventing_or_deterring$", out, re.MULTILINE)
    assert "penalty: on indictment: imprisonment up to 7 years or an unlimited fine or both" in out


def test_show_enacted_json(capsys):
    code, out, _ = run(capsys, "show", "enacted", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["act"]["title"] == "Crime and Policing Act 2026"
    by_id = {row["id"]: row for row in data["provisions"]}
    assert by_id["duty_to_notify"]["kind"] == "duty"
    assert by_id["duty_to_notify"]["citation"] == "s.85(1)"
    assert by_id["duty_to_notify"]["eid"] == "part_5__chp_2__sec_85__subsec_1"
    assert by_id["preventing_or_deterring"]["kind"] == "offence"


def test_show_kind_filter(capsys):
    code, out, _ = run(capsys, "show", "enacted", "--kind", "aggravating-factor", "--json")
    assert code == 0
    assert [row["id"] for row in json.loads(out)["provisions"]] == ["grooming_aggravating_factor"]


def test_show_bad_file_exits_1_with_diagnostics_on_stderr(capsys):
    code, out, err = run(capsys, "show", str(FIXTURES / "e303_unknown_phrase.law"))
    assert code == 1
    assert out == ""
    assert LOCATION.search(err)


def test_show_missing_act_exits_2(capsys):
    code, _, err = run(capsys, "show", "no_such_act")
    assert code == 2
    assert "error[E001]" in err


# ── never a traceback ─────────────────────────────────────────────────────────


@pytest.mark.parametrize("path", BAD + CLEAN, ids=lambda path: path.stem)
@pytest.mark.parametrize("command", [["check"], ["check", "--json"], ["show"], ["parse"]])
def test_no_input_gives_a_traceback(capsys, path, command):
    code, out, err = run(capsys, *command, str(path))
    assert "Traceback" not in out + err
    assert "internal error" not in out + err  # main() turns bugs into 'internal error' (exit 3)
    assert code in (0, 1, 2)
    if path in CLEAN:
        assert code == 0, out + err
    elif command[0] != "parse":  # parse shows the syntax tree of one file: assembly errors don't apply
        assert code in (1, 0 if path.name.startswith("w") else 1)


@pytest.mark.parametrize("text", [
    b"", b"\x00\x01\x02", b"\xff\xfe\x00a\x00c\x00t", b'act "T":\n' * 3, b"(((((", b"))))", b'"' * 7,
    b"act \"T\":\n    source \"s\"\nsection 1:\n    duty d:\n        when " + b"(" * 5000,
    b"\t\t\n\t", "\u202e act".encode(), b"act \"T\":\r    source \"s\"\r", b"#" * 10_000,
])
def test_hostile_bytes_give_a_diagnostic_not_a_traceback(capsys, tmp_path, text):
    path = tmp_path / "hostile.law"
    path.write_bytes(text)
    for command in (["check"], ["check", "--json"], ["show"], ["parse"], ["parse", "--tree"]):
        code, out, err = run(capsys, *command, str(path))
        assert "Traceback" not in out + err and "internal error" not in out + err, (command, out, err)
        assert code in (0, 1, 2), (command, code, out, err)


# ── the console script, as a drafter runs it ─────────────────────────────────


def _console_script() -> list[str]:
    """The installed ``statute`` script next to this interpreter (else ``python -m statute``)."""
    script = Path(sys.executable).with_name("statute")
    if script.exists():
        return [str(script)]
    found = shutil.which("statute")
    return [found] if found else [sys.executable, "-m", "statute"]


def test_console_script_check_bundled():
    done = subprocess.run([*_console_script(), "check"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "enacted: Crime and Policing Act 2026" in done.stdout


def test_console_script_bad_inputs_exit_1_without_traceback():
    paths = [str(FIXTURES / name) for name in ("e100_unclosed_paren.law", "e105_deep_parentheses.law",
                                               "e105_deep_condition.law", "e002_invalid_utf8.law")]
    done = subprocess.run([*_console_script(), "check", *paths], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert len(LOCATION.findall(done.stdout)) == 4


def test_console_script_usage_error_exits_2():
    done = subprocess.run([*_console_script(), "check", "--bogus"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_python_dash_m_statute_version():
    done = subprocess.run([sys.executable, "-m", "statute", "--version"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == f"statute {__version__}"


def test_a_misspelt_option_gets_the_commands_usage_and_the_nearest_option(capsys):
    assert main(["coverage", "--jsn"]) == 2
    err = capsys.readouterr().err
    assert "usage: statute coverage" in err and "did you mean --json?" in err
    assert main(["query", "enacted", "duties", "--for", "x", "--jsn"]) == 2
    err = capsys.readouterr().err
    assert "statute query ACT duties: error" in err and "did you mean --json?" in err


def test_a_missing_case_file_hint_does_not_offer_act_names(capsys):
    assert main(["explain", "--act", "enacted", "no_such.case"]) == 2
    err = capsys.readouterr().err
    assert "no_such.case: error[E001]: no such file" in err and "statute acts" not in err


def test_a_derived_phrase_hint_names_phrases_a_case_can_state(capsys, tmp_path):
    case = tmp_path / "derived.case"
    case.write_text("Alice is a mandated reporter\n", encoding="utf-8")
    assert main(["explain", "--act", "enacted", str(case)]) == 1
    hint = next(line for line in capsys.readouterr().err.splitlines() if "hint:" in line)
    assert "works in England" in hint and "engaged in relevant activity" not in hint
