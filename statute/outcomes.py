"""What evaluation says about a case: statuses, outcomes and the assessment.

Plain data, so the CLI, the scenario steps and programs all read the same
thing. Explanations are computed on demand (:meth:`Assessment.explain`),
because most callers only need the statuses and explaining costs more.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from statute import model as m
from statute.lookup import ProvisionLookup, UnknownName, require_party

if TYPE_CHECKING:
    from statute.case import Case
    from statute.evaluate import Run
    from statute.explain import Reason


class Status(StrEnum):
    """The status of one provision for one binding of its slots."""

    DOES_NOT_APPLY = "does not apply"
    COMPLIED = "complied"
    BREACHED = "breached"
    EXCUSED = "excused"
    CONFLICT = "conflict"
    GRANTED = "granted"
    COMMITTED = "committed"
    NOT_COMMITTED = "not committed"
    FOLLOWS = "follows"
    ATTACHES = "attaches"
    APPLIES = "applies"
    DEFEATED = "defeated"
    #: As at a date (statute.timeline): the deadline is still running and the duty is not yet done.
    PENDING = "pending"
    #: Done, but after the deadline (by the calendar, or by a ``measured by`` number): a breach of the deadline.
    LATE = "complied late"
    #: The provision (or a section or Act around it) is not in force on the day the case is assessed at.
    NOT_IN_FORCE = "not in force"
    #: the case leaves open which status it has (``Outcome.possible`` lists the candidates)
    UNDETERMINED = "undetermined"


#: Statuses that mean "the party is under the duty" (it applies and is not excused).
UNDER = frozenset({Status.COMPLIED, Status.BREACHED, Status.CONFLICT, Status.PENDING, Status.LATE})
#: Statuses that breach a duty: not done in time, or done too late.
BREACHES = frozenset({Status.BREACHED, Status.LATE})
WANTED: dict[m.Relation, frozenset[Status]] = {
    m.Relation.UNDER: UNDER,
    m.Relation.BREACHES: BREACHES,
    m.Relation.COMPLIES: frozenset({Status.COMPLIED}),
    m.Relation.EXCUSED: frozenset({Status.EXCUSED}),
    m.Relation.COMMITS: frozenset({Status.COMMITTED}),
    m.Relation.FACES: frozenset({Status.FOLLOWS}),
}

_DEONTIC = frozenset({m.Kind.DUTY, m.Kind.PROHIBITION})
_OFFENCE = frozenset({m.Kind.OFFENCE})
_CONSEQUENCE = frozenset({m.Kind.CONSEQUENCE})

Binding = tuple[tuple[str, str], ...]


def binding_of(env: Mapping[str, str], scope: tuple[str, ...]) -> Binding:
    return tuple([(slot, env[slot]) for slot in scope])


@dataclass(frozen=True)
class Outcome:
    """One provision's status for one binding of its slots."""

    provision: str
    kind: m.Kind
    status: Status
    binding: Binding
    party: str | None
    because: tuple[str, ...] = ()  # exceptions, permissions or rules that excused, defeated or conflict
    aggravated_by: tuple[str, ...] = ()
    penalties: tuple[m.Penalty, ...] = ()
    #: for an undetermined outcome: the statuses it could have ("does not apply" among them when
    #: the provision might not apply); empty when the status is determined
    possible: tuple[Status, ...] = ()

    @property
    def slots(self) -> dict[str, str]:
        return dict(self.binding)

    @property
    def statuses(self) -> frozenset[Status]:
        """The statuses the outcome could have: its status, or the candidates when undetermined."""
        return frozenset(self.possible) if self.possible else frozenset({self.status})

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "provision": self.provision, "kind": str(self.kind), "status": str(self.status),
            "party": self.party, "slots": dict(self.binding),
        }
        if self.because:
            out["because"] = list(self.because)
        if self.aggravated_by:
            out["aggravated_by"] = list(self.aggravated_by)
        if self.possible:
            out["possible"] = [str(p) for p in self.possible]
        if self.penalties:
            out["maximum_penalties"] = [{"mode": str(p.mode), "penalty": str(p)} for p in self.penalties]
        return out


@dataclass(frozen=True)
class Conflict:
    """Two applicable rules that disagree and that no priority ranks: never resolved silently."""

    first: str
    second: str
    party: str
    action: str


@dataclass
class Assessment:
    """Every outcome for a case, with queries and on-demand explanations."""

    act: m.Act
    case: Case
    outcomes: list[Outcome]
    conflicts: list[Conflict]
    run: Run = field(repr=False)
    #: the world assumption the case was evaluated under: True when a fact not stated was taken as false
    closed_world: bool = True

    # ── names ──────────────────────────────────────────────────────────────
    # Every query validates what it is given: a misspelt provision or party raises
    # UnknownName with "did you mean", never a quiet False (the Gherkin steps do the same).

    @cached_property
    def _lookup(self) -> ProvisionLookup:
        return ProvisionLookup(self.act)

    def _provision(self, name: str, kinds: frozenset[m.Kind] | None = None, use: str | None = None) -> str:
        """The id of the provision ``name`` (an id or a name) names, checked against ``kinds``."""
        exact = self.act.provisions_by_id.get(name) if isinstance(name, str) else None
        if exact is not None and (kinds is None or exact.kind in kinds):
            return exact.id
        return self._lookup.require(name, kinds, use).id

    def _party(self, name: str) -> str:
        if isinstance(name, str) and name in self.case.parties:
            return name
        return require_party(name, tuple(self.case.parties))

    def _maybe_party(self, name: str | None) -> str | None:
        return None if name is None else self._party(name)

    # ── queries ────────────────────────────────────────────────────────────
    def __iter__(self) -> Iterator[Outcome]:
        return iter(self.outcomes)

    def for_party(self, party: str) -> list[Outcome]:
        """Every outcome for one party of the case."""
        party = self._party(party)
        return [o for o in self.outcomes if o.party == party]

    def of(self, provision: str, party: str | None = None) -> list[Outcome]:
        """Outcomes of one provision (by id or name) that applies, optionally for one party."""
        provision_id, party = self._provision(provision), self._maybe_party(party)
        return [o for o in self.outcomes if o.provision == provision_id and (party is None or o.party == party)]

    def status(self, provision: str, party: str) -> Status:
        """The party's status under a provision, across bindings of its other slots.

        Precedence when bindings differ: breached > complied late > conflict > pending > complied >
        excused (for duties), committed (offences), follows, granted, attaches, not in force.
        """
        found = {o.status for o in self.of(provision, party)}
        if Status.UNDETERMINED in found and self.whether(provision, party, frozenset(found - {
                Status.UNDETERMINED})) is not True:
            return Status.UNDETERMINED
        for status in (Status.BREACHED, Status.LATE, Status.CONFLICT, Status.PENDING, Status.COMPLIED,
                       Status.EXCUSED, Status.COMMITTED, Status.FOLLOWS, Status.GRANTED, Status.ATTACHES,
                       Status.NOT_IN_FORCE):
            if status in found:
                return status
        kind = self.act.provision(self._provision(provision)).kind
        return Status.NOT_COMMITTED if kind is m.Kind.OFFENCE else Status.DOES_NOT_APPLY

    def whether(self, provision: str, party: str, wanted: frozenset[Status],
                regarding: tuple[str, ...] = ()) -> bool | None:
        """Whether some binding of the provision for the party has a wanted status: True, False, or None
        when the case leaves it open (an undetermined outcome that could go either way)."""
        out: bool | None = False
        for outcome in self.of(provision, party):
            if regarding and not set(regarding) <= {v for _, v in outcome.binding}:
                continue
            possible = outcome.statuses
            if possible <= wanted:
                return True
            if not possible.isdisjoint(wanted):
                out = None
        return out

    def is_under(self, duty: str, party: str) -> bool | None:
        """Whether the party is under a duty or prohibition (it applies and nothing excuses it);
        None when the case leaves it open (an open world, or facts stated to be unknown).

        >>> import statute
        >>> a = statute.load("enacted").evaluate("Vic is a teacher\\nthe age of Vic is 30", closed_world=True)
        >>> a.is_under("duty_to_notify", "Vic")
        False
        >>> a.is_under("duty_to_notfy", "Vic")
        Traceback (most recent call last):
          ...
        statute.lookup.UnknownName: statute: error[E301]: the Act has no provision called 'duty_to_notfy'
          hint: did you mean 'the duty to notify suspected child sex offences' (duty_to_notify)?
        """
        provision_id = self._provision(duty, _DEONTIC, "is_under() takes a duty or prohibition; "
                                                       "use commits() for an offence, faces() for a consequence")
        return self.whether(provision_id, self._party(party), UNDER)

    def commits(self, offence: str, party: str) -> bool | None:
        """Whether the party commits an offence (by id or name); None when the case leaves it open."""
        provision_id = self._provision(offence, _OFFENCE, "commits() takes an offence; use is_under() for a duty")
        return self.whether(provision_id, self._party(party), frozenset({Status.COMMITTED}))

    def faces(self, consequence: str, party: str) -> bool | None:
        """Whether a consequence (not a crime: a barring referral, say) follows for the party; None when
        the case leaves it open."""
        provision_id = self._provision(consequence, _CONSEQUENCE, "faces() takes a consequence")
        return self.whether(provision_id, self._party(party), frozenset({Status.FOLLOWS}))

    def undetermined(self, party: str | None = None) -> list[Outcome]:
        """The outcomes the case leaves open."""
        party = self._maybe_party(party)
        return [o for o in self.outcomes if o.status is Status.UNDETERMINED and (party is None or o.party == party)]

    def offences(self, party: str | None = None) -> list[Outcome]:
        party = self._maybe_party(party)
        return [o for o in self.outcomes if o.status is Status.COMMITTED and (party is None or o.party == party)]

    def duties(self, party: str | None = None) -> list[Outcome]:
        party = self._maybe_party(party)
        return [o for o in self.outcomes
                if o.kind in (m.Kind.DUTY, m.Kind.PROHIBITION) and (party is None or o.party == party)]

    def consequences(self, party: str | None = None) -> list[Outcome]:
        party = self._maybe_party(party)
        return [o for o in self.outcomes if o.status is Status.FOLLOWS and (party is None or o.party == party)]

    def aggravations(self, party: str | None = None) -> list[Outcome]:
        party = self._maybe_party(party)
        return [o for o in self.outcomes if o.status is Status.ATTACHES and (party is None or o.party == party)]

    def maximum_penalties(self, party: str) -> list[tuple[str, m.Penalty]]:
        """(offence id, penalty) for every offence the party commits, most severe first."""
        out = [(o.provision, p) for o in self.offences(party) for p in o.penalties]
        return sorted(out, key=lambda pair: -pair[1].imprisonment_hours)

    # ── explanations ───────────────────────────────────────────────────────
    def explain(self, provision: str, party: str | None = None, **slots: str) -> Reason:
        """Why a provision has the status it has — for one party or binding.

        With no party, explains every binding that applies (or, if none does,
        why it applies to no one in the case). ``slots`` binds the provision's
        other slots by name (``child="Bella"``); an unknown slot or party raises
        :class:`~statute.lookup.UnknownName`.
        """
        from statute.explain import explain_provision

        provision_id, party = self._provision(provision), self._maybe_party(party)
        scope = self.run.ev.rules[provision_id].scope if provision_id in self.run.ev.rules else ()
        for slot, value in slots.items():
            if slot not in scope:
                listed = ", ".join("{" + s + "}" for s in scope) or "none"
                raise UnknownName("E311", f"{provision_id} has no slot {{{slot}}}", f"its slots: {listed}")
            slots[slot] = self._party(value)
        return explain_provision(self.run, provision_id, party, slots)

    @property
    def as_at(self) -> Any:
        """The day the case was assessed at (a date), or None for a timeless (undated) case."""
        timeline = getattr(self.run, "timeline", None)
        return timeline.as_at if timeline is not None else None

    def not_in_force(self, provision_id: str) -> str | None:
        """Why a provision does not bind on the as-at day, or None when it is in force (or no day)."""
        timeline = getattr(self.run, "timeline", None)
        return timeline.dormant.get(provision_id) if timeline is not None else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": "statute.assessment/1",
            "act": {"title": self.act.title, "version": self.act.version},
            "parties": list(self.case.parties),
            "world": "closed" if self.closed_world else "open",
            "outcomes": [o.to_json() for o in self.outcomes],
            "conflicts": [{"first": c.first, "second": c.second, "party": c.party, "action": c.action}
                          for c in self.conflicts],
        }
        if self.as_at is not None:
            out["as_at"] = self.as_at.isoformat()
            for outcome in out["outcomes"]:
                if outcome["status"] == Status.NOT_IN_FORCE:
                    outcome["reason"] = self.not_in_force(outcome["provision"])
        return out
