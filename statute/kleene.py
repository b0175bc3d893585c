"""Three-valued evaluation: a fact the case does not settle is unknown, and so may be an outcome.

The fast evaluator (:mod:`statute.evaluate`) is two-valued: it is used for a closed-world case
that says nothing is unknown, where every fact is either stated (true) or not (false). Every
other case is evaluated here, in strong Kleene logic over ``True``, ``False`` and ``None``
(unknown):

* ``and`` is false if any part is false, else unknown if any part is unknown; ``or`` is the
  dual; ``not`` keeps unknown; ``some {x}`` is the ``or`` over the case's parties;
* a comparison with a number the case leaves unknown is unknown (in a closed world, a
  number not stated still fails every comparison, as in the fast evaluator);
* a fact not stated is unknown in an open world and false in a closed one — except a fact
  that names the same party in two slots ("Vic tells Vic …"), which is false unless stated:
  the Acts' phrases relate different people, and without this every pair of parties would
  be an open question;
* a provision's status under a binding is the set of statuses it could have. One status
  is the outcome; several make it *undetermined*. An exception that might apply makes its
  target undetermined (between excused and the rest), never silently applied or ignored;
  the same holds for priority, conflicts, the action done, a deadline's measure,
  aggravating factors and every status test a condition makes;
* recursive definitions (positive cycles only) are a least fixed point in the truth order
  false < unknown < true.

On a case where nothing is unknown this gives exactly the fast evaluator's outcomes (a property
test checks it); it enumerates bindings without the fast evaluator's pruning, which is only
sound when what is not stated is false.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import product
from typing import TYPE_CHECKING, Any

from statute import model as m
from statute.case import Case
from statute.outcomes import Assessment, Conflict, Outcome, Status, binding_of
from statute.render import filled_text

if TYPE_CHECKING:
    from statute.evaluate import Evaluator, Rule

Truth = bool | None
Env = dict[str, str]
Cond3 = Callable[["OpenRun", Env], Truth]
#: An atom a case can answer: a phrase key and its arguments (a fact or a number).
Atom = tuple[str, tuple[str, ...]]

_OPS: dict[m.Comparator, Callable[[float, float], bool]] = {
    m.Comparator.EQ: operator.eq, m.Comparator.NE: operator.ne, m.Comparator.GE: operator.ge,
    m.Comparator.LE: operator.le, m.Comparator.LT: operator.lt, m.Comparator.GT: operator.gt,
}
_MISSING = object()  # a number not stated in a closed world: every comparison with it fails
_RANK = {False: 0, None: 1, True: 2}


def and3(values: Iterable[Truth]) -> Truth:
    out: Truth = True
    for value in values:
        if value is False:
            return False
        if value is None:
            out = None
    return out


def or3(values: Iterable[Truth]) -> Truth:
    out: Truth = False
    for value in values:
        if value is True:
            return True
        if value is None:
            out = None
    return out


def not3(value: Truth) -> Truth:
    return None if value is None else not value


def status_truth(possible: frozenset[Status], wanted: frozenset[Status]) -> Truth:
    """Whether an outcome with these possible statuses has a wanted one: surely, surely not, or unknown."""
    if possible <= wanted:
        return True
    if possible.isdisjoint(wanted):
        return False
    return None


@dataclass
class OpenRule:
    """A provision's conditions compiled to three-valued closures."""

    condition: Cond3 | None
    levels: list[Cond3 | None] = field(default_factory=list)
    action: Cond3 | None = None


class OpenCompiler:
    """Compiles an Act's conditions to three-valued closures; built once per evaluator."""

    def __init__(self, ev: Evaluator) -> None:
        from statute.evaluate import _conjuncts

        self.ev = ev
        self.rules: dict[str, OpenRule] = {}
        for rule in ev.rules.values():
            provision = rule.provision
            position = {slot: index for index, slot in enumerate(rule.scope)}
            levels: list[list[Cond3]] = [[] for _ in rule.scope]
            pre: list[Cond3] = []
            for conjunct in _conjuncts(provision.condition):
                free = [s for s in m.free_variables(conjunct) if s in position]
                (levels[max(position[s] for s in free)] if free else pre).append(self.compile(conjunct))
            if levels:
                levels[0] = pre + levels[0]
            open_rule = OpenRule(self.compile(provision.condition) if provision.condition is not None else None,
                                 [_all(tests) for tests in levels])
            if isinstance(provision, m.Deontic):
                open_rule.action = self.compile(provision.action)
            self.rules[rule.id] = open_rule

    def _presumption(self, pid: str) -> tuple[tuple[str, ...], Cond3, Cond3 | None]:
        """A presumption's slots, basis and rebuttal, compiled apart: a rebuttal shown is the contrary shown."""
        presumption = self.ev.rules[pid].provision
        assert isinstance(presumption, m.Presumption)
        rebuttal = self.compile(presumption.rebuttal) if presumption.rebuttal is not None else None
        return presumption.head.slots, self.compile(presumption.basis), rebuttal

    def compile(self, expr: m.Expr) -> Cond3:
        if isinstance(expr, m.Phrase):
            key, slots = expr.key, expr.slots
            definition = self.ev.definition_ids.get(key)
            if definition is not None:
                return lambda run, env: run.definition(definition, tuple([env[s] for s in slots]))
            presumptions = self.ev.presumed.get(key)
            if presumptions:
                compiled = tuple(self._presumption(pid) for pid in presumptions)
                return lambda run, env: run.presumed(key, tuple([env[s] for s in slots]), compiled)
            return lambda run, env: run.fact(key, tuple([env[s] for s in slots]))
        if isinstance(expr, m.Comparison):
            return self._comparison(expr)
        if isinstance(expr, m.StatusTest):
            from statute.outcomes import WANTED

            wanted, target, var, regarding, by = (WANTED[expr.relation], expr.provision, expr.party,
                                                  expr.regarding, expr.by)
            return lambda run, env: run.has_status(target, env[var], wanted,
                                                   tuple((s, env[s]) for s in regarding), by)
        if isinstance(expr, m.Not):
            inner = self.compile(expr.operand)
            return lambda run, env: not3(inner(run, env))
        if isinstance(expr, m.All):
            parts = [self.compile(o) for o in expr.operands]
            return lambda run, env: and3(part(run, env) for part in parts)
        if isinstance(expr, m.AnyOf):
            parts = [self.compile(o) for o in expr.operands]
            return lambda run, env: or3(part(run, env) for part in parts)
        if isinstance(expr, m.Some):
            body = self.compile(expr.body)
            names = expr.variables

            def exists(run: OpenRun, env: Env) -> Truth:
                saved = {n: env[n] for n in names if n in env}
                pools = [run.parties] * len(names)
                combinations = len(run.parties) ** len(names)
                run.spend(combinations)
                out: Truth = False
                try:
                    for combo in product(*pools):
                        env.update(zip(names, combo, strict=True))
                        value = body(run, env)
                        if value is True:
                            return True
                        if value is None:
                            out = None
                    return out
                finally:
                    for n in names:
                        env.pop(n, None)
                    env.update(saved)

            return exists
        raise TypeError(f"not a condition: {expr!r}")

    def _comparison(self, comparison: m.Comparison) -> Cond3:
        compare = _OPS[comparison.op]
        left = comparison.left
        right = comparison.right

        def value_of(run: OpenRun, phrase: m.Phrase, env: Env) -> Any:
            return run.number(phrase.key, tuple([env[s] for s in phrase.slots]))

        if isinstance(right, m.Number):
            limit = right.value

            def against_number(run: OpenRun, env: Env) -> Truth:
                found = value_of(run, left, env)
                if found is None:
                    return None
                return False if found is _MISSING else compare(found, limit)

            return against_number

        def against_phrase(run: OpenRun, env: Env) -> Truth:
            first, second = value_of(run, left, env), value_of(run, right, env)
            if first is _MISSING or second is _MISSING:
                return False
            if first is None or second is None:
                return None
            return compare(first, second)

        return against_phrase


def _all(tests: list[Cond3]) -> Cond3 | None:
    if not tests:
        return None
    if len(tests) == 1:
        return tests[0]
    return lambda run, env: and3(test(run, env) for test in tests)


def open_compiler(ev: Evaluator) -> OpenCompiler:
    found = ev.__dict__.get("_open")
    if found is None:
        found = ev.__dict__["_open"] = OpenCompiler(ev)
    return found


class OpenRun:
    """One three-valued evaluation: the case, its world assumption and memo tables.

    It answers the questions the explainer asks of a :class:`~statute.evaluate.Run`
    (bindings, statuses, definitions, defeaters), three-valued.
    """

    three_valued = True

    def __init__(self, ev: Evaluator, case: Case, closed: bool, answers: dict[Atom, Any] | None = None) -> None:
        self.ev = ev
        self.compiler = open_compiler(ev)
        self.case = case
        self.closed = closed
        self.facts = case.facts
        self.numbers = case.numbers
        self.parties = case.parties
        #: hypothetical answers (the "what decides it" search): an atom's truth or number
        self.answers = answers or {}
        self.touched: set[Atom] = set()
        self.assumed: set[Atom] = set()  # closed world: facts read as false because not stated
        self.steps = 0
        self.definitions: dict[tuple[str, tuple[str, ...]], Truth] = {}
        self.applies_memo: dict[tuple[str, tuple[str, ...]], Truth] = {}
        self.applicable: dict[tuple[str, str | None], list[Env]] = {}
        self.defeat: dict[tuple[str, tuple[str, ...]], Truth] = {}
        self.effective: dict[tuple[str, tuple[str, ...]], Truth] = {}
        self.possibles: dict[tuple[str, tuple[str, ...]], tuple[frozenset[Status], tuple[str, ...]]] = {}
        self.has: dict[tuple[Any, ...], Truth] = {}
        self.exception_log: dict[tuple[str, tuple[tuple[str, str], ...]], Status] = {}
        self.solving: set[tuple[str, ...]] = set()
        self.solved: set[tuple[str, ...]] = set()

    def compile(self, expr: m.Expr) -> Cond3:
        return self.compiler.compile(expr)

    def condition_of(self, rule_id: str) -> Cond3 | None:
        return self.compiler.rules[rule_id].condition

    def live_index(self, rule_id: str) -> dict[tuple[str, tuple[Any, ...]], list[Env]]:
        """Bindings of a deontic rule that apply, or might, undefeated or perhaps so, by (holder, act)."""
        rule = self.ev.rules[rule_id]
        assert rule.action_key is not None and rule.subject is not None
        index: dict[tuple[str, tuple[Any, ...]], list[Env]] = {}
        for env in self.bindings(rule):
            if self.defeated(rule, env) is not True:
                index.setdefault((env[rule.subject], rule.action_key(env)), []).append(env)
        return index

    def spend(self, steps: int) -> None:
        from statute.evaluate import MAX_STEPS, EvaluationTooLarge

        self.steps += steps
        if self.steps > MAX_STEPS:
            raise EvaluationTooLarge(
                f"evaluation stopped after {MAX_STEPS:,} binding tests: the case has {len(self.parties)} parties "
                "and some provisions have several slots (cost grows as parties^slots; an open world cannot "
                "rule parties out by what is stated)")

    # facts --------------------------------------------------------------------
    def fact(self, key: str, args: tuple[str, ...]) -> Truth:
        atom = (key, args)
        if atom in self.answers:
            return self.answers[atom]
        case = self.case
        found = case.facts.get(key)
        if found is not None and args in found:
            return True
        if args in case.denied.get(key, ()):
            return False
        if args in case.unknown.get(key, ()):
            self.touched.add(atom)
            return None
        if self.closed or len(set(args)) < len(args):
            self.assumed.add(atom)
            return False
        self.touched.add(atom)
        return None

    def presumed(self, key: str, args: tuple[str, ...],
                 presumptions: tuple[tuple[tuple[str, ...], Cond3, Cond3 | None], ...]) -> Truth:
        """A fact a presumption may supply. As stated (or denied) when the case says so; else, where a
        presumption's basis holds, true unless the contrary is shown (its rebuttal) — false when it is
        shown, undetermined only while the rebuttal is; where no basis holds, as the world says."""
        stated = self.fact(key, args)
        if stated is True or args in self.case.denied.get(key, ()):
            return stated
        found: list[Truth] = []
        for slots, basis, rebuttal in presumptions:
            env = dict(zip(slots, args, strict=True))
            rests = basis(self, env)
            if rests is False:
                continue
            shown = rebuttal(self, env) if rebuttal is not None else False
            found.append(None if rests is None or shown is None else not shown)
        if True in found:
            return True
        if False in found:
            return False  # the contrary is shown
        return None if None in found else stated

    def number(self, key: str, args: tuple[str, ...]) -> Any:
        """A stated number; None when unknown; ``_MISSING`` when not stated in a closed world."""
        atom = (key, args)
        if atom in self.answers:
            return self.answers[atom]
        found = self.case.numbers.get(key)
        if found is not None and args in found:
            return found[args]
        if self.closed and args not in self.case.unknown.get(key, ()):
            self.assumed.add(atom)
            return _MISSING
        self.touched.add(atom)
        return None

    # definitions --------------------------------------------------------------
    def definition(self, did: str, args: tuple[str, ...]) -> Truth:
        key = (did, args)
        if key in self.definitions:
            return self.definitions[key]
        component = self.ev.recursive.get(did)
        if component is not None:
            self._solve(component)
            return self.definitions.get(key, False)
        rule = self.ev.rules[did]
        condition = self.compiler.rules[did].condition
        if condition is None:
            value: Truth = False
        else:
            env = dict(zip(rule.scope, args, strict=True))
            value = self._unless_defeated(condition(self, env), rule, env)
        self.definitions[key] = value
        return value

    def _solve(self, component: tuple[str, ...]) -> None:
        """Least fixed point in the truth order false < unknown < true, by naive iteration."""
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
                condition = self.compiler.rules[rule.id].condition
                for args in product(self.parties, repeat=len(rule.scope)):
                    old = self.definitions[(rule.id, args)]
                    if old is True or condition is None:
                        continue
                    env = dict(zip(rule.scope, args, strict=True))
                    new = self._unless_defeated(condition(self, env), rule, env)
                    if _RANK[new] > _RANK[old]:
                        self.definitions[(rule.id, args)] = new
                        changed = True

    # bindings -----------------------------------------------------------------
    def applies(self, rule: Rule, env: Env) -> Truth:
        key = (rule.id, tuple([env[s] for s in rule.scope]))
        if key in self.applies_memo:
            return self.applies_memo[key]
        condition = self.compiler.rules[rule.id].condition
        value = True if condition is None else condition(self, dict(env))
        self.applies_memo[key] = value
        return value

    def bindings(self, rule: Rule, subject: str | None = None) -> list[Env]:
        """Every binding of the rule's slots under which its condition holds or might."""
        memo_key = (rule.id, subject)
        found = self.applicable.get(memo_key)
        if found is not None:
            return found
        out: list[Env] = []
        scope = rule.scope
        levels = self.compiler.rules[rule.id].levels
        if not scope:
            if self.applies(rule, {}) is not False:
                out.append({})
            self.applicable[memo_key] = out
            return out
        env: Env = {}
        last = len(scope) - 1

        def extend(index: int) -> None:
            candidates = (subject,) if index == 0 and subject is not None else self.parties
            self.spend(len(candidates))
            test = levels[index]
            for party in candidates:
                env[scope[index]] = party
                if test is None or test(self, env) is not False:
                    if index == last:
                        if self.applies(rule, env) is not False:
                            out.append(env.copy())
                    else:
                        extend(index + 1)
            env.pop(scope[index], None)

        extend(0)
        self.applicable[memo_key] = out
        return out

    # exceptions ---------------------------------------------------------------
    def exception_holds(self, eid: str, env: Env) -> Truth:
        """An exception applies and is not defeated in turn (three-valued), logged for the outcomes."""
        exception = self.ev.rules[eid]
        key = (eid, tuple([env[s] for s in exception.scope]))
        if key in self.effective:
            return self.effective[key]
        condition = self.compiler.rules[eid].condition
        holds = False if condition is None else condition(self, dict(env))
        value: Truth = False
        if holds is not False:
            beaten = self.defeated(exception, env)
            value = and3((holds, not3(beaten)))
            status = (Status.APPLIES if value is True else Status.DEFEATED if holds is True and beaten is True
                      else Status.UNDETERMINED)
            self.exception_log[(eid, binding_of(env, exception.scope))] = status
        self.effective[key] = value
        return value

    def defeated(self, rule: Rule, env: Env) -> Truth:
        if not rule.exceptions:
            return False
        key = (rule.id, tuple([env[s] for s in rule.scope]))
        if key in self.defeat:
            return self.defeat[key]
        value = or3([self.exception_holds(eid, env) for eid in rule.exceptions])
        self.defeat[key] = value
        return value

    def defeaters(self, rule: Rule, env: Env) -> tuple[str, ...]:
        """The exceptions that surely defeat a rule under a binding (as the fast evaluator's)."""
        return tuple(eid for eid in rule.exceptions if self.exception_holds(eid, env) is True)

    def might_defeat(self, rule: Rule, env: Env) -> tuple[str, ...]:
        return tuple(eid for eid in rule.exceptions if self.exception_holds(eid, env) is not False)

    # statuses -----------------------------------------------------------------
    def live(self, other_id: str, holder: str, action: tuple[Any, ...]) -> Truth:
        """Whether another deontic rule surely / possibly applies, undefeated, to the same holder and act."""
        rule = self.ev.rules[other_id]
        assert rule.action_key is not None and rule.subject is not None
        values = []
        for env in self.bindings(rule, holder):
            if rule.action_key(env) == action:
                values.append(self._unless_defeated(self.applies(rule, env), rule, env))
        return or3(values)

    def possible(self, rule: Rule, env: Env) -> tuple[frozenset[Status], tuple[str, ...]]:
        """The statuses a rule could have under a binding (does not apply among them when it might not),
        and the provisions that excuse, defeat or conflict (surely, or possibly when undetermined)."""
        key = (rule.id, tuple([env[s] for s in rule.scope]))
        found = self.possibles.get(key)
        if found is not None:
            return found
        statuses: set[Status] = set()
        because: list[str] = []
        applies = self.applies(rule, env)
        result: tuple[frozenset[Status], tuple[str, ...]]
        if applies is False:
            result = (frozenset({Status.DOES_NOT_APPLY}), ())
            self.possibles[key] = result
            return result
        if applies is None:
            statuses.add(Status.DOES_NOT_APPLY)
        defeated = self.defeated(rule, env)
        kind = rule.kind
        if defeated is not False:
            statuses.add(Status.DEFEATED if kind in (m.Kind.OFFENCE, m.Kind.CONSEQUENCE) else Status.EXCUSED)
            because.extend(self.defeaters(rule, env) if defeated is True else self.might_defeat(rule, env))
        if defeated is not True:
            if kind is m.Kind.OFFENCE:
                statuses.add(Status.COMMITTED)
            elif kind is m.Kind.CONSEQUENCE:
                statuses.add(Status.FOLLOWS)
            elif isinstance(rule.provision, m.Deontic):
                more, why = self._deontic(rule, env)
                statuses |= more
                because.extend(why)
        result = (frozenset(statuses), tuple(dict.fromkeys(because)))
        self.possibles[key] = result
        return result

    def _deontic(self, rule: Rule, env: Env) -> tuple[set[Status], list[str]]:
        provision = rule.provision
        assert isinstance(provision, m.Deontic)
        statuses: set[Status] = set()
        yields: list[tuple[str, Truth]] = []
        conflicts: list[tuple[str, Truth]] = []
        if rule.opponents:
            assert rule.action_key is not None and rule.subject is not None
            holder, action = env[rule.subject], rule.action_key(env)
            for other_id, relation in rule.opponents:
                value = self.live(other_id, holder, action)
                if value is not False:
                    (yields if relation == "yields" else conflicts).append((other_id, value))
        yielded = or3(v for _, v in yields)
        if yielded is not False:
            statuses.add(Status.EXCUSED)
            if yielded is True:
                return statuses, [o for o, v in yields if v is True]
        conflicted = or3(v for _, v in conflicts)
        if conflicted is not False:
            statuses.add(Status.CONFLICT)
            if conflicted is True:
                return statuses, [o for o, _ in yields] + [o for o, v in conflicts if v is True]
        why = [o for o, _ in yields] + [o for o, _ in conflicts]
        if provision.modality in (m.Modality.MAY, m.Modality.NEED_NOT):
            statuses.add(Status.GRANTED)
            return statuses, why
        act = self.compiler.rules[rule.id].action
        assert act is not None
        done = act(self, dict(env))
        if provision.modality is m.Modality.MUST_NOT:
            if done is not False:
                statuses.add(Status.BREACHED)
            if done is not True:
                statuses.add(Status.COMPLIED)
            return statuses, why
        if done is not True:
            statuses.add(Status.BREACHED)
        if done is not False:
            late: Truth = False
            if rule.measure is not None and rule.limit is not None:
                key, slots = rule.measure
                taken = self.number(key, tuple(env[s] for s in slots))
                late = None if taken is None else False if taken is _MISSING else taken > rule.limit
            if late is not False:
                statuses.add(Status.LATE)
                why.append("late")
            if late is not True:
                statuses.add(Status.COMPLIED)
        return statuses, why

    def status_of(self, rule: Rule, env: Env) -> tuple[Status, tuple[str, ...]]:
        statuses, because = self.possible(rule, env)
        if len(statuses) == 1:
            return next(iter(statuses)), because
        return Status.UNDETERMINED, because

    def has_status(self, rule_id: str, party: str, wanted: frozenset[Status],
                   regarding: tuple[tuple[str, str], ...] = (), by: str | None = None) -> Truth:
        key = (rule_id, party, wanted, regarding, by)
        if key in self.has:
            return self.has[key]
        self.has[key] = False  # a status test inside its own provision's condition (checked against)
        rule = self.ev.rules[rule_id]
        values: list[Truth] = []
        for env in self.bindings(rule, party):
            if regarding and not all(env.get(slot) == other for slot, other in regarding):
                continue
            if by is None:
                values.append(status_truth(self.possible(rule, env)[0], wanted))
            else:
                values.append(self._excused_by(rule, env, by))
            if values[-1] is True:
                break
        value = or3(values)
        self.has[key] = value
        return value

    def _excused_by(self, rule: Rule, env: Env, by: str) -> Truth:
        """Whether a rule is excused under a binding by one provision: an exception to it that holds,
        or a rule it yields to that applies (when no exception already excuses it)."""
        applies = self.applies(rule, env)
        by_exception: Truth = self.exception_holds(by, env) if by in rule.exceptions else False
        by_priority: Truth = False
        if any(other == by and relation == "yields" for other, relation in rule.opponents):
            assert rule.action_key is not None and rule.subject is not None
            by_priority = and3((not3(self.defeated(rule, env)),
                                self.live(by, env[rule.subject], rule.action_key(env))))
        return and3((applies, or3((by_exception, by_priority))))

    def factors_attaching(self, offence: Rule, env: Env) -> tuple[str, ...]:
        return tuple(fid for fid in offence.factors if self.factor(fid, env) is True)

    def factor(self, fid: str, env: Env) -> Truth:
        factor = self.ev.rules[fid]
        condition = self.compiler.rules[fid].condition
        holds = False if condition is None else condition(self, dict(env))
        return self._unless_defeated(holds, factor, env)

    def _unless_defeated(self, holds: Truth, rule: Rule, env: Env) -> Truth:
        """A condition's value, and the rule not defeated — its exceptions only asked when it may hold
        (as the fast evaluator asks them: they are logged as outcomes)."""
        if holds is False:
            return False
        return and3((holds, not3(self.defeated(rule, env))))


def evaluate_open(ev: Evaluator, case: Case, closed: bool) -> Assessment:
    """Every outcome of a case in three values: determined outcomes as the fast evaluator gives them,
    and undetermined ones with the statuses they could have."""
    from statute.evaluate import MAX_OUTCOMES, EvaluationTooLarge

    run = OpenRun(ev, case, closed)
    outcomes: list[Outcome] = []
    conflicts: list[Conflict] = []
    conflicting: set[tuple[tuple[str, ...], str, Any]] = set()
    for rule in ev.top_rules:
        pid, kind = rule.id, rule.kind
        offence_penalties = rule.provision.penalties if isinstance(rule.provision, m.Offence) else ()
        for env in run.bindings(rule):
            statuses, because = run.possible(rule, env)
            status = next(iter(statuses)) if len(statuses) == 1 else Status.UNDETERMINED
            party = env.get(rule.subject) if rule.subject else None
            binding = binding_of(env, rule.scope)
            aggravated: tuple[str, ...] = ()
            if Status.COMMITTED in statuses and rule.factors:
                for fid in rule.factors:
                    attaches = and3((status_truth(statuses, frozenset({Status.COMMITTED})), run.factor(fid, env)))
                    if attaches is True:
                        aggravated += (fid,)
                        outcomes.append(Outcome(fid, m.Kind.AGGRAVATING_FACTOR, Status.ATTACHES, binding, party,
                                                (pid,)))
                    elif attaches is None:
                        outcomes.append(Outcome(fid, m.Kind.AGGRAVATING_FACTOR, Status.UNDETERMINED, binding, party,
                                                (pid,), possible=(Status.ATTACHES, Status.DOES_NOT_APPLY)))
            possible = tuple(sorted(statuses, key=_ORDER.index)) if status is Status.UNDETERMINED else ()
            penalties = offence_penalties if Status.COMMITTED in statuses else ()
            if penalties and rule.penalty_tests:  # for some offenders only: kept unless it surely does not apply
                penalties = tuple(p for p in penalties if p.offender is None
                                  or run.compile(p.offender)(run, dict(env)) is not False)
            outcomes.append(Outcome(pid, kind, status, binding, party, because, aggravated, penalties, possible))
            if len(outcomes) > MAX_OUTCOMES:
                raise EvaluationTooLarge(
                    f"evaluation stopped at {MAX_OUTCOMES:,} outcomes: {pid} applies to {len(case.parties)} "
                    "parties in too many combinations (cost grows as parties^slots)")
            if status is Status.CONFLICT and party is not None:
                assert isinstance(rule.provision, m.Deontic) and rule.action_key is not None
                act_done = rule.action_key(env)
                for other in because:
                    pair = tuple(sorted((pid, other)))
                    if (pair, party, act_done) not in conflicting:
                        conflicting.add((pair, party, act_done))
                        conflicts.append(Conflict(pair[0], pair[1], party, filled_text(rule.provision.action, env)))
    for (eid, binding), status in run.exception_log.items():
        rule = ev.rules[eid]
        outcomes.append(Outcome(eid, m.Kind.EXCEPTION, status, binding, None,
                                rule.provision.targets if isinstance(rule.provision, m.Exception_) else (),
                                possible=(Status.APPLIES, Status.DOES_NOT_APPLY, Status.DEFEATED)
                                if status is Status.UNDETERMINED else ()))
    if run.exception_log:
        index = ev.index
        outcomes.sort(key=lambda o: (index[o.provision], o.status is not Status.ATTACHES))
    return Assessment(ev.act, case, outcomes, conflicts, run, closed_world=closed)  # type: ignore[arg-type]


#: The order possible statuses are listed in.
_ORDER = list(Status)
