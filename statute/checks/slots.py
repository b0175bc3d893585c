"""Bind and type slots: every ``{slot}`` a provision uses must be bound.

A provision's own slots are its subject (holder, offender, …) and the free slots
of its condition: it applies "for every binding" of them. The action, the
deadline measure, a definition's body, an exception's or aggravating factor's
condition may use only slots already bound there, or ones they bind with
``some {x}:``.
"""

from __future__ import annotations

import re

from statute import model as m
from statute.checks.local import local
from statute.diagnostics import Diagnostic, at, closest


def _own_scope(provision: m.Provision) -> frozenset[str]:
    if isinstance(provision, (m.Definition, m.Presumption)):
        return frozenset(provision.head.slots)
    own = frozenset({provision.subject}) if provision.subject else frozenset()
    return own | local(provision, "_statute_free", lambda p: m.free_variables(p.condition))


def scopes(act: m.Act) -> dict[str, frozenset[str]]:
    """The slots each provision is evaluated for, by id (empty where unknown)."""
    return {pid: found or frozenset() for pid, found in _scopes(act).items()}


def _scopes(act: m.Act) -> dict[str, frozenset[str] | None]:
    """The slots each provision is evaluated for, by id; None where they cannot be known.

    An exception or aggravating factor is evaluated for its targets' slots
    (their intersection); those may be exceptions themselves, so this follows
    chains of any length iteratively — a statute book with a thousand-long
    chain of exceptions must not exhaust Python's stack. A target on a cycle
    back to the provision contributes nothing (the cycle is reported as E309).
    An exception whose targets are all unknown ids (E301), or themselves of
    unknown scope, has an unknown scope: its slots cannot be checked.
    """
    by_id = act.provisions_by_id
    memo: dict[str, frozenset[str] | None] = {}
    for start in by_id:
        stack = [start]
        on_path: set[str] = set()
        while stack:
            pid = stack[-1]
            if pid in memo:
                stack.pop()
                continue
            provision = by_id[pid]
            if not isinstance(provision, (m.Exception_, m.AggravatingFactor)):
                memo[pid] = _own_scope(provision)
                stack.pop()
                continue
            if pid not in on_path:
                on_path.add(pid)
                stack.extend(t for t in provision.targets if t in by_id and t not in memo and t not in on_path)
                continue
            out: frozenset[str] | None = None
            for target in provision.targets:
                known = memo.get(target)
                if known is not None:
                    out = known if out is None else out & known
            memo[pid] = out
            on_path.discard(pid)
            stack.pop()
    return memo


def scope(provision: m.Provision, act: m.Act) -> frozenset[str]:
    """The slots a provision is evaluated for (an exception: its target's)."""
    if not isinstance(provision, (m.Exception_, m.AggravatingFactor)):
        return _own_scope(provision)
    return _scopes(act).get(provision.id) or frozenset()


def _shadowing(expr: m.Expr | None, bound: frozenset[str], out: list[Diagnostic]) -> None:
    """Report ``some {x}`` that rebinds a slot already bound around it."""
    if isinstance(expr, m.Some):
        for name in expr.variables:
            if name in bound:
                out.append(at(expr.span, "E307", f"{{{name}}} is already bound here",
                              hint="give the quantified slot a new name"))
        if len(set(expr.variables)) != len(expr.variables):
            out.append(at(expr.span, "E307", "the same slot is quantified twice"))
        _shadowing(expr.body, bound | frozenset(expr.variables), out)
    elif isinstance(expr, (m.All, m.AnyOf)):
        for operand in expr.operands:
            _shadowing(operand, bound, out)
    elif isinstance(expr, m.Not):
        _shadowing(expr.operand, bound, out)


def _slot_in_phrase(phrase: m.Phrase, name: str) -> m.Span:
    """The span of ``{name}`` inside a quoted phrase, when it can be located exactly.

    The phrase's text is unquoted and unescaped; when it is as long as the
    token minus its quotes (one line, no escapes) columns map one to one.
    """
    span = phrase.span
    if span.end_line == span.line and span.end_column - span.column == len(phrase.text) + 2:
        pattern = r"\{\s*" + r"\s+".join(re.escape(word) for word in name.split()) + r"\s*\}"
        match = re.search(pattern, phrase.text)
        if match:
            start = span.column + 1 + match.start()
            return m.Span(span.file, span.line, start, span.line, start + len(match.group()))
    return span


def _first_use(expr: m.Expr | m.Phrase, name: str) -> m.Span | None:
    """Where a free slot is first used in a condition (not under a ``some`` that binds it)."""
    stack: list[m.Expr | m.Phrase] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, m.Phrase):
            if name in node.slots:
                return _slot_in_phrase(node, name)
        elif isinstance(node, m.StatusTest):
            if node.party == name:
                span = node.span
                return m.Span(span.file, span.line, span.column, span.line, span.column + len(name) + 2)
        elif isinstance(node, m.Comparison):
            stack.extend(side for side in (node.right, node.left) if isinstance(side, m.Phrase))
        elif isinstance(node, m.Not):
            stack.append(node.operand)
        elif isinstance(node, (m.All, m.AnyOf)):
            stack.extend(reversed(node.operands))
        elif isinstance(node, m.Some) and name not in node.variables:
            stack.append(node.body)
    return None


def _unbound(expr: m.Expr | m.Phrase | None, bound: frozenset[str], where: str, span: m.Span,
             out: list[Diagnostic]) -> None:
    if expr is None:
        return
    free = m.free_variables(expr) if not isinstance(expr, m.Phrase) else frozenset(expr.slots)
    for name in sorted(free - bound):
        near = closest(name, sorted(bound))
        hint = ("did you mean " + " or ".join("{" + n + "}" for n in near) + "?" if near
                else f"bind it: mention {{{name}}} in the condition, or write `some {{{name}}}: …`")
        out.append(at(_first_use(expr, name) or span, "E306", f"{{{name}}} is not bound in {where}", hint=hint))


def check_slots(act: m.Act) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    bound_by_id = _scopes(act)
    for provision in act.provisions:
        # a second provision with a used id (E300) is checked on its own
        first = act.provisions_by_id[provision.id] is provision
        known = bound_by_id[provision.id] if first else _own_scope(provision)
        where = f"{provision.kind} '{provision.id}'"
        condition = provision.condition
        bound = known or frozenset()
        if known is None:
            pass  # its slots come from targets that do not exist (E301 says so); nothing to check against
        elif isinstance(provision, (m.Definition, m.Exception_, m.AggravatingFactor, m.Presumption)):
            _unbound(condition, bound, where, getattr(condition, "span", provision.span), out)
        _shadowing(condition, bound, out)
        if isinstance(provision, m.Deontic):
            _unbound(provision.action, bound, f"what {where} requires", provision.action.span, out)
            _shadowing(provision.action, bound, out)
            if provision.deadline and provision.deadline.measured_by:
                measure = provision.deadline.measured_by
                _unbound(measure, bound, f"the deadline of {where}", measure.span, out)
        _regarding(provision, bound_by_id, out)
        if isinstance(provision, m.AggravatingFactor):
            _factor_rebinds(provision, act, out)
        if isinstance(provision, m.Defence) and provision.proved_by is not None and known is not None \
                and provision.proved_by not in bound:
            near = closest(provision.proved_by, sorted(bound))
            out.append(at(provision.span, "E321", f"{{{provision.proved_by}}} bears the burden of {where}, but the "
                                                  "offence it answers names no such party",
                          hint=("did you mean " + " or ".join("{" + n + "}" for n in near) + "?") if near else
                          "write `proved by` with the offender's slot (the accused bears a reverse burden)"))
        if isinstance(provision, m.Offence):
            _penalty_offenders(provision, out)
    return out


def _penalty_offenders(offence: m.Offence, out: list[Diagnostic]) -> None:
    """``on indictment for "{p} is a body corporate":`` speaks of the offender and no one else."""
    for penalty in offence.penalties:
        phrase = penalty.offender
        if phrase is None:
            continue
        for name in dict.fromkeys(phrase.slots):
            if name != offence.offender:
                out.append(at(_slot_in_phrase(phrase, name), "E306",
                              f"{{{name}}} is not bound in the penalty of offence '{offence.id}': a penalty line "
                              "says which offenders it is for",
                              hint=f"write the offender's slot, {{{offence.offender}}}"))


def _quantified(expr: m.Expr | None) -> frozenset[str]:
    """The slots a condition quantifies with ``some`` anywhere inside it."""
    return frozenset(name for node in (m.walk(expr) if expr is not None else ())
                     if isinstance(node, m.Some) for name in node.variables)


def _factor_rebinds(factor: m.AggravatingFactor, act: m.Act, out: list[Diagnostic]) -> None:
    """A factor is about its offence's own binding: its ``some {victim}`` must not reach past it.

    When the offence says ``some {victim}: …`` and the factor says ``some {victim}: …`` too, the
    factor's victim is *any* party in the case — so one offender's assault on Eve would be
    "aggravated" by someone's grooming of Sol. The offence must make the party its own slot
    (no ``some``), and the factor then names that slot, bound to the offence's binding.
    """
    for target in factor.targets:
        offence = act.provisions_by_id.get(target)
        if offence is None:
            continue
        theirs = _quantified(offence.condition)
        for node in m.walk(factor.when):
            if not isinstance(node, m.Some):
                continue
            for name in node.variables:
                if name in theirs:
                    out.append(at(node.span, "E320", f"{{{name}}} here is any party in the case, not the {{{name}}} "
                                                     f"of the offence '{target}' it aggravates (which quantifies "
                                                     f"{{{name}}} with 'some')",
                                  hint=f"make {{{name}}} a slot of '{target}' (drop its 'some {{{name}}}:'), then "
                                       f"write {{{name}}} here without 'some': the factor is then asked about "
                                       "that offence's own binding"))


def _regarding(provision: m.Provision, bound_by_id: dict[str, frozenset[str] | None],
               out: list[Diagnostic]) -> None:
    """``… regarding {child}`` must name a slot of the provision asked about (other than its subject)."""
    for expr in (provision.condition, getattr(provision, "action", None)):
        for node in m.walk(expr) if expr is not None else ():
            if not isinstance(node, m.StatusTest) or not node.regarding:
                continue
            target_slots = bound_by_id.get(node.provision)
            if target_slots is None:
                continue  # an unknown provision is reported as E301
            for name in node.regarding:
                if name not in target_slots or name == node.party:
                    others = sorted(target_slots - {node.party})
                    near = closest(name, others)
                    hint = ("did you mean " + " or ".join("{" + n + "}" for n in near) + "?" if near else
                            (f"'{node.provision}' has the slots " + ", ".join("{" + s + "}" for s in others)
                             if others else f"'{node.provision}' has no slot besides its subject"))
                    out.append(at(node.span, "E311", f"'{node.provision}' has no slot {{{name}}} to match "
                                                     f"with 'regarding'", hint=hint))
