"""JSON Schemas for every JSON document statute writes, published in the package.

Each document names its schema in a top-level ``"schema"`` field (``statute.check/1``);
the schema itself is ``statute/schemas/statute.check.1.json`` (draft 2020-12), so a
consumer in any language can validate what it reads, and :func:`schema_for` finds it
from Python. The schemas are written here as Python data and the JSON files generated
from them (``python -m statute.schemas``); a test keeps the two equal and validates
every command's ``--json`` output against its schema.

The number after the slash changes when a field is removed or changes meaning; adding
a field does not (consumers should ignore fields they do not know, and the schemas
allow them).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, Any]

STRING: Schema = {"type": "string"}
OPTIONAL_STRING: Schema = {"type": ["string", "null"]}
INTEGER: Schema = {"type": "integer"}
OPTIONAL_INTEGER: Schema = {"type": ["integer", "null"]}
NUMBER: Schema = {"type": "number"}
BOOLEAN: Schema = {"type": "boolean"}
STRINGS: Schema = {"type": "array", "items": STRING}


def obj(required: dict[str, Schema], optional: dict[str, Schema] | None = None, **extra: Any) -> Schema:
    """An object with these required and optional properties (others allowed: see the module's note)."""
    out: Schema = {"type": "object", "required": sorted(required),
                   "properties": {**required, **(optional or {})}}
    out.update(extra)
    return out


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def document(name: str, title: str, body: Schema, defs: dict[str, Schema] | None = None) -> Schema:
    """A top-level schema: its id, its title, the ``schema`` field fixed to its id."""
    schema_id = f"statute.{name}/1"
    out: Schema = {"$schema": DIALECT, "$id": f"{schema_id}", "title": title, **body}
    out["required"] = sorted({"schema", *out.get("required", [])})
    out["properties"] = {"schema": {"const": schema_id}, **out.get("properties", {})}
    if defs:
        out["$defs"] = defs
    return out


# ── shared parts ──────────────────────────────────────────────────────────────

DIAGNOSTIC = obj({"severity": {"enum": ["error", "warning", "info"]}, "code": {"type": "string",
                                                                            "pattern": "^[A-Z][0-9]{3}$"},
                  "message": STRING, "file": OPTIONAL_STRING, "line": OPTIONAL_INTEGER,
                  "column": OPTIONAL_INTEGER, "hint": OPTIONAL_STRING})
NODE = obj({"id": STRING, "kind": STRING, "label": STRING}, {"section": OPTIONAL_STRING})
ACT_NAME = obj({"title": STRING}, {"citation": OPTIONAL_STRING, "version": OPTIONAL_STRING})
REASON = obj({"text": STRING, "holds": BOOLEAN, "kind": STRING},
             {"provision": obj({"id": STRING, "kind": STRING, "citation": STRING},
                               {"title": OPTIONAL_STRING, "eid": OPTIONAL_STRING, "quote": OPTIONAL_STRING,
                                "source": OPTIONAL_STRING, "confidence": OPTIONAL_STRING}),
              "note": OPTIONAL_STRING, "children": array(ref("reason"))})
OUTCOME = obj({"provision": STRING, "kind": STRING, "status": STRING, "party": OPTIONAL_STRING,
               "slots": {"type": "object", "additionalProperties": STRING}},
              {"because": STRINGS, "aggravated_by": STRINGS,
               "maximum_penalties": array(obj({"mode": STRING, "penalty": STRING}))})
CONFLICT = obj({"first": STRING, "second": STRING, "party": STRING, "action": STRING})

# ── the documents ─────────────────────────────────────────────────────────────

SCHEMAS: dict[str, Schema] = {
    "statute.check/1": document("check", "statute check --json: every diagnostic of the Acts checked",
                                obj({"diagnostics": array(ref("diagnostic"))}), {"diagnostic": DIAGNOSTIC}),
    "statute.parse/1": document("parse", "statute parse --json: one file's model and its diagnostics",
                                obj({"file": STRING, "fragment": {"type": ["object", "null"]},
                                     "diagnostics": array(ref("diagnostic"))}), {"diagnostic": DIAGNOSTIC}),
    "statute.acts/1": document("acts", "statute acts --json: the bundled Acts",
                               obj({"acts": array(obj({"name": STRING, "title": STRING, "provisions": INTEGER,
                                                       "path": STRING},
                                                      {"version": OPTIONAL_STRING,
                                                       "citation": OPTIONAL_STRING}))})),
    "statute.show/1": document("show", "statute show --json: every provision of an Act",
                               obj({"act": obj({"title": STRING}, {"citation": OPTIONAL_STRING,
                                                                   "version": OPTIONAL_STRING,
                                                                   "extent": OPTIONAL_STRING,
                                                                   "source": OPTIONAL_STRING}),
                                    "provisions": array(obj({"id": STRING, "kind": STRING, "title": STRING,
                                                             "citation": STRING},
                                                            {"eid": STRING, "section": STRING,
                                                             "text": OPTIONAL_STRING, "source": OPTIONAL_STRING,
                                                             "confidence": OPTIONAL_STRING,
                                                             "note": OPTIONAL_STRING}))})),
    "statute.assessment/1": document(
        "assessment", "statute explain --json, Assessment.to_json(): the outcomes of a case, with explanations",
        obj({"act": ACT_NAME, "parties": STRINGS, "outcomes": array(ref("outcome")),
             "conflicts": array(ref("conflict"))},
            {"explanations": array(ref("reason")), "why_not": ref("reason")}),
        {"outcome": OUTCOME, "conflict": CONFLICT, "reason": REASON}),
    "statute.explanation/1": document("explanation", "statute.explain.to_json(): one explanation tree",
                                      obj({"explanation": ref("reason")}), {"reason": REASON}),
    "statute.query.duties/1": document(
        "query.duties", "statute query ACT duties --for PHRASE --json: the rules that can bind the person",
        obj({"phrase": STRING, "node": STRING,
             "rules": array(obj({"id": STRING, "kind": STRING, "label": STRING, "via": array(ref("node"))},
                                {"section": OPTIONAL_STRING, "holder": OPTIONAL_STRING,
                                 "condition": OPTIONAL_STRING}))}),
        {"node": NODE}),
    "statute.query.consequences/1": document(
        "query.consequences", "statute query ACT consequences ID --json: what follows from a provision",
        obj({"node": ref("node"),
             "consequences": array(obj({"id": STRING, "kind": STRING, "label": STRING, "follows_from": STRING,
                                        "relation": STRING, "depth": INTEGER},
                                       {"section": OPTIONAL_STRING, "also_follows_from": STRINGS}))}),
        {"node": NODE}),
    "statute.query.depends-on/1": document(
        "query.depends-on", "statute query ACT depends-on ID --json: everything a provision depends on",
        obj({"node": ref("node"), "depends_on": array(ref("node"))}), {"node": NODE}),
    "statute.query.impact/1": document(
        "query.impact", "statute query ACT impact ID --json: what a change to a provision touches",
        obj({"node": ref("node"), "impact": array(ref("node"))}, {"scenarios": array({"type": "object"})}),
        {"node": NODE}),
    "statute.query.path/1": document(
        "query.path", "statute query ACT path A B --json: how two provisions are connected",
        obj({"from": ref("node"), "to": ref("node"), "direction": OPTIONAL_STRING,
             "steps": array(obj({"source": STRING, "target": STRING, "relation": STRING}))}),
        {"node": NODE}),
    "statute.query.penalties/1": document(
        "query.penalties", "statute query ACT penalties --json: offences, most severe first",
        obj({"offences": array(obj({"id": STRING, "kind": STRING, "label": STRING,
                                    "penalties": array(obj({"mode": STRING, "penalty": STRING}))},
                                   {"section": OPTIONAL_STRING, "mode_of_trial": OPTIONAL_STRING,
                                    "max_custody_hours": {"type": ["number", "null"]}}))})),
    "statute.diff/1": document(
        "diff", "statute diff OLD NEW --json: what changed in meaning, provision by provision",
        obj({"old": ACT_NAME, "new": ACT_NAME,
             "matches": array(obj({"old": STRING, "new": STRING}, {"score": NUMBER})),
             "changes": array(obj({"change": STRING, "kind": STRING, "id": STRING},
                                  {"citation": OPTIONAL_STRING, "old_id": OPTIONAL_STRING,
                                   "old_citation": OPTIONAL_STRING, "title": OPTIONAL_STRING,
                                   "text": OPTIONAL_STRING,
                                   "details": array(obj({"aspect": STRING, "change": STRING},
                                                        {"old": OPTIONAL_STRING, "new": OPTIONAL_STRING,
                                                         "text": OPTIONAL_STRING}))}))})),
    "statute.impact/1": document(
        "impact", "statute impact OLD NEW --json: what a new version changes over a caseload",
        obj({"old": ACT_NAME, "new": ACT_NAME, "cases": INTEGER, "cases_changed": INTEGER,
             "provisions": array(obj({"provision": STRING, "old": OPTIONAL_STRING, "new": OPTIONAL_STRING,
                                      "gains": {"type": "object", "additionalProperties": INTEGER},
                                      "losses": {"type": "object", "additionalProperties": INTEGER},
                                      "examples": {"type": "object", "additionalProperties": STRINGS}})),
             "transitions": array(obj({"provision": STRING, "from": STRING, "to": STRING, "cases": INTEGER,
                                       "examples": STRINGS}))})),
    "statute.coverage/1": document(
        "coverage", "statute coverage, pytest --statute-coverage: provisions and branches the scenarios exercised",
        obj({"acts": {"type": ["array", "object"]}}, {"rules": {"type": "object"}})),
    "statute.graph/1": document(
        "graph", "statute graph --format json: the obligation graph as networkx node-link data",
        obj({"directed": BOOLEAN, "multigraph": BOOLEAN, "graph": {"type": "object"},
             "nodes": array(obj({"id": STRING, "kind": STRING})),
             "edges": array(obj({"source": STRING, "target": STRING, "key": STRING}))})),
}


def file_name(schema_id: str) -> str:
    """``statute.check/1`` → ``statute.check.1.json``."""
    return schema_id.replace("/", ".") + ".json"


def schema_for(schema_id: str) -> Schema:
    """The published schema of a document id (KeyError for an id statute does not write)."""
    if schema_id not in SCHEMAS:
        raise KeyError(f"statute writes no document {schema_id!r}")
    packaged = resources.files("statute.schemas").joinpath(file_name(schema_id))
    loaded: Schema = json.loads(packaged.read_text(encoding="utf-8"))
    return loaded


def schema_text(schema_id: str) -> str:
    return json.dumps(SCHEMAS[schema_id], indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_all(folder: Path | None = None) -> list[Path]:
    """(Re)generate the JSON files beside this module."""
    folder = folder or Path(__file__).resolve().parent
    written = []
    for schema_id in SCHEMAS:
        path = folder / file_name(schema_id)
        path.write_text(schema_text(schema_id), encoding="utf-8")
        written.append(path)
    return written
