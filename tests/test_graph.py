"""The obligation graph: builder and schema, queries, exports, the CLI commands."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import networkx as nx
import pytest
from conftest import dot_unescape

from statute import load, load_text
from statute.cli import main
from statute.graph.build import build_graph, slug
from statute.graph.export import FORMATS, display, export
from statute.graph.queries import ObligationGraph, UnknownNode
from statute.graph.schema import EDGE_TYPE_NAMES, NODE_KIND_NAMES, schema_markdown

ROOT = Path(__file__).resolve().parent.parent

TOY = textwrap.dedent('''
    act "Graph Toy Act":
        citation "toy 2026 c. 2"
        source "written for the tests"

    terms:
        "{p} is a teacher"
        "{p} is a nurse"
        number "the age of {p}"
        "{p} sees harm to {c}"
        "{p} reports harm to {c}"
        "{p} is on leave"
        "{x} stops {p} reporting harm to {c}"
        "{x} groomed {c}"

    section 1 "Reporting":
        definition carer (1):
            "{p} is a carer" means "{p} is a teacher" or "{p} is a nurse"
        definition adult_carer (2):
            "{p} is an adult carer" means "{p} is a carer" and "the age of {p}" is at least 18
        duty report (3):
            name "the duty to report harm"
            holder {p}
            when "{p} is an adult carer" and "{p} sees harm to {c}"
            must "{p} reports harm to {c}"
            by "at once"
            to "the council"
        duty follow_up (4):
            holder {p}
            when {p} is under report and "{p} reports harm to {c}"
            must "{p} sees harm to {c}"
        permission leave (5):
            holder {p}
            when "{p} is on leave" and "{p} sees harm to {c}"
            need not "{p} reports harm to {c}"
            notwithstanding report
        exception on_leave_and_young (6) to report:
            when "{p} is on leave" and "the age of {c}" is under 5

    section 2 "Enforcement":
        consequence barring (1):
            faced by {p}
            when {p} breaches report or {p} breaches follow_up
        offence obstructing (2):
            committed by {x}
            when some {p}, {c}: {p} is under report and "{x} stops {p} reporting harm to {c}"
            on indictment: imprisonment up to 5 years, a fine, or both
            on summary conviction: a fine up to £1,000
        offence minor (3):
            committed by {x}
            when some {p}, {c}: "{x} stops {p} reporting harm to {c}" and "{p} is on leave"
            penalty: a fine up to £500
        aggravating factor grooming (4):
            aggravates obstructing
            when some {g}: "{x} groomed {g}"
''')


@pytest.fixture(scope="module")
def toy():
    return load_text(TOY, "toy.law")


@pytest.fixture(scope="module")
def graph(toy):
    return build_graph(toy)


@pytest.fixture(scope="module")
def og(graph):
    return ObligationGraph(graph)


# ── Builder and schema ───────────────────────────────────────────────────────


def test_node_ids_are_readable_and_typed(graph):
    for node in ("duty:report", "permission:leave", "offence:obstructing", "consequence:barring",
                 "exception:on_leave_and_young", "aggravating_factor:grooming", "definition:carer",
                 "term:p_is_a_teacher", "term:p_is_a_carer", "term:the_age_of_p", "section:sec_1",
                 "penalty:obstructing:indictment", "penalty:obstructing:summary", "penalty:minor:unspecified"):
        assert node in graph, node
    assert graph.nodes["term:the_age_of_p"]["term_kind"] == "number"
    assert graph.nodes["term:p_is_a_carer"]["origin"] == "defined"
    duty = graph.nodes["duty:report"]
    assert duty["kind"] == "duty" and duty["section"] == "s.1(3)" and duty["holder"] == "{p}"
    assert duty["recipient"] == "the council" and duty["deadline"] == "at once"
    assert duty["file"] == "toy.law" and isinstance(duty["line"], int)


def test_every_attribute_is_a_plain_value(graph):
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    assert kinds <= set(NODE_KIND_NAMES)
    assert {k for _, _, k in graph.edges(keys=True)} <= set(EDGE_TYPE_NAMES)
    for _, data in graph.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values()), data
    for _, _, data in graph.edges(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values()), data


def edge(graph, source, target, key):
    assert graph.has_edge(source, target, key), (source, target, key, graph.get_edge_data(source, target))
    return graph.edges[source, target, key]


def test_edges_follow_the_schema(graph):
    reads = edge(graph, "exception:on_leave_and_young", "term:the_age_of_p", "reads")
    assert reads["polarity"] == "positive" and reads["part"] == "condition"
    assert json.loads(reads["readings"])[0]["slots"] == ["c"]
    edge(graph, "definition:carer", "term:p_is_a_carer", "defines")
    enforces = edge(graph, "consequence:barring", "duty:report", "enforces")
    assert enforces["relation"] == "breaches"
    assert edge(graph, "offence:obstructing", "duty:report", "enforces")["relation"] == "is under"
    assert edge(graph, "duty:follow_up", "duty:report", "reads")["relation"] == "is under"
    edge(graph, "offence:obstructing", "penalty:obstructing:indictment", "penalised_by")
    edge(graph, "exception:on_leave_and_young", "duty:report", "excepts")
    assert edge(graph, "permission:leave", "duty:report", "overrides")["clause"] == "notwithstanding"
    edge(graph, "aggravating_factor:grooming", "offence:obstructing", "aggravates")
    edge(graph, "duty:report", "section:sec_1", "part_of")
    assert edge(graph, "duty:report", "term:p_is_an_adult_carer", "binds")["slot"] == 0
    assert not graph.has_edge("duty:report", "term:p_sees_harm_to_c", "binds") or \
        graph.edges["duty:report", "term:p_sees_harm_to_c", "binds"]["slot"] == 0
    action = edge(graph, "permission:leave", "term:p_reports_harm_to_c", "reads")
    assert action["part"] == "action"


def test_negative_and_mixed_polarity():
    act = load_text(TOY.replace('when "{p} is on leave" and "{p} sees',
                                'when not "{p} is a teacher" and "{p} is on leave" and "{p} sees'), "neg.law")
    graph = build_graph(act)
    assert graph.edges["permission:leave", "term:p_is_a_teacher", "reads"]["polarity"] == "negative"


def test_subject_to_points_from_the_winner():
    act = load_text(TOY.replace("notwithstanding report", "subject to report"), "st.law")
    graph = build_graph(act)
    data = edge(graph, "duty:report", "permission:leave", "overrides")
    assert data["clause"] == "subject to" and data["declared_by"] == "leave"


def test_slug_is_safe():
    assert slug('{person} says "hi" <script>\u202e') == "person_says_hi_script"
    assert slug("£") == "phrase"


def test_docs_graph_md_is_generated_from_the_schema():
    assert (ROOT / "docs" / "graph.md").read_text(encoding="utf-8") == schema_markdown(), (
        "regenerate it: python -m statute.graph.schema > docs/graph.md")


def test_graph_of_an_act_with_errors_does_not_crash():
    from conftest import check_text

    loaded = check_text(TOY.replace('"{p} sees harm to {c}"\n        must', '"{p} seez harm to {c}"\n        must'))
    assert loaded.act is not None and any(d.code == "E303" for d in loaded.diagnostics)
    graph = build_graph(loaded.act)
    assert graph.nodes["term:p_seez_harm_to_c"]["origin"] == "undeclared"


# ── Queries ──────────────────────────────────────────────────────────────────


def test_resolve_accepts_ids_citations_and_phrases(og):
    assert og.resolve("report") == "duty:report"
    assert og.resolve("duty:report") == "duty:report"
    assert og.resolve("s.1") == "section:sec_1"
    assert og.resolve("sec_2") == "section:sec_2"
    assert og.resolve("{someone} is a teacher") == "term:p_is_a_teacher"
    assert og.resolve('"{a}  is a Teacher"') == "term:p_is_a_teacher"
    with pytest.raises(UnknownNode) as error:
        og.resolve("reprot")
    assert error.value.suggestions[0] == "report" and "did you mean" in str(error.value)


def test_duties_for_follows_the_slot_through_definitions(og):
    found = {b.node: b.via for b in og.duties_for("{someone} is a teacher")}
    assert set(found) == {"duty:report", "duty:follow_up"}
    assert found["duty:report"] == ("definition:carer", "definition:adult_carer")
    assert [b.node for b in og.duties_for("{q} is on leave")] == ["permission:leave"]
    assert og.duties_for("{someone} sees harm to {kid}", slot="kid") == []
    assert {b.node for b in og.duties_for("{someone} sees harm to {kid}", slot="someone")} == \
        {"duty:report", "duty:follow_up", "permission:leave"}
    with pytest.raises(UnknownNode):
        og.duties_for("{p} is a teecher")
    with pytest.raises(ValueError):
        og.duties_for("{p} is a teacher", slot="nobody")


def test_consequences_of_breaching_a_duty(og):
    found = {f.node: f for f in og.consequences("report")}
    assert found["consequence:barring"].relation == "breaches"
    assert found["offence:obstructing"].relation == "is under"
    assert found["penalty:obstructing:indictment"].parent == "offence:obstructing"
    assert found["aggravating_factor:grooming"].relation == "aggravated by"
    assert "offence:minor" not in found
    assert [f.node for f in og.consequences("minor")] == ["penalty:minor:unspecified"]
    from_section = {f.node: f.parent for f in og.consequences("s.2")}
    assert from_section["penalty:minor:unspecified"] == "offence:minor"
    assert from_section["penalty:obstructing:indictment"] == "offence:obstructing"


def test_depends_on_and_impact(og):
    deps = og.depends_on("report")
    assert {"definition:carer", "definition:adult_carer", "term:p_is_a_teacher", "exception:on_leave_and_young",
            "permission:leave"} <= set(deps)
    assert "consequence:barring" not in deps
    impact = og.impact("carer")
    assert {"term:p_is_a_carer", "definition:adult_carer", "duty:report", "duty:follow_up",
            "consequence:barring", "offence:obstructing", "penalty:obstructing:indictment"} <= set(impact)
    assert "offence:minor" not in impact
    assert "duty:report" in og.impact("s.1") or "consequence:barring" in og.impact("s.1")


def test_path_between_two_nodes(og):
    direction, steps = og.path("barring", "{x} is a nurse")
    assert direction == "depends"
    assert steps[0].source == "consequence:barring" and steps[-1].target == "term:p_is_a_nurse"
    direction, steps = og.path("{x} is a nurse", "barring")
    assert direction == "impacts" and steps[0].target == "term:p_is_a_nurse"
    assert og.path("minor", "report") is None


def test_penalties_sorted_by_severity(og):
    rows = og.penalties()
    assert [r["id"] for r in rows] == ["offence:obstructing", "offence:minor"]
    assert rows[0]["penalties"][0]["max_custody"] == "5 years"


def test_graph_read_back_from_json_answers_the_same(graph, og):
    again = ObligationGraph(nx.node_link_graph(json.loads(export(graph, "json")), edges="edges"))
    assert again.duties_for("{y} is a nurse") == og.duties_for("{y} is a nurse")
    assert again.impact("carer") == og.impact("carer")


def test_enacted_consequences_of_the_duty_to_notify():
    og = ObligationGraph.from_act(load("enacted"))
    found = {f.node: f for f in og.consequences("duty_to_notify")}
    assert "consequence:barring_referral" in found
    penalty = found["penalty:preventing_or_deterring:indictment"]
    assert penalty.parent == "offence:preventing_or_deterring"
    assert "7 years" in og.attrs(penalty.node)["label"]


def test_enacted_duties_for_a_teacher():
    og = ObligationGraph.from_act(load("enacted"))
    found = {b.node: b.via for b in og.duties_for("{person} is a teacher")}
    assert found["duty:duty_to_notify"] == ("definition:regulated_activity", "definition:relevant_activity",
                                            "definition:mandated_reporter")
    assert "duty:duty_to_notify" not in {b.node for b in og.duties_for("{person} is a shop assistant")}


# ── Exports ──────────────────────────────────────────────────────────────────

HOSTILE = '{p} says \\"x\\" <script>alert(1)</script> ]] {{ \\\\ back\\nslash \u202eevil & co'


@pytest.fixture(scope="module")
def hostile_graph():
    text = TOY.replace('"{p} is on leave"', f'"{HOSTILE.replace("{{ ", "")}"').replace(
        'name "the duty to report harm"', 'name "the {} duty ]] \\"quoted\\" <b>bold</b> \u202e \\\\ end"')
    act = load_text(text, "hostile.law")
    graph = build_graph(act)
    phrase = next(d["phrase"] for _, d in graph.nodes(data=True) if "script" in d.get("phrase", ""))
    assert '"x"' in phrase and "\n" in phrase and "\\" in phrase and "\u202e" in phrase
    return graph


_DOT_STRING = r'"((?:[^"\\]|\\.)*)"'


def parse_dot(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        found = re.fullmatch(rf"  {_DOT_STRING} -> {_DOT_STRING} \[key={_DOT_STRING}, label=.*\];", line)
        if found:
            edges.append(tuple(dot_unescape(g) for g in found.groups()))
            continue
        found = re.fullmatch(rf"  {_DOT_STRING} \[label={_DOT_STRING}, kind=.*\];", line)
        if found:
            nodes[dot_unescape(found.group(1))] = dot_unescape(found.group(2))
    return nodes, edges


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    def unescape(label: str) -> str:
        label = label.replace("<br>", "\n")
        return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label)

    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    for line in text.splitlines():
        found = re.fullmatch(r'    (n\d+)(?:\(\[|\[\[|\{\{|\[)"([^"]*)"(?:\]\)|\]\]|\}\}|\])', line)
        if found:
            nodes[found.group(1)] = unescape(found.group(2))
            continue
        found = re.fullmatch(r'    (n\d+) (?:-->|-\.->)\|"[^"]*"\| (n\d+)', line)
        if found:
            edges.append((found.group(1), found.group(2)))
    return nodes, edges


@pytest.mark.parametrize("which", ["toy", "hostile"])
def test_dot_round_trip(which, graph, hostile_graph):
    g = graph if which == "toy" else hostile_graph
    text = export(g, "dot")
    nodes, edges = parse_dot(text)
    assert nodes == {n: display(n, d) for n, d in g.nodes(data=True)}
    assert sorted(edges) == sorted(g.edges(keys=True))
    assert text.count(" -> ") == g.number_of_edges()


@pytest.mark.parametrize("which", ["toy", "hostile"])
def test_mermaid_round_trip(which, graph, hostile_graph):
    g = graph if which == "toy" else hostile_graph
    text = export(g, "mermaid")
    assert text.splitlines()[1] == "flowchart LR"
    nodes, edges = parse_mermaid(text)
    ordered = sorted(g.nodes)
    assert {nodes[f"n{i}"] for i in range(len(ordered))} == {display(n, g.nodes[n]) for n in ordered}
    assert [nodes[f"n{i}"] for i in range(len(ordered))] == [display(n, g.nodes[n]) for n in ordered]
    assert len(edges) == g.number_of_edges()
    assert not re.search(r"\bend\b", " ".join(re.findall(r"n\d+", text)))


@pytest.mark.parametrize("which", ["toy", "hostile"])
def test_graphml_round_trip(which, graph, hostile_graph, tmp_path):
    g = graph if which == "toy" else hostile_graph
    path = tmp_path / "g.graphml"
    path.write_text(export(g, "graphml"), encoding="utf-8")
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(g.nodes)
    for node, data in g.nodes(data=True):
        assert dict(back.nodes[node]) == dict(data)
    assert sorted(back.edges(keys=True)) == sorted(g.edges(keys=True))
    for source, target, key, data in g.edges(keys=True, data=True):
        assert dict(back.edges[source, target, key]) == dict(data)


@pytest.mark.parametrize("which", ["toy", "hostile"])
def test_json_round_trip(which, graph, hostile_graph):
    g = graph if which == "toy" else hostile_graph
    back = nx.node_link_graph(json.loads(export(g, "json")), edges="edges")
    assert back.is_multigraph() and back.is_directed()
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    assert sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in back.edges(keys=True, data=True)) == \
        sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in g.edges(keys=True, data=True))


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_never_appears_raw(fmt, hostile_graph):
    text = export(hostile_graph, fmt)
    assert "\u202e" not in text
    if fmt in ("dot", "mermaid", "json"):
        assert "<script>" not in text and "<b>" not in text
    if fmt == "graphml":
        import xml.etree.ElementTree as ET

        ET.fromstring(text.encode("utf-8"))  # well-formed XML


def test_graphml_replaces_characters_xml_cannot_hold():
    graph = nx.MultiDiGraph()
    graph.add_node("a", kind="term", label="bell\x07 and cr\r")
    back = nx.read_graphml(__import__("io").BytesIO(export(graph, "graphml").encode()), force_multigraph=True)
    assert back.nodes["a"]["label"] == "bell\\u0007 and cr\r"


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_deterministic(fmt, toy):
    first = export(build_graph(toy), fmt)
    second = export(build_graph(load_text(TOY, "toy.law")), fmt)
    shuffled = nx.MultiDiGraph()
    original = build_graph(toy)
    shuffled.graph.update(reversed(list(original.graph.items())))
    for node in reversed(list(original.nodes)):
        shuffled.add_node(node, **dict(reversed(list(original.nodes[node].items()))))
    for u, v, k, d in reversed(list(original.edges(keys=True, data=True))):
        shuffled.add_edge(u, v, key=k, **d)
    assert first == second == export(shuffled, fmt)


# ── The CLI ──────────────────────────────────────────────────────────────────


def test_cli_query_consequences_on_the_enacted_act(capsys):
    assert main(["query", "enacted", "consequences", "duty_to_notify"]) == 0
    out = capsys.readouterr().out
    assert "consequence barring_referral (s.93(1))" in out
    assert "offence preventing_or_deterring (s.92(1))" in out
    assert "imprisonment up to 7 years" in out


def test_cli_query_json_and_unknown_ids(capsys):
    assert main(["query", "enacted", "duties", "--for", "{someone} is a teacher", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "duty:duty_to_notify" in [r["id"] for r in data["rules"]]
    assert main(["query", "enacted", "impact", "duty_to_notfy"]) == 1
    err = capsys.readouterr().err
    assert "did you mean 'duty_to_notify'" in err and "Traceback" not in err
    assert main(["query", "enacted", "duties", "--for", "{p} is a techer"]) == 1
    assert "{person} is a teacher" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["depends-on", "duty_to_notify"], ["impact", "mandated_reporter"], ["path", "barring_referral", "s.85"],
    ["path", "duty_to_notify", "{p} is a police constable"], ["penalties"], ["consequences", "s.93"],
])
def test_cli_queries_run_in_text_and_json(argv, capsys):
    assert main(["query", "enacted", *argv]) == 0
    assert capsys.readouterr().out.strip()
    assert main(["query", "enacted", *argv, "--json"]) == 0
    json.loads(capsys.readouterr().out)


def test_cli_graph_writes_atomically_and_never_over_a_law_file(tmp_path, capsys):
    target = tmp_path / "out.mmd"
    assert main(["graph", "enacted", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").splitlines()[1] == "flowchart LR"
    assert [p.name for p in tmp_path.iterdir()] == ["out.mmd"]
    law = tmp_path / "toy.law"
    law.write_text(TOY, encoding="utf-8")
    assert main(["graph", str(law), "-o", str(law)]) == 2
    assert main(["graph", str(law), "--format", "json", "-o", str(tmp_path / "other.law")]) == 2
    assert law.read_text(encoding="utf-8") == TOY
    assert "refusing" in capsys.readouterr().err
    assert main(["graph", str(law), "-o", str(tmp_path / "missing" / "g.dot")]) == 2
    assert main(["graph", "enacted", "--format", "graphml"]) == 0
    assert capsys.readouterr().out.startswith("<?xml")


def test_cli_graph_on_a_bad_act_reports_and_exits_1(tmp_path, capsys):
    law = tmp_path / "bad.law"
    law.write_text(TOY.replace('"{p} sees harm to {c}"\n        must', '"{p} seez harm to {c}"\n        must'),
                   encoding="utf-8")
    assert main(["graph", str(law)]) == 1
    assert "E303" in capsys.readouterr().err


def test_consequences_through_a_definition_that_asks_about_a_breach():
    before = """    consequence barring (1):
        faced by {p}
        when {p} breaches report or {p} breaches follow_up"""
    after = """    definition defaulted (1):
        "{p} has defaulted" means {p} breaches report or {p} breaches follow_up
    consequence barring (5):
        faced by {p}
        when "{p} has defaulted\""""
    assert before in TOY
    og = ObligationGraph.from_act(load_text(TOY.replace(before, after), "via.law"))
    found = {f.node: f for f in og.consequences("report")}
    assert found["definition:defaulted"].relation == "breaches"
    assert found["consequence:barring"].parent == "definition:defaulted"
    assert og.graph.edges["definition:defaulted", "duty:report", "reads"]["relation"] == "breaches"


def test_impact_and_dependencies_walk_only_what_they_find() -> None:
    """impact / depends-on walk the stored edges around the node; the answer is networkx's on dependencies()."""
    import networkx as nx

    from statute import load
    from statute.graph.build import build_graph
    from statute.graph.queries import ObligationGraph

    graph = build_graph(load("enacted"))
    walked, built = ObligationGraph(graph), ObligationGraph(graph)
    deps = built.dependencies()
    for node in graph.nodes:
        members = walked.members(node)
        assert walked.impact(node) == sorted(set().union(*(nx.ancestors(deps, m) for m in members)) - set(members))
        assert walked.depends_on(node) == sorted(
            set().union(*(nx.descendants(deps, m) for m in members)) - set(members))
    assert walked._dependencies is None  # never built


def test_provision_ids_resolve_without_the_alias_index_to_what_the_index_says() -> None:
    from statute import load
    from statute.graph.build import build_graph
    from statute.graph.queries import ObligationGraph

    for name in ("enacted", "announced", "tests/acts/quiet_hours.law"):
        act = load(name)
        graph = build_graph(act)
        indexed = ObligationGraph(graph)._aliases()
        for provision in act.provisions:
            fresh = ObligationGraph(graph)
            assert fresh._lookup(provision.id) == indexed[provision.id]
            assert fresh._index is None or provision.id.startswith(("sec_", "part_"))


def test_a_provision_can_be_named_by_its_title_or_its_own_citation():
    graph = ObligationGraph.from_act(load("enacted"))
    assert graph.resolve("the duty to notify suspected child sex offences") == "duty:duty_to_notify"
    assert graph.resolve("THE DUTY TO NOTIFY SUSPECTED CHILD SEX OFFENCES") == "duty:duty_to_notify"
    assert graph.resolve("s.85(2)(b)") == "duty:notification_content"
    with pytest.raises(UnknownNode) as shared:
        graph.resolve("s.85(1)")
    assert "several provisions share" in str(shared.value) and "duty_to_notify" in shared.value.suggestions


def test_consequences_of_a_section_name_every_provision_they_follow_from():
    act = load_text('act "Two (toy)":\n    source "t"\nterms:\n    "{p} files"\n    "{p} pays"\n'
                    'section 1 "S":\n    source "t"\n    duty file (1):\n        holder {p}\n        must "{p} files"\n'
                    '    duty pay (2):\n        holder {p}\n        must "{p} pays"\n'
                    'section 2 "T":\n    source "t"\n    consequence fine (1):\n        faced by {p}\n'
                    '        when {p} breaches file or {p} breaches pay\n')
    followers = ObligationGraph.from_act(act).consequences("s.1")
    assert [(f.node, f.parent, f.also) for f in followers] == [("consequence:fine", "duty:file", ("duty:pay",))]
