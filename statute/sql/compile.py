"""Compile an Act into a relational plan: a list of named SELECTs, built as sqlglot ASTs.

The plan reads two domain relations and one relation per phrase template:

* ``cases(case_id)`` and ``parties(case_id, party)`` — every case, and every party a case names;
* ``fact_<i>(case_id, a0, …)`` for each fact template, ``number_<i>(case_id, a0, …, value)``
  for each number template (the :mod:`statute.sql.source` module defines them from a table).

Each definition becomes a relation of its head's slots; each condition a relation of its
free slots (``and`` a join, ``or`` a union, ``not`` an anti-join against the parties,
``some`` a projection), and every provision the evaluator reports on gets, in the
evaluator's dependency order, the relation of the bindings where it applies (``app``),
its undefeated exceptions (``live``), its status (``status``: exceptions, priority,
conflicts, deadlines) and finally one ``outcomes`` relation keyed by case and binding.

The semantics are the Python evaluator's (statute/evaluate.py), binding for binding: the
differential test (tests/test_sql_agreement.py) holds the two to identical outcomes. What
the plan cannot express it refuses with :class:`NotCompilable`, never with a wrong answer:
recursive definitions and exceptions to definitions. Cases are undated and closed-world:
what the evaluator does with dates (statute/timeline.py: facts dated later, deadlines by the
calendar, commencement) and with facts stated unknown or denied (open-world, three-valued
evaluation) has no counterpart here, and the batch layout states neither.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlglot import exp

from statute import model as m
from statute.evaluate import Evaluator, Rule, _key_function
from statute.outcomes import WANTED, Status
from statute.sql import ast as q

CASE = "case_id"
_OPS = {
    m.Comparator.EQ: exp.EQ, m.Comparator.NE: exp.NEQ, m.Comparator.GE: exp.GTE,
    m.Comparator.LE: exp.LTE, m.Comparator.LT: exp.LT, m.Comparator.GT: exp.GT,
}
#: Columns of the outcomes relation, in order.
OUTCOME_COLUMNS = ("case_id", "provision", "kind", "status", "party", "binding", "because", "aggravated_by",
                   "maximum_penalty")


class NotCompilable(Exception):
    """The Act uses something the SQL plan cannot express; the message names it and where."""


@dataclass(frozen=True)
class Plan:
    """An Act compiled to SQL: relations to define in order, then the outcomes query."""

    act: m.Act
    relations: tuple[tuple[str, exp.Select], ...]
    outcomes: exp.Select
    facts: dict[str, int] = field(default_factory=dict)  # fact template key → index
    numbers: dict[str, int] = field(default_factory=dict)  # number template key → index
    arity: dict[str, int] = field(default_factory=dict)  # template key → slots

    def sql(self, dialect: str = "duckdb") -> list[tuple[str, str]]:
        """(name, SELECT text) for each relation, then ("outcomes", …), in the dialect."""
        out = [(name, select.sql(dialect=dialect)) for name, select in self.relations]
        out.append(("outcomes", self.outcomes.sql(dialect=dialect)))
        return out


def fact_table(index: int) -> str:
    return f"fact_{index}"


def number_table(index: int) -> str:
    return f"number_{index}"


class _Rel:
    """A relation being built: a SELECT of ``case_id`` and one column per slot."""

    def __init__(self, select: exp.Select, slots: tuple[str, ...]) -> None:
        self.select = select
        self.slots = slots


class Compiler:
    def __init__(self, act: m.Act) -> None:
        self.act = act
        self.ev = Evaluator(act, prune=False)
        self.relations: list[tuple[str, exp.Select]] = []
        self.defined: set[str] = set()
        self.columns: dict[str, str] = {}
        self.aliases = 0
        self.facts: dict[str, int] = {}
        self.numbers: dict[str, int] = {}
        self.arity: dict[str, int] = {}
        for term in act.terms:
            if term.key in self.arity:
                continue
            self.arity[term.key] = len(term.slots)
            if term.kind is m.TermKind.NUMBER:
                self.numbers[term.key] = len(self.numbers)
            else:
                self.facts[term.key] = len(self.facts)
        self.definition_index = {d.id: i for i, d in enumerate(
            p for p in act.provisions if isinstance(p, m.Definition))}

    # ── names ────────────────────────────────────────────────────────────
    def var(self, slot: str) -> str:
        """The column of a slot: generated, so a slot's name never reaches SQL as a name."""
        found = self.columns.get(slot)
        if found is None:
            found = self.columns[slot] = f"v{len(self.columns)}"
        return found

    def fresh(self) -> str:
        self.aliases += 1
        return f"t{self.aliases}"

    def define(self, name: str, select: exp.Select) -> str:
        if name not in self.defined:
            self.defined.add(name)
            self.relations.append((name, select))
        return name

    # ── conditions ───────────────────────────────────────────────────────
    def positional(self, table: str, slots: tuple[str, ...], where: list[exp.Expression] | None = None,
                   value: bool = False) -> _Rel:
        """Rows of a positional relation (a0, a1, …) as a relation of the phrase's slots."""
        alias = self.fresh()
        first: dict[str, str] = {}
        conditions = list(where or [])
        for index, slot in enumerate(slots):
            position = f"a{index}"
            if slot in first:  # the same slot twice: the two places hold the same party
                conditions.append(q.eq(q.col(position, alias), q.col(first[slot], alias)))
            else:
                first[slot] = position
        columns: list[exp.Expression] = [q.alias(q.col(CASE, alias), CASE)]
        columns += [q.alias(q.col(position, alias), self.var(slot)) for slot, position in first.items()]
        if value:
            columns.append(q.alias(q.col("value", alias), "value"))
        select = exp.select(*columns).from_(q.table(table, alias))
        if conditions:
            select = select.where(q.and_all(conditions))
        return _Rel(select, tuple(first))

    def phrase_table(self, phrase: m.Phrase) -> str:
        definition = self.act.definitions_by_key.get(phrase.key)
        if definition is not None:
            return self.definition(definition)
        index = self.facts.get(phrase.key)
        if index is None:
            raise NotCompilable(f"{phrase.span}: '{phrase.text}' is not a fact phrase of the Act")
        return fact_table(index)

    def number_phrase(self, phrase: m.Phrase) -> str:
        index = self.numbers.get(phrase.key)
        if index is None:
            raise NotCompilable(f"{phrase.span}: '{phrase.text}' is not a number phrase of the Act")
        return number_table(index)

    def leaf(self, expr: m.Expr) -> _Rel:
        if isinstance(expr, m.Phrase):
            return self.positional(self.phrase_table(expr), expr.slots)
        if isinstance(expr, m.Comparison):
            return self.comparison(expr)
        assert isinstance(expr, m.StatusTest)
        return self.status_test(expr)

    def comparison(self, comparison: m.Comparison) -> _Rel:
        op = _OPS[comparison.op]
        left = self.positional(self.number_phrase(comparison.left), comparison.left.slots, value=True)
        right = comparison.right
        if isinstance(right, m.Number):
            outer = self.fresh()
            columns = [q.col(CASE, outer), *(q.col(self.var(s), outer) for s in left.slots)]
            select = exp.select(*columns).from_(q.sub(left.select, outer)).where(
                op(this=q.col("value", outer), expression=q.number(right.value)))
            return _Rel(select, left.slots)
        other = self.positional(self.number_phrase(right), right.slots, value=True)
        a, b = self.fresh(), self.fresh()
        on = [q.eq(q.col(CASE, a), q.col(CASE, b))]
        on += [q.eq(q.col(self.var(s), a), q.col(self.var(s), b)) for s in other.slots if s in left.slots]
        slots = left.slots + tuple(s for s in other.slots if s not in left.slots)
        columns = [q.col(CASE, a)] + [q.col(self.var(s), a if s in left.slots else b) for s in slots]
        select = exp.select(*columns).from_(q.sub(left.select, a)).join(
            q.sub(other.select, b), on=q.and_all(on)).where(
            op(this=q.col("value", a), expression=q.col("value", b)))
        return _Rel(select, slots)

    def status_test(self, test: m.StatusTest) -> _Rel:
        target = self.act.provisions_by_id.get(test.provision)
        if not isinstance(target, (m.Deontic, m.Offence, m.Consequence)):
            raise NotCompilable(f"{test.span}: a status test on '{test.provision}' (not a duty, prohibition, "
                                "permission, offence or consequence)")
        rule = self.ev.rules[target.id]
        name = self.status(rule)
        alias = self.fresh()
        conditions: list[exp.Expression] = [exp.In(this=q.col("status", alias),
                                                   expressions=[q.text(str(s)) for s in sorted(WANTED[test.relation])])]
        if test.by is not None:
            reasons = self.reasons(rule)
            if test.by not in reasons:
                conditions.append(exp.false())
            else:
                conditions.append(q.col(f"by_{reasons.index(test.by)}", alias))
        slots: list[str] = [test.party]
        columns: list[exp.Expression] = [q.alias(q.col(CASE, alias), CASE),
                                         q.alias(q.col(self.var(rule.scope[0]), alias), self.var(test.party))]
        for slot in test.regarding:
            if slot not in rule.scope:  # the evaluator finds no binding with that slot: never holds
                conditions.append(exp.false())
                continue
            if slot == test.party:
                conditions.append(q.eq(q.col(self.var(slot), alias), q.col(self.var(rule.scope[0]), alias)))
                continue
            slots.append(slot)
            columns.append(q.alias(q.col(self.var(slot), alias), self.var(slot)))
        select = exp.select(*columns).from_(q.table(name, alias)).where(q.and_all(conditions))
        return _Rel(select, tuple(slots))

    def conjunction(self, positives: list[_Rel], negatives: list[_Rel], want: tuple[str, ...]) -> exp.Select:
        """Join the positive relations on the case and shared slots, fill the slots none binds from the
        case's parties, and drop the rows a negative relation holds (an anti-join)."""
        select: exp.Select | None = None
        bound: dict[str, str] = {}
        base = ""
        for rel in positives:
            alias = self.fresh()
            if select is None:
                base = alias
                select = exp.select().from_(q.sub(rel.select, alias))
            else:
                on = [q.eq(q.col(CASE, alias), q.col(CASE, base))]
                on += [q.eq(q.col(self.var(s), alias), q.col(self.var(s), bound[s])) for s in rel.slots if s in bound]
                select = select.join(q.sub(rel.select, alias), on=q.and_all(on))
            for slot in rel.slots:
                bound.setdefault(slot, alias)
        if select is None:
            base = self.fresh()
            select = exp.select().from_(q.table("cases", base))
        needed = list(want) + [s for rel in negatives for s in rel.slots]
        for slot in needed:
            if slot not in bound:
                alias = self.fresh()
                select = select.join(q.table("parties", alias), on=q.eq(q.col(CASE, alias), q.col(CASE, base)))
                bound[slot] = "P" + alias  # filled from parties: its column is 'party'
        absent: list[exp.Expression] = []
        for rel in negatives:
            alias = self.fresh()
            on = [q.eq(q.col(CASE, alias), q.col(CASE, base))]
            on += [q.eq(q.col(self.var(s), alias), _slot_column(self, s, bound)) for s in rel.slots]
            select = select.join(q.sub(_distinct(rel.select), alias), on=q.and_all(on), join_type="left")
            absent.append(q.is_null(q.col(CASE, alias)))
        columns = [q.alias(q.col(CASE, base), CASE)]
        columns += [q.alias(_slot_column(self, s, bound), self.var(s)) for s in want]
        select = select.select(*columns, copy=False).distinct(copy=False)
        if absent:
            select = select.where(q.and_all(absent), copy=False)
        return select

    def rel(self, expr: m.Expr | None, want: tuple[str, ...]) -> exp.Select:
        """The bindings of ``want`` (⊇ the free slots of ``expr``) under which ``expr`` holds."""
        if expr is None:
            return self.conjunction([], [], want)
        if isinstance(expr, (m.Phrase, m.Comparison, m.StatusTest)):
            return self.conjunction([self.leaf(expr)], [], want)
        if isinstance(expr, m.All):
            positives: list[_Rel] = []
            negatives: list[_Rel] = []
            for operand in _flatten(expr):
                if isinstance(operand, m.Not):
                    inner = tuple(sorted(m.free_variables(operand.operand), key=self.var))
                    negatives.append(_Rel(self.rel(operand.operand, inner), inner))
                elif isinstance(operand, (m.Phrase, m.Comparison, m.StatusTest)):
                    positives.append(self.leaf(operand))
                else:
                    inner = tuple(sorted(m.free_variables(operand), key=self.var))
                    positives.append(_Rel(self.rel(operand, inner), inner))
            return self.conjunction(positives, negatives, want)
        if isinstance(expr, m.AnyOf):
            branches = [self.rel(operand, want) for operand in expr.operands]
            union: exp.Select | exp.Union = branches[0]
            for branch in branches[1:]:
                union = exp.union(union, branch, distinct=True)
            alias = self.fresh()
            return exp.select(*([q.col(CASE, alias)] + [q.col(self.var(s), alias) for s in want])).from_(
                exp.Subquery(this=union, alias=exp.TableAlias(this=q.ident(alias))))
        if isinstance(expr, m.Not):
            inner = tuple(sorted(m.free_variables(expr.operand), key=self.var))
            return self.conjunction([], [_Rel(self.rel(expr.operand, inner), inner)], want)
        if isinstance(expr, m.Some):
            inner_want = want + tuple(v for v in expr.variables if v not in want)
            body = self.rel(expr.body, inner_want)
            alias = self.fresh()
            return exp.select(*([q.col(CASE, alias)] + [q.col(self.var(s), alias) for s in want])).from_(
                q.sub(body, alias)).distinct()
        raise TypeError(f"not a condition: {expr!r}")

    # ── provisions ───────────────────────────────────────────────────────
    def definition(self, definition: m.Definition) -> str:
        name = f"def_{self.definition_index[definition.id]}"
        if name in self.defined:
            return name
        if definition.id in self.ev.recursive:
            members = ", ".join(sorted(self.ev.recursive[definition.id]))
            raise NotCompilable(
                f"{definition.span}: the definition '{definition.id}' is recursive ({members}); the SQL plan does "
                "not compile recursive definitions — evaluate this Act with the Python evaluator "
                "(statute explain) instead")
        if self.ev.rules[definition.id].exceptions:
            raise NotCompilable(f"{definition.span}: '{definition.id}' is a definition with an exception "
                                f"({', '.join(self.ev.rules[definition.id].exceptions)}); the SQL plan does not "
                                "compile exceptions to definitions")
        head = definition.head.slots
        if len(set(head)) != len(head):
            raise NotCompilable(f"{definition.span}: the head of '{definition.id}' names a slot twice")
        body = self.rel(definition.body, head)
        alias = self.fresh()
        columns = [q.col(CASE, alias)] + [q.alias(q.col(self.var(s), alias), f"a{i}") for i, s in enumerate(head)]
        return self.define(name, exp.select(*columns).from_(q.sub(body, alias)))

    def rule_name(self, rule: Rule) -> int:
        return self.ev.index[rule.id]

    def applies(self, rule: Rule) -> str:
        """``app_<i>``: the bindings of the rule's scope under which its condition holds."""
        name = f"app_{self.rule_name(rule)}"
        if name in self.defined:
            return name
        if rule.kind is m.Kind.EXCEPTION or rule.kind is m.Kind.AGGRAVATING_FACTOR:
            extra = m.free_variables(rule.provision.condition) - set(rule.scope)
            if extra:
                raise NotCompilable(f"{rule.provision.span}: the condition of '{rule.id}' uses "
                                    f"{', '.join('{' + s + '}' for s in sorted(extra))}, which not every target binds")
        return self.define(name, self.rel(rule.provision.condition, rule.scope))

    def live(self, rule: Rule) -> str:
        """``live_<i>`` for an exception: the bindings where it applies and no exception defeats it."""
        name = f"live_{self.rule_name(rule)}"
        if name in self.defined:
            return name
        return self.define(name, self.undefeated(rule))

    def undefeated(self, rule: Rule) -> exp.Select:
        base = self.fresh()
        select = exp.select(*([q.col(CASE, base)] + [q.col(self.var(s), base) for s in rule.scope])).from_(
            q.table(self.applies(rule), base))
        absent = []
        for eid, alias in self.exception_joins(rule):
            select = select.join(q.table(self.live(self.ev.rules[eid]), alias),
                                 on=self.match(base, alias, self.ev.rules[eid].scope), join_type="left")
            absent.append(q.is_null(q.col(CASE, alias)))
        return select.where(q.and_all(absent)) if absent else select

    def exception_joins(self, rule: Rule) -> list[tuple[str, str]]:
        return [(eid, self.fresh()) for eid in rule.exceptions]

    def match(self, left: str, right: str, slots: tuple[str, ...]) -> exp.Expression:
        return q.and_all([q.eq(q.col(CASE, right), q.col(CASE, left))]
                         + [q.eq(q.col(self.var(s), right), q.col(self.var(s), left)) for s in slots])

    def reasons(self, rule: Rule) -> list[str]:
        """What a status can be 'because' of, each with a by_<k> column in the status relation."""
        return list(rule.exceptions) + [other for other, _ in rule.opponents]

    def status(self, rule: Rule) -> str:
        """``status_<i>``: every binding where the rule applies, with its status and why."""
        name = f"status_{self.rule_name(rule)}"
        if name in self.defined:
            return name
        provision = rule.provision
        base = self.fresh()
        scope_columns = [q.col(CASE, base)] + [q.col(self.var(s), base) for s in rule.scope]
        select = exp.select(*scope_columns).from_(q.table(self.applies(rule), base))
        defeat: list[exp.Expression] = []
        for index, (eid, alias) in enumerate(self.exception_joins(rule)):
            select = select.join(q.table(self.live(self.ev.rules[eid]), alias),
                                 on=self.match(base, alias, self.ev.rules[eid].scope), join_type="left")
            flag = f"d{index}"
            select = select.select(q.alias(q.not_null(q.col(CASE, alias)), flag), copy=False)
            defeat.append(q.col(flag))
        opponents: list[tuple[str, str, exp.Expression]] = []
        done = late = None
        if isinstance(provision, m.Deontic):
            for index, (other_id, relation) in enumerate(rule.opponents):
                alias = self.fresh()
                on = self.opponent(rule, self.ev.rules[other_id], base, alias)
                flag = f"o{index}"
                if on is None:
                    select = select.select(q.alias(exp.false(), flag), copy=False)
                else:
                    table, condition = on
                    select = select.join(table, on=condition, join_type="left")
                    select = select.select(q.alias(q.not_null(q.col(CASE, alias)), flag), copy=False)
                opponents.append((other_id, relation, q.col(flag)))
            if provision.modality.obligatory:
                action_slots = tuple(sorted(m.free_variables(provision.action), key=self.var))
                alias = self.fresh()
                select = select.join(q.sub(self.rel(provision.action, action_slots), alias),
                                     on=self.match(base, alias, action_slots), join_type="left")
                select = select.select(q.alias(q.not_null(q.col(CASE, alias)), "done"), copy=False)
                done = q.col("done")
                if rule.measure is not None and rule.limit is not None:
                    key, slots = rule.measure
                    alias = self.fresh()
                    measured = self.positional(number_table(self.numbers[key]), slots, value=True)
                    measure_on: list[exp.Expression] = [q.eq(q.col(CASE, alias), q.col(CASE, base))]
                    measure_on += [q.eq(q.col(self.var(s), alias), q.col(self.var(s), base)) for s in measured.slots]
                    measure_on.append(exp.GT(this=q.col("value", alias), expression=q.number(rule.limit)))
                    select = select.join(q.sub(measured.select, alias), on=q.and_all(measure_on), join_type="left")
                    select = select.select(q.alias(q.not_null(q.col(CASE, alias)), "late"), copy=False)
                    late = q.col("late")
        inner = self.fresh()
        self.define(name + "_flags", select)
        outer: list[exp.Expression] = [q.col(CASE, inner)]
        outer += [q.col(self.var(s), inner) for s in rule.scope]
        status, because, by = self._status_columns(rule, defeat, opponents, done, late)
        outer += [q.alias(status, "status"), q.alias(because, "because")]
        outer += [q.alias(flag, f"by_{k}") for k, flag in enumerate(by)]
        return self.define(name, exp.select(*outer).from_(q.table(name + "_flags", inner)))

    def _status_columns(self, rule: Rule, defeat: list[exp.Expression],
                        opponents: list[tuple[str, str, exp.Expression]],
                        done: exp.Expression | None, late: exp.Expression | None,
                        ) -> tuple[exp.Expression, exp.Expression, list[exp.Expression]]:
        """The status CASE, the 'because' list and one 'is it because of reason k' flag per reason
        (reasons: the rule's exceptions, then its opponents, as :meth:`reasons` lists them)."""
        def listed(items: list[tuple[str, exp.Expression]]) -> exp.Expression:
            return q.listing([(flag.copy(), name) for name, flag in items])

        yields = [(other, flag) for other, relation, flag in opponents if relation == "yields"]
        conflicts = [(other, flag) for other, relation, flag in opponents if relation != "yields"]
        defeated = q.or_all([d.copy() for d in defeat])
        yielded = q.or_all([flag.copy() for _, flag in yields])
        conflicted = q.or_all([flag.copy() for _, flag in conflicts])
        defeaters = list(zip(rule.exceptions, defeat, strict=True))
        by: list[exp.Expression] = [q.and_all([defeated.copy(), flag.copy()]) for flag in defeat]
        kind = rule.kind
        if kind is m.Kind.OFFENCE or kind is m.Kind.CONSEQUENCE:
            won = Status.COMMITTED if kind is m.Kind.OFFENCE else Status.FOLLOWS
            status = q.case([(defeated.copy(), q.text(str(Status.DEFEATED)))], q.text(str(won)))
            because = q.case([(defeated.copy(), listed(defeaters))], q.text(""))
            return status, because, by
        provision = rule.provision
        assert isinstance(provision, m.Deontic)
        for _, relation, flag in opponents:
            condition = [exp.not_(defeated.copy()), flag.copy()]
            if relation != "yields":
                condition.insert(1, exp.not_(yielded.copy()))
            by.append(q.and_all(condition))
        whens: list[tuple[exp.Expression, exp.Expression]] = [
            (defeated.copy(), q.text(str(Status.EXCUSED))),
            (yielded.copy(), q.text(str(Status.EXCUSED))),
            (conflicted.copy(), q.text(str(Status.CONFLICT)))]
        becauses: list[tuple[exp.Expression, exp.Expression]] = [
            (defeated.copy(), listed(defeaters)), (yielded.copy(), listed(yields)),
            (conflicted.copy(), listed(conflicts))]
        default: exp.Expression
        if not provision.modality.obligatory:
            default = q.text(str(Status.GRANTED))
        elif provision.modality is m.Modality.MUST_NOT:
            assert done is not None
            whens.append((done.copy(), q.text(str(Status.BREACHED))))
            default = q.text(str(Status.COMPLIED))
        else:
            assert done is not None
            if late is not None:
                whens.append((q.and_all([done.copy(), late.copy()]), q.text(str(Status.LATE))))
                becauses.append((q.and_all([done.copy(), late.copy()]), q.text("late")))
            whens.append((done.copy(), q.text(str(Status.COMPLIED))))
            default = q.text(str(Status.BREACHED))
        return q.case(whens, default), q.case(becauses, q.text("")), by

    def opponent(self, rule: Rule, other: Rule, base: str, alias: str) -> tuple[exp.Expression, exp.Expression] | None:
        """Join the opponent's undefeated bindings on the same holder and the same ground act."""
        mine = _action_positions(rule)
        theirs = _action_positions(other)
        if len(mine) != len(theirs) or rule.subject is None or other.subject is None:
            return None
        name = f"ok_{self.rule_name(other)}"
        if name not in self.defined:
            self.define(name, self.undefeated(other))
        inner = self.fresh()
        columns = [q.alias(q.col(CASE, inner), CASE), q.alias(q.col(self.var(other.subject), inner), "holder")]
        columns += [q.alias(q.col(self.var(s), inner), f"p{i}") for i, s in enumerate(theirs)]
        projected = exp.select(*columns).from_(q.table(name, inner)).distinct()
        on = [q.eq(q.col(CASE, alias), q.col(CASE, base)),
              q.eq(q.col("holder", alias), q.col(self.var(rule.subject), base))]
        on += [q.eq(q.col(f"p{i}", alias), q.col(self.var(s), base)) for i, s in enumerate(mine)]
        return q.sub(projected, alias), q.and_all(on)

    def factor(self, factor: Rule, offence: Rule) -> str:
        """``agg_<f>_<o>``: the offence's committed bindings its aggravating factor attaches to."""
        name = f"agg_{self.rule_name(factor)}_{self.rule_name(offence)}"
        if name in self.defined:
            return name
        reached = self.factor_reached(factor, offence)
        base = self.fresh()
        select = exp.select(*([q.col(CASE, base)] + [q.col(self.var(s), base) for s in offence.scope])).from_(
            q.table(reached, base))
        absent = []
        for eid, alias in self.exception_joins(factor):
            select = select.join(q.table(self.live(self.ev.rules[eid]), alias),
                                 on=self.match(base, alias, self.ev.rules[eid].scope), join_type="left")
            absent.append(q.is_null(q.col(CASE, alias)))
        return self.define(name, select.where(q.and_all(absent)) if absent else select)

    def factor_reached(self, factor: Rule, offence: Rule) -> str:
        """The committed bindings of the offence where the factor's condition holds (its exceptions are
        tested there, as the evaluator does)."""
        name = f"reach_{self.rule_name(factor)}_{self.rule_name(offence)}"
        if name in self.defined:
            return name
        st, app = self.fresh(), self.fresh()
        select = exp.select(*([q.col(CASE, st)] + [q.col(self.var(s), st) for s in offence.scope])).from_(
            q.table(self.status(offence), st)).join(q.table(self.applies(factor), app),
                                                      on=self.match(st, app, factor.scope)).where(
            q.eq(q.col("status", st), q.text(str(Status.COMMITTED))))
        return self.define(name, select)

    def exception_reached(self, exception: Rule) -> str:
        """``seen_<e>``: the bindings where the evaluator tests the exception and its condition holds."""
        name = f"seen_{self.rule_name(exception)}"
        if name in self.defined:
            return name
        provision = exception.provision
        assert isinstance(provision, m.Exception_)
        sources: list[exp.Select] = []
        for target_id in provision.targets:
            target = self.ev.rules.get(target_id)
            if target is None:
                continue
            if target.kind is m.Kind.DEFINITION:
                raise NotCompilable(f"{provision.span}: '{exception.id}' is an exception to the definition "
                                    f"'{target_id}'; the SQL plan does not compile exceptions to definitions")
            if target.kind is m.Kind.EXCEPTION:
                table = self.exception_reached(target)
            elif target.kind is m.Kind.AGGRAVATING_FACTOR:
                factor_provision = target.provision
                assert isinstance(factor_provision, m.AggravatingFactor)
                parts = []
                for offence_id in factor_provision.targets:
                    offence = self.ev.rules.get(offence_id)
                    if offence is not None and offence.kind is m.Kind.OFFENCE:
                        parts.append(self.factor_reached(target, offence))
                for part in parts:
                    alias = self.fresh()
                    sources.append(exp.select(*([q.col(CASE, alias)] + [q.col(self.var(s), alias)
                                                                         for s in exception.scope])).from_(
                        q.table(part, alias)))
                continue
            else:
                table = self.applies(target)
            alias = self.fresh()
            sources.append(exp.select(*([q.col(CASE, alias)] + [q.col(self.var(s), alias)
                                                                 for s in exception.scope])).from_(
                q.table(table, alias)))
        if not sources:
            alias = self.fresh()
            empty = exp.select(*([q.col(CASE, alias)] + [q.col(self.var(s), alias) for s in exception.scope])).from_(
                q.table(self.applies(exception), alias)).where(exp.false())
            return self.define(name, empty)
        union: exp.Select | exp.Union = sources[0]
        for source in sources[1:]:
            union = exp.union(union, source, distinct=True)
        targets = self.fresh()
        app = self.fresh()
        reach = exp.select(*([q.col(CASE, targets)] + [q.col(self.var(s), targets) for s in exception.scope])).from_(
            exp.Subquery(this=union, alias=exp.TableAlias(this=q.ident(targets)))).distinct()
        inner = self.fresh()
        select = exp.select(*([q.col(CASE, app)] + [q.col(self.var(s), app) for s in exception.scope])).from_(
            q.table(self.applies(exception), app)).join(q.sub(reach, inner), on=self.match(app, inner, exception.scope))
        return self.define(name, select)

    # ── outcomes ─────────────────────────────────────────────────────────
    def binding(self, scope: tuple[str, ...], alias: str) -> exp.Expression:
        """The binding as a JSON object, slots in the evaluator's order (party names cannot hold a double
        quote or a control character, so only the backslash needs escaping)."""
        if not scope:
            return q.text("{}")
        parts: list[exp.Expression] = []
        for index, slot in enumerate(scope):
            prefix = ("{" if index == 0 else ", ") + json.dumps(slot) + ': "'
            parts.append(q.text(prefix))
            parts.append(q.replace(q.col(self.var(slot), alias), "\\", "\\\\"))
            parts.append(q.text('"'))
        parts.append(q.text("}"))
        return q.concat(parts)

    def outcome_rows(self) -> exp.Select:
        selects: list[exp.Select] = []
        for rule in self.ev.top_rules:
            selects.extend(self.top_outcomes(rule))
        for pid in self.ev.order:
            rule = self.ev.rules[pid]
            if rule.kind is m.Kind.EXCEPTION:
                selects.append(self.exception_outcomes(rule))
        union: exp.Select | exp.Union = selects[0]
        for select in selects[1:]:
            union = exp.union(union, select, distinct=False)
        alias = self.fresh()
        return exp.select(*(q.col(c, alias) for c in OUTCOME_COLUMNS)).from_(
            exp.Subquery(this=union, alias=exp.TableAlias(this=q.ident(alias))))

    def row(self, alias: str, rule_id: str, kind: m.Kind, status: exp.Expression, party: exp.Expression,
            binding: exp.Expression, because: exp.Expression, aggravated: exp.Expression,
            penalty: exp.Expression) -> list[exp.Expression]:
        return [q.alias(q.col(CASE, alias), "case_id"), q.alias(q.text(rule_id), "provision"),
                q.alias(q.text(str(kind)), "kind"), q.alias(status, "status"), q.alias(party, "party"),
                q.alias(binding, "binding"), q.alias(because, "because"), q.alias(aggravated, "aggravated_by"),
                q.alias(penalty, "maximum_penalty")]

    def top_outcomes(self, rule: Rule) -> list[exp.Select]:
        base = self.fresh()
        select = exp.select().from_(q.table(self.status(rule), base))
        party: exp.Expression = q.col(self.var(rule.subject), base) if rule.subject else exp.Null()
        out: list[exp.Select] = []
        aggravated: exp.Expression = q.text("")
        provision = rule.provision
        if isinstance(provision, m.Offence) and rule.factors:
            flags = []
            for fid in rule.factors:
                factor = self.ev.rules[fid]
                alias = self.fresh()
                select = select.join(q.table(self.factor(factor, rule), alias),
                                     on=self.match(base, alias, rule.scope), join_type="left")
                flags.append((fid, q.not_null(q.col(CASE, alias))))
                agg, fbase = self.fresh(), self.factor(factor, rule)
                out.append(exp.select(*self.row(
                    agg, fid, m.Kind.AGGRAVATING_FACTOR, q.text(str(Status.ATTACHES)),
                    q.col(self.var(rule.subject), agg) if rule.subject else exp.Null(),
                    self.binding(rule.scope, agg), q.text(rule.id), q.text(""), exp.Null())).from_(
                    q.table(fbase, agg)))
            aggravated = q.listing([(flag, fid) for fid, flag in flags])
        penalty: exp.Expression = exp.Null()
        if isinstance(provision, m.Offence) and provision.penalties:
            text = "; ".join(f"{p.mode}: {p}" for p in provision.penalties)
            penalty = q.case([(q.eq(q.col("status", base), q.text(str(Status.COMMITTED))), q.text(text))])
        select = select.select(*self.row(base, rule.id, rule.kind, q.col("status", base), party,
                                         self.binding(rule.scope, base), q.col("because", base), aggravated,
                                         penalty), copy=False)
        return [select, *out]

    def exception_outcomes(self, rule: Rule) -> exp.Select:
        provision = rule.provision
        assert isinstance(provision, m.Exception_)
        base, alias = self.fresh(), self.fresh()
        select = exp.select().from_(q.table(self.exception_reached(rule), base)).join(
            q.table(self.live(rule), alias), on=self.match(base, alias, rule.scope), join_type="left")
        status = q.case([(q.not_null(q.col(CASE, alias)), q.text(str(Status.APPLIES)))],
                        q.text(str(Status.DEFEATED)))
        return select.select(*self.row(base, rule.id, m.Kind.EXCEPTION, status, exp.Null(),
                                       self.binding(rule.scope, base), q.text(",".join(provision.targets)),
                                       q.text(""), exp.Null()), copy=False)

    def compile(self) -> Plan:
        for pid in self.ev.order:
            rule = self.ev.rules[pid]
            if rule.kind is m.Kind.DEFINITION:
                assert isinstance(rule.provision, m.Definition)
                self.definition(rule.provision)
        outcomes = self.outcome_rows()
        return Plan(self.act, tuple(self.relations), outcomes, dict(self.facts), dict(self.numbers),
                    dict(self.arity))


def _flatten(expr: m.All) -> list[m.Expr]:
    out: list[m.Expr] = []
    for operand in expr.operands:
        out.extend(_flatten(operand) if isinstance(operand, m.All) else [operand])
    return out


def _distinct(select: exp.Select) -> exp.Select:
    return select if select.args.get("distinct") else select.distinct(copy=False)


def _slot_column(compiler: Compiler, slot: str, bound: dict[str, str]) -> exp.Column:
    """A slot's column in a join: the party column where it was filled from ``parties``."""
    alias = bound[slot]
    if alias.startswith("P"):
        return q.col("party", alias[1:])
    return q.col(compiler.var(slot), alias)


def _action_positions(rule: Rule) -> tuple[str, ...]:
    """The slots of the rule's ground act, in the order the evaluator compares them."""
    provision = rule.provision
    assert isinstance(provision, m.Deontic)
    key = _key_function(provision.action)
    probe = {slot: slot for slot in rule.scope}
    _, values = key(probe)
    return tuple(v for v in values if v in probe)


def _refuse_unsupported(act: m.Act) -> None:
    """Constructs the plan has no SQL for yet: refused by name and place, never answered wrongly."""
    for provision in act.provisions:
        if isinstance(provision, (m.Defence, m.Presumption)):
            raise NotCompilable(f"{provision.span}: '{provision.id}' is a {provision.kind}, which the SQL plan "
                                "cannot express yet")
        if isinstance(provision, m.Offence) and any(p.offender is not None for p in provision.penalties):
            raise NotCompilable(f"{provision.span}: '{provision.id}' has penalties for some offenders only, which "
                                "the SQL plan cannot express yet")


def compile_act(act: m.Act) -> Plan:
    """The SQL plan of an Act; raises :class:`NotCompilable` with the reason and place."""
    _refuse_unsupported(act)
    compiler = Compiler(act)
    return compiler.compile()
