"""Provision coverage: which provisions, exceptions and condition branches scenarios exercised.

The rules (docs/drafters.md, "Coverage", says the same for drafters):

* A duty, prohibition, permission, offence or consequence is **exercised** when some
  scenario's facts make it apply to some party — any status except "does not apply"
  (so an offence an exception defeats is exercised, and so is the exception).
* An **exception** is exercised when it applied in some scenario (its condition held
  and no exception to it defeated it); an **aggravating factor** when it attached to
  a committed offence; a **definition** when it held for some parties.
* **Branches** are the parts of conditions: each operand of ``all of`` / ``any of``
  (``and`` / ``or``), and the operand of a ``not`` that is not itself such an operand.
  Each has two sides, *holds* and *fails*. A side is covered when some scenario made
  the branch take that value **while it decided the outcome** of the whole condition:
  for an ``all of`` the other operands held, for an ``any of`` they failed (and so on
  up to the top). "The reporter is 18 or over" is covered on its failing side by the
  17-year-old volunteer who meets every other condition, not by a party who meets
  none. Under ``some {x}:`` each candidate party counts on its own.

Branches are computed from the model and the evaluator's own compiled conditions,
over every binding of each provision's slots to the scenario's parties, in a fresh
evaluation run (the scenario's assessment is not touched). Explanation trees are
not walked, because they show only the parts of a condition a reader needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

from statute import model as m
from statute.evaluate import Cond, EvaluationTooLarge, Evaluator, Run, evaluator_for
from statute.outcomes import Assessment, Status
from statute.render import expr_text

SCHEMA = "statute.coverage/1"
#: Bindings tried per provision and scenario; beyond this a provision's branches are not measured.
MAX_BINDINGS = 50_000

_EXERCISED: dict[m.Kind, frozenset[str]] = {
    m.Kind.EXCEPTION: frozenset({str(Status.APPLIES)}),
    m.Kind.AGGRAVATING_FACTOR: frozenset({str(Status.ATTACHES)}),
    m.Kind.DEFINITION: frozenset({"holds"}),
    m.Kind.DEFENCE: frozenset({str(Status.APPLIES)}),
    m.Kind.PRESUMPTION: frozenset({"holds"}),
}

RULES = {
    "provision": "a duty, prohibition, permission, offence or consequence is exercised when a scenario makes it "
                 "apply to a party (any status but 'does not apply'); an exception when it applies; an "
                 "aggravating factor when it attaches; a definition or presumption when it holds; a defence when it is "
                 "made out",
    "branch": "each operand of all of / any of, and the operand of a not, with two sides (holds, fails); a side "
              "is covered when a scenario gave the branch that value while it decided the whole condition",
}


@dataclass(frozen=True)
class Branch:
    """One part of a provision's condition whose two sides coverage tracks."""

    provision: str
    path: tuple[int, ...]
    text: str
    role: str  # "alternative" (any of), "requirement" (all of), "negated" (not)
    span: m.Span


def branches_of(provision: m.Provision) -> list[Branch]:
    out: list[Branch] = []

    def visit(node: m.Expr, path: tuple[int, ...]) -> None:
        if isinstance(node, (m.All, m.AnyOf)):
            role = "requirement" if isinstance(node, m.All) else "alternative"
            for i, operand in enumerate(node.operands):
                out.append(Branch(provision.id, path + (i,), expr_text(operand), role, operand.span))
                visit(operand, path + (i,))
        elif isinstance(node, m.Not):
            if not isinstance(node.operand, m.Not):
                out.append(Branch(provision.id, path + (0,), expr_text(node.operand), "negated", node.operand.span))
            visit(node.operand, path + (0,))
        elif isinstance(node, m.Some):
            visit(node.body, path + (0,))

    condition = provision.condition
    if condition is not None:
        visit(condition, ())
    # a not that is an operand of all/any is already a branch: its operand would be the same branch inverted
    operands = {b.path for b in out if b.role != "negated"}
    return [b for b in out if b.role != "negated" or b.path[:-1] not in operands]


class _Walker:
    """Evaluates a condition part by part for one binding, recording the sides that decided it."""

    def __init__(self, evaluator: Evaluator, run: Run, points: set[tuple[int, ...]],
                 seen: dict[tuple[int, ...], set[bool]]) -> None:
        self.ev = evaluator
        self.run = run
        self.points = points
        self.seen = seen
        self.compiled: dict[int, Cond] = {}

    def value(self, node: m.Expr, env: dict[str, str]) -> bool:
        closure = self.compiled.get(id(node))
        if closure is None:
            closure = self.compiled[id(node)] = self.ev.compile(node)
        return bool(closure(self.run, env))

    def record(self, path: tuple[int, ...], value: bool) -> None:
        if path in self.points:
            self.seen.setdefault(path, set()).add(value)

    def visit(self, node: m.Expr, env: dict[str, str], decisive: bool, path: tuple[int, ...]) -> bool:
        if isinstance(node, (m.All, m.AnyOf)):
            values = [self.visit_operand(o, env) for o in node.operands]
            conjunction = isinstance(node, m.All)
            for i, operand in enumerate(node.operands):
                others = values[:i] + values[i + 1:]
                mine = decisive and (all(others) if conjunction else not any(others))
                if mine:
                    self.record(path + (i,), values[i])
                if isinstance(operand, (m.All, m.AnyOf, m.Not, m.Some)):
                    self.visit(operand, env, mine, path + (i,))
            return all(values) if conjunction else any(values)
        if isinstance(node, m.Not):
            inner = self.visit(node.operand, env, decisive, path + (0,))
            if decisive:
                self.record(path + (0,), inner)
            return not inner
        if isinstance(node, m.Some):
            found = False
            names = node.variables
            for combo in product(self.run.parties, repeat=len(names)):
                local = dict(env)
                local.update(zip(names, combo, strict=True))
                found = self.visit(node.body, local, decisive, path + (0,)) or found
            return found
        return self.value(node, env)

    def visit_operand(self, node: m.Expr, env: dict[str, str]) -> bool:
        return self.value(node, env)


def _bindings_needed(provision: m.Provision, scope: tuple[str, ...], parties: int) -> int:
    extra = 0
    if provision.condition is not None:
        extra = sum(len(n.variables) for n in m.walk(provision.condition) if isinstance(n, m.Some))
    return parties ** (len(scope) + extra)


@dataclass
class ActCoverage:
    """What the scenarios run against one Act exercised."""

    label: str
    key: str
    act: m.Act
    scenarios: set[str] = field(default_factory=set)
    statuses: dict[str, set[str]] = field(default_factory=dict)
    exercised_by: dict[str, set[str]] = field(default_factory=dict)
    seen: dict[str, dict[tuple[int, ...], set[bool]]] = field(default_factory=dict)
    unmeasured: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.branches = {p.id: branches_of(p) for p in self.act.provisions}

    def record(self, assessment: Assessment, scenario: str) -> None:
        self.scenarios.add(scenario)
        for outcome in assessment.outcomes:
            self.statuses.setdefault(outcome.provision, set()).add(str(outcome.status))
            if self._counts(outcome.provision, str(outcome.status)):
                self.exercised_by.setdefault(outcome.provision, set()).add(scenario)
        evaluator = evaluator_for(self.act)
        run = Run(evaluator, assessment.case)
        parties = len(run.parties)
        for provision in self.act.provisions:
            rule = evaluator.rules[provision.id]
            if provision.condition is None or not parties:
                continue
            if _bindings_needed(provision, rule.scope, parties) > MAX_BINDINGS:
                self.unmeasured.add(provision.id)
                continue
            points = {b.path for b in self.branches[provision.id]}
            walker = _Walker(evaluator, run, points, self.seen.setdefault(provision.id, {}))
            try:
                held = False
                for combo in product(run.parties, repeat=len(rule.scope)):
                    held = walker.visit(provision.condition, dict(zip(rule.scope, combo, strict=True)), True,
                                        ()) or held
            except EvaluationTooLarge:
                self.unmeasured.add(provision.id)
                continue
            if held and isinstance(provision, (m.Definition, m.Presumption)):
                self.statuses.setdefault(provision.id, set()).add("holds")
                self.exercised_by.setdefault(provision.id, set()).add(scenario)

    def _counts(self, pid: str, status: str) -> bool:
        kind = self.act.provision(pid).kind
        wanted = _EXERCISED.get(kind)
        return status != str(Status.DOES_NOT_APPLY) if wanted is None else status in wanted

    def exercised(self, pid: str) -> bool:
        return bool(self.exercised_by.get(pid))

    # ── summaries ──────────────────────────────────────────────────────────
    def totals(self) -> dict[str, tuple[int, int]]:
        """(done, total) for "provisions", "branches" (sides) and each kind of provision present."""
        provisions = self.act.provisions
        sides = [(b, side) for p in provisions for b in self.branches[p.id] for side in (True, False)]
        covered = sum(side in self.seen.get(b.provision, {}).get(b.path, ()) for b, side in sides)
        out = {"provisions": (sum(self.exercised(p.id) for p in provisions), len(provisions)),
               "branches": (covered, len(sides))}
        for kind in m.Kind:
            of_kind = [p for p in provisions if p.kind is kind]
            if of_kind:
                out[str(kind)] = (sum(self.exercised(p.id) for p in of_kind), len(of_kind))
        return out

    def missing_sides(self, branch: Branch) -> list[bool]:
        found = self.seen.get(branch.provision, {}).get(branch.path, set())
        return [side for side in (True, False) if side not in found]

    def to_json(self) -> dict[str, Any]:
        totals = self.totals()
        details = []
        for provision in self.act.provisions:
            details.append({
                "id": provision.id, "kind": str(provision.kind), "title": provision.title,
                "citation": self.act.cite(provision), "at": str(provision.span),
                "exercised": self.exercised(provision.id),
                "statuses": sorted(self.statuses.get(provision.id, ())),
                "scenarios": sorted(self.exercised_by.get(provision.id, ())),
                "branches_measured": provision.id not in self.unmeasured,
                "branches": [{"condition": b.text, "role": b.role, "at": str(b.span),
                              "holds": True not in self.missing_sides(b),
                              "fails": False not in self.missing_sides(b)} for b in self.branches[provision.id]],
            })
        return {"label": self.label, "title": self.act.title, "version": self.act.version, "path": self.key,
                "scenarios": len(self.scenarios),
                "provisions": _ratio(*totals["provisions"]), "branches": _ratio(*totals["branches"]),
                "by_kind": {k: _ratio(*v) for k, v in totals.items() if k not in ("provisions", "branches")},
                "provisions_detail": details}


def _ratio(done: int, total: int) -> dict[str, Any]:
    return {"covered": done, "total": total, "percent": round(100 * done / total, 1) if total else 100.0}


@dataclass
class CoverageRecorder:
    """Coverage for every Act scenarios ran against in one session."""

    acts: dict[str, ActCoverage] = field(default_factory=dict)

    def record(self, label: str, key: str, act: m.Act, assessment: Assessment, scenario: str) -> None:
        coverage = self.acts.get(key)
        if coverage is None:
            coverage = self.acts[key] = ActCoverage(label, key, act)
        coverage.record(assessment, scenario)

    # ── across pytest-xdist workers ────────────────────────────────────────
    def to_raw(self) -> dict[str, Any]:
        """Everything recorded, as plain data a pytest-xdist worker can send its controller."""
        return {"acts": [{"label": c.label, "key": c.key, "scenarios": sorted(c.scenarios),
                          "statuses": {p: sorted(v) for p, v in c.statuses.items()},
                          "exercised_by": {p: sorted(v) for p, v in c.exercised_by.items()},
                          "seen": {p: [[list(path), sorted(sides)] for path, sides in sorted(d.items())]
                                   for p, d in c.seen.items()},
                          "unmeasured": sorted(c.unmeasured)} for c in self.acts.values()]}

    def merge_raw(self, raw: dict[str, Any], load: Callable[[str], m.Act]) -> None:
        """Add what a worker recorded (:meth:`to_raw`); ``load`` reads an Act by its key (resolved path)."""
        for entry in raw.get("acts", []):
            coverage = self.acts.get(entry["key"])
            if coverage is None:
                coverage = self.acts[entry["key"]] = ActCoverage(entry["label"], entry["key"], load(entry["key"]))
            coverage.scenarios.update(entry["scenarios"])
            for pid, statuses in entry["statuses"].items():
                coverage.statuses.setdefault(pid, set()).update(statuses)
            for pid, scenarios in entry["exercised_by"].items():
                coverage.exercised_by.setdefault(pid, set()).update(scenarios)
            for pid, paths in entry["seen"].items():
                seen = coverage.seen.setdefault(pid, {})
                for path, sides in paths:
                    seen.setdefault(tuple(path), set()).update(sides)
            coverage.unmeasured.update(entry["unmeasured"])

    def to_json(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "rules": RULES,
                "acts": {c.label: c.to_json() for c in sorted(self.acts.values(), key=lambda c: c.label)}}

    def write(self, path: Path) -> None:
        """Write the JSON report atomically; never over an Act, a scenario or a case (ValueError)."""
        from statute.files import json_text, output_problem, write_atomic

        problem = output_problem(path)
        if problem is not None:
            raise ValueError(problem)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json_text(self.to_json()) + "\n")

    def report_lines(self, limit: int = 25) -> list[str]:
        if not self.acts:
            return ["no scenario evaluated any Act, so there is no coverage to report"]
        lines: list[str] = []
        for coverage in sorted(self.acts.values(), key=lambda c: c.label):
            lines.extend(_act_report(coverage, limit))
        return lines


def _pct(done: int, total: int) -> str:
    return f"{done}/{total} ({100 * done / total:.0f}%)" if total else "0/0"


def _act_report(coverage: ActCoverage, limit: int) -> list[str]:
    act = coverage.act
    totals = coverage.totals()
    version = f", {act.version}" if act.version else ""
    lines = [f'"{coverage.label}" — {act.title}{version}: {len(coverage.scenarios)} scenarios',
             f"  provisions {_pct(*totals['provisions'])}    branch sides {_pct(*totals['branches'])}",
             "  " + " · ".join(f"{kind} {done}/{total}" for kind, (done, total) in totals.items()
                               if kind not in ("provisions", "branches"))]
    missing = [p for p in act.provisions if not coverage.exercised(p.id)]
    if missing:
        lines.append("  provisions no scenario exercised:")
        lines += [f"    {act.cite(p):<12} {p.kind} {p.id} — {p.title}" for p in missing[:limit]]
    gaps = _branch_gaps(coverage)
    if gaps:
        lines.append(f"  branches with a side no scenario covered ({len(gaps)}):")
        lines += ["    " + g for g in gaps[:limit]]
        if len(gaps) > limit:
            lines.append(f"    … {len(gaps) - limit} more in the JSON report")
    if coverage.unmeasured:
        lines.append("  branches not measured (too many parties for their slots): " +
                     ", ".join(sorted(coverage.unmeasured)))
    return lines


def _branch_gaps(coverage: ActCoverage) -> list[str]:
    out = []
    for provision in coverage.act.provisions:
        for branch in coverage.branches[provision.id]:
            missing = coverage.missing_sides(branch)
            if not missing:
                continue
            never = "neither held nor failed" if len(missing) == 2 else ("never held" if missing[0] else
                                                                         "never failed")
            text = branch.text if len(branch.text) <= 80 else branch.text[:79] + "…"
            out.append(f"{coverage.act.cite(provision):<12} {provision.id}: {text} — {never} where it decided "
                       f"({branch.role}, line {branch.span.line})")
    return out
