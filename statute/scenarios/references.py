"""Naming provisions and parties in Then steps: forgiving to write, strict to resolve.

A provision is named by its id (``duty_to_notify``, or ``duty to notify``) or by its
``name`` (``the duty to notify suspected child sex offences``). Case, extra spaces,
underscores and a leading article do not matter. Anything else is an error that
lists the closest ids and names, so a misspelt provision can never make a negative
step ("does not commit …") pass by accident.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from statute import model as m
from statute.diagnostics import closest

_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_SPACES = re.compile(r"\s+")

#: The kind words a Then step may quantify over ("a duty", "no offence") and the kinds they cover.
KIND_WORDS: dict[str, frozenset[m.Kind]] = {
    "duty": frozenset({m.Kind.DUTY, m.Kind.PROHIBITION}),
    "prohibition": frozenset({m.Kind.PROHIBITION}),
    "permission": frozenset({m.Kind.PERMISSION}),
    "offence": frozenset({m.Kind.OFFENCE}),
    "consequence": frozenset({m.Kind.CONSEQUENCE}),
    "exception": frozenset({m.Kind.EXCEPTION}),
    "aggravating factor": frozenset({m.Kind.AGGRAVATING_FACTOR}),
}

_KIND_NOUN = {
    m.Kind.DUTY: "a duty", m.Kind.PROHIBITION: "a prohibition", m.Kind.PERMISSION: "a permission",
    m.Kind.OFFENCE: "an offence", m.Kind.CONSEQUENCE: "a consequence", m.Kind.DEFINITION: "a definition",
    m.Kind.EXCEPTION: "an exception", m.Kind.AGGRAVATING_FACTOR: "an aggravating factor",
}


def kind_noun(kind: m.Kind) -> str:
    return _KIND_NOUN[kind]


def unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and ((text[0] == text[-1] and text[0] in "\"'") or (text[0], text[-1]) == ("“", "”")):
        text = text[1:-1]
    return _SPACES.sub(" ", text).strip()


def provision_key(text: str) -> str:
    """How provision references are compared: folded, underscores as spaces, no leading article."""
    folded = _SPACES.sub(" ", unquote(text).replace("_", " ")).strip().casefold()
    return _ARTICLE.sub("", folded)


class UnknownReference(LookupError):
    """A name that resolves to nothing (or to the wrong kind); ``hint`` says what would."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ProvisionIndex:
    """Every provision of an Act by id and by name, for resolving Then steps."""

    def __init__(self, act: m.Act) -> None:
        self.act = act
        self.by_key: dict[str, m.Provision] = {}
        for provision in act.provisions:
            self.by_key.setdefault(provision_key(provision.id), provision)
        for provision in act.provisions:
            if provision.name:
                self.by_key.setdefault(provision_key(provision.name), provision)

    def find(self, text: str) -> m.Provision | None:
        return self.by_key.get(provision_key(text))

    def resolve(self, text: str, kinds: Iterable[m.Kind], role: str) -> m.Provision:
        """The provision ``text`` names, which must be of one of ``kinds``; else UnknownReference."""
        wanted = frozenset(kinds)
        found = self.find(text)
        if found is not None and found.kind in wanted:
            return found
        if found is not None:
            raise UnknownReference(
                f"{unquote(text)!r} is {kind_noun(found.kind)} ({found.id}, {self.act.cite(found)}), "
                f"not {role}", hint=_kind_hint(found.kind))
        raise UnknownReference(f"the Act has no provision called {unquote(text)!r}",
                               hint=self.suggest(text, wanted))

    def suggest(self, text: str, kinds: frozenset[m.Kind]) -> str:
        """The closest ids and names (of the wanted kinds first), as a hint line."""
        pool = [p for p in self.act.provisions if p.kind in kinds] or list(self.act.provisions)
        labels: dict[str, m.Provision] = {}
        for provision in pool:
            labels[provision_key(provision.id)] = provision
            if provision.name:
                labels[provision_key(provision.name)] = provision
        near = closest(provision_key(text), labels, n=3, cutoff=0.4)
        shown = list(dict.fromkeys(labels[k] for k in near))
        if not shown and len(pool) <= 8:
            shown = pool
        if not shown:
            return "`statute show ACT` lists every provision with its id and name"
        listed = "; ".join(_label(p) for p in shown)
        return ("did you mean " if near else "the Act's candidates: ") + listed + "?" * bool(near)

    def of_kinds(self, kinds: Iterable[m.Kind]) -> list[m.Provision]:
        wanted = frozenset(kinds)
        return [p for p in self.act.provisions if p.kind in wanted]


def _label(provision: m.Provision) -> str:
    return f"'{provision.name}' ({provision.id})" if provision.name else f"'{provision.id}'"


def _kind_hint(kind: m.Kind) -> str:
    return {
        m.Kind.OFFENCE: "offences take 'commits' / 'does not commit'",
        m.Kind.CONSEQUENCE: "consequences take 'faces' / 'does not face'",
        m.Kind.PERMISSION: "permissions take 'may rely on' / 'cannot rely on'",
        m.Kind.DUTY: "duties take 'is under', 'has breached', 'has complied with', 'is excused from'",
        m.Kind.PROHIBITION: "prohibitions take 'is under', 'has breached', 'has complied with', 'is excused from'",
        m.Kind.AGGRAVATING_FACTOR: "write '<offence> committed by <party> is aggravated by <factor>'",
        m.Kind.EXCEPTION: "write '<party> is excused from <duty> by <exception>'",
        m.Kind.DEFINITION: "definitions are not outcomes; state the facts they rest on and test what follows",
    }[kind]


def resolve_party(name: str, parties: Iterable[str]) -> str | None:
    """The case's spelling of a party named in a Then step (case-insensitive), or None."""
    wanted = unquote(name).casefold()
    for party in parties:
        if party.casefold() == wanted:
            return party
    return None


def party_hint(name: str, parties: tuple[str, ...]) -> str:
    near = closest(unquote(name), parties, n=2, cutoff=0.5)
    listed = ", ".join(parties) if parties else "none"
    return (f"did you mean {' or '.join(repr(p) for p in near)}? " if near else "") + f"parties in the facts: {listed}"
