"""Why an outcome is what it is: explanation trees that cite provisions.

An explanation is a tree of :class:`Reason` nodes. The root is an outcome
("Alice is under the duty to notify … — breached"); under it come the
provision's conditions, each with the facts or derived terms that met or
failed them, down to the stated facts of the case. Every node that rests on a
provision carries its id, kind, citation and a quote of its text.

The tree is built on demand by walking the model (the fast evaluator in
:mod:`statute.evaluate` only computes statuses) and reuses the run's memo
tables, so explaining and evaluating can never disagree about a status.

Two renderings: :func:`render_text` (indented, for people) and
:func:`to_json` (schema ``statute.explanation/1``, documented in
docs/explanations.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from typing import Any

from statute import calendar
from statute import evaluate as _evaluation
from statute import model as m
from statute.evaluate import EvaluationTooLarge, Rule, Run
from statute.outcomes import UNDER, WANTED, Status, binding_of
from statute.render import filled_text

SCHEMA = "statute.explanation/1"
MAX_DEPTH = 40
MAX_CANDIDATES = 4  # parties tried when explaining why "some {x}" found none
#: Bindings explained under one provision (e.g. Alice's duty towards each of 200 children, under
#: "Alice breaches the duty"); the rest are counted in a note. Keeps a tree's size independent of
#: the number of parties.
MAX_BINDINGS_SHOWN = 10
#: Stated facts of one phrase compared with a candidate binding when ranking near misses (more: not compared).
MAX_RESEMBLANCE_FACTS = 64


@dataclass
class Reason:
    """One node of an explanation."""

    text: str
    holds: bool | None  # None: the case leaves it open (three-valued evaluation)
    kind: str
    provision: dict[str, Any] | None = None
    note: str | None = None
    children: list[Reason] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "holds": self.holds, "kind": self.kind}
        if self.provision is not None:
            out["provision"] = self.provision
        if self.note:
            out["note"] = self.note
        out["children"] = [child.to_json() for child in self.children]
        return out


def provision_ref(act: m.Act, provision: m.Provision) -> dict[str, Any]:
    source, confidence = act.provenance(provision)
    return {
        "id": provision.id,
        "kind": str(provision.kind),
        "title": provision.title,
        "citation": act.cite(provision),
        "eid": provision.eid,
        "quote": act.quote(provision),
        "source": source,
        "confidence": str(confidence) if confidence else None,
    }


class _Explainer:
    def __init__(self, run: Run, prefer: tuple[str, ...] = ()) -> None:
        self.run = run
        self.prefer = prefer  # parties the question names: candidate bindings with them are tried first
        self.act = run.ev.act
        self.depth = 0
        self.steps = 0  # candidates tried for `some`, against the evaluator's own MAX_STEPS
        self._compiled: dict[int, tuple[m.Expr, Any]] = {}  # a `some`'s body, compiled once per explanation
        self._phrases: dict[int, list[tuple[str, tuple[str, ...]]]] = {}  # a `some` body's phrases, by key
        self._parts: dict[int, list[Any]] = {}  # ... and its conjuncts (the body is kept alive by _compiled)

    # ── provisions ───────────────────────────────────────────────────────────
    def provision(self, pid: str, party: str | None, slots: dict[str, str]) -> Reason:
        rule = self.run.ev.rules[pid]
        provision = rule.provision
        ref = provision_ref(self.act, provision)
        if isinstance(provision, (m.Exception_, m.AggravatingFactor, m.Definition, m.Presumption)):
            return self._attached(rule, party, slots)
        envs = [env for env in self.run.bindings(rule, party)
                if all(env.get(k) == v for k, v in slots.items())]
        who = party or "anyone in the case"
        if not envs:
            verb = _negative(provision)
            if party is None:  # "anyone in the case is not under it" reads as if someone were
                who, verb = "no one in the case", _positive(provision, _APPLIES[provision.kind])
            env = dict(slots)
            if party is not None and rule.subject:
                env[rule.subject] = party
            missing = tuple(s for s in rule.scope if s not in env)
            condition = provision.condition
            if condition is None:
                reason = Reason(f"{who} {verb} {provision.title}", False, "outcome", ref,
                                note="it has no condition, but the case names no party it could apply to")
                return reason
            return Reason(f"{who} {verb} {provision.title}", False, "outcome", ref,
                          note="its conditions are not met", children=self._why_not(condition, env, missing))
        children = [self.binding(rule, env) for env in envs[:MAX_BINDINGS_SHOWN]]
        if len(children) == 1:
            return children[0]
        found = [self.run.status_of(rule, env)[0] for env in envs]
        statuses = sorted({str(status) for status in found})
        if len(envs) > len(children):
            children.append(Reason(f"… and {len(envs) - len(children)} more bindings of {provision.id} for {who} "
                                   "(not shown)", True, "note"))
        return Reason(f"{who} — {provision.title}", _any_holds([_holds(status) for status in found]), "outcome",
                      ref, note=", ".join(statuses), children=children)

    def _why_not(self, condition: m.Expr, env: dict[str, str], missing: tuple[str, ...]) -> list[Reason]:
        """Why a condition holds for no binding: first the parts about the known parties alone."""
        from statute.evaluate import _conjuncts

        parts = _conjuncts(condition)
        known = [p for p in parts if m.free_variables(p) <= set(env)]
        if known and missing:
            shown = [self.expr(p, env) for p in known]
            if not all(r.holds is True for r in shown):
                return shown
        expr = m.Some(missing, condition, condition.span) if missing else condition
        return [self.expr(expr, env)]

    def binding(self, rule: Rule, env: dict[str, str]) -> Reason:
        provision = rule.provision
        status, because = self.run.status_of(rule, env)
        ref = provision_ref(self.act, provision)
        party = env.get(rule.subject) if rule.subject else None
        others = {k: v for k, v in env.items() if k != rule.subject}
        regarding = (" (" + ", ".join(f"{{{k}}} = {v}" for k, v in others.items()) + ")") if others else ""
        text = f"{party or 'it'} {_positive(provision, status)} {provision.title}{regarding}"
        holds = _holds(status)
        if status is Status.UNDETERMINED:
            possible = getattr(self.run, "possible", None)
            shown = sorted(str(s) for s in possible(rule, env)[0]) if possible else []
            text = f"{party or 'it'} may be under {provision.title}{regarding}" if isinstance(
                provision, m.Deontic) and provision.modality is not m.Modality.MAY and \
                provision.modality is not m.Modality.NEED_NOT else f"{party or 'it'} — {provision.title}{regarding}"
            node = Reason(text, None, "outcome", ref, note="undetermined: " + " or ".join(shown))
            node.children.append(self._sub("whether it applies", self.run.applies(rule, env),
                                           [self.expr(provision.condition, env)])
                                 if provision.condition is not None else
                                 Reason("it applies to every party (it has no condition)", True, "note"))
            if rule.exceptions:
                node.children.append(self._no_exception(rule, env))
            return node
        node = Reason(text, holds, "outcome", ref, note=str(status))
        if status is Status.NOT_IN_FORCE:
            node.children.append(Reason(self.run.dormant.get(provision.id, "it is not in force"), False, "in force"))
        node.children.append(self._sub("it applies because", True, [self.expr(provision.condition, env)])
                             if provision.condition is not None else
                             Reason("it applies to every party (it has no condition)", True, "note"))
        if status in (Status.EXCUSED, Status.DEFEATED):
            for other in because:
                node.children.append(self._excuser(other, rule, env))
        elif rule.exceptions:
            node.children.append(self._no_exception(rule, env))
        if status is Status.CONFLICT:
            for other in because:
                other_rule = self.run.ev.rules[other]
                node.children.append(Reason(
                    f"it conflicts with {other_rule.provision.kind} {other} ({self.act.cite(other_rule.provision)}), "
                    "which applies to the same act and which no priority ranks below or above it", False,
                    "conflict", provision_ref(self.act, other_rule.provision),
                    note="add 'notwithstanding' or 'subject to' to say which prevails"))
        if isinstance(provision, m.Deontic) and status in (Status.COMPLIED, Status.BREACHED, Status.LATE,
                                                             Status.PENDING):
            node.children.append(self._action(rule, env, status, because))
        if isinstance(provision, m.Offence) and status is Status.COMMITTED:
            node.children.append(self._penalties(provision))
            for fid in self.run.factors_attaching(rule, env):
                factor = self.run.ev.rules[fid]
                node.children.append(self._sub(
                    f"aggravated by {factor.provision.title} ({self.act.cite(factor.provision)})", True,
                    [self.expr(factor.provision.condition, env)], factor.provision, kind="aggravation"))
        return node

    def _attached(self, rule: Rule, party: str | None, slots: dict[str, str]) -> Reason:
        """Exceptions, factors and definitions: explain their condition for given slots."""
        provision = rule.provision
        env = dict(slots)
        slot = self._party_slot(rule)
        if party is not None and slot is not None and slot not in env:
            env[slot] = party  # --party Dan for a factor: Dan as the offender, not the first binding found
        missing = tuple(s for s in rule.scope if s not in env)
        condition = provision.condition
        assert condition is not None
        expr = m.Some(missing, condition, condition.span) if missing else condition
        inner = self.expr(expr, env)
        return Reason(f"{provision.title}", inner.holds, "provision", provision_ref(self.act, provision),
                      children=[inner])

    def _party_slot(self, rule: Rule) -> str | None:
        """The slot a party fills in a provision with no holder of its own: an exception's or a
        factor's is its target's holder (the duty's {person}, the offence's {offender})."""
        if rule.subject in rule.scope:
            return rule.subject
        provision = rule.provision
        for target in getattr(provision, "targets", ()):
            subject = self.act.provision(target).subject
            if subject in rule.scope:
                return subject
        return rule.scope[0] if isinstance(provision, m.Definition) and rule.scope else None

    def _sub(self, text: str, holds: bool, children: list[Reason], provision: m.Provision | None = None,
             kind: str = "group") -> Reason:
        ref = provision_ref(self.act, provision) if provision is not None else None
        return Reason(text, holds, kind, ref, children=children)

    def _excuser(self, other: str, rule: Rule, env: dict[str, str]) -> Reason:
        if other == "late":
            return Reason("the deadline was missed", False, "deadline")
        other_rule = self.run.ev.rules[other]
        other_provision = other_rule.provision
        ref = provision_ref(self.act, other_provision)
        if isinstance(other_provision, m.Defence):
            beaten = self.run.defeaters(other_rule, env)
            children = [self.expr(other_provision.condition, env)]
            return Reason(f"defeated by the defence in {self.act.cite(other_provision)} ({other_provision.title}), "
                          f"{_burden(other_provision, env, rule)}", not beaten, "exception", ref, children=children)
        if isinstance(other_provision, m.Exception_):
            beaten = self.run.defeaters(other_rule, env)
            children = [self.expr(other_provision.condition, env)]
            return Reason(f"excused by {_called(other_provision)} ({self.act.cite(other_provision)})",
                          not beaten, "exception", ref, children=children)
        # a permission or rule that prevails: find its binding for the same holder and act
        assert rule.action_key is not None and rule.subject is not None
        key = (env[rule.subject], rule.action_key(env))
        matches = self.run.live_index(other).get(key, [])
        children = [self.expr(other_provision.condition, matches[0])] if matches and other_provision.condition else []
        how = "notwithstanding" if rule.id in other_provision.notwithstanding else "ranked above it"
        cited = self.act.cite(other_provision)
        return Reason(f"excused by the {other_provision.kind} {other_provision.title} ({cited}),"
                      f" which applies {how} {rule.id}", True, "priority", ref, children=children)

    def _no_exception(self, rule: Rule, env: dict[str, str]) -> Reason:
        children = []
        for eid in rule.exceptions:
            exception = self.run.ev.rules[eid]
            condition = exception.provision.condition
            compiled = self.run.condition_of(eid)
            holds = compiled(self.run, dict(env)) if condition is not None and compiled is not None else False
            beaten = self.run.defeaters(exception, env) if holds else ()
            if holds is None:
                explained = self.expr(condition, env) if condition is not None else None
                child = Reason(f"{_called(exception.provision)} ({self.act.cite(exception.provision)}) may apply",
                               None, "exception", provision_ref(self.act, exception.provision),
                               children=[explained] if explained is not None else [])
                children.append(child)
                continue
            explained = self.expr(condition, env) if condition is not None else None
            child = Reason(f"{_called(exception.provision)} ({self.act.cite(exception.provision)})"
                           + (" is itself defeated" if beaten else " does not apply"), False, "exception",
                           provision_ref(self.act, exception.provision),
                           note=_first_failure(explained) if explained is not None and not beaten else None)
            for beater in beaten:
                child.children.append(self._excuser(beater, exception, env))
            children.append(child)
        unsure = any(child.holds is None for child in children)
        return Reason("whether an exception defeats it" if unsure else "no exception defeats it",
                      None if unsure else True, "group", children=children)

    def _action(self, rule: Rule, env: dict[str, str], status: Status, because: tuple[str, ...]) -> Reason:
        provision = rule.provision
        assert isinstance(provision, m.Deontic)
        action = self.expr(provision.action, env)
        required = "required" if provision.modality is m.Modality.MUST else "forbidden"
        text = f"what it makes {required}: {filled_text(provision.action, env)}"
        children = [action]
        clock = self.run.clock
        dated = clock.timeline.deadlines.get((rule.id, tuple(env[s] for s in rule.scope), clock.day)) if clock else None
        if provision.deadline and dated is not None:
            children.append(Reason(f"deadline {provision.deadline}: {deadline_text(dated)}",
                                   status in (Status.COMPLIED, Status.PENDING), "deadline"))
        elif provision.deadline:
            deadline = provision.deadline
            if "late" in because and rule.measure is not None:
                key, slots = rule.measure
                taken = self.run.numbers.get(key, {}).get(tuple(env[s] for s in slots))
                measured = deadline.measured_by.fill(env) if deadline.measured_by else "the time taken"
                children.append(Reason(f"deadline {deadline}: {measured} is {m.format_number(taken or 0)}, "
                                       f"more than {m.format_number(rule.limit or 0)}", False, "deadline"))
            elif rule.measure is not None and status is Status.COMPLIED:
                key, slots = rule.measure
                taken = self.run.numbers.get(key, {}).get(tuple(env[s] for s in slots))
                measured = deadline.measured_by.fill(env) if deadline.measured_by else "the time taken"
                said = (f"{measured} is {m.format_number(taken)}, not more than {m.format_number(rule.limit or 0)}"
                        if taken is not None else f"{measured} is not stated, so it is not known to be late")
                children.append(Reason(f"deadline {deadline}: {said}", True, "deadline"))
            else:
                children.append(Reason(f"deadline: {deadline}", True, "deadline"))
        return Reason(text, status in (Status.COMPLIED, Status.PENDING), "action", note=str(status),
                      children=children)

    def _penalties(self, offence: m.Offence) -> Reason:
        if not offence.penalties:
            return Reason("maximum penalty: not stated", True, "penalty")
        lines = [Reason(f"{p.mode}: {p}" if p.mode is not m.TrialMode.UNSPECIFIED else str(p), True, "penalty")
                 for p in offence.penalties]
        return Reason(f"maximum penalty ({offence.mode_of_trial})", True, "penalty", children=lines)

    # ── conditions ───────────────────────────────────────────────────────────
    def expr(self, expr: m.Expr | None, env: dict[str, str]) -> Reason:
        if expr is None:
            return Reason("(no condition)", True, "note")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                return Reason("… (explanation cut short: nested too deeply)", True, "note")
            return self._expr(expr, env)
        finally:
            self.depth -= 1

    def _expr(self, expr: m.Expr, env: dict[str, str]) -> Reason:
        run = self.run
        if isinstance(expr, m.Phrase):
            return self._phrase(expr, env)
        if isinstance(expr, m.Comparison):
            return self._comparison(expr, env)
        if isinstance(expr, m.StatusTest):
            party = env[expr.party]
            fixed = {slot: env[slot] for slot in expr.regarding}
            holds = run.has_status(expr.provision, party, WANTED[expr.relation], tuple(fixed.items()), expr.by)
            target = self.act.provision(expr.provision)
            verb = str(expr.relation) if holds else _negated(expr.relation) if holds is False else \
                f"may or may not be ({expr.relation})"
            inner = self.provision(expr.provision, party, fixed)
            regarding = (" regarding " + ", ".join(fixed.values())) if fixed else ""
            if expr.by:
                regarding += f" by {self.act.provision(expr.by).title}"
            return Reason(f"{party} {verb} {target.title}{regarding}", holds, "status",
                          provision_ref(self.act, target), children=[inner])
        if isinstance(expr, m.Not):
            inner = self.expr(expr.operand, env)
            negated = None if inner.holds is None else not inner.holds
            return Reason(f"not: {inner.text}" if negated is not False else f"it is not the case that {inner.text}",
                          negated, "not", children=[inner])
        if isinstance(expr, m.All):
            children = [self.expr(o, env) for o in expr.operands]
            holds_all = _all_hold([c.holds for c in children])
            said = {True: "all of these hold", False: "not all of these hold", None: "it is unknown whether all of "
                    "these hold"}
            return Reason(said[holds_all], holds_all, "all", children=children)
        if isinstance(expr, m.AnyOf):
            children = [self.expr(o, env) for o in expr.operands]
            holds_any = _any_holds([c.holds for c in children])
            shown = [c for c in children if c.holds] if holds_any else [c for c in children if c.holds is None] \
                if holds_any is None else children
            said = {True: "at least one of these holds", False: "none of these holds", None: "it is unknown whether "
                    "one of these holds"}
            return Reason(said[holds_any], holds_any, "any", children=shown)
        return self._some(expr, env)

    def _phrase(self, phrase: m.Phrase, env: dict[str, str]) -> Reason:
        run = self.run
        args = tuple(env[s] for s in phrase.slots)
        text = phrase.fill(env)
        definition_id = run.ev.definition_ids.get(phrase.key)
        if definition_id is None:
            holds, note = fact_note(run, phrase.key, args)
            fact = run.case.where(phrase.key, args) if holds else None
            if fact is not None and fact.on is not None:
                note += f" (on {calendar.spoken(fact.on)})"
            presumptions = run.ev.presumed.get(phrase.key)
            if presumptions and holds is not True and (fact is None or fact.truth is None):
                return self._presumed(text, presumptions, args)
            return Reason(text, holds, "fact", note=note)
        rule = run.ev.rules[definition_id]
        holds = run.definition(definition_id, args)
        definition = rule.provision
        assert isinstance(definition, m.Definition)
        local = dict(zip(rule.scope, args, strict=True))
        children = [self.expr(definition.body, local)]
        for beater in run.defeaters(rule, local):
            children.append(self._excuser(beater, rule, local))
        return Reason(text, holds, "definition", provision_ref(self.act, definition),
                      note=f"by definition {definition.id} ({self.act.cite(definition)})", children=children)

    def _presumed(self, text: str, presumptions: tuple[str, ...], args: tuple[str, ...]) -> Reason:
        """A fact the case does not state, which a presumption may supply: explained as a presumption."""
        run = self.run
        children = []
        holding = None
        for pid in presumptions:
            rule = run.ev.rules[pid]
            presumption = rule.provision
            assert isinstance(presumption, m.Presumption)
            local = dict(zip(rule.scope, args, strict=True))
            holds = run.definition(pid, args)
            basis = self.expr(presumption.basis, local)
            parts = [Reason("it rests on", basis.holds, "group", children=[basis])]
            if presumption.rebuttal is not None:
                rebuttal = self.expr(presumption.rebuttal, local)
                parts.append(Reason("unless the contrary is shown" + (" — and it is" if rebuttal.holds else
                                                                       " — and it is not"),
                                    not rebuttal.holds, "group", children=[rebuttal]))
            cited = self.act.cite(presumption)
            child = Reason(f"presumed by {_called(presumption)} ({cited})" if holds else
                           f"not presumed by {_called(presumption)} ({cited})", holds, "presumption",
                           provision_ref(self.act, presumption), children=parts)
            children.append(child)
            if holds and holding is None:
                holding = presumption
        if holding is not None:
            return Reason(text, True, "presumption", provision_ref(self.act, holding),
                          note=f"not stated, but presumed ({self.act.cite(holding)})", children=children)
        return Reason(text, False, "fact", note="not stated in the case, and not presumed", children=children)

    def _comparison(self, comparison: m.Comparison, env: dict[str, str]) -> Reason:
        numbers = self.run.numbers
        left = comparison.left
        value = numbers.get(left.key, {}).get(tuple(env[s] for s in left.slots))
        if isinstance(comparison.right, m.Number):
            right_value: float | None = comparison.right.value
            right_text = str(comparison.right)
        else:
            right_value = numbers.get(comparison.right.key, {}).get(tuple(env[s] for s in comparison.right.slots))
            right_text = comparison.right.fill(env)
        compiled = self.run.compile(comparison)
        holds = compiled(self.run, dict(env))
        text = f"{left.fill(env)} {comparison.op} {right_text}"
        if value is None or (right_value is None and not isinstance(comparison.right, m.Number)):
            missing = left if value is None else comparison.right
            assert isinstance(missing, m.Phrase)
            args = tuple(env[s] for s in missing.slots)
            note = number_note(self.run, missing.key, args, missing.fill(env))
        else:
            note = f"{left.fill(env)} is {m.format_number(value)}"
            if not isinstance(comparison.right, m.Number) and right_value is not None:
                note += f" and {right_text} is {m.format_number(right_value)}"
        return Reason(text, holds, "comparison", note=note)

    def _some(self, some: m.Some, env: dict[str, str]) -> Reason:
        """The first binding that fits, or the first few that do not.

        The witness is searched with the evaluator's compiled body and only then explained:
        explaining each candidate on the way (and throwing the trees away) made a tree's cost
        grow with the parties. Every candidate tried counts against ``MAX_STEPS``.
        """
        parties = self.run.parties
        names = some.variables
        cached = self._compiled.get(id(some.body))
        if cached is None:  # the body is kept in the value, so its id cannot be reused while cached
            cached = self._compiled[id(some.body)] = (some.body, self.run.compile(some.body))
        compiled = cached[1]
        parts = self._parts.get(id(some.body))
        if parts is None:  # the body's conjuncts, to rank the near misses
            from statute.evaluate import _conjuncts

            parts = self._parts[id(some.body)] = [self.run.compile(p) for p in _conjuncts(some.body)]
        label = ", ".join("{" + n + "}" for n in names)
        apart = self._distinguished(some)
        rejected: list[tuple[int, int, int, int, int, tuple[str, ...]]] = []  # (rank keys…, order, combo)
        open_combo: tuple[str, ...] | None = None  # the first binding the case leaves open
        for order, combo in enumerate(product(parties, repeat=len(names))):
            self.steps += 1 + (len(parts) if len(parts) > 1 else 0)
            if self.steps > _evaluation.MAX_STEPS:
                raise EvaluationTooLarge(f"the explanation stopped after {_evaluation.MAX_STEPS:,} tries of "
                                         f"'some {label}': the case has {len(parties)} parties (cost grows as "
                                         "parties^slots)")
            local = dict(env)
            local.update(zip(names, combo, strict=True))
            found = compiled(self.run, dict(local))
            if found:
                chosen = ", ".join(f"{{{n}}} = {p}" for n, p in zip(names, combo, strict=True))
                return Reason(f"for {chosen}", True, "some", children=[self.expr(some.body, local)])
            if found is None:
                open_combo = open_combo or combo
                continue
            if len(parts) > 1:
                probe = dict(local)
                met = sum(1 for part in parts if part(self.run, probe) is True)
            else:
                met = 0
            rejected.append((self._unnamed(combo), _merged(apart, local), -met, -self._resemblance(some, local),
                             order, combo))
            if len(rejected) > 4 * MAX_CANDIDATES:  # keep the nearest misses only
                rejected = sorted(rejected)[:MAX_CANDIDATES]
        if open_combo is not None:
            local = dict(env)
            local.update(zip(names, open_combo, strict=True))
            chosen = ", ".join(f"{{{n}}} = {p}" for n, p in zip(names, open_combo, strict=True))
            return Reason(f"perhaps for {chosen}", None, "some", note="the case leaves it open",
                          children=[self.expr(some.body, local)])
        tried: list[Reason] = []
        for *_, combo in sorted(rejected)[:MAX_CANDIDATES]:
            local = dict(env)
            local.update(zip(names, combo, strict=True))
            chosen = ", ".join(f"{{{n}}} = {p}" for n, p in zip(names, combo, strict=True))
            tried.append(Reason(f"not for {chosen}", False, "some", children=[self.expr(some.body, local)]))
        note = "the case names no parties" if not parties else (
            f"tried every party in the case for {label}" + (f"; the {len(tried)} nearest misses are shown"
                                                             if len(tried) < len(parties) ** len(names) else ""))
        return Reason(f"no party in the case fits {label} such that {_such_that(some.body, env)}", False, "some",
                      note=note, children=tried)

    def _distinguished(self, some: m.Some) -> list[tuple[str, str]]:
        """Pairs of slots one phrase of the body names apart, at least one of them bound by the ``some``.

        A binding that fills both with one party ("Gita tells Gita …", the offender as their own
        victim) is rarely the miss a drafter meant, so it ranks after every binding that does not.
        """
        pairs: set[tuple[str, str]] = set()
        bound = set(some.variables)
        for phrase in m.phrases_in(some.body):
            slots = sorted(set(phrase.slots))
            pairs.update((a, b) for i, a in enumerate(slots) for b in slots[i + 1:] if a in bound or b in bound)
        return sorted(pairs)

    def _resemblance(self, some: m.Some, env: dict[str, str]) -> int:
        """How many of the candidate's parties stand where a stated fact of the same phrase has them:
        of two misses that meet as many conditions, the one nearer to what the case says comes first."""
        phrases = self._phrases.get(id(some.body))
        if phrases is None:
            bound = set(some.variables)
            phrases = self._phrases[id(some.body)] = [
                (p.key, p.slots) for p in m.phrases_in(some.body) if bound & set(p.slots)]
        score = 0
        for key, slots in phrases:
            stated = self.run.case.facts.get(key, ())
            if not stated or len(stated) > MAX_RESEMBLANCE_FACTS:
                continue
            score += max(sum(1 for slot, arg in zip(slots, args, strict=False) if env.get(slot) == arg)
                         for args in stated)
        return score

    def _unnamed(self, combo: tuple[str, ...]) -> int:
        """How many of the parties the step names (``regarding Bella``) a candidate leaves out."""
        return sum(1 for party in self.prefer if party not in combo)


def _merged(pairs: list[tuple[str, str]], env: dict[str, str]) -> int:
    """How many distinguished pairs of slots a binding fills with the same party."""
    return sum(1 for a, b in pairs if a in env and env.get(a) == env.get(b))


#: A "such that" clause longer than this names its first condition and counts the rest.
SUCH_THAT_WIDTH = 160


def _such_that(body: m.Expr, env: dict[str, str]) -> str:
    """What a ``some`` asks for, as a complete sentence (never cut inside a phrase)."""
    whole = filled_text(body, env)
    if len(whole) <= SUCH_THAT_WIDTH:
        return whole
    from statute.evaluate import _conjuncts

    parts = _conjuncts(body)
    first = filled_text(parts[0], env)
    rest = len(parts) - 1
    return first if not rest else f"{first} (and {rest} more condition{'s' if rest > 1 else ''})"


def _holds(status: Status) -> bool | None:
    """Whether an outcome with this status holds: the party is under it, commits it, faces it or has it
    (None: undetermined)."""
    if status is Status.UNDETERMINED:
        return None
    return status in UNDER or status in (Status.COMMITTED, Status.FOLLOWS, Status.GRANTED)


def deadline_text(deadline: Any) -> str:
    """A calendar deadline in words: when it began, its last day, when (if) the act was done, the day of the case."""
    began = f"it runs from {calendar.spoken(deadline.start)}, last day {calendar.spoken(deadline.last_day)}"
    if deadline.done is not None:
        when = "in time" if deadline.done <= deadline.last_day else "too late"
        return f"{began}; done on {calendar.spoken(deadline.done)}, {when}"
    if deadline.as_at <= deadline.last_day:
        left = calendar.days_between(deadline.as_at, deadline.last_day)
        return f"{began}; not done by {calendar.spoken(deadline.as_at)}, with {left} day{'s' * (left != 1)} left"
    return f"{began}; not done by {calendar.spoken(deadline.as_at)}, so the deadline has passed"
def _all_hold(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _any_holds(values: list[bool | None]) -> bool | None:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def fact_note(run: Any, key: str, args: tuple[str, ...]) -> tuple[bool | None, str]:
    """What the case says of a fact, and the note an explanation shows: where it is stated, or the
    assumption it rests on ("assumed: not stated" in a closed world, for a fact never stated)."""
    case = run.case
    fact = case.where(key, args)
    where = f" (line {fact.line})" if fact is not None and fact.line else ""
    if fact is not None:
        if fact.truth is True:
            return True, f"stated in the case{where}"
        if fact.truth is False:
            return False, f"stated not to hold{where}"
        return None, f"stated to be unknown{where}"
    answers = getattr(run, "answers", None)
    if answers and (key, args) in answers:
        value = answers[(key, args)]
        return value, "if so" if value else "if not"
    if not getattr(run, "three_valued", False) or run.closed:
        return False, "assumed: not stated (closed world)"
    if len(set(args)) < len(args):
        return False, "assumed: not stated (it relates a party to itself)"
    return None, "unknown: not stated"


def number_note(run: Any, key: str, args: tuple[str, ...], text: str) -> str:
    """Why a comparison with a number the case does not give has the value it has."""
    fact = run.case.where(key, args)
    if fact is not None and fact.truth is None:
        return f"{text} is unknown" + (f" (line {fact.line})" if fact.line else "")
    if not getattr(run, "three_valued", False) or run.closed:
        return f"{text} is not stated, so the comparison fails — assumed: not stated (closed world)"
    return f"{text} is unknown: not stated"


def _burden(defence: m.Defence, env: dict[str, str], offence: Rule) -> str:
    """'proved by Acme (a legal burden, on the balance of probabilities)' for a defence that holds."""
    slot = defence.proved_by or offence.subject
    who = env.get(slot, "the accused") if slot else "the accused"
    if defence.burden is m.Burden.EVIDENTIAL:
        return f"raised by {who} (an evidential burden: the prosecution must disprove it beyond reasonable doubt)"
    return f"proved by {who} (a legal burden, {defence.standard or m.BALANCE_OF_PROBABILITIES})"


def _called(provision: m.Provision) -> str:
    """How a provision is named in a sentence: its name, else 'the <kind> <id>'."""
    return provision.name or f"the {provision.kind} {provision.id}"


def _first_failure(reason: Reason) -> str | None:
    """The first stated fact or comparison that made a condition fail, as a short note."""
    if reason.holds:
        return None
    if reason.kind == "some":  # the nearest miss (tried first: see _some) and why it misses
        if not reason.children:
            return reason.text
        miss = reason.children[0]
        found = _first_failure(miss.children[0]) if miss.children else None
        if not found:
            return reason.text
        binding = miss.text.removeprefix("not for ")
        return f"{reason.text.split(' such that ')[0]} (the nearest miss, {binding}: {found})"
    for child in reason.children:
        if not child.holds:
            found = _first_failure(child)
            if found:
                return found
    if reason.kind in ("fact", "comparison"):
        return f"{reason.text} — {reason.note}" if reason.note else reason.text
    if reason.kind == "not" and reason.children:
        return f"{reason.children[0].text} holds"
    return reason.text


def _positive(provision: m.Provision, status: Status) -> str:
    if status is Status.NOT_IN_FORCE:
        return {m.Kind.OFFENCE: "would commit", m.Kind.CONSEQUENCE: "would face",
                m.Kind.PERMISSION: "would have"}.get(provision.kind, "would be under")
    if provision.kind is m.Kind.OFFENCE:
        return "commits" if status is Status.COMMITTED else "is not guilty of"
    if provision.kind is m.Kind.CONSEQUENCE:
        return "faces" if status is Status.FOLLOWS else "does not face"
    if provision.kind is m.Kind.PERMISSION:  # granted, or in conflict: it applies either way
        return "does not have" if status in (Status.EXCUSED, Status.DOES_NOT_APPLY) else "has"
    if status is Status.EXCUSED:
        return "is excused from"
    return "is under"


#: A status under which each kind of provision applies, for "no one in the case <verb> it".
_APPLIES = {m.Kind.OFFENCE: Status.COMMITTED, m.Kind.CONSEQUENCE: Status.FOLLOWS, m.Kind.PERMISSION: Status.GRANTED,
            m.Kind.DUTY: Status.COMPLIED, m.Kind.PROHIBITION: Status.COMPLIED}


def _negative(provision: m.Provision) -> str:
    return {m.Kind.OFFENCE: "does not commit", m.Kind.CONSEQUENCE: "does not face",
            m.Kind.PERMISSION: "does not have"}.get(provision.kind, "is not under")


def _negated(relation: m.Relation) -> str:
    return {m.Relation.UNDER: "is not under", m.Relation.BREACHES: "does not breach",
            m.Relation.COMPLIES: "does not comply with", m.Relation.EXCUSED: "is not excused from",
            m.Relation.COMMITS: "does not commit", m.Relation.FACES: "does not face"}[relation]


def explain_provision(run: Run, provision_id: str, party: str | None, slots: dict[str, str],
                      prefer: tuple[str, ...] = ()) -> Reason:
    """Why a provision has its status for a party; ``prefer`` names parties the question is about
    (a step's ``regarding Bella``), whose bindings are explained first when none applies."""
    return _Explainer(run, prefer).provision(provision_id, party, slots)


def explain_phrase(run: Run, phrase: m.Phrase, env: dict[str, str]) -> Reason:
    """Why a phrase holds or not for these parties: stated, defined or presumed."""
    return _Explainer(run)._phrase(phrase, env)


def explain_outcome(run: Run, provision_id: str, binding: tuple[tuple[str, str], ...]) -> Reason:
    rule = run.ev.rules[provision_id]
    env = dict(binding)
    if rule.kind in (m.Kind.EXCEPTION, m.Kind.AGGRAVATING_FACTOR, m.Kind.DEFENCE, m.Kind.PRESUMPTION):
        return _Explainer(run)._attached(rule, None, env)
    assert binding_of(env, rule.scope) == binding
    return _Explainer(run).binding(rule, env)


# ── rendering ─────────────────────────────────────────────────────────────────


def render_text(reason: Reason, quote_width: int = 240, quotes: bool = True) -> str:
    """Indented text: a mark (✓ holds, ✗ fails), the sentence, the provision cited and (with
    ``quotes``) quoted with its source."""
    lines: list[str] = []

    def emit(node: Reason, depth: int) -> None:
        pad = "  " * depth
        mark = "✓" if node.holds else "?" if node.holds is None else "✗"
        ref = node.provision
        cite = f"  [{ref['kind']} {ref['id']} · {ref['citation']}]" if ref else ""
        note = f" — {node.note}" if node.note and node.kind in ("fact", "comparison", "some", "action",
                                                                "exception", "outcome") else ""
        lines.append(_one_line(f"{pad}{mark} {node.text}{note}{cite}"))
        quoted = ("outcome", "provision", "priority", "aggravation") + (("exception",) if node.holds else ())
        if not quotes:
            pass
        elif ref and ref.get("quote") and node.kind in quoted:
            quote = " ".join(str(ref["quote"]).split())
            if len(quote) > quote_width:
                quote = quote[: quote_width - 1] + "…"
            lines.append(f"{pad}    “{quote}”")
        if quotes and ref and node.kind == "outcome" and ref.get("source"):
            confidence = f" [{ref['confidence']}]" if ref.get("confidence") else ""
            lines.append(_one_line(f"{pad}    source: {ref['source']}{confidence}"))
        for child in node.children:
            emit(child, depth + 1)

    emit(reason, 0)
    return "\n".join(lines)


def _one_line(text: str) -> str:
    """A line of the tree: a line break inside a title or a source (``\\n`` in a statute string) would
    start a line that belongs to no node, so it is shown as a space (the JSON keeps it)."""
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def to_json(reason: Reason) -> dict[str, Any]:
    return {"schema": SCHEMA, "explanation": reason.to_json()}
