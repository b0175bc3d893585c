"""Hostile text survives every output, escaped, and round-trips where the format allows.

One Act carries the same hostile string in every place a drafter writes text — the Act's title,
citation, source and note; a section heading, text, source and note; a provision's name, text,
note, source, ``by`` and ``to``; a phrase — and a case gives parties hostile names. The string has
quotes, ``<script>``, ``{}``, ``]]``, ``-->``, a backslash, a newline (written ``\\n`` in the
statute language), direction overrides (U+202E, U+2066), a zero-width joiner and emoji.

``tests/test_graph.py`` round-trips a hostile phrase and name through the four graph exports;
this file extends that to the fields it does not reach and to every JSON the CLI prints or
writes: the explanation and assessment (``explain --json``), ``show --json``, ``query --json``,
``diff --json``, ``check --json`` and the scenario coverage report.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from conftest import dot_unescape
from hypothesis import given, settings
from hypothesis import strategies as st

from statute import load_text
from statute.cli import main
from statute.explain import render_text
from statute.graph.build import build_graph
from statute.graph.export import display, export
from statute.parser import unquote

pytest_plugins = ["pytester"]

EVIL = ('<script>alert(1)</script> "q" ]] --> {} \\ back\nline \u202eevil\u2066iso\u2069 a\u200db \U0001f600 '
        '\U0001f468\u200d\U0001f469\u200d\U0001f467 & %% #x; `|` :::')
PHRASE_EVIL = EVIL.replace("{} ", "")  # braces in a phrase are slots
#: A party name: everything above but what a name cannot hold (a line break, a double quote).
NAME_EVIL = "<script>x</script> ]] --> {} \\ \u202eevil\u2066 a\u200db \U0001f600 & %% #x"
BIDI = ("\u202e", "\u2066", "\u2069")


def q(text: str) -> str:
    """A statute-language string literal: backslash, double quote and newline escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


HOSTILE_LAW = f'''act {q("Act " + EVIL)}:
    citation {q("c. " + EVIL)}
    version {q("as " + EVIL)}
    source {q("src " + EVIL)}
    note {q("note " + EVIL)}

terms:
    "{{p}} is a teacher"
    {q("{p} tells {c} " + PHRASE_EVIL)}
    "{{p}} reports {{c}}"
    "{{p}} is on leave"

section 1 {q("Heading " + EVIL)}:
    source {q("section source " + EVIL)}
    text {q("section text " + EVIL)}
    note {q("section note " + EVIL)}
    duty report (1):
        name {q("the duty " + EVIL)}
        text {q("text " + EVIL)}
        note {q("note " + EVIL)}
        source {q("source " + EVIL)}
        holder {{p}}
        when "{{p}} is a teacher" and {q("{c} tells {p} " + PHRASE_EVIL)}
        must "{{p}} reports {{c}}"
        by {q("by " + EVIL)}
        to {q("to " + EVIL)}
    exception leave (2) to report:
        name {q("leave " + EVIL)}
        when "{{p}} is on leave"
    consequence barring (3):
        name {q("barring " + EVIL)}
        faced by {{p}}
        when {{p}} breaches report
    offence obstructing (4):
        name {q("obstructing " + EVIL)}
        committed by {{x}}
        when some {{p}}: {{p}} breaches report and "{{x}} is a teacher"
        penalty: {q("a sanction " + EVIL)}
    duty attend (5):
        name {q("attend " + EVIL)}
        holder {{p}}
        when "{{p}} is on leave"
        must "{{p}} is a teacher"
'''


@pytest.fixture(scope="module")
def act():
    return load_text(HOSTILE_LAW, "hostile.law")


@pytest.fixture(scope="module")
def graph(act):
    return build_graph(act)


@pytest.fixture
def files(tmp_path, act) -> dict[str, Path]:
    law = tmp_path / "hostile.law"
    law.write_text(HOSTILE_LAW, encoding="utf-8")
    tells = next(t.text for t in act.terms if "tells" in t.text)
    case = tmp_path / "hostile.json"
    case.write_text(json.dumps({"facts": [
        {"phrase": "{p} is a teacher", "slots": {"p": "Al" + NAME_EVIL}},
        {"phrase": tells, "slots": {"p": "Be" + NAME_EVIL, "c": "Al" + NAME_EVIL}},
        {"phrase": "{p} is a teacher", "slots": {"p": "Ha" + NAME_EVIL}},
    ]}), encoding="utf-8")
    return {"law": law, "case": case}


def test_the_act_holds_every_hostile_string_verbatim(act):
    assert act.title == "Act " + EVIL and act.citation == "c. " + EVIL and act.source == "src " + EVIL
    (section,) = act.sections
    assert section.heading == "Heading " + EVIL and section.note == "section note " + EVIL
    duty = act.provision("report")
    assert duty.name == "the duty " + EVIL and duty.note == "note " + EVIL and duty.source == "source " + EVIL
    assert ("{p} tells {c} " + PHRASE_EVIL) in {t.text for t in act.terms}


def never_raw(text: str, markup: bool = True) -> None:
    for char in BIDI:
        assert char not in text, f"U+{ord(char):04X} written raw"
    if markup:
        assert "<script>" not in text


# ── the graph exports ────────────────────────────────────────────────────────


def test_graph_attributes_carry_the_hostile_text(graph):
    values = {str(v) for _, data in graph.nodes(data=True) for v in data.values()}
    for expected in ("Heading " + EVIL, "section note " + EVIL, "note " + EVIL, "source " + EVIL, "by " + EVIL,
                     "to " + EVIL, "leave " + EVIL):
        assert any(expected in value for value in values), expected


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_dot_is_read_by_graphviz_with_every_label_intact(graph):
    text = export(graph, "dot")
    never_raw(text)
    done = subprocess.run(["dot", "-Tjson"], input=text.encode("utf-8"), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert not done.stderr.strip(), done.stderr.decode()  # no syntax warnings either
    read = json.loads(done.stdout)
    labels = {o["name"]: dot_unescape(o["label"]) for o in read["objects"] if "label" in o}
    assert labels == {node: display(node, data) for node, data in graph.nodes(data=True)}
    assert len(read.get("edges", [])) == graph.number_of_edges()


def test_dot_statements_stay_one_per_line(graph):
    text = export(graph, "dot")
    string = r'"(?:[^"\\]|\\.)*"'
    for line in text.splitlines()[4:-1]:
        assert re.fullmatch(rf"  {string}( -> {string})? \[.*\];", line), line


def test_mermaid_labels_cannot_end_early_and_read_back(graph):
    text = export(graph, "mermaid")
    never_raw(text)
    shapes = r'(?:\(\[|\[\[|\{\{|\[)"([^"]*)"(?:\]\)|\]\]|\}\}|\])'
    labels = []
    for line in text.splitlines()[2:]:
        node = re.fullmatch(rf"    n\d+{shapes}", line)
        assert node or re.fullmatch(r'    n\d+ (?:-->|-\.->)\|"[^"]*"\| n\d+', line) or \
            re.fullmatch(r"    class(?:Def)? .*", line), line
        if node:
            labels.append(re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), node.group(1).replace("<br>", "\n")))
        if '"' in line:
            parts = line.split('"')
            assert len(parts) == 3, line  # one quoted label, nothing can close it early
            assert not re.search(r'[\[\]{}<>|#;&]', re.sub(r"#\d+;", "", parts[1].replace("<br>", ""))), line
    assert labels == [display(n, graph.nodes[n]) for n in sorted(graph.nodes)]


def test_graphml_round_trips_through_networkx(graph, tmp_path):
    text = export(graph, "graphml")
    never_raw(text, markup=False)
    ET.fromstring(text.encode("utf-8"))
    path = tmp_path / "g.graphml"
    path.write_text(text, encoding="utf-8")
    back = nx.read_graphml(path, force_multigraph=True)
    assert {n: dict(d) for n, d in back.nodes(data=True)} == {n: dict(d) for n, d in graph.nodes(data=True)}
    assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True))
    assert back.graph.get("title") == graph.graph.get("title")


def test_json_round_trips_through_node_link_graph(graph):
    text = export(graph, "json")
    never_raw(text)
    back = nx.node_link_graph(json.loads(text), edges="edges")
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert back.graph == graph.graph


def test_the_cli_writes_the_same_bytes_it_prints(files, tmp_path, capsys):
    for fmt in ("dot", "mermaid", "graphml", "json"):
        target = tmp_path / f"g.{fmt}"
        assert main(["graph", str(files["law"]), "--format", fmt, "-o", str(target)]) == 0
        assert main(["graph", str(files["law"]), "--format", fmt]) == 0
        assert capsys.readouterr().out.encode("utf-8") == target.read_bytes()


# ── the JSON the CLI prints ──────────────────────────────────────────────────


def cli_json(capsys, *argv: str) -> object:
    assert main(list(argv)) == 0
    out = capsys.readouterr().out
    never_raw(out, markup=False)  # <script> may stand in a JSON string: it is data, not markup
    return json.loads(out)


def strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return []


def test_explain_json_round_trips_party_names_and_quotes(files, act, capsys):
    data = cli_json(capsys, "explain", "--act", str(files["law"]), "--json", str(files["case"]))
    assert data["act"]["title"] == "Act " + EVIL
    assert data["parties"] == ["Al" + NAME_EVIL, "Be" + NAME_EVIL, "Ha" + NAME_EVIL]
    duty = next(o for o in data["outcomes"] if o["provision"] == "report")
    assert duty["slots"] == {"p": "Al" + NAME_EVIL, "c": "Be" + NAME_EVIL}
    everything = strings(data["explanations"])
    assert "text " + EVIL in everything and "source " + EVIL in everything
    assert any(s == ("Al" + NAME_EVIL + " is a teacher") for s in everything)
    refs = [node["provision"] for tree in data["explanations"] for node in _walk(tree) if "provision" in node]
    assert {"the duty " + EVIL, "barring " + EVIL} <= {ref["title"] for ref in refs}


def _walk(node: dict) -> list[dict]:
    return [node] + [n for child in node.get("children", []) for n in _walk(child)]


def test_explain_why_not_json(files, capsys):
    data = cli_json(capsys, "explain", "--act", str(files["law"]), "--json", "--party", "Ha" + NAME_EVIL,
                    "--why-not", "report", str(files["case"]))
    assert data["why_not"]["holds"] is False
    assert any(s.startswith("Ha" + NAME_EVIL) for s in strings(data["why_not"]))


def test_explanation_text_keeps_one_node_per_line(files, act):
    from statute.evaluate import evaluator_for
    from statute.explain import explain_outcome

    case = json.loads(files["case"].read_text(encoding="utf-8"))
    assessment = evaluator_for(act).evaluate(case)
    for outcome in assessment.outcomes:
        text = render_text(explain_outcome(assessment.run, outcome.provision, outcome.binding))
        for line in text.splitlines():
            assert line.lstrip()[:1] in ("✓", "✗", "“", "s"), line  # a node, a quote or a source line


def test_show_json_round_trips_every_field(files, act, capsys):
    data = cli_json(capsys, "show", "--json", str(files["law"]))
    assert data["act"] == {"title": "Act " + EVIL, "citation": "c. " + EVIL, "version": "as " + EVIL,
                           "extent": None, "source": "src " + EVIL}
    report = next(row for row in data["provisions"] if row["id"] == "report")
    assert report["title"] == "the duty " + EVIL and report["note"] == "note " + EVIL
    assert "source " + EVIL in strings(report)
    assert any(("by " + EVIL) in s for s in strings(report))


@pytest.mark.parametrize("argv", [["consequences", "report"], ["impact", "report"], ["depends-on", "barring"],
                                  ["path", "barring", "report"], ["penalties"]])
def test_query_json(files, capsys, argv):
    data = cli_json(capsys, "query", str(files["law"]), *argv, "--json")
    assert strings(data)


def test_diff_json_round_trips_both_sides(files, tmp_path, capsys):
    changed = tmp_path / "changed.law"
    changed.write_text(HOSTILE_LAW.replace(q("a sanction " + EVIL), q("another sanction " + EVIL))
                       .replace(f'to {q("to " + EVIL)}', f'to {q("to someone else " + EVIL)}'), encoding="utf-8")
    data = cli_json(capsys, "diff", str(files["law"]), str(changed), "--json")
    found = strings(data)
    assert any(("a sanction " + EVIL) in s for s in found) and any(("another sanction " + EVIL) in s for s in found)
    assert any(("to someone else " + EVIL) in s for s in found)


def test_check_json_with_a_hostile_unknown_phrase(tmp_path, capsys):
    law = tmp_path / "bad.law"
    law.write_text(HOSTILE_LAW.replace('must "{p} reports {c}"', f'must {q("{p} ignores " + PHRASE_EVIL)}'),
                   encoding="utf-8")
    assert main(["check", "--json", str(law)]) == 1
    out = capsys.readouterr().out
    never_raw(out, markup=False)
    (diagnostic,) = [d for d in json.loads(out)["diagnostics"] if d["code"] == "E303"]
    assert "{p} ignores <script>alert(1)</script>" in diagnostic["message"]


# ── the scenario coverage report ─────────────────────────────────────────────


def test_coverage_json_round_trips_scenario_and_party_names(pytester: pytest.Pytester):
    (pytester.path / "acts").mkdir()
    (pytester.path / "acts" / "hostile.law").write_text(HOSTILE_LAW, encoding="utf-8")
    scenario = "Teacher " + NAME_EVIL.replace("#", "")  # '#' would start a Gherkin comment
    feature = pytester.path / "features" / "hostile.feature"
    feature.parent.mkdir()
    feature.write_text(textwrap.dedent(f"""\
        Feature: Hostile names
          Scenario: {scenario}
            Given the Act "../acts/hostile.law"
            And "Al{NAME_EVIL}" is a teacher
            And "Al{NAME_EVIL}" is on leave
            Then "Al{NAME_EVIL}" is not under report
            And "Al{NAME_EVIL}" is under attend
        """), encoding="utf-8")
    result = pytester.runpytest("-p", "no:hypothesispytest", "--statute-coverage", "--statute-coverage-json", "c.json")
    assert result.ret == 0, result.stdout.str()
    text = (pytester.path / "c.json").read_text(encoding="utf-8")
    never_raw(text, markup=False)
    data = json.loads(text)
    detail = {p["id"]: p for p in data["acts"]["acts/hostile.law"]["provisions_detail"]}
    assert detail["attend"]["title"] == "attend " + EVIL and detail["attend"]["exercised"]
    assert [s.split("::")[0] for s in detail["attend"]["scenarios"]] == ["features/hostile.feature"]
    assert data["acts"]["acts/hostile.law"]["title"] == "Act " + EVIL


# ── the language's own escapes ───────────────────────────────────────────────


printable = st.lists(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
                     | st.sampled_from(["\n", "\t", "\\", '"', "\\n", '\\"']), max_size=40).map("".join)


@settings(max_examples=100, deadline=None)
@given(printable)
def test_string_escapes_round_trip(text):
    """`\\"`, `\\\\` and `\\n` in a statute string give back exactly the text they escape."""
    assert unquote(q(text)) == text
    act = load_text(f'act {q(text)}:\n    source "s"\nsection 1:\n    text "t"\n', "t.law")
    assert act.title == text.strip() or act.title == text


# ── terminals that cannot print everything ───────────────────────────────────


def _statute(*argv: str | bytes, encoding: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    import os
    import sys

    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "statute", *argv], capture_output=True, env=env, timeout=120,
                          cwd=cwd or Path(__file__).resolve().parent.parent)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_that_is_not_utf8_gets_escapes_not_a_crash(encoding):
    """`statute explain` on an ASCII terminal died on its first '—' (UnicodeEncodeError, exit 3)."""
    done = _statute("explain", "--act", "enacted", "examples/cases/head_teacher_deters.case", encoding=encoding)
    assert done.returncode == 0, done.stderr
    assert b"\\u2014" in done.stdout or "—".encode(encoding, "replace") in done.stdout
    assert b"internal error" not in done.stderr


def test_a_file_name_that_is_not_utf8(tmp_path):
    """Undecodable bytes in a path reach Python as lone surrogates; printing them ended in exit 3."""
    import os

    name = b"act\xff.law"
    (tmp_path / os.fsdecode(name)).write_text(HOSTILE_LAW, encoding="utf-8")
    done = _statute("check", name, encoding="utf-8", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"act\\udcff.law" in done.stdout
    done = _statute("check", "--json", b"missing\xff.law", encoding="utf-8", cwd=tmp_path)
    assert done.returncode == 2 and b"internal error" not in done.stderr
    assert json.loads(done.stdout)["diagnostics"][0]["file"] == "missing\udcff.law"
