"""No rule of the Act is written in Python: change the .law text and every output follows.

A copy of the enacted Act with a different maximum penalty and a different age
threshold must change `show`, evaluation, explanations, the graph and the diff —
with no change to the engine.
"""

from __future__ import annotations

import json

import pytest

from statute import load
from statute.cli import main
from statute.graph.build import build_graph
from statute.graph.diff import diff
from statute.loader import bundled_acts


@pytest.fixture
def amended(tmp_path):
    text = bundled_acts()["enacted"].read_text(encoding="utf-8")
    assert "imprisonment up to 7 years" in text and '"the age of {person}" is at least 18' in text
    text = text.replace("imprisonment up to 7 years", "imprisonment up to 10 years")
    text = text.replace('"the age of {person}" is at least 18', '"the age of {person}" is at least 16')
    path = tmp_path / "amended.law"
    path.write_text(text, encoding="utf-8")
    return path


FACTS = ["Vic volunteers with children", "Vic works in England", "the age of Vic is 17",
         "Bella tells Vic about a child sex offence", "Harry tries to deter Vic from reporting abuse of Bella"]


def test_evaluation_follows_the_text(amended):
    original, changed = load("enacted").evaluate(FACTS), load(amended).evaluate(FACTS)
    assert not original.is_under("duty_to_notify", "Vic")
    assert changed.is_under("duty_to_notify", "Vic")
    assert not original.commits("preventing_or_deterring", "Harry")
    penalty = changed.maximum_penalties("Harry")[0][1]
    assert str(penalty.imprisonment) == "imprisonment up to 10 years"
    assert "at least 16" in json.dumps(changed.explain("duty_to_notify", "Vic").to_json())


def test_show_graph_and_diff_follow_the_text(amended, capsys):
    assert main(["show", str(amended), "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)["provisions"]}
    assert "10 years" in rows["preventing_or_deterring"]["penalty"]
    graph = build_graph(load(amended))
    assert any("10 years" in str(data.get("label", "")) for _, data in graph.nodes(data=True))
    text = diff(load("enacted"), load(amended)).render()
    assert "10 years" in text and "at least 16" in text
