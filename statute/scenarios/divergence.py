"""Intent scenarios that an Act is known to depart from, and the report of them.

A scenario tagged ``@divergence:NAME`` states an outcome that the Act NAME is known
not to give (``@divergence`` alone: any Act it runs against). When it fails there,
with the Act giving another outcome, the test is reported as an expected failure
(xfail) and listed in the terminal summary under "Where … departs from the stated
intent". When it passes there, the divergence has disappeared — the Act was amended,
or the encoding changed — and the test **fails** (strict xfail semantics), so the
list can never go stale. An error in the scenario itself (an unknown phrase or
provision) is never excused by the tag.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest

from statute.scenarios.acts import LoadedAct, locate
from statute.scenarios.failures import FailureRepr, OutcomeMismatch, ScenarioProblem
from statute.scenarios.state import ScenarioState


@dataclass(frozen=True)
class Divergence:
    """One intent scenario and the Act that departs from it (or no longer does)."""

    scenario: str
    key: tuple[str, str]  # (feature file, scenario name): the same intent under every Act
    where: str
    act: LoadedAct
    expected: str
    found: str
    disappeared: bool = False


def _named(names: Iterable[str], loaded: LoadedAct, state: ScenarioState) -> bool:
    base = state.feature_file.parent if state.feature_file is not None else None
    for name in names:
        if name == loaded.label:
            return True
        path = locate(name, base)
        if path is not None and str(path) == loaded.key:
            return True
    return False


def expects_divergence(item: pytest.Item, state: ScenarioState) -> bool:
    """Whether the item's @divergence tags name the Act this run used (or name none)."""
    loaded = state.loaded
    if loaded is None:
        return False
    return any(not mark.args or _named(mark.args, loaded, state) for mark in item.iter_markers("divergence"))


@dataclass
class DivergenceLog:
    """Divergences seen in a session, and under which Acts each intent scenario held."""

    entries: list[Divergence] = field(default_factory=list)
    held: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def settle(self, item: pytest.Item, state: ScenarioState, report: pytest.TestReport,
               error: BaseException | None) -> None:
        """Turn a divergence's failure into an xfail, and its pass into a failure."""
        if state.loaded is None:
            return
        key = (state.display_file, state.scenario_name)
        where = str(state.where(state.scenario_line))
        if not expects_divergence(item, state):
            if report.passed:
                self.held.setdefault(key, set()).add(state.loaded.label)
            return
        if isinstance(error, OutcomeMismatch):
            found = error.body[0].strip() if error.body else ""
            report.outcome = "skipped"
            report.wasxfail = f"divergence: under {state.loaded.description} {error.headline}"
            self.entries.append(Divergence(state.scenario_name, key, where, state.loaded, error.headline, found))
        elif report.passed:
            text = (f"{where}: the divergence has disappeared: {state.loaded.description} now gives the outcome "
                    f"the scenario '{state.scenario_name}' expects\n"
                    f"  hint: remove the @divergence tag for this Act (or check whether the encoding changed)")
            report.outcome = "failed"
            report.longrepr = FailureRepr(text, "the divergence has disappeared", state.display_file,
                                          state.scenario_line)
            self.entries.append(Divergence(state.scenario_name, key, where, state.loaded, "", "", disappeared=True))
        elif isinstance(error, ScenarioProblem) and isinstance(report.longrepr, FailureRepr):
            report.longrepr.text += ("\n  note: the scenario is tagged @divergence, but this is an error in the "
                                     "scenario, which a divergence never excuses")

    def summary_lines(self) -> list[str]:
        lines: list[str] = []
        departures = [d for d in self.entries if not d.disappeared]
        for key in dict.fromkeys(d.act.key for d in departures):
            mine = [d for d in departures if d.act.key == key]
            lines.append(f"Where {mine[0].act.description} departs from the stated intent:")
            for d in mine:
                kept = sorted(self.held.get(d.key, set()))
                also = (" — the intent holds under " + ", ".join(f'"{k}"' for k in kept)) if kept else ""
                lines.append(f"  ✗ {d.scenario}  ({d.where}){also}")
                lines.append(f"      {d.expected}")
                if d.found:
                    lines.append(f"      {d.found}")
        gone = [d for d in self.entries if d.disappeared]
        if gone:
            lines.append("Divergences that have disappeared (these fail the run; remove the @divergence tag):")
            lines += [f"  ✓ {d.scenario}  ({d.where}) now holds under {d.act.description}" for d in gone]
        return lines
