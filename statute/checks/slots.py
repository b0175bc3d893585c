"""Bind and type slots: every ``{slot}`` a provision uses must be bound.

A provision's own slots are its subject (holder, offender, …) and the free slots
of its condition: it applies "for every binding" of them. The action, the
deadline measure, a definition's body, an exception's or aggravating factor's
condition may use only slots already bound there, or ones they bind with
``some {x}:``.
"""

from __future__ import annotations

from statute import model as m
from statute.checks.local import local
from statute.diagnostics import Diagnostic, at, closest


def scope(provision: m.Provision, act: m.Act, _seen: frozenset[str] = frozenset()) -> frozenset[str]:
    """The slots a provision is evaluated for (an exception: its target's)."""
    if isinstance(provision, m.Definition):
        return frozenset(provision.head.slots)
    if isinstance(provision, (m.Exception_, m.AggravatingFactor)):
        out: frozenset[str] | None = None
        for target_id in provision.targets:
            target = act.provisions_by_id.get(target_id)
            if target is None or target_id in _seen:
                continue
            target_scope = scope(target, act, _seen | {provision.id})
            out = target_scope if out is None else out & target_scope
        return out or frozenset()
    own = frozenset({provision.subject}) if provision.subject else frozenset()
    return own | local(provision, "_statute_free", lambda p: m.free_variables(p.condition))


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


def _unbound(expr: m.Expr | m.Phrase | None, bound: frozenset[str], where: str, span: m.Span,
             out: list[Diagnostic]) -> None:
    if expr is None:
        return
    free = m.free_variables(expr) if not isinstance(expr, m.Phrase) else frozenset(expr.slots)
    for name in sorted(free - bound):
        near = closest(name, sorted(bound))
        hint = ("did you mean " + " or ".join("{" + n + "}" for n in near) + "?" if near
                else f"bind it: mention {{{name}}} in the condition, or write `some {{{name}}}: …`")
        out.append(at(span, "E306", f"{{{name}}} is not bound in {where}", hint=hint))


def check_slots(act: m.Act) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for provision in act.provisions:
        bound = scope(provision, act)
        where = f"{provision.kind} '{provision.id}'"
        condition = provision.condition
        if isinstance(provision, (m.Definition, m.Exception_, m.AggravatingFactor)):
            _unbound(condition, bound, where, getattr(condition, "span", provision.span), out)
        _shadowing(condition, bound, out)
        if isinstance(provision, m.Deontic):
            _unbound(provision.action, bound, f"what {where} requires", provision.action.span, out)
            _shadowing(provision.action, bound, out)
            if provision.deadline and provision.deadline.measured_by:
                measure = provision.deadline.measured_by
                _unbound(measure, bound, f"the deadline of {where}", measure.span, out)
    return out
