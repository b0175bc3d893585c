"""The obligation graph: an Act as a typed networkx ``MultiDiGraph``, its lints, queries, exports and diff.

The schema (node kinds, attributes, edge types and their direction) is defined
once, in :mod:`statute.graph.schema`, and published as ``docs/graph.md``.

Importing this package is cheap: networkx is imported only by the modules that
build or read a graph (:mod:`~statute.graph.build`, :mod:`~statute.graph.queries`,
:mod:`~statute.graph.export`), so ``statute check`` — which runs the lints in
:mod:`~statute.graph.lints` — never pays for it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ObligationGraph", "build_graph"]


def __getattr__(name: str) -> Any:
    if name == "build_graph":
        from statute.graph.build import build_graph

        return build_graph
    if name == "ObligationGraph":
        from statute.graph.queries import ObligationGraph

        return ObligationGraph
    raise AttributeError(name)
