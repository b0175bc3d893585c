"""Can two conditions hold at once? A small, conservative satisfiability check.

The lints W403 (an exception that can never apply) and W405 (a double bind)
ask whether the conditions of two provisions can be true together. A full
solver would be overkill and slow; this module answers only the question a
drafter can act on: is there a *plain* contradiction — one side needs phrase P
and the other needs not P, or two comparisons on the same number cannot both
hold (``is under 13`` against ``is at least 18``)?

Conditions are put in negation normal form, defined phrases are expanded into
their meaning (with slots renamed to the call site, ``some`` variables renamed
apart), and the result is multiplied out into clauses. Anything the check
cannot reason about (a ``not some``, a recursive definition, a formula whose
clauses would explode) is treated as "may be true", so a report is only ever
made when the contradiction is certain. Numbers are compared as real numbers.

This module is pure model code: it imports neither networkx nor Lark, so the
checker can use it on every save.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from statute import model as m
from statute.model import format_number

MAX_CLAUSES = 512
MAX_DEPTH = 24
#: How many model nodes one formula may expand into before definitions are left unexpanded.
MAX_NODES = 4000

#: ``not (x OP n)`` is ``x NEGATED[OP] n``.
NEGATED = {
    m.Comparator.EQ: m.Comparator.NE, m.Comparator.NE: m.Comparator.EQ,
    m.Comparator.GE: m.Comparator.LT, m.Comparator.LT: m.Comparator.GE,
    m.Comparator.LE: m.Comparator.GT, m.Comparator.GT: m.Comparator.LE,
}


@dataclass(frozen=True, slots=True)
class Fact:
    """A true/false atom: a phrase with its arguments, or a status test."""

    key: tuple
    text: str


@dataclass(frozen=True, slots=True)
class Literal:
    fact: Fact
    positive: bool

    def __str__(self) -> str:
        return self.fact.text if self.positive else f"not {self.fact.text}"


@dataclass(frozen=True, slots=True)
class Bound:
    """A number phrase compared with a constant: ``"the age of {child}" is under 13``."""

    fact: Fact
    op: m.Comparator
    value: float

    def __str__(self) -> str:
        return f"{self.fact.text} {self.op} {format_number(self.value)}"


Atom = Literal | Bound
#: A formula in negation normal form: an atom, ("and", parts), ("or", parts) or True (unknown/always).
Formula = Atom | tuple | bool


class _TooBig(Exception):
    pass


class Expander:
    """Turns model conditions into formulas, expanding definitions on request.

    One expander is reused across many checks of the same Act so fresh names
    for ``some`` variables never collide.
    """

    def __init__(self, act: m.Act, expand: bool = True, remember: bool = True) -> None:
        """``remember=False`` expands every definition afresh (the reference the memo is tested against)."""
        self.definitions = act.definitions_by_key if expand else {}
        self._remember = remember
        self._fresh = itertools.count(1)
        self._budget = MAX_NODES
        self._keys: dict[tuple[str, ...], str] = {}
        self._facts: dict[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], Fact] = {}
        # Expanding a definition gives the same formula wherever it is read with the same
        # arguments, as long as nothing inside was cut short (depth, budget), renamed
        # (``some``) or stopped at a definition being expanded around it. Such
        # expansions are kept: (definition id, negated, arguments) → (formula, nodes
        # spent, depth reached below, definitions looked at).
        self._expansions: dict[tuple, tuple[Formula, int, int, frozenset[str]]] = {}
        self._deepest = 0  # the deepest depth entered since the innermost expansion began
        self._unsafe = 0  # counts cuts and renamings, which make an expansion depend on where it is
        self._looked: set[str] | None = None  # definitions looked at in the innermost expansion

    def key(self, phrase: m.Phrase) -> str:
        """``phrase.key``, computed once per distinct wording (it is looked up very often)."""
        key = self._keys.get(phrase.words)
        if key is None:
            key = self._keys[phrase.words] = phrase.key
        return key

    def formula(self, expr: m.Expr | None, env: Mapping[str, str] | None = None) -> Formula:
        """The formula for ``expr`` with slot names renamed by ``env`` (missing: kept)."""
        if expr is None:
            return True
        self._budget = MAX_NODES
        return self._nnf(expr, False, dict(env or {}), (), 0)

    def _name(self, env: Mapping[str, str], slot: str) -> str:
        return env.get(slot, slot)

    def _phrase_fact(self, phrase: m.Phrase, env: Mapping[str, str]) -> Fact:
        args = tuple([env.get(s, s) for s in phrase.slots])
        memo = (phrase.words, phrase.slots, args)  # the fact depends on nothing else: build each once
        fact = self._facts.get(memo)
        if fact is None:
            text = phrase.fill({s: "{" + self._name(env, s) + "}" for s in phrase.slots})
            fact = self._facts[memo] = Fact(("phrase", self.key(phrase), args), f'"{text}"')
        return fact

    def _nnf(self, expr: m.Expr, negate: bool, env: dict[str, str], stack: tuple[str, ...], depth: int) -> Formula:
        if depth > self._deepest:
            self._deepest = depth
        if depth > MAX_DEPTH:
            self._unsafe += 1
            return True
        self._budget -= 1
        if isinstance(expr, m.Not):
            return self._nnf(expr.operand, not negate, env, stack, depth + 1)
        if isinstance(expr, (m.All, m.AnyOf)):
            conjunction = isinstance(expr, m.All) != negate
            parts = tuple([self._nnf(o, negate, env, stack, depth + 1) for o in expr.operands])
            return ("and" if conjunction else "or", parts)
        if isinstance(expr, m.Some):
            if negate:  # "for every x, not …": beyond this check; assume it may hold
                return True
            inner = dict(env)
            self._unsafe += 1
            for variable in expr.variables:
                inner[variable] = f"{variable}#{next(self._fresh)}"
            return self._nnf(expr.body, False, inner, stack, depth + 1)
        if isinstance(expr, m.StatusTest):
            party = self._name(env, expr.party)
            regarding = tuple(self._name(env, s) for s in expr.regarding)
            fact = Fact(("status", party, str(expr.relation), expr.provision, regarding, expr.by),
                        f"{{{party}}} {expr.relation} {expr.provision}"
                        + (" regarding " + ", ".join("{" + s + "}" for s in regarding) if regarding else "")
                        + (f" by {expr.by}" if expr.by else ""))
            return Literal(fact, not negate)
        if isinstance(expr, m.Comparison):
            op = NEGATED[expr.op] if negate else expr.op
            left = self._phrase_fact(expr.left, env)
            if isinstance(expr.right, m.Number):
                return Bound(left, op, float(expr.right.value))
            right = self._phrase_fact(expr.right, env)
            fact = Fact(("compare", left.key, str(expr.op), right.key), f"{left.text} {expr.op} {right.text}")
            return Literal(fact, not negate)
        if isinstance(expr, m.Phrase):
            definition = self.definitions.get(self.key(expr))
            if definition is not None:
                if self._looked is not None:
                    self._looked.add(definition.id)
                if definition.id not in stack:
                    if self._budget > 0:
                        return self._expand(definition, expr, negate, env, stack, depth)
                    self._unsafe += 1
            return Literal(self._phrase_fact(expr, env), not negate)
        raise TypeError(f"not a condition: {expr!r}")

    def _expand(self, definition: m.Definition, use: m.Phrase, negate: bool, env: dict[str, str],
                stack: tuple[str, ...], depth: int) -> Formula:
        """A defined phrase replaced by its meaning, with slots renamed to the arguments of this use."""
        inner = {slot: env.get(arg, arg) for slot, arg in zip(definition.head.slots, use.slots, strict=False)}
        key = (definition.id, negate, tuple(inner.items()))
        kept = self._expansions.get(key) if self._remember else None
        if kept is not None:
            formula, nodes, below, looked = kept
            # the same formula, if expanding here again would cut nothing and stop at nothing
            if depth + below <= MAX_DEPTH and self._budget > nodes and looked.isdisjoint(stack):
                self._budget -= nodes
                if depth + below > self._deepest:
                    self._deepest = depth + below
                if self._looked is not None:
                    self._looked |= looked
                return formula
        outer_deepest, outer_looked, unsafe, budget = self._deepest, self._looked, self._unsafe, self._budget
        looked_here: set[str] = set()
        self._deepest, self._looked = depth, looked_here
        formula = self._nnf(definition.body, negate, inner, (*stack, definition.id), depth + 1)
        below = self._deepest - depth
        self._deepest = max(outer_deepest, self._deepest)
        if outer_looked is not None:
            outer_looked |= looked_here
        self._looked = outer_looked
        if self._unsafe == unsafe and looked_here.isdisjoint(stack):
            self._expansions[key] = (formula, budget - self._budget, below, frozenset(looked_here))
        return formula


# ── Clauses ──────────────────────────────────────────────────────────────────


def _clauses(formula: Formula) -> list[frozenset[Atom]]:
    """Multiply a formula out into clauses (sets of atoms that must all hold)."""
    if formula is True:
        return [frozenset()]
    if formula is False:
        return []
    if isinstance(formula, (Literal, Bound)):
        return [frozenset({formula})]
    op, parts = formula
    if op == "or":
        out: list[frozenset[Atom]] = []
        for part in parts:
            out.extend(_clauses(part))
            if len(out) > MAX_CLAUSES:
                raise _TooBig
        return list(dict.fromkeys(out))
    result: list[frozenset[Atom]] = [frozenset()]
    for part in parts:
        sub = _clauses(part)
        result = [a | b for a in result for b in sub if conflict(a | b) is None]
        if len(result) > MAX_CLAUSES:
            raise _TooBig
        if not result:
            return []
    return list(dict.fromkeys(result))


def clauses(formula: Formula) -> list[frozenset[Atom]] | None:
    """The consistent clauses of a formula, or None when there would be too many."""
    try:
        return [c for c in _clauses(formula) if conflict(c) is None]
    except _TooBig:
        return None


def conflict(clause: Iterable[Atom]) -> tuple[Atom, Atom] | None:
    """Two atoms of a clause that cannot both hold, or None if it is consistent."""
    seen: dict[Fact, Literal] = {}
    bounds: dict[Fact, list[Bound]] = {}
    for atom in clause:
        if isinstance(atom, Literal):
            other = seen.get(atom.fact)
            if other is not None and other.positive != atom.positive:
                return other, atom
            seen[atom.fact] = atom
        else:
            bounds.setdefault(atom.fact, []).append(atom)
    for group in bounds.values():
        for a, b in itertools.combinations(group, 2):
            if not _compatible(a, b):
                return a, b
        if len(group) > 2 and not _feasible(group):
            return group[0], group[-1]
    return None


def _compatible(a: Bound, b: Bound) -> bool:
    return _feasible([a, b])


def _feasible(bounds: list[Bound]) -> bool:
    """Is there a real number satisfying every bound?"""
    low, low_strict = float("-inf"), False
    high, high_strict = float("inf"), False
    equal: set[float] = set()
    unequal: set[float] = set()
    for bound in bounds:
        v = bound.value
        if bound.op is m.Comparator.EQ:
            equal.add(v)
        elif bound.op is m.Comparator.NE:
            unequal.add(v)
        elif bound.op in (m.Comparator.GE, m.Comparator.GT):
            strict = bound.op is m.Comparator.GT
            if v > low or (v == low and strict):
                low, low_strict = v, strict
        else:
            strict = bound.op is m.Comparator.LT
            if v < high or (v == high and strict):
                high, high_strict = v, strict
    if len(equal) > 1:
        return False
    if equal:
        v = next(iter(equal))
        above = v > low or (v == low and not low_strict)
        below = v < high or (v == high and not high_strict)
        return above and below and v not in unequal
    if low > high or (low == high and (low_strict or high_strict)):
        return False
    return not (low == high and low in unequal)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of :func:`can_hold_together`: possible, or why not."""

    possible: bool
    reason: tuple[Atom, Atom] | None = None


def can_hold_together(formulas: list[Formula]) -> Verdict:
    """Whether all formulas can be true at once; impossible only when certain.

    ``reason`` names two atoms that contradict each other in the first
    combination tried, for the diagnostic's message.
    """
    formula: Formula = ("and", tuple(formulas))
    if _consistent_choice(formula):
        return Verdict(True)  # what multiplying out would conclude too, at a fraction of the cost
    try:
        found = _clauses(formula)
    except _TooBig:
        return Verdict(True)
    if found:
        return Verdict(True)
    return Verdict(False, _first_conflict(formulas))


#: How many atoms :func:`_consistent_choice` may try before it leaves the question to multiplying out.
SEARCH_STEPS = 20_000


class _GiveUp(Exception):
    pass


def _consistent_choice(formula: Formula) -> bool:
    """True when one clause of ``formula`` is consistent, found depth first and stopping at the first.

    Multiplying a formula out (:func:`_clauses`) builds every clause to learn
    whether there is one; the lints only ask whether there is one, and almost
    always there is. A clause is consistent exactly when, fact by fact, its
    literals agree and its bounds are feasible (both checks are monotone, so
    a partial clause that fails cannot be completed). False means "not found
    within :data:`SEARCH_STEPS`" or "none": the caller then multiplies out, so
    the verdict, and its limits (:data:`MAX_CLAUSES`), stay exactly those of
    :func:`_clauses`.
    """
    literals: dict[Fact, list] = {}  # fact → [polarity, how many atoms assert it]
    bounds: dict[Fact, list[Bound]] = {}
    steps = [SEARCH_STEPS]

    def solve(pending: list[Formula], depth: int) -> bool:
        if not pending:
            return True
        if depth > 300:
            raise _GiveUp
        formula, rest = pending[-1], pending[:-1]
        if formula is True:
            return solve(rest, depth + 1)
        if formula is False:
            return False
        if isinstance(formula, Literal):
            steps[0] -= 1
            if steps[0] < 0:
                raise _GiveUp
            found = literals.get(formula.fact)
            if found is not None:
                if found[0] != formula.positive:
                    return False
                found[1] += 1
                try:
                    return solve(rest, depth + 1)
                finally:
                    found[1] -= 1
            literals[formula.fact] = [formula.positive, 1]
            try:
                return solve(rest, depth + 1)
            finally:
                del literals[formula.fact]
        if isinstance(formula, Bound):
            steps[0] -= 1
            if steps[0] < 0:
                raise _GiveUp
            group = bounds.setdefault(formula.fact, [])
            group.append(formula)
            try:
                return _feasible(group) and solve(rest, depth + 1)
            finally:
                group.pop()
        op, parts = formula
        if op == "or":
            for part in parts:  # noqa: SIM110 — a loop, not any(): one stack frame less per level
                if solve([*rest, part], depth + 1):
                    return True
            return False
        return solve([*rest, *reversed(parts)], depth + 1)

    try:
        return solve([formula], 0)
    except (_GiveUp, RecursionError):
        return False


def _first_conflict(formulas: list[Formula]) -> tuple[Atom, Atom] | None:
    """A pair of contradicting atoms, taking the first clause of each formula."""
    merged: list[Atom] = []
    for formula in formulas:
        try:
            options = _clauses(formula)
        except _TooBig:
            continue
        if not options:  # this formula alone is contradictory
            try:
                raw = _raw_first(formula)
            except _TooBig:
                continue
            return conflict(raw)
        merged.extend(options[0])
    return conflict(merged)


def _raw_first(formula: Formula) -> list[Atom]:
    """The atoms of the first branch of a formula, ignoring consistency."""
    if formula is True or formula is False:
        return []
    if isinstance(formula, (Literal, Bound)):
        return [formula]
    op, parts = formula
    if op == "or":
        return _raw_first(parts[0]) if parts else []
    out: list[Atom] = []
    for part in parts:
        out.extend(_raw_first(part))
    return out
