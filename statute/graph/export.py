"""Export the obligation graph to the tools legal engineers already use.

Four formats, each deterministic (the same Act gives byte-identical output:
nodes, edges and attributes are sorted) and each escaping what it embeds, since
phrases and quoted statutory text are user input:

* **DOT** (Graphviz) — written here, no pydot: quoted ids, labels escaped for
  ``\\``, ``"``, newlines and ``<``/``>``/``&`` (Graphviz reads HTML entities in
  ordinary labels, so they are written as entities too);
* **Mermaid** (GitHub renders it) — ``flowchart LR`` with generated ids
  ``n0``, ``n1`` … and quoted labels in which every character outside a small
  safe set is a ``#NNN;`` entity code, so no bracket, quote, ``]]`` or ``{}`` can
  end a label early;
* **GraphML** — networkx's writer; characters XML 1.0 cannot hold are written
  as ``\\uXXXX`` text, a carriage return as ``&#13;`` (parsers would otherwise
  normalise it away);
* **JSON** — ``nx.node_link_data(G, edges="edges")``, with ``<``, ``>``, ``&`` as ``\\u`` escapes
  so it can be embedded in a web page.

In every format, bidirectional-text controls (U+202E …) and other invisible
format characters are written as escapes, never raw, so a label cannot reorder
the text around it in a viewer.
"""

from __future__ import annotations

import io
import json
import re

import networkx as nx

FORMATS = ("dot", "mermaid", "graphml", "json")
SUFFIX = {"dot": ".dot", "mermaid": ".mmd", "graphml": ".graphml", "json": ".json"}

#: Invisible or direction-changing characters that are never written raw.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                       "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
#: Characters XML 1.0 cannot represent at all, even as references.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

KIND_STYLE = {
    "section": ("#eeeeee", "#777777"),
    "term": ("#ffffff", "#999999"),
    "definition": ("#e8f0fe", "#4a6fa5"),
    "duty": ("#fde2e1", "#b3261e"),
    "prohibition": ("#fbd3e9", "#a0206e"),
    "permission": ("#dff5e1", "#2e7d32"),
    "offence": ("#ffd7b5", "#c25e00"),
    "consequence": ("#fff4c2", "#a07a00"),
    "penalty": ("#f3e5f5", "#6a1b9a"),
    "exception": ("#e0f7fa", "#00838f"),
    "aggravating factor": ("#efebe9", "#5d4037"),
}


def sorted_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with nodes, edges and attribute names in sorted order (for byte-identical output)."""
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    out.graph.update(sorted(graph.graph.items()))
    for node in sorted(graph.nodes, key=str):
        out.add_node(node, **dict(sorted(graph.nodes[node].items())))
    for source, target, key, data in sorted(graph.edges(keys=True, data=True),
                                            key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        out.add_edge(source, target, key=key, **dict(sorted(data.items())))
    return out


def display(node: str, data: dict) -> str:
    """What a diagram shows for a node: kind and id, its label, its section."""
    kind = str(data.get("kind", ""))
    if kind == "term":
        prefix = "number: " if data.get("term_kind") == "number" else ""
        return prefix + str(data.get("phrase") or data.get("label") or node)
    if kind in ("section", "penalty"):
        return str(data.get("label") or node)
    lines = [f"{kind} {data.get('provision') or node}"]
    if kind == "definition" and data.get("defines"):
        lines.append(f'"{data["defines"]}"')
    elif data.get("title") and data.get("title") != str(data.get("provision", "")).replace("_", " "):
        lines.append(str(data["title"]))
    if data.get("section"):
        lines.append(str(data["section"]))
    return "\n".join(lines)


def _edge_label(key: str, data: dict) -> str:
    extras = [str(data[name]) for name in ("relation", "clause") if data.get(name)]
    if data.get("polarity") in ("negative", "mixed"):
        extras.append("not" if data["polarity"] == "negative" else "mixed")
    return key + (f" ({', '.join(extras)})" if extras else "")


# ── DOT ──────────────────────────────────────────────────────────────────────


_DOT_SPECIAL = re.compile('[\\\\"\n\r&<>]|' + INVISIBLE.pattern)
_DOT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "&": "&amp;", "<": "&lt;", ">": "&gt;"}


def dot_string(text: str) -> str:
    """A DOT quoted string that shows ``text`` literally."""
    escaped = _DOT_SPECIAL.sub(lambda match: _DOT_ESCAPES.get(match.group(), f"&#{ord(match.group())};"), str(text))
    return f'"{escaped}"'


def to_dot(graph: nx.MultiDiGraph) -> str:
    graph = sorted_graph(graph)
    title = str(graph.graph.get("title", "obligation graph"))
    lines = [f"digraph {dot_string(title)} {{",
             f"  graph [label={dot_string(title)}, labelloc=t, rankdir=LR, fontname=\"Helvetica\"];",
             '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for node, data in graph.nodes(data=True):
        fill, line = KIND_STYLE.get(str(data.get("kind")), ("#ffffff", "#000000"))
        lines.append(f"  {dot_string(node)} [label={dot_string(display(node, data))}, "
                     f"kind={dot_string(data.get('kind', ''))}, fillcolor=\"{fill}\", color=\"{line}\"];")
    for source, target, key, data in graph.edges(keys=True, data=True):
        style = ""
        if data.get("polarity") in ("negative", "mixed"):
            style = ', style="dashed"'
        elif key in ("part_of", "binds"):
            style = ', style="dotted"'
        lines.append(f"  {dot_string(source)} -> {dot_string(target)} [key={dot_string(key)}, "
                     f"label={dot_string(_edge_label(key, data))}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ── Mermaid ──────────────────────────────────────────────────────────────────

_MERMAID_UNSAFE = re.compile(r"[^A-Za-z0-9 .,:!?'\-_/@+*=()]")


def mermaid_text(text: str) -> str:
    """Label text for inside ``"…"``: unsafe characters as ``#NNN;`` entity codes, newlines as ``<br>``."""
    return _MERMAID_UNSAFE.sub(lambda match: "<br>" if match.group() == "\n" else f"#{ord(match.group())};",
                               str(text))


def to_mermaid(graph: nx.MultiDiGraph) -> str:
    graph = sorted_graph(graph)
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    title = str(graph.graph.get("title", "obligation graph"))
    lines = [f"%% {mermaid_text(title).replace('<br>', ' ')} — generated by statute", "flowchart LR"]
    by_kind: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        kind = str(data.get("kind", "other"))
        by_kind.setdefault(kind, []).append(ids[node])
        label = mermaid_text(display(node, data))
        if kind == "term":
            lines.append(f'    {ids[node]}(["{label}"])')
        elif kind == "section":
            lines.append(f'    {ids[node]}[["{label}"]]')
        elif kind == "penalty":
            lines.append(f'    {ids[node]}{{{{"{label}"}}}}')
        else:
            lines.append(f'    {ids[node]}["{label}"]')
    for source, target, key, data in graph.edges(keys=True, data=True):
        arrow = "-.->" if key in ("part_of", "binds") or data.get("polarity") in ("negative", "mixed") else "-->"
        lines.append(f'    {ids[source]} {arrow}|"{mermaid_text(_edge_label(key, data))}"| {ids[target]}')
    for kind in sorted(by_kind):
        fill, line = KIND_STYLE.get(kind, ("#ffffff", "#000000"))
        name = "k_" + re.sub(r"[^a-z0-9]+", "_", kind.casefold())
        lines.append(f"    classDef {name} fill:{fill},stroke:{line},color:#000")
        lines.append(f"    class {','.join(by_kind[kind])} {name}")
    return "\n".join(lines) + "\n"


# ── GraphML ──────────────────────────────────────────────────────────────────


def _xml_safe(value: object) -> object:
    if isinstance(value, str):
        return XML_INVALID.sub(lambda match: f"\\u{ord(match.group()):04x}", value)
    return value


def to_graphml(graph: nx.MultiDiGraph) -> str:
    ordered = sorted_graph(graph)
    clean: nx.MultiDiGraph[object] = nx.MultiDiGraph()
    clean.graph.update({k: _xml_safe(v) for k, v in ordered.graph.items()})
    for node, data in ordered.nodes(data=True):
        clean.add_node(_xml_safe(node), **{k: _xml_safe(v) for k, v in data.items()})
    for source, target, key, data in ordered.edges(keys=True, data=True):
        clean.add_edge(_xml_safe(source), _xml_safe(target), key=_xml_safe(key),
                       **{k: _xml_safe(v) for k, v in data.items()})
    buffer = io.BytesIO()
    nx.write_graphml(clean, buffer, encoding="utf-8", prettyprint=True)
    text = buffer.getvalue().decode("utf-8")
    text = text.replace("\r", "&#13;")
    return INVISIBLE.sub(lambda match: f"&#x{ord(match.group()):04X};", text)


# ── JSON ─────────────────────────────────────────────────────────────────────


_JSON_ESCAPED = re.compile(INVISIBLE.pattern[:-1] + "<>&]")


def to_json(graph: nx.MultiDiGraph) -> str:
    """Node-link JSON; ``<``, ``>`` and ``&`` are escaped too, so it is safe to embed in HTML."""
    data = nx.node_link_data(sorted_graph(graph), edges="edges")
    data["schema"] = "statute.graph/1"  # published in statute/schemas; node_link_graph ignores it
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    return _JSON_ESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


WRITERS = {"dot": to_dot, "mermaid": to_mermaid, "graphml": to_graphml, "json": to_json}


def export(graph: nx.MultiDiGraph, fmt: str) -> str:
    """The graph in one of :data:`FORMATS`, as text."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return writer(graph)
