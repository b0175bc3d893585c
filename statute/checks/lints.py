"""Obligation lints (W402–W406) as a checker pass; the logic is in :mod:`statute.graph.lints`."""

from __future__ import annotations

from statute import model as m
from statute.diagnostics import Diagnostic
from statute.graph.lints import lint


def check_lints(act: m.Act) -> list[Diagnostic]:
    return lint(act)
