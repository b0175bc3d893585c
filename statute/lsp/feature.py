"""What the language server says about a ``.feature`` file.

Diagnostics are the pytest plugin's: its collection errors (an empty file, a misspelt
keyword or tag, Gherkin that does not parse, no scenarios) and, for each scenario, what
running it would report — the steps go through the plugin's own
:class:`~statute.scenarios.state.ScenarioState`, with the Act loaded from the editor's
texts, so an unknown phrase, provision or party reads exactly as in ``pytest``. A scenario
whose outcome differs from the Act's is shown as information.

Completion offers, on a Given or When step, every phrase of the Act a case can state,
with the parties already typed kept and the slots left as snippet placeholders; on a Then
step, the Then vocabulary filled with the Act's provision ids and names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gherkin.errors import CompositeParserException, ParserException
from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler

from statute import model as m
from statute.case import MAX_SENTENCE
from statute.lsp.answers import Edit, Problem, Suggestion, line_place, meant
from statute.lsp.law import phrase_card, provision_card
from statute.lsp.locate import Place
from statute.lsp.project import ActState, Project
from statute.scenarios.acts import ActCache, ActNotLoaded, LoadedAct
from statute.scenarios.collect import gherkin_typos
from statute.scenarios.failures import OutcomeMismatch, ScenarioFailure, ScenarioProblem
from statute.scenarios.references import KIND_WORDS
from statute.scenarios.state import ScenarioState
from statute.scenarios.vocabulary import RELATIONS

#: The most scenarios (after outlines are expanded) run for diagnostics in one file, and kept results.
MAX_SCENARIOS = 1000
MAX_CACHED = 20_000
#: The most completion items sent at once (the client asks again as the drafter types).
MAX_ITEMS = 100

_STEP_LINE = re.compile(r"^(?P<indent>\s*)(?P<keyword>Given|When|Then|And|But|\*)(?P<space>\s+)(?P<text>.*)$")
_PRIMARY = {"Given": "context", "When": "action", "Then": "outcome"}
_ACT_STEP = re.compile(r'^\s*the act\s+"(?P<name>[^"]*)"\s*$', re.IGNORECASE)
_FACTS_STEP = re.compile(r"^\s*the following facts:?\s*$", re.IGNORECASE)
_ACT_TAG = re.compile(r"(?<!\S)@act:(?P<name>\S+)")
_ACT_LINE = re.compile(r'^\s*(?:Given|And|\*)\s+the act\s+"(?P<name>[^"]+)"\s*$', re.IGNORECASE)


# ── reading the Gherkin ──────────────────────────────────────────────────────

@dataclass
class Step:
    line: int  # 1-based, as Gherkin counts
    kind: str  # Context / Action / Outcome / Unknown
    text: str
    rows: list[list[str]] = field(default_factory=list)
    row_lines: list[int | None] = field(default_factory=list)


@dataclass
class Pickle:
    name: str
    line: int
    tags: tuple[str, ...]
    steps: list[Step]


def _ast_lines(document: dict) -> dict[str, int]:
    """Every AST node id (steps, table rows, scenarios, example rows, tags) → its 1-based line."""
    out: dict[str, int] = {}
    stack: list[object] = [document.get("feature") or {}]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "id" in node and isinstance(node.get("location"), dict):
                out[str(node["id"])] = int(node["location"]["line"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


def read_pickles(text: str) -> tuple[list[Pickle], tuple[int, str] | None]:
    """The scenarios of a feature file as pytest-bdd runs them (outlines expanded), or where Gherkin fails."""
    try:
        document: dict[str, Any] = dict(Parser().parse(text))
    except (CompositeParserException, ParserException) as error:
        errors = getattr(error, "errors", None) or [error]
        location = getattr(errors[0], "location", None) or {}
        return [], (int(location.get("line") or 1), str(error).replace("Parser errors:\n", "").strip())
    document["uri"] = "feature"
    lines = _ast_lines(document)
    pickles = []
    for raw in Compiler().compile(document):  # type: ignore[arg-type]  # a GherkinDocument with its uri
        steps = []
        for step in raw["steps"]:
            node = step["astNodeIds"][0]
            argument: dict[str, Any] = dict(step.get("argument") or {})
            table: dict[str, Any] = argument.get("dataTable") or {}
            rows = [[cell["value"] for cell in row["cells"]] for row in table.get("rows", [])]
            ids = [row.get("id") for row in _rows_of(document, node)]
            steps.append(Step(lines.get(node, 1), step.get("type", "Unknown"), step["text"], rows,
                              [lines.get(str(i)) for i in ids] if ids else [None] * len(rows)))
        tags = tuple(tag["name"] for tag in raw.get("tags", []))
        pickles.append(Pickle(raw["name"], lines.get(raw["astNodeIds"][0], 1), tags, steps))
    return pickles, None


def _rows_of(document: dict, step_id: str) -> list[dict]:
    """The data-table rows of the AST step with this id (pickles keep no row lines)."""
    stack: list[object] = [document.get("feature") or {}]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("id") == step_id and "keyword" in node:
                return list((node.get("dataTable") or {}).get("rows", []))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return []


# ── the Act a scenario names ─────────────────────────────────────────────────

class _BufferActs(ActCache):
    """The plugin's Act cache, loading Acts from the editor's texts instead of the disk."""

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.states: dict[str, ActState] = {}

    def _load(self, name: str, path: Path) -> LoadedAct | ActNotLoaded:  # type: ignore[override]
        files = self.project.files_named(path)
        if not files:
            return ActNotLoaded(f'the Act "{name}" is a folder with no .law files ({path})',
                                ["  hint: put the Act's .law files in it, or name a .law file"])
        return self.project.load(files).for_scenarios(name, path)


def act_names(lines: list[str], upto: int | None = None) -> list[str]:
    """The Acts a feature file names above a line (tags ``@act:NAME`` and ``Given the Act "NAME"``), last first."""
    names: list[str] = []
    for text in lines[: None if upto is None else upto + 1]:
        names.extend(match.group("name") for match in _ACT_TAG.finditer(text) if not text.lstrip().startswith("#"))
        found = _ACT_LINE.match(text)
        if found:
            names.append(found.group("name"))
    return list(dict.fromkeys(reversed(names)))


def act_for(project: Project, path: str, lines: list[str], line: int | None = None) -> ActState | None:
    """The Act the scenario at ``line`` runs against (the nearest naming above it), as usable as it can be."""
    base = Path(path).parent
    for name in act_names(lines, line):
        found = project.named(name, base)
        if isinstance(found, ActNotLoaded):
            continue
        state = project.usable(found[1])
        if state is not None:
            return state
    return None


# ── diagnostics ──────────────────────────────────────────────────────────────

def _problem_at(path: str, lines: list[str], line: int | None, message: str, severity: str = "error",
                code: str | None = None, fixes: tuple[tuple[str, Edit], ...] = ()) -> Problem:
    return Problem(line_place(path, lines, max((line or 1) - 1, 0)), severity, code, message, fixes)


_TYPO = re.compile(r"^(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$", re.DOTALL)


def problems(project: Project, path: str, cache: dict | None = None) -> list[Problem]:
    """The plugin's collection errors, then what each scenario's steps would report."""
    text = project.text(path)
    if not isinstance(text, str):
        return [_problem_at(path, [], 1, text.message, code=text.code)]
    lines = text.split("\n")
    if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        return [_problem_at(path, lines, 1, "the feature file is empty (it needs a Feature: line and scenarios)")]
    out: list[Problem] = []
    for typo in gherkin_typos(text, ""):
        found = _TYPO.match(typo[1:])
        if found:
            out.append(_problem_at(path, lines, int(found.group("line")), found.group("message"),
                                   fixes=_typo_fix(path, lines, int(found.group("line")), found.group("message"))))
    pickles, failure = read_pickles(text)
    if failure is not None:
        out.append(_problem_at(path, lines, failure[0], f"the feature file cannot be read: {failure[1]}"))
        return out
    if not pickles:
        out.append(_problem_at(path, lines, 1, "the feature file has no scenarios"))
        return out
    seen: set[tuple[int, str]] = set()
    cache = cache if cache is not None else {}
    for pickle in pickles[:MAX_SCENARIOS]:
        for problem in _run(project, path, lines, pickle, cache):
            key = (problem.place.line, problem.message)
            if key not in seen:
                seen.add(key)
                out.append(problem)
    if len(pickles) > MAX_SCENARIOS:
        out.append(_problem_at(path, lines, pickles[MAX_SCENARIOS].line, f"only the first {MAX_SCENARIOS} "
                               "scenarios are checked as you type; pytest runs them all", severity="info"))
    state = act_for(project, path, lines)
    if state is not None and state.act is not None:  # ready for the first completion, while the drafter reads
        _shapes(state, "context")
        _shapes(state, "outcome")
    return out


def _typo_fix(path: str, lines: list[str], line: int, message: str) -> tuple[tuple[str, Edit], ...]:
    names = meant(message)
    written = re.search(r"'([^']+)'", message)
    if not names or written is None or not 0 < line <= len(lines):
        return ()
    old = written.group(1).rstrip(":")
    column = lines[line - 1].find(old)
    if column < 0:
        return ()
    new = names[0].rstrip(":")  # the keyword without its colon, as the range holds it
    return ((f"Change to {new}", Edit(Place(path, line - 1, column, line - 1, column + len(old)), new)),)


def _run(project: Project, path: str, lines: list[str], pickle: Pickle, cache: dict) -> list[Problem]:
    """One scenario through the plugin's state (once per @act tag), as pytest would run it."""
    acts = _BufferActs(project)
    tagged: list[str | None] = [*sorted({t[len("@act:"):] for t in pickle.tags if t.startswith("@act:")})] or [None]
    out: list[Problem] = []
    for act in tagged:
        key = (path, act, pickle.tags, tuple((s.line, s.kind, s.text, tuple(map(tuple, s.rows))) for s in pickle.steps),
               _act_identity(project, path, act, pickle))
        found = cache.get(key)
        if found is None:
            found = _run_once(acts, path, lines, pickle, act)
            if len(cache) > MAX_CACHED:
                cache.clear()
            cache[key] = found
        out.extend(found)
    return out


def _act_identity(project: Project, path: str, tagged: str | None, pickle: Pickle) -> tuple:
    """What the scenario's outcome depends on besides its steps: the texts of the Act it names."""
    names = [tagged] if tagged else [m_.group("name") for s in pickle.steps if (m_ := _ACT_STEP.match(s.text))]
    out = []
    for name in names:
        found = project.named(name, Path(path).parent)
        if not isinstance(found, ActNotLoaded):
            out.append(project.load(found[1]).key)
    return tuple(out)


def _run_once(acts: ActCache, path: str, lines: list[str], pickle: Pickle, tagged: str | None) -> list[Problem]:
    state = ScenarioState(acts, Path(path).parent)
    state.feature_file = Path(path)
    state.scenario_name = pickle.name
    state.scenario_line = pickle.line
    state.tagged_act = tagged
    try:
        for step in pickle.steps:
            state.step_line = step.line
            state.table_lines = step.row_lines
            if step.kind == "Outcome":
                if step.text.strip().casefold() != "trace":
                    state.then(step.text)
                continue
            named = _ACT_STEP.match(step.text)
            if named:
                state.name_act(named.group("name"))
            elif _FACTS_STEP.match(step.text):
                state.add_table(step.rows, step.row_lines)
            elif step.text.strip().casefold() != "trace":
                state.add_fact(step.text)
    except ScenarioProblem as failure:
        return [_failure(path, lines, failure, "error")]
    except OutcomeMismatch as failure:
        return [_failure(path, lines, failure, "info")]
    except ScenarioFailure as failure:
        return [_failure(path, lines, failure, "error")]
    return []


def _failure(path: str, lines: list[str], failure: ScenarioFailure, severity: str) -> Problem:
    line = failure.where.line if failure.where is not None else None
    body = [b.strip() for b in failure.body if b.strip()]
    if isinstance(failure, OutcomeMismatch):
        message = f"{failure.kind}\n{failure.headline}\n" + "\n".join(body[:2])
    else:
        message = failure.headline + ("\n" + "\n".join(body[:3]) if body else "")
    return _problem_at(path, lines, line, message, severity, fixes=_step_fixes(path, lines, line, failure))


def _step_fixes(path: str, lines: list[str], line: int | None,
                failure: ScenarioFailure) -> tuple[tuple[str, Edit], ...]:
    """'the Act has no provision called X … did you mean 'name' (id)?' → the id in X's place."""
    if line is None or not 0 < line <= len(lines):
        return ()
    hint = next((b for b in failure.body if "did you mean" in b), None)
    wrong = re.search(r"called '([^']+)'|no party called '([^']+)'", failure.headline)
    if hint is None or wrong is None:
        return ()
    old = wrong.group(1) or wrong.group(2)
    text = lines[line - 1]
    column = text.casefold().find(old.casefold())
    if column < 0:
        return ()
    ids = re.findall(r"\(([A-Za-z_][A-Za-z0-9_]*)\)", hint)
    names = ids or meant(hint)
    where = Place(path, line - 1, column, line - 1, column + len(old))
    return tuple((f"Change to {name}", Edit(where, name)) for name in dict.fromkeys(names))


# ── steps: which phrase, which provisions ────────────────────────────────────

def _step_at(lines: list[str], line: int) -> tuple[str, str, int] | None:
    """The step on a line: its effective kind (context / action / outcome), its text and where the text starts."""
    if not 0 <= line < len(lines):
        return None
    found = _STEP_LINE.match(lines[line])
    if found is None:
        return None
    kind = _PRIMARY.get(found.group("keyword"))
    back = line - 1
    while kind is None and back >= 0:
        earlier = _STEP_LINE.match(lines[back])
        if earlier is not None and earlier.group("keyword") in _PRIMARY:
            kind = _PRIMARY[earlier.group("keyword")]
        elif re.match(r"^\s*(Scenario|Background|Example|Rule|Feature)", lines[back]):
            break
        back -= 1
    return kind or "context", found.group("text"), found.start("text")


def _provisions_in(state: ActState, text: str) -> list[tuple[m.Provision, int, int]]:
    """The provisions a Then step names (by id or name), with where in the text each is written."""
    act = state.act
    if act is None:
        return []
    out = []
    folded = text.casefold()
    candidates = sorted(act.provisions, key=lambda p: -len(p.name or p.id))
    taken: list[tuple[int, int]] = []
    for provision in candidates:
        for label in filter(None, (provision.name, provision.id, provision.id.replace("_", " "))):
            for found in re.finditer(rf"(?<![A-Za-z0-9_]){re.escape(label.casefold())}(?![A-Za-z0-9_])", folded):
                if any(a < found.end() and found.start() < b for a, b in taken):
                    continue
                taken.append((found.start(), found.end()))
                out.append((provision, found.start(), found.end()))
    return sorted(out, key=lambda item: item[1])


def _template_of(state: ActState, sentence: str) -> m.Term | m.Definition | None:
    """The phrase a step's sentence states, as the Act's case reader reads it (the first, if several)."""
    if state.reader is None:
        return None
    matches = state.reader.match(re.sub(r"\s+", " ", sentence).strip()[:MAX_SENTENCE])
    return matches[0][0].entry if matches else None


def _key_of(entry: m.Term | m.Definition) -> str:
    return entry.head.key if isinstance(entry, m.Definition) else entry.key


def hover(project: Project, path: str, line: int, column: int) -> tuple[str, Place] | None:
    lines = _lines(project, path)
    step = _step_at(lines, line)
    state = act_for(project, path, lines, line)
    if step is None or state is None or state.act is None or state.index is None:
        return None
    kind, text, start = step
    if kind == "outcome":
        for provision, a, b in _provisions_in(state, text):
            if start + a <= column <= start + b:
                return provision_card(state.act, provision), Place(path, line, start + a, line, start + b)
        return None
    entry = _template_of(state, text)
    if entry is None:
        return None
    card = phrase_card(state.act, state.index, _key_of(entry))
    if card is None:
        return None
    return f"step: `{text.strip()}`\n\n" + card, Place(path, line, start, line, start + len(text.rstrip()))


def definition(project: Project, path: str, line: int, column: int) -> list[Place]:
    lines = _lines(project, path)
    step = _step_at(lines, line)
    state = act_for(project, path, lines, line)
    if step is None or state is None or state.index is None:
        return []
    kind, text, start = step
    if kind == "outcome":
        out = []
        for provision, a, b in _provisions_in(state, text):
            heading = state.index.heading(provision.id)
            if heading is not None and start + a <= column <= start + b:
                return [heading.place]
            if heading is not None:
                out.append(heading.place)
        return out
    entry = _template_of(state, text)
    declared = state.index.declaration(_key_of(entry)) if entry is not None else None
    return [declared.place] if declared is not None else []


def references(project: Project, path: str, line: int, column: int, declaration: bool = True) -> list[Place]:
    """From a step: every place its phrase (Given/When) or the provision under the cursor (Then) is written."""
    lines = _lines(project, path)
    step = _step_at(lines, line)
    state = act_for(project, path, lines, line)
    if step is None or state is None or state.index is None:
        return []
    kind, text, start = step
    if kind == "outcome":
        named = [(p, a, b) for p, a, b in _provisions_in(state, text) if start + a <= column <= start + b]
        if not named:
            return []
        name, table = named[0][0].id, state.index.ids
        kind_ = "id"
    else:
        entry = _template_of(state, text)
        if entry is None:
            return []
        name, table, kind_ = _key_of(entry), state.index.phrases, "phrase"
    out = [o.place for o in table.get(name, ()) if declaration or o.role not in ("heading", "declared", "defined")]
    return out + steps_naming(project, state, kind_, name)


def _features_of(project: Project, state: ActState) -> Iterator[tuple[str, list[str]]]:
    """The workspace's feature files that name this Act, with their lines."""
    for file in project.feature_files():
        text = project.text(file)
        if not isinstance(text, str):
            continue
        lines = text.split("\n")
        for name in act_names(lines):
            found = project.named(name, Path(file).parent)
            if not isinstance(found, ActNotLoaded) and found[1] == state.files:
                yield file, lines
                break


def steps_naming(project: Project, state: ActState, kind: str, name: str, exact: bool = False) -> list[Place]:
    """Where feature files name a provision (``kind="id"``: in Then steps) or state a phrase (Given/When steps).

    ``exact``: only the id as written (what a rename may replace), not the provision's name.
    """
    act = state.act
    if act is None:
        return []
    out: list[Place] = []
    word = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])")
    for file, lines in _features_of(project, state):
        for number in range(len(lines)):
            step = _step_at(lines, number)
            if step is None:
                continue
            step_kind, text, start = step
            if kind == "id" and step_kind == "outcome":
                if exact:
                    out.extend(Place(file, number, start + f.start(), number, start + f.end())
                               for f in word.finditer(text))
                else:
                    out.extend(Place(file, number, start + a, number, start + b)
                               for p, a, b in _provisions_in(state, text) if p.id == name)
            elif kind == "phrase" and step_kind != "outcome":
                entry = _template_of(state, text)
                if entry is not None and _key_of(entry) == name:
                    out.append(Place(file, number, start, number, start + len(text.rstrip())))
    return out


def _lines(project: Project, path: str) -> list[str]:
    text = project.text(path)
    return text.split("\n") if isinstance(text, str) else []


# ── completion ───────────────────────────────────────────────────────────────

def _escape(text: str) -> str:
    return re.sub(r"([$}\\])", r"\\\1", text)


@dataclass(frozen=True)
class _Shape:
    """A sentence form: literal pieces and slots, alternating (``pieces[0]`` literal)."""

    label: str
    pieces: tuple[str, ...]
    slots: tuple[str, ...]
    detail: str
    documentation: str | None = None
    #: each literal piece as a pattern, and as folded text (made once: a Then vocabulary has a thousand shapes)
    patterns: tuple[re.Pattern[str], ...] = ()
    folded: tuple[str, ...] = ()


def _shape(label: str, detail: str, documentation: str | None = None) -> _Shape:
    words, slots = m.split_template(label)
    patterns = tuple(_literal_re(word, index < len(slots)) for index, word in enumerate(words))
    folded = tuple(" ".join(word.split()).casefold() for word in words)
    return _Shape(label, words, slots, detail, documentation, patterns, folded)


def _literal_re(literal: str, more: bool) -> re.Pattern[str]:
    """A literal piece of a shape as typed text may write it: any case (typed text has single spaces)."""
    lead = " " if literal[:1].isspace() else ""
    trail = " " if literal[-1:].isspace() and more else ""
    return re.compile(re.escape(lead + " ".join(literal.split()) + trail), re.IGNORECASE)


def _begins(rest: str, folded: str) -> bool:
    """Whether ``rest`` is the beginning of a literal piece (given folded), case aside."""
    return folded.startswith(rest.lstrip().casefold())


def _read(shape: _Shape, typed: str) -> tuple[list[str], str | None] | None:
    """How ``typed`` (single-spaced) begins a sentence of this shape: the party names it has filled in and
    the one being typed; None when it cannot be the start of such a sentence."""
    values: list[str] = []
    rest = typed
    if shape.pieces[0].strip():
        found = shape.patterns[0].match(rest.lstrip())
        if found is None:
            return (values, None) if _begins(rest, shape.folded[0]) else None
        rest = rest.lstrip()[found.end():]
    for index, literal in enumerate(shape.pieces[1:]):
        more = index + 1 < len(shape.slots)
        if not literal.strip():  # the sentence ends with this slot
            return (values, rest.strip() or None) if not more else None
        found = next((f for f in shape.patterns[index + 1].finditer(rest) if rest[:f.start()].strip()), None)
        if found is None:
            return values, _value_before(rest, shape.folded[index + 1]) or None
        values.append(rest[:found.start()].strip())
        rest = rest[found.end():]
    return (values, None) if not rest.strip() else None


def _value_before(rest: str, folded: str) -> str:
    """The slot value typed so far: ``rest`` less any beginning of the next literal it ends with."""
    for cut, char in enumerate(rest):
        if char == " " and rest[:cut].strip() and rest[cut + 1:] and folded.startswith(rest[cut + 1:].casefold()):
            return rest[:cut].strip()
    return rest.strip()


def _snippet(shape: _Shape, values: list[str], current: str | None) -> str:
    """The shape as a snippet: the first slots hold the typed values, the one being typed its text so far
    (selected), the rest are placeholders named by their slots."""
    out = [_escape(shape.pieces[0])]
    number = 1
    for index, (name, literal) in enumerate(zip(shape.slots, shape.pieces[1:], strict=True)):
        if index < len(values):
            out.append(_escape(values[index]))
        else:
            default = current if index == len(values) and current else name
            out.append(f"${{{number}:{_escape(default)}}}")
            number += 1
        out.append(_escape(literal))
    return "".join(out).strip()


def _given_shapes(act: m.Act) -> list[_Shape]:
    shapes = []
    for term in act.terms:
        section = act.sections_by_eid.get(term.section) if term.section else None
        where = f" · {section.citation}" if section is not None else ""
        if term.kind is m.TermKind.NUMBER:
            shapes.append(_shape(term.text + " is {n}", "number term" + where))
        else:
            shapes.append(_shape(term.text, "term" + where))
    return shapes


#: The longest label shown in a completion menu (the whole sentence is what is inserted).
MAX_LABEL = 72


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1].rstrip() + "…"


def _then_shapes(act: m.Act) -> list[_Shape]:
    shapes = []
    for relation in RELATIONS:
        provisions = [p for p in act.provisions if p.kind in relation.kinds]
        for verb in (relation.positive, *relation.negative[:1]):
            for provision in provisions:
                detail = f"{provision.kind} {act.cite(provision)}"
                shapes.append(_shape(f"{{party}} {verb} {provision.id}", detail, provision.name))
                if provision.name:
                    shapes.append(_shape(f"{{party}} {verb} {provision.name}", f"{provision.id} · {detail}"))
            for word, kinds in KIND_WORDS.items():
                if kinds & relation.kinds:
                    article = "an" if word[0] in "aeiou" else "a"
                    shapes.append(_shape(f"{{party}} {verb} {article} {word}", "any of the Act's " + word))
                    shapes.append(_shape(f"{{party}} {verb} no {word}", "none of the Act's " + word))
    for offence in (p for p in act.provisions if p.kind is m.Kind.OFFENCE):
        detail = f"offence {act.cite(offence)}"
        for mode in ("", " on indictment", " on summary conviction"):
            shapes.append(_shape(f"the maximum penalty for {offence.id}{mode} is {{penalty}}", detail, offence.name))
        for factor in (p for p in act.provisions if p.kind is m.Kind.AGGRAVATING_FACTOR):
            shapes.append(_shape(f"{offence.id} committed by {{party}} is aggravated by {factor.id}", detail))
    shapes.append(_shape("the maximum penalty for the offence {party} commits is {penalty}", "penalty"))
    shapes.append(_shape("there is no conflict", "conflicts"))
    rules = [p for p in act.provisions if p.kind in (m.Kind.DUTY, m.Kind.PROHIBITION, m.Kind.PERMISSION)]
    for first in rules:
        for second in rules:
            if first.id < second.id:
                shapes.append(_shape(f"there is a conflict between {first.id} and {second.id}", "conflicts"))
    return shapes


def _shapes(state: ActState, kind: str) -> list[_Shape]:
    """The sentence forms a step of this kind may take in this Act (made once per Act)."""
    found = state.derived.get(kind)
    if found is None and state.act is not None:
        found = state.derived[kind] = _then_shapes(state.act) if kind == "outcome" else _given_shapes(state.act)
    return found or []


def complete(project: Project, path: str, line: int, column: int) -> tuple[list[Suggestion], bool]:
    """Step completions at the cursor and whether the list was cut short (the client asks again)."""
    lines = _lines(project, path)
    step = _step_at(lines, line)
    if step is None:
        return [], False
    kind, _, start = step
    typed = lines[line][start:column] if column >= start else ""
    where = Place(path, line, start, line, max(column, start))
    state = act_for(project, path, lines, line)
    if state is None or state.act is None:
        if kind == "outcome":
            return [], False
        from statute.loader import bundled_acts

        return [Suggestion(f'the Act "{name}"', "step", f'the Act "{name}"', detail="names the Act",
                           replace=where) for name in bundled_acts()], False
    single = re.sub(r"\s+", " ", typed)
    found: list[tuple[int, int, _Shape, list[str], str | None]] = []
    for order, shape in enumerate(_shapes(state, kind)):
        read = _read(shape, single)
        if read is not None:
            values, current = read
            found.append((-_progress(single, values + [current or ""]), order, shape, values, current))
    if any(item[0] < 0 for item in found):  # some shape's words are being typed: only those
        found = [item for item in found if item[0] < 0]
    found.sort(key=lambda item: (item[0], item[1]))
    out = [Suggestion(_label(shape.label), "phrase" if kind != "outcome" else "step",
                      _snippet(shape, values, current),
                      snippet=True, detail=shape.detail, documentation=shape.documentation, replace=where,
                      filter_text=typed or shape.label, sort_text=f"{rank:06d}{order:05d}")
           for rank, order, shape, values, current in found[:MAX_ITEMS]]
    return out, len(found) > MAX_ITEMS


def _progress(typed: str, values: list[str]) -> int:
    """How much of the typed text the shape's own words account for (the rest is party names)."""
    return len(typed.replace(" ", "")) - sum(len(v.replace(" ", "")) for v in values)
