"""End to end: `statute lsp` as a subprocess, spoken to in LSP through pygls's LanguageClient.

Every check goes over the wire — diagnostics, completion, hover, definition, references,
symbols, rename and quick fixes — on the bundled enacted Act and the toy Quiet Hours Act
(tests/acts/quiet_hours.law) with their feature files. Edits are sent as unsaved buffers:
nothing on disk changes.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pygls")
from lsprotocol import types as t

from statute.lsp.client import Driver

ROOT = Path(__file__).resolve().parent.parent
ENACTED = ROOT / "statute" / "acts" / "enacted.law"
QUIET = ROOT / "tests" / "acts" / "quiet_hours.law"
QUIET_FEATURE = ROOT / "features" / "toy" / "quiet_hours.feature"
DUTY_FEATURE = ROOT / "features" / "enacted" / "duty_to_notify.feature"


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="module")
def server(loop: asyncio.AbstractEventLoop) -> Iterator[Driver]:
    driver = Driver(ROOT, options={"debounceMs": 0})
    loop.run_until_complete(driver.start())
    yield driver
    loop.run_until_complete(driver.stop())


def run(loop: asyncio.AbstractEventLoop, awaitable):
    return loop.run_until_complete(awaitable)


def line_of(path: Path, needle: str) -> tuple[int, int]:
    """The 0-based line and column of the first occurrence of ``needle`` in a file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
        if needle in line:
            return number, line.index(needle)
    raise AssertionError(f"{needle!r} is not in {path}")


def replaced(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


# ── diagnostics ──────────────────────────────────────────────────────────────

def test_a_clean_act_and_its_features_have_no_errors(server: Driver, loop) -> None:
    for path in (ENACTED, QUIET, DUTY_FEATURE, QUIET_FEATURE):
        found = run(loop, server.open(path))
        assert [d.message for d in found if d.severity == t.DiagnosticSeverity.Error] == [], path


def test_an_edit_brings_the_checkers_diagnostic_with_its_code_and_message(server: Driver, loop) -> None:
    """A misspelt phrase typed into the toy Act: E303, as `statute check` says it, on the phrase."""
    run(loop, server.open(QUIET))
    line, column = line_of(QUIET, 'when "{p} runs a venue"')
    column += len("when ")
    start = column + len('"{p} runs a ')
    uri = server.change(QUIET, t.Range(t.Position(line, start), t.Position(line, start + len("venue"))), "venu")
    found = run(loop, server.wait(uri))
    errors = [d for d in found if d.code == "E303"]
    assert len(errors) == 1
    assert errors[0].message.startswith("unknown phrase '{p} runs a venu'")
    assert "did you mean '{p} runs a venue'?" in errors[0].message
    assert errors[0].range.start == t.Position(line, column)
    # and the quick fix puts the declared phrase back
    actions = run(loop, server.code_actions(QUIET, errors[0]))
    assert actions and actions[0].kind == t.CodeActionKind.QuickFix
    edit = actions[0].edit.changes[server.uri(QUIET)][0]
    assert edit.new_text == '"{p} runs a venue"'
    # undo: the diagnostic goes away
    uri = server.change(QUIET, t.Range(t.Position(line, start), t.Position(line, start + len("venu"))), "venue")
    assert [d for d in run(loop, server.wait(uri)) if d.code == "E303"] == []


def test_a_half_typed_provision_is_a_syntax_error_not_a_crash(server: Driver, loop) -> None:
    half = '\nsection 3:\n    duty half_typed (1):\n        holder {p\n        when "'
    text = QUIET.read_text(encoding="utf-8") + half
    found = run(loop, server.open(QUIET, text))
    assert any(d.code and d.code.startswith("E1") for d in found)
    # the server still answers: completion in the half-typed file still offers the Act's ids
    ids = {i.label for i in run(loop, server.completion(QUIET, 0, 0)).items}
    assert "no_late_music" in ids
    run(loop, server.open(QUIET))  # back to the file as it is


def test_a_feature_step_that_is_no_phrase_gets_the_plugins_message(server: Driver, loop) -> None:
    text = replaced(QUIET_FEATURE, "Given Vera runs a venue", "Given Vera runs a venu")
    found = run(loop, server.open(QUIET_FEATURE, text))
    line, _ = line_of(QUIET_FEATURE, "Given Vera runs a venue")
    problems = [d for d in found if d.range.start.line == line]
    assert problems, found
    assert "no phrase of the Act matches 'Vera runs a venu'" in problems[0].message
    assert "closest phrases: '{p} runs a venue'" in problems[0].message
    run(loop, server.open(QUIET_FEATURE))


def test_an_unknown_provision_in_a_then_step_has_a_quick_fix(server: Driver, loop) -> None:
    text = replaced(QUIET_FEATURE, "Then Vera has breached no_late_music", "Then Vera has breached no_late_musik")
    found = run(loop, server.open(QUIET_FEATURE, text))
    line, column = line_of(QUIET_FEATURE, "no_late_music")
    problem = next(d for d in found if d.range.start.line == line)
    assert "the Act has no provision called 'no_late_musik'" in problem.message
    actions = run(loop, server.code_actions(QUIET_FEATURE, problem))
    edit = actions[0].edit.changes[server.uri(QUIET_FEATURE)][0]
    assert edit.new_text == "no_late_music"
    assert edit.range == t.Range(t.Position(line, column), t.Position(line, column + len("no_late_musik")))
    run(loop, server.open(QUIET_FEATURE))


def test_a_misspelt_gherkin_keyword_is_the_plugins_collection_error(server: Driver, loop) -> None:
    text = replaced(QUIET_FEATURE, "    And Vera plays music", "    Adn Vera plays music")
    found = run(loop, server.open(QUIET_FEATURE, text))
    problem = next(d for d in found if "is not a step keyword" in d.message)
    assert "did you mean 'And'?" in problem.message
    actions = run(loop, server.code_actions(QUIET_FEATURE, problem))
    assert actions[0].edit.changes[server.uri(QUIET_FEATURE)][0].new_text == "And"
    run(loop, server.open(QUIET_FEATURE))


# ── completion ───────────────────────────────────────────────────────────────

def test_a_given_step_is_offered_every_phrase_with_its_slots_as_placeholders(server: Driver, loop) -> None:
    lines = DUTY_FEATURE.read_text(encoding="utf-8").split("\n")
    line, _ = line_of(DUTY_FEATURE, "Given Alice is a teacher")
    lines[line] = "    Given "
    run(loop, server.open(DUTY_FEATURE, "\n".join(lines)))
    found = run(loop, server.completion(DUTY_FEATURE, line, len(lines[line])))
    by_label = {item.label: item for item in found.items}
    item = by_label["{child} tells {person} about a child sex offence"]
    assert item.insert_text_format == t.InsertTextFormat.Snippet
    assert item.text_edit.new_text == "${1:child} tells ${2:person} about a child sex offence"
    assert "the age of {person} is {n}" in by_label  # a number phrase, with its number as a slot
    assert not any("mandated reporter" in label for label in by_label)  # derived by a definition: not stated
    # the parties already typed stay; the rest are placeholders
    lines[line] = "    Given Bella tells Al"
    uri = server.change(DUTY_FEATURE, t.Range(t.Position(line, 0), t.Position(line, len("    Given "))),
                        lines[line])
    run(loop, server.wait(uri))
    found = run(loop, server.completion(DUTY_FEATURE, line, len(lines[line])))
    texts = [item.text_edit.new_text for item in found.items]
    assert texts[0] == "Bella tells ${1:Al} about a child sex offence"
    run(loop, server.open(DUTY_FEATURE))


def test_a_then_step_is_offered_the_vocabulary_with_the_acts_provisions(server: Driver, loop) -> None:
    lines = DUTY_FEATURE.read_text(encoding="utf-8").split("\n")
    line, _ = line_of(DUTY_FEATURE, "Then Alice is under duty_to_notify regarding Bella")
    lines[line] = "      Then Alice has breached "
    run(loop, server.open(DUTY_FEATURE, "\n".join(lines)))
    found = run(loop, server.completion(DUTY_FEATURE, line, len(lines[line])))
    labels = {item.label: item for item in found.items}
    assert "{party} has breached duty_to_notify" in labels
    assert "{party} has breached the duty to notify suspected child sex offences" in labels
    assert labels["{party} has breached duty_to_notify"].detail == "duty s.85(1)"
    assert not any("commits" in label for label in labels)  # another verb: not this step's
    run(loop, server.open(DUTY_FEATURE))


def test_law_completion_offers_phrases_in_strings_and_ids_elsewhere(server: Driver, loop) -> None:
    run(loop, server.open(QUIET))
    line, column = line_of(QUIET, 'when "{p} holds a late licence"')
    inside = column + len('when "')
    phrases = {i.label for i in run(loop, server.completion(QUIET, line, inside)).items}
    assert "{p} runs a venue" in phrases and "{p} sounds the alarm" in phrases
    elsewhere = {i.label for i in run(loop, server.completion(QUIET, line + 1, 8)).items}
    assert {"no_late_music", "notwithstanding", "must not"} <= elsewhere


# ── hover, definition, references ────────────────────────────────────────────

def test_hover_on_a_provision_shows_its_name_section_text_and_provenance(server: Driver, loop) -> None:
    run(loop, server.open(ENACTED))
    line, column = line_of(ENACTED, "duty duty_to_notify")
    found = run(loop, server.hover(ENACTED, line, column + len("duty ") + 2))
    text = found.contents.value
    assert "duty_to_notify" in text and "the duty to notify suspected child sex offences" in text
    assert "s.85(1)" in text and "Duty to notify suspected child sex offences" in text
    assert "Crime and Policing Act 2026 s.85" in text and "confidence: secondary" in text
    assert "> " in text  # the provision's text, quoted


def test_hover_on_a_given_step_shows_its_phrase_and_the_provisions_that_read_it(server: Driver, loop) -> None:
    run(loop, server.open(DUTY_FEATURE))
    line, column = line_of(DUTY_FEATURE, "Alice is a teacher")
    text = run(loop, server.hover(DUTY_FEATURE, line, column + 3)).contents.value
    assert '"{person} is a teacher"' in text
    assert "read by: `regulated_activity`" in text


def test_definition_from_a_given_step_goes_to_its_term(server: Driver, loop) -> None:
    run(loop, server.open(DUTY_FEATURE))
    line, column = line_of(DUTY_FEATURE, "Alice is a teacher")
    found = run(loop, server.definition(DUTY_FEATURE, line, column + 3))
    term_line, term_column = line_of(ENACTED, '"{person} is a teacher"')
    assert [(loc.uri, loc.range.start.line, loc.range.start.character) for loc in found] == [
        (server.uri(ENACTED), term_line, term_column)]


def test_definition_from_a_reference_goes_to_the_provision(server: Driver, loop) -> None:
    run(loop, server.open(QUIET))
    line, column = line_of(QUIET, "notwithstanding no_late_music")
    found = run(loop, server.definition(QUIET, line, column + len("notwithstanding ") + 3))
    heading, at = line_of(QUIET, "prohibition no_late_music")
    assert [(loc.range.start.line, loc.range.start.character) for loc in found] == [(heading, at + len("prohibition "))]
    # from a Then step too
    run(loop, server.open(QUIET_FEATURE))
    step, where = line_of(QUIET_FEATURE, "has breached no_late_music")
    found = run(loop, server.definition(QUIET_FEATURE, step, where + len("has breached ") + 2))
    assert [(loc.uri, loc.range.start.line) for loc in found] == [(server.uri(QUIET), heading)]


def test_references_of_an_id_span_the_act_and_its_features(server: Driver, loop) -> None:
    run(loop, server.open(QUIET))
    line, column = line_of(QUIET, "prohibition no_late_music")
    found = run(loop, server.references(QUIET, line, column + len("prohibition ") + 1))
    files = {loc.uri for loc in found}
    assert files == {server.uri(QUIET), server.uri(QUIET_FEATURE)}
    in_feature = [loc for loc in found if loc.uri == server.uri(QUIET_FEATURE)]
    assert len(in_feature) == QUIET_FEATURE.read_text(encoding="utf-8").count("no_late_music")


def test_references_of_a_phrase_include_the_steps_that_state_it(server: Driver, loop) -> None:
    run(loop, server.open(QUIET))
    line, column = line_of(QUIET, '"{p} runs a venue"')
    found = run(loop, server.references(QUIET, line, column + 3))
    steps = [loc for loc in found if loc.uri == server.uri(QUIET_FEATURE)]
    assert len(steps) == QUIET_FEATURE.read_text(encoding="utf-8").count("runs a venue")
    assert len([loc for loc in found if loc.uri == server.uri(QUIET)]) >= 2  # declared, and read


# ── symbols and rename ───────────────────────────────────────────────────────

def test_symbols_are_the_acts_outline(server: Driver, loop) -> None:
    run(loop, server.open(ENACTED))
    found = run(loop, server.symbols(ENACTED))
    names = [s.name for s in found]
    assert names[0] == "Crime and Policing Act 2026"

    def walk(symbols):
        for symbol in symbols:
            yield symbol
            yield from walk(symbol.children or [])

    everything = list(walk(found))
    part = next(s for s in found if s.name == "part 5")
    chapters = [c for c in part.children if c.name.startswith("chapter")]
    assert [c.name for c in chapters] == ["chapter 2", "chapter 1"]  # nested, in the order the file writes them
    assert chapters[0].range.start.line < chapters[1].range.start.line
    section = next(s for s in everything if s.name in ("section 85", "clause 85"))
    assert section.detail == "Duty to notify suspected child sex offences"
    assert "duty_to_notify" in [child.name for child in section.children]
    for symbol in everything:
        inner, outer = symbol.selection_range, symbol.range
        assert (outer.start.line, outer.start.character) <= (inner.start.line, inner.start.character)
        assert (inner.end.line, inner.end.character) <= (outer.end.line, outer.end.character)


def test_rename_of_a_provision_id_reaches_the_act_and_its_features(server: Driver, loop) -> None:
    run(loop, server.open(QUIET))
    line, column = line_of(QUIET, "prohibition no_late_music")
    found = run(loop, server.rename(QUIET, line, column + len("prohibition ") + 1, "no_loud_music"))
    changes = found.changes
    assert set(changes) == {server.uri(QUIET), server.uri(QUIET_FEATURE)}
    assert len(changes[server.uri(QUIET)]) == QUIET.read_text(encoding="utf-8").count("no_late_music")
    assert len(changes[server.uri(QUIET_FEATURE)]) == QUIET_FEATURE.read_text(encoding="utf-8").count("no_late_music")
    assert {e.new_text for edits in changes.values() for e in edits} == {"no_loud_music"}


def test_rename_to_a_taken_id_is_refused_with_a_reason(server: Driver, loop) -> None:
    run(loop, server.open(QUIET))
    line, column = line_of(QUIET, "prohibition no_late_music")
    with pytest.raises(Exception, match="already has a provision 'late_licence'"):
        run(loop, server.rename(QUIET, line, column + len("prohibition ") + 1, "late_licence"))


# ── robustness ───────────────────────────────────────────────────────────────

def test_pathological_input_is_answered_and_the_server_lives_on(server: Driver, loop) -> None:
    odd = ROOT / "tests" / "acts" / "not_on_disk.law"
    for text in ("", "\x00\x01", "act " * 50_000, "(" * 5000, '"' * 3000, "section 1:\n" + "    " * 2000 + "x",
                 "\ud800 lone surrogate"):
        run(loop, server.open(odd, text))
        run(loop, server.completion(odd, 0, 0))
        run(loop, server.hover(odd, 0, 1))
    feature = ROOT / "features" / "not_on_disk.feature"
    for text in ("", "Feature:", "Feature: x\n  Scenario: y\n    Given " + "x " * 5000, "@\nFeature: x\n",
                 "Feature: x\n  Scenario: y\n    Then " + "x committed by " * 200 + "is aggravated"):
        run(loop, server.open(feature, text))
        run(loop, server.completion(feature, 2, 10))
    assert run(loop, server.open(QUIET)) is not None  # still serving
    assert not [log for log in server.logs if "internal error" in log]


def test_the_server_ends_quietly_when_the_client_goes_away() -> None:
    """No shutdown, no exit: the client's end of the pipe just closes."""
    process = subprocess.Popen([sys.executable, "-m", "statute", "lsp"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    body = b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
    process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    process.stdin.flush()
    header = process.stdout.readline()
    assert header.startswith(b"Content-Length")
    process.stdin.close()
    process.stdout.close()
    try:
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    error = process.stderr.read().decode()
    process.stderr.close()
    assert process.returncode is not None
    assert "Traceback" not in error


def test_without_pygls_the_command_names_the_extra(monkeypatch, capsys) -> None:
    from statute.commands import lsp

    monkeypatch.setattr(lsp.importlib.util, "find_spec", lambda name: None)
    from statute.cli import main

    assert main(["lsp"]) == 2
    assert "pip install 'statute[lsp]'" in capsys.readouterr().err


def test_the_latency_benchmark_runs_and_reports_both_rows(tmp_path: Path) -> None:
    """benchmarks/lsp_bench.py end to end on two edits and two completions (its figures are not checked)."""
    import json

    from benchmarks import lsp_bench

    out = tmp_path / "lsp.json"
    assert lsp_bench.main(["--edits", "2", "--completions", "2", "--json", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert set(rows) == {"diagnostics after an edit of the enacted Act", "completion in a feature file"}
    assert all(row["n"] == 2 and row["floor"]["n"] == 2 for row in rows.values())


def test_edits_in_quick_succession_are_checked_once_after_the_last() -> None:
    """Debouncing: the first edit after a pause is checked at once, a burst of edits once more at its end."""
    loop = asyncio.new_event_loop()
    driver = Driver(ROOT, options={"debounceMs": 300})
    try:
        loop.run_until_complete(driver.start())
        loop.run_until_complete(driver.open(QUIET))
        uri = driver.uri(QUIET)
        before = len(driver.published[uri])
        line, column = line_of(QUIET, 'when "{p} runs a venue"')
        at = column + len('when "{p} runs a venue')
        for _ in range(6):  # six letters typed faster than the debounce
            driver.change(QUIET, t.Range(t.Position(line, at), t.Position(line, at)), "s")
            at += 1
        found = loop.run_until_complete(driver.wait(uri))
        loop.run_until_complete(asyncio.sleep(0.6))
        versions = driver.published[uri][before:]
        assert versions[-1] == driver.versions[uri]  # the last text was checked
        assert len(versions) <= 2  # the first edit at once, then one check after the burst
        assert any("unknown phrase '{p} runs a venuessssss'" in d.message for d in found)
    finally:
        loop.run_until_complete(driver.stop())
        loop.close()


def test_hover_on_a_then_step_shows_the_provision_it_names(server: Driver, loop) -> None:
    run(loop, server.open(QUIET_FEATURE))
    line, column = line_of(QUIET_FEATURE, "has breached no_late_music")
    found = run(loop, server.hover(QUIET_FEATURE, line, column + len("has breached ") + 3))
    assert found is not None
    assert "**prohibition `no_late_music`**" in found.contents.value and "s.1(1)" in found.contents.value
    assert found.range.start == t.Position(line, column + len("has breached "))
    # not on the verb: only a provision's name or id has a card
    assert run(loop, server.hover(QUIET_FEATURE, line, column + 2)) is None
