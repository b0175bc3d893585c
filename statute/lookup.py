"""Naming provisions and parties: forgiving to write, strict to resolve.

A provision is named by its id (``duty_to_notify``, or ``duty to notify``) or by its
``name`` (``the duty to notify suspected child sex offences``). Case, extra spaces,
underscores and a leading article do not matter. Anything else is an error that lists
the closest ids and names, so a misspelt provision can never make a negative answer
("does not commit …", ``is_under(...) is False``) come out by accident.

The Gherkin steps (:mod:`statute.scenarios.references`) and the Python API
(:class:`statute.outcomes.Assessment`) both resolve names here, so a drafter and a
programmer get the same suggestions for the same mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from statute import model as m
from statute.diagnostics import Diagnostic, Severity, StatuteError, closest

_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_SPACES = re.compile(r"\s+")

_KIND_NOUN = {
    m.Kind.DUTY: "a duty", m.Kind.PROHIBITION: "a prohibition", m.Kind.PERMISSION: "a permission",
    m.Kind.OFFENCE: "an offence", m.Kind.CONSEQUENCE: "a consequence", m.Kind.DEFINITION: "a definition",
    m.Kind.EXCEPTION: "an exception", m.Kind.AGGRAVATING_FACTOR: "an aggravating factor",
}


def kind_noun(kind: m.Kind) -> str:
    """``a duty``, ``an offence``: how a message names a kind of provision."""
    return _KIND_NOUN.get(kind, f"a {kind}")


def unquote(text: str) -> str:
    """Strip one pair of surrounding quotes (straight or curly) and collapse spaces."""
    text = text.strip()
    if len(text) >= 2 and ((text[0] == text[-1] and text[0] in "\"'") or (text[0], text[-1]) == ("“", "”")):
        text = text[1:-1]
    return _SPACES.sub(" ", text).strip()


def provision_key(text: str) -> str:
    """How provision references are compared: folded, underscores as spaces, no leading article.

    >>> provision_key("The  Duty_to_Notify")
    'duty to notify'
    """
    folded = _SPACES.sub(" ", unquote(text).replace("_", " ")).strip().casefold()
    return _ARTICLE.sub("", folded)


def provision_label(provision: m.Provision) -> str:
    """``'the duty to notify …' (duty_to_notify)``, or the quoted id when it has no name."""
    return f"'{provision.name}' ({provision.id})" if provision.name else f"'{provision.id}'"


class UnknownName(StatuteError, LookupError):
    """A provision or party the Act or the case does not have (or of the wrong kind).

    A :class:`~statute.diagnostics.StatuteError` (its one diagnostic carries the message
    and a "did you mean" hint) and a :class:`LookupError`, so ``except KeyError`` code
    written against older versions is the only thing that no longer catches it.
    """

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__([Diagnostic(Severity.ERROR, code, message, hint=hint)])


class ProvisionLookup:
    """Every provision of an Act by id and by name."""

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
        listed = "; ".join(provision_label(p) for p in shown)
        return ("did you mean " if near else "the Act's candidates: ") + listed + "?" * bool(near)

    def require(self, text: str, kinds: Iterable[m.Kind] | None = None, use: str | None = None) -> m.Provision:
        """The provision ``text`` names, of one of ``kinds`` (any kind if None); else :class:`UnknownName`.

        ``use`` says what a caller asking for the wrong kind should call instead
        (``"commits()"``); it ends the hint.

        >>> import statute
        >>> lookup = ProvisionLookup(statute.load("enacted"))
        >>> lookup.require("the duty to notify suspected child sex offences").id
        'duty_to_notify'
        >>> lookup.require("duty to notfy")
        Traceback (most recent call last):
          ...
        statute.lookup.UnknownName: statute: error[E301]: the Act has no provision called 'duty to notfy'
          hint: did you mean 'the duty to notify suspected child sex offences' (duty_to_notify)?
        """
        wanted = frozenset(kinds) if kinds is not None else frozenset(m.Kind)
        if not isinstance(text, str):
            raise TypeError(f"a provision is named by a str (its id or name), not {type(text).__name__}")
        found = self.find(text)
        if found is not None and found.kind in wanted:
            return found
        if found is not None:
            nouns = " or ".join(sorted({kind_noun(k) for k in wanted}))
            raise UnknownName("E302", f"{unquote(text)!r} is {kind_noun(found.kind)} ({found.id}, "
                                      f"{self.act.cite(found)}), not {nouns}", use)
        raise UnknownName("E301", f"the Act has no provision called {unquote(text)!r}", self.suggest(text, wanted))


def resolve_party(name: str, parties: Iterable[str]) -> str | None:
    """The case's spelling of a party (matched case-insensitively), or None."""
    wanted = unquote(name).casefold()
    for party in parties:
        if party.casefold() == wanted:
            return party
    return None


def party_hint(name: str, parties: tuple[str, ...]) -> str:
    """``did you mean 'Alice'? parties in the facts: Alice, Bella``."""
    near = closest(unquote(name), parties, n=2, cutoff=0.5)
    listed = ", ".join(parties) if parties else "none"
    return (f"did you mean {' or '.join(repr(p) for p in near)}? " if near else "") + f"parties in the facts: {listed}"


def require_party(name: str, parties: tuple[str, ...]) -> str:
    """The case's own spelling of ``name``; :class:`UnknownName` (C007) when the case has no such party."""
    if not isinstance(name, str):
        raise TypeError(f"a party is named by a str, not {type(name).__name__}")
    found = resolve_party(name, parties)
    if found is None:
        raise UnknownName("C007", f"the case names no party {unquote(name)!r}", party_hint(name, parties))
    return found
