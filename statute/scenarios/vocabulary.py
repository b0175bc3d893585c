"""The Then steps: a small, fixed, law-agnostic vocabulary about outcomes.

Given and When steps are the Act's own phrases (see :mod:`statute.scenarios.state`);
Then steps are the sentences below, whatever the Act. Provisions are named by id or
``name`` (:mod:`statute.scenarios.references`); ``{party}`` is a name from the facts.
:data:`STEP_FORMS` is the one list of them: docs/drafters.md documents it, the
"unknown Then step" message quotes it, and the tests check both against it
(RegelRecht's lesson: one canonical step vocabulary, never two dialects).

Each check returns a :class:`Verdict` — passed or not, what the Act says in one line,
and the evaluator's explanation trees — or raises :class:`UnknownReference` when the
step names something the Act or the facts do not have.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from statute import model as m
from statute.case import MAX_SENTENCE, case_reader
from statute.explain import Reason, explain_outcome, explain_phrase, explain_provision
from statute.nearest import content
from statute.outcomes import BREACHES, UNDER, Assessment, Outcome, Status
from statute.render import filled_text, penalties_text
from statute.scenarios.acts import LoadedAct
from statute.scenarios.penalties import penalty_matches
from statute.scenarios.references import (
    KIND_WORDS,
    UnknownReference,
    party_hint,
    resolve_party,
    unquote,
)

MAX_TREES = 4  # explanation trees shown under one failed step


@dataclass(frozen=True)
class StepForm:
    """One documented Then step: its form, an example and what it checks."""

    form: str
    example: str
    meaning: str


class Verdict:
    """What a Then step found: whether it holds, the Act's answer in a line, and why.

    ``why`` (the explanation trees) is only read when a step fails, and explaining
    costs more than evaluating; so it may be given as a function, called on first use.
    """

    def __init__(self, passed: bool, found: str,
                 why: list[Reason] | Callable[[], list[Reason]] | None = None, ordered: bool = False) -> None:
        self.passed = passed
        self.found = found
        self._why = why
        #: The first tree is the one that decides (else the trees are ranked by how much of the case they use).
        self.ordered = ordered

    @property
    def why(self) -> list[Reason]:
        if callable(self._why):
            self._why = list(self._why())
        return list(self._why or [])


@dataclass
class Evaluated:
    """A scenario's Act and the assessment of its facts: what every check reads."""

    loaded: LoadedAct
    assessment: Assessment

    @property
    def act(self) -> m.Act:
        return self.loaded.act

    def party(self, name: str) -> str:
        found = resolve_party(name, self.assessment.case.parties)
        if found is None:
            raise UnknownReference(f"no party called {unquote(name)!r} appears in the scenario's facts",
                                   hint=party_hint(name, self.assessment.case.parties))
        return found

    def resolve(self, text: str, kinds: frozenset[m.Kind], role: str) -> m.Provision:
        return self.loaded.index.resolve(text, kinds, role)

    def cite(self, provision: m.Provision) -> str:
        return f"{provision.id}, {self.act.cite(provision)}"

    def explain(self, provision: m.Provision, party: str | None, outcomes: list[Outcome] | None = None,
                regarding: tuple[str, ...] = ()) -> list[Reason]:
        """Trees for the given outcomes, or for the provision and party as a whole (bindings with the
        parties the step names, ``regarding``, explained first)."""
        run = self.assessment.run
        if outcomes:
            return [explain_outcome(run, o.provision, o.binding) for o in outcomes[:MAX_TREES]]
        return [explain_provision(run, provision.id, party, {}, prefer=regarding)]


# ── relations: "{party} is under {duty}" and friends ─────────────────────────

DEONTIC = frozenset({m.Kind.DUTY, m.Kind.PROHIBITION})


@dataclass(frozen=True)
class Relation:
    """A verb of the vocabulary: its positive and negative wording, what it applies to, its test."""

    positive: str
    negative: tuple[str, ...]
    kinds: frozenset[m.Kind]
    role: str  # "a duty or prohibition", for errors
    holds: Callable[[list[Outcome]], bool]


def _any(*statuses: Status) -> Callable[[list[Outcome]], bool]:
    wanted = frozenset(statuses)
    return lambda outcomes: any(o.status in wanted for o in outcomes)


def _complied(outcomes: list[Outcome]) -> bool:
    under = [o for o in outcomes if o.status in UNDER]
    return bool(under) and all(o.status is Status.COMPLIED for o in under)


RELATIONS: tuple[Relation, ...] = (
    Relation("is under", ("is not under",), DEONTIC, "a duty or prohibition", _any(*UNDER)),
    Relation("has breached", ("has not breached",), DEONTIC, "a duty or prohibition", _any(*BREACHES)),
    Relation("has complied late with", ("has not complied late with",), DEONTIC, "a duty or prohibition",
             _any(Status.LATE)),
    Relation("is pending under", ("is not pending under",), DEONTIC, "a duty or prohibition", _any(Status.PENDING)),
    Relation("has complied with", ("has not complied with",), DEONTIC, "a duty or prohibition", _complied),
    Relation("is excused from", ("is not excused from",), DEONTIC, "a duty or prohibition", _any(Status.EXCUSED)),
    Relation("commits", ("does not commit",), frozenset({m.Kind.OFFENCE}), "an offence", _any(Status.COMMITTED)),
    Relation("faces", ("does not face",), frozenset({m.Kind.CONSEQUENCE}), "a consequence", _any(Status.FOLLOWS)),
    Relation("may rely on", ("cannot rely on", "may not rely on"), frozenset({m.Kind.PERMISSION}), "a permission",
             _any(Status.GRANTED)),
)
EXCUSERS = frozenset({m.Kind.EXCEPTION, m.Kind.PERMISSION, m.Kind.DUTY, m.Kind.PROHIBITION})

_VERB_OF: dict[str, tuple[Relation, bool]] = {r.positive: (r, False) for r in RELATIONS} | {
    n: (r, True) for r in RELATIONS for n in r.negative}
_PARTY = r'(?P<party>"[^"]+"|.+?)'
_VERB = "|".join(re.escape(v) for v in sorted(_VERB_OF, key=len, reverse=True))  # longest first: "is not under"
_RELATION_RE = re.compile(rf"^{_PARTY}\s+(?P<verb>{_VERB})\s+(?P<object>.+)$", re.IGNORECASE)
_QUANTIFIED = re.compile(r"^(?P<q>a|an|any|no)\s+(?P<kind>" + "|".join(sorted(KIND_WORDS, key=len, reverse=True))
                         + r")$", re.IGNORECASE)


def _splits(text: str, separator: str) -> Iterator[tuple[str, str]]:
    """Every way to cut ``text`` at ``separator`` (a word), rightmost first."""
    pattern = re.compile(rf"\s+{separator}\s+", re.IGNORECASE)
    cuts = list(pattern.finditer(text))
    for cut in reversed(cuts):
        yield text[: cut.start()], text[cut.end():]


def _regarding(ev: Evaluated, text: str) -> tuple[str, tuple[str, ...]]:
    """Split off a trailing ``regarding Bella`` (or ``regarding Bella and Tom``) when it names parties.

    When the words before ``regarding`` name a provision but the words after name no
    party of the case, that is the drafter's mistake to hear about, not part of a name.
    """
    for left, right in _splits(text, "regarding"):
        names = [n for n in re.split(r"\s*,\s*|\s+and\s+", right) if n.strip()]
        parties = [resolve_party(n, ev.assessment.case.parties) for n in names]
        if names and all(parties):
            return left, tuple(p for p in parties if p)
        if ev.loaded.index.find(left) is not None and ev.loaded.index.find(text) is None:
            unknown = next(n for n, p in zip(names, parties, strict=True) if p is None)
            ev.party(unknown)  # raises with the closest party names
    return text, ()


def _outcomes(ev: Evaluated, provision: m.Provision, party: str, regarding: tuple[str, ...]) -> list[Outcome]:
    """The party's outcomes under a provision, kept to those about every party in ``regarding``."""
    out = []
    for outcome in ev.assessment.of(provision.id, party):
        others = {v for k, v in outcome.binding if k != provision.subject}
        if all(r in others for r in regarding):
            out.append(outcome)
    return out


def _others(ev: Evaluated, outcome: Outcome) -> str:
    subject = ev.act.provision(outcome.provision).subject
    others = [v for k, v in outcome.binding if k != subject]
    return f" regarding {', '.join(others)}" if others else ""


def _status_text(ev: Evaluated, outcome: Outcome) -> str:
    """One outcome as the drafter would say it: 'is under it and has breached it regarding Bella'."""
    because = ", ".join(outcome.because)
    words = {
        Status.COMPLIED: "is under it and has complied with it",
        Status.BREACHED: "is under it and has breached it",
        Status.LATE: "is under it and has complied with it too late",
        Status.PENDING: "is under it, and its deadline is still running",
        Status.NOT_IN_FORCE: "would be under it, but it is not in force",
        Status.EXCUSED: f"is excused from it by {because}",
        Status.CONFLICT: f"is under it, in conflict with {because}",
        Status.COMMITTED: "commits it",
        Status.FOLLOWS: "faces it",
        Status.GRANTED: "may rely on it",
        Status.DEFEATED: f"would, but {because} defeats it",
    }.get(outcome.status, str(outcome.status))
    if outcome.kind is m.Kind.PERMISSION and outcome.status is Status.EXCUSED:
        words = f"cannot rely on it: {because} defeats it"
    return words + _others(ev, outcome)


def _found(ev: Evaluated, provision: m.Provision, party: str, outcomes: list[Outcome]) -> str:
    name = f"{provision.title} ({ev.cite(provision)})"
    if not outcomes:
        return f"{name} does not apply to {party}"
    return f"{name}: {party} " + "; ".join(_status_text(ev, o) for o in outcomes)


def check_relation(ev: Evaluated, found: re.Match[str]) -> Verdict:
    relation, negated = _VERB_OF[found.group("verb").casefold()]
    party = ev.party(found.group("party"))
    text, regarding = _regarding(ev, found.group("object").strip())
    quantified = _QUANTIFIED.match(text)
    if quantified:
        return _check_quantified(ev, relation, negated, party, quantified, regarding)
    provision, excuser = _object(ev, relation, text)
    outcomes = _outcomes(ev, provision, party, regarding)
    if excuser is not None:
        if isinstance(excuser, m.Exception_) and provision.id not in excuser.targets:
            raise UnknownReference(f"{excuser.title!r} ({excuser.id}) is not an exception to {provision.id}",
                                   hint=f"it is an exception to {', '.join(excuser.targets)}")
        holds = any(o.status is Status.EXCUSED and excuser.id in o.because for o in outcomes)
    else:
        holds = relation.holds(outcomes)
    return Verdict(holds != negated, _found(ev, provision, party, outcomes),
                   lambda: ev.explain(provision, party, outcomes if regarding else None, regarding))


def _object(ev: Evaluated, relation: Relation, text: str) -> tuple[m.Provision, m.Provision | None]:
    """The provision a relation is about and, for 'is excused from X by Y', the excuser Y."""
    index = ev.loaded.index
    whole = index.find(text)
    if whole is not None and whole.kind in relation.kinds:
        return whole, None
    cuts = list(_splits(text, "by")) if relation.positive == "is excused from" else []
    for left, right in cuts:
        found = index.find(left)
        if found is not None and found.kind in relation.kinds:
            return found, ev.resolve(right, EXCUSERS, "an exception, permission or rule that prevails")
    if cuts and whole is None:  # say what is wrong with the part before the first 'by'
        left, right = cuts[-1]
        return ev.resolve(left, relation.kinds, relation.role), ev.resolve(right, EXCUSERS, "an excuse")
    return ev.resolve(text, relation.kinds, relation.role), None


def _check_quantified(ev: Evaluated, relation: Relation, negated: bool, party: str, quantified: re.Match[str],
                      regarding: tuple[str, ...]) -> Verdict:
    kinds = KIND_WORDS[quantified.group("kind").casefold()]
    if not kinds & relation.kinds:
        raise UnknownReference(f"'{relation.positive} {quantified.group(0)}' mixes kinds: "
                               f"'{relation.positive}' takes {relation.role}")
    none_wanted = quantified.group("q").casefold() == "no"
    candidates = ev.loaded.index.of_kinds(kinds & relation.kinds)
    holding = [(p, os) for p in candidates if relation.holds(os := _outcomes(ev, p, party, regarding))]
    passed = (not holding) if none_wanted else bool(holding)
    if negated:
        passed = not passed
    noun = quantified.group("kind")
    if holding:
        found = "; ".join(_found(ev, p, party, os) for p, os in holding)
        return Verdict(passed, found,
                       lambda: [tree for p, os in holding for tree in ev.explain(p, party, os)][:MAX_TREES])
    listed = ", ".join(p.id for p in candidates) or f"the Act has no {noun}"
    found = f"{party} {relation.positive} no {noun} of the Act ({listed})"
    return Verdict(passed, found, lambda: [tree for p in candidates[:MAX_TREES] for tree in ev.explain(p, party)])


# ── penalties ────────────────────────────────────────────────────────────────

_PENALTY_RE = re.compile(r"^the maximum penalty for (?P<offence>.+?)(?:\s+(?P<mode>on indictment|on summary "
                         r"conviction))?\s+is\s+(?P<penalty>.+)$", re.IGNORECASE)
_OFFENCE_OF = re.compile(r"^the offence (?P<party>.+) commits$", re.IGNORECASE)
_MODES = {"on indictment": m.TrialMode.INDICTMENT, "on summary conviction": m.TrialMode.SUMMARY}


def _penalty_for(offence: m.Offence, mode: m.TrialMode | None) -> m.Penalty | None:
    if mode is not None:
        return next((p for p in offence.penalties if p.mode is mode), None)
    if not offence.penalties:
        return None
    return max(offence.penalties, key=lambda p: p.imprisonment_hours)


def check_penalty(ev: Evaluated, found: re.Match[str]) -> Verdict:
    text = found.group("offence")
    why: Callable[[], list[Reason]] | None = None
    of_party = _OFFENCE_OF.match(text)
    if of_party and ev.loaded.index.find(text) is None:
        party = ev.party(of_party.group("party"))
        committed = list(dict.fromkeys(o.provision for o in ev.assessment.offences(party)))
        if not committed:
            offences = ev.loaded.index.of_kinds({m.Kind.OFFENCE})
            return Verdict(False, f"{party} commits no offence, so there is no penalty to compare",
                           lambda: [t for p in offences[:MAX_TREES] for t in ev.explain(p, party)])
        if len(committed) > 1:
            raise UnknownReference(f"{party} commits more than one offence ({', '.join(committed)})",
                                   hint="name the offence: 'the maximum penalty for <offence> is …'")
        offence = ev.act.provision(committed[0])
        why = lambda: ev.explain(offence, party, ev.assessment.of(offence.id, party))  # noqa: E731
    else:
        offence = ev.resolve(text, frozenset({m.Kind.OFFENCE}), "an offence")
    assert isinstance(offence, m.Offence)
    mode = _MODES.get((found.group("mode") or "").casefold())
    penalty = _penalty_for(offence, mode)
    stated = f"the Act states: {penalties_text(offence)} ({ev.cite(offence)})"
    if mode is not None and penalty is None and offence.penalties:
        return Verdict(False, f"no penalty {mode} is stated; {stated}", why)
    return Verdict(penalty_matches(found.group("penalty"), penalty), stated, why)


# ── aggravation ──────────────────────────────────────────────────────────────

_AGGRAVATION_RE = re.compile(r"^(?P<offence>.+?)\s+committed by\s+(?P<party>.+?)\s+is\s+(?P<neg>not\s+)?aggravated"
                             r"(?:\s+by\s+(?P<factor>.+))?$", re.IGNORECASE)
_ANY_OFFENCE = re.compile(r"^(?:an|any) offence$", re.IGNORECASE)
_ATTACH_RE = re.compile(r"^(?P<factor>.+?)\s+(?:(?P<neg>does not attach)|attaches)\s+to\s+(?:(?P<offence>.+?)\s+"
                        r"committed by\s+)?(?P<party>.+)$", re.IGNORECASE)


def _party_regarding(ev: Evaluated, text: str) -> tuple[str, tuple[str, ...]]:
    """``D regarding Sol``: the party and the other parties the outcome must be about."""
    for left, right in _splits(text, "regarding"):
        party = resolve_party(left, ev.assessment.case.parties)
        names = [n for n in re.split(r"\s*,\s*|\s+and\s+", right) if n.strip()]
        if party is not None and names:
            return party, tuple(ev.party(n) for n in names)
    return ev.party(text), ()


def _about(outcome: Outcome, subject: str | None, regarding: tuple[str, ...]) -> bool:
    others = {v for k, v in outcome.binding if k != subject}
    return all(r in others for r in regarding)


def check_aggravation(ev: Evaluated, found: re.Match[str]) -> Verdict:
    party, regarding = _party_regarding(ev, found.group("party"))
    offence_text = found.group("offence")
    if _ANY_OFFENCE.match(offence_text):
        offences = ev.loaded.index.of_kinds({m.Kind.OFFENCE})
    else:
        offences = [ev.resolve(offence_text, frozenset({m.Kind.OFFENCE}), "an offence")]
    factor = (ev.resolve(found.group("factor"), frozenset({m.Kind.AGGRAVATING_FACTOR}), "an aggravating factor")
              if found.group("factor") else None)
    committed = [o for p in offences for o in ev.assessment.of(p.id, party)
                 if o.status is Status.COMMITTED and _about(o, p.subject, regarding)]
    if not committed:
        what = "no offence" if len(offences) != 1 else offences[0].id
        return Verdict(False, f"{party} commits {what}, so nothing aggravates it",
                       lambda: [t for p in offences[:MAX_TREES] for t in ev.explain(p, party)])
    attached = sorted({f for o in committed for f in o.aggravated_by})
    aggravated = factor.id in attached if factor is not None else bool(attached)

    def why() -> list[Reason]:
        trees = [explain_outcome(ev.assessment.run, o.provision, o.binding) for o in committed[:MAX_TREES]]
        if factor is not None and factor.id not in attached:
            trees.insert(0, _factor_tree(ev, factor, committed[0]))  # the factor that does not attach decides
        return trees

    shown = ", ".join(attached) if attached else "nothing"
    return Verdict(aggravated != bool(found.group("neg")),
                   f"{party} commits {', '.join(sorted({o.provision for o in committed}))}, aggravated by {shown}",
                   why, ordered=factor is not None and factor.id not in attached)


def _factor_tree(ev: Evaluated, factor: m.Provision, offence: Outcome) -> Reason:
    """Why a factor does not attach to this offence: its condition for the offence's binding."""
    scope = ev.assessment.run.ev.rules[factor.id].scope
    slots = {k: v for k, v in offence.binding if k in scope}
    return ev.assessment.explain(factor.id, None, **slots)


def _factor_attaches_check(ev: Evaluated, found: re.Match[str]) -> Verdict:
    """``grooming_aggravating_factor does not attach to D``: true also when D commits no offence at all."""
    factor = ev.resolve(found.group("factor"), frozenset({m.Kind.AGGRAVATING_FACTOR}), "an aggravating factor")
    party = ev.party(found.group("party"))
    assert isinstance(factor, m.AggravatingFactor)
    offences = ([ev.resolve(found.group("offence"), frozenset({m.Kind.OFFENCE}), "an offence")]
                if found.group("offence") else [ev.act.provision(t) for t in factor.targets
                                                if t in ev.act.provisions_by_id])
    committed = [o for p in offences for o in ev.assessment.of(p.id, party) if o.status is Status.COMMITTED]
    attached = [o for o in committed if factor.id in o.aggravated_by]
    negated = found.group("neg") is not None
    if not committed:
        found_text = f"{party} commits no offence {factor.id} aggravates ({', '.join(p.id for p in offences)})"
    elif attached:
        found_text = f"{factor.id} attaches to {party}'s " + ", ".join(sorted({o.provision for o in attached}))
    else:
        found_text = (f"{party} commits {', '.join(sorted({o.provision for o in committed}))}, "
                      f"which {factor.id} does not aggravate")

    def why() -> list[Reason]:
        trees = [explain_outcome(ev.assessment.run, o.provision, o.binding) for o in committed[:MAX_TREES]]
        return trees or [t for p in offences[:MAX_TREES] for t in ev.explain(p, party)]

    return Verdict(bool(attached) != negated, found_text, why)


# ── defences ─────────────────────────────────────────────────────────────────

_DEFENCE_RE = re.compile(r"^(?P<party>.+?)\s+has\s+(?P<q>a|no)\s+defence\s+to\s+(?P<rest>.+)$", re.IGNORECASE)


def check_defence(ev: Evaluated, found: re.Match[str]) -> Verdict:
    """``Acme Ltd has a defence to failure_to_prevent by adequate_procedures`` (or ``has no defence to …``)."""
    party = ev.party(found.group("party"))
    rest = found.group("rest").strip()
    index = ev.loaded.index
    offence: m.Provision | None = None
    defence: m.Provision | None = None
    whole = index.find(rest)
    if whole is not None and whole.kind is m.Kind.OFFENCE:
        offence = whole
    else:
        for left, right in _splits(rest, "by"):
            candidate = index.find(left)
            if candidate is not None and candidate.kind is m.Kind.OFFENCE:
                offence = candidate
                defence = ev.resolve(right, frozenset({m.Kind.DEFENCE}), "a defence")
                break
    if offence is None:
        offence = ev.resolve(rest, frozenset({m.Kind.OFFENCE}), "an offence")
    if isinstance(defence, m.Defence) and offence.id not in defence.targets:
        raise UnknownReference(f"{defence.title!r} ({defence.id}) is not a defence to {offence.id}",
                               hint=f"it is a defence to {', '.join(defence.targets)}")
    outcomes = ev.assessment.of(offence.id, party)
    defences = {d for o in outcomes if o.status is Status.DEFEATED for d in o.because
                if isinstance(ev.act.provisions_by_id.get(d), m.Defence)}
    has = (defence.id in defences) if defence is not None else bool(defences)
    wanted = found.group("q").casefold() == "a"
    shown = ", ".join(sorted(defences)) if defences else "no defence made out"
    chosen = offence
    return Verdict(has == wanted, f"{offence.title} ({ev.cite(offence)}): {party} — {shown}",
                   lambda: ev.explain(chosen, party, outcomes or None))


# ── what a party may do: "Alice may notify the police about Bella" ───────────

_MAY_RE = re.compile(r"^(?P<party>\S.*?)\s+(?P<modal>may|need not)\s+(?P<act>(?!rely on\b).+)$", re.IGNORECASE)


def check_may(ev: Evaluated, found: re.Match[str]) -> Verdict:
    """``Alice may notify the police about Bella``: a granted permission allows that act, whether or not
    any duty is in play (``may rely on`` names the permission; this names what it permits)."""
    party = ev.party(found.group("party"))
    modality = m.Modality.NEED_NOT if found.group("modal").casefold() == "need not" else m.Modality.MAY
    wanted = content(found.group("act")) | content(party)
    granted: list[tuple[m.Provision, Outcome]] = []
    for provision in ev.loaded.index.of_kinds({m.Kind.PERMISSION}):
        assert isinstance(provision, m.Deontic)
        if provision.modality is not modality:
            continue
        for outcome in ev.assessment.of(provision.id, party):
            allowed = content(filled_text(provision.action, dict(outcome.binding)))
            if outcome.status is Status.GRANTED and allowed == wanted:
                granted.append((provision, outcome))
    if granted:
        found_text = "; ".join(f"{p.title} ({ev.cite(p)}) permits it" for p, _ in granted)
    else:
        found_text = f"no permission of the Act granted to {party} is about that act"
    run = ev.assessment.run
    return Verdict(bool(granted), found_text,
                   lambda: [explain_outcome(run, o.provision, o.binding) for _, o in granted[:MAX_TREES]])


# ── findings: a phrase of the Act as a Then step ─────────────────────────────

_NOT_THE_CASE = re.compile(r"^it is not the case that\s+(?P<rest>.+)$", re.IGNORECASE)
_NEGATION = re.compile(r"\b(is|are|was|does|has|had) not\b|\bnot\s+", re.IGNORECASE)


def check_finding(ev: Evaluated, sentence: str) -> Verdict | None:
    """``Then Acme Ltd is a relevant commercial organisation``: a phrase of the Act (derived, stated or
    presumed) as a finding; ``… is not …`` or ``it is not the case that …`` for its negation.
    None when the sentence is no phrase of the Act."""
    reader = case_reader(ev.act)
    text = re.sub(r"\s+", " ", sentence).strip().rstrip(".")
    readings: list[tuple[str, bool]] = [(text, False)]
    whole = _NOT_THE_CASE.match(text)
    if whole:
        readings = [(whole.group("rest"), True)]
    else:
        for cut in _NEGATION.finditer(text):
            verb = (cut.group(1) or "").casefold()
            before, after = text[:cut.start()], text[cut.end():].lstrip()
            if verb == "does":  # "Wes does not work at …" is the negation of "Wes works at …"
                first, _, tail = after.partition(" ")
                forms = [first + "s", first + "es", first[:-1] + "ies" if first.endswith("y") else first + "s"]
                options = [f"{before}{form} {tail}" for form in dict.fromkeys(forms)]
            else:
                options = [before + (cut.group(1) + " " if cut.group(1) else "") + after]
            readings.extend((re.sub(r"\s+", " ", option).strip(), True) for option in options)
    run = ev.assessment.run
    for candidate, negated in readings:
        matches = [found for found in reader.match(candidate) if found[2] is None]  # facts, not numbers
        if len(matches) != 1:
            continue
        template, args, _, _ = matches[0]
        entry = template.entry
        head = entry.head if isinstance(entry, m.Definition) else m.Phrase(entry.text, entry.words, entry.slots,
                                                                            entry.span)
        env = dict(zip(head.slots, args, strict=True))
        holds = bool(run.ev.compile(head)(run, dict(env)))
        if isinstance(entry, m.Definition):
            how = f"by definition {entry.id} ({ev.act.cite(entry)})"
        elif holds:
            how = "as stated" if run.case.holds(head.key, tuple(args)) else "presumed"
        else:
            how = "not stated"
        found_text = f"{head.fill(env)}: {'holds' if holds else 'does not hold'} ({how})"
        return Verdict(holds != negated, found_text, _phrase_tree(run, head, env))
    return None


def _phrase_tree(run: Any, head: m.Phrase, env: dict[str, str]) -> Callable[[], list[Reason]]:
    """The explanation of a finding, built only if the step fails."""
    return lambda: [explain_phrase(run, head, env)]


# ── conflicts ────────────────────────────────────────────────────────────────

_CONFLICT_RE = re.compile(r"^there is (?P<q>a|no) conflict(?:\s+between\s+(?P<pair>.+))?$", re.IGNORECASE)
_RULES = frozenset({m.Kind.DUTY, m.Kind.PROHIBITION, m.Kind.PERMISSION})


def check_conflict(ev: Evaluated, found: re.Match[str]) -> Verdict:
    wanted = found.group("q").casefold() == "a"
    conflicts = ev.assessment.conflicts
    pair_text = found.group("pair")
    first: m.Provision | None = None
    if pair_text:
        for left, right in _splits(pair_text, "and"):
            if ev.loaded.index.find(left) is not None and ev.loaded.index.find(right) is not None:
                first = ev.resolve(left, _RULES, "a duty, prohibition or permission")
                second = ev.resolve(right, _RULES, "a duty, prohibition or permission")
                break
        else:
            raise UnknownReference(f"cannot tell which two provisions {pair_text!r} names",
                                   hint="write 'there is a conflict between <provision> and <provision>', "
                                        "each by id or name")
        conflicts = [c for c in conflicts if {c.first, c.second} == {first.id, second.id}]
    found_text = "; ".join(f"{c.first} and {c.second} conflict for {c.party} about '{c.action}'"
                           for c in conflicts) or "there is no conflict"
    why: Callable[[], list[Reason]] | None = None
    if first is not None:
        parties: list[str | None] = list(dict.fromkeys(c.party for c in conflicts)) or [None]
        rule = first
        why = lambda: [t for party in parties[:MAX_TREES] for t in ev.explain(rule, party)]  # noqa: E731
    return Verdict(bool(conflicts) == wanted, found_text, why)


_IN_FORCE_RE = re.compile(r"^(?P<object>.+?)\s+is\s+(?P<negated>not\s+)?in\s+force$", re.IGNORECASE)


def check_in_force(ev: Evaluated, found: re.Match[str]) -> Verdict:
    """``duty_to_notify is not in force``: on the case's date (statute.timeline); an undated case is timeless."""
    provision = ev.resolve(found.group("object").strip(), frozenset(m.Kind), "a provision")
    reason = ev.assessment.not_in_force(provision.id)
    day = ev.assessment.as_at
    if day is None:
        said = f"{provision.title} ({ev.cite(provision)}) binds: the scenario gives no date (say 'Given the date is …')"
    else:
        said = reason or f"{ev.cite(provision)} is in force on {day.isoformat()}"
    wanted_in_force = found.group("negated") is None
    return Verdict((reason is None) == wanted_in_force, said)


# ── the vocabulary ───────────────────────────────────────────────────────────

Check = Callable[[Evaluated, re.Match[str]], Verdict]
#: Tried in order; the first pattern that matches decides (the specific forms come before the relations).
MATCHERS: tuple[tuple[re.Pattern[str], Check], ...] = (
    (_PENALTY_RE, check_penalty),
    (_AGGRAVATION_RE, check_aggravation),
    (_ATTACH_RE, _factor_attaches_check),
    (_CONFLICT_RE, check_conflict),
    (_IN_FORCE_RE, check_in_force),
    (_DEFENCE_RE, check_defence),
    (_RELATION_RE, check_relation),
    (_MAY_RE, check_may),
)

#: The one form no pattern matches: a phrase of the Act, read with the Act's own vocabulary (check_finding).
FINDING_FORM = StepForm('{phrase of the Act} / {phrase} with not',
    'Acme Ltd is a relevant commercial organisation',
    "a finding: the phrase holds (stated, derived by a definition, or presumed); `… is not …` (or "
    "'it is not the case that …') for the opposite. Any phrase `statute phrases ACT` lists")

STEP_FORMS: tuple[StepForm, ...] = (
    StepForm('{party} is under {duty}',
             'Alice is under the duty to notify suspected child sex offences',
             'the duty (or prohibition) applies to the party and no exception or permission excuses '
             'it'),
    StepForm('{party} is not under {duty}',
             'Vic is not under duty_to_notify',
             'the duty does not apply to the party, or it is excused'),
    StepForm('{party} has breached {duty}',
             'Alice has breached the duty to notify suspected child sex offences',
             'the party is under the duty and has not done what it requires (or did it too late)'),
    StepForm('{party} has not breached {duty}',
             'Alice has not breached duty_to_notify',
             'no binding of the duty is breached'),
    StepForm('{party} has complied with {duty}',
             'Alice has complied with duty_to_notify',
             'the party is under the duty and has complied wherever it applies'),
    StepForm('{party} has not complied with {duty}',
             'Alice has not complied with duty_to_notify',
             "the opposite of 'has complied with' (so also when the duty does not apply)"),
    StepForm('{party} has complied late with {duty}',
             'Vic has complied late with duty_to_notify',
             'the party did what the duty requires, but after its deadline (a breach of the deadline: '
             "'has breached' holds too)"),
    StepForm('{party} is pending under {duty}',
             'Vic is pending under duty_to_notify',
             "in a dated case: the party is under the duty, has not yet done it, and the deadline is "
             "still running (not a breach); 'is not pending under' for the opposite"),
    StepForm('{provision} is not in force',
             'duty_to_notify is not in force',
             "in a dated case: the provision (or a section or the Act around it) is not in force on the "
             "case's date, so it binds no one; '{provision} is in force' for the opposite"),
    StepForm('{party} is excused from {duty}',
             'Alice is excused from duty_to_notify',
             "the duty's conditions are met but an exception or a permission excuses the party"),
    StepForm('{party} is excused from {duty} by {exception or permission}',
             'Alice is excused from duty_to_notify by the lawful delay of up to seven days',
             '… and this exception or permission is among those that excuse'),
    StepForm('{party} is not excused from {duty}',
             'Alice is not excused from duty_to_notify',
             'no binding of the duty is excused'),
    StepForm('{party} commits {offence}',
             'Harry commits preventing_or_deterring',
             "the offence's elements are met and no exception defeats it"),
    StepForm('{party} does not commit {offence}',
             'Pam does not commit preventing_or_deterring',
             "the opposite of 'commits'"),
    StepForm('{party} faces {consequence}',
             'Alice faces barring_referral',
             'the consequence (e.g. a referral) follows for the party'),
    StepForm('{party} does not face {consequence}',
             'Alice does not face regulator_action',
             "the opposite of 'faces'"),
    StepForm('{party} may rely on {permission}',
             'Alice may rely on delay_where_child_at_risk',
             'the permission is granted to the party'),
    StepForm('{party} cannot rely on {permission}',
             'Cara cannot rely on no_limitation_period',
             "the permission does not apply, or an exception defeats it ('may not rely on' also "
             'works)'),
    StepForm('{party} <verb> a {kind} / {party} <verb> no {kind}',
             'Alice commits no offence',
             "any verb above with 'a' (or 'an') or 'no' and a kind — duty, prohibition, permission, "
             "offence, consequence — instead of a provision: some / none of the Act's provisions of "
             'that kind'),
    StepForm('… regarding {party}',
             'Alice has breached duty_to_notify regarding Bella',
             'after any verb above: only the outcomes about these parties (e.g. the child); '
             '`regarding Bella and Tom` for two'),
    StepForm('the maximum penalty for {offence} on indictment is {penalty}',
             'the maximum penalty for preventing_or_deterring on indictment is imprisonment up to 7 '
             'years',
             'the penalty the Act states for that mode of trial ([forms accepted](#penalties))'),
    StepForm('the maximum penalty for {offence} on summary conviction is {penalty}',
             'the maximum penalty for preventing_or_deterring on summary conviction is a fine',
             'the same, on summary conviction'),
    StepForm('the maximum penalty for {offence} is {penalty}',
             'the maximum penalty for the offence Harry commits is imprisonment up to 7 years',
             'without a mode: the most severe penalty the Act states; `the offence {party} commits` '
             'names the one offence the party commits'),
    StepForm('{offence} committed by {party} is aggravated by {factor}',
             'specified_child_sex_offence committed by B is aggravated by grooming_aggravating_factor',
             'the party commits the offence and the factor attaches to it (`an offence` for any '
             'offence; without `by {factor}`, any factor; `committed by D regarding Sol` for the offence '
             'against Sol only)'),
    StepForm('{offence} committed by {party} is not aggravated by {factor}',
             'an offence committed by D is not aggravated',
             'the party commits the offence and the factor does not attach (if the party commits no '
             'such offence, the step fails: there is nothing to aggravate)'),
    StepForm('{factor} does not attach to {party}',
             'grooming_aggravating_factor does not attach to R',
             'the factor attaches to no offence the party commits, also when the party commits none '
             '(`{factor} attaches to {offence} committed by {party}` for the positive)'),
    StepForm('{party} has a defence to {offence} by {defence}',
             'Acme Ltd has a defence to failure_to_prevent_bribery by adequate_procedures',
             "the offence's elements are met but the defence is made out (proved, or raised, as its burden "
             'says), so the party does not commit it; without `by {defence}`, any defence'),
    StepForm('{party} has no defence to {offence}',
             'Acme Ltd has no defence to failure_to_prevent_bribery',
             'no defence to the offence is made out for the party'),
    StepForm('{party} may {act} / {party} need not {act}',
             'Alice may notify the police or the local authority about Bella',
             "a permission granted to the party allows (or waives) that act, in its own words, whether or "
             "not a duty is in play ('may rely on' names the permission instead)"),
    FINDING_FORM,
    StepForm('there is a conflict between {rule} and {rule}',
             'there is a conflict between sound_alarm and silence_in_hospital_zone',
             'both rules apply to the same act of the same party, disagree, and nothing ranks them'),
    StepForm('there is no conflict between {rule} and {rule}',
             'there is no conflict',
             'the opposite (without `between …`: no conflict at all)'),
)


def match(sentence: str) -> tuple[re.Match[str], Check] | None:
    """The check a Then sentence asks for, or None when it is not in the vocabulary.

    A sentence longer than the case reader's ``MAX_SENTENCE`` is none: the aggravation form's two
    lazy groups backtrack quadratically ("x committed by x committed by …": 16,000 characters took
    0.4 s, a megabyte would take half an hour).
    """
    if len(sentence) > MAX_SENTENCE:
        return None
    text = re.sub(r"\s+", " ", sentence).strip().rstrip(".")
    for pattern, check in MATCHERS:
        found = pattern.match(text)
        if found:
            return found, check
    return None


def closest_forms(sentence: str, n: int = 3) -> list[StepForm]:
    """The documented forms nearest a sentence that is none of them (by shared words)."""
    words = set(re.findall(r"[a-z]+", sentence.casefold()))

    def score(form: StepForm) -> float:
        fixed = set(re.findall(r"[a-z]+", re.sub(r"\{[^}]*\}", " ", form.form).casefold()))
        return len(words & fixed) / (len(fixed) or 1)

    return sorted(STEP_FORMS, key=score, reverse=True)[:n]


def vocabulary_text(indent: str = "    ") -> str:
    return "\n".join(indent + f.form for f in STEP_FORMS)


__all__ = ["MATCHERS", "STEP_FORMS", "Evaluated", "StepForm", "Verdict", "closest_forms", "match"]
