"""statute — legislation as code that drafters can test and engineers can query.

>>> import statute
>>> act = statute.load("enacted")          # a bundled Act, a .law file or a folder
>>> act.title
'Crime and Policing Act 2026'
>>> assessment = statute.assess(act, "Vic is a teacher\\nthe age of Vic is 17")
>>> assessment.is_under("duty_to_notify", "Vic")
False
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from statute.diagnostics import Diagnostic, StatuteError
from statute.loader import bundled_acts, load, load_text
from statute.lookup import UnknownName
from statute.model import Act

if TYPE_CHECKING:  # imported on first use (below), so `import statute` stays cheap for the CLI
    from statute.evaluate import evaluate as assess
    from statute.outcomes import Assessment as Assessment
    from statute.outcomes import Outcome as Outcome
    from statute.outcomes import Status as Status

#: ``statute.assess`` is :func:`statute.evaluate.evaluate` (``statute.evaluate`` is that module's name).
_LAZY = {"assess": "statute.evaluate", "Assessment": "statute.outcomes", "Outcome": "statute.outcomes",
         "Status": "statute.outcomes"}


def __getattr__(name: str) -> Any:
    """``statute.assess`` and the outcome types on first use; ``statute.__version__`` from the
    installed metadata only when asked (importlib.metadata costs tens of milliseconds at start-up)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), "evaluate" if name == "assess" else name)
    if name != "__version__":
        raise AttributeError(f"module 'statute' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("statute")
    except PackageNotFoundError:  # running from a checkout without installing
        return "0.0.0+unknown"


__all__ = ["Act", "Assessment", "Diagnostic", "Outcome", "Status", "StatuteError", "UnknownName", "__version__",
           "assess", "bundled_acts", "load", "load_text"]
