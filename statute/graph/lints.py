"""Lints over the obligation structure of an Act: W402–W406.

These are the questions the obligation graph answers about an encoding as a
whole rather than about one line of it:

* W402 — a duty or prohibition whose breach no offence or consequence asks about;
* W403 — an exception whose condition can never hold together with its target's;
* W404 — a declared term that no provision reads;
* W405 — a double bind: one provision requires an act and another forbids it,
  for the same holder, in circumstances that can hold together, with no
  priority between them;
* W406 — an offence with no penalty line at all (``penalty: not stated`` counts
  as stated: it records that the source is silent).

They work on the model directly (no networkx), so ``statute check`` stays fast;
the graph is built from the same facts. Each lint is tolerant of an Act with
errors: unresolved references are skipped, never raised.
"""

from __future__ import annotations

from collections.abc import Iterator

from statute import model as m
from statute.checks.local import local
from statute.diagnostics import Diagnostic, at
from statute.graph.logic import Expander, Formula, can_hold_together
from statute.render import expr_text

BREACH_RELATIONS = frozenset({m.Relation.BREACHES, m.Relation.COMPLIES})
ENFORCERS = (m.Offence, m.Consequence)


# ── W402 ─────────────────────────────────────────────────────────────────────


def status_tests(act: m.Act, expr: m.Expr | None,
                 _memo: dict[str, tuple[m.StatusTest, ...]] | None = None) -> Iterator[m.StatusTest]:
    """Status tests in a condition, including those inside the definitions it reads.

    Each definition is expanded once (memoised), so a statute book whose
    definitions share sub-definitions is walked in linear time.
    """
    if expr is None:
        return
    memo = {} if _memo is None else _memo
    definitions = act.definitions_by_key
    for node in m.walk(expr):
        if isinstance(node, m.StatusTest):
            yield node
        elif isinstance(node, m.Phrase):
            definition = definitions.get(node.key)
            if definition is None:
                continue
            if definition.id not in memo:
                memo[definition.id] = ()  # a cycle back here adds nothing new
                memo[definition.id] = tuple(status_tests(act, definition.body, memo))
            yield from memo[definition.id]


def enforced(act: m.Act) -> dict[str, list[m.Provision]]:
    """For each duty or prohibition id, the offences and consequences that ask whether it was breached."""
    out: dict[str, list[m.Provision]] = {}
    memo: dict[str, tuple[m.StatusTest, ...]] = {}
    for provision in act.provisions:
        if isinstance(provision, ENFORCERS):
            for test in status_tests(act, provision.condition, memo):
                if test.relation in BREACH_RELATIONS:
                    out.setdefault(test.provision, []).append(provision)
    return out


def unenforced_duties(act: m.Act) -> list[Diagnostic]:
    by_duty = enforced(act)
    out: list[Diagnostic] = []
    for provision in act.provisions:
        if provision.kind in (m.Kind.DUTY, m.Kind.PROHIBITION) and provision.id not in by_duty:
            out.append(at(provision.span, "W402",
                          f"nothing enforces {provision.kind} '{provision.id}': no offence or consequence "
                          f"asks whether someone breaches it",
                          hint=f"add an offence or consequence with `when {{{provision.subject}}} breaches "
                               f"{provision.id}`, or silence this with `# statute: allow W402` and say why"))
    return out


# ── W403 ─────────────────────────────────────────────────────────────────────


def _scope_chain(act: m.Act, target: m.Provision) -> list[m.Provision]:
    """The target and, for an exception to an exception, the provisions it in turn excepts."""
    chain: list[m.Provision] = []
    seen: set[str] = set()
    todo = [target]
    while todo:
        current = todo.pop()
        if current.id in seen:
            continue
        seen.add(current.id)
        chain.append(current)
        if isinstance(current, m.Exception_) and len(current.targets) == 1:
            nxt = act.provisions_by_id.get(current.targets[0])
            if nxt is not None:
                todo.append(nxt)
    return chain


def reachable(act: m.Act, expr: m.Expr | None, memo: dict[str, frozenset[str]]) -> frozenset[str]:
    """The phrase keys and status tests a condition can reach through definitions (memoised per definition)."""
    if expr is None:
        return frozenset()
    definitions = act.definitions_by_key
    out: set[str] = set()
    for node in m.walk(expr):
        if isinstance(node, m.StatusTest):
            out.add(f"status:{node.provision}")
        elif isinstance(node, m.Phrase | m.Comparison):
            phrases = [node] if isinstance(node, m.Phrase) else [p for p in (node.left, node.right)
                                                                   if isinstance(p, m.Phrase)]
            for phrase in phrases:
                key = phrase.key
                out.add(key)
                definition = definitions.get(key)
                if definition is not None:
                    if definition.id not in memo:
                        memo[definition.id] = frozenset()  # a cycle back here adds nothing new
                        memo[definition.id] = reachable(act, definition.body, memo)
                    out |= memo[definition.id]
    return frozenset(out)


def unreachable_exceptions(act: m.Act, expander: Expander | None = None) -> list[Diagnostic]:
    expander = expander or Expander(act)
    conditions: dict[str, Formula] = {}
    memo: dict[str, frozenset[str]] = {}
    out: list[Diagnostic] = []
    for exception in act.provisions:
        if not isinstance(exception, m.Exception_):
            continue
        own = expander.formula(exception.when)
        own_keys = reachable(act, exception.when, memo)
        for target_id in exception.targets:
            target = act.provisions_by_id.get(target_id)
            if target is None or target is exception:
                continue
            chain = _scope_chain(act, target)
            if not any(own_keys & reachable(act, p.condition, memo) for p in chain):
                # Nothing in common: only a contradiction inside the exception itself could stop it.
                chain = []
            formulas: list[Formula] = [own]
            for provision in chain:
                if provision.id not in conditions:  # many exceptions share a target: expand it once
                    conditions[provision.id] = expander.formula(provision.condition)
                formulas.append(conditions[provision.id])
            verdict = can_hold_together(formulas)
            if verdict.possible:
                continue
            why = ""
            if verdict.reason:
                a, b = verdict.reason
                why = f": {a} and {b} cannot both be true"
            out.append(at(exception.span, "W403",
                          f"exception '{exception.id}' can never apply to '{target_id}'{why}",
                          hint=f"compare the exception's condition with the condition of '{target_id}'; "
                               f"one of them is probably mistyped (e.g. 'under' for 'at least')"))
    return out


# ── W404 ─────────────────────────────────────────────────────────────────────


def phrases_read(provision: m.Provision) -> Iterator[m.Phrase]:
    """Every phrase a provision reads: condition, action, deadline measure (and what a presumption
    presumes, and whom a penalty is for: a term used there is not unused)."""
    yield from m.phrases_in(provision.condition)
    if isinstance(provision, m.Presumption):
        yield provision.head
    if isinstance(provision, m.Offence):
        yield from (p.offender for p in provision.penalties if p.offender is not None)
    if isinstance(provision, m.Deontic):
        yield from m.phrases_in(provision.action)
        if provision.deadline and provision.deadline.measured_by:
            yield provision.deadline.measured_by


def unused_terms(act: m.Act) -> list[Diagnostic]:
    used: set[str] = set()
    for provision in act.provisions:
        used.update(local(provision, "_statute_read_keys", lambda p: frozenset(q.key for q in phrases_read(p))))
    used.update(term.since.key for term in act.terms if term.since is not None)  # a counted number reads it
    out: list[Diagnostic] = []
    for term in act.terms:
        if term.key not in used:
            out.append(at(term.span, "W404", f"the term {term.text!r} is declared but no provision reads it",
                          hint="remove it, or keep it for scenarios with `# statute: allow W404` and say why"))
    return out


# ── W405 ─────────────────────────────────────────────────────────────────────


def _canonical(expr: m.Expr, names: dict[str, str]) -> tuple:
    """A structural key for an action, with slots renamed in order of first use."""

    def name(slot: str) -> str:
        if slot not in names:
            names[slot] = f"#{len(names)}"
        return names[slot]

    if isinstance(expr, m.Phrase):
        return ("p", expr.key, tuple(name(s) for s in expr.slots))
    if isinstance(expr, m.Comparison):
        right = _canonical(expr.right, names) if isinstance(expr.right, m.Phrase) else expr.right.value
        return ("c", _canonical(expr.left, names), str(expr.op), right)
    if isinstance(expr, m.StatusTest):
        return ("s", name(expr.party), str(expr.relation), expr.provision, tuple(name(s) for s in expr.regarding),
                expr.by)
    if isinstance(expr, m.Not):
        return ("not", _canonical(expr.operand, names))
    if isinstance(expr, (m.All, m.AnyOf)):
        return ("all" if isinstance(expr, m.All) else "any", tuple(_canonical(o, names) for o in expr.operands))
    if isinstance(expr, m.Some):
        inner = dict(names)
        for variable in expr.variables:
            inner[variable] = f"$some{len(inner)}"
        return ("some", len(expr.variables), _canonical(expr.body, inner))
    raise TypeError(expr)


def required_act(provision: m.Deontic) -> tuple[tuple, bool, dict[str, str]]:
    """What an obligatory rule requires: (canonical act, True to do / False to refrain, slot names)."""
    action: m.Expr = provision.action
    positive = provision.modality is m.Modality.MUST
    while isinstance(action, m.Not):
        action, positive = action.operand, not positive
    names = {provision.holder: "#holder"}
    return _canonical(action, names), positive, names


def _priority_pairs(act: m.Act) -> set[frozenset[str]]:
    """Pairs of provisions ranked against each other (exception, notwithstanding, subject to)."""
    from statute.checks.references import prevails

    return {frozenset((a, b)) for a, b, _ in prevails(act)}


def double_binds(act: m.Act, expander: Expander | None = None) -> list[Diagnostic]:
    expander = expander or Expander(act)
    groups: dict[tuple, list[tuple[m.Deontic, bool, dict[str, str]]]] = {}
    for provision in act.provisions:
        if isinstance(provision, m.Deontic) and provision.modality.obligatory:
            key, positive, names = required_act(provision)
            groups.setdefault(key, []).append((provision, positive, names))
    ranked = _priority_pairs(act) if groups else set()
    out: list[Diagnostic] = []
    for rules in groups.values():
        musts = [r for r in rules if r[1]]
        must_nots = [r for r in rules if not r[1]]
        for (duty, _, duty_names), (ban, _, ban_names) in ((a, b) for a in musts for b in must_nots):
            if frozenset((duty.id, ban.id)) in ranked:
                continue
            by_canonical = {canon: slot for slot, canon in duty_names.items()}
            env = {slot: by_canonical[canon] for slot, canon in ban_names.items() if canon in by_canonical}
            for slot in m.free_variables(ban.when) - set(env):
                env[slot] = f"{slot}@{ban.id}"  # the prohibition's own circumstances, apart from the duty's
            verdict = can_hold_together([expander.formula(duty.when), expander.formula(ban.when, env)])
            if not verdict.possible:
                continue
            first, second = sorted((duty, ban), key=lambda p: (p.span.file, p.span.line, p.span.column))
            what = expr_text(duty.action) if duty.modality is m.Modality.MUST else f"not {expr_text(duty.action)}"
            out.append(at(second.span, "W405",
                          f"double bind: '{duty.id}' requires {{{duty.holder}}} to do {what} and '{ban.id}' "
                          f"forbids it, and their conditions can hold together",
                          hint=f"the other rule is at {first.span}; add an exception, or rank them with "
                               f"'subject to' or 'notwithstanding'"))
    return out


# ── W406 ─────────────────────────────────────────────────────────────────────


def offences_without_penalty(act: m.Act) -> list[Diagnostic]:
    return [at(p.span, "W406", f"offence '{p.id}' has no penalty",
               hint="add `on indictment: …`, `on summary conviction: …` or `penalty: …`; "
                    "if the source states none, write `penalty: not stated`")
            for p in act.provisions if isinstance(p, m.Offence) and not p.penalties]


def lint(act: m.Act) -> list[Diagnostic]:
    """Every obligation-structure lint, in no particular order (the caller sorts)."""
    expander = Expander(act)
    return [*unenforced_duties(act), *unreachable_exceptions(act, expander), *unused_terms(act),
            *double_binds(act, expander), *offences_without_penalty(act)]
