"""Naming provisions and parties in Then steps: forgiving to write, strict to resolve.

A provision is named by its id (``duty_to_notify``, or ``duty to notify``) or by its
``name`` (``the duty to notify suspected child sex offences``). Case, extra spaces,
underscores and a leading article do not matter. Anything else is an error that
lists the closest ids and names, so a misspelt provision can never make a negative
step ("does not commit …") pass by accident.
"""

from __future__ import annotations

from collections.abc import Iterable

from statute import model as m
from statute.lookup import (  # re-exported: the steps import them from here
    ProvisionLookup,
    kind_noun,
    party_hint,
    provision_key,
    resolve_party,
    unquote,
)

#: The kind words a Then step may quantify over ("a duty", "no offence") and the kinds they cover.
KIND_WORDS: dict[str, frozenset[m.Kind]] = {
    "duty": frozenset({m.Kind.DUTY, m.Kind.PROHIBITION}),
    "prohibition": frozenset({m.Kind.PROHIBITION}),
    "permission": frozenset({m.Kind.PERMISSION}),
    "offence": frozenset({m.Kind.OFFENCE}),
    "consequence": frozenset({m.Kind.CONSEQUENCE}),
    "exception": frozenset({m.Kind.EXCEPTION}),
    "aggravating factor": frozenset({m.Kind.AGGRAVATING_FACTOR}),
    "defence": frozenset({m.Kind.DEFENCE}),
}

__all__ = ["KIND_WORDS", "ProvisionIndex", "UnknownReference", "kind_noun", "party_hint", "provision_key",
           "resolve_party", "unquote"]


class UnknownReference(LookupError):
    """A name that resolves to nothing (or to the wrong kind); ``hint`` says what would."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ProvisionIndex(ProvisionLookup):
    """Every provision of an Act by id and by name, for resolving Then steps."""

    def resolve(self, text: str, kinds: Iterable[m.Kind], role: str) -> m.Provision:
        """The provision ``text`` names, which must be of one of ``kinds``; else UnknownReference."""
        wanted = frozenset(kinds)
        found = self.find(text)
        if found is not None and found.kind in wanted:
            return found
        if found is not None:
            raise UnknownReference(
                f"{unquote(text)!r} is {kind_noun(found.kind)} ({found.id}, {self.act.cite(found)}), "
                f"not {role}", hint=_kind_hint(found, self.act))
        raise UnknownReference(f"the Act has no provision called {unquote(text)!r}",
                               hint=self.suggest(text, wanted))

    def of_kinds(self, kinds: Iterable[m.Kind]) -> list[m.Provision]:
        wanted = frozenset(kinds)
        return [p for p in self.act.provisions if p.kind in wanted]


def _kind_hint(found: m.Provision, act: m.Act) -> str:
    """The Then step that does fit the provision named — never one that names it wrongly again."""
    kind = found.kind
    if isinstance(found, m.Defence):
        return f"write '<party> has a defence to {', '.join(found.targets)} by {found.id}'"
    if isinstance(found, m.Exception_):
        targets = [act.provisions_by_id[t] for t in found.targets if t in act.provisions_by_id]
        if targets and all(t.kind is m.Kind.OFFENCE for t in targets):
            return f"an exception to an offence defeats it: write '<party> does not commit {targets[0].id}'"
        if targets and all(t.kind is m.Kind.CONSEQUENCE for t in targets):
            return f"an exception to a consequence defeats it: write '<party> does not face {targets[0].id}'"
        if targets and all(t.kind is m.Kind.PERMISSION for t in targets):
            return f"an exception to a permission defeats it: write '<party> cannot rely on {targets[0].id}'"
        return "write '<party> is excused from <duty> by <exception>'"
    if isinstance(found, m.Definition):
        return f"a definition's finding is its phrase: write it as a Then step, e.g. 'Then {found.head.text}'"
    if isinstance(found, m.Presumption):
        return f"a presumption's finding is its phrase: write it as a Then step, e.g. 'Then {found.head.text}'"
    return {
        m.Kind.OFFENCE: "offences take 'commits' / 'does not commit' (and 'has a defence to … by …')",
        m.Kind.CONSEQUENCE: "consequences take 'faces' / 'does not face'",
        m.Kind.PERMISSION: "permissions take 'may rely on' / 'cannot rely on'",
        m.Kind.DUTY: "duties take 'is under', 'has breached', 'has complied with', 'is excused from'",
        m.Kind.PROHIBITION: "prohibitions take 'is under', 'has breached', 'has complied with', 'is excused from'",
        m.Kind.AGGRAVATING_FACTOR: "write '<offence> committed by <party> is aggravated by <factor>'",
    }[kind]
