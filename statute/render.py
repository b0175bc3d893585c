"""Turn model objects back into readable English (for show, explain and diff)."""

from __future__ import annotations

from collections.abc import Mapping

from statute import model as m


def expr_text(expr: m.Expr | None) -> str:
    """A condition written back in the statute language's own syntax."""
    if expr is None:
        return ""
    if isinstance(expr, m.Phrase):
        return f'"{expr.text}"'
    if isinstance(expr, m.Comparison):
        right = f'"{expr.right.text}"' if isinstance(expr.right, m.Phrase) else str(expr.right)
        return f'"{expr.left.text}" {expr.op} {right}'
    if isinstance(expr, m.StatusTest):
        names = ", ".join("{" + s + "}" for s in expr.regarding)
        return (f"{{{expr.party}}} {expr.relation} {expr.provision}" + (f" regarding {names}" if names else "")
                + (f" by {expr.by}" if expr.by else ""))
    if isinstance(expr, m.Not):
        inner = expr_text(expr.operand)
        return f"not {inner}" if isinstance(expr.operand, (m.Phrase, m.StatusTest)) else f"not ({inner})"
    if isinstance(expr, (m.All, m.AnyOf)):
        word = " and " if isinstance(expr, m.All) else " or "
        parts = []
        for operand in expr.operands:
            text = expr_text(operand)
            parts.append(f"({text})" if isinstance(operand, (m.All, m.AnyOf, m.Some)) else text)
        return word.join(parts)
    if isinstance(expr, m.Some):
        names = ", ".join("{" + v + "}" for v in expr.variables)
        return f"some {names}: {expr_text(expr.body)}"
    raise TypeError(expr)


def penalties_text(offence: m.Offence) -> str:
    if not offence.penalties:
        return "maximum penalty not stated"
    return "; ".join(_penalty_line(p) for p in offence.penalties)


def _penalty_line(penalty: m.Penalty) -> str:
    """``on indictment (for "{c} is a body corporate"): an unlimited fine``, ``… (from 2028-01-01)``."""
    mode = str(penalty.mode) if penalty.mode is not m.TrialMode.UNSPECIFIED else ""
    if penalty.offender is not None:
        mode = (mode + " " if mode else "") + f'(for "{penalty.offender.text}")'
    since = f" (from {penalty.since.isoformat()})" if penalty.since else ""
    return (f"{mode}: {penalty}" if mode else str(penalty)) + since


def _in_force_levels(act: m.Act, provision: m.Provision) -> list[str]:
    """The in-force periods a provision is subject to, each with where it is stated: 'in force from … (the Act)'."""
    out = [f"{provision.in_force} (itself)"] if provision.in_force else []
    eid: str | None = provision.section
    while eid is not None and eid in act.sections_by_eid:
        section = act.sections_by_eid[eid]
        if section.in_force:
            out.append(f"{section.in_force} ({section.citation})")
        eid = section.parent
    if act.in_force:
        out.append(f"{act.in_force} (the Act)")
    return out


def describe_provision(act: m.Act, provision: m.Provision) -> dict[str, object]:
    """A flat, JSON-ready description of one provision."""
    source, confidence = act.provenance(provision)
    row: dict[str, object] = {
        "id": provision.id,
        "kind": str(provision.kind),
        "title": provision.title,
        "citation": act.cite(provision),
        "eid": provision.eid,
        "section": provision.section,
        "text": act.quote(provision),
        "source": source,
        "confidence": str(confidence) if confidence else None,
        "note": provision.note,
    }
    if provision.subject:
        row["holder"] = "{" + provision.subject + "}"
    if provision.condition is not None and not isinstance(provision, m.Definition):
        row["trigger"] = expr_text(provision.condition)
    if isinstance(provision, m.Definition):
        row["defines"] = provision.head.text
        row["trigger"] = expr_text(provision.body)
    if isinstance(provision, m.Deontic):
        row["requires"] = f"{provision.modality} {expr_text(provision.action)}"
        row["deadline"] = deadline_text(provision.deadline) if provision.deadline else None
        row["recipient"] = provision.recipient
    if isinstance(provision, m.Offence):
        row["penalty"] = penalties_text(provision)
        row["mode_of_trial"] = provision.mode_of_trial
        row["penalties"] = [
            {"mode": str(p.mode),
             "imprisonment": str(p.imprisonment.term) if p.imprisonment and p.imprisonment.term else
             (p.imprisonment.description if p.imprisonment else None),
             "fine": str(p.fine) if p.fine else None,
             "described": list(p.described), "or_both": p.cumulative,
             **({"from": p.since.isoformat()} if p.since else {})}
            for p in provision.penalties]
    if isinstance(provision, (m.Exception_, m.AggravatingFactor)):
        row["targets"] = ", ".join(provision.targets)
    periods = _in_force_levels(act, provision)
    if periods:
        row["in_force"] = "; ".join(periods)
    if isinstance(provision, m.AggravatingFactor) and provision.effect:
        row["effect"] = provision.effect
    if provision.subject_to:
        row["subject_to"] = list(provision.subject_to)
    if provision.notwithstanding:
        row["notwithstanding"] = list(provision.notwithstanding)
    return row


def deadline_text(deadline: m.Deadline) -> str:
    """A deadline as written, with how its time is measured (``within 72 hours measured by "…"``)."""
    text = str(deadline)
    if deadline.limit is not None and deadline.measured_by is not None:
        measured = f'within {deadline.limit} measured by "{deadline.measured_by.text}"'
        text = text.replace(f"within {deadline.limit}", measured, 1)
    return text


def filled_text(expr: m.Expr, env: Mapping[str, str]) -> str:
    """A condition in words with its slots filled by parties (``Cara tells {t} to stay quiet``)."""
    if isinstance(expr, m.Phrase):
        return expr.fill(dict(env))
    text = expr_text(expr)
    for slot, party in env.items():
        text = text.replace("{" + slot + "}", party)
    return text.replace('"', "")
