"""Evaluate a case against an Act.

The Act is compiled once into closures (no ``eval``: each condition node
becomes a small Python function over an environment of slot → party), then
run against each case. Semantics, documented in grammar/README.md:

* **Closed world.** A fact not stated is false; a comparison with a number
  the case does not state is false, whatever the comparator.
* **Definitions** are evaluated on demand and memoised; recursive definitions
  (only positive cycles are allowed) are solved as a least fixed point.
* **Bindings.** A provision applies for every binding of its subject and the
  free slots of its condition to parties of the case. Enumeration binds the
  subject first and tests each conjunct as soon as its slots are bound.
* **Defeat.** An exception defeats its targets where its condition holds and
  it is not itself defeated (exceptions to exceptions work the same way).
* **Priority and conflict.** Two applicable deontic rules for the same holder
  on the same act (same action, same parties) disagree when one requires what
  the other forbids or waives (must / must not / need not / may). Where
  ``notwithstanding``, ``subject to`` or an exception ranks one above the
  other, the lower is excused; where nothing ranks them, the outcome is a
  *conflict*, reported, never resolved silently.
* **Status.** Duties and prohibitions: does not apply, complied, breached,
  excused or conflict. Permissions: granted or excused. Offences: committed,
  or defeated by an exception. Consequences: follow, or are defeated.
  Aggravating factors attach to committed offences.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import product
from typing import Any

from statute import model as m
from statute.case import Case, case_from
from statute.checks.cycles import evaluation_order
from statute.checks.references import prevails
from statute.checks.slots import scope as provision_scope
from statute.outcomes import WANTED, Assessment, Conflict, Outcome, Status, binding_of
from statute.render import filled_text
from statute.timeline import Clock, Timeline, penalties_on, start_timeline

Env = dict[str, str]
#: A position clause indexed for lookups: its phrase keys, and {key: (is a number, positions)}.
Places = tuple[frozenset[str], dict[str, tuple[bool, tuple[int, ...]]]]
Cond = Callable[["Run", Env], bool]

#: The world assumption when neither the case nor the caller declares one: see docs/evaluation.md.
CLOSED_WORLD_DEFAULT = True
#: Evaluation stops with a clear message after this many binding tests.
MAX_STEPS = 5_000_000
#: ... or once it has this many outcomes: a provision whose slots are all free can apply to every
#: tuple of parties (10 parties, 6 slots: 343,900 outcomes, 87 MB of JSON, in a million tests).
MAX_OUTCOMES = 100_000

_EMPTY: frozenset[tuple[str, ...]] = frozenset()
_NO_NUMBERS: Mapping[tuple[str, ...], float] = {}
_MISSING = object()
_NO_DORMANT: Mapping[str, str] = {}
_OPS: dict[m.Comparator, Callable[[float, float], bool]] = {
    m.Comparator.EQ: operator.eq, m.Comparator.NE: operator.ne, m.Comparator.GE: operator.ge,
    m.Comparator.LE: operator.le, m.Comparator.LT: operator.lt, m.Comparator.GT: operator.gt,
}
#: Pairs of modalities that disagree about the same act.
_OPPOSED = {
    frozenset({m.Modality.MUST, m.Modality.MUST_NOT}),
    frozenset({m.Modality.MUST, m.Modality.NEED_NOT}),
    frozenset({m.Modality.MUST_NOT, m.Modality.MAY}),
}


class EvaluationTooLarge(Exception):
    """The case would take too long to evaluate (too many parties for the slots)."""


@dataclass
class Rule:
    """A provision compiled for evaluation."""

    provision: m.Provision
    scope: tuple[str, ...]
    subject: str | None
    condition: Cond | None
    pre: list[Cond] = field(default_factory=list)
    levels: list[list[Cond]] = field(default_factory=list)
    level_tests: list[Cond | None] = field(default_factory=list)  # each level's conjuncts as one closure
    exceptions: tuple[str, ...] = ()
    factors: tuple[str, ...] = ()
    action: Cond | None = None
    action_key: Callable[[Env], tuple[Any, ...]] | None = None
    limit: float | None = None  # in the unit of the deadline, which the measure counts in
    measure: tuple[str, tuple[str, ...]] | None = None
    opponents: list[tuple[str, str]] = field(default_factory=list)  # (other id, "yields" | "conflict")
    #: The penalties of an offence for some offenders only: each with the test of its ``for "<phrase>"``.
    penalty_tests: dict[m.Penalty, Cond] = field(default_factory=dict)
    #: Clauses of phrase keys: the condition can only hold if, for every clause, the case states
    #: at least one fact or number with a key in it. Lets a run skip provisions wholesale.
    requires: tuple[frozenset[str], ...] = ()
    #: Per scope slot: clauses of (phrase key, position) its party must appear at ("#key" for numbers).
    slot_requires: tuple[tuple[frozenset[tuple[str, int]], ...], ...] = ()

    def __post_init__(self) -> None:
        self.id: str = self.provision.id
        self.kind: m.Kind = self.provision.kind


def _conjuncts(expr: m.Expr | None) -> list[m.Expr]:
    if expr is None:
        return []
    if isinstance(expr, m.All):
        out: list[m.Expr] = []
        for operand in expr.operands:
            out.extend(_conjuncts(operand))
        return out
    return [expr]


def _shape(expr: m.Expr) -> Any:
    """An action's structure with slots blanked: rules can only oppose if shapes match."""
    if isinstance(expr, m.Phrase):
        return ("p", expr.key)
    if isinstance(expr, m.Comparison):
        return ("c", expr.left.key, str(expr.op), expr.right.key if isinstance(expr.right, m.Phrase) else
                expr.right.value)
    if isinstance(expr, m.StatusTest):
        return ("s", str(expr.relation), expr.provision, expr.regarding, expr.by)
    if isinstance(expr, m.Not):
        return ("not", _shape(expr.operand))
    if isinstance(expr, (m.All, m.AnyOf)):
        return (type(expr).__name__, tuple(_shape(o) for o in expr.operands))
    return ("some", len(expr.variables), _shape(expr.body))


def _key_function(expr: m.Expr) -> Callable[[Env], tuple[Any, ...]]:
    """A function giving the ground identity of an action under a binding."""
    slots = sorted(m.free_variables(expr))
    shape = _shape(expr)
    positions: list[str] = []
    for phrase in m.phrases_in(expr):
        positions.extend(phrase.slots)
    for node in m.walk(expr):
        if isinstance(node, m.StatusTest):
            positions.append(node.party)
    used = tuple(s for s in positions if s in slots)

    def key(env: Env) -> tuple[Any, ...]:
        return (shape, tuple([env.get(s, "{" + s + "}") for s in used]))

    return key


class Evaluator:
    """An Act compiled for evaluation. Build once (``evaluator_for``), run many cases."""

    def __init__(self, act: m.Act, prune: bool = True) -> None:
        """Compile an Act. ``prune=False`` switches off the static analyses that
        skip provisions and parties, giving a brute-force reference evaluator."""
        self.act = act
        self.prune = prune
        self.rules: dict[str, Rule] = {}
        self.places: dict[frozenset[tuple[str, int]], Places] = {}
        self.definition_ids: dict[str, str] = {key: d.id for key, d in act.definitions_by_key.items()}
        #: A presumed phrase holds where the case states it, or where one of its presumptions holds.
        self.presumed: dict[str, tuple[str, ...]] = {
            key: tuple(p.id for p in found) for key, found in act.presumptions_by_key.items()}
        self.recursive: dict[str, tuple[str, ...]] = {}
        for component in evaluation_order(act):
            members = tuple(component)
            ids = set(members)
            self_loop = any(isinstance(act.provisions_by_id[i], m.Definition) and any(
                self.definition_ids.get(p.key) in ids for p in m.phrases_in(act.provisions_by_id[i].condition))
                for i in members)
            if len(members) > 1 or self_loop:
                for member in members:
                    self.recursive[member] = members
        ranks = {(winner, loser) for winner, loser, _ in prevails(act)}
        self.prevails = _closure(ranks)
        exceptions_of: dict[str, list[str]] = {}
        factors_of: dict[str, list[str]] = {}
        for provision in act.provisions:
            if isinstance(provision, m.Exception_):
                for target in provision.targets:
                    exceptions_of.setdefault(target, []).append(provision.id)
            if isinstance(provision, m.AggravatingFactor):
                for target in provision.targets:
                    factors_of.setdefault(target, []).append(provision.id)
        for provision in act.provisions:
            self.rules[provision.id] = self._compile_rule(
                provision, tuple(exceptions_of.get(provision.id, ())), tuple(factors_of.get(provision.id, ())))
        for rule in self.rules.values() if prune else ():
            rule.requires = tuple(self._requirements(rule.provision.condition, frozenset({rule.id})))
            rule.slot_requires = tuple(
                tuple(self._slot_requirements(rule.provision.condition, slot, frozenset({(rule.id, "")})))
                for slot in rule.scope)
        self._pair_opponents()
        self.order = [p.id for p in act.provisions]
        self.index = {pid: i for i, pid in enumerate(self.order)}
        self.top_rules = [self.rules[pid] for pid in self.order if self.rules[pid].kind not in (
            m.Kind.DEFINITION, m.Kind.EXCEPTION, m.Kind.AGGRAVATING_FACTOR, m.Kind.DEFENCE, m.Kind.PRESUMPTION)]

    def index_places(self, clause: frozenset[tuple[str, int]]) -> Places:
        """A position clause as its phrase keys and {key: (is a number, positions)}, kept for every case.

        Places name numbers "#key"; a phrase is a fact or a number, never both, so the
        keys are compared with the keys a case states of either kind.
        """
        keys: dict[str, tuple[bool, list[int]]] = {}
        for key, position in sorted(clause):
            number = key.startswith("#")
            keys.setdefault(key[1:] if number else key, (number, []))[1].append(position)
        found = self.places[clause] = (frozenset(keys), {key: (number, tuple(positions))
                                                          for key, (number, positions) in keys.items()})
        return found

    # ── compiling ──────────────────────────────────────────────────────────
    def _compile_rule(self, provision: m.Provision, exceptions: tuple[str, ...], factors: tuple[str, ...]) -> Rule:
        scope = self._ordered_scope(provision)
        subject = provision.subject
        condition = provision.condition
        rule = Rule(provision, scope, subject, self.compile(condition) if condition is not None else None,
                    exceptions=exceptions, factors=factors)
        position = {slot: index for index, slot in enumerate(scope)}
        rule.levels = [[] for _ in scope]
        for conjunct in _conjuncts(condition):
            free = m.free_variables(conjunct)
            compiled = self.compile(conjunct)
            if not free:
                rule.pre.append(compiled)
            else:
                rule.levels[max(position[s] for s in free if s in position)].append(compiled)
        rule.level_tests = [_conjoin(tests) for tests in rule.levels]
        rule.slot_requires = tuple(() for _ in scope)
        if isinstance(provision, m.Offence) and any(p.offender is not None for p in provision.penalties):
            rule.penalty_tests = {p: self.compile(p.offender) for p in provision.penalties if p.offender is not None}
        if isinstance(provision, m.Deontic):
            rule.action = self.compile(provision.action)
            rule.action_key = _key_function(provision.action)
            deadline = provision.deadline
            if deadline and deadline.limit and deadline.measured_by:
                rule.limit = deadline.limit.amount
                rule.measure = (deadline.measured_by.key, deadline.measured_by.slots)
        return rule

    def _ordered_scope(self, provision: m.Provision, seen: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """The provision's slots in enumeration order: subject first, then as they appear.

        Exceptions and aggravating factors share their target's order, so a
        binding reads the same wherever it is shown.
        """
        if isinstance(provision, (m.Definition, m.Presumption)):
            return provision.head.slots
        scope_set = provision_scope(provision, self.act)
        if isinstance(provision, (m.Exception_, m.AggravatingFactor)):
            target = self.act.provisions_by_id.get(provision.targets[0])
            if target is not None and target.id not in seen:
                return tuple(s for s in self._ordered_scope(target, seen | {provision.id}) if s in scope_set)
        ordered: list[str] = [provision.subject] if provision.subject else []
        condition = provision.condition
        for phrase in m.phrases_in(condition):
            ordered.extend(s for s in phrase.slots if s in scope_set and s not in ordered)
        for node in m.walk(condition) if condition is not None else ():
            if isinstance(node, m.StatusTest) and node.party in scope_set and node.party not in ordered:
                ordered.append(node.party)
        ordered.extend(sorted(s for s in scope_set if s not in ordered))
        return tuple(ordered)

    def _requirements(self, expr: m.Expr | None, seen: frozenset[str]) -> list[frozenset[str]]:
        """Necessary conditions on which phrase keys a case must state (CNF clauses).

        Sound because the world is closed: a fact not stated is false and a
        missing number fails every comparison, so a positive phrase can only
        hold if its key (or, for a defined phrase, its body's keys) is stated.
        """
        if expr is None:
            return []
        if isinstance(expr, m.Phrase):
            if expr.key in self.presumed:
                return []  # it may hold unstated, by a presumption (sound: fewer clauses only prune less)
            definition = self.definition_ids.get(expr.key)
            if definition is None:
                return [frozenset({expr.key})]
            if definition in seen:
                return []
            return self._requirements(self.act.provisions_by_id[definition].condition, seen | {definition})
        if isinstance(expr, m.Comparison):
            out = [frozenset({expr.left.key})]
            if isinstance(expr.right, m.Phrase):
                out.append(frozenset({expr.right.key}))
            return out
        if isinstance(expr, m.StatusTest):
            if expr.provision in seen or expr.provision not in self.act.provisions_by_id:
                return []
            target = self.act.provisions_by_id[expr.provision]
            return self._requirements(target.condition, seen | {expr.provision})
        if isinstance(expr, m.All):
            return [clause for operand in expr.operands for clause in self._requirements(operand, seen)]
        if isinstance(expr, m.AnyOf):
            union: set[str] = set()
            for operand in expr.operands:
                clauses = self._requirements(operand, seen)
                if not clauses:
                    return []
                union |= min(clauses, key=len)
            return [frozenset(union)]
        if isinstance(expr, m.Some):
            return self._requirements(expr.body, seen)
        return []  # a negation requires nothing

    def _slot_requirements(self, expr: m.Expr | None, slot: str,
                           seen: frozenset[tuple[str, str]]) -> list[frozenset[tuple[str, int]]]:
        """Where a slot's party must appear for a condition to hold (CNF over (key, position)).

        Like :meth:`_requirements`, but for one slot: e.g. the holder of the
        duty to notify must be the subject of some "{person} is a teacher"-like
        fact *and* of "works in England". At run time the clauses become the
        candidate parties for the slot, so enumeration never tries a party
        that cannot fit.
        """
        if expr is None:
            return []
        if isinstance(expr, m.Phrase):
            if slot not in expr.slots or expr.key in self.presumed:
                return []
            definition = self.definition_ids.get(expr.key)
            if definition is None:
                return [frozenset((expr.key, i) for i, s in enumerate(expr.slots) if s == slot)]
            head = self.act.provisions_by_id[definition]
            assert isinstance(head, m.Definition)
            out: list[frozenset[tuple[str, int]]] = []
            for i, s in enumerate(expr.slots):
                if s != slot:
                    continue
                inner = head.head.slots[i]
                if (definition, inner) in seen:
                    continue
                out.extend(self._slot_requirements(head.body, inner, seen | {(definition, inner)}))
            return out
        if isinstance(expr, m.Comparison):
            out = []
            for phrase in (expr.left, expr.right):
                if isinstance(phrase, m.Phrase) and slot in phrase.slots:
                    out.append(frozenset(("#" + phrase.key, i) for i, s in enumerate(phrase.slots) if s == slot))
            return out
        if isinstance(expr, m.StatusTest):
            target = self.act.provisions_by_id.get(expr.provision)
            if target is None or (target.id, "") in seen:
                return []
            if expr.party == slot and target.subject is not None:
                inner = target.subject
            elif slot in expr.regarding:
                inner = slot  # 'regarding' matches slots by name
            else:
                return []
            if (target.id, inner) in seen:
                return []
            return self._slot_requirements(target.condition, inner, seen | {(target.id, inner)})
        if isinstance(expr, m.All):
            return [c for operand in expr.operands for c in self._slot_requirements(operand, slot, seen)]
        if isinstance(expr, m.AnyOf):
            union: set[tuple[str, int]] = set()
            for operand in expr.operands:
                clauses = self._slot_requirements(operand, slot, seen)
                if not clauses:
                    return []
                # any clause of a branch is necessary for it; prefer facts to numbers (a case tends to
                # state everyone's age, so a number rules few parties out), then the fewest places
                union |= min(clauses, key=lambda clause: (any(key[:1] == "#" for key, _ in clause), len(clause)))
            return [frozenset(union)]
        if isinstance(expr, m.Some):
            return [] if slot in expr.variables else self._slot_requirements(expr.body, slot, seen)
        return []

    def _pair_opponents(self) -> None:
        deontic = [r for r in self.rules.values() if isinstance(r.provision, m.Deontic)]
        for first in deontic:
            for second in deontic:
                if first is second:
                    continue
                a, b = first.provision, second.provision
                assert isinstance(a, m.Deontic) and isinstance(b, m.Deontic)
                if frozenset({a.modality, b.modality}) not in _OPPOSED:
                    continue
                if _shape(a.action) != _shape(b.action):
                    continue
                if (b.id, a.id) in self.prevails:
                    first.opponents.append((b.id, "yields"))
                elif (a.id, b.id) not in self.prevails:
                    first.opponents.append((b.id, "conflict"))

    def compile(self, expr: m.Expr) -> Cond:
        """A condition node as a closure ``(run, env) -> bool``."""
        if isinstance(expr, m.Phrase):
            return self._compile_phrase(expr)
        if isinstance(expr, m.Comparison):
            return self._compile_comparison(expr)
        if isinstance(expr, m.StatusTest):
            wanted, target, var, regarding = WANTED[expr.relation], expr.provision, expr.party, expr.regarding
            if expr.by is not None:
                by = expr.by
                return lambda run, env: run.has_status(
                    target, env[var], wanted, tuple((s, env[s]) for s in regarding), by)
            if regarding:
                return lambda run, env: run.has_status(
                    target, env[var], wanted, tuple((s, env[s]) for s in regarding))

            def status(run: Run, env: Env) -> bool:
                party = env[var]
                found = run.has.get((target, party, wanted, ()))  # the memo, without a call on a hit
                return run.has_status(target, party, wanted) if found is None else found

            return status
        if isinstance(expr, m.Not):
            inner = self.compile(expr.operand)
            return lambda run, env: not inner(run, env)
        if isinstance(expr, m.All):
            conjunction = _conjoin([self.compile(o) for o in expr.operands])
            assert conjunction is not None  # the grammar never makes an empty "all of"
            return conjunction
        if isinstance(expr, m.AnyOf):
            parts = [self.compile(o) for o in expr.operands]
            if len(parts) == 2:
                first, second = parts
                return lambda run, env: first(run, env) or second(run, env)

            def either(run: Run, env: Env) -> bool:
                for part in parts:  # noqa: SIM110 — a loop avoids a generator per call on the hot path
                    if part(run, env):
                        return True
                return False

            return either
        if isinstance(expr, m.Some):
            return self._compile_some(expr)
        raise TypeError(f"not a condition: {expr!r}")

    def _compile_phrase(self, phrase: m.Phrase) -> Cond:
        key, slots = phrase.key, phrase.slots
        presumptions = self.presumed.get(key)
        if presumptions is not None:
            def stated_or_presumed(run: Run, env: Env) -> bool:
                args = tuple(map(env.__getitem__, slots))
                return args in run.facts.get(key, _EMPTY) or any(run.definition(pid, args) for pid in presumptions)

            return stated_or_presumed
        definition = self.definition_ids.get(key)
        if definition is not None:
            if len(slots) == 1:
                (only,) = slots

                def defined_one(run: Run, env: Env) -> bool:
                    args = (env[only],)
                    found = run.definitions.get((definition, args))  # the memo, without a call on a hit
                    return run.definition(definition, args) if found is None else found

                return defined_one
            if len(slots) == 2:
                first, second = slots

                def defined_two(run: Run, env: Env) -> bool:
                    args = (env[first], env[second])
                    found = run.definitions.get((definition, args))
                    return run.definition(definition, args) if found is None else found

                return defined_two
            return lambda run, env: run.definition(definition, tuple(map(env.__getitem__, slots)))
        if len(slots) == 1:
            (a,) = slots
            return lambda run, env: (env[a],) in run.facts.get(key, _EMPTY)
        if len(slots) == 2:
            a, b = slots
            return lambda run, env: (env[a], env[b]) in run.facts.get(key, _EMPTY)
        return lambda run, env: tuple(map(env.__getitem__, slots)) in run.facts.get(key, _EMPTY)

    def _compile_comparison(self, comparison: m.Comparison) -> Cond:
        compare = _OPS[comparison.op]
        left_key, left_slots = comparison.left.key, comparison.left.slots
        right = comparison.right
        if isinstance(right, m.Number):
            value = right.value

            def against_number(run: Run, env: Env) -> bool:
                found = run.numbers.get(left_key, _NO_NUMBERS).get(tuple(map(env.__getitem__, left_slots)))
                return found is not None and compare(found, value)

            return against_number
        right_key, right_slots = right.key, right.slots

        def against_phrase(run: Run, env: Env) -> bool:
            found = run.numbers.get(left_key, _NO_NUMBERS).get(tuple(env[s] for s in left_slots))
            other = run.numbers.get(right_key, _NO_NUMBERS).get(tuple(env[s] for s in right_slots))
            return found is not None and other is not None and compare(found, other)

        return against_phrase

    def _compile_some(self, some: m.Some) -> Cond:
        body = self.compile(some.body)
        names = some.variables
        needs = tuple(self._requirements(some.body, frozenset())) if self.prune else ()
        if len(names) == 1:
            (name,) = names
            where = tuple(self._slot_requirements(some.body, name, frozenset())) if self.prune else ()

            def exists_one(run: Run, env: Env) -> bool:
                if needs and not run.satisfiable(needs):
                    return False
                saved = env.get(name, _MISSING)
                candidates = run.candidates(where) if where else run.parties
                # counted like a binding level: nested `some`s multiply (p^4 for four of them)
                run.steps += len(candidates)
                if run.steps > MAX_STEPS:
                    run.spend(0)
                try:
                    for party in candidates:
                        env[name] = party
                        if body(run, env):
                            return True
                    return False
                finally:
                    if saved is _MISSING:
                        env.pop(name, None)
                    else:
                        env[name] = saved  # type: ignore[assignment]

            return exists_one

        # like exists_one: each variable ranges over the parties that can fill it
        wheres = tuple(tuple(self._slot_requirements(some.body, name, frozenset())) if self.prune else ()
                       for name in names)

        def exists(run: Run, env: Env) -> bool:
            if needs and not run.satisfiable(needs):
                return False
            saved = [env.get(n, _MISSING) for n in names]
            pools = [run.candidates(where) if where else run.parties for where in wheres]
            combinations = 1
            for pool in pools:
                combinations *= len(pool)
            run.spend(combinations)
            try:
                for combo in product(*pools):
                    env.update(zip(names, combo, strict=True))
                    if body(run, env):
                        return True
                return False
            finally:
                for n, value in zip(names, saved, strict=True):
                    if value is _MISSING:
                        env.pop(n, None)
                    else:
                        env[n] = value  # type: ignore[assignment]

        return exists

    # ── running ────────────────────────────────────────────────────────────
    def evaluate(self, facts: Case | str | Iterable[str] | Mapping[str, object],
                 as_at: date | None = None, closed_world: bool | None = None) -> Assessment:
        """Every outcome of a case; ``as_at`` overrides the case's own date (statute.timeline: the law as at
        a day). The world assumption is the case's own (its header), else ``closed_world``, else
        :data:`CLOSED_WORLD_DEFAULT`. A closed-world case that leaves nothing unknown is evaluated
        two-valued, here, and so is a dated case (the timeline is two-valued); every other case
        three-valued (:mod:`statute.kleene`)."""
        case = facts if isinstance(facts, Case) else case_from(self.act, facts)
        if as_at is not None:
            case = replace(case, as_at=as_at)
        closed = case.is_closed(CLOSED_WORLD_DEFAULT if closed_world is None else closed_world)
        if (not closed or case.unknown) and not case.dated:
            from statute.kleene import evaluate_open

            return evaluate_open(self, case, closed)
        run = self._dated_run(case) if case.dated else Run(self, case)
        outcomes: list[Outcome] = []
        conflicts: list[Conflict] = []
        conflicting: set[tuple[tuple[str, ...], str, Any]] = set()
        for rule in self.top_rules:
            if not run.possible(rule):
                continue
            pid, kind = rule.id, rule.kind
            offence_penalties = rule.provision.penalties if isinstance(rule.provision, m.Offence) else ()
            for env in run.bindings(rule):
                status, because = run.status_of(rule, env)
                party = env.get(rule.subject) if rule.subject else None
                binding = binding_of(env, rule.scope)
                aggravated: tuple[str, ...] = ()
                if status is Status.COMMITTED and rule.factors:
                    aggravated = run.factors_attaching(rule, env)
                    for factor in aggravated:
                        outcomes.append(_outcome(factor, m.Kind.AGGRAVATING_FACTOR, Status.ATTACHES, binding, party,
                                                 (pid,)))
                penalties = offence_penalties if status is Status.COMMITTED else ()
                if penalties and rule.penalty_tests:  # penalties for some offenders only (a body corporate)
                    tests = rule.penalty_tests
                    penalties = tuple(p for p in penalties if p not in tests or tests[p](run, env))
                if penalties and any(p.since is not None for p in penalties):
                    penalties = penalties_on(penalties, run.committed_on(rule, env))
                outcomes.append(_outcome(pid, kind, status, binding, party, because, aggravated, penalties))
                if len(outcomes) > MAX_OUTCOMES:
                    raise EvaluationTooLarge(
                        f"evaluation stopped at {MAX_OUTCOMES:,} outcomes: {pid} applies to {len(case.parties)} "
                        "parties in too many combinations (cost grows as parties^slots)")
                if status is Status.CONFLICT and party is not None:
                    assert isinstance(rule.provision, m.Deontic) and rule.action_key is not None
                    act_done = rule.action_key(env)  # the same ground act from either side of the conflict
                    for other in because:
                        pair = tuple(sorted((pid, other)))
                        if (pair, party, act_done) not in conflicting:
                            conflicting.add((pair, party, act_done))
                            conflicts.append(Conflict(pair[0], pair[1], party, filled_text(rule.provision.action, env)))
        for (eid, binding), status in run.exception_log.items():
            rule = self.rules[eid]
            outcomes.append(_outcome(eid, rule.kind, status, binding, None,
                                     rule.provision.targets if isinstance(rule.provision, m.Exception_) else ()))
        if run.exception_log:
            index = self.index
            outcomes.sort(key=lambda o: (index[o.provision], o.status is not Status.ATTACHES))
        return Assessment(self.act, case, outcomes, conflicts, run)

    def _dated_run(self, case: Case) -> Run:
        """The run of a case that says something about dates: as at its day (statute.timeline)."""
        def make(day_case: Case, clock: Clock | None) -> Run:
            return Run(self, day_case, clock)

        started = start_timeline(self, case, make)
        if started is None:
            return Run(self, case)
        timeline, run = started
        run.timeline = timeline
        return run


def _outcome(provision: str, kind: m.Kind, status: Status, binding: Any, party: str | None,
             because: tuple[str, ...] = (), aggravated_by: tuple[str, ...] = (),
             penalties: tuple[m.Penalty, ...] = ()) -> Outcome:
    """``Outcome(...)`` at half the cost: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``; this fills the instance's dict at once (same fields, same object)."""
    outcome = object.__new__(Outcome)
    outcome.__dict__.update(provision=provision, kind=kind, status=status, binding=binding, party=party,
                            because=because, aggravated_by=aggravated_by, penalties=penalties)
    return outcome


def _conjoin(tests: list[Cond]) -> Cond | None:
    if not tests:
        return None
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda run, env: first(run, env) and second(run, env)

    def every(run: Run, env: Env) -> bool:
        for test in tests:  # noqa: SIM110 — a loop avoids a generator per call on the hot path
            if not test(run, env):
                return False
        return True

    return every


def _closure(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Transitive closure of the 'prevails over' relation."""
    closure = set(pairs)
    changed = True
    while changed:
        changed = False
        for a, b in list(closure):
            for c, d in list(closure):
                if b == c and (a, d) not in closure:
                    closure.add((a, d))
                    changed = True
    return closure


class Run:
    """The state of one evaluation: the case and memo tables."""

    three_valued = False
    closed = True

    def compile(self, expr: m.Expr) -> Cond:
        return self.ev.compile(expr)

    def condition_of(self, rule_id: str) -> Cond | None:
        return self.ev.rules[rule_id].condition

    def applies(self, rule: Rule, env: Env) -> bool:
        """A binding :meth:`bindings` gave applies (two-valued: surely)."""
        return True

    def __init__(self, evaluator: Evaluator, case: Case, clock: Clock | None = None) -> None:
        self.ev = evaluator
        self.case = case
        #: For a dated case: the day's clock (deadlines by the calendar), provisions not in force, the timeline.
        self.clock = clock
        self.dormant: Mapping[str, str] = _NO_DORMANT
        self.timeline: Timeline | None = clock.timeline if clock is not None else None
        self.facts = case.facts
        self.numbers = case.numbers
        self.parties = case.parties
        self.definitions: dict[tuple[str, tuple[str, ...]], bool] = {}
        self.statuses: dict[tuple[str, tuple[str, ...]], tuple[Status, tuple[str, ...]]] = {}
        self.applicable: dict[tuple[str, str | None], list[Env]] = {}
        self.has: dict[tuple[Any, ...], bool] = {}
        self.defeat: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
        self.live: dict[str, dict[tuple[str, tuple[Any, ...]], list[Env]]] = {}
        self.exception_log: dict[tuple[str, tuple[tuple[str, str], ...]], Status] = {}
        self.solved: set[tuple[str, ...]] = set()
        self.steps = 0
        self.present = frozenset(case.facts) | frozenset(case.numbers)
        self.possibles: dict[str, bool] = {}
        self.by_party: dict[str, dict[str, list[Env]]] = {}
        self.clause_parties: dict[frozenset[tuple[str, int]], set[str]] = {}
        self.domains: dict[tuple[frozenset[tuple[str, int]], ...], tuple[str, ...]] = {}

    def possible(self, rule: Rule) -> bool:
        """False when the case lacks every fact some clause of the rule's condition needs."""
        found = self.possibles.get(rule.id)
        if found is None:
            present = self.present
            found = True
            for clause in rule.requires:
                if clause.isdisjoint(present):
                    found = False
                    break
            self.possibles[rule.id] = found
        return found

    def candidates(self, clauses: tuple[frozenset[tuple[str, int]], ...]) -> tuple[str, ...]:
        """The parties that can fill a slot, in case order, given its position clauses."""
        found = self.domains.get(clauses)
        if found is None:
            present = self.present
            places_of = self.ev.places
            allowed: frozenset[str] | set[str] | None = None
            memo = self.clause_parties
            for clause in clauses:
                union = memo.get(clause)
                if union is None:  # the same clauses recur across rules (age, roles, ...): once per case
                    indexed = places_of.get(clause)
                    if indexed is None:
                        indexed = self.ev.index_places(clause)
                    names, keys = indexed
                    union = set()
                    facts, numbers = self.facts, self.numbers
                    for key in names:
                        if key in present:  # most places name phrases the case does not state
                            number, positions = keys[key]
                            rows = numbers[key] if number else facts[key]
                            for position in positions:
                                for args in rows:
                                    union.add(args[position])
                    memo[clause] = union
                allowed = union if allowed is None else allowed & union
                if not allowed:
                    break
            parties = self.parties
            # every party can fill it (the usual case in a small case): the case's own tuple, in its order
            found = parties if allowed is None or len(allowed) == len(parties) else \
                tuple([p for p in parties if p in allowed])
            self.domains[clauses] = found
        return found

    def satisfiable(self, clauses: tuple[frozenset[str], ...]) -> bool:
        present = self.present
        return all(not clause.isdisjoint(present) for clause in clauses)

    def spend(self, steps: int) -> None:
        self.steps += steps
        if self.steps > MAX_STEPS:
            raise EvaluationTooLarge(
                f"evaluation stopped after {MAX_STEPS:,} binding tests: the case has {len(self.parties)} parties "
                "and some provisions have several slots (cost grows as parties^slots)")

    # definitions --------------------------------------------------------------
    def definition(self, did: str, args: tuple[str, ...]) -> bool:
        key = (did, args)
        found = self.definitions.get(key)
        if found is not None:
            return found
        component = self.ev.recursive.get(did)
        if component is not None:
            self._solve(component)
            return self.definitions.get(key, False)
        rule = self.ev.rules[did]
        possible = self.possibles.get(did)
        if not (self.possible(rule) if possible is None else possible):
            self.definitions[key] = False
            return False
        condition = rule.condition
        if condition is None:
            value = False
        else:
            env = dict(zip(rule.scope, args, strict=True))
            value = bool(condition(self, env)) and not (rule.exceptions and self.defeaters(rule, env))
        self.definitions[key] = value
        return value

    def _solve(self, component: tuple[str, ...]) -> None:
        """Least fixed point of mutually recursive definitions, by naive iteration."""
        if component in self.solved:
            return
        self.solved.add(component)
        rules = [self.ev.rules[i] for i in component if isinstance(self.ev.rules[i].provision, m.Definition)]
        for rule in rules:
            for args in product(self.parties, repeat=len(rule.scope)):
                self.definitions[(rule.id, args)] = False
        changed = True
        while changed:
            changed = False
            for rule in rules:
                self.spend(len(self.parties) ** len(rule.scope))
                for args in product(self.parties, repeat=len(rule.scope)):
                    if self.definitions[(rule.id, args)]:
                        continue
                    env = dict(zip(rule.scope, args, strict=True))
                    if rule.condition and rule.condition(self, env) and not self.defeaters(rule, env):
                        self.definitions[(rule.id, args)] = True
                        changed = True

    # bindings -----------------------------------------------------------------
    def bindings(self, rule: Rule, subject: str | None = None) -> list[Env]:
        """Every binding of the rule's slots under which its condition holds."""
        memo_key = (rule.id, subject)
        found = self.applicable.get(memo_key)
        if found is not None:
            return found
        if subject is not None and rule.subject is not None and rule.scope[0] == rule.subject:
            # A party's bindings are the rule's bindings with that party as subject, in the same
            # order; every rule asked about is enumerated in full anyway, so enumerate once.
            index = self.by_party.get(rule.id)
            if index is None:
                index = self.by_party[rule.id] = {}
                slot = rule.subject
                for env in self.bindings(rule):
                    index.setdefault(env[slot], []).append(env)
                for party in self.parties:
                    index.setdefault(party, [])
            found = index.get(subject)
            if found is not None:  # a party of the case (explanations may ask about others)
                self.applicable[memo_key] = found
                return found
        out: list[Env] = []
        if self.possible(rule) and (not rule.pre or all(test(self, {}) for test in rule.pre)):
            scope, level_tests, slot_requires = rule.scope, rule.level_tests, rule.slot_requires
            if len(scope) <= 2 and scope and (subject is None or self.parties):
                self._bind_small(rule, subject, out)
                self.applicable[memo_key] = out
                return out
            env = {}
            last = len(scope) - 1

            def extend(index: int) -> None:
                slot = scope[index]
                if index == 0 and subject is not None:
                    candidates: tuple[str, ...] = (subject,)
                else:
                    clauses = slot_requires[index]
                    candidates = self.candidates(clauses) if clauses else self.parties
                self.steps += len(candidates)
                if self.steps > MAX_STEPS:
                    self.spend(0)
                test = level_tests[index]
                for party in candidates:
                    env[slot] = party
                    if test is None or test(self, env):
                        if index == last:
                            out.append(env.copy())
                        else:
                            extend(index + 1)
                env.pop(slot, None)

            if scope:
                if subject is None or self.parties:
                    extend(0)
            else:
                out.append({})
        self.applicable[memo_key] = out
        return out

    def _bind_small(self, rule: Rule, subject: str | None, out: list[Env]) -> None:
        """:meth:`bindings` for one or two slots, without the recursion (the common case, on the hot path)."""
        scope, slot_requires = rule.scope, rule.slot_requires
        if subject is not None:
            first: tuple[str, ...] = (subject,)
        else:
            clauses = slot_requires[0]
            first = self.candidates(clauses) if clauses else self.parties
        self.steps += len(first)
        if self.steps > MAX_STEPS:
            self.spend(0)
        slot = scope[0]
        test = rule.level_tests[0]
        if len(scope) == 1:
            for party in first:
                env = {slot: party}
                if test is None or test(self, env):
                    out.append(env)
            return
        second_slot = scope[1]
        second_test = rule.level_tests[1]
        clauses = slot_requires[1]
        for party in first:
            env = {slot: party}
            if test is None or test(self, env):
                second = self.candidates(clauses) if clauses else self.parties
                self.steps += len(second)
                if self.steps > MAX_STEPS:
                    self.spend(0)
                for other in second:
                    env[second_slot] = other
                    if second_test is None or second_test(self, env):
                        out.append(env.copy())

    def defeaters(self, rule: Rule, env: Env) -> tuple[str, ...]:
        """The exceptions that defeat a rule under a binding (and are not defeated)."""
        if not rule.exceptions:
            return ()
        key = (rule.id, tuple(map(env.__getitem__, rule.scope)))
        found = self.defeat.get(key)
        if found is not None:
            return found
        out = []
        for eid in rule.exceptions:
            exception = self.ev.rules[eid]
            if self.dormant and eid in self.dormant:
                continue
            if exception.condition is not None and exception.condition(self, env):
                beaten = self.defeaters(exception, env)
                self.exception_log[(eid, binding_of(env, exception.scope))] = (
                    Status.DEFEATED if beaten else Status.APPLIES)
                if not beaten:
                    out.append(eid)
        result = tuple(out)
        self.defeat[key] = result
        return result

    # statuses -----------------------------------------------------------------
    def status_of(self, rule: Rule, env: Env) -> tuple[Status, tuple[str, ...]]:
        """The status of a rule under a binding where its condition holds."""
        key = (rule.id, tuple(map(env.__getitem__, rule.scope)))
        found = self.statuses.get(key)
        if found is not None:
            return found
        if self.dormant and rule.id in self.dormant:
            self.statuses[key] = (Status.NOT_IN_FORCE, ())
            return self.statuses[key]
        defeaters = self.defeaters(rule, env)
        kind = rule.kind
        result: tuple[Status, tuple[str, ...]]
        if kind is m.Kind.OFFENCE:
            result = (Status.DEFEATED, defeaters) if defeaters else (Status.COMMITTED, ())
        elif kind is m.Kind.CONSEQUENCE:
            result = (Status.DEFEATED, defeaters) if defeaters else (Status.FOLLOWS, ())
        elif defeaters:
            result = (Status.EXCUSED, defeaters)
        else:
            result = self._deontic(rule, env)
        self.statuses[key] = result
        return result

    def _deontic(self, rule: Rule, env: Env) -> tuple[Status, tuple[str, ...]]:
        provision = rule.provision
        assert isinstance(provision, m.Deontic)
        yields: list[str] = []
        conflicts: list[str] = []
        if rule.opponents:
            assert rule.action_key is not None and rule.subject is not None
            mine = (env[rule.subject], rule.action_key(env))
            for other_id, relation in rule.opponents:
                if self.live_index(other_id).get(mine):
                    (yields if relation == "yields" else conflicts).append(other_id)
        if yields:
            return Status.EXCUSED, tuple(yields)
        if conflicts:
            return Status.CONFLICT, tuple(conflicts)
        if provision.modality in (m.Modality.MAY, m.Modality.NEED_NOT):
            return Status.GRANTED, ()
        assert rule.action is not None
        done = rule.action(self, env)
        if provision.modality is m.Modality.MUST_NOT:
            return (Status.BREACHED, ()) if done else (Status.COMPLIED, ())
        if self.clock is not None and provision.deadline is not None and provision.deadline.limit is not None:
            dated = self.clock.deadline_status(self, rule, env, done)
            if dated is not None:
                return Status(dated[0]), dated[1]
        if done and rule.measure is not None and rule.limit is not None:
            key, slots = rule.measure
            taken = self.numbers.get(key, _NO_NUMBERS).get(tuple(env[s] for s in slots))
            if taken is not None and taken > rule.limit:
                return Status.LATE, ("late",)
        return (Status.COMPLIED, ()) if done else (Status.BREACHED, ())

    def live_index(self, rule_id: str) -> dict[tuple[str, tuple[Any, ...]], list[Env]]:
        """Undefeated applicable bindings of a deontic rule, by (holder, ground action)."""
        found = self.live.get(rule_id)
        if found is not None:
            return found
        rule = self.ev.rules[rule_id]
        index: dict[tuple[str, tuple[Any, ...]], list[Env]] = {}
        assert rule.action_key is not None and rule.subject is not None
        for env in self.bindings(rule) if not (self.dormant and rule_id in self.dormant) else ():
            if not self.defeaters(rule, env):
                index.setdefault((env[rule.subject], rule.action_key(env)), []).append(env)
        self.live[rule_id] = index
        return index

    def has_status(self, rule_id: str, party: str, wanted: frozenset[Status],
                   regarding: tuple[tuple[str, str], ...] = (), by: str | None = None) -> bool:
        """Whether some binding of the rule with this subject (and these other slots) has a wanted status,
        ``by`` a given provision when one is named (an excuse names what excuses)."""
        key = (rule_id, party, wanted, regarding) if by is None else (rule_id, party, wanted, regarding, by)
        found = self.has.get(key)
        if found is not None:
            return found
        rule = self.ev.rules[rule_id]
        value = False
        for env in self.bindings(rule, party):
            if regarding and not all(env.get(slot) == other for slot, other in regarding):
                continue
            status, because = self.status_of(rule, env)
            if status in wanted and (by is None or by in because):
                value = True
                break
        self.has[key] = value
        return value

    def factors_attaching(self, offence: Rule, env: Env) -> tuple[str, ...]:
        out = []
        for fid in offence.factors:
            factor = self.ev.rules[fid]
            if self.dormant and fid in self.dormant:
                continue
            if factor.condition is not None and factor.condition(self, env) and not self.defeaters(factor, env):
                out.append(fid)
        return tuple(out)


    def committed_on(self, rule: Rule, env: Env) -> date | None:
        """The first day an offence's binding held (None: undated, or a timeless case)."""
        if self.timeline is None:
            return None
        ground = tuple(env[s] for s in rule.scope)
        subject = env.get(rule.subject) if rule.subject else None
        found = self.timeline.first_day(lambda other: any(
            tuple(e[s] for s in rule.scope) == ground for e in other.bindings(rule, subject)), self.timeline.as_at)
        return found if isinstance(found, date) else None


def evaluator_for(act: m.Act) -> Evaluator:
    """The compiled evaluator of an Act, built on first use and kept with it."""
    found = act.__dict__.get("_statute_evaluator")
    if found is None:
        found = Evaluator(act)
        object.__setattr__(act, "_statute_evaluator", found)
    return found


def evaluate(act: m.Act, facts: Case | str | Iterable[str] | Mapping[str, object],
             as_at: date | None = None, closed_world: bool | None = None) -> Assessment:
    """Evaluate the facts of a case against an Act (as at a day, when one is given or the case dates itself;
    under the case's world assumption, else ``closed_world``)."""
    return evaluator_for(act).evaluate(facts, as_at, closed_world)
