"""The law and the facts as at a date: in-force periods, dated facts, deadlines by the calendar.

Evaluation is timeless for a case that says nothing about dates (the Act as enacted,
every provision in force, deadlines by ``measured by`` numbers): that path is the
evaluator's own and costs nothing here. A case with a date — an ``as at`` line, a dated
fact or an appointed day — is evaluated **as at** a day ``D`` (the ``as at`` date, else
the latest dated fact):

* **In force.** A provision binds on ``D`` only if it, every section around it and the
  Act are in force on ``D`` (:func:`not_in_force`). One that is not has the status
  *not in force*, with the reason ("s.85(1) is not in force on 1 May 2026: it commences
  on …"); nothing that rests on it follows.
* **Facts.** A dated fact holds from its date on; undated facts hold throughout. The case
  as at ``D`` (:meth:`Timeline.case_at`) keeps the facts dated ``<= D``.
* **Counted numbers.** A number term that ``counts days since`` a phrase is computed: the
  days from the first day the phrase held to ``D``. A stated number is the fallback.
* **Deadlines.** A duty ``within`` a period runs from the first day it bound (the first
  day its condition held, or its commencement if later). Not done: *pending* while
  ``D`` is on or before the last day, *breached* after. Done: *complied* on or before the
  last day, *complied late* after. Where the case does not date the start (or the act),
  the duty falls back to ``measured by``.

Day counting: "within 7 days" of 4 May ends on 11 May (the day of the event is not
counted; the last day is); month arithmetic is :mod:`statute.calendar`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from statute import calendar
from statute import model as m
from statute.case import Case, build_case
from statute.dated import levels, normal_reference

if TYPE_CHECKING:
    from statute.evaluate import Evaluator, Rule, Run

#: Statuses of the calendar, as :class:`statute.outcomes.Status` values (kept as strings here).
PENDING, LATE = "pending", "complied late"


# ── in force ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Period:
    """When one provision is in force, all levels taken together, on the case's appointed days."""

    start: date | None  # the latest commencement of any level (None: always, as far as the Act says)
    reason_before: str | None  # why it is not in force before ``start`` / at all
    end: date | None
    end_level: str | None
    unappointed: str | None  # a level waiting for an appointed day no one gave


def period(act: m.Act, provision: m.Provision, appointed: Mapping[str, date]) -> Period:
    start: date | None = None
    start_reason: str | None = None
    end: date | None = None
    end_level: str | None = None
    unappointed: str | None = None
    for level in levels(act, provision):
        given = next((day for name, day in appointed.items() if name in level.names), None)
        period_ = level.in_force
        if given is not None:
            level_start: date | None = given
            why = f"{level.name} commences on {calendar.spoken(given)} (the day the case appoints)"
        elif period_ is not None and period_.appointed:
            if unappointed is None:
                unappointed = (f"{level.name} commences on a day appointed by {period_.appointed}, and the case "
                               f"appoints none (say '{level.name} comes into force on YYYY-MM-DD')")
            level_start, why = None, None
        elif period_ is not None and period_.start is not None:
            level_start = period_.start
            why = f"{level.name} commences on {calendar.spoken(period_.start)}"
        else:
            level_start, why = None, None
        if level_start is not None and (start is None or level_start > start):
            start, start_reason = level_start, why
        if period_ is not None and period_.end is not None and (end is None or period_.end < end):
            end, end_level = period_.end, level.name
    return Period(start, start_reason, end, end_level, unappointed)


def not_in_force(act: m.Act, on: date, appointed: Mapping[str, date], definitions: bool = False) -> dict[str, str]:
    """Provision id → why it does not bind on ``on``, for every provision not in force that day (definitions
    only when asked: they are meanings, read by whatever is in force, so evaluation keeps them)."""
    out: dict[str, str] = {}
    when = calendar.spoken(on)
    for provision in act.provisions:
        if isinstance(provision, m.Definition) and not definitions:
            continue  # a meaning, not a rule: what reads it is in force or not
        found = period(act, provision, appointed)
        cited = act.cite(provision)
        if found.unappointed is not None:
            out[provision.id] = f"{cited} is not in force on {when}: {found.unappointed}"
        elif found.start is not None and on < found.start:
            out[provision.id] = f"{cited} is not in force on {when}: {found.reason_before}"
        elif found.end is not None and on >= found.end:
            out[provision.id] = (f"{cited} is not in force on {when}: {found.end_level} was repealed on "
                                 f"{calendar.spoken(found.end)}")
    return out


def appointed_days(case: Case) -> dict[str, date]:
    return {normal_reference(reference): day for reference, day in case.appointed}


# ── the case as at a date ───────────────────────────────────────────────────


def as_at_of(case: Case) -> date | None:
    """The day a dated case is assessed at: its ``as at`` date, else its latest dated fact."""
    if case.as_at is not None:
        return case.as_at
    dates = [fact.on for fact in case.stated if fact.on is not None]
    return max(dates) if dates else None


@dataclass
class Deadline:
    """How a duty's deadline stood, for the explanation."""

    start: date
    last_day: date
    done: date | None
    as_at: date


@dataclass
class Timeline:
    """One dated case as at ``as_at``: the cases and runs of the days before it, made on demand.

    ``make_run(case, clock)`` builds an evaluator run (kept abstract: this module comes
    before the evaluator in the pipeline's import order). Runs and cases are memoised by
    day, so a deadline asked about for many bindings costs one run per dated day.
    """

    evaluator: Evaluator
    case: Case
    as_at: date
    dormant: dict[str, str]
    make_run: Callable[[Case, Clock | None], Run]
    days: list[date] = field(init=False)
    _base: dict[date | None, Case] = field(default_factory=dict)
    _base_runs: dict[date | None, Run] = field(default_factory=dict)
    _runs: dict[date | None, Run] = field(default_factory=dict)
    _starts: dict[str, date | None] = field(default_factory=dict)
    deadlines: dict[tuple[str, tuple[str, ...], date], Deadline] = field(default_factory=dict)
    counted: dict[tuple[str, tuple[str, ...]], tuple[date, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.days = sorted({f.on for f in self.case.stated if f.on is not None and f.on <= self.as_at})
        counts = [t for t in self.evaluator.act.terms if t.since is not None]
        self.counting: list[m.Term] = counts

    # cases ------------------------------------------------------------------
    def base_case(self, day: date | None) -> Case:
        """The stated facts that hold on ``day`` (None: before any dated fact, the undated ones only)."""
        found = self._base.get(day)
        if found is None:
            facts = [f for f in self.case.stated if f.on is None or (day is not None and f.on <= day)]
            found = build_case(facts, self.case.file, day, self.case.appointed)[0]
            self._base[day] = found
        return found

    def base_run(self, day: date | None) -> Run:
        found = self._base_runs.get(day)
        if found is None:
            found = self._base_runs[day] = self.make_run(self.base_case(day), None)
            found.dormant = self.dormant
        return found

    def case_at(self, day: date) -> Case:
        """The facts on ``day`` with the counted numbers computed."""
        base = self.base_case(day)
        if not self.counting:
            return base
        numbers: dict[str, dict[tuple[str, ...], float]] = {k: dict(v) for k, v in base.numbers.items()}
        for term in self.counting:
            assert term.since is not None
            for args, first in self._first_days(term.since, day).items():
                values = numbers.setdefault(term.key, {})
                ordered = tuple(args[term.since.slots.index(slot)] for slot in term.slots)
                counted = calendar.elapsed(first, day, term.since_unit)
                values[ordered] = counted
                self.counted[(term.key, ordered)] = (first, counted)
        return Case(base.facts, numbers, base.parties, base.stated, base.file, day, base.appointed)

    def _first_days(self, phrase: m.Phrase, day: date) -> dict[tuple[str, ...], date]:
        """For every binding of ``phrase``'s slots that holds on ``day``, the first dated day it held.

        Bindings that hold on the undated facts alone have no first day and are left out.
        """
        run = self.base_run(day)
        holding = _holding(run, phrase)
        out: dict[tuple[str, ...], date] = {}
        earlier = [d for d in self.days if d <= day]
        undated = set(_holding(self.base_run(None), phrase))
        for args in holding:
            if args in undated:
                continue
            for candidate in earlier:
                if args in _holding(self.base_run(candidate), phrase):
                    out[args] = candidate
                    break
        return out

    def run_at(self, day: date) -> Run:
        found = self._runs.get(day)
        if found is None:
            found = self.make_run(self.case_at(day), Clock(self, day))
            found.dormant = self.dormant
            self._runs[day] = found
        return found

    # deadlines ------------------------------------------------------------------
    def commencement(self, provision: m.Provision) -> date | None:
        if provision.id not in self._starts:
            self._starts[provision.id] = period(self.evaluator.act, provision,
                                                appointed_days(self.case)).start
        return self._starts[provision.id]

    def first_day(self, test: Callable[[Run], bool], until: date) -> date | bool | None:
        """The first dated day on or before ``until`` when ``test`` holds of the run that day;
        True when it holds on the undated facts alone (no first day), None when never."""
        if test(self.run_before()):
            return True
        # the days something can change: a dated fact, the day after a deadline's last day, the day itself
        turns = {d for d in self.days if d <= until} | {until}
        turns |= {calendar.add(d.last_day, 1, "days") for d in list(self.deadlines.values())
                  if d.last_day < until}
        for day in sorted(turns):
            if test(self.run_at(day)):
                return day
        return None

    def run_before(self) -> Run:
        found = self._runs.get(None)
        if found is None:
            found = self.make_run(self.base_case(None), None)
            found.dormant = self.dormant
            self._runs[None] = found
        return found


def _holding(run: Run, phrase: m.Phrase) -> set[tuple[str, ...]]:
    """The argument tuples (in the phrase's slot order) for which a phrase holds in a run."""
    definition = run.ev.definition_ids.get(phrase.key)
    if definition is None:
        return set(run.facts.get(phrase.key, ()))
    from itertools import product

    return {args for args in product(run.parties, repeat=len(phrase.slots)) if run.definition(definition, args)}


@dataclass
class Clock:
    """Attached to a run of a dated case: the day, and the deadline statuses of that day."""

    timeline: Timeline
    day: date

    def deadline_status(self, run: Run, rule: Rule, env: Mapping[str, str], done: bool) -> tuple[str, Any] | None:
        """``(status, because)`` of a duty with a period under a binding, or None to fall back on
        ``measured by`` (the case dates neither when the duty began nor, if it was done, when)."""
        provision = rule.provision
        assert isinstance(provision, m.Deontic) and provision.deadline and provision.deadline.limit
        limit = provision.deadline.limit
        scope = rule.scope
        ground = tuple(env[s] for s in scope)
        subject = env[rule.subject] if rule.subject else None

        def binds(other: Run) -> bool:
            return any(tuple(e[s] for s in scope) == ground for e in other.bindings(rule, subject))

        began = self.timeline.first_day(binds, self.day)
        if not isinstance(began, date):  # bound on the undated facts alone, or never: no day to count from
            return None
        commenced = self.timeline.commencement(provision)
        start = max(began, commenced) if commenced is not None else began
        try:
            last = calendar.add(start, limit.amount, limit.unit)
        except calendar.DateProblem:
            return None
        finished: date | None = None
        if done:
            action = rule.action
            assert action is not None
            when = self.timeline.first_day(lambda other: bool(action(other, dict(env))), self.day)
            if not isinstance(when, date):
                return None
            finished = when
        self.timeline.deadlines[(rule.id, ground, self.day)] = Deadline(start, last, finished, self.day)
        if finished is not None:
            return ("complied", ()) if finished <= last else (LATE, ("late",))
        return (PENDING, ()) if self.day <= last else ("breached", ())


def start_timeline(evaluator: Evaluator, case: Case, make_run: Callable[[Case, Clock | None], Run],
                   as_at: date | None = None) -> tuple[Timeline, Run] | None:
    """The run of a dated case as at its date (None for an undated case: evaluate it timelessly)."""
    day = as_at or as_at_of(case)
    if day is None:
        return None
    dormant = not_in_force(evaluator.act, day, appointed_days(case))
    timeline = Timeline(evaluator, case, day, dormant, make_run)
    return timeline, timeline.run_at(day)


def penalties_on(penalties: tuple[m.Penalty, ...], day: date | None) -> tuple[m.Penalty, ...]:
    """The maxima for an offence committed on ``day``: for each mode of trial, the penalty with the latest
    ``from`` on or before it. Undated (``day`` None): the maxima as enacted (those with no ``from``)."""
    out: dict[tuple[m.TrialMode, str | None], m.Penalty] = {}

    def kind(penalty: m.Penalty) -> tuple[m.TrialMode, str | None]:  # a mode, for one kind of offender
        return penalty.mode, penalty.offender.key if penalty.offender is not None else None

    for penalty in penalties:
        if penalty.since is None:
            out.setdefault(kind(penalty), penalty)
    for penalty in sorted((p for p in penalties if p.since is not None), key=lambda p: p.since or date.min):
        if day is not None and penalty.since is not None and penalty.since <= day:
            out[kind(penalty)] = penalty
    return tuple(p for p in penalties if out.get(kind(p)) is p)


def act_as_at(act: m.Act, day: date, appointed: Mapping[str, date] | None = None) -> m.Act:
    """The Act as at a day: only the provisions in force that day (definitions, being meanings, stay).

    For ``statute graph --as-at`` and ``statute diff --as-at``: a provision not in force is left out, and so
    is every reference to it (a status test on a provision not in force can never hold that day).
    """
    dormant = not_in_force(act, day, {normal_reference(k): v for k, v in (appointed or {}).items()})
    if not dormant:
        return act
    from dataclasses import replace

    return replace(act, provisions=tuple(p for p in act.provisions if p.id not in dormant),
                   version=f"{act.version or 'version not stated'}, as at {day.isoformat()}")
