"""The time options of the commands: --as-at and --in-force on explain, show, graph and diff."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

CASE = """on 2026-05-04 Bella tells Vic about a child sex offence
Vic volunteers with children
Vic works in England
the age of Vic is 30
"""


def statute(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "statute", *args], capture_output=True, text=True, input=stdin,
                          timeout=120)


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "vic.case"
    path.write_text(CASE, encoding="utf-8")
    return path


def test_explain_as_at_before_commencement_says_not_in_force(case):
    done = statute("explain", "--act", "enacted", str(case), "--as-at", "2026-05-12")
    assert done.returncode == 0, done.stderr
    assert "as at 2026-05-12" in done.stdout
    assert "under duty_to_notify regarding Bella (not in force)" in done.stdout
    assert "s.85(1) is not in force on 12 May 2026: s.85 commences on a day appointed by regulations" in done.stdout


def test_explain_with_an_appointed_day_gives_the_deadline(case):
    done = statute("explain", "--act", "enacted", str(case), "--as-at", "2026-05-12", "--in-force", "s.85=2026-05-01",
                   "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["as_at"] == "2026-05-12"
    (duty,) = [o for o in data["outcomes"] if o["provision"] == "duty_to_notify"]
    assert duty["status"] == "breached"
    pending = statute("explain", "--act", "enacted", str(case), "--as-at", "2026-05-07", "--in-force",
                      "s.85=2026-05-01")
    assert "under duty_to_notify regarding Bella (pending)" in pending.stdout
    assert "not done by 7 May 2026, with 4 days left" in pending.stdout


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-5-4", "1700-01-01"])
def test_a_bad_as_at_date_is_a_usage_error(case, bad):
    done = statute("explain", "--act", "enacted", str(case), "--as-at", bad)
    assert done.returncode == 2
    assert "--as-at" in done.stderr and "Traceback" not in done.stderr


def test_show_as_at_says_why_a_section_is_not_in_force():
    done = statute("show", "enacted", "--as-at", "2026-05-01", "--json")
    rows = {row["id"]: row for row in json.loads(done.stdout)["provisions"]}
    assert rows["duty_to_notify"]["in_force_on"]["in_force"] is False
    assert rows["no_limitation_period"]["in_force_on"] == {"date": "2026-05-01", "in_force": True, "reason": None}
    assert "in force on a day appointed by regulations (s.85)" in rows["duty_to_notify"]["in_force"]


def test_diff_compares_one_act_at_two_dates():
    done = statute("diff", "enacted", "--as-at", "2026-05-01", "--new-as-at", "2027-01-01", "--in-force",
                   "s.85=2026-10-01", "--json")
    assert done.returncode == 0, done.stderr
    text = json.dumps(json.loads(done.stdout))
    assert "duty_to_notify" in text and "preventing_or_deterring" not in text  # s.92 is still not appointed


def test_graph_as_at_leaves_out_what_is_not_in_force_and_shows_periods():
    done = statute("graph", "enacted", "--format", "json", "--as-at", "2026-05-01")
    nodes = {n["id"]: n for n in json.loads(done.stdout)["nodes"]}
    assert "duty:duty_to_notify" not in nodes and "permission:no_limitation_period" in nodes
    full = {n["id"]: n for n in json.loads(statute("graph", "enacted", "--format", "json").stdout)["nodes"]}
    assert full["duty:duty_to_notify"]["appointed_by"] == "regulations"
    assert full["duty:duty_to_notify"]["in_force_from"] == "2026-04-29"
