"""statute — legislation as code that drafters can test and engineers can query.

>>> import statute
>>> act = statute.load("enacted")          # a bundled Act, a .law file or a folder
>>> act.title
'Crime and Policing Act 2026'
"""

from __future__ import annotations

from statute.diagnostics import Diagnostic, StatuteError
from statute.loader import bundled_acts, load, load_text
from statute.model import Act


def __getattr__(name: str) -> str:
    """``statute.__version__``, read from the installed metadata only when asked
    (importlib.metadata costs tens of milliseconds at start-up)."""
    if name != "__version__":
        raise AttributeError(f"module 'statute' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("statute")
    except PackageNotFoundError:  # running from a checkout without installing
        return "0.0.0+unknown"

__all__ = ["Act", "Diagnostic", "StatuteError", "__version__", "bundled_acts", "load", "load_text"]
