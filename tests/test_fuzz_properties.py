"""Bounded property tests: arbitrary input to the parser and checker, the case reader and the step matcher.

Each reader must end in statute's own diagnostics (or a clean result) whatever it is given: no
exception escapes, every diagnostic renders as UTF-8 and names a line inside the input, and every
JSON output is strict JSON. The long run of the same idea, with big and pathological files, is
``python benchmarks/fuzz.py`` (its mutation and token-stream generators are reused here, driven by
hypothesis so that a failure shrinks). The examples are few, so the file runs in about 15 s.
"""

from __future__ import annotations

import json
import math
import os
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz import HOSTILE, encode, grammar_vocabulary, mutate_bytes, mutate_text, token_stream
from statute import load
from statute.case import CaseReader, party_problem, read_case, read_case_json
from statute.diagnostics import CODES, Diagnostic, render
from statute.evaluate import EvaluationTooLarge, evaluator_for
from statute.explain import explain_outcome, render_text, to_json
from statute.loader import load_bytes, load_sources
from statute.scenarios import vocabulary
from statute.scenarios.acts import ActCache
from statute.scenarios.failures import ScenarioFailure
from statute.scenarios.state import ScenarioState
from statute.source import Source, decode

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "statute" / "acts").glob("*.law"))]
SEEDS += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "acts").glob("*.law"))]
VOCABULARY = grammar_vocabulary()


#: STATUTE_FUZZ_SCALE=20 runs twenty times the examples, for a longer look on a quiet machine.
SCALE = int(os.environ.get("STATUTE_FUZZ_SCALE", "1"))


def bounded(examples: int) -> settings:
    """Few examples and no per-example deadline (a checker run on a whole Act takes ~50 ms)."""
    return settings(max_examples=examples * SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


# text with everything hostile in it: surrogates, controls, direction marks, quotes, brackets
hostile_text = st.lists(st.one_of(st.characters(), st.sampled_from(HOSTILE)), max_size=120).map("".join)


def assert_diagnostics_sound(diagnostics: list[Diagnostic], text: str | None = None) -> None:
    """Every diagnostic has a known code, renders as UTF-8, is JSON, and names a line of the input."""
    lines = text.count("\n") + 2 if text is not None else None
    for diagnostic in diagnostics:
        assert diagnostic.code in CODES or diagnostic.code[0] == "C", diagnostic
        assert diagnostic.code != "X999", diagnostic
        render(diagnostic).encode("utf-8")
        json.dumps(diagnostic.to_json(), allow_nan=False).encode("utf-8")
        if lines is not None and diagnostic.line is not None:
            assert 1 <= diagnostic.line <= lines, diagnostic


# ── the parser and checker ───────────────────────────────────────────────────


@bounded(150)
@given(hostile_text)
@example("act \"\ud800\":\n")
@example('act "T":\n    source "\x1b[2J"\n')
def test_any_text_gives_diagnostics(text):
    loaded = load_sources([Source("fuzz.law", text)], "fuzz.law")
    assert_diagnostics_sound(loaded.diagnostics, text)


@bounded(150)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_give_e002(data):
    decoded = decode(data, "fuzz.law")
    if isinstance(decoded, Diagnostic):
        assert decoded.code == "E002" and decoded.line is not None
        render(decoded).encode("utf-8")
    else:
        assert "\r" not in decoded.text and not decoded.text.startswith("\ufeff")


@bounded(60)
@given(st.randoms(use_true_random=False))
def test_mutated_acts_give_diagnostics(rng):
    text = mutate_text(rng.choice(SEEDS), rng, VOCABULARY, SEEDS)
    data = mutate_bytes(encode(text), rng) if rng.random() < 0.3 else encode(text)
    loaded = load_bytes(data, "fuzz.law")
    assert_diagnostics_sound(loaded.diagnostics)
    if loaded.act is not None:
        from statute.graph.build import build_graph
        from statute.graph.export import FORMATS, export

        graph = build_graph(loaded.act)
        for fmt in FORMATS:
            export(graph, fmt).encode("utf-8")


@bounded(100)
@given(st.randoms(use_true_random=False))
def test_token_streams_from_the_grammar_give_diagnostics(rng):
    text = token_stream(rng, VOCABULARY)
    loaded = load_sources([Source("fuzz.law", text)], "fuzz.law")
    assert_diagnostics_sound(loaded.diagnostics, text)


@bounded(40)
@given(st.lists(st.sampled_from(VOCABULARY + ["\n", "\n    ", "\n        ", "\n            "]), max_size=60))
def test_keyword_sequences_give_diagnostics(words):
    text = 'act "T":\n    source "s"\n' + " ".join(words) + "\n"
    assert_diagnostics_sound(load_sources([Source("fuzz.law", text)], "fuzz.law").diagnostics, text)


@pytest.mark.parametrize("char, code", [("\x1b", "E104"), ("\x00", "E104"), ("\x0c", "E104"), ("\x7f", "E104"),
                                        ("\x85", "E104"), ("\ud800", "E002")])
def test_control_characters_and_surrogates_in_a_string_are_refused(char, code):
    """Inside quotes they reached `statute show` and the exports raw (an escape sequence clears a terminal);
    a lone surrogate from the API made the loader's cache key raise UnicodeEncodeError."""
    text = f'act "T":\n    source "s{char}x"\n'
    (diagnostic,) = load_sources([Source("t.law", text)], "t.law").diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == (code, 2, 14)
    shown = render(diagnostic)
    shown.encode("utf-8")
    assert char not in shown


def test_a_source_line_shows_controls_and_direction_marks_visibly_with_the_caret_in_place():
    from statute.diagnostics import Severity

    line = "a\x1bb\u202ec\x00d"
    shown = render(Diagnostic(Severity.ERROR, "E104", "m", "t.law", 1, 6, source_line=line)).splitlines()
    assert shown[1].endswith("a\u241bb\ufffdc\u2400d")
    assert shown[2].index("^") - shown[2].index("|") == shown[1].index("\u2400") - shown[1].index("|")


@pytest.mark.parametrize("where", ['"the age of {p}" is at least NUMBER', "within NUMBER days"])
def test_a_number_beyond_float_range_is_e205_not_infinity(where):
    """It was read as infinity: `show` printed 'is at least inf' and the graph's JSON held Infinity."""
    line = f'        when {where}\n' if "within" not in where else f'        {where}\n'
    text = ('act "T":\n    source "s"\nterms:\n    number "the age of {p}"\n    "{p} is a teacher"\nsection 1:\n'
            '    duty d:\n        holder {p}\n' + line.replace("NUMBER", "9" * 400)
            + '        must "{p} is a teacher"\n')
    errors = [d for d in load_sources([Source("t.law", text)], "t.law").diagnostics if d.severity == "error"]
    assert [(d.code, d.line) for d in errors] == [("E205", 9)]
    assert "400 digits" in errors[0].message


ENACTED = (ROOT / "statute" / "acts" / "enacted.law").read_bytes()


@pytest.mark.parametrize("data, code", [
    (b'act "T":\n    source "s"\nterms:\n    "{p} ' + b"x" * 1_000_000 + b'"\n', "W404"),  # a 1 MB phrase
    (b'act "T":\n    source "s"\nsection 1:\n    duty ' + b"d" * 1_000_000 + b":\n", "E100"),  # a 1 MB name
    (b"x tells " * 125_000, "E100"),  # a 1 MB line of words
    (b"\x00" * 5_000_000, "E104"),  # 5 MB of NUL bytes
    (ENACTED + b"# a comment line of some length\n" * 160_000, None),  # a 5 MB file that checks clean
    (b"\xef\xbb\xbf" + ENACTED.replace(b"\n", b"\r\n").replace(b"        ", b"\t"), "E102"),  # BOM, CRLF, tabs
    (ENACTED.replace(b"England", b"\xed\xa0\x80"), "E002"),  # an encoded lone surrogate
])
def test_large_and_odd_files_end_in_diagnostics(data, code):
    """The fuzzer's big inputs in miniature (benchmarks/fuzz.py runs 50 MB and 10,000-deep nesting)."""
    started = time.perf_counter()
    loaded = load_bytes(data, "big.law")
    assert time.perf_counter() - started < 30
    assert_diagnostics_sound(loaded.diagnostics)
    assert [d.code for d in loaded.diagnostics][:1] == ([code] if code else [])


def test_a_large_file_through_the_cli(tmp_path, capsys):
    from statute.cli import main

    path = tmp_path / "big.law"
    path.write_bytes(ENACTED + b"# padding\n" * 400_000)
    assert main(["check", str(path)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


# ── the case reader ──────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def enacted():
    return load("enacted")


@pytest.fixture(scope="module")
def reader(enacted) -> CaseReader:
    return CaseReader(enacted)


def evaluate_and_explain(act, case) -> None:
    """Evaluation ends in an assessment or EvaluationTooLarge; its JSON and text can be written."""
    try:
        assessment = evaluator_for(act).evaluate(case)
    except EvaluationTooLarge:
        return
    json.dumps(assessment.to_json(), allow_nan=False).encode("utf-8")
    for outcome in assessment.outcomes[:10]:
        tree = explain_outcome(assessment.run, outcome.provision, outcome.binding)
        render_text(tree).encode("utf-8")
        json.dumps(to_json(tree), allow_nan=False).encode("utf-8")


@bounded(150)
@given(hostile_text)
@example("[" * 5000)
@example('{"facts": [{"phrase": "the age of {p}", "slots": {"p": "A"}, "value": 1' + "0" * 5000 + "}]}")
def test_any_case_text_gives_diagnostics(enacted, reader, text):
    case, problems = read_case(reader, text, "fuzz.case")
    assert_diagnostics_sound(problems, text if not text.lstrip().startswith(("{", "[")) else None)
    if not problems:
        evaluate_and_explain(enacted, case)


def _sentences(enacted) -> st.SearchStrategy[str]:
    phrases = sorted(term.text for term in enacted.terms)
    names = st.one_of(st.sampled_from(["Alice", "Bella", "Harry"]), st.text(min_size=1, max_size=12))

    @st.composite
    def sentence(draw) -> str:
        phrase = draw(st.sampled_from(phrases))
        out = phrase
        while "{" in out and "}" in out[out.index("{"):]:
            start = out.index("{")
            end = out.index("}", start)
            name = draw(names)
            out = out[:start] + (f'"{name}"' if draw(st.booleans()) else name) + out[end + 1:]
        if phrase.startswith("the ") and draw(st.booleans()):
            out += " is " + draw(st.sampled_from(["12", "35.5", "-1", "9" * 400, "x", "7 days"]))
        return out

    return sentence()


@bounded(100)
@given(st.data())
def test_sentences_with_any_names_are_read_or_refused_by_name(enacted, reader, data):
    lines = data.draw(st.lists(_sentences(enacted), min_size=1, max_size=8))
    text = "\n".join(lines)
    case, problems = read_case(reader, text, "fuzz.case")
    assert_diagnostics_sound(problems, text)
    for party in case.parties:
        assert party_problem(party) is None, party
    if not problems:
        evaluate_and_explain(enacted, case)


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), hostile_text,
                      st.integers(min_value=10 ** 300, max_value=10 ** 400))
json_value = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                          max_leaves=20)


@st.composite
def json_case(draw, phrases: list[str]) -> object:
    entries = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            phrase = draw(st.sampled_from(phrases))
            slots = {s: draw(st.one_of(st.sampled_from(["Alice", "Bella"]), hostile_text, json_value))
                     for s in ("person", "child", "p", "offender")}
            entry: dict[str, object] = {"phrase": phrase, "slots": slots}
            if draw(st.booleans()):
                entry["value"] = draw(st.one_of(st.floats(), st.integers(), json_value))
            entries.append(entry)
        else:
            entries.append(draw(json_value))
    return draw(st.sampled_from([{"facts": entries}, entries, {"facts": draw(json_value)}]))


@bounded(150)
@given(st.data())
def test_any_json_case_gives_diagnostics(enacted, reader, data):
    phrases = sorted(term.text for term in enacted.terms)
    value = data.draw(json_case(phrases))
    case, problems = read_case_json(reader, value, "fuzz.json")
    assert_diagnostics_sound(problems)
    for party in case.parties:
        assert party_problem(party) is None, party
    for numbers in case.numbers.values():
        assert all(math.isfinite(n) for n in numbers.values())
    if not problems:
        evaluate_and_explain(enacted, case)
    # the same through the text of the JSON, as `statute explain` reads it
    text = json.dumps(value, default=str)
    _, again = read_case(reader, text, "fuzz.json")
    assert_diagnostics_sound(again)


# ── the step matcher (the plugin's Given and Then sentences) ─────────────────


@pytest.fixture(scope="module")
def acts() -> ActCache:
    return ActCache()


@bounded(120)
@given(st.lists(st.tuples(st.booleans(), hostile_text), min_size=1, max_size=5))
def test_any_step_sentence_fails_only_as_a_scenario_failure(acts, steps):
    state = ScenarioState(acts, ROOT)
    state.name_act("enacted")
    state.add_fact("Alice is a teacher")
    for given_step, sentence in steps:
        try:
            if given_step:
                state.add_fact(sentence)
            else:
                state.then(sentence)
        except ScenarioFailure as failure:
            assert failure.headline
            failure.text.encode("utf-8", "surrogatepass")


@bounded(120)
@given(st.randoms(use_true_random=False))
def test_mutated_then_steps_fail_only_as_scenario_failures(acts, rng: random.Random):
    forms = [form.example for form in vocabulary.STEP_FORMS]
    state = ScenarioState(acts, ROOT)
    state.name_act("enacted")
    for sentence in ("Alice is a teacher", "Alice works in England", "the age of Alice is 35",
                     "Bella tells Alice about a child sex offence"):
        state.add_fact(sentence)
    sentence = mutate_text(rng.choice(forms), rng, VOCABULARY + HOSTILE, forms).replace("\n", " ")
    vocabulary.closest_forms(sentence)
    try:
        state.then(sentence)
    except ScenarioFailure as failure:
        failure.text.encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("unit", ["x committed by ", "the maximum penalty for x is ", "x is under "])
def test_a_long_then_step_fails_fast_with_a_message(acts, unit):
    """'x committed by x committed by …' backtracked quadratically in the aggravation form: a 1 MB step
    would have taken half an hour."""
    state = ScenarioState(acts, ROOT)
    state.name_act("enacted")
    started = time.perf_counter()
    with pytest.raises(ScenarioFailure, match="characters long; statute reads steps of at most 1,000"):
        state.then(unit * (1_000_000 // len(unit)))
    assert vocabulary.match(unit * 70_000) is None
    assert time.perf_counter() - started < 2


FEATURE_WORDS = ["Feature:", "Scenario:", "Scenario Outline:", "Background:", "Examples:", "Rule:", "Given", "When",
                 "Then", "And", "But", "Gvien", "Scenaro:", "@act:enacted", "@acts:x", "@", "@:", '"""', "```", "|",
                 "#", "\t", "  ", "\n", "Alice is a teacher", ":"]


@bounded(200)
@given(st.lists(st.sampled_from(FEATURE_WORDS) | st.text(max_size=8), max_size=40))
def test_the_gherkin_typo_check_never_raises(words):
    """Any text: a list of 'file:line:col: message' strings, never an exception."""
    from statute.scenarios.collect import gherkin_typos

    found = gherkin_typos(" ".join(words).replace("  ", "\n"), "f.feature")
    assert all(line.startswith("f.feature:") for line in found)
