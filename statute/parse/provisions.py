"""Validating provision nodes into the model: fields, body lines, and one builder per kind.

Structural rules that a grammar would enforce badly (which fields a duty
needs, which keys are known) are checked here, so the messages can name the
provision and suggest the nearest key instead of listing tokens. Each kind
of provision has its builder in :data:`PROVISION_BUILDERS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from statute import model as m
from statute.diagnostics import Diagnostic, at, did_you_mean, repeated_slot_hint
from statute.parse.syntax_errors import SYNONYMS
from statute.parse.transform import BuildError, Field, Item, Node

ACT_FIELDS = {"citation", "version", "extent", "source", "note", "confidence"}
SECTION_FIELDS = {"text", "source", "note", "confidence"}
PROVISION_FIELDS = {"name", "text", "source", "note", "confidence"}
KIND_FIELDS: dict[m.Kind, set[str]] = {
    m.Kind.DUTY: {"by", "to"},
    m.Kind.PROHIBITION: {"to"},
    m.Kind.PERMISSION: {"by", "to"},
    m.Kind.AGGRAVATING_FACTOR: {"effect"},
    m.Kind.DEFENCE: {"burden", "standard"},
}
#: Which body lines each kind of provision takes (beyond fields).
KIND_ITEMS: dict[m.Kind, set[str]] = {
    m.Kind.DUTY: {"holder", "when", "modal", "within", "subject to", "notwithstanding"},
    m.Kind.PROHIBITION: {"holder", "when", "modal", "subject to", "notwithstanding"},
    m.Kind.PERMISSION: {"holder", "when", "modal", "within", "subject to", "notwithstanding"},
    m.Kind.OFFENCE: {"holder", "when", "penalty", "subject to", "notwithstanding"},
    m.Kind.CONSEQUENCE: {"holder", "when", "subject to", "notwithstanding"},
    m.Kind.DEFINITION: {"means"},
    m.Kind.EXCEPTION: {"when", "subject to", "notwithstanding"},
    m.Kind.AGGRAVATING_FACTOR: {"when", "aggravates", "subject to", "notwithstanding"},
    m.Kind.DEFENCE: {"holder", "when", "subject to", "notwithstanding"},
    m.Kind.PRESUMPTION: {"presumes", "when", "unless"},
}
_ITEM_WORDS = {"holder": "holder", "when": "when", "modal": "must/may", "within": "within",
               "subject to": "subject to", "notwithstanding": "notwithstanding", "aggravates": "aggravates",
               "penalty": "a penalty line", "means": "means", "presumes": "presumes", "unless": "unless"}
_HOLDER_WORD = {m.Kind.OFFENCE: "committed by", m.Kind.CONSEQUENCE: "faced by"}
#: The words each kind's body lines may start with, for "did you mean" on a misspelt one.
_KIND_KEYWORDS: dict[m.Kind, tuple[str, ...]] = {
    m.Kind.DUTY: ("holder", "when", "must", "within", "subject to", "notwithstanding"),
    m.Kind.PROHIBITION: ("holder", "when", "must not", "subject to", "notwithstanding"),
    m.Kind.PERMISSION: ("holder", "when", "may", "need not", "within", "subject to", "notwithstanding"),
    m.Kind.OFFENCE: ("committed by", "when", "on indictment", "on summary conviction", "penalty", "subject to",
                     "notwithstanding"),
    m.Kind.CONSEQUENCE: ("faced by", "when", "subject to", "notwithstanding"),
    m.Kind.DEFINITION: (),
    m.Kind.EXCEPTION: ("when", "subject to", "notwithstanding"),
    m.Kind.AGGRAVATING_FACTOR: ("aggravates", "when", "effect", "subject to", "notwithstanding"),
    m.Kind.DEFENCE: ("proved by", "when", "burden", "standard", "subject to", "notwithstanding"),
    m.Kind.PRESUMPTION: ("presumes", "when", "unless"),
}
_MODALITIES = {
    m.Kind.DUTY: {m.Modality.MUST},
    m.Kind.PROHIBITION: {m.Modality.MUST_NOT},
    m.Kind.PERMISSION: {m.Modality.MAY, m.Modality.NEED_NOT},
}
_EID_PREFIX = m.EID_PREFIX


def _eid_part(prefix: str, number: str) -> str:
    return f"{prefix}_{re.sub(r'[^0-9A-Za-z]+', '-', number).strip('-')}"


def label_eid(label: str | None) -> str:
    """``(5)(b)`` → ``subsec_5__para_b`` (Akoma Ntoso naming)."""
    if not label:
        return ""
    parts = re.findall(r"\(([0-9A-Za-z]+)\)", label)
    names = ["subsec", "para", "subpara", "clause", "subclause"]
    return "__".join(f"{names[min(i, len(names) - 1)]}_{p}" for i, p in enumerate(parts))


def _misplaced_item_hint(item: Item, kind: m.Kind) -> str:
    """Where a body line that does not belong in this kind of provision does belong."""
    if item.kind == "modal":
        fitting = [k for k, mods in _MODALITIES.items() if item.value[0] in mods]
        if fitting:
            return f"'{item.value[0]}' belongs in a {fitting[0]}"
    hints = {
        "penalty": "penalties belong to offences",
        "holder": "a definition's slots come from its phrase; an exception or aggravating factor uses its "
                  "target's slots",
        "when": "a definition states its condition after `means`: `\"<phrase>\" means <condition>`",
        "means": "only a definition says `means`",
        "presumes": "only a presumption says `presumes \"<phrase>\"`",
        "unless": "only a presumption says `unless …` (what rebuts it); an exception or a defence is its own "
                  "provision, `exception <id> to <provision>:` or `defence <id> to <offence>:`",
        "aggravates": "only an aggravating factor says `aggravates <offence>`",
        "within": "only duties and permissions have a deadline",
        "subject to": "a definition has no priority: rank the provisions that use it",
        "notwithstanding": "a definition has no priority: rank the provisions that use it",
    }
    hint = hints.get(item.kind, "")
    return (hint + "; " if hint else "") + (
        f"is this line under the right heading? (the {kind} heading above it may be a line too early, "
        "or another provision's heading missing)")


class Builder:
    """Validates nodes and builds the model, collecting diagnostics as it goes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Diagnostic] = []
        self.header: m.ActHeader | None = None
        self.terms: list[m.Term] = []
        self.sections: list[m.Section] = []
        self.provisions: list[m.Provision] = []

    def report(self, diagnostic: Diagnostic) -> None:
        self.problems.append(diagnostic)

    def check_units(self, limit: m.Duration, measured: m.Phrase, span: m.Span) -> None:
        """``within 2 weeks measured by "the days since …"`` compares 2 with a count of days: E312.

        A measure whose phrase names no unit is read in the deadline's unit.
        """
        counts = m.phrase_unit(measured.text)
        if counts is None or counts == limit.unit:
            return
        converted = m.convert_time(limit.amount, limit.unit, counts)
        if converted is not None and converted != round(converted, 3):  # 2 days is 0.2857… weeks: no hint
            converted = None
        unit = counts[:-1] if converted == 1 else counts
        hint = (f"write `within {m.format_number(converted)} {unit}`" if converted is not None else
                f"state the limit in {counts}, or measure it by a phrase that counts {limit.unit}")
        self.report(at(span, "E312", f"the deadline is in {limit.unit} but its measure {measured.text!r} "
                                     f"counts {counts}", hint=hint))

    def fields(self, fields: list[Field], allowed: set[str], where: str,
               keywords: Iterable[str] = ()) -> dict[str, Field]:
        """Validate ``<name> <value>`` lines against the fields allowed here.

        ``keywords`` are the other words a line may start with in this block
        (``holder``, ``when``, ``duty`` …): a line whose first word is a
        misspelt keyword is read as a field, so they are suggested too.
        """
        out: dict[str, Field] = {}
        for f in fields:
            if f.key not in allowed:
                hint = (synonym_hint(f.key, [*sorted(allowed), *keywords])
                        or "fields allowed here: " + ", ".join(sorted(allowed)))
                if f.key == "not":
                    hint = "write `must not \"…\"` (a prohibition) or `need not \"…\"` (a permission)"
                self.report(at(f.key_span, "E200", f"unknown field '{f.key}' in {where}", hint=hint))
                continue
            if f.key in out:
                self.report(at(f.key_span, "E203", f"'{f.key}' is given twice in {where}",
                               hint=f"the first is at line {out[f.key].span.line}; keep one"))
                continue
            expected_name = f.key in ("confidence", "burden")
            if expected_name and f.raw_kind not in ("NAME", "STRING"):
                choices = "verified, secondary, unverified" if f.key == "confidence" else "legal, evidential"
                self.report(at(f.value_span, "E205", f"{f.key} is one of: {choices}",
                               hint=f"write e.g. `{f.key} {choices.split(',')[0]}`"))
                continue
            if not expected_name and f.raw_kind != "STRING":
                self.report(at(f.value_span, "E205", f"'{f.key}' takes quoted text",
                               hint=f'write {f.key} "…"'))
                continue
            out[f.key] = f
        return out

    def text(self, fields: dict[str, Field], key: str) -> str | None:
        return fields[key].value if key in fields else None

    def confidence(self, fields: dict[str, Field]) -> m.Confidence | None:
        if "confidence" not in fields:
            return None
        f = fields["confidence"]
        value = str(f.value).strip().casefold()
        aliases = {"v": "verified", "s": "secondary", "r": "unverified"}
        value = aliases.get(value, value)
        try:
            return m.Confidence(value)
        except ValueError:
            self.report(at(f.value_span, "E205", f"unknown confidence {f.value!r}",
                           hint=did_you_mean(value, [c.value for c in m.Confidence])
                           or "use verified, secondary or unverified"))
            return None

    # nodes --------------------------------------------------------------------
    def top(self, nodes: list[Any]) -> None:
        for node in nodes:
            if node.kind == "act":
                self.act(node)
            elif node.kind == "terms":
                self.term_block(node, None)
            elif node.kind == "section":
                self.section(node, None)

    def period(self, items: Iterable[Any], where: str) -> m.InForce | None:
        """The ``in force …`` and ``repealed on …`` lines of one act, section or provision, as one period."""
        start: m.InForce | None = None
        end: m.InForce | None = None
        for item in items:
            if not isinstance(item, Item) or item.kind not in ("in force", "repealed"):
                continue
            earlier = start if item.kind == "in force" else end
            if earlier is not None:
                self.report(at(item.span, "E203", f"'{item.kind}' is given twice in {where}",
                               hint=f"the first is at line {earlier.span.line if earlier.span else '?'}; an "
                                    "amended rule is a second provision with its own period"))
                continue
            if item.kind == "in force":
                start = item.value
            else:
                end = item.value
        first = start or end
        if first is None:
            return None
        period = m.InForce(start=start.start if start else None, appointed=start.appointed if start else None,
                           end=end.end if end else None, span=first.span)
        if period.start is not None and period.end is not None and period.end <= period.start:
            self.report(at(end.span if end and end.span else node_span(start), "E331",
                           f"{where} is repealed on {period.end.isoformat()}, before it comes into force on "
                           f"{period.start.isoformat()}", hint="check the two dates"))
        return period

    def act(self, node: Node) -> None:
        fields = self.fields([i for i in node.items if isinstance(i, Field)], ACT_FIELDS, "the act header")
        header = m.ActHeader(
            title=node.head[0], span=node.span,
            citation=self.text(fields, "citation"), version=self.text(fields, "version"),
            extent=self.text(fields, "extent"), source=self.text(fields, "source"),
            note=self.text(fields, "note"), confidence=self.confidence(fields),
            in_force=self.period(node.items, "the Act"),
        )
        if self.header is not None:
            self.report(at(node.span, "E207", "a file may have only one act header",
                           hint=f"the first is at line {self.header.span.line}"))
            return
        self.header = header

    def term_block(self, node: Node, section: str | None) -> None:
        for term in node.items:
            self.terms.append(replace(term, section=section))

    def section(self, node: Node, parent: m.Section | None) -> None:
        kind, number, heading = node.head
        own = _eid_part(_EID_PREFIX[kind], number)
        eid = f"{parent.eid}__{own}" if parent else own
        fields = self.fields([i for i in node.items if isinstance(i, Field)], SECTION_FIELDS,
                             f"{kind} {number}", heading_words())
        section = m.Section(
            kind=kind, number=number, heading=heading, eid=eid, span=node.span,
            parent=parent.eid if parent else None,
            text=self.text(fields, "text"), source=self.text(fields, "source"),
            note=self.text(fields, "note"), confidence=self.confidence(fields),
            in_force=self.period(node.items, f"{kind} {number}"),
        )
        self.sections.append(section)
        for item in node.items:
            if isinstance(item, Field) or item.kind in ("in force", "repealed"):
                continue
            if item.kind == "terms":
                self.term_block(item, eid)
            elif item.kind == "section":
                self.section(item, section)
            elif item.kind == "provision":
                try:
                    self.provision(item, section)
                except BuildError as error:
                    self.report(error.diagnostic)

    def provision(self, node: Node, section: m.Section) -> None:
        kind_word, pid, label, targets, id_span = node.head
        kind = m.Kind(kind_word)
        where = f"{kind} '{pid}'"
        allowed_fields = PROVISION_FIELDS | KIND_FIELDS.get(kind, set())
        fields = self.fields([i for i in node.items if isinstance(i, Field)], allowed_fields, where,
                             _KIND_KEYWORDS[kind])
        items: dict[str, Item] = {}
        penalties: list[m.Penalty] = []
        allowed_items = KIND_ITEMS[kind]
        for item in node.items:
            if isinstance(item, Field) or item.kind in ("in force", "repealed"):
                continue
            if item.kind not in allowed_items:
                word = _ITEM_WORDS.get(item.kind, item.kind)
                article = "an" if str(kind)[0] in "aeiou" else "a"
                self.report(at(item.span, "E202", f"{word} is not allowed in {article} {kind}",
                               hint=_misplaced_item_hint(item, kind)))
                continue
            if item.kind == "penalty":
                penalties.append(item.value)
                continue
            if item.kind in items:
                self.report(at(item.span, "E203", f"{_ITEM_WORDS.get(item.kind, item.kind)} is given twice in {where}",
                               hint=f"the first is at line {items[item.kind].span.line}; combine them with 'and'"))
                continue
            items[item.kind] = item
        if targets and kind not in (m.Kind.EXCEPTION, m.Kind.DEFENCE):
            raise BuildError(at(targets[0].span, "E202", f"only an exception or a defence names targets with 'to' "
                                                          f"({where})",
                                hint="an aggravating factor says `aggravates <offence>` in its body"))

        references = [*targets, *(ref for key in ("subject to", "notwithstanding", "aggravates") if key in items
                                   for ref in items[key].value)]

        def names(key: str) -> tuple[str, ...]:
            return tuple(ref.target for ref in items[key].value) if key in items else ()

        common: dict[str, Any] = dict(
            id=pid, kind=kind, label=label, section=section.eid, id_span=id_span, references=tuple(references),
            eid=section.eid + ("__" + label_eid(label) if label else ""),
            span=node.span, name=self.text(fields, "name"), text=self.text(fields, "text"),
            source=self.text(fields, "source"), note=self.text(fields, "note"),
            confidence=self.confidence(fields),
            subject_to=names("subject to"), notwithstanding=names("notwithstanding"),
            in_force=self.period(node.items, where),
        )
        parts = Parts(self, kind, pid, where, id_span, targets, items, fields, tuple(penalties), common)
        self.provisions.append(PROVISION_BUILDERS[kind](parts))


@dataclass(frozen=True)
class Parts:
    """One provision's validated body, as every kind's builder reads it."""

    builder: Builder
    kind: m.Kind
    pid: str
    where: str  # "duty 'report'", for messages
    id_span: m.Span
    targets: tuple[m.Reference, ...]
    items: dict[str, Item]
    fields: dict[str, Field]
    penalties: tuple[m.Penalty, ...]
    common: dict[str, Any]  # the fields every Provision has

    @property
    def when(self) -> m.Expr | None:
        return self.items["when"].value if "when" in self.items else None

    def need(self, key: str, what: str, example: str) -> Item:
        """The body line ``key``, or E201 naming what is missing and a line that would supply it."""
        if key not in self.items:
            raise BuildError(at(self.id_span, "E201", f"{self.where} has no {what}",
                                hint=f"add a line such as `{example}`"))
        return self.items[key]

    def names(self, key: str) -> tuple[str, ...]:
        return tuple(ref.target for ref in self.items[key].value) if key in self.items else ()

    def text(self, key: str) -> str | None:
        return self.builder.text(self.fields, key)


_MODAL_EXAMPLES = {m.Kind.DUTY: 'must "{person} notifies the police"',
                   m.Kind.PROHIBITION: 'must not "{person} discloses the report"',
                   m.Kind.PERMISSION: 'may "{person} delays the notification"'}


def _deontic(parts: Parts) -> m.Provision:
    """A duty, prohibition or permission: a holder, a modal line, maybe a deadline."""
    kind, items, when = parts.kind, parts.items, parts.when
    holder = parts.need("holder", "holder", "holder {person}").value
    modal = parts.need("modal", "statement of what must or may be done", _MODAL_EXAMPLES[kind])
    modality, action = modal.value
    if modality not in _MODALITIES[kind]:
        fitting = next(k for k, mods in _MODALITIES.items() if modality in mods)
        raise BuildError(at(modal.span, "E202", f"a {kind} cannot say '{modality}'",
                            hint=f"'{modality}' makes it a {fitting}: write `{fitting} {parts.pid}`"))
    deadline = None
    if "within" in items or "by" in parts.fields:
        limit, measured = items["within"].value if "within" in items else (None, None)
        deadline = m.Deadline(parts.text("by"), limit, measured)
        if limit is not None and measured is not None:
            parts.builder.check_units(limit, measured, items["within"].span)
        if kind is m.Kind.PERMISSION and limit is not None and measured is not None:
            bound = {holder} | (m.free_variables(when) if when is not None else set())
            if set(measured.slots) <= bound:  # else the measure's slot is unbound: E306 on the deadline
                when = _lasting(when, limit, measured, items["within"].span)
    return m.Deontic(**parts.common, holder=holder, when=when, modality=modality, action=action,
                     deadline=deadline, recipient=parts.text("to"))


#: Fine limits that exist only for summary conviction (the magistrates' courts' maxima).
SUMMARY_LIMITS = ("the statutory maximum", "the prescribed sum")


def _offence(parts: Parts) -> m.Provision:
    offender = parts.need("holder", "offender", "committed by {person}").value
    parts.need("when", "elements", 'when "{person} does the forbidden thing"')
    for penalty in parts.penalties:
        limit = penalty.fine.limit if penalty.fine is not None else None
        if limit in SUMMARY_LIMITS and penalty.mode is m.TrialMode.INDICTMENT:
            parts.builder.report(at(penalty.span, "E323", f"{limit} limits a fine on summary conviction, not on "
                                                          "indictment",
                                    hint="on indictment a fine is unlimited unless the Act says otherwise: write "
                                         "`a fine`, or move this line to `on summary conviction:`"))
    return m.Offence(**parts.common, offender=offender, elements=parts.when, penalties=parts.penalties)


def _consequence(parts: Parts) -> m.Provision:
    party = parts.need("holder", "party who faces it", "faced by {person}").value
    parts.need("when", "condition", "when {person} breaches <duty>")
    return m.Consequence(**parts.common, party=party, when=parts.when)


def _definition(parts: Parts) -> m.Provision:
    head, body = parts.need("means", "meaning", '"{person} is a mandated reporter" means …').value
    if len(set(head.slots)) != len(head.slots):
        raise BuildError(at(head.span, "E307", f"the phrase {head.text!r} uses a slot twice",
                            hint=repeated_slot_hint(head.text, head.slots)))
    return m.Definition(**parts.common, head=head, body=body)


def _exception(parts: Parts) -> m.Provision:
    if not parts.targets:
        raise BuildError(at(parts.id_span, "E201", f"{parts.where} does not say what it is an exception to",
                            hint=f"write `exception {parts.pid} to <provision id>:`"))
    when = parts.need("when", "condition", 'when "{child} is under 13"').value
    return m.Exception_(**parts.common, targets=tuple(ref.target for ref in parts.targets), when=when)


def _aggravating_factor(parts: Parts) -> m.Provision:
    parts.need("aggravates", "offence it aggravates", "aggravates <offence id>")
    aggravated = parts.names("aggravates")
    when = parts.need("when", "condition", 'when "{offender} groomed {victim}"').value
    return m.AggravatingFactor(**parts.common, targets=aggravated, when=when, effect=parts.text("effect"))


def _defence(parts: Parts) -> m.Provision:
    """``defence adequate_procedures (2) to failure_to_prevent:`` — proved by whom, on what burden."""
    if not parts.targets:
        raise BuildError(at(parts.id_span, "E201", f"{parts.where} does not say which offence it is a defence to",
                            hint=f"write `defence {parts.pid} to <offence id>:`"))
    when = parts.need("when", "statement of what must be proved",
                      'when "{organisation} had adequate procedures"').value
    burden = m.Burden.LEGAL
    if "burden" in parts.fields:
        found = parts.fields["burden"]
        word = str(found.value).strip().casefold()
        try:
            burden = m.Burden(word)
        except ValueError:
            parts.builder.report(at(found.value_span, "E205", f"unknown burden {found.value!r}",
                                    hint=did_you_mean(word, [b.value for b in m.Burden])
                                    or "write `burden legal` (the accused proves it) or `burden evidential` "
                                       "(the accused raises it, the prosecution disproves it)"))
    standard = parts.text("standard")
    if standard is not None and burden is m.Burden.EVIDENTIAL:
        parts.builder.report(at(parts.fields["standard"].key_span, "E202",
                                "an evidential burden has no standard of proof",
                                hint="the accused need only raise the issue, and the prosecution must then disprove "
                                     "it beyond reasonable doubt: remove `standard`, or write `burden legal`"))
        standard = None
    if standard is None and burden is m.Burden.LEGAL:
        standard = m.BALANCE_OF_PROBABILITIES
    proved_by = parts.items["holder"].value if "holder" in parts.items else None
    return m.Defence(**parts.common, targets=tuple(ref.target for ref in parts.targets), when=when,
                     burden=burden, standard=standard, proved_by=proved_by)


def _presumption(parts: Parts) -> m.Provision:
    """``presumes "<fact>"``, ``when <basis>``, optionally ``unless <rebuttal>``."""
    head = parts.need("presumes", "statement of what it presumes", 'presumes "{a} performs services for {c}"').value
    if len(set(head.slots)) != len(head.slots):
        raise BuildError(at(head.span, "E307", f"the phrase {head.text!r} uses a slot twice",
                            hint=repeated_slot_hint(head.text, head.slots)))
    basis = parts.need("when", "basis fact (what the presumption rests on)", 'when "{a} is an employee of {c}"').value
    rebuttal = parts.items["unless"].value if "unless" in parts.items else None
    return m.Presumption(**parts.common, head=head, basis=basis, rebuttal=rebuttal)


#: Kind of provision → the function that builds it from its validated body.
#: A new kind of provision is one entry here (and its rows in KIND_FIELDS,
#: KIND_ITEMS and _KIND_KEYWORDS); tests/test_parse_package.py checks every
#: kind has one.
PROVISION_BUILDERS: dict[m.Kind, Callable[[Parts], m.Provision]] = {
    m.Kind.DUTY: _deontic,
    m.Kind.PROHIBITION: _deontic,
    m.Kind.PERMISSION: _deontic,
    m.Kind.OFFENCE: _offence,
    m.Kind.CONSEQUENCE: _consequence,
    m.Kind.DEFINITION: _definition,
    m.Kind.EXCEPTION: _exception,
    m.Kind.AGGRAVATING_FACTOR: _aggravating_factor,
    m.Kind.DEFENCE: _defence,
    m.Kind.PRESUMPTION: _presumption,
}


def node_span(period: m.InForce | None) -> m.Span:
    assert period is not None and period.span is not None
    return period.span


def heading_words() -> tuple[str, ...]:
    """Every word a heading may start with: act, terms, kinds of section and of provision."""
    return ("act", "terms", *_EID_PREFIX, *(str(kind).split()[0] for kind in m.Kind))


def synonym_hint(word: str, candidates: Iterable[str]) -> str | None:
    """'did you mean …?' for a misspelt, miscapitalised or foreign word."""
    pool = list(candidates)
    known = SYNONYMS.get(word.casefold())
    if known is not None and (known in pool or known in {p.split()[0] for p in pool}):
        return f"did you mean '{known}'?"
    return did_you_mean(word, pool)


def _lasting(when: m.Expr | None, limit: m.Duration, measured: m.Phrase, span: m.Span) -> m.Expr:
    """A permission's condition with its measured deadline added: ``… and "<measure>" is at most <n>``.

    A duty's deadline says when it is breached (done, but late); a permission's says how long it
    lasts: "need not notify within 7 days measured by the days since …" excuses nothing on day 10.
    Writing it into the condition gives the evaluator, the explanations, the graph's reads and
    coverage's branches the same comparison a drafter could have written in ``when`` by hand.
    """
    lasts = m.Comparison(measured, m.Comparator.LE, m.Number(limit.amount, span), span)
    if when is None:
        return lasts
    operands = when.operands if isinstance(when, m.All) else (when,)
    return m.All((*operands, lasts), when.span)
