"""The facts of a case, written in the Act's own phrases.

A case file has one fact per line, in any declared phrase with party names in
the slots::

    # Worked example 1: disclosure by a child
    Alice is a teacher
    Alice works in England
    the age of Alice is 35
    Bella tells Alice about a child sex offence
    the age of Bella is 12

Number phrases take ``is <number>``. A party name may be quoted
(``"gang member B" sexually assaults Carol``) when it contains words that also
occur in the phrase. The JSON form, for programs, is
``{"facts": ["Alice is a teacher", …]}`` or structured entries
``{"phrase": "{person} is a teacher", "slots": {"person": "Alice"}}`` and
``{"phrase": "the age of {person}", "slots": {"person": "Bella"}, "value": 12}``.

A sentence matching no declared phrase is an error naming the line, with the
closest phrases suggested; a sentence matching two is an error too. Phrases
that a definition derives cannot be stated: the facts they rest on must be.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from statute import model as m
from statute.dated import known_reference, read_json_date, read_time_line
from statute.diagnostics import Diagnostic, Severity, StatuteError
from statute.nearest import Candidate, rank

MAX_PARTIES = 200  # evaluation cost grows with parties^slots; see docs/evaluation.md "Bounds"
#: Longest sentence read, in characters. Matching a sentence against a phrase with two slots
#: backtracks quadratically in its length ("x tells x tells …"); a fact is rarely 200 characters.
MAX_SENTENCE = 1_000
#: A case stops being read after this many errors, as a compiler does: the first ones are
#: the useful ones, and a binary file would otherwise give one error per line.
MAX_PROBLEMS = 100


def party_problem(name: str) -> str | None:
    """Why a party name cannot be used, or None.

    Party names are printed in explanations, one per line, and are written back in the
    case format (``"A B" is …``): a line break, a control character, a double quote or a
    lone surrogate (not Unicode at all) would break either, so they are refused with a
    message that says which character it is.
    """
    if not name:
        return "a party name cannot be empty"
    for char in name:
        category = unicodedata.category(char)
        if category == "Cs":
            return f"the party name {name!r} contains a lone surrogate (U+{ord(char):04X}), which is not valid Unicode"
        if category == "Cc" or char in "\u2028\u2029":
            what = {"\n": "a line break", "\r": "a line break", "\t": "a tab", "\x00": "a NUL byte"}.get(
                char, f"the control character U+{ord(char):04X}")
            return f"the party name {name!r} contains {what}, which the case format cannot hold"
        if char == '"':
            return (f"the party name {name!r} contains a double quote, which the case format cannot hold "
                    '(names are quoted with "…")')
    return None


@dataclass(frozen=True)
class Fact:
    """One stated fact: a phrase key, its arguments and (for numbers) a value.

    ``truth`` is what the case says of it: ``True`` stated, ``False`` stated not to hold
    (``it is not the case that …``), ``None`` stated to be unknown (``it is unknown whether …``,
    ``the age of Vic is unknown``; an unknown number has no value).
    """

    key: str
    args: tuple[str, ...]
    value: float | None = None
    line: int | None = None
    text: str | None = None
    on: date | None = None  # a dated fact holds from this day on (statute.dated)
    truth: bool | None = True


@dataclass(frozen=True)
class Case:
    """What a case states: facts that hold, facts that do not, and facts (or numbers) it leaves unknown.

    ``closed_world`` is the case's own declaration (a ``closed world`` / ``open world`` header,
    ``"world"`` in JSON), or None when it declares neither and the caller's default applies.
    In a closed world a fact not stated is false; in an open world it is unknown.
    """

    facts: Mapping[str, frozenset[tuple[str, ...]]]
    numbers: Mapping[str, Mapping[tuple[str, ...], float]]
    parties: tuple[str, ...]
    stated: tuple[Fact, ...] = ()
    file: str = "<case>"
    #: The day the case is assessed at (``as at …``); None: the latest date of a dated fact, or no date.
    as_at: date | None = None
    #: Appointed days the case gives: (reference as written, day), e.g. ("section 85", 2026-10-01).
    appointed: tuple[tuple[str, date], ...] = ()
    #: facts stated not to hold, by phrase key
    denied: Mapping[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    #: facts and numbers stated to be unknown, by phrase key
    unknown: Mapping[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    closed_world: bool | None = None

    @cached_property
    def dated(self) -> bool:
        """Whether the case says anything about dates (then it is evaluated as at a date)."""
        return self.as_at is not None or bool(self.appointed) or any(f.on is not None for f in self.stated)

    def holds(self, key: str, args: tuple[str, ...]) -> bool:
        found = self.facts.get(key)
        return found is not None and args in found

    def truth(self, key: str, args: tuple[str, ...], closed: bool) -> bool | None:
        """What the case says of a fact: stated, denied, unknown, or (not stated) the world's default."""
        if self.holds(key, args):
            return True
        if args in self.denied.get(key, ()):
            return False
        if args in self.unknown.get(key, ()):
            return None
        return False if closed else None

    def with_closed_world(self, closed: bool | None) -> Case:
        """The case under a world assumption, unless it declares its own."""
        return self if self.closed_world is not None or closed is None else replace(self, closed_world=closed)

    def number(self, key: str, args: tuple[str, ...]) -> float | None:
        values = self.numbers.get(key)
        return None if values is None else values.get(args)

    def is_closed(self, default: bool) -> bool:
        return default if self.closed_world is None else self.closed_world

    def where(self, key: str, args: tuple[str, ...]) -> Fact | None:
        """The stated fact behind a phrase instance, for explanations."""
        return self._stated_index.get((key, args))

    @cached_property
    def _stated_index(self) -> dict[tuple[str, tuple[str, ...]], Fact]:
        """Stated facts by (key, args), first statement first: explanations look one up per fact they
        show, and a scan of every fact made explaining a case of 40,000 facts quadratic."""
        index: dict[tuple[str, tuple[str, ...]], Fact] = {}
        for fact in self.stated:
            index.setdefault((fact.key, fact.args), fact)
        return index


@dataclass
class _Template:
    entry: m.Term | m.Definition
    text: str
    key: str
    slots: tuple[str, ...]
    kind: m.TermKind
    pattern: re.Pattern[str]
    derived: bool
    #: The template's longest literal word: a sentence without it cannot match (checked first, cheaply).
    probe: str | None = None
    #: For a number phrase that names a unit of time ("the days since …"): that unit, plural.
    unit: str | None = None
    #: The phrase's own negation, where one can be derived from its words ("{p} is not a teacher",
    #: "{p} does not work in England"); ``it is not the case that …`` works for every phrase.
    negation: str | None = None
    negated: re.Pattern[str] | None = None

    def reads(self, other: _Template) -> bool:
        """Whether this template also matches every sentence of ``other`` (``other`` is a special case):
        tried on ``other``'s own words with a made-up name in each slot."""
        sample = re.sub(r"\{[^{}]*\}", "Xq", other.text) + (" is 1" if other.kind is m.TermKind.NUMBER else "")
        return self.kind is other.kind and self.pattern.match(sample) is not None


_NUMBER = r"(?P<__value>-?\d+(?:\.\d+)?)"
_SPACES = re.compile(r"\s+")


def _pattern(text: str, number: bool) -> re.Pattern[str]:
    """A template as a regex: words literal (any spacing, any case), slots captured."""
    parts: list[str] = []
    slot = 0
    for piece in re.split(r"(\{[^{}]*\})", text.strip()):
        if piece.startswith("{") and piece.endswith("}"):
            parts.append(rf'(?P<s{slot}>"[^"]+"|[^"]+?)')
            slot += 1
        elif piece:
            parts.append(r"\s+".join(re.escape(token) for token in re.split(r"\s+", piece)))
    body = "".join(parts)
    if number:
        body += r"\s+is\s+" + _NUMBER + r"(?:\s+(?P<__unit>[A-Za-z]+))?"
    return re.compile(rf"^\s*{body}\s*$", re.IGNORECASE)


#: Words after which "not" makes a phrase's negation: "{p} is a teacher" → "{p} is not a teacher".
_AUXILIARIES = {"is", "was", "are", "were"}
#: Third-person verbs whose plain form is not the word without its "s".
_IRREGULAR = {"has": "have", "does": "do", "is": "be", "was": "be"}
NOT_THE_CASE = "it is not the case that "
UNKNOWN_WHETHER = "it is unknown whether "
IS_UNKNOWN = " is unknown"


def negation_of(text: str) -> str | None:
    """A fact phrase's negation in its own words, when it can be derived without guessing, else None.

    Two shapes are derived. A phrase that starts with a slot takes ``not`` after an ``is``/
    ``was``/``are``/``were`` that follows it (``{p} is not a teacher``), or ``does not`` and
    the plain form of a third-person verb, perhaps after one adverb in ``-ly``
    (``{p} does not work in England``, ``{p} does not reasonably believe …``). A phrase that
    starts with words takes ``not`` after its one ``is``/``was``/``are``/``were`` when nothing
    before it could start a clause of its own (``the claim … was not settled``). Anything else
    (``{groomer} groomed {victim}``, ``… explains why it is made``) has only the form that works
    for every phrase: ``it is not the case that …``.
    """
    stripped = text.strip()
    pieces = re.split(r"(\{[^{}]*\})", stripped)
    if len(pieces) >= 3 and pieces[0] == "" and pieces[1].startswith("{"):
        rest = pieces[2]
        found = re.match(r"^(\s+)(?:(\w+ly)\s+)?([A-Za-z]+)(?=\s|$)", rest)
        if found is None:
            return None
        verb = found.group(3)
        head = pieces[1] + found.group(1)
        adverb = found.group(2) + " " if found.group(2) else ""
        tail = rest[found.end():] + "".join(pieces[3:])
        if verb.casefold() in _AUXILIARIES:
            return head + adverb + verb + " not" + tail
        plain = _IRREGULAR.get(verb.casefold()) or _plain(verb.casefold())
        if plain is None or plain in {"be", "do"} or verb != verb.casefold():
            return None
        return head + "does not " + adverb + plain + tail
    words = [w for piece in pieces if not piece.startswith("{") for w in re.split(r"\s+", piece) if w]
    aux = [i for i, w in enumerate(words) if w.casefold() in _AUXILIARIES]
    if len(aux) != 1 or any(w.casefold() in _CLAUSE_WORDS for w in words[:aux[0]]):
        return None
    word = words[aux[0]]
    return re.sub(rf"(?<![^\s}}]){re.escape(word)}(?=\s|$)", f"{word} not", stripped, count=1)


#: Words that may start a clause of their own: an "is" after one of them may not be the phrase's verb.
_CLAUSE_WORDS = {"that", "which", "who", "whom", "whose", "why", "when", "where", "there", "it", "if", "whether",
                 "and", "or", "because", "while"}


def _plain(verb: str) -> str | None:
    """The plain form of a regular third-person verb (``notifies`` → ``notify``), or None if it is not one."""
    if len(verb) < 3 or not verb.endswith("s") or verb.endswith(("ss", "us", "is")):
        return None
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return verb[:-2]
    return verb[:-1]


def _in_phrase_unit(value: float, word: str, template: _Template) -> tuple[float, str | None]:
    """A stated number in the unit its phrase counts: ``… days since … is 2 weeks`` is 14.

    A word after the number that is no unit of time, or any unit for a phrase that names
    none ("the age of Bella is 12 years"), is read as written.
    """
    unit = m.time_unit(word)
    if unit is None or template.unit is None or unit == template.unit:
        return value, None
    converted = m.convert_time(value, unit, template.unit)
    if converted is None:
        return value, (f"{m.format_number(value)} {word} cannot be counted exactly in {template.unit}, "
                       f"the unit of '{template.text}'")
    return converted, None


def matched(template: _Template, sentence: str) -> tuple[_Template, tuple[str, ...], float | None, str | None] | None:
    """The template's reading of a sentence (party names, number, the word after it), or None."""
    found = template.pattern.match(sentence)
    if not found:
        return None
    args = tuple(_party(found.group(f"s{i}")) for i in range(len(template.slots)))
    if any(not a for a in args):
        return None
    if template.kind is m.TermKind.NUMBER:
        return template, args, float(found.group("__value")), found.group("__unit")
    return template, args, None, None


def case_reader(act: m.Act) -> CaseReader:
    """The reader of an Act's sentences, built on first use and kept with the Act (like its evaluator)."""
    found = act.__dict__.get("_statute_case_reader")
    if found is None:
        found = CaseReader(act)
        object.__setattr__(act, "_statute_case_reader", found)
    return found


class CaseReader:
    """Matches sentences against an Act's phrases. Build once per Act, reuse."""

    def __init__(self, act: m.Act) -> None:
        self.act = act
        self.templates: list[_Template] = []
        texts = [(e.head.text if isinstance(e, m.Definition) else e.text) for e in act.phrases.values()]
        common: dict[str, int] = {}
        for text in texts:
            for word in set(re.split(r"\s+", re.sub(r"\{[^{}]*\}", " ", text.casefold()))):
                common[word] = common.get(word, 0) + 1
        # a number phrase counts in the unit its words name, else in that of a deadline it measures
        measures = {p.deadline.measured_by.key: p.deadline.limit.unit for p in act.provisions
                    if isinstance(p, m.Deontic) and p.deadline and p.deadline.measured_by and p.deadline.limit}
        for key, entry in act.phrases.items():
            derived = isinstance(entry, m.Definition)
            if isinstance(entry, m.Definition):
                slots, text, kind = entry.head.slots, entry.head.text, m.TermKind.FACT
            else:
                slots, text, kind = entry.slots, entry.text, entry.kind
            number = kind is m.TermKind.NUMBER
            unit = (m.phrase_unit(text) or measures.get(key)) if number else None
            template = _Template(entry, text, key, slots, kind, _pattern(text, number), derived,
                                 _probe(text, common), unit)
            if not number:
                template.negation = negation_of(text)
                if template.negation is not None:
                    template.negated = _pattern(template.negation, False)
            self.templates.append(template)
        self.by_key = {t.key: t for t in self.templates}
        # Most sentences match one template: rule the others out by a literal word first.
        self._always = [i for i, t in enumerate(self.templates) if t.probe is None]
        self._by_probe: dict[str, list[int]] = {}
        self._probes_by_length: dict[int, list[tuple[str, re.Pattern[str]]]] = {}
        for index, template in enumerate(self.templates):
            if template.probe is not None:
                if template.probe not in self._by_probe:
                    self._probes_by_length.setdefault(len(template.probe), []).append(
                        (template.probe, re.compile(re.escape(template.probe), re.IGNORECASE)))
                self._by_probe.setdefault(template.probe, []).append(index)
        self._word_probes: dict[str, tuple[str, ...]] = {}

    # ── sentences ───────────────────────────────────────────────────────────
    def _probes_in(self, word: str) -> tuple[str, ...]:
        """The probe words a sentence word is, compared as the templates' regexes compare (memoised)."""
        found = self._word_probes.get(word)
        if found is None:
            # a case-insensitive regex literal matches exactly as many characters as it has
            found = tuple(probe for probe, pattern in self._probes_by_length.get(len(word), ())
                          if pattern.fullmatch(word))
            if len(self._word_probes) > 65536:
                self._word_probes.clear()
            self._word_probes[word] = found
        return found

    def candidates(self, sentence: str) -> list[_Template]:
        r"""The templates that may match a sentence, in declaration order.

        A template's probe is one of its literal words with whitespace (or the text's
        ends) on both sides, so in any sentence the template matches it is one of the
        sentence's whitespace-separated words (regex ``\s`` and ``str.split`` agree
        on what whitespace is). Templates with no such word are always tried.
        """
        indices = list(self._always)
        for word in set(sentence.split()):
            for probe in self._probes_in(word):
                indices.extend(self._by_probe[probe])
        return [self.templates[i] for i in sorted(set(indices))]

    def match(self, sentence: str) -> list[tuple[_Template, tuple[str, ...], float | None, str | None]]:
        """Every template the sentence matches: its party names, its number and the word after it."""
        return [found for template in self.candidates(sentence)
                if (found := matched(template, sentence)) is not None]

    def suggestions(self, sentence: str, n: int = 3) -> list[str]:
        """The phrases nearest a sentence in meaning (:mod:`statute.nearest`), best first.

        A derived phrase may be what was meant ("Carl is engaged in relevant activity"):
        it is offered too, marked as derived, since a case states the facts it rests on.
        """
        used = self._used_keys()
        pool: list[tuple[str, bool]] = []
        candidates: list[Candidate] = []
        for template in self.templates:
            text = template.text + (" is {n}" if template.kind is m.TermKind.NUMBER else "")
            pool.append((text, template.derived))
            candidates.append(Candidate(text, template.key in used))
        return [pool[i][0] + (" (derived: state the facts it rests on)" if pool[i][1] else "")
                for i in rank(sentence, candidates, n)]

    def _used_keys(self) -> frozenset[str]:
        found = self.__dict__.get("_used")
        if found is None:
            found = self.__dict__["_used"] = frozenset(
                phrase.key for provision in self.act.provisions
                for expr in (provision.condition, getattr(provision, "action", None))
                for phrase in m.phrases_in(expr))
        return found

    def read_sentence(self, sentence: str, line: int | None, file: str,
                      column: int = 1) -> tuple[Fact | None, Diagnostic | None]:
        """One sentence of a case: a fact, its negation, or a statement that it (or a number) is unknown."""
        text = _SPACES.sub(" ", sentence).strip() if len(sentence) <= MAX_SENTENCE else sentence
        lowered = text.casefold()
        for prefix, truth in ((NOT_THE_CASE, False), (UNKNOWN_WHETHER, None)):
            # before the positive reading: a slot would read "it is not the case that Vic" as a name
            if lowered.startswith(prefix) and len(text) <= MAX_SENTENCE:
                inner = text[len(prefix):]
                at = column + len(prefix)
                fact, inner_problem = self._read_positive(inner, line, file, at)
                if inner_problem is not None:
                    return None, self._about_inner(inner_problem, truth, text, line, file, at)
                assert fact is not None
                if fact.value is not None:
                    what = "negated" if truth is False else "unknown as a fact"
                    name = self.by_key[fact.key].text
                    filled = re.sub(r"\s+is\s+-?\d+(?:\.\d+)?(?:\s+[A-Za-z]+)?$", "", inner)
                    return None, Diagnostic(Severity.ERROR, "C012", f"{name!r} is a number, so it cannot be {what}",
                                            file, line, at, source_line=text,
                                            hint=f"state its value ('{filled} is …') or say "
                                                 f"'{filled} is unknown'")
                return replace(fact, truth=truth, text=text), None
        fact, problem = self._read_positive(sentence, line, file, column)
        if problem is None or problem.code != "C001" or len(sentence) > MAX_SENTENCE:
            return fact, problem
        if lowered.endswith(IS_UNKNOWN):
            inner = text[: -len(IS_UNKNOWN)]
            found = [t for t in self.match(inner + " is 0") if t[0].kind is m.TermKind.NUMBER]
            if found:
                fact, inner_problem = self._read_positive(inner + " is 0", line, file, column)
                if inner_problem is not None:
                    return None, self._about_inner(inner_problem, None, text, line, file, column)
                assert fact is not None
                return replace(fact, value=None, truth=None, text=text), None
        for template in self.templates:
            if template.negated is None:
                continue
            found_negation = template.negated.match(text)
            if found_negation is None:
                continue
            args = tuple(_party(found_negation.group(f"s{i}")) for i in range(len(template.slots)))
            if all(args):
                positive = m.Phrase(template.text, *m.split_template(template.text), m.Span(file, 0, 0, 0, 0))
                sentence_positive = positive.fill(dict(zip(template.slots, (f'"{a}"' for a in args), strict=True)))
                fact, inner_problem = self._read_positive(sentence_positive, line, file, column)
                if inner_problem is not None:
                    return None, self._about_inner(inner_problem, False, text, line, file, column)
                assert fact is not None
                return replace(fact, truth=False, text=text), None
        return fact, problem

    def _about_inner(self, problem: Diagnostic, truth: bool | None, whole: str, line: int | None, file: str,
                     column: int) -> Diagnostic:
        """A problem with the phrase inside a negation or an 'unknown', said as such, at its column."""
        if problem.code == "C003":
            what = "negated" if truth is False else "said to be unknown"
            return replace(problem, column=column, source_line=whole, message=problem.message.replace(
                "so a case cannot state it", f"so a case cannot state it, and it cannot be {what} either"),
                hint=(problem.hint or "") + " (or their negations: 'it is not the case that …')")
        return replace(problem, column=column, source_line=whole)

    def _read_positive(self, sentence: str, line: int | None, file: str,
                       column: int = 1) -> tuple[Fact | None, Diagnostic | None]:
        if len(sentence) > MAX_SENTENCE:
            return None, Diagnostic(Severity.ERROR, "C009", f"this sentence is {len(sentence):,} characters long; "
                                    f"statute reads facts of at most {MAX_SENTENCE:,}", file, line, 1,
                                    hint="one fact per line, with short party names")
        # one space between words, none around: the phrases match any spacing, and a run of spaces made
        # the match backtrack cubically (342 spaces took 6 s)
        sentence = _SPACES.sub(" ", sentence).strip()
        bad = next((c for c in sentence if unicodedata.category(c) == "Cs"), None)
        if bad is not None:
            return None, Diagnostic(Severity.ERROR, "C009", f"the sentence contains a lone surrogate "
                                    f"(U+{ord(bad):04X}), which is not valid Unicode", file, line, 1,
                                    hint="save the case as UTF-8")
        matches = self.match(sentence)
        if not matches and '"' in sentence and self.match(sentence.replace('"', "")):
            return None, Diagnostic(Severity.ERROR, "C009", f"{sentence!r} matches a phrase only without its double "
                                    "quotes: a party name cannot contain a double quote", file, line, 1,
                                    hint='quotes go around a whole party name, e.g. "gang member B" sexually '
                                         "assaults Carol", source_line=sentence)
        if not matches:
            near = self.suggestions(sentence)
            hint = ("closest phrases: " + "; ".join(repr(s) for s in near)) if near else \
                "`statute phrases ACT` lists the Act's phrases"
            return None, Diagnostic(Severity.ERROR, "C001", f"no phrase of the Act matches {sentence!r}",
                                    file, line, 1, hint=hint, source_line=sentence)
        if len(matches) > 1:
            # a phrase that is a special case of every other match wins: "the age of consent is 16" is
            # "the age of consent", which "the age of {child}" also reads (for a child called "consent"),
            # not the other way round; quoting the name means the other. It must not have more slots
            # ("{a} likes {b} and {c}" against "{a} likes {b}": a name may hold "and"), and neither may
            # be a special case of the other ("{p} told {q} about the abuse" against "{p} told the police
            # about {c}"): then the sentence stays ambiguous.
            special = [found for found in matches
                       if all(other is found[0] or (other.reads(found[0]) and not found[0].reads(other)
                                                    and len(found[0].slots) <= len(other.slots))
                              for other, _, _, _ in matches)]
            if len(special) == 1:
                matches = special
        if len(matches) > 1:
            listed = "; ".join(repr(t.text) for t, _, _, _ in matches[:4])
            return None, Diagnostic(Severity.ERROR, "C002", f"{sentence!r} matches more than one phrase: {listed}",
                                    file, line, 1, hint='quote party names to show where they are, e.g. "A B" is …',
                                    source_line=sentence)
        template, args, value, unit_word = matches[0]
        if value is not None and unit_word is not None:
            value, problem = _in_phrase_unit(value, unit_word, template)
            if problem is not None:
                return None, Diagnostic(Severity.ERROR, "C011", problem, file, line, 1, source_line=sentence,
                                        hint=f"state it in {template.unit}: '{template.text} is …'")
        problem = next((p for p in map(party_problem, args) if p), None)
        if problem is not None:
            return None, Diagnostic(Severity.ERROR, "C009", problem, file, line, 1, source_line=sentence,
                                    hint="name parties in letters, digits, spaces and punctuation other than '\"'")
        if value is not None and not math.isfinite(value):
            return None, Diagnostic(Severity.ERROR, "C009", f"the number in {sentence!r} is too large", file, line, 1,
                                    source_line=sentence)
        if isinstance(template.entry, m.Definition):
            definition = template.entry
            return None, Diagnostic(
                Severity.ERROR, "C003",
                f"{template.text!r} is derived by definition '{definition.id}', so a case cannot state it",
                file, line, 1, hint="state the facts it rests on: " + _stated_phrases(self.act, definition),
                source_line=sentence)
        return Fact(template.key, args, value, line, sentence.strip()), None

    # ── structured entries (JSON) ───────────────────────────────────────────
    def read_entry(self, entry: Mapping[str, object], index: int, file: str) -> tuple[Fact | None, Diagnostic | None]:
        where = f"facts[{index}]"
        phrase = entry.get("phrase")
        if not isinstance(phrase, str):
            return None, Diagnostic(Severity.ERROR, "C004", f"{where} needs a \"phrase\" string", file)
        words, slot_names = m.split_template(phrase)
        template = self.by_key.get(m.template_key(words))
        if template is None:
            near = self.suggestions(phrase.replace("{", "").replace("}", ""))
            return None, Diagnostic(Severity.ERROR, "C001", f"{where}: unknown phrase {phrase!r}", file,
                                    hint=("closest phrases: " + "; ".join(repr(s) for s in near)) if near else None)
        slots = entry.get("slots", {})
        if not isinstance(slots, Mapping) or not all(isinstance(v, str) for v in slots.values()):
            return None, Diagnostic(Severity.ERROR, "C004", f"{where}: \"slots\" must map slot names to party names",
                                    file)
        missing = [s for s in slot_names if s not in slots]
        if missing:
            return None, Diagnostic(Severity.ERROR, "C004", f"{where}: no value for slot {{{missing[0]}}}", file,
                                    hint=f"give \"slots\": {{{', '.join(repr(s) + ': …' for s in slot_names)}}}")
        for name in slot_names:
            problem = party_problem(str(slots[name]).strip())
            if problem is not None:
                return None, Diagnostic(Severity.ERROR, "C009", f"{where}: {problem}", file)
        value = entry.get("value")
        truth: bool | None = True
        if template.kind is m.TermKind.NUMBER and "value" in entry and value is None:
            truth = None  # an unknown number
        elif template.kind is m.TermKind.NUMBER:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return None, Diagnostic(Severity.ERROR, "C004", f"{where}: {phrase!r} is a number phrase; "
                                                                 "give a numeric \"value\"", file)
            try:
                value = float(value)
            except OverflowError:
                value = math.inf
            if not math.isfinite(value):
                return None, Diagnostic(Severity.ERROR, "C009", f"{where}: the \"value\" of {phrase!r} must be a "
                                                                 "finite number (not NaN, Infinity or beyond 1e308)",
                                        file)
        elif value is not None:
            return None, Diagnostic(Severity.ERROR, "C004", f"{where}: {phrase!r} is a true/false fact; "
                                                             "it takes no \"value\"", file)
        if "holds" in entry:
            holds = entry.get("holds")
            if template.kind is m.TermKind.NUMBER or not (holds is None or isinstance(holds, bool)):
                return None, Diagnostic(Severity.ERROR, "C004", f"{where}: \"holds\" is true, false or null "
                                                                 "(unknown), for a true/false fact", file,
                                        hint='for a number, give "value" (null when it is unknown)')
            truth = holds
        if template.derived:
            return None, Diagnostic(Severity.ERROR, "C003", f"{where}: {phrase!r} is derived by a definition", file)
        args = tuple(str(slots[s]).strip() for s in slot_names)
        text = m.Phrase(phrase, words, slot_names, m.Span(file, 0, 0, 0, 0)).fill(dict(zip(slot_names, args,
                                                                                          strict=True)))
        if truth is False:
            text = NOT_THE_CASE + text
        elif truth is None:
            text = text + IS_UNKNOWN if template.kind is m.TermKind.NUMBER else UNKNOWN_WHETHER + text
        return Fact(template.key, args, value if truth else None, None, text, truth=truth), None


def _probe(text: str, common: Mapping[str, int] | None = None) -> str | None:
    """The template's longest literal word with whitespace or the text's ends on both sides.

    Words are cut as :func:`_pattern` cuts them; a word touching a slot (``{person}'s``)
    does not qualify, since in a sentence it is part of a longer word.
    """
    pieces = re.split(r"(\{[^{}]*\})", text.strip())
    words: list[str] = []
    for number, piece in enumerate(pieces):
        if not piece or (piece.startswith("{") and piece.endswith("}")):
            continue
        tokens = re.split(r"\s+", piece)
        for index, token in enumerate(tokens):
            free_left = index > 0 or number == 0
            free_right = index < len(tokens) - 1 or number == len(pieces) - 1
            if token and free_left and free_right:
                words.append(token)
    if not words:
        return None
    counts = common or {}
    return min(words, key=lambda word: (counts.get(word.casefold(), 0), -len(word)))  # the rarest, then longest


def _party(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1].strip()
    return re.sub(r"\s+", " ", raw)


def _stated_phrases(act: m.Act, definition: m.Definition, most: int = 3) -> str:
    """The first phrases a case can state that a definition rests on, through other definitions.

    ``mandated reporter`` rests on ``engaged in relevant activity``, itself derived: the hint
    names ``{person} is a teacher`` and the like, which a case can say. A body that tests another
    provision (``{c} commits bribery``) rests on that provision's conditions, so they are followed
    too; the hint never ends in a list of nothing.
    """
    found: list[str] = []
    todo: list[m.Expr] = [definition.body]
    seen = {definition.id}
    while todo and len(found) < most:
        expr = todo.pop(0)
        for node in m.walk(expr):
            if isinstance(node, m.StatusTest):
                target = act.provisions_by_id.get(node.provision)
                if target is not None and target.id not in seen:
                    seen.add(target.id)
                    todo.extend(e for e in (target.condition, getattr(target, "action", None)) if e is not None)
        for phrase in m.phrases_in(expr):
            entry = act.phrases.get(phrase.key)
            if isinstance(entry, m.Definition):
                if entry.id not in seen:
                    seen.add(entry.id)
                    todo.append(entry.body)
            elif len(found) < most and phrase.text not in found:
                found.append(phrase.text)
    numbers = {t.key for t in act.terms if t.kind is m.TermKind.NUMBER}
    keys = {phrase.text: phrase.key for expr in [definition.body] for phrase in m.phrases_in(expr)}
    if not found:
        return f"nothing a case states: see definition '{definition.id}' ({act.cite(definition)})"
    return "; ".join(repr(p) + (" is …" if keys.get(p, m.template_key(m.split_template(p)[0])) in numbers else "")
                     for p in found)


def build_case(facts: Iterable[Fact], file: str = "<case>", as_at: date | None = None,
               appointed: tuple[tuple[str, date], ...] = (),
               closed_world: bool | None = None) -> tuple[Case, list[Diagnostic]]:
    """Index facts for evaluation. A number stated twice with two values is an error (C005), and so is
    a fact stated and denied, or stated (or denied) and said to be unknown (C012)."""
    by_key: dict[str, set[tuple[str, ...]]] = {}
    numbers: dict[str, dict[tuple[str, ...], float]] = {}
    denied: dict[str, set[tuple[str, ...]]] = {}
    unknown: dict[str, set[tuple[str, ...]]] = {}
    said: dict[tuple[str, tuple[str, ...]], Fact] = {}
    parties: dict[str, None] = {}
    stated: list[Fact] = []
    problems: list[Diagnostic] = []
    for fact in facts:
        for party in fact.args:
            parties.setdefault(party, None)
        earlier_fact = said.get((fact.key, fact.args))
        if earlier_fact is not None and (earlier_fact.truth is not fact.truth or fact.truth is None) and \
                not (earlier_fact.truth is None and fact.truth is None):
            where = f"line {earlier_fact.line}" if earlier_fact.line else "an earlier fact"
            problems.append(Diagnostic(Severity.ERROR, "C012", f"{fact.text!r} contradicts {where} "
                                       f"({earlier_fact.text!r})", file, fact.line, 1,
                                       hint="state each fact once: it holds, it does not, or it is unknown",
                                       source_line=fact.text))
            continue
        said.setdefault((fact.key, fact.args), fact)
        if fact.truth is None:
            unknown.setdefault(fact.key, set()).add(fact.args)
        elif fact.truth is False:
            denied.setdefault(fact.key, set()).add(fact.args)
        elif fact.value is None:
            by_key.setdefault(fact.key, set()).add(fact.args)
        else:
            earlier = numbers.setdefault(fact.key, {}).get(fact.args)
            if earlier is not None and earlier != fact.value:
                problems.append(Diagnostic(Severity.ERROR, "C005",
                                           f"{fact.text!r} contradicts an earlier value ({m.format_number(earlier)})",
                                           file, fact.line, 1, hint="state each number once",
                                           source_line=fact.text))
                continue
            numbers[fact.key][fact.args] = fact.value
        stated.append(fact)
    if len(parties) > MAX_PARTIES:
        problems.append(Diagnostic(Severity.ERROR, "C006", f"the case names {len(parties)} parties; "
                                                           f"statute evaluates at most {MAX_PARTIES}", file,
                                   hint="split the case into smaller ones"))
    case = Case({k: frozenset(v) for k, v in by_key.items()}, {k: v for k, v in numbers.items() if v},
                tuple(parties), tuple(stated), file, as_at=as_at, appointed=appointed,
                denied={k: frozenset(v) for k, v in denied.items()},
                unknown={k: frozenset(v) for k, v in unknown.items()}, closed_world=closed_world)
    return case, problems


#: A case's header: its world assumption, before its first fact.
_WORLD_HEADER = re.compile(r"^(?P<world>closed|open) world$", re.IGNORECASE)


def read_case_text(reader: CaseReader, text: str, file: str = "<case>") -> tuple[Case, list[Diagnostic]]:
    """Read the line format. Blank lines and ``#`` comments are skipped."""
    facts: list[Fact] = []
    problems: list[Diagnostic] = []
    clock = _TimeLines()
    closed_world: bool | None = None
    # split on "\n" only: str.splitlines() also breaks at U+2028, form feeds and more, so line
    # numbers would no longer be an editor's
    for number, raw in enumerate(text.split("\n"), start=1):
        line, comment = _without_comment(raw)
        column = len(line) - len(line.lstrip()) + 1
        line = line.strip()
        if not line:
            continue
        line = line.rstrip(".")
        header = _WORLD_HEADER.match(_SPACES.sub(" ", line))
        if header is not None:
            if facts or problems or closed_world is not None:
                problems.append(Diagnostic(Severity.ERROR, "C013", f"'{line}' must be the case's first line "
                                           "(before any fact), and said once", file, number, column,
                                           source_line=line, hint="move it to the top of the case"))
            else:
                closed_world = header.group("world").casefold() == "closed"
            continue
        line, when, problem = clock.read(line, number, file, raw, reader.act)
        fact = None
        if problem is None and line:
            fact, problem = reader.read_sentence(line, number, file, column)
            if fact is not None and when is not None:
                fact = replace(fact, on=when)
        if problem is not None:
            if comment and problem.code == "C001":
                problem = replace(problem, hint=f"the text after '#' is a comment ({comment!r}); quote a party "
                                                'name that contains a #, e.g. "A#1"')
            problems.append(problem)
            if len(problems) >= MAX_PROBLEMS:
                problems.append(_too_many(file, number))
                break
        elif fact is not None:
            facts.append(fact)
    case, more = build_case(facts, file, clock.as_at, tuple(clock.appointed), closed_world)
    return case, problems + more


@dataclass
class _TimeLines:
    """The time lines of one case as it is read (:mod:`statute.dated`): the as-at date and appointed days."""

    as_at: date | None = None
    appointed: list[tuple[str, date]] = field(default_factory=list)

    def read(self, line: str, number: int | None, file: str, raw: str | None = None, act: m.Act | None = None
             ) -> tuple[str, date | None, Diagnostic | None]:
        """The fact left to read (empty for a line that only says something about time), its date, a problem."""
        found, problem = read_time_line(line, number, file, raw)
        if problem is not None or found is None:
            return ("" if problem is not None else line), None, problem
        if found.kind == "on":
            return found.rest.rstrip("."), found.when, None
        if found.kind == "as at":
            if self.as_at is not None and self.as_at != found.when:
                return "", None, Diagnostic(Severity.ERROR, "C022", f"the case is already assessed as at "
                                            f"{self.as_at.isoformat()}", file, number, 1, source_line=line,
                                            hint="give one 'as at' date per case")
            self.as_at = found.when
        else:
            if act is not None and not known_reference(act, found.rest):
                sections = ", ".join(s.citation for s in act.sections if s.kind == "section")
                return "", None, Diagnostic(Severity.ERROR, "C021", f"the Act has no provision or section called "
                                            f"{found.rest!r} to come into force", file, number, 1,
                                            source_line=line, hint=f"name a provision id or a section ({sections}), "
                                            "or 'the Act'")
            self.appointed.append((found.rest, found.when))
        return "", None, None


def _without_comment(raw: str) -> tuple[str, str]:
    """A line without its comment, and the comment: ``#`` starts one outside double quotes."""
    quoted = False
    for index, char in enumerate(raw):
        if char == '"':
            quoted = not quoted
        elif char == "#" and not quoted:
            return raw[:index], raw[index:]
    return raw, ""


def _too_many(file: str, line: int | None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, "C010", f"stopped reading the case after {MAX_PROBLEMS} errors", file, line,
                      hint="correct the errors above first (is this a case file?)")


def read_case_json(reader: CaseReader, data: object, file: str = "<case>") -> tuple[Case, list[Diagnostic]]:
    """Read the JSON form: ``{"facts": [sentence | {phrase, slots, value}]}``."""
    if isinstance(data, list):
        data = {"facts": data}
    if not isinstance(data, Mapping) or not isinstance(data.get("facts"), list):
        return build_case([], file)[0], [Diagnostic(Severity.ERROR, "C004",
                                                     'a JSON case is {"facts": [...]}', file)]
    facts: list[Fact] = []
    problems: list[Diagnostic] = []
    clock = _TimeLines()
    _json_time(data, clock, problems, file)
    world = data.get("world")
    if world is not None and world not in ("closed", "open"):
        problems.append(Diagnostic(Severity.ERROR, "C004", '"world" is "closed" or "open"', file))
    closed_world = None if world not in ("closed", "open") else world == "closed"
    for index, entry in enumerate(data["facts"]):
        if isinstance(entry, str):
            sentence, when, problem = clock.read(entry, None, f"{file}: facts[{index}]", act=reader.act)
            fact = None
            if problem is None and sentence:
                fact, problem = reader.read_sentence(sentence, None, f"{file}: facts[{index}]")
                if fact is not None and when is not None:
                    fact = replace(fact, on=when)
        elif isinstance(entry, Mapping):
            fact, problem = reader.read_entry(entry, index, file)
            if fact is not None and entry.get("on") is not None:
                when, problem = read_json_date(entry["on"], f"facts[{index}].on", file)
                fact = replace(fact, on=when) if problem is None else None
        else:
            fact, problem = None, Diagnostic(Severity.ERROR, "C004",
                                             f"facts[{index}] must be a sentence or an object", file)
        if problem is not None:
            problems.append(problem)
            if len(problems) >= MAX_PROBLEMS:
                problems.append(_too_many(file, None))
                break
        elif fact is not None:
            facts.append(fact)
    case, more = build_case(facts, file, clock.as_at, tuple(clock.appointed), closed_world)
    return case, problems + more


def _json_time(data: Mapping[str, object], clock: _TimeLines, problems: list[Diagnostic], file: str) -> None:
    """``"as_at": "…"`` and ``"in_force": {"s.85": "…"}`` of a JSON case."""
    if data.get("as_at") is not None:
        clock.as_at, problem = read_json_date(data["as_at"], "as_at", file)
        if problem is not None:
            problems.append(problem)
    in_force = data.get("in_force")
    if in_force is None:
        return
    if not isinstance(in_force, Mapping):
        problems.append(Diagnostic(Severity.ERROR, "C004", '"in_force" maps a provision or section to the day '
                                   'it comes into force, e.g. {"s.85": "2026-10-01"}', file))
        return
    for reference, value in in_force.items():
        when, problem = read_json_date(value, f"in_force[{reference!r}]", file)
        if problem is not None:
            problems.append(problem)
        elif when is not None:
            clock.appointed.append((str(reference), when))


def _parse_int(digits: str) -> int | float:
    """JSON integers; past 300 digits (beyond any float) infinity, which the reader refuses by name.

    Python refuses to convert integers of more than 4,300 digits (a ValueError that is not a
    JSONDecodeError), and converting a huge int to float overflows.
    """
    return int(digits) if len(digits.lstrip("-")) <= 300 else (-math.inf if digits.startswith("-") else math.inf)


def read_case(reader: CaseReader, text: str, file: str = "<case>") -> tuple[Case, list[Diagnostic]]:
    """Either format: JSON when the text starts with ``{`` or ``[``."""
    text = text.lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(text, parse_int=_parse_int)
        except json.JSONDecodeError as error:
            return build_case([], file)[0], [Diagnostic(Severity.ERROR, "C004", f"invalid JSON: {error.msg}", file,
                                                        error.lineno, error.colno)]
        except RecursionError:
            return build_case([], file)[0], [Diagnostic(Severity.ERROR, "C004", "the JSON is nested too deeply to "
                                                        "read", file, hint='a JSON case is {"facts": [...]}')]
        return read_case_json(reader, data, file)
    return read_case_text(reader, text, file)  # not `stripped`: leading blank lines count for line numbers


def case_from(act: m.Act, facts: str | Iterable[str] | Mapping[str, object], file: str = "<case>") -> Case:
    """Convenience for the API: a case from text, a list of sentences or JSON data; raises on errors."""
    reader = CaseReader(act)
    if isinstance(facts, str):
        case, problems = read_case(reader, facts, file)
    elif isinstance(facts, Mapping):
        case, problems = read_case_json(reader, facts, file)
    else:
        case, problems = read_case_json(reader, {"facts": list(facts)}, file)
    if problems:
        raise StatuteError(problems)
    return case


@dataclass
class CaseBuilder:
    """Accumulates facts one sentence at a time (used by the scenario steps)."""

    reader: CaseReader
    facts: list[Fact] = field(default_factory=list)
    clock: _TimeLines = field(default_factory=_TimeLines)

    def add(self, sentence: str, line: int | None = None, file: str = "<scenario>") -> Diagnostic | None:
        sentence, when, problem = self.clock.read(sentence, line, file, act=self.reader.act)
        if problem is not None or not sentence:
            return problem
        fact, problem = self.reader.read_sentence(sentence, line, file)
        if fact is not None:
            self.facts.append(fact if when is None else replace(fact, on=when))
        return problem

    def build(self, file: str = "<scenario>") -> tuple[Case, list[Diagnostic]]:
        return build_case(self.facts, file, self.clock.as_at, tuple(self.clock.appointed))
