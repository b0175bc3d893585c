"""What changed in meaning between two versions of an Act, provision by provision.

``statute diff OLD NEW`` compares the *norms*, not the text: which duties,
offences, exceptions, consequences, permissions and aggravating factors were
added or removed, and for those that survive, who they bind, when they apply
(with definitions expanded, so a limit added inside a definition shows up on
the duty that reads it), what they require, to whom, by when, and the maximum
penalty.

Matching survives renumbering and renaming (:mod:`statute.graph.match`).

The module works on the model (no networkx), like the lints.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from statute import model as m
from statute.graph.lints import enforced
from statute.graph.match import KIND_ORDER, jaccard, match
from statute.render import expr_text, penalties_text

#: Definition expansions allowed per condition compared (bounds work on shared, diamond-shaped definitions).
MAX_EXPANSION = 2000
#: How many definitions deep a condition is split into conjuncts (and "any of" into alternatives).
MAX_SPLIT = 16
GROUP_TITLES = {m.Kind.DUTY: "Duties", m.Kind.PROHIBITION: "Prohibitions", m.Kind.PERMISSION: "Permissions",
                m.Kind.OFFENCE: "Offences", m.Kind.CONSEQUENCE: "Consequences", m.Kind.EXCEPTION: "Exceptions",
                m.Kind.AGGRAVATING_FACTOR: "Aggravating factors", m.Kind.DEFINITION: "Definitions"}


# ── Result types ─────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Detail:
    """One change to a surviving provision, with a sentence saying it."""

    aspect: str  # id, holder, trigger, action, recipient, deadline, penalty, targets, priority, enforcement, …
    change: str  # added, removed, changed, widened, narrowed
    text: str
    old: str | None = None
    new: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"aspect": self.aspect, "change": self.change, "old": self.old, "new": self.new, "text": self.text}


@dataclass(frozen=True)
class Change:
    """A provision added, removed or changed."""

    change: str  # added, removed, changed
    kind: m.Kind
    id: str
    citation: str
    title: str
    text: str
    old_id: str | None = None
    old_citation: str | None = None
    details: tuple[Detail, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"change": self.change, "kind": str(self.kind), "id": self.id, "citation": self.citation,
                "old_id": self.old_id, "old_citation": self.old_citation, "title": self.title, "text": self.text,
                "details": [d.to_json() for d in self.details]}


@dataclass
class ActDiff:
    old: m.Act
    new: m.Act
    matches: dict[str, str]
    scores: dict[str, float]
    changes: list[Change] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        def act(a: m.Act) -> dict[str, object]:
            return {"title": a.title, "citation": a.citation, "version": a.version}

        return {"schema": "statute.diff/1", "old": act(self.old), "new": act(self.new),
                "matches": [{"old": o, "new": n, "score": round(self.scores.get(o, 1.0), 3)}
                            for o, n in sorted(self.matches.items())],
                "changes": [c.to_json() for c in self.changes]}

    @property
    def meaning_changed(self) -> bool:
        """Whether any provision was added, removed or changed in meaning (not only renumbered or renamed)."""
        return any(c.change != "changed" or c.details for c in self.changes)

    def render(self) -> str:
        def name(a: m.Act) -> str:
            return f"{a.title}" + (f" ({a.version})" if a.version else "")

        counts = {word: sum(c.change == word for c in self.changes) for word in ("added", "removed", "changed")}
        lines = [f"Changes from {name(self.old)} to {name(self.new)}: "
                 + ", ".join(f"{n} provision{'s' * (n != 1)} {word}" for word, n in counts.items()) + "."]
        if not self.changes:
            lines.append("  No change in meaning.")
        for kind in KIND_ORDER:
            group = [c for c in self.changes if c.kind is kind]
            if not group:
                continue
            lines.append("")
            lines.append(GROUP_TITLES[kind])
            for change in group:
                lines.append(f"  {change.text}")
                lines.extend(f"    - {d.text}" for d in change.details)
        return "\n".join(lines) + "\n"


# ── Conditions as comparable units ───────────────────────────────────────────


@dataclass(frozen=True)
class Unit:
    """One conjunct of a condition: what it means (canonical) and how to say it."""

    canon: object
    text: str
    free: frozenset[str]
    via: tuple[str, ...]
    items: tuple[tuple[object, str], ...]  # for "any of": each alternative (canonical, text)


class _Reader:
    """Canonical forms of one Act's conditions, with slot renaming and definitions expanded."""

    def __init__(self, act: m.Act, id_map: dict[str, str]) -> None:
        self.act = act
        self.definitions = act.definitions_by_key
        self.id_map = id_map
        self.budget = MAX_EXPANSION  # definitions expanded per provision compared; reset by _Differ

    def fill(self, phrase: m.Phrase, env: dict[str, str]) -> str:
        return '"' + phrase.fill({s: "{" + env.get(s, s) + "}" for s in phrase.slots}) + '"'

    def text(self, expr: m.Expr, env: dict[str, str]) -> str:
        """The statute-language text of a condition, slots renamed."""
        if isinstance(expr, m.Phrase):
            return self.fill(expr, env)
        if isinstance(expr, m.Comparison):
            right = self.fill(expr.right, env) if isinstance(expr.right, m.Phrase) else str(expr.right)
            return f"{self.fill(expr.left, env)} {expr.op} {right}"
        if isinstance(expr, m.StatusTest):
            party = env.get(expr.party, expr.party)
            regarding = (" regarding " + ", ".join("{" + env.get(s, s) + "}" for s in expr.regarding)
                         if expr.regarding else "")
            by = f" by {self.id_map.get(expr.by, expr.by)}" if expr.by else ""
            return f"{{{party}}} {expr.relation} {self.id_map.get(expr.provision, expr.provision)}{regarding}{by}"
        if isinstance(expr, m.Not):
            inner = self.text(expr.operand, env)
            return f"not {inner}" if isinstance(expr.operand, (m.Phrase, m.StatusTest)) else f"not ({inner})"
        if isinstance(expr, (m.All, m.AnyOf)):
            word = " and " if isinstance(expr, m.All) else " or "
            return word.join(f"({self.text(o, env)})" if isinstance(o, (m.All, m.AnyOf, m.Some))
                             else self.text(o, env) for o in expr.operands)
        if isinstance(expr, m.Some):
            names = ", ".join("{" + env.get(v, v) + "}" for v in expr.variables)
            return f"some {names}: {self.text(expr.body, env)}"
        raise TypeError(expr)

    def canon(self, expr: m.Expr, env: dict[str, str], stack: tuple[str, ...] = (), depth: int = 0) -> object:
        """A hashable meaning: definitions expanded, and/or flattened and unordered, bound slots numbered."""
        if isinstance(expr, m.Phrase):
            definition = self.definitions.get(expr.key)
            if definition is not None and definition.id not in stack and depth < 32 and self.budget > 0:
                self.budget -= 1
                inner = {s: env.get(a, a) for s, a in zip(definition.head.slots, expr.slots, strict=False)}
                return self.canon(definition.body, inner, (*stack, definition.id), depth + 1)
            return ("p", expr.key, tuple(env.get(s, s) for s in expr.slots))
        if isinstance(expr, m.Comparison):
            right = self.canon(expr.right, env, stack, depth + 1) if isinstance(expr.right, m.Phrase) \
                else float(expr.right.value)
            left = ("p", expr.left.key, tuple(env.get(s, s) for s in expr.left.slots))
            return ("c", left, str(expr.op), right)
        if isinstance(expr, m.StatusTest):
            return ("s", env.get(expr.party, expr.party), str(expr.relation),
                    self.id_map.get(expr.provision, expr.provision), tuple(env.get(s, s) for s in expr.regarding),
                    self.id_map.get(expr.by, expr.by) if expr.by else None)
        if isinstance(expr, m.Not):
            return ("not", self.canon(expr.operand, env, stack, depth + 1))
        if isinstance(expr, (m.All, m.AnyOf)):
            op = "all" if isinstance(expr, m.All) else "any"
            parts: set[object] = set()
            for operand in expr.operands:
                part = self.canon(operand, env, stack, depth + 1)
                if isinstance(part, tuple) and part and part[0] == op:
                    parts |= set(part[1])
                else:
                    parts.add(part)
            return next(iter(parts)) if len(parts) == 1 else (op, frozenset(parts))
        if isinstance(expr, m.Some):
            inner = dict(env)
            for index, variable in enumerate(expr.variables):
                inner[variable] = f"${depth}.{index}"
            return ("some", self.canon(expr.body, inner, stack, depth + 1))
        raise TypeError(expr)

    def alternatives(self, expr: m.Expr, env: dict[str, str], stack: tuple[str, ...] = ()) -> Iterator[
            tuple[object, str]]:
        """The alternatives of an "any of" (through definitions), each with its text."""
        if isinstance(expr, m.AnyOf):
            for operand in expr.operands:
                yield from self.alternatives(operand, env, stack)
            return
        if isinstance(expr, m.Phrase):
            definition = self.definitions.get(expr.key)
            if (definition is not None and definition.id not in stack and isinstance(definition.body, m.AnyOf)
                    and len(stack) < MAX_SPLIT):
                inner = {s: env.get(a, a) for s, a in zip(definition.head.slots, expr.slots, strict=False)}
                yield from self.alternatives(definition.body, inner, (*stack, definition.id))
                return
        yield self.canon(expr, env, stack), self.text(expr, env)

    def units(self, expr: m.Expr | None, env: dict[str, str], via: tuple[str, ...] = (),
              stack: tuple[str, ...] = ()) -> list[Unit]:
        """The conjuncts of a condition, splitting "all of" through definitions."""
        if expr is None:
            return []
        if isinstance(expr, m.All):
            return [u for operand in expr.operands for u in self.units(operand, env, via, stack)]
        if isinstance(expr, m.Phrase):
            definition = self.definitions.get(expr.key)
            if (definition is not None and definition.id not in stack and isinstance(definition.body, m.All)
                    and len(stack) < MAX_SPLIT):
                inner = {s: env.get(a, a) for s, a in zip(definition.head.slots, expr.slots, strict=False)}
                return self.units(definition.body, inner, (*via, definition.id), (*stack, definition.id))
        free = frozenset(env.get(v, v) for v in m.free_variables(expr))
        canon = self.canon(expr, env, stack)
        items = tuple(self.alternatives(expr, env, stack)) if isinstance(canon, tuple) and canon[0] == "any" else ()
        return [Unit(canon, self.text(expr, env), free, via, items)]


# ── Describing the changes ───────────────────────────────────────────────────

_WHO = {m.Kind.OFFENCE: "who can commit it", m.Kind.CONSEQUENCE: "who can face it"}


def _via(unit: Unit) -> str:
    return f" (through {', '.join(unit.via)})" if unit.via else ""


def _has_some(canon: object) -> bool:
    if isinstance(canon, tuple):
        return (bool(canon) and canon[0] == "some") or any(_has_some(part) for part in canon)
    if isinstance(canon, frozenset):
        return any(_has_some(part) for part in canon)
    return False


def _about(unit: Unit, subject: str | None) -> bool:
    """Does the conjunct describe the subject alone (a role, an age, a place) rather than conduct?"""
    return bool(subject) and unit.free <= {subject} and not _has_some(unit.canon)


def _condition_details(provision: m.Provision, old_units: list[Unit], new_units: list[Unit],
                       subject: str | None) -> list[Detail]:
    """Sentences for the conjuncts that differ between two versions of a condition."""
    details: list[Detail] = []
    who = _WHO.get(provision.kind, "who it binds" if isinstance(provision, m.Deontic) else "who it applies to")
    new_canons = {u.canon for u in new_units}
    old_canons = {u.canon for u in old_units}
    removed = [u for u in old_units if u.canon not in new_canons]
    added = [u for u in new_units if u.canon not in old_canons]
    # An "any of" that gained or lost alternatives: widened or narrowed.
    for old_unit in list(removed):
        if not old_unit.items:
            continue
        old_items = dict(old_unit.items)
        best = max((u for u in added if u.items), default=None,
                   key=lambda u: jaccard(set(old_items), set(dict(u.items))))
        if best is None or not set(old_items) & set(dict(best.items)):
            continue
        new_items = dict(best.items)
        removed.remove(old_unit)
        added.remove(best)
        gained = [text for canon, text in best.items if canon not in old_items]
        lost = [text for canon, text in old_unit.items if canon not in new_items]
        aspect, what = ("holder", who) if _about(best, subject) else ("trigger", "when it applies")
        if gained:
            details.append(Detail(aspect, "widened", f"{what} is widened: it now also applies where "
                                                     f"{' or '.join(gained)}{_via(best)}.", old_unit.text, best.text))
        if lost:
            details.append(Detail(aspect, "narrowed", f"{what} is narrowed: it no longer applies where "
                                                      f"{' or '.join(lost)}{_via(best)}.", old_unit.text, best.text))
    # Conditions that were all required and are now alternatives ("A and B" → "A or B"): the new
    # "any of" is implied by what it replaces, so this only widens — never "now also requires".
    for unit in list(added):
        if not unit.items:
            continue
        alternatives = dict(unit.items)
        merged = [u for u in removed if u.canon in alternatives]
        if not merged:
            continue
        added.remove(unit)
        for u in merged:
            removed.remove(u)
        aspect, what = ("holder", who) if _about(unit, subject) else ("trigger", "when it applies")
        required = " and ".join(u.text for u in merged)
        details.append(Detail(aspect, "widened", f"{what} is widened: it required {required}; now {unit.text} is "
                                                 f"enough{_via(unit)}.", required, unit.text))
    still_limited = any(_about(u, subject) for u in new_units)
    for unit in removed:
        if _about(unit, subject):
            anyone = {m.Kind.OFFENCE: "anyone can now commit it", m.Kind.CONSEQUENCE: "anyone can now face it"}.get(
                provision.kind, "it now applies to anyone its other conditions reach")
            tail = f" — {anyone}" if not still_limited else ""
            details.append(Detail("holder", "removed", f"{who} is widened: it no longer requires {unit.text}"
                                                       f"{_via(unit)}{tail}.", unit.text, None))
    for unit in added:
        if _about(unit, subject):
            details.append(Detail("holder", "added", f"{who} is narrowed: it now also requires {unit.text}"
                                                     f"{_via(unit)}.", None, unit.text))
    other_removed = [u for u in removed if not _about(u, subject)]
    other_added = [u for u in added if not _about(u, subject)]
    if len(other_removed) == 1 and len(other_added) == 1:
        a, b = other_removed[0], other_added[0]
        details.append(Detail("trigger", "changed", f"when it applies changed: it required {a.text}; "
                                                    f"now it requires {b.text}{_via(b)}.", a.text, b.text))
    else:
        details.extend(Detail("trigger", "removed", f"it no longer requires {u.text}{_via(u)}.", u.text, None)
                       for u in other_removed)
        details.extend(Detail("trigger", "added", f"it now also requires {u.text}{_via(u)}.", None, u.text)
                       for u in other_added)
    return details


def _occurrences(provision: m.Provision) -> Iterator[tuple[str, tuple[str, ...]]]:
    exprs = [provision.condition, getattr(provision, "action", None)]
    for expr in exprs:
        for phrase in m.phrases_in(expr):
            yield phrase.key, phrase.slots
        if expr is not None:
            for node in m.walk(expr):
                if isinstance(node, m.StatusTest):
                    yield f"status {node.relation}", (node.party,)


def _align(a: m.Provision, b: m.Provision, env: dict[str, str]) -> dict[str, str]:
    """Rename the old provision's slots to the new one's, by the phrases both read.

    ``{c}`` in ``"{p} sees harm to {c}"`` and ``{child}`` in ``"{person} sees
    harm to {child}"`` fill the same place, so they name the same party.
    """
    out = dict(env)
    taken = set(out.values())
    new_uses: dict[str, list[tuple[str, ...]]] = {}
    for key, slots in _occurrences(b):
        new_uses.setdefault(key, []).append(slots)
    for key, slots in _occurrences(a):
        for other in new_uses.get(key, []):
            for old_slot, new_slot in zip(slots, other, strict=False):
                if old_slot not in out and new_slot not in taken:
                    out[old_slot] = new_slot
                    taken.add(new_slot)
    return out


class _Differ:
    def __init__(self, old: m.Act, new: m.Act) -> None:
        self.old, self.new = old, new
        self.matches, self.scores = match(old, new)
        self.reverse = {v: k for k, v in self.matches.items()}
        self.old_reader = _Reader(old, self.matches)
        self.new_reader = _Reader(new, {})
        self.old_enforcers = enforced(old)
        self.new_enforcers = enforced(new)
        self.old_exceptions = _exceptions_of(old)
        self.new_exceptions = _exceptions_of(new)

    def cite(self, act: m.Act, provision: m.Provision) -> str:
        return act.cite(provision) if provision.section in act.sections_by_eid else provision.section

    def subject(self, act: m.Act, provision: m.Provision) -> str | None:
        """The party a provision is about; for an exception or factor, its single target's."""
        if isinstance(provision, (m.Exception_, m.AggravatingFactor)) and len(provision.targets) == 1:
            target = act.provisions_by_id.get(provision.targets[0])
            return target.subject if target is not None and not isinstance(target, m.Exception_) else None
        return provision.subject

    def label(self, act: m.Act, provision: m.Provision) -> str:
        return f"{provision.kind} {provision.id} ({self.cite(act, provision)})"

    # added / removed ---------------------------------------------------------
    def added(self, p: m.Provision) -> Change:
        extra = ""
        if isinstance(p, (m.Exception_, m.AggravatingFactor)):
            extra = f" to {', '.join(p.targets)}"
        if p.notwithstanding:
            extra += f", notwithstanding {', '.join(p.notwithstanding)}"
        if p.subject_to:
            extra += f", subject to {', '.join(p.subject_to)}"
        text = f"Added {self.label(self.new, p)}{extra}: {p.title}."
        if isinstance(p, m.Offence):
            text += f" Maximum penalty: {penalties_text(p)}."
        instead = self._instead(p)
        if instead:
            text += f" {instead}"
        return Change("added", p.kind, p.id, self.cite(self.new, p), p.title, text)

    def _instead(self, p: m.Provision) -> str | None:
        """For a new enforcer: which removed offence or consequence it replaces, if any."""
        if not isinstance(p, (m.Offence, m.Consequence)):
            return None
        duties = sorted({t for t, enforcers in self.new_enforcers.items() if p in enforcers})
        replaced: list[str] = []
        for duty in duties:
            old_duty = self.reverse.get(duty)
            for enforcer in self.old_enforcers.get(old_duty or "", []):
                if enforcer.id not in self.matches and enforcer.id not in replaced:
                    replaced.append(f"{enforcer.kind} {enforcer.id}")
        if not duties:
            return None
        breached = " or ".join(duties)
        if replaced:
            return f"Breaching {breached} now leads to this instead of the removed {' and '.join(replaced)}."
        return f"It follows from breaching {breached}."

    def removed(self, p: m.Provision) -> Change:
        extra = f" to {', '.join(p.targets)}" if isinstance(p, (m.Exception_, m.AggravatingFactor)) else ""
        return Change("removed", p.kind, p.id, self.cite(self.old, p), p.title,
                      f"Removed {self.label(self.old, p)}{extra}: {p.title}.")

    # changed -------------------------------------------------------------------
    def changed(self, a: m.Provision, b: m.Provision) -> Change | None:
        old_subject, new_subject = self.subject(self.old, a), self.subject(self.new, b)
        env = {old_subject: new_subject} if old_subject and new_subject else {}
        if isinstance(a, m.Definition) and isinstance(b, m.Definition):
            env = {s: t for s, t in zip(a.head.slots, b.head.slots, strict=False)}
        env = _align(a, b, env)
        details: list[Detail] = []
        self.old_reader.budget = self.new_reader.budget = MAX_EXPANSION
        old_units = self.old_reader.units(a.condition, env)
        new_units = self.new_reader.units(b.condition, {})
        if {u.canon for u in old_units} != {u.canon for u in new_units}:
            details.extend(_condition_details(b, old_units, new_units, new_subject))
        if isinstance(a, m.Definition) and isinstance(b, m.Definition) and a.head.key != b.head.key:
            details.append(Detail("phrase", "changed", f'it now defines "{b.head.text}" (was "{a.head.text}").',
                                  a.head.text, b.head.text))
        if isinstance(a, m.Deontic) and isinstance(b, m.Deontic):
            details.extend(self._deontic(a, b, env))
        if isinstance(a, m.Offence) and isinstance(b, m.Offence):
            old_text, new_text = penalties_text(a), penalties_text(b)
            if old_text != new_text:
                details.append(Detail("penalty", "changed", f"maximum penalty changed from {old_text} to {new_text}.",
                                      old_text, new_text))
        if isinstance(a, (m.Exception_, m.AggravatingFactor)) and isinstance(b, (m.Exception_, m.AggravatingFactor)):
            old_targets = sorted(self.matches.get(t, t) for t in a.targets)
            if old_targets != sorted(b.targets):
                details.append(Detail("targets", "changed", f"it now applies to {', '.join(b.targets)} "
                                                            f"(was {', '.join(a.targets)}).",
                                      ", ".join(a.targets), ", ".join(b.targets)))
        if isinstance(a, m.AggravatingFactor) and isinstance(b, m.AggravatingFactor) and a.effect != b.effect:
            details.append(Detail("effect", "changed", f"its effect is now: {b.effect or 'not stated'} "
                                                       f"(was: {a.effect or 'not stated'}).", a.effect, b.effect))
        for word, old_ids, new_ids in (("notwithstanding", a.notwithstanding, b.notwithstanding),
                                       ("subject to", a.subject_to, b.subject_to)):
            mapped = sorted(self.matches.get(i, i) for i in old_ids)
            if mapped != sorted(new_ids):
                now, was = ", ".join(new_ids) or "nothing", ", ".join(old_ids) or "nothing"
                details.append(Detail("priority", "changed", f"{word}: now {now} (was {was}).",
                                      ", ".join(old_ids), ", ".join(new_ids)))
        if a.kind in (m.Kind.DUTY, m.Kind.PROHIBITION):
            details.extend(self._enforcement(a, b))
        details.extend(self._limits(a, b))
        moved = a.id != b.id or self.cite(self.old, a) != self.cite(self.new, b)
        if not details and not moved:
            return None
        was = ""
        if moved:
            was = f", was {a.id} ({self.cite(self.old, a)})" if a.id != b.id else f", was {self.cite(self.old, a)}"
        renamed_only = self.cite(self.old, a) == self.cite(self.new, b)
        text = f"Changed {self.label(self.new, b)}{was}: {b.title}." if details else (
            f"{'Renamed' if renamed_only else 'Renumbered'} {self.label(self.new, b)}{was}: {b.title} "
            "(no change in meaning).")
        return Change("changed", b.kind, b.id, self.cite(self.new, b), b.title, text,
                      a.id, self.cite(self.old, a), tuple(details))

    def _deontic(self, a: m.Deontic, b: m.Deontic, env: dict[str, str]) -> list[Detail]:
        details: list[Detail] = []
        old_action = self.old_reader.canon(a.action, env)
        new_action = self.new_reader.canon(b.action, {})
        if old_action != new_action or a.modality is not b.modality:
            old_text = f"{a.modality} {self.old_reader.text(a.action, env)}"
            new_text = f"{b.modality} {expr_text(b.action)}"
            details.append(Detail("action", "changed", f"what it requires changed from {old_text} to {new_text}.",
                                  old_text, new_text))
        if (a.recipient or "") != (b.recipient or ""):
            if a.recipient and b.recipient:
                text = f'it is now owed to {b.recipient} (was {a.recipient}).'
            elif b.recipient:
                text = f"it is now owed to {b.recipient} (no recipient was stated)."
            else:
                text = f"it no longer names a recipient (was {a.recipient})."
            details.append(Detail("recipient", "changed", text, a.recipient, b.recipient))
        old_deadline, new_deadline = str(a.deadline or ""), str(b.deadline or "")
        if old_deadline != new_deadline:
            if old_deadline and new_deadline:
                text = f"deadline changed from {old_deadline} to {new_deadline}."
            elif new_deadline:
                text = f"deadline added: {new_deadline}."
            else:
                text = f"deadline removed (was {old_deadline})."
            details.append(Detail("deadline", "changed", text, old_deadline or None, new_deadline or None))
        return details

    def _named(self, act: m.Act, exception: m.Provision) -> str:
        name = f" ({exception.name})" if exception.name else ""
        return f"exception {exception.id}{name}, {self.cite(act, exception)},"

    def _limits(self, a: m.Provision, b: m.Provision) -> list[Detail]:
        """Exceptions that no longer limit a provision widen it; new ones narrow it.

        The provision's own text may be unchanged, but what it does is not: without the
        exception it reaches cases it did not reach before, so it counts as changed.
        """
        old = {self.matches.get(e.id, e.id): e for e in self.old_exceptions.get(a.id, [])}
        new = {e.id: e for e in self.new_exceptions.get(b.id, [])}
        details: list[Detail] = []
        for mapped, exception in old.items():
            if mapped not in new:
                label = self._named(self.old, exception)
                details.append(Detail("exceptions", "widened", f"it is widened: {label} no longer limits it.",
                                      exception.id, None))
        for eid, exception in new.items():
            if eid not in old:
                label = self._named(self.new, exception)
                details.append(Detail("exceptions", "narrowed", f"it is narrowed: {label} now limits it.",
                                      None, exception.id))
        return details

    def _enforcement(self, a: m.Provision, b: m.Provision) -> list[Detail]:
        old = {self.matches.get(p.id, p.id): p for p in self.old_enforcers.get(a.id, [])}
        new = {p.id: p for p in self.new_enforcers.get(b.id, [])}
        lost = [p for i, p in old.items() if i not in new]
        gained = [p for i, p in new.items() if i not in old]
        if not lost and not gained:
            return []
        details: list[Detail] = []
        lost_offences = [p for p in lost if isinstance(p, m.Offence)]
        still_offence = any(isinstance(p, m.Offence) for p in new.values())
        if lost_offences and not still_offence:
            names = " and ".join(p.id for p in lost_offences)
            details.append(Detail("enforcement", "removed", f"breaching it is no longer an offence ({names} removed).",
                                  names, None))
        elif lost:
            names = " and ".join(p.id for p in lost)
            details.append(Detail("enforcement", "removed", f"breaching it no longer leads to {names}.", names, None))
        if gained:
            names = "; ".join(f"{p.kind} {p.id} ({self.cite(self.new, p)}), {p.title}" for p in gained)
            lead = "instead, breaching it can lead to" if lost else "breaching it can now lead to"
            details.append(Detail("enforcement", "added", f"{lead} {names}.", None, names))
        return details

    def run(self) -> ActDiff:
        result = ActDiff(self.old, self.new, self.matches, self.scores)
        new_by_id = self.new.provisions_by_id
        for kind in KIND_ORDER:
            for provision in self.old.provisions_by_id.values():
                if provision.kind is not kind:
                    continue
                if provision.id not in self.matches:
                    result.changes.append(self.removed(provision))
                    continue
                change = self.changed(provision, new_by_id[self.matches[provision.id]])
                if change is not None:
                    result.changes.append(change)
            for provision in new_by_id.values():
                if provision.kind is kind and provision.id not in self.reverse:
                    result.changes.append(self.added(provision))
        return result


def _exceptions_of(act: m.Act) -> dict[str, list[m.Exception_]]:
    """Each provision's exceptions, by the id of the provision they limit."""
    out: dict[str, list[m.Exception_]] = {}
    for provision in act.provisions:
        if isinstance(provision, m.Exception_):
            for target in provision.targets:
                out.setdefault(target, []).append(provision)
    return out


def diff(old: m.Act, new: m.Act) -> ActDiff:
    """The changes in meaning from ``old`` to ``new`` (see the module docstring)."""
    return _Differ(old, new).run()
