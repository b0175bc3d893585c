"""One scenario as it runs: which Act, which facts, what the Act says about them.

The plugin's steps only forward to a :class:`ScenarioState`: Given/When sentences go
to :meth:`ScenarioState.add_fact` (read by the Act's own :class:`~statute.case.CaseReader`,
so the steps are the law's phrases and cannot drift from them), Then sentences to
:meth:`ScenarioState.then`. Everything a drafter can get wrong becomes a
:class:`~statute.scenarios.failures.ScenarioProblem` naming the line; every outcome
the Act does not give becomes an :class:`~statute.scenarios.failures.OutcomeMismatch`
carrying the evaluator's explanation.
"""

from __future__ import annotations

import linecache
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from statute.brief import decisive_line, relevance, render_brief
from statute.case import MAX_SENTENCE, CaseBuilder, Fact
from statute.diagnostics import render
from statute.evaluate import EvaluationTooLarge, evaluator_for
from statute.explain import Reason, render_text
from statute.scenarios import vocabulary
from statute.scenarios.acts import ActCache, ActNotLoaded, LoadedAct
from statute.scenarios.failures import OutcomeMismatch, ScenarioProblem, Where
from statute.scenarios.references import UnknownReference

_NAME_THE_ACT = ('name the Act with a Background step `Given the Act "NAME"` (a bundled Act or a .law path '
                 "relative to the feature file) or a tag @act:NAME on the feature, rule or scenario")


#: Lines a failed Then prints by default (the brevity budget the tests hold it to).
FAILURE_LINES = 25


_ACTION_VERBS = re.compile(r"\b(?:has|have) (?:not )?(?:complied with|breached)\b", re.IGNORECASE)
_EXCUSE_VERBS = re.compile(r"\bis (?:not )?excused from\b", re.IGNORECASE)


def _focus(sentence: str) -> str | None:
    """What part of a duty a Then asks about: what it requires, its exceptions, or (None) whether it applies."""
    if _ACTION_VERBS.search(sentence):
        return "action"
    return "exception" if _EXCUSE_VERBS.search(sentence) else None


def _root_only(tree: Reason) -> Reason:
    return Reason(tree.text, tree.holds, tree.kind, tree.provision, tree.note)


@lru_cache(maxsize=256)
def _relative(path: Path, root: Path) -> str:
    """A feature file as shown in messages: relative to the rootdir (asked for every fact read)."""
    try:
        return os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        return str(path)


@dataclass
class ScenarioState:
    """A scenario's Act, facts and (cached) assessment. One per test item."""

    acts: ActCache
    rootdir: Path
    feature_file: Path | None = None
    scenario_name: str = ""
    scenario_line: int | None = None
    tagged_act: str | None = None  # from an @act:NAME tag (or this run's choice among several)
    named_act: str | None = None  # from `Given the Act "NAME"`
    default_act: str | None = None  # from the statute_act ini option, for a scenario that names none
    step_line: int | None = None
    table_lines: list[int | None] = field(default_factory=list)  # the current step's data-table rows
    facts: list[tuple[str, int | None]] = field(default_factory=list)
    #: What the facts read so far say (predicate, parties, value, day): a fact stated again changes
    #: nothing, so the assessment is kept — alternating When/Then steps were quadratic without it.
    _said: set[tuple[object, ...]] = field(default_factory=set)
    loaded: LoadedAct | None = None
    builder: CaseBuilder | None = None
    _evaluated: vocabulary.Evaluated | None = None
    #: Called with every assessment the scenario computes (the coverage recorder listens here).
    observer: Callable[[vocabulary.Evaluated], None] | None = None
    evaluations: int = 0
    #: ``--statute-full``: a failure prints every branch of the Act's reasoning, not the deciding one.
    full_explanations: bool = False

    # ── where ──────────────────────────────────────────────────────────────
    @property
    def display_file(self) -> str:
        if self.feature_file is None:
            return "<scenario>"
        return _relative(self.feature_file, self.rootdir)

    def where(self, line: int | None = None) -> Where:
        line = self.step_line if line is None else line
        source = None
        if self.feature_file is not None and line is not None:
            source = linecache.getline(str(self.feature_file), line).rstrip("\n") or None
        return Where(self.display_file, line, source)

    # ── the Act ────────────────────────────────────────────────────────────
    def name_act(self, name: str) -> None:
        """`Given the Act "NAME"`: load it now, so a wrong name fails on this line."""
        name = name.strip()
        if self.named_act is not None and self.named_act != name:
            raise ScenarioProblem(f'the scenario names two Acts: "{self.named_act}" and "{name}"', self.where(),
                                  ["  hint: one scenario runs against one Act; use a Scenario Outline with an "
                                   "<act> column, or several @act:NAME tags, to run it against several"])
        if self.tagged_act is not None and self.tagged_act != name:
            raise ScenarioProblem(f'the scenario is tagged @act:{self.tagged_act} but this step names "{name}"',
                                  self.where(), ["  hint: name the Act once, by a tag or by this step"])
        self.named_act = name
        self._load(name)

    def _load(self, name: str) -> LoadedAct:
        if self.loaded is None:
            base = self.feature_file.parent if self.feature_file is not None else None
            try:
                self.loaded = self.acts.get(name, base)
            except ActNotLoaded as error:
                raise ScenarioProblem(error.headline, self.where(self._tag_line(name)), error.lines) from None
            self.builder = CaseBuilder(self.loaded.reader)
            pending, self.facts = self.facts, []
            for sentence, line in pending:
                self._read(sentence, line)
        return self.loaded

    def _tag_line(self, name: str) -> int | None:
        """The line of the ``@act:NAME`` tag that named this Act, when a tag did (pytest-bdd keeps no
        tag lines): the last such tag above the step, else None (then the step's line is used)."""
        if name != self.tagged_act or name == self.named_act or self.feature_file is None:
            return None
        found = None
        for number in range(1, (self.step_line or 0) + 1):
            if f"@act:{name}" in linecache.getline(str(self.feature_file), number).split():
                found = number
        return found

    def act(self) -> LoadedAct:
        if self.loaded is not None:
            return self.loaded
        name = self.named_act or self.tagged_act or self.default_act
        if name is None:
            raise ScenarioProblem("no Act is named for this scenario", self.where(), [f"  hint: {_NAME_THE_ACT}"])
        return self._load(name)

    # ── facts ──────────────────────────────────────────────────────────────
    def add_fact(self, sentence: str, line: int | None = None) -> None:
        """A Given/When sentence: one of the Act's phrases with parties (and a number) filled in."""
        line = self.step_line if line is None else line
        if self.loaded is None and (self.named_act or self.tagged_act):
            self.act()
        if self.loaded is None:
            self.facts.append((sentence, line))  # checked once the Act is named
            return
        self._read(sentence, line)

    def add_table(self, rows: Sequence[Sequence[str]], lines: Sequence[int | None]) -> None:
        """`Given the following facts:` — a table whose header is `fact`, one sentence a row."""
        if not rows or [c.strip().casefold() for c in rows[0]] != ["fact"]:
            header = " | ".join(rows[0]) if rows else "(no rows)"
            raise ScenarioProblem(f"the facts table needs one column headed 'fact'; its header is: {header}",
                                  self.where(lines[0] if lines else None),
                                  ["  hint: | fact |\n        | Alice is a teacher |  — one sentence in each row"])
        for index, row in enumerate(rows[1:], start=1):
            self.add_fact(row[0], lines[index] if index < len(lines) else None)

    def _read(self, sentence: str, line: int | None) -> None:
        assert self.builder is not None and self.loaded is not None
        clock = self.builder.clock
        before = (len(self.builder.facts), clock.as_at, len(clock.appointed))
        problem = self.builder.add(sentence, line, self.display_file)
        if len(self.builder.facts) > before[0]:
            added = self.builder.facts[-1]
            said = (added.key, added.args, added.value, added.on)
            if said not in self._said:
                self._said.add(said)
                self._evaluated = None
        if (clock.as_at, len(clock.appointed)) != before[1:]:
            self._evaluated = None
        if problem is None:
            return
        body = [f"  in the Act {self.loaded.description}"]
        if problem.hint:
            body.append(f"  hint: {problem.hint}")
        if vocabulary.match(sentence) is not None:
            body.append("  note: this is an outcome; write it as a Then step")
        elif sentence.strip().casefold().startswith("the act"):
            body.append('  note: to name the Act, write: Given the Act "NAME" (with the quotes)')
        raise ScenarioProblem(problem.message, self.where(line), body)

    # ── evaluation ─────────────────────────────────────────────────────────
    def evaluated(self) -> vocabulary.Evaluated:
        """The assessment of the facts so far (computed once until a fact is added)."""
        if self._evaluated is not None:
            return self._evaluated
        loaded = self.act()
        assert self.builder is not None
        case, problems = self.builder.build(self.display_file)
        if problems:
            raise ScenarioProblem(problems[0].message, self.where(problems[0].line),
                                  [f"  hint: {p.hint}" for p in problems[:1] if p.hint] +
                                  [render(p) for p in problems[1:]])
        try:
            assessment = evaluator_for(loaded.act).evaluate(case)
        except EvaluationTooLarge as error:
            raise ScenarioProblem(str(error), self.where(), ["  hint: name fewer parties in one scenario"]) from None
        self._evaluated = vocabulary.Evaluated(loaded, assessment)
        self.evaluations += 1
        if self.observer is not None:
            self.observer(self._evaluated)
        return self._evaluated

    @property
    def stated(self) -> list[Fact]:
        return list(self.builder.facts) if self.builder is not None else []

    def then(self, sentence: str) -> None:
        """A Then sentence: check it against the Act's outcome; raise with the explanation if it differs."""
        if len(sentence) > MAX_SENTENCE:
            raise ScenarioProblem(f"this Then step is {len(sentence):,} characters long; statute reads steps of at "
                                  f"most {MAX_SENTENCE:,}", self.where(), ["  hint: one outcome per step"])
        matched = vocabulary.match(sentence)
        if matched is None:
            # a phrase of the Act is a finding ("Then Acme Ltd is a relevant commercial organisation")
            finding = vocabulary.check_finding(self.evaluated(), sentence) if self.builder is not None else None
            if finding is None:
                self._unknown_then(sentence)
                return
            verdict = finding
        else:
            verdict = self._checked(sentence, *matched)
        if not verdict.passed:
            raise OutcomeMismatch(f"expected: {sentence.strip()}", self.where(),
                                  self._mismatch_body(verdict, _focus(sentence)))

    def _checked(self, sentence: str, found: re.Match[str], check: vocabulary.Check) -> vocabulary.Verdict:
        evaluated = self.evaluated()
        try:
            return check(evaluated, found)
        except EvaluationTooLarge as error:  # explaining a `some` over very many parties
            raise ScenarioProblem(str(error), self.where(), ["  hint: name fewer parties in one scenario"]) from None
        except UnknownReference as error:
            finding = vocabulary.check_finding(evaluated, sentence)  # "D commits a … offence against Eve"
            if finding is not None:
                return finding
            body = [f"  in the Act {evaluated.loaded.description}"]
            if error.hint:
                body.append(f"  hint: {error.hint}")
            raise ScenarioProblem(error.message, self.where(), body) from None

    def _mismatch_body(self, verdict: vocabulary.Verdict, focus: str | None = None) -> list[str]:
        """What the Act found, the decisive fact, the deciding branch, then the facts — within
        ``FAILURE_LINES`` lines unless ``--statute-full`` asks for every branch."""
        assert self.loaded is not None
        trees = verdict.why if verdict.ordered else sorted(verdict.why, key=relevance, reverse=True)
        body = [f"  found:    {verdict.found}"]
        because = decisive_line(trees[0], focus) if trees else None
        if because:
            body.append(f"  because:  {because}")
        body.append(f"  Act:      {self.loaded.description}")
        facts = self.stated
        if self.full_explanations:
            if trees:
                body += ["", "  Why, according to the Act (✓ holds, ✗ does not):"]
                for tree in trees:
                    body += ["    " + line for line in render_text(tree).splitlines()]
            if facts:
                body += ["", f"  Facts of the scenario ({self.display_file}):"]
                body += [f"    line {f.line or '?':>4}  {f.text}" for f in facts]
            return body
        if trees:
            room = FAILURE_LINES - 3 - len(body) - 1 - 2  # headline and step, header, facts, the hint
            body.append("  Why (✓ holds, ✗ does not):")
            body += ["    " + line for line in render_brief(trees[0], budget=room).splitlines()]
            others = trees[1:]
            for tree in others[:max(0, FAILURE_LINES - 5 - len(body))]:
                body.append("    also: " + render_text(_root_only(tree), quotes=False))
        lines = [f.line for f in facts if f.line]
        if facts and 3 + len(body) + 2 + len(facts) <= FAILURE_LINES:
            body += [f"  Facts of the scenario ({self.display_file}):"]
            body += [f"    line {f.line or '?':>4}  {f.text}" for f in facts]
        elif facts:
            span = f", lines {min(lines)}–{max(lines)}" if lines else ""
            body.append(f"  Facts of the scenario: {len(facts)} stated in {self.display_file}{span}")
        if trees:
            body.append("  (every branch of the reasoning: pytest --statute-full)")
        return body

    def _unknown_then(self, sentence: str) -> None:
        near = vocabulary.closest_forms(sentence)
        raise ScenarioProblem(
            f"{sentence.strip()!r} is not one of statute's Then steps", self.where(),
            ["  closest forms: " + "; ".join(f.form for f in near),
             "  the Then steps are (`statute docs drafters` explains each):", vocabulary.vocabulary_text("    ")])
