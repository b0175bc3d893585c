"""The ``pytest11`` entry point: statute's scenario plugin, where pytest-bdd is installed.

The scenario steps need pytest-bdd, which is an optional extra (``statute[scenarios]``) so
that a program using only the API installs lark and networkx and nothing else. pytest may
still be present without pytest-bdd (any project's test venv); there the entry point must
not break that project's pytest run. So this module loads the real plugin
(:mod:`statute.pytest_plugin`) through ``pytest_plugins`` only when pytest-bdd can be
imported, and otherwise only turns a ``.feature`` file that names a statute Act into a
collection error that says which extra to install.

Disable both with ``-p no:statute``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

#: what the missing-extra message tells a user to run
INSTALL_HINT = "pip install 'statute[scenarios]'"

if importlib.util.find_spec("pytest_bdd") is not None:
    pytest_plugins = ["statute.pytest_plugin"]
else:
    from statute.scenarios.declared import file_declares_act

    def pytest_collect_file(file_path: Path, parent: Any) -> Any:
        """A statute feature file without pytest-bdd: one failing item that says what to install."""
        if file_path.suffix != ".feature" or not file_declares_act(file_path):
            return None
        return _MissingExtra.from_parent(parent, path=file_path)

    import pytest

    class _MissingExtra(pytest.File):
        def collect(self) -> Any:
            raise self.CollectError(f"{self.path.name} is a statute scenario file, but pytest-bdd is not "
                                    f"installed: {INSTALL_HINT}")

        def repr_failure(self, excinfo: Any, style: Any = None) -> str:
            return str(excinfo.value)
