"""The editor files: the TextMate grammar for .law and the minimal VS Code extension (editors/vscode/).

The grammar is checked by tokenizing the bundled and toy Acts with a small TextMate
engine (leftmost match wins, ties to the first pattern; begin/end rules nest) and
comparing the scopes with what the model says is there: every provision id at its
heading, every declared phrase a string with its slots, every comment.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from statute.loader import load_path
from statute.lsp.law import KEYWORDS

ROOT = Path(__file__).resolve().parent.parent
VSCODE = ROOT / "editors" / "vscode"
GRAMMAR = json.loads((VSCODE / "syntaxes" / "statute.tmLanguage.json").read_text(encoding="utf-8"))
ACTS = [ROOT / "statute" / "acts" / "enacted.law", ROOT / "statute" / "acts" / "announced.law",
        ROOT / "tests" / "acts" / "quiet_hours.law", ROOT / "tests" / "acts" / "data_breach.law"]


def _rules(patterns: list[dict]) -> list[dict]:
    out: list[dict] = []
    for pattern in patterns:
        if "include" in pattern:
            entry = GRAMMAR["repository"][pattern["include"].lstrip("#")]
            out.extend(_rules(entry["patterns"]) if "patterns" in entry and "match" not in entry
                       and "begin" not in entry else [entry])
        else:
            out.append(pattern)
    return out


def tokenize(text: str) -> list[list[str | None]]:
    """The innermost scope of every character of every line."""
    stack: list[tuple[dict, re.Pattern[str]]] = []
    out = []
    for line in text.split("\n"):
        scopes: list[str | None] = [None] * len(line)
        pos = 0
        while pos <= len(line):
            rule = stack[-1][0] if stack else None
            outer = rule.get("name") if rule else None
            candidates = _rules(rule.get("patterns", [])) if rule else _rules(GRAMMAR["patterns"])
            end = stack[-1][1].search(line, pos) if stack else None
            best, chosen = None, None
            for candidate in candidates:
                found = re.compile(candidate.get("match") or candidate["begin"]).search(line, pos)
                if found is not None and (best is None or found.start() < best.start()):
                    best, chosen = found, candidate
            if end is not None and (best is None or end.start() <= best.start()):
                scopes[pos:end.end()] = [outer] * (end.end() - pos)
                pos = end.end()
                stack.pop()
                if end.end() == len(line) and end.start() == end.end():
                    break
                continue
            if best is None or chosen is None:
                scopes[pos:] = [outer] * (len(line) - pos)
                break
            scopes[pos:best.start()] = [outer] * (best.start() - pos)
            name = chosen.get("name", outer)
            scopes[best.start():best.end()] = [name] * (best.end() - best.start())
            for group, capture in chosen.get("captures", {}).items():
                if best.group(int(group)) is not None:
                    a, b = best.span(int(group))
                    scopes[a:b] = [capture["name"]] * (b - a)
            if "begin" in chosen:
                stack.append((chosen, re.compile(chosen["end"])))
            pos = best.end() if best.end() > pos else pos + 1
        out.append(scopes)
    return out


def test_every_pattern_of_the_grammar_compiles() -> None:
    count = 0
    for entry in GRAMMAR["repository"].values():
        for rule in entry.get("patterns", [entry]):
            for key in ("match", "begin", "end"):
                if key in rule:
                    re.compile(rule[key])
                    count += 1
    assert count > 20


@pytest.mark.parametrize("path", ACTS, ids=lambda p: p.name)
def test_the_grammar_scopes_what_the_model_says_is_there(path: Path) -> None:
    loaded = load_path(path)
    assert loaded.act is not None
    text = path.read_text(encoding="utf-8")
    scopes = tokenize(text)
    lines = text.split("\n")
    for provision in loaded.act.provisions:
        span = provision.id_span
        assert span is not None
        got = scopes[span.line - 1][span.column - 1:span.end_column - 1]
        assert set(got) == {"entity.name.function.provision.statute"}, (provision.id, lines[span.line - 1])
        kind = scopes[provision.span.line - 1][provision.span.column - 1]
        assert kind == "storage.type.provision.statute", provision.id
    for term in loaded.act.terms:
        span = term.span
        got = scopes[span.line - 1][span.column - 1:span.end_column - 1]
        assert got[0] == got[-1] == "string.quoted.double.statute", term.text
        for slot in re.finditer(r"\{[^{}]*\}", lines[span.line - 1][span.column - 1:span.end_column - 1]):
            at = span.column - 1 + slot.start()
            assert scopes[span.line - 1][at] == "variable.parameter.slot.statute", term.text
    for number, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            at = line.index("#")
            assert scopes[number][at] == "punctuation.definition.comment.statute"
            assert set(scopes[number][at + 1:]) <= {"comment.line.number-sign.statute",
                                                    "keyword.other.directive.allow.statute"}


def test_the_grammar_knows_every_keyword_the_server_completes() -> None:
    """Each keyword the server offers is scoped as a keyword where the language writes it."""
    samples = {
        "act": 'act "x":', "terms": "terms:", "fact": '    fact "x"', "number": '    number "x"',
        "to": '    exception e (1) to d:', "aggravating factor": "    aggravating factor f (1):",
        "on indictment": "        on indictment: a fine",
        "on summary conviction": "        on summary conviction: a fine",
        "penalty": "        penalty: not stated",
        **{k: f"        on indictment: {k}" for k in ("imprisonment up to", "a fine", "an unlimited fine", "not stated",
                                                        "both")},
    }
    for keyword in KEYWORDS:
        line = samples.get(keyword) or (f"    {keyword} x (1):" if keyword in (
            "section", "clause", "schedule", "part", "chapter", "paragraph", "article", "regulation", "claim",
            "duty", "prohibition", "permission", "offence", "consequence", "definition", "exception")
            else f'        when "{{p}} x" {keyword} y')
        scopes = tokenize(line)[0]
        at = line.rindex(keyword.split()[-1])  # the keyword's last word ('a fine': fine)
        assert scopes[at] is not None and scopes[at].split(".")[0] in ("keyword", "storage"), (keyword, line)


def test_the_grammar_keywords_are_the_languages() -> None:
    """The server's keyword list is the grammar's: every keyword is a literal of grammar/statute.lark."""
    lark = (ROOT / "grammar" / "statute.lark").read_text(encoding="utf-8")
    literals = set(re.findall(r'"([a-z]+)"', lark))
    for keyword in KEYWORDS:
        for word in keyword.split():
            assert word in literals or word in ("must", "may", "need", "subject", "notwithstanding", "not"), keyword


def test_the_extension_starts_statute_lsp_for_law_and_feature_files() -> None:
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    language = manifest["contributes"]["languages"][0]
    assert language["extensions"] == [".law"]
    grammar = manifest["contributes"]["grammars"][0]
    assert (VSCODE / grammar["path"]).is_file() and grammar["scopeName"] == GRAMMAR["scopeName"]
    assert manifest["contributes"]["configuration"]["properties"]["statute.server.command"]["default"] == [
        "statute", "lsp"]
    code = (VSCODE / manifest["main"]).read_text(encoding="utf-8")
    assert '"**/*.feature"' in code and 'language: "statute"' in code
    assert "statute[lsp]" in code  # a server that will not start says what to install
