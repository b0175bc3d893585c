"""Provenance: every provision cites a source; every unverified reading says so."""

from __future__ import annotations

from statute import model as m
from statute.diagnostics import Diagnostic, at


def check_provenance(act: m.Act) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for provision in act.provisions:
        source, confidence = act.provenance(provision)
        if not source:
            out.append(at(provision.span, "W400", f"{provision.kind} '{provision.id}' has no source",
                          hint='add `source "…"` to the provision, its section or the act header'))
        if confidence is m.Confidence.UNVERIFIED and not provision.note:
            out.append(at(provision.span, "W401",
                          f"{provision.kind} '{provision.id}' is an unverified reading but has no note saying so",
                          hint='add `note "reading unverified: …"` explaining what is uncertain'))
    return out
