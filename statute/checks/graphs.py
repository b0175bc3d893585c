"""Small graph algorithms the checks need, kept free of networkx for start-up speed.

The obligation graph (``statute.graph``) uses networkx; the checker runs on
every save and only needs strongly connected components and one cycle.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

N = TypeVar("N", bound=Hashable)


def strongly_connected(nodes: Iterable[N], edges: Iterable[tuple[N, N]]) -> list[list[N]]:
    """Tarjan's algorithm, iterative (no recursion limit on long chains).

    Components come out targets first: for an edge ``a → b`` ("a depends on
    b"), b's component is listed before a's — the order to evaluate them in.
    """
    graph: dict[N, list[N]] = {n: [] for n in nodes}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    on_stack: set[N] = set()
    stack: list[N] = []
    out: list[list[N]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[N, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = graph[node]
            if i < len(successors):
                work.append((node, i + 1))
                nxt = successors[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component: list[N] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def find_cycle(edges: list[tuple[N, N]]) -> list[N] | None:
    """One cycle as a list of nodes, or None."""
    nodes = {n for edge in edges for n in edge}
    successors: dict[N, list[N]] = {}
    for a, b in edges:
        successors.setdefault(a, []).append(b)
    for component in strongly_connected(sorted(nodes, key=str), edges):
        members = set(component)
        if len(component) == 1 and component[0] not in successors.get(component[0], []):
            continue
        start = min(component, key=str)
        path = [start]
        seen = {start}
        node = start
        while True:
            nxt = next(b for b in successors[node] if b in members)
            if nxt in seen:
                return path[path.index(nxt):]
            path.append(nxt)
            seen.add(nxt)
            node = nxt
    return None
