"""Semantic passes over an assembled Act, each a pure function ``Act → diagnostics``.

The order is data (:data:`PASSES`), as in sqlglot's optimizer: references
first (later passes assume ids resolve), then phrases, slots and cycles, then
provenance, then the obligation lints (W402–W406). Each pass lives in its own
module with its own tests.
"""

from __future__ import annotations

from collections.abc import Callable

from statute.checks.cycles import check_cycles
from statute.checks.lints import check_lints
from statute.checks.phrases import check_phrases
from statute.checks.provenance import check_provenance
from statute.checks.references import check_references
from statute.checks.slots import check_slots
from statute.checks.time import check_time
from statute.diagnostics import Diagnostic, has_errors
from statute.gcpause import without_gc
from statute.model import Act

Pass = Callable[[Act], list[Diagnostic]]

PASSES: tuple[Pass, ...] = (
    check_references,
    check_phrases,
    check_time,
    check_slots,
    check_cycles,
    check_provenance,
    check_lints,
)
#: Passes that only make sense on an Act without errors: a misspelt phrase
#: would otherwise also show up as an "unused term" before the real error.
AFTER_ERRORS_SKIP: frozenset[Pass] = frozenset({check_lints})


@without_gc
def check(act: Act, passes: tuple[Pass, ...] = PASSES) -> list[Diagnostic]:
    """Run every pass and return their diagnostics in source order."""
    out: list[Diagnostic] = []
    for run in passes:
        if run in AFTER_ERRORS_SKIP and has_errors(out):
            continue
        out.extend(run(act))
    return sorted(out, key=lambda d: d.sort_key())
