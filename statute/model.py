"""The typed model of an Act: frozen dataclasses, each carrying its source span.

The parser builds these; every later stage (checks, graph, evaluator, scenarios)
reads them and never sees a Lark tree. Nothing here knows about any particular
Act: the vocabulary, the provisions and their sections are all data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """Where something was written: 1-based line and column, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


# ── Phrases ──────────────────────────────────────────────────────────────────

_SLOT = re.compile(r"\{([^{}]*)\}")
_SPACES = re.compile(r"\s+")


def normalise_words(text: str) -> str:
    """Collapse runs of whitespace and fold case: how literal words are compared."""
    return _SPACES.sub(" ", text).strip().casefold()


def split_template(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split ``"{child} tells {person} about X"`` into words and slot names.

    Returns ``(words, slots)`` with ``len(words) == len(slots) + 1``; the words
    keep their original spelling, the slot names are whitespace-normalised.
    """
    words: list[str] = []
    slots: list[str] = []
    last = 0
    for match in _SLOT.finditer(text):
        words.append(text[last : match.start()])
        slots.append(_SPACES.sub(" ", match.group(1)).strip())
        last = match.end()
    words.append(text[last:])
    return tuple(words), tuple(slots)


@lru_cache(maxsize=1 << 18)  # looked up for every use of a phrase, by every pass: compute each once
def template_key(words: tuple[str, ...]) -> str:
    """The identity of a phrase: its literal words with every slot as ``{}``.

    ``"{person} is a teacher"`` and ``"{p}  is a Teacher"`` share the key
    ``"{} is a teacher"``; slot names never matter for identity.
    """
    return "{}".join(_SPACES.sub(" ", w).casefold() for w in words).strip()


@dataclass(frozen=True, slots=True)
class Phrase:
    """A use of an English phrase, e.g. ``"{person} is a teacher"``."""

    text: str
    words: tuple[str, ...]
    slots: tuple[str, ...]
    span: Span

    @property
    def key(self) -> str:
        return template_key(self.words)

    def fill(self, values: dict[str, str]) -> str:
        """The phrase with each slot replaced by its value (or left as {slot})."""
        out = [self.words[0]]
        for slot, word in zip(self.slots, self.words[1:], strict=True):
            out.append(values.get(slot, "{" + slot + "}"))
            out.append(word)
        return _SPACES.sub(" ", "".join(out)).strip()


# ── Conditions ───────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    span: Span

    def __str__(self) -> str:
        return format_number(self.value)


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class Comparator(StrEnum):
    EQ = "is"
    NE = "is not"
    GE = "is at least"
    LE = "is at most"
    LT = "is under"
    GT = "is over"


@dataclass(frozen=True, slots=True)
class Comparison:
    """``"the age of {child}" is under 13``."""

    left: Phrase
    op: Comparator
    right: Phrase | Number
    span: Span


class Relation(StrEnum):
    """What a condition may ask of another provision's outcome for a party."""

    UNDER = "is under"
    BREACHES = "breaches"
    COMPLIES = "complies with"
    EXCUSED = "is excused from"
    COMMITS = "commits"
    FACES = "faces"


@dataclass(frozen=True, slots=True)
class StatusTest:
    """``{person} breaches notify``: a condition on another provision's outcome.

    ``regarding`` names slots shared with the target: ``{reporter} is under
    duty_to_notify regarding {child}`` asks about the binding of the duty whose
    ``{child}`` is this condition's ``{child}``, not about any child.
    """

    party: str
    relation: Relation
    provision: str
    span: Span  # from the party to the provision id
    regarding: tuple[str, ...] = ()
    #: ``is excused from duty_to_notify by delay_where_child_at_risk``: excused by that provision only
    by: str | None = None


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class All:
    operands: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class AnyOf:
    operands: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Some:
    """``some {x}: …`` — true when some party in the case makes the body true."""

    variables: tuple[str, ...]
    body: Expr
    span: Span


Expr = Phrase | Comparison | StatusTest | Not | All | AnyOf | Some


def walk(expr: Expr):
    """Yield every node of a condition, depth first, parents before children."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (All, AnyOf)):
            stack.extend(reversed(node.operands))
        elif isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, Some):
            stack.append(node.body)


def phrases_in(expr: Expr | None):
    """Every phrase a condition reads, including both sides of comparisons."""
    if expr is None:
        return
    for node in walk(expr):
        if isinstance(node, Phrase):
            yield node
        elif isinstance(node, Comparison):
            yield node.left
            if isinstance(node.right, Phrase):
                yield node.right


def free_variables(expr: Expr | None) -> frozenset[str]:
    """Slots a condition uses that no ``some`` inside it binds."""
    if expr is None:
        return frozenset()
    if isinstance(expr, Phrase):
        return frozenset(expr.slots)
    if isinstance(expr, Comparison):
        right = expr.right.slots if isinstance(expr.right, Phrase) else ()
        return frozenset(expr.left.slots) | frozenset(right)
    if isinstance(expr, StatusTest):
        return frozenset({expr.party, *expr.regarding})
    if isinstance(expr, Not):
        return free_variables(expr.operand)
    if isinstance(expr, (All, AnyOf)):
        out: frozenset[str] = frozenset()
        for operand in expr.operands:
            out |= free_variables(operand)
        return out
    if isinstance(expr, Some):
        return free_variables(expr.body) - frozenset(expr.variables)
    raise TypeError(f"not a condition: {expr!r}")


# ── Vocabulary ───────────────────────────────────────────────────────────────


class TermKind(StrEnum):
    FACT = "fact"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class Term:
    """A declared phrase template: the Act's vocabulary and the scenarios' steps."""

    text: str
    words: tuple[str, ...]
    slots: tuple[str, ...]
    kind: TermKind
    span: Span
    section: str | None = None
    #: ``number "the days since …" counts days since "{person} is told …"``: with dated facts the
    #: number is computed (days from the first date the phrase held to the as-at date), not stated.
    since: Phrase | None = None
    since_unit: str = "days"

    @property
    def key(self) -> str:
        return template_key(self.words)


# ── Time ─────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class InForce:
    """When an Act, a section or a provision has effect: ``in force from …``, ``repealed on …``.

    In force on a day ``d`` when ``start <= d`` (or no start is stated), the day has been
    appointed and has come (``appointed``: "on a day appointed by regulations", not in force
    until a case or configuration names the day), and ``d < end`` (repealed on ``end``).
    """

    start: date | None = None
    appointed: str | None = None  # who appoints the day ("regulations"); None when nothing is to be appointed
    end: date | None = None
    span: Span | None = None

    def __str__(self) -> str:
        parts = []
        if self.appointed:
            parts.append(f"in force on a day appointed by {self.appointed}")
        elif self.start:
            parts.append(f"in force from {self.start.isoformat()}")
        if self.end:
            parts.append(f"repealed on {self.end.isoformat()}")
        return ", ".join(parts) or "in force"


# ── Provisions ───────────────────────────────────────────────────────────────


class Kind(StrEnum):
    DUTY = "duty"
    PROHIBITION = "prohibition"
    PERMISSION = "permission"
    OFFENCE = "offence"
    CONSEQUENCE = "consequence"
    DEFINITION = "definition"
    EXCEPTION = "exception"
    AGGRAVATING_FACTOR = "aggravating factor"
    DEFENCE = "defence"
    PRESUMPTION = "presumption"


class Burden(StrEnum):
    """Who must prove a defence, and how much: the accused proves it (legal), or raises it (evidential)."""

    LEGAL = "legal"
    EVIDENTIAL = "evidential"


#: The standard a legal burden on the accused is discharged on, unless the provision says otherwise.
BALANCE_OF_PROBABILITIES = "on the balance of probabilities"


class Confidence(StrEnum):
    """How sure the encoding is of the law it states (research tags V / S / R)."""

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"


class Modality(StrEnum):
    MUST = "must"
    MUST_NOT = "must not"
    NEED_NOT = "need not"
    MAY = "may"

    @property
    def polarity(self) -> bool:
        """True when the rule is about doing the act, False about not doing it."""
        return self in (Modality.MUST, Modality.MAY)

    @property
    def obligatory(self) -> bool:
        return self in (Modality.MUST, Modality.MUST_NOT)


_UNIT_HOURS = {"minutes": 1 / 60, "hours": 1, "days": 24, "weeks": 168, "months": 730.5, "years": 8766}
#: Units that convert exactly (a month or a year has no fixed number of days).
EXACT_UNIT_HOURS = {"minutes": 1 / 60, "hours": 1, "days": 24, "weeks": 168}


def time_unit(word: str) -> str | None:
    """The plural unit a word names (``Day`` → ``days``), or None when it names no unit of time."""
    word = word.casefold()
    plural = word if word.endswith("s") else word + "s"
    return plural if plural in _UNIT_HOURS else None


def phrase_unit(text: str) -> str | None:
    """The unit of time a number phrase counts in, from its own words ("the days since …" → days).

    None when the phrase names no unit, or names more than one (then nothing can be checked).
    """
    words = re.split(r"[^A-Za-z]+", re.sub(r"\{[^{}]*\}", " ", text))
    units = {unit for unit in map(time_unit, words) if unit is not None}
    return units.pop() if len(units) == 1 else None


def convert_time(amount: float, unit: str, into: str) -> float | None:
    """``amount`` of ``unit`` in ``into``, or None when the two do not convert exactly."""
    if unit == into:
        return amount
    if unit in EXACT_UNIT_HOURS and into in EXACT_UNIT_HOURS:
        return amount * EXACT_UNIT_HOURS[unit] / EXACT_UNIT_HOURS[into]
    return None


@dataclass(frozen=True, slots=True)
class Duration:
    amount: float
    unit: str  # plural: years, months, weeks, days, hours, minutes

    def __str__(self) -> str:
        unit = self.unit[:-1] if self.amount == 1 else self.unit
        return f"{format_number(self.amount)} {unit}"

    @property
    def hours(self) -> float:
        return self.amount * _UNIT_HOURS[self.unit]


@dataclass(frozen=True, slots=True)
class Deadline:
    """``by "as soon as practicable"`` and/or ``within 72 hours measured by "…"``."""

    description: str | None = None
    limit: Duration | None = None
    measured_by: Phrase | None = None

    def __str__(self) -> str:
        parts = []
        if self.limit is not None:
            parts.append(f"within {self.limit}")
        if self.description:
            parts.append(self.description)
        return ", ".join(parts)


class TrialMode(StrEnum):
    INDICTMENT = "on indictment"
    SUMMARY = "on summary conviction"
    UNSPECIFIED = "mode of trial not stated"


@dataclass(frozen=True, slots=True)
class Imprisonment:
    term: Duration | None
    description: str | None = None

    def __str__(self) -> str:
        return f"imprisonment up to {self.term if self.term else self.description}"


@dataclass(frozen=True, slots=True)
class Fine:
    limit: str | None = None  # None: an unlimited fine

    def __str__(self) -> str:
        return f"a fine up to {self.limit}" if self.limit else "an unlimited fine"


@dataclass(frozen=True, slots=True)
class Penalty:
    """The maximum penalty for one mode of trial."""

    mode: TrialMode
    imprisonment: Imprisonment | None = None
    fine: Fine | None = None
    described: tuple[str, ...] = ()
    cumulative: bool = False  # "… or both"
    span: Span | None = None
    stated: bool = True  # False: the source states no penalty ("penalty: not stated")
    #: ``on indictment for "{person} is a body corporate": …``: the penalty for offenders of whom it holds
    offender: Phrase | None = None
    #: ``on indictment from 2027-01-01: …``: the maximum for offences committed on or after that day
    since: date | None = None

    def __str__(self) -> str:
        if not self.stated:
            return "not stated"
        parts = [str(p) for p in (self.imprisonment, self.fine) if p is not None]
        parts.extend(self.described)
        text = ", ".join(parts[:-1]) + (" or " if len(parts) > 1 else "") + parts[-1] if parts else "unstated"
        if self.cumulative and len(parts) > 1:
            text += " or both"
        return text

    @property
    def imprisonment_hours(self) -> float:
        """Maximum custody in hours, for sorting; 0 when none or not numeric."""
        if self.imprisonment and self.imprisonment.term:
            return self.imprisonment.term.hours
        return 0.0


@dataclass(frozen=True, slots=True)
class Reference:
    """Where a provision names another by id: ``to``, ``aggravates``, ``subject to``, ``notwithstanding``.

    Kept so that a diagnostic about a reference (unknown id, wrong kind) points
    at the name the drafter wrote, not at the start of the provision.
    """

    target: str
    role: str  # "to", "aggravates", "subject to" or "notwithstanding"
    span: Span


@dataclass(frozen=True, kw_only=True)
class Provision:
    """What every provision shares: identity, place in the Act, provenance."""

    id: str
    kind: Kind
    label: str | None
    section: str  # eid of the enclosing section
    eid: str  # Akoma Ntoso style, e.g. sec_85__subsec_1
    span: Span
    name: str | None = None
    text: str | None = None
    source: str | None = None
    note: str | None = None
    confidence: Confidence | None = None
    subject_to: tuple[str, ...] = ()
    notwithstanding: tuple[str, ...] = ()
    id_span: Span | None = None  # where the id is written in the heading
    references: tuple[Reference, ...] = ()
    in_force: InForce | None = None

    def span_of(self, target: str, role: str) -> Span:
        """Where this provision names ``target`` in ``role``; its own span if not recorded."""
        for reference in self.references:
            if reference.target == target and reference.role == role:
                return reference.span
        return self.span

    @property
    def subject(self) -> str | None:
        """The slot naming the party the provision is about, if it has one."""
        return None

    @property
    def condition(self) -> Expr | None:
        return None

    @property
    def title(self) -> str:
        return self.name or self.id.replace("_", " ")


@dataclass(frozen=True, kw_only=True)
class Definition(Provision):
    head: Phrase
    body: Expr

    @property
    def condition(self) -> Expr:
        return self.body


@dataclass(frozen=True, kw_only=True)
class Deontic(Provision):
    """A duty (must), prohibition (must not) or permission (may / need not)."""

    holder: str
    when: Expr | None
    modality: Modality
    action: Expr
    deadline: Deadline | None = None
    recipient: str | None = None

    @property
    def subject(self) -> str:
        return self.holder

    @property
    def condition(self) -> Expr | None:
        return self.when


@dataclass(frozen=True, kw_only=True)
class Offence(Provision):
    offender: str
    elements: Expr | None
    penalties: tuple[Penalty, ...] = ()

    @property
    def subject(self) -> str:
        return self.offender

    @property
    def condition(self) -> Expr | None:
        return self.elements

    @property
    def mode_of_trial(self) -> str:
        modes = {p.mode for p in self.penalties}
        if {TrialMode.INDICTMENT, TrialMode.SUMMARY} <= modes:
            return "triable either way"
        if TrialMode.INDICTMENT in modes:
            return "triable only on indictment"
        if TrialMode.SUMMARY in modes:
            return "triable only summarily"
        return "mode of trial not stated"


@dataclass(frozen=True, kw_only=True)
class Consequence(Provision):
    """An outcome that is not a crime, e.g. a referral for barring."""

    party: str
    when: Expr | None

    @property
    def subject(self) -> str:
        return self.party

    @property
    def condition(self) -> Expr | None:
        return self.when


@dataclass(frozen=True, kw_only=True)
class Exception_(Provision):
    """Defeats its targets wherever its condition holds."""

    targets: tuple[str, ...]
    when: Expr

    @property
    def condition(self) -> Expr:
        return self.when


@dataclass(frozen=True, kw_only=True)
class Defence(Exception_):
    """A defence to an offence: defeats it where its condition is proved, by whom and on what standard.

    Unlike an exception, which limits what the offence is, a defence is an answer to a charge
    that someone must prove: with a *legal* burden the accused proves it (``standard``, usually
    on the balance of probabilities); with an *evidential* burden the accused need only raise it,
    and the prosecution must then disprove it beyond reasonable doubt. A case states what is
    proved (or raised); in a closed world a defence the case does not state is not made out.
    """

    burden: Burden = Burden.LEGAL
    standard: str | None = None
    proved_by: str | None = None  # the slot of the party who bears the burden; None: the offender


@dataclass(frozen=True, kw_only=True)
class Presumption(Provision):
    """``presumes "{a} performs services for {c}" when "{a} is an employee of {c}" unless …``.

    The presumed phrase is a fact a case can state; the presumption makes it hold also where the
    basis holds and the rebuttal (``unless``) is not stated. Without ``unless`` it is conclusive.
    """

    head: Phrase
    basis: Expr
    rebuttal: Expr | None = None

    @cached_property
    def condition(self) -> Expr:
        if self.rebuttal is None:
            return self.basis
        return All((self.basis, Not(self.rebuttal, self.rebuttal.span)), self.basis.span)


@dataclass(frozen=True, kw_only=True)
class AggravatingFactor(Provision):
    targets: tuple[str, ...]
    when: Expr
    effect: str | None = None

    @property
    def condition(self) -> Expr:
        return self.when


# ── Structure ────────────────────────────────────────────────────────────────


#: Akoma Ntoso eid prefixes by kind of section: ``section 85`` is ``sec_85``.
EID_PREFIX = {"section": "sec", "clause": "cl", "schedule": "sch", "part": "part", "chapter": "chp",
              "paragraph": "para", "article": "art", "regulation": "reg", "claim": "claim"}


@dataclass(frozen=True, kw_only=True)
class Section:
    kind: str  # section, clause, schedule, …
    number: str
    heading: str | None
    eid: str
    span: Span
    parent: str | None = None
    text: str | None = None
    source: str | None = None
    note: str | None = None
    confidence: Confidence | None = None
    in_force: InForce | None = None

    @property
    def citation(self) -> str:
        """How the section is cited in prose: s.85, cl.43, Sch 8, para 3."""
        short = {"section": "s.", "clause": "cl. ", "schedule": "Sch. ", "part": "Part ",
                 "chapter": "Chapter ", "paragraph": "para. ", "article": "art. ",
                 "regulation": "reg. ", "claim": "claim "}
        return f"{short.get(self.kind, self.kind + ' ')}{self.number}"


@dataclass(frozen=True, kw_only=True)
class Act:
    title: str
    span: Span
    citation: str | None = None
    version: str | None = None
    extent: str | None = None
    source: str | None = None
    note: str | None = None
    confidence: Confidence | None = None
    terms: tuple[Term, ...] = ()
    sections: tuple[Section, ...] = ()
    provisions: tuple[Provision, ...] = ()
    files: tuple[str, ...] = ()
    in_force: InForce | None = None

    @cached_property
    def provisions_by_id(self) -> dict[str, Provision]:
        out: dict[str, Provision] = {}
        for provision in self.provisions:
            out.setdefault(provision.id, provision)
        return out

    @cached_property
    def sections_by_eid(self) -> dict[str, Section]:
        return {section.eid: section for section in self.sections}

    @cached_property
    def terms_by_key(self) -> dict[str, Term]:
        out: dict[str, Term] = {}
        for term in self.terms:
            out.setdefault(term.key, term)
        return out

    @cached_property
    def definitions_by_key(self) -> dict[str, Definition]:
        out: dict[str, Definition] = {}
        for provision in self.provisions:
            if isinstance(provision, Definition):
                out.setdefault(provision.head.key, provision)
        return out

    @cached_property
    def presumptions_by_key(self) -> dict[str, tuple[Presumption, ...]]:
        """The presumptions of each presumed phrase, by phrase key."""
        out: dict[str, list[Presumption]] = {}
        for provision in self.provisions:
            if isinstance(provision, Presumption):
                out.setdefault(provision.head.key, []).append(provision)
        return {key: tuple(found) for key, found in out.items()}

    def evaluate(self, facts: Any, as_at: date | None = None, closed_world: bool | None = None) -> Any:
        """Evaluate a case (text, sentences, JSON data or a Case) → an Assessment; ``as_at``: the law
        and the facts as at that day (overriding the case's own date); ``closed_world``: the world
        assumption when the case declares none.

        A convenience for :func:`statute.evaluate.evaluate`; the model itself
        knows nothing about evaluation, so the import is deferred.
        """
        from statute.evaluate import evaluate

        return evaluate(self, facts, as_at, closed_world)

    def provision(self, provision_id: str) -> Provision:
        return self.provisions_by_id[provision_id]

    def section_of(self, provision: Provision) -> Section:
        return self.sections_by_eid[provision.section]

    def cite(self, provision: Provision) -> str:
        """``s.85(1)`` style citation of a provision."""
        return self.section_of(provision).citation + (provision.label or "")

    def quote(self, provision: Provision) -> str | None:
        """The text to quote for a provision: its own, else its section's."""
        return provision.text or self.section_of(provision).text

    def provenance(self, provision: Provision) -> tuple[str | None, Confidence | None]:
        """The source and confidence that apply to a provision (inherited upwards)."""
        source, confidence = provision.source, provision.confidence
        eid: str | None = provision.section
        while eid is not None and (source is None or confidence is None):
            section = self.sections_by_eid[eid]
            source = source or section.source
            confidence = confidence or section.confidence
            eid = section.parent
        return source or self.source, confidence or self.confidence

    @property
    def phrases(self) -> dict[str, Term | Definition]:
        """Every phrase a condition or a case may use: declared terms and defined ones."""
        out: dict[str, Term | Definition] = dict(self.terms_by_key)
        for key, definition in self.definitions_by_key.items():
            out.setdefault(key, definition)
        return out


PROVISION_TYPES: dict[Kind, type[Provision]] = {
    Kind.DUTY: Deontic,
    Kind.PROHIBITION: Deontic,
    Kind.PERMISSION: Deontic,
    Kind.OFFENCE: Offence,
    Kind.CONSEQUENCE: Consequence,
    Kind.DEFINITION: Definition,
    Kind.EXCEPTION: Exception_,
    Kind.AGGRAVATING_FACTOR: AggravatingFactor,
    Kind.DEFENCE: Defence,
    Kind.PRESUMPTION: Presumption,
}



@dataclass(frozen=True, kw_only=True)
class ActHeader:
    """The ``act "…":`` block of one file, before files are assembled."""

    title: str
    span: Span
    citation: str | None = None
    version: str | None = None
    extent: str | None = None
    source: str | None = None
    note: str | None = None
    confidence: Confidence | None = None
    in_force: InForce | None = None


@dataclass(frozen=True, kw_only=True)
class Fragment:
    """What one ``.law`` file contributes to an Act."""

    file: str
    header: ActHeader | None = None
    terms: tuple[Term, ...] = ()
    sections: tuple[Section, ...] = ()
    provisions: tuple[Provision, ...] = ()
