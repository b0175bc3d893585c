"""Fuzz statute's readers: the parser and checker, the case reader (text and JSON) and the step matcher.

    python benchmarks/fuzz.py [--seconds 600] [--seed 1] [--targets law,case,json,step,big]
                              [--timeout 20] [--memory-mb 4096] [--out out/fuzz]
    python benchmarks/fuzz.py --replay law:1:1234     # write one generated input to out/fuzz/ to reproduce it

Every input must end in statute's own diagnostics (or a clean result). Anything else is a bug and
is reported with the command that reproduces it: an exception escaping the API (a traceback, a
RecursionError, a Lark exception, a UnicodeEncodeError), a CLI exit code other than 0/1/2 or an
"internal error", output that is not valid JSON or not encodable as UTF-8, a hang (each input has
``--timeout`` seconds), or memory running away (the worker runs under ``RLIMIT_AS``).

Targets:

* ``law`` — mutations of the bundled Acts and test Acts (byte flips, spliced lines, hostile
  characters, re-indentation, encodings) and random token streams built from the grammar's own
  terminals and keywords, through ``load_sources`` (parse, assemble, check, lints), the obligation
  graph and its four exports; every tenth input also through ``statute check/show/graph``.
* ``case`` — mutations of case files and generated sentences with hostile party names, through
  ``read_case``, the evaluator and the explanations; every tenth also through ``statute explain``.
* ``json`` — JSON cases: random structures, non-string slots, NaN/Infinity, huge numbers, deep
  nesting, lone surrogates.
* ``step`` — Given and Then sentences through the pytest plugin's scenario state (the step
  matcher), which may only fail with a :class:`~statute.scenarios.failures.ScenarioFailure`.
* ``big`` — a fixed list of large and pathological files run through the console script in a
  subprocess: 10,000 parentheses and indentation levels, a 1 MB line, a 50 MB file, NUL bytes,
  invalid UTF-8, a BOM, CRLF, tabs mixed with spaces, encoded surrogates, 50 MB case files, JSON
  nested 100,000 deep.

The generated inputs are deterministic: input ``i`` of target ``t`` under ``--seed s`` is the
same on every run, so a failure is reproduced by its ``t:s:i`` name. Workers run in
subprocesses, so a hang or a crash of one input is recorded and the run goes on.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import queue
import random
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = ("law", "case", "json", "step", "big")
#: A generated input slower than this (seconds) is listed: not a failure, but where a pathology shows
#: first (a 342-space Given step took 6 s before the case reader collapsed whitespace).
SLOW = 2.0
#: Characters and snippets that have broken parsers, exporters and terminals elsewhere.
HOSTILE = ['"', "\\", '\\"', "\\n", "\\\\", "<script>alert(1)</script>", "{}", "{", "}", "]]", "[[", "-->",
           "\u202e", "\u2066", "\u2069", "\u200d", "\u200b", "\ufeff", "\U0001f600", "\U0001f468\u200d\U0001f469",
           "\x00", "\t", "\r", "\x0b", "\x0c", "\x1b[31m", "\u2028", "\u2029", "\u00a0", "#", '"""', ":", "(", ")",
           "é", "İ", "ß", "ﬁ", "\ud800", "\udfff", "&amp;", "'", "`", "|", "%s", "{0}", "$(x)", "\\u0000"]
BAD_BYTES = [b"\xff", b"\xfe", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x00", b"\r", b"\r\n", b"\xe2\x80",
             b"\xf4\x90\x80\x80", b"\xc0\xaf"]
NAMES = ["Alice", "Bella", "Harry", "Vic", '"gang member B"', "O'Brien", "Zoë", "X Æ A-12", "A#1", "\u202eevil",
         "Bob\u200dJr", "\U0001f600", "{person}", "<b>", "the police", "is", "a", '"', "\\", "Name" * 50]


# ── seeds and generators ─────────────────────────────────────────────────────


def _law_seeds() -> list[str]:
    paths = sorted((ROOT / "statute" / "acts").glob("*.law")) + sorted((ROOT / "tests" / "acts").glob("*.law"))
    paths += sorted((ROOT / "tests" / "fixtures" / "errors").glob("*.law"))
    return [p.read_bytes().decode("utf-8", errors="replace") for p in paths]


def _case_seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "cases").glob("*.case"))]


_TERMINAL_SAMPLES = {
    "STRING": ['"{person} is a teacher"', '"x"', '""', '"""\n    long\n    """', '"{a} and {b}"', '"\\"q\\""'],
    "VAR": ["{person}", "{child}", "{}", "{a b}", "{x1}"],
    "NAME": ["duty_to_notify", "x", "mandated_reporter", "d", "e", "barring_referral"],
    "NUMBER": ["1", "18", "0", "7.5", "99999999999999999999"],
    "MONEY": ["£5,000", "£1", "£12.50"],
    "TIME_UNIT": ["days", "years", "hour"],
    "SECTION_NUMBER": ["85", "12A", "1.2"],
    "LABEL": ["(1)", "(2)(b)", "(a)"],
    "COMMENT": ["# c", "# statute: allow W404"],
}


def grammar_vocabulary() -> list[str]:
    """The grammar's own terminals: its keywords, and samples of its pattern terminals."""
    from statute.parser import build_parser

    words: list[str] = []
    for terminal in build_parser().terminals:
        if terminal.pattern.type == "str":
            words.append(terminal.pattern.value)
        else:
            words.extend(_TERMINAL_SAMPLES.get(terminal.name, []))
    return sorted(set(words)) + ["(", ")", ",", ":", "must not", "need not", "subject to", "all of:", "any of:"]


def token_stream(rng: random.Random, vocabulary: list[str]) -> str:
    """Random lines of grammar tokens, indented by random multiples of four spaces."""
    lines = []
    for _ in range(rng.randint(1, 40)):
        indent = " " * (4 * rng.randint(0, 4))
        lines.append(indent + " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 8))))
    head = 'act "T":\n    source "s"\n' if rng.random() < 0.7 else ""
    return head + "\n".join(lines) + "\n"


def mutate_text(text: str, rng: random.Random, extras: list[str], splice: list[str]) -> str:
    """Apply one to four text-level mutations (deletions, duplications, hostile insertions, swaps,
    re-indentation, splices, truncation, repetition of a line or of a short span)."""
    for _ in range(rng.randint(1, 4)):
        lines = text.split("\n")
        choice = rng.randrange(12)
        at = rng.randrange(len(text) + 1)
        if choice == 0 and text:
            end = min(len(text), at + rng.randint(1, 200))
            text = text[:at] + text[end:]
        elif choice == 1 and text:
            end = min(len(text), at + rng.randint(1, 200))
            text = text[:end] + text[at:end] + text[end:]
        elif choice == 2:
            text = text[:at] + rng.choice(extras) + text[at:]
        elif choice == 3:
            text = text[:at] + rng.choice(HOSTILE) + text[at:]
        elif choice == 4 and len(lines) > 1:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif choice == 5:
            i = rng.randrange(len(lines))
            delta = rng.choice([" ", "    ", "\t", " \t", "        "])
            lines[i] = delta + lines[i] if rng.random() < 0.6 else lines[i].lstrip()
            text = "\n".join(lines)
        elif choice == 6:
            other = rng.choice(splice).split("\n")
            start = rng.randrange(len(other))
            lines[rng.randrange(len(lines)):0] = other[start:start + rng.randint(1, 12)]
            text = "\n".join(lines)
        elif choice == 7:
            text = text[:at]
        elif choice == 8:
            i = rng.randrange(len(lines))
            lines[i:i] = [lines[i]] * rng.randint(2, 50)
            text = "\n".join(lines)
        elif choice == 9:
            first = text.find('"', at)
            if first >= 0:
                last = text.find('"', first + 1)
                if last > first:
                    hostile = "".join(rng.choice(HOSTILE) for _ in range(rng.randint(1, 5)))
                    text = text[:first + 1] + hostile + text[last:]
        elif choice == 10:
            word = rng.choice(extras)
            text = text.replace(word, rng.choice(extras), rng.randint(1, 3))
        elif text:  # a short span repeated into a long line: where regexes backtrack super-linearly
            end = min(len(text), at + rng.randint(1, 20))
            span = text[at:end] or text[:1]
            text = text[:at] + span * (rng.randint(400, 1200) // len(span)) + text[at:]
    return text


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Byte-level damage: bit flips, bad bytes, BOMs, other line ends."""
    choice = rng.randrange(6)
    if choice == 0 and data:
        at = rng.randrange(len(data))
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]
    if choice == 1:
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice(BAD_BYTES) + data[at:]
    if choice == 2:
        return b"\xef\xbb\xbf" + data
    if choice == 3:
        return data.replace(b"\n", b"\r\n")
    if choice == 4:
        return data.replace(b"\n", b"\r")
    return data


def encode(text: str) -> bytes:
    """UTF-8, with lone surrogates written as the (invalid) bytes an editor could produce."""
    return text.encode("utf-8", errors="surrogatepass")


class Generators:
    """Deterministic inputs: input ``index`` of a target under ``seed`` is always the same."""

    def __init__(self) -> None:
        from statute import load

        self.laws = _law_seeds()
        self.cases = _case_seeds()
        self.vocabulary = grammar_vocabulary()
        self.act = load("enacted")
        self.phrases = sorted(term.text for term in self.act.terms)
        self.numbers = sorted(term.text for term in self.act.terms if str(term.kind) == "number")
        self.then_forms = _then_examples()

    def rng(self, target: str, seed: int, index: int) -> random.Random:
        return random.Random(f"{seed}:{target}:{index}")

    def law(self, seed: int, index: int) -> bytes:
        rng = self.rng("law", seed, index)
        if rng.random() < 0.25:
            text = token_stream(rng, self.vocabulary)
        else:
            text = mutate_text(rng.choice(self.laws[:4] if rng.random() < 0.6 else self.laws), rng,
                               self.vocabulary, self.laws)
        data = encode(text)
        return mutate_bytes(data, rng) if rng.random() < 0.3 else data

    def sentence(self, rng: random.Random) -> str:
        phrase = rng.choice(self.phrases)
        pieces = phrase.split("{")
        out = pieces[0]
        for piece in pieces[1:]:
            _, _, rest = piece.partition("}")
            out += rng.choice(NAMES if rng.random() < 0.3 else NAMES[:4]) + rest
        if phrase in self.numbers:
            out += " is " + rng.choice(["12", "35", "-1", "1e400", "9" * 400, "NaN", "0.5", "7 days", "x", ""])
        return out

    def case_text(self, rng: random.Random) -> str:
        if rng.random() < 0.3 and self.cases:
            return mutate_text(rng.choice(self.cases), rng, NAMES + self.phrases, self.cases)
        lines = [self.sentence(rng) for _ in range(rng.randint(1, 30))]
        text = "\n".join(lines) + "\n"
        return mutate_text(text, rng, NAMES + self.phrases, self.cases or [text]) if rng.random() < 0.5 else text

    def case(self, seed: int, index: int) -> bytes:
        rng = self.rng("case", seed, index)
        data = encode(self.case_text(rng))
        return mutate_bytes(data, rng) if rng.random() < 0.2 else data

    def json_value(self, rng: random.Random, depth: int = 0) -> object:
        pick = rng.randrange(12 if depth < 4 else 7)
        values: list[object] = [None, True, 0, -1, 1.5, float("nan"), float("inf"), "", rng.choice(NAMES),
                                rng.choice(HOSTILE), 10 ** 30]
        if pick < 7:
            return rng.choice(values)
        if pick < 9:
            return [self.json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
        return {rng.choice(["phrase", "slots", "value", "facts", "person", "x", ""]): self.json_value(rng, depth + 1)
                for _ in range(rng.randint(0, 3))}

    def json_entry(self, rng: random.Random) -> object:
        pick = rng.random()
        if pick < 0.3:
            return self.sentence(rng)
        if pick < 0.8:
            phrase = rng.choice(self.phrases)
            slots = {s.strip("{}"): (rng.choice(NAMES) if rng.random() < 0.8 else self.json_value(rng))
                     for s in _slots_of(phrase)}
            entry: dict[str, object] = {"phrase": phrase, "slots": slots}
            if phrase in self.numbers or rng.random() < 0.1:
                entry["value"] = rng.choice([12, 35.5, -1, float("nan"), float("inf"), float("-inf"), 1e308,
                                             "12", None, True, [1], 10 ** 400])
            return entry
        return self.json_value(rng)

    def json(self, seed: int, index: int) -> bytes:
        rng = self.rng("json", seed, index)
        pick = rng.random()
        if pick < 0.05:
            depth = rng.choice([100, 1000, 10_000])
            text = '{"facts": ' + "[" * depth + "]" * depth + "}"
        elif pick < 0.1:
            text = '{"facts": [{"phrase": "the age of {p}", "slots": {"p": "A"}, "value": ' + "9" * rng.choice(
                [400, 4301, 20_000]) + "}]}"
        elif pick < 0.15:
            text = '{"facts": ["\\ud800 is a teacher", {"phrase": "{p} is a teacher", "slots": {"p": "\\udfff"}}]}'
        else:
            data: object = {"facts": [self.json_entry(rng) for _ in range(rng.randint(0, 12))]}
            if rng.random() < 0.1:
                data = rng.choice([data["facts"], self.json_value(rng), {"facts": self.json_value(rng)}])  # type: ignore[index]
            text = json.dumps(data, ensure_ascii=rng.random() < 0.5, default=str)
        data_bytes = encode(text)
        return mutate_bytes(data_bytes, rng) if rng.random() < 0.1 else data_bytes

    def step(self, seed: int, index: int) -> bytes:
        """A small scenario: lines starting ``G `` are Given steps, ``T `` Then steps."""
        rng = self.rng("step", seed, index)
        lines = []
        for _ in range(rng.randint(1, 8)):
            if rng.random() < 0.5:
                sentence = self.sentence(rng)
                if rng.random() < 0.3:
                    sentence = mutate_text(sentence, rng, NAMES + HOSTILE, [sentence])
                lines.append("G " + sentence.replace("\n", " "))
            else:
                sentence = rng.choice(self.then_forms)
                sentence = sentence.replace("Alice", rng.choice(NAMES)) if rng.random() < 0.5 else sentence
                if rng.random() < 0.4:
                    sentence = mutate_text(sentence, rng, NAMES + HOSTILE + self.vocabulary, [sentence])
                lines.append("T " + sentence.replace("\n", " "))
        return encode("\n".join(lines))


def _slots_of(phrase: str) -> list[str]:
    import re

    return re.findall(r"\{[^{}]*\}", phrase)


def _then_examples() -> list[str]:
    from statute.scenarios.vocabulary import STEP_FORMS

    return [form.example for form in STEP_FORMS] + [
        "Alice is under duty_to_notify", "Harry commits preventing_or_deterring", "Alice faces barring_referral",
        "the maximum penalty for preventing_or_deterring on indictment is imprisonment up to 7 years",
        "there is no conflict", "Alice is under no duty", "Alice commits no offence"]


# ── running one input ────────────────────────────────────────────────────────


class Failure(Exception):
    """An outcome other than statute's own diagnostics."""


class _Timeout(BaseException):
    """Raised by the watchdog; a BaseException so that no ``except Exception`` in statute swallows it."""


@contextlib.contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Interrupt the input after ``seconds`` (SIGALRM; the regex engine and Lark both check signals)."""

    def expire(signum: int, frame: object) -> None:
        raise _Timeout(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def captured() -> Iterator[tuple[io.BytesIO, io.BytesIO]]:
    """stdout and stderr as strict UTF-8 byte streams, as a terminal or a pipe would take them."""
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdout, sys.stderr
    wrappers = [io.TextIOWrapper(stream, encoding="utf-8", errors="strict", write_through=True)
                for stream in (out, err)]
    sys.stdout, sys.stderr = wrappers
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = saved
        for wrapper in wrappers:
            wrapper.detach()  # a wrapper closes its buffer when collected; the caller still reads it


def run_cli(*argv: str, want_json: bool = False) -> int:
    """Run the CLI in-process; exit codes other than 0/1/2, tracebacks or broken JSON are failures."""
    from statute.cli import main

    with captured() as (out, err):
        code = main(list(argv))
    text = out.getvalue().decode("utf-8") + err.getvalue().decode("utf-8")
    if code not in (0, 1, 2) or "internal error" in text or "Traceback" in text:
        raise Failure(f"statute {' '.join(argv)} exited {code}: {text[-2000:]}")
    if want_json and code == 0:
        json.loads(out.getvalue(), parse_constant=_no_constant)
    return code


def _no_constant(name: str) -> object:
    raise Failure(f"the JSON output holds {name}, which is not JSON")


def _strict_json(data: object) -> str:
    text = json.dumps(data, allow_nan=False, ensure_ascii=False)
    text.encode("utf-8")
    return text


class Runner:
    """Runs one input of a target in-process and raises :class:`Failure` (or anything) on a bug."""

    def __init__(self, generators: Generators, folder: Path) -> None:
        from statute.case import CaseReader
        from statute.evaluate import evaluator_for

        self.g = generators
        self.folder = folder
        self.reader = CaseReader(generators.act)
        self.evaluator = evaluator_for(generators.act)

    def law(self, data: bytes, index: int) -> None:
        from statute.diagnostics import render
        from statute.graph.build import build_graph
        from statute.graph.export import FORMATS, export
        from statute.loader import load_bytes

        loaded = load_bytes(data, "fuzz.law")
        for diagnostic in loaded.diagnostics:
            render(diagnostic).encode("utf-8")
            _strict_json(diagnostic.to_json())
        if loaded.act is not None:
            graph = build_graph(loaded.act)
            for fmt in FORMATS:
                export(graph, fmt).encode("utf-8")
        if index % 10 == 0:
            path = self.folder / "input.law"
            path.write_bytes(data)
            code = run_cli("check", "--json", str(path), want_json=True)
            if code == 0:
                run_cli("show", "--json", str(path), want_json=True)
                run_cli("graph", str(path), "--format", "json", want_json=True)

    def _case(self, data: bytes, index: int, suffix: str) -> None:
        from statute.case import read_case
        from statute.evaluate import EvaluationTooLarge
        from statute.explain import explain_outcome, render_text, to_json
        from statute.source import decode

        source = decode(data, "fuzz" + suffix)
        if not hasattr(source, "text"):
            return
        case, problems = read_case(self.reader, source.text, source.file)  # type: ignore[union-attr]
        for problem in problems:
            from statute.diagnostics import render

            render(problem).encode("utf-8")
        if not problems:
            try:
                assessment = self.evaluator.evaluate(case)
                _strict_json(assessment.to_json())
                for outcome in assessment.outcomes[:20]:
                    tree = explain_outcome(assessment.run, outcome.provision, outcome.binding)
                    render_text(tree).encode("utf-8")
                    _strict_json(to_json(tree))
            except EvaluationTooLarge:
                pass
        if index % 10 == 0:
            path = self.folder / f"input{suffix}"
            path.write_bytes(data)
            run_cli("explain", "--act", "enacted", str(path))
            run_cli("explain", "--act", "enacted", "--json", str(path), want_json=True)

    def case(self, data: bytes, index: int) -> None:
        self._case(data, index, ".case")

    def json(self, data: bytes, index: int) -> None:
        self._case(data, index, ".json")

    def step(self, data: bytes, index: int) -> None:
        from statute.scenarios.acts import ActCache
        from statute.scenarios.failures import ScenarioFailure
        from statute.scenarios.state import ScenarioState

        if not hasattr(self, "acts"):
            self.acts = ActCache()
        state = ScenarioState(self.acts, ROOT)
        state.name_act("enacted")
        for line in data.decode("utf-8", errors="surrogatepass").split("\n"):
            kind, _, sentence = line.partition(" ")
            try:
                if kind == "G":
                    state.add_fact(sentence)
                else:
                    state.then(sentence)
            except ScenarioFailure as failure:
                failure.text.encode("utf-8", errors="surrogatepass")


# ── the big, pathological inputs (console script in a subprocess) ─────────────


@dataclass
class Big:
    """One large input: how to write it, and the command to run on it."""

    name: str
    write: Callable[[Path], None]
    command: list[str]
    suffix: str = ".law"


def _enacted() -> str:
    return (ROOT / "statute" / "acts" / "enacted.law").read_text(encoding="utf-8")


def _writer(make: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(make())


def _repeated(unit: bytes, size: int) -> bytes:
    return unit * (size // len(unit) + 1)


def _fifty_mb_act(path: Path) -> None:
    """The enacted Act's vocabulary and 50 MB of distinct duties: it loads, with a W402 for each."""
    head, _, _ = _enacted().partition("\nsection ")
    with path.open("w", encoding="utf-8") as stream:
        stream.write(head + "\n")
        number, written = 0, 0
        while written < 50_000_000:
            number += 1
            block = (f'section {number}:\n    source "s.{number}"\n    duty d{number}:\n        holder {{person}}\n'
                     f'        when all of:\n            "{{person}} is a teacher"\n'
                     f'            "{{child}} tells {{person}} about a child sex offence"\n'
                     f'        must "{{person}} notifies the police about {{child}}"\n')
            stream.write(block)
            written += len(block)


HEADER = 'act "T":\n    source "s"\nterms:\n    "{p} is a teacher"\nsection 1:\n    duty d:\n        holder {p}\n'
CASE_LINE = "Alice is a teacher\n"


def big_inputs() -> list[Big]:
    law = ["check"]
    explain = ["explain", "--act", "enacted"]
    # one more space per level, so 10,000 levels fit in 50 MB (four per level would be 200 MB)
    deep_blocks = HEADER + "        when all of:\n" + "".join(" " * (9 + i) + "all of:\n" for i in range(10_000))
    return [
        Big("10,000 parentheses", _writer(lambda: (HEADER + "        when " + "(" * 10_000 + '"{p} is a teacher"'
                                                   + ")" * 10_000 + "\n").encode()), law),
        Big("10,000 unclosed parentheses", _writer(lambda: (HEADER + "        when " + "(" * 10_000).encode()), law),
        Big("10,000 indentation levels", _writer(lambda: (
            'act "T":\n    source "s"\n' + "".join(" " * i + f"part {i}:\n" for i in range(10_000))).encode()), law),
        Big("10,000 nested all of: blocks", _writer(lambda: deep_blocks.encode()), law),
        Big("10,000 nots", _writer(lambda: (HEADER + "        when " + "not " * 10_000 + '"{p} is a teacher"\n'
                                            ).encode()), law),
        Big("1 MB line: a phrase", _writer(lambda: (HEADER + '        must "{p} ' + "x" * 1_000_000 + '"\n').encode()),
            law),
        Big("1 MB line: a name", _writer(lambda: (HEADER.replace("duty d:", "duty " + "d" * 1_000_000 + ":")
                                                  ).encode()), law),
        Big("1 MB line: a comment", _writer(lambda: (HEADER + "# " + "c" * 1_000_000 + "\n").encode()), law),
        Big("1 MB line: garbage", _writer(lambda: _repeated(b"x tells ", 1_000_000)), law),
        Big("1 MB line: open brackets", _writer(lambda: b"(" * 1_000_000), law),
        Big("1 MB line: a string never closed", _writer(lambda: (HEADER + '        must "' + "x" * 1_000_000).encode()),
            law),
        Big("50 MB Act", _fifty_mb_act, law),
        Big("50 MB of one repeated section", _writer(lambda: (_enacted() + _repeated(
            b'section 9:\n    text "again"\n', 50_000_000).decode()).encode()), law),
        Big("50 MB of NUL bytes", _writer(lambda: b"\x00" * 50_000_000), law),
        Big("NUL bytes in the Act", _writer(lambda: _enacted().replace("duty_to_notify", "duty\x00to").encode()), law),
        Big("invalid UTF-8", _writer(lambda: _enacted().encode().replace(b"England", b"Engl\xffnd")), law),
        Big("encoded surrogate", _writer(lambda: _enacted().encode().replace(b"England", b"\xed\xa0\x80")), law),
        Big("BOM and CRLF", _writer(lambda: b"\xef\xbb\xbf" + _enacted().encode().replace(b"\n", b"\r\n")), law),
        Big("BOM in the middle", _writer(lambda: _enacted().encode().replace(b"section 86", b"\xef\xbb\xbfsection 86")),
            law),
        Big("CR only", _writer(lambda: _enacted().encode().replace(b"\n", b"\r")), law),
        Big("tabs mixed with spaces", _writer(lambda: _enacted().replace("        ", "\t").encode()), law),
        Big("tab after spaces", _writer(lambda: _enacted().replace("        holder", "    \tholder").encode()), law),
        Big("direction marks and emoji", _writer(lambda: _enacted().replace(
            "the police", "the \u202epolice\u2066 \U0001f600\u200d").encode()), law),
        Big("case: 1 MB line", _writer(lambda: _repeated(b"x tells ", 1_000_000)), explain, ".case"),
        Big("case: 1 MB party name", _writer(lambda: ("A" * 1_000_000 + " is a teacher\n").encode()), explain, ".case"),
        Big("case: 50 MB of facts", _writer(lambda: _repeated(CASE_LINE.encode(), 50_000_000)), explain, ".case"),
        Big("case: 50 MB of nonsense", _writer(lambda: _repeated(b"nonsense line\n", 50_000_000)), explain, ".case"),
        Big("case: 1,000 parties", _writer(lambda: "".join(f"P{i} is a teacher\n" for i in range(1000)).encode()),
            explain, ".case"),
        Big("case: NUL, BOM, CRLF, invalid UTF-8", _writer(
            lambda: b"\xef\xbb\xbfAlice is a teacher\r\nBella\x00 is a teacher\r\nC\xff is a teacher\r\n"), explain,
            ".case"),
        Big("json: nested 100,000 deep", _writer(lambda: b'{"facts": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
            explain, ".json"),
        Big("json: a 100,000-digit number", _writer(
            lambda: b'{"facts": [{"phrase": "the age of {p}", "slots": {"p": "A"}, "value": ' + b"9" * 100_000
            + b"}]}"), explain, ".json"),
        Big("json: NaN and Infinity", _writer(
            lambda: b'{"facts": [{"phrase": "the age of {p}", "slots": {"p": "A"}, "value": NaN}, '
                    b'{"phrase": "the age of {p}", "slots": {"p": "B"}, "value": -Infinity}]}'), explain, ".json"),
        Big("json: 50 MB of facts", _writer(lambda: b'{"facts": [' + _repeated(b'"Alice is a teacher", ', 50_000_000)
                                            + b'"Alice is a teacher"]}'), explain, ".json"),
        Big("json: surrogates", _writer(lambda: b'{"facts": ["\\ud800 is a teacher"]}'), explain, ".json"),
    ]


def _limits(memory_mb: int) -> Callable[[], None]:
    def apply() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def run_big(args: argparse.Namespace, report: Report) -> None:
    folder = Path(args.out)
    script = [sys.executable, "-m", "statute"]
    for big in big_inputs():
        if args.big_only and args.big_only not in big.name:
            continue
        path = folder / ("big" + big.suffix)
        big.write(path)
        for extra in ([], ["--json"]) if big.command[0] == "explain" else ([],):
            argv = [*script, *big.command, *extra, str(path)]
            started = time.perf_counter()
            name = f"big: {big.name}{' --json' if extra else ''}"
            try:
                done = subprocess.run(argv, capture_output=True, timeout=args.big_timeout, cwd=ROOT,
                                      preexec_fn=_limits(args.memory_mb))
            except subprocess.TimeoutExpired:
                report.add("big", name, f"no result after {args.big_timeout} s", time.perf_counter() - started)
                continue
            text = (done.stdout[-4000:] + done.stderr[-4000:]).decode("utf-8", errors="replace")
            problem = None
            if done.returncode not in (0, 1, 2):
                problem = f"exit {done.returncode}: {text[-1500:]}"
            elif "Traceback" in text or "internal error" in text:
                problem = text[-1500:]
            elif done.returncode != 0 and not done.stderr.strip() and b"error" not in done.stdout:
                problem = "a non-zero exit without a message"
            first = next((line for line in text.splitlines() if "error" in line), text.strip().split("\n")[0])
            report.add("big", name, problem, time.perf_counter() - started, detail=first[:160])
        path.unlink(missing_ok=True)


# ── workers and the report ───────────────────────────────────────────────────


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    slowest: dict[str, tuple[float, str]] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)

    def grouped(self) -> dict[str, list[tuple[str, str, str]]]:
        groups: dict[str, list[tuple[str, str, str]]] = {}
        for failure in self.failures:
            groups.setdefault(signature(failure[2]), []).append(failure)
        return groups

    slow: list[tuple[float, str]] = field(default_factory=list)

    def add(self, target: str, name: str, problem: str | None, seconds: float, detail: str = "") -> None:
        self.counts[target] = self.counts.get(target, 0) + 1
        if target != "big" and seconds > SLOW:
            self.slow.append((seconds, name))
        if problem:
            self.failures.append((target, name, problem))
        if seconds > self.slowest.get(target, (0.0, ""))[0]:
            self.slowest[target] = (seconds, name)
        if target == "big":
            self.details.append(f"  {'FAIL' if problem else 'ok  '} {seconds:7.1f} s  {name}: {detail}")
            print(self.details[-1], flush=True)


def signature(problem: str) -> str:
    """A failure's kind, to group many inputs failing the same way: its last line, digits blanked."""
    import re

    last = problem.strip().splitlines()[-1] if problem.strip() else problem
    return re.sub(r"\d+", "N", last)[:160]


def worker(args: argparse.Namespace) -> int:
    """Run inputs start, start+1, … of one target; one line per input on stdout."""
    if args.memory_mb:
        limit = args.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    folder = Path(tempfile.mkdtemp(prefix="statute-fuzz-"))
    generators = Generators()
    runner = Runner(generators, folder)
    make = getattr(generators, args.target)
    run = getattr(runner, args.target)
    stdout = sys.stdout
    index = args.start
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline and (args.count is None or index < args.start + args.count):
        data = make(args.seed, index)
        print(f"start {index}", file=stdout, flush=True)
        started = time.perf_counter()
        problem = None
        try:
            with watchdog(args.timeout):
                run(data, index)
        except _Timeout as stop:
            problem = f"hang: {stop}"
        except MemoryError:
            problem = "MemoryError: memory ran away"
        except Failure as failure:
            problem = str(failure)
        except BaseException as error:  # any escape is the finding
            import traceback

            problem = "".join(traceback.format_exception(error)[-6:])
        seconds = time.perf_counter() - started
        print(json.dumps({"index": index, "problem": problem, "seconds": seconds}), file=stdout, flush=True)
        index += 1
    return 0


def _pump(stream: io.TextIOBase, lines: queue.Queue[str | None]) -> None:
    """Forward a worker's lines to the supervisor (None at the end), so it can wait with a timeout."""
    for line in stream:
        lines.put(line)
    lines.put(None)


def supervise(args: argparse.Namespace, target: str, seconds: float, report: Report) -> None:
    """Run workers for ``seconds``; a worker that dies or stalls costs its input a failure, not the run."""
    index = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        remaining = deadline - time.monotonic()
        argv = [sys.executable, __file__, "--worker", "--target", target, "--seed", str(args.seed), "--start",
                str(index), "--seconds", str(remaining), "--timeout", str(args.timeout),
                "--memory-mb", str(args.memory_mb)]
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   errors="replace", cwd=ROOT)
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
        started_index: int | None = None
        started_at = time.monotonic()
        while True:
            try:
                line = lines.get(timeout=1.0)
            except queue.Empty:
                if started_index is not None and time.monotonic() - started_at > 3 * args.timeout + 10:
                    process.kill()
                    report.add(target, f"{target}:{args.seed}:{started_index}", "hang: the worker stopped "
                               "answering (an uninterruptible loop)", time.monotonic() - started_at)
                    index = started_index + 1
                    break
                continue
            if line is None:
                process.wait()
                if started_index is not None:  # died during an input
                    stderr = process.stderr.read()[-1500:] if process.stderr else ""
                    report.add(target, f"{target}:{args.seed}:{started_index}",
                               f"the worker died (exit {process.returncode}): {stderr}", time.monotonic() - started_at)
                    index = started_index + 1
                else:
                    index = -1
                break
            if line.startswith("start "):
                started_index = int(line.split()[1])
                started_at = time.monotonic()
                continue
            result = json.loads(line)
            report.add(target, f"{target}:{args.seed}:{result['index']}", result["problem"], result["seconds"])
            started_index = None
            index = result["index"] + 1
        if index < 0:
            break


def replay(args: argparse.Namespace) -> int:
    target, seed, index = args.replay.split(":")
    data = getattr(Generators(), target)(int(seed), int(index))
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = {"law": ".law", "case": ".case", "json": ".json", "step": ".steps"}[target]
    path = folder / f"{target}-{seed}-{index}{suffix}"
    path.write_bytes(data)
    print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=600, help="total time for the generated inputs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--timeout", type=float, default=20, help="seconds one generated input may take")
    parser.add_argument("--big-timeout", type=float, default=900,
                        help="seconds one big input may take (a 50 MB Act takes minutes: Lark parses ~0.3 MB/s)")
    parser.add_argument("--big-only", metavar="TEXT", help="run only the big inputs whose name contains TEXT")
    parser.add_argument("--memory-mb", type=int, default=4096, help="address-space limit of each worker")
    parser.add_argument("--out", default=str(ROOT / "out" / "fuzz"))
    parser.add_argument("--replay", metavar="TARGET:SEED:INDEX")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if args.worker:
        return worker(args)
    if args.replay:
        return replay(args)
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = set(targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))} (choose from {', '.join(TARGETS)})")
    Path(args.out).mkdir(parents=True, exist_ok=True)
    report = Report()
    started = time.perf_counter()
    generated = [t for t in targets if t != "big"]
    for target in generated:
        print(f"fuzzing {target} for {args.seconds / len(generated):.0f} s …", flush=True)
        supervise(args, target, args.seconds / len(generated), report)
    if "big" in targets:
        print("running the big inputs …", flush=True)
        run_big(args, report)
    total = sum(report.counts.values())
    print(f"\n{total:,} inputs in {time.perf_counter() - started:.0f} s (seed {args.seed}):")
    for target in targets:
        failed = sum(1 for t, _, _ in report.failures if t == target)
        slow, name = report.slowest.get(target, (0.0, "-"))
        print(f"  {target:<5} {report.counts.get(target, 0):>8,} inputs  {failed:>4} failures  "
              f"slowest {slow:.2f} s ({name})")
    if report.slow:
        print(f"\n{len(report.slow)} generated inputs took over {SLOW:g} s (the slowest; replay them to see why):")
        for seconds, name in sorted(report.slow, reverse=True)[:10]:
            print(f"  {seconds:6.2f} s  {name}")
    for signature, found in report.grouped().items():
        print(f"\nFAIL ×{len(found)}: {signature}")
        for target, name, problem in found[:3]:
            again = f"  (reproduce: python benchmarks/fuzz.py --replay {name})" if target != "big" else ""
            print(f"  {name}{again}")
            print("    " + problem.strip()[-1200:].replace("\n", "\n    "))
    print(f"\n{len(report.failures)} unhandled outcomes" + (" — none" if not report.failures else ""))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
