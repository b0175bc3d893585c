"""Outputs never destroy what they name: devices, FIFOs and links are written through; errors are I/O errors.

Hostile testing found ``-o /dev/null`` (as root) replaced by a regular file, ``> /dev/full`` and a
closed stdout reported as internal errors (exit 3), a hidden temporary file left after SIGTERM,
``statute run`` replacing the last good reports with an interrupted run's, and ``run --out``
inside the package refused only after every scenario ran. Each test here failed before the fix.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from statute import files
from statute.cli import main
from statute.files import Terminated, write_atomic

ROOT = Path(__file__).resolve().parent.parent
NO_SUCH_PID = 4_194_305  # above Linux's largest pid_max


def statute(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "statute", *args], capture_output=True, text=True, timeout=120,
                          **kwargs)  # type: ignore[call-overload]


# ── devices, FIFOs, links ────────────────────────────────────────────────────


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "graph.dot"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        for _ in range(200):  # wait for the reader to open its end
            try:
                write_atomic(fifo, "digraph {}\n")
                break
            except OSError:
                threading.Event().wait(0.01)
    finally:
        reader.join(timeout=10)
    assert received == [b"digraph {}\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.dot"]


def test_a_fifo_no_one_reads_is_refused_not_replaced_or_waited_on(tmp_path, capsys):
    fifo = tmp_path / "graph.dot"
    os.mkfifo(fifo)
    assert main(["graph", "enacted", "-o", str(fifo)]) == 2
    assert "no program is reading" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.dot"]


def test_a_link_to_a_device_is_written_through_and_kept(tmp_path, capsys):
    link = tmp_path / "sink.dot"
    link.symlink_to(os.devnull)
    assert main(["graph", "enacted", "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == os.devnull
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_link_to_a_file_keeps_the_link_and_replaces_the_file(tmp_path, capsys):
    real = tmp_path / "real.dot"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.dot"
    link.symlink_to(real)
    assert main(["graph", "enacted", "-o", str(link)]) == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("digraph")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_device_is_an_io_error_and_stays_a_device(capsys):
    assert main(["graph", "enacted", "-o", "/dev/full"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_dev_stdout_writes_to_standard_output(tmp_path):
    result = statute("graph", "enacted", "-f", "mermaid", "-o", "/dev/stdout", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\nflowchart LR\n" in result.stdout
    assert list(tmp_path.iterdir()) == []


# ── standard output that cannot be written ───────────────────────────────────


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("command", [["show", "enacted"], ["graph", "enacted"], ["query", "enacted", "penalties",
                                                                                  "--json"]])
def test_a_full_stdout_is_exit_2_in_one_line(command):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "statute", *command], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["statute: cannot write to standard output: No space left on device"]


@pytest.mark.parametrize("when", ["before start-up", "after start-up"])
def test_a_closed_stdout_is_exit_2_in_one_line(when):
    if when == "before start-up":
        command = ["bash", "-c", f'"{sys.executable}" -m statute graph enacted >&-']
    else:
        command = [sys.executable, "-c", "import os, sys; from statute.cli import main; os.close(1); "
                   "sys.exit(main(['graph', 'enacted']))"]
    result = subprocess.run(command, stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["statute: cannot write to standard output: standard output is closed"]


# ── temporary files: SIGTERM, SIGKILL ────────────────────────────────────────


def test_sigterm_during_a_write_removes_the_temporary_and_keeps_the_target(tmp_path, monkeypatch):
    target = tmp_path / "graph.json"
    target.write_text("OLD", encoding="utf-8")
    real_fsync = os.fsync

    def terminated(fd: int) -> None:
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", terminated)
    with pytest.raises(Terminated):
        write_atomic(target, "NEW" * 10_000)
    assert target.read_text(encoding="utf-8") == "OLD"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.json"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back as it was


def test_sigterm_is_exit_143_from_the_command_line(monkeypatch, capsys):
    def terminated(*args: object) -> int:
        os.kill(os.getpid(), signal.SIGTERM)
        return 0

    monkeypatch.setattr("statute.commands.show.run", terminated)
    assert main(["show", "enacted"]) == 143


def test_a_temporary_left_by_a_killed_write_is_removed_by_the_next(tmp_path):
    target = tmp_path / "graph.dot"
    dead = tmp_path / f".graph.dot.statute-{NO_SUCH_PID}-abc123.tmp"
    alive = tmp_path / f".graph.dot.statute-{os.getppid()}-def456.tmp"  # another run, still writing
    for leftover in (dead, alive):
        leftover.write_text("half a graph", encoding="utf-8")
    write_atomic(target, "digraph {}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["graph.dot", alive.name])
    assert files.TEMPORARY_GLOB == ".{name}.statute-*.tmp"  # the pattern the README documents


# ── every refusal before any work ────────────────────────────────────────────


def _no_work(*args: object) -> None:
    raise AssertionError("the Act was loaded before the output was refused")


@pytest.mark.parametrize("where", ["missing/g.dot", "statute/x.dot", "a-folder"])
def test_graph_refuses_its_output_before_loading_the_act(tmp_path, monkeypatch, capsys, where):
    (tmp_path / "a-folder").mkdir()
    target = ROOT / where if where.startswith("statute/") else tmp_path / where
    monkeypatch.setattr("statute.commands.graph.load_for_cli", _no_work)
    assert main(["graph", "enacted", "-o", str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert not (ROOT / "statute" / "x.dot").exists()


@pytest.mark.parametrize("inside", ["statute/junk", "grammar/junk"])
def test_run_refuses_an_out_inside_the_package_before_stage_1(capsys, monkeypatch, tmp_path, inside):
    monkeypatch.chdir(tmp_path)
    target = ROOT / inside
    assert main(["run", "--out", str(target)]) == 2
    out, err = capsys.readouterr()
    assert "[1/5]" not in out and "statute's own files" in err
    assert not target.exists()


# ── statute run: interrupted, the old reports stay ───────────────────────────


@pytest.fixture
def last_run(tmp_path, monkeypatch) -> Path:
    """A folder with features/ (so stage 3 runs) and the reports of a previous run in out/."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "features").mkdir()
    out = tmp_path / "out"
    (out / "graph").mkdir(parents=True)
    for name in ("coverage.json", "diff.txt", "graph/enacted.dot", "mine.txt"):
        (out / name).write_text(f"OLD {name}", encoding="utf-8")
    return out


def _without_scenarios(monkeypatch: pytest.MonkeyPatch) -> None:
    """statute run with its scenarios stage passing at once (the other stages are real)."""
    from statute.commands import run

    monkeypatch.setattr(run, "STAGES", [(title, (lambda ctx: True) if stage is run._stage_scenarios else stage)
                                        for title, stage in run.STAGES])


def _reports(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("how", ["signal", "pytest says interrupted"])
def test_ctrl_c_in_the_scenarios_stage_is_130_and_keeps_the_old_reports(last_run, monkeypatch, capsys, how):
    before = _reports(last_run)
    import pytest as real_pytest

    def scenarios(args: list[str]) -> int:
        report = Path(args[args.index("--statute-coverage-json") + 1])
        report.write_text("PARTIAL", encoding="utf-8")  # what the plugin writes at the end of a session
        if how == "signal":
            os.kill(os.getpid(), signal.SIGINT)
        return real_pytest.ExitCode.INTERRUPTED

    monkeypatch.setattr(real_pytest, "main", scenarios)
    assert main(["run", "--out", str(last_run)]) == 130
    out, err = capsys.readouterr()
    assert "[4/5]" not in out and "interrupted" in err
    assert _reports(last_run) == before
    assert sorted(p.name for p in last_run.parent.iterdir()) == ["features", "out"]  # no staging folder left


def test_ctrl_c_in_the_last_stage_keeps_the_old_reports(last_run, monkeypatch, capsys):
    before = _reports(last_run)
    _without_scenarios(monkeypatch)

    def interrupted(*args: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("statute.graph.export.export", interrupted)
    assert main(["run", "--out", str(last_run)]) == 130
    assert _reports(last_run) == before
    assert sorted(p.name for p in last_run.parent.iterdir()) == ["features", "out"]


def test_a_finished_run_replaces_its_reports_and_keeps_other_files(last_run, monkeypatch, capsys):
    _without_scenarios(monkeypatch)
    assert main(["run", "--out", str(last_run)]) == 0
    after = _reports(last_run)
    assert after["mine.txt"] == "OLD mine.txt"
    assert after["graph/enacted.dot"].startswith("digraph") and not after["diff.txt"].startswith("OLD")
    assert sorted(p.name for p in last_run.parent.iterdir()) == ["features", "out"]
