"""statute — legislation as code that drafters can test and engineers can query.

>>> import statute
>>> act = statute.load("enacted")          # a bundled Act, a .law file or a folder
>>> act.title
'Crime and Policing Act 2026'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from statute.diagnostics import Diagnostic, StatuteError
from statute.loader import bundled_acts, load, load_text
from statute.model import Act

try:
    __version__ = version("statute")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0+unknown"

__all__ = ["Act", "Diagnostic", "StatuteError", "__version__", "bundled_acts", "load", "load_text"]
