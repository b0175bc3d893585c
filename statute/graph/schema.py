"""The obligation graph's schema, in one place: node kinds, attributes, edge types, direction.

Everything else — the builder, the queries, the exports, ``docs/graph.md`` —
reads these tables. ``docs/graph.md`` is generated from them
(``python -m statute.graph.schema > docs/graph.md``) and a test keeps the two
identical, so the published schema cannot drift from the code.

Attribute values are plain ``str``, ``int``, ``float`` or ``bool`` (never a
list or None) so that every graph survives GraphML; where a value is naturally
a list it is stored as a JSON string and says so. An attribute that does not
apply to a node is absent, not empty.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class NodeKind:
    name: str
    id_pattern: str
    meaning: str
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class EdgeType:
    name: str
    source: str
    target: str
    meaning: str
    #: "source" when the source's outcome depends on the target, "target" for the reverse, "" for none.
    dependent: str
    attributes: tuple[tuple[str, str], ...] = ()


COMMON_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("kind", "the node kind (the table below)"),
    ("label", "a one-line human label: the provision's name and citation, the phrase, the section heading"),
    ("section", "citation of the section it belongs to, e.g. `s.85(1)`, `claim 2(1)`"),
    ("text", "the statutory or announced text it quotes (its own, else its section's)"),
    ("source", "where the text comes from (inherited from the section or Act when not its own)"),
    ("confidence", "verified, secondary or unverified (inherited likewise)"),
    ("file", "the .law file it is written in"),
    ("line", "the line it starts on (int)"),
)

_PROVISION = (
    ("provision", "the provision's id, e.g. `duty_to_notify`"),
    ("eid", "Akoma Ntoso style id, e.g. `sec_85__subsec_1`"),
    ("title", "its name, or its id in words"),
    ("note", "the encoder's note, when there is one"),
    ("condition", "when it applies, in the statute language (absent when always)"),
    ("in_force_from", "the day it comes into force, the latest of its own, its sections' and the Act's "
                      "(`YYYY-MM-DD`; absent when none is stated)"),
    ("appointed_by", "who appoints the day it comes into force (e.g. `regulations`), when it commences on a day "
                     "to be appointed"),
    ("repealed_on", "the day it ceases to be in force, the earliest of its own and its sections' (`YYYY-MM-DD`)"),
)
_HOLDER = (("holder", "the slot naming its subject, e.g. `{person}`"),)

NODE_KINDS: tuple[NodeKind, ...] = (
    NodeKind("section", "`section:{eid}` e.g. `section:part_5__chp_2__sec_85`",
             "a section, clause, schedule, part, chapter … of the Act",
             (("eid", "Akoma Ntoso style id"), ("number", "its number as written"),
              ("section_kind", "section, clause, schedule, part, chapter, …"),
              ("heading", "its heading, when it has one"),
              ("in_force", "its own in-force period in words, e.g. `in force on a day appointed by regulations`, "
                           "when it states one"))),
    NodeKind("term", "`term:{slug}` e.g. `term:person_is_a_teacher`",
             "a phrase template: declared under `terms:`, defined by a definition, or (in an Act with "
             "errors) used without either",
             (("phrase", "the template as declared, e.g. `{person} is a teacher`"),
              ("key", "its identity with slot names erased, e.g. `{} is a teacher`"),
              ("term_kind", "fact or number"),
              ("origin", "declared, defined or undeclared"),
              ("slots", "JSON list of its slot names, e.g. `[\"person\"]`"))),
    NodeKind("definition", "`definition:{id}`", "a constitutive rule: a phrase means a condition",
             (*_PROVISION, ("defines", "the phrase it defines"),
              ("slots", "JSON list of the defined phrase's slot names"))),
    NodeKind("duty", "`duty:{id}`", "must do something",
             (*_PROVISION, *_HOLDER, ("modality", "must"), ("action", "what is required"),
              ("deadline", "by when, when stated"), ("recipient", "to whom, when stated"))),
    NodeKind("prohibition", "`prohibition:{id}`", "must not do something",
             (*_PROVISION, *_HOLDER, ("modality", "must not"), ("action", "what is forbidden"),
              ("recipient", "to whom, when stated"))),
    NodeKind("permission", "`permission:{id}`", "may do, or need not do, something",
             (*_PROVISION, *_HOLDER, ("modality", "may or need not"), ("action", "what is permitted"),
              ("deadline", "by when, when stated"), ("recipient", "to whom, when stated"))),
    NodeKind("offence", "`offence:{id}`", "a crime: who commits it, its elements, its penalties",
             (*_PROVISION, *_HOLDER, ("mode_of_trial", "e.g. triable either way"),
              ("penalty", "the maximum penalties in words"),
              ("max_custody_hours", "the longest maximum term of imprisonment in hours, 0 when none (float)"))),
    NodeKind("consequence", "`consequence:{id}`", "an outcome that is not a crime, e.g. a barring referral",
             (*_PROVISION, *_HOLDER)),
    NodeKind("penalty", "`penalty:{offence id}:{mode}` e.g. `penalty:preventing_or_deterring:indictment`; "
             "mode is indictment, summary or unspecified (`~2`, `~3` … when one mode is given twice)",
             "the maximum penalty of an offence for one mode of trial",
             (("offence", "the offence's id"), ("mode", "on indictment, on summary conviction, or "
                                                         "mode of trial not stated"),
              ("max_custody", "the maximum term of imprisonment in words, when there is one"),
              ("max_custody_hours", "the same in hours, 0 when none or not a number (float)"),
              ("fine", "the fine, when there is one"), ("stated", "False for `penalty: not stated` (bool)"),
              ("from", "the day from which this maximum applies (`YYYY-MM-DD`), for a maximum that rose"))),
    NodeKind("exception", "`exception:{id}`", "defeats its targets wherever its condition holds",
             (*_PROVISION, ("targets", "the ids it is an exception to, comma-separated"))),
    NodeKind("defence", "`defence:{id}`", "an answer to a charge of an offence, which a party must prove (or raise)",
             (*_PROVISION, ("targets", "the offences it is a defence to, comma-separated"),
              ("burden", "legal or evidential"), ("standard", "the standard of proof of a legal burden"),
              ("proved_by", "the slot of the party who bears the burden"))),
    NodeKind("presumption", "`presumption:{id}`", "makes a fact hold on its basis unless it is rebutted",
             (*_PROVISION, ("presumes", "the phrase it presumes"), ("condition", "the basis and, negated, the "
                                                                                "rebuttal"))),
    NodeKind("aggravating factor", "`aggravating_factor:{id}`", "makes an offence more serious",
             (*_PROVISION, ("targets", "the offences it aggravates, comma-separated"),
              ("effect", "what it does to the sentence, when stated"))),
)

_READING = (
    ("polarity", "positive, negative (under an odd number of `not`) or mixed (both)"),
    ("part", "where it is read: condition, action or deadline (comma-separated when several)"),
    ("readings", "JSON list, one object per use: `{\"part\", \"polarity\", \"slots\"}` (+ `\"relation\"` for a "
                 "status test) — `slots` are the reader's slot names in the phrase's slot order"),
)

EDGE_TYPES: tuple[EdgeType, ...] = (
    EdgeType("reads", "provision", "term or provision",
             "the source's condition, action or deadline reads a phrase, or asks about another provision's "
             "outcome (a status test not covered by `enforces`)", "source",
             (*_READING, ("relation", "for a status test: is under, breaches, complies with, is excused from, "
                                      "commits, faces"))),
    EdgeType("defines", "definition", "term", "the definition gives the phrase its meaning", "target"),
    EdgeType("enforces", "offence or consequence", "duty or prohibition",
             "the offence or consequence asks about the duty's status for a party "
             "(e.g. `when {person} breaches duty_to_notify`)", "source",
             (("relation", "breaches, complies with, is under or is excused from (comma-separated when several)"),
              *_READING)),
    EdgeType("penalised_by", "offence", "penalty", "the offence's maximum penalty for one mode of trial", "target"),
    EdgeType("excepts", "exception or defence", "provision",
             "the exception (or defence) defeats its target where it applies", "target"),
    EdgeType("presumes", "presumption", "term", "the presumption makes the phrase hold on its basis", "target"),
    EdgeType("overrides", "provision", "provision",
             "priority: the source prevails over the target (`notwithstanding target` written on the source, "
             "or `subject to source` written on the target)", "target",
             (("clause", "notwithstanding or subject to"), ("declared_by", "the id of the provision that says so"))),
    EdgeType("aggravates", "aggravating factor", "offence", "the factor makes the offence more serious",
             "target"),
    EdgeType("binds", "duty, prohibition or permission", "term",
             "a phrase the rule's condition reads positively about its holder: who it binds and when "
             "(e.g. `duty_to_notify` binds `{person} is a mandated reporter`); derived from `reads`, direct only "
             "(follow `defines`/`reads` for the roles behind a defined phrase)", "",
             (("slot", "the position (0-based) of the holder among the phrase's slots (int)"),)),
    EdgeType("part_of", "provision or section", "section", "structure: where it is written", ""),
)

NODE_KIND_NAMES = tuple(k.name for k in NODE_KINDS)
EDGE_TYPE_NAMES = tuple(e.name for e in EDGE_TYPES)
PROVISION_KINDS = ("definition", "duty", "prohibition", "permission", "offence", "consequence", "exception",
                   "aggravating factor", "defence", "presumption")
#: For each edge type, which end's outcome depends on the other ("source", "target" or "").
DEPENDENT = {e.name: e.dependent for e in EDGE_TYPES}


def schema_markdown() -> str:
    """``docs/graph.md``: the schema for people, generated from the tables above."""
    out = [
        "# The obligation graph",
        "",
        "<!-- Generated by `python -m statute.graph.schema > docs/graph.md`; a test keeps it in step "
        "with statute/graph/schema.py. Do not edit by hand. -->",
        "",
        "`statute.graph.build_graph(act)` turns an Act into a networkx `MultiDiGraph`. Every edge's **key is "
        "its type**, so there is at most one edge of each type between two nodes (repeated uses are merged into "
        "its attributes). Attribute values are plain strings, ints, floats or booleans, so every graph "
        "survives GraphML; list-like values are JSON strings. An attribute that does not apply is absent.",
        "",
        f"Graph attributes: `title`, `citation`, `version`, `extent`, `schema_version` (= {SCHEMA_VERSION}).",
        "",
        "## Attributes every node has (when known)",
        "",
        "| attribute | meaning |",
        "|---|---|",
    ]
    out.extend(f"| `{name}` | {meaning} |" for name, meaning in COMMON_ATTRIBUTES)
    out += ["", "## Node kinds", "", "| kind | id | meaning | further attributes |", "|---|---|---|---|"]
    for kind in NODE_KINDS:
        attributes = "<br>".join(f"`{name}`: {meaning}" for name, meaning in kind.attributes)
        out.append(f"| {kind.name} | {kind.id_pattern} | {kind.meaning} | {attributes} |")
    out += ["", "## Edge types", "",
            "Direction is always *source → target* as listed. *Depends* says which end's outcome can change when "
            "the other changes; `statute query … depends-on` and `impact` follow it.", "",
            "| key | source → target | meaning | depends | attributes |", "|---|---|---|---|---|"]
    for edge in EDGE_TYPES:
        depends = {"source": "source on target", "target": "target on source", "": "—"}[edge.dependent]
        attributes = "<br>".join(f"`{name}`: {meaning}" for name, meaning in edge.attributes) or "—"
        out.append(f"| `{edge.name}` | {edge.source} → {edge.target} | {edge.meaning} | {depends} | {attributes} |")
    out += [
        "",
        "## Queries",
        "",
        "`statute.graph.ObligationGraph` (and `statute query ACT …`, each with `--json`):",
        "",
        "- `duties --for PHRASE` — duties, prohibitions and permissions that can bind someone the phrase describes, "
        "following the phrase's slot through definitions (`{person} is a teacher` → regulated activity → "
        "relevant activity → mandated reporter → `duty_to_notify`) and through `{x} is under D` conditions;",
        "- `consequences ID` — offences and consequences that ask about the provision's status (`enforces`, "
        "status reads, also through definitions), then what asks about theirs, and their penalties;",
        "- `depends-on ID` / `impact ID` — everything the node's outcome depends on / everything whose outcome "
        "can change if it changes (the *depends* column);",
        "- `path A B` — the shortest chain of dependencies between two nodes;",
        "- `penalties` — offences with their maximum penalties, most severe first.",
        "",
        "An ID is a node id (`duty:duty_to_notify`), a provision id (`duty_to_notify`), a section's eid or "
        "citation (`sec_85`, `s.85`) or a phrase with any slot names (`{someone} is a teacher`).",
        "",
        "## Exports",
        "",
        "`statute graph ACT --format dot|mermaid|graphml|json [-o FILE]`. Output is deterministic (nodes and edges "
        "sorted by id). DOT quotes the real node ids (`\"duty:notify\"`), Mermaid uses generated ones "
        "(`n0`, `n1`, …); both escape every label; GraphML "
        "is networkx's writer (read back with `nx.read_graphml(path, force_multigraph=True)`); JSON is "
        '`nx.node_link_data(G, edges="edges")` (read back with `nx.node_link_graph(data, edges="edges")`). '
        "Bidirectional-text and other invisible control characters are written as escapes in every format; "
        "GraphML cannot hold the C0 control characters XML 1.0 forbids, so those are written as `\\uXXXX` text.",
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(schema_markdown(), end="")
