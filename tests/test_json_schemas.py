"""Every JSON document statute writes names its schema, and the published schema accepts it.

The schemas live in statute/schemas/ as JSON files generated from :mod:`statute.schemas`
(``python -m statute.schemas`` regenerates them; the first test fails until you do).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from statute import schemas
from statute.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASE = str(ROOT / "examples" / "cases" / "head_teacher_deters.case")

#: one invocation per JSON document a command prints (coverage is run as a subprocess below)
COMMANDS = {
    "check": ["check", "--json"],
    "check with errors": ["check", str(ROOT / "tests" / "fixtures" / "errors" / "e100_penalty.law"), "--json"],
    "acts": ["acts", "--json"],
    "show": ["show", "enacted", "--json"],
    "parse": ["parse", str(ROOT / "tests" / "acts" / "quiet_hours.law"), "--json"],
    "explain": ["explain", "--act", "enacted", CASE, "--json"],
    "explain why not": ["explain", "--act", "enacted", CASE, "--json", "--why-not", "preventing_or_deterring",
                        "--party", "Alice"],
    "query duties": ["query", "enacted", "duties", "--for", "{person} is a teacher", "--json"],
    "query consequences": ["query", "enacted", "consequences", "duty_to_notify", "--json"],
    "query depends-on": ["query", "enacted", "depends-on", "duty_to_notify", "--json"],
    "query impact": ["query", "enacted", "impact", "mandated_reporter", "--json"],
    "query path": ["query", "enacted", "path", "mandated_reporter", "barring_referral", "--json"],
    "query penalties": ["query", "enacted", "penalties", "--json"],
    "diff": ["diff", "announced", "enacted", "--json"],
    "graph": ["graph", "enacted", "--format", "json"],
    "impact": ["impact", "announced", "enacted", "--generate", "60", "--no-progress", "--json"],
}


def test_the_published_files_are_generated_from_the_module():
    folder = Path(schemas.__file__).parent
    for schema_id in schemas.SCHEMAS:
        path = folder / schemas.file_name(schema_id)
        assert path.is_file(), f"{path.name} is missing: run python -m statute.schemas"
        assert path.read_text(encoding="utf-8") == schemas.schema_text(schema_id), \
            f"{path.name} is stale: run python -m statute.schemas"
    published = {p.name for p in folder.glob("*.json")}
    assert published == {schemas.file_name(i) for i in schemas.SCHEMAS}, "a schema file nothing generates"


@pytest.mark.parametrize("schema_id", schemas.SCHEMAS)
def test_each_schema_is_a_valid_draft_2020_12_schema(schema_id):
    schema = schemas.schema_for(schema_id)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == schema_id and schema["properties"]["schema"] == {"const": schema_id}


def _validate(document: dict) -> None:
    schema = schemas.schema_for(document["schema"])
    jsonschema.Draft202012Validator(schema).validate(document)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_json_output_names_its_schema_and_validates(capsys, name):
    main(COMMANDS[name])
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] in schemas.SCHEMAS
    _validate(document)


def test_the_coverage_report_validates(tmp_path):
    done = subprocess.run([sys.executable, "-m", "statute", "coverage", "features/toy", "--json",
                           "-o", str(tmp_path / "c.json")], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    _validate(json.loads(done.stdout))


def test_the_api_documents_validate():
    import statute
    from statute.explain import to_json

    assessment = statute.assess(statute.load("enacted"), Path(CASE).read_text(encoding="utf-8"))
    _validate(assessment.to_json())
    _validate(to_json(assessment.explain("duty_to_notify", "Alice")))


def test_validation_is_not_vacuous(capsys):
    main(COMMANDS["acts"])
    document = json.loads(capsys.readouterr().out)
    document["acts"][0]["provisions"] = "many"
    with pytest.raises(jsonschema.ValidationError):
        _validate(document)
    del document["acts"]
    with pytest.raises(jsonschema.ValidationError):
        _validate(document)


def test_every_schema_id_in_the_package_is_published():
    """A new document written with a ``statute.NAME/N`` id needs its schema in statute/schemas."""
    named = set()
    for path in (ROOT / "statute").rglob("*.py"):
        if path.parent.name == "schemas":
            continue
        named |= set(re.findall(r"[\"'](statute\.[a-z][a-z.-]*/\d+)[\"']", path.read_text(encoding="utf-8")))
    assert named, "the scan found no ids: is the pattern right?"
    missing = sorted(named - set(schemas.SCHEMAS))
    assert not missing, f"documents without a published schema: {missing}"
