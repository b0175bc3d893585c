"""Questions a legal engineer asks of the obligation graph, behind one small façade.

:class:`ObligationGraph` wraps a networkx ``MultiDiGraph`` built by
:func:`statute.graph.build.build_graph` (or read back from node-link JSON or
GraphML) and answers from the graph alone — never from the model — so a graph
exported yesterday can be queried today, and a later backend swap stays local
to this module.

Every query takes node references the way a person types them (see
:meth:`ObligationGraph.resolve`) and raises :class:`UnknownNode`, carrying
suggestions, for anything it cannot find.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from statute import model as m
from statute.diagnostics import closest
from statute.graph.schema import DEPENDENT

DEONTIC_KINDS = ("duty", "prohibition", "permission")
FOLLOWER_KINDS = ("offence", "consequence")


_PROVISION_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: A section's eid, or its last part (sec_85, part_5__chp_2): a provision id like one takes the long way.
_SECTION_EID = re.compile(rf"(?:{'|'.join(m.EID_PREFIX.values())})_[0-9A-Za-z-]+(?:__[a-z]+_[0-9A-Za-z-]+)*")


class UnknownNode(LookupError):
    """A reference that names no node; ``suggestions`` are the nearest ones."""

    def __init__(self, reference: str, suggestions: list[str], what: str = "node", headline: str | None = None) -> None:
        self.reference = reference
        self.suggestions = suggestions
        hint = (" — did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "?") if suggestions else ""
        super().__init__(f"{headline or f'no {what} {reference!r} in this Act'}{hint}")


@dataclass(frozen=True)
class Binding:
    """A deontic rule that can bind someone the phrase describes, and the chain that leads there."""

    node: str
    via: tuple[str, ...]


@dataclass(frozen=True)
class Follower:
    """Something that follows from a provision's status: an offence, consequence, penalty or factor."""

    node: str
    parent: str
    relation: str
    depth: int
    #: other provisions it also follows from (the first is ``parent``): breaching either of two duties
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One hop of a path: ``source —relation→ target`` as the edge is stored."""

    source: str
    target: str
    relation: str


@dataclass
class ObligationGraph:
    """A read-only view of an obligation graph with the queries of ``statute query``."""

    graph: nx.MultiDiGraph
    _dependencies: nx.DiGraph | None = field(default=None, init=False, repr=False)
    _index: dict[str, str] | None = field(default=None, init=False, repr=False)
    #: a provision's citation or title (casefolded) → its node, or the nodes that share it
    _titles: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)
    _shared: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def from_act(cls, act: m.Act) -> ObligationGraph:
        from statute.graph.build import build_graph

        return cls(build_graph(act))

    # ── Looking nodes up ─────────────────────────────────────────────────────
    def attrs(self, node: str) -> dict:
        return self.graph.nodes[node]

    def kind(self, node: str) -> str:
        return str(self.graph.nodes[node].get("kind", ""))

    def describe(self, node: str) -> dict[str, object]:
        """The few attributes a listing shows: id, kind, label, section."""
        data = self.graph.nodes[node]
        row: dict[str, object] = {"id": node, "kind": data.get("kind"), "label": data.get("label")}
        if data.get("section"):
            row["section"] = data["section"]
        return row

    def _aliases(self) -> dict[str, str]:
        if self._index is None:
            index: dict[str, str] = {}
            for node in sorted(self.graph.nodes):
                data = self.graph.nodes[node]
                for alias in (data.get("provision"), data.get("eid") if data.get("kind") == "section" else None,
                              data.get("section") if data.get("kind") == "section" else None):
                    if alias:
                        index.setdefault(str(alias), node)
                if data.get("kind") == "section" and data.get("eid"):
                    index.setdefault(str(data["eid"]).rsplit("__", 1)[-1], node)
                if data.get("kind") == "term" and data.get("key"):
                    index.setdefault("phrase:" + str(data["key"]), node)
            # a provision by its citation (s.85(1)) or its title, where no other provision shares it
            for attribute in ("section", "title"):
                seen: dict[str, list[str]] = {}
                for node in sorted(self.graph.nodes):
                    data = self.graph.nodes[node]
                    if data.get("provision") and data.get(attribute):
                        seen.setdefault(str(data[attribute]).casefold(), []).append(node)
                for alias, nodes in seen.items():
                    # shared by several: resolve() names them all
                    (self._titles if len(nodes) == 1 else self._shared).setdefault(alias, nodes)
            self._index = index
        return self._index

    def resolve(self, reference: str, kinds: Iterable[str] | None = None) -> str:
        """A node id from what a person types.

        Accepted, in order: a node id (``duty:duty_to_notify``), a provision id
        (``duty_to_notify``), a section's eid or citation (``sec_85``, ``s.85``),
        or a phrase with any slot names, quoted or not (``{someone} is a teacher``).
        """
        wanted = tuple(kinds) if kinds else None
        text = reference.strip()
        found = self._lookup(text)
        if found is not None and (wanted is None or self.kind(found) in wanted):
            return found
        self._aliases()
        shared = self._shared.get(text.casefold())
        if shared is not None:  # a citation several provisions share: name them
            ids = [str(self.graph.nodes[n]["provision"]) for n in shared if wanted is None or self.kind(n) in wanted]
            raise UnknownNode(reference, ids, headline=f"several provisions share the citation or title {reference!r}")
        pool = [n for n in self.graph.nodes if wanted is None or self.kind(n) in wanted]
        names: list[str] = []
        for node in sorted(pool):
            data = self.graph.nodes[node]
            names.append(str(data.get("provision") or data.get("phrase") or node))
            if data.get("provision") and data.get("title"):
                names.append(str(data["title"]))
        what = "/".join(wanted) if wanted else "node"
        raise UnknownNode(reference, closest(text, names, cutoff=0.5), what)

    def _lookup(self, text: str) -> str | None:
        if text in self.graph:
            return text
        if self._index is None and _PROVISION_ID.fullmatch(text) and not _SECTION_EID.fullmatch(text):
            # A provision id that cannot be a section's eid or citation: the alias index would map it
            # to the first (in sorted order) of the provision nodes with that id, found directly here.
            found = [node for node in (f"{kind.value.replace(' ', '_')}:{text}" for kind in m.Kind)
                     if node in self.graph and self.graph.nodes[node].get("provision") == text]
            if found:
                return min(found)
        aliases = self._aliases()
        if text in aliases:
            return aliases[text]
        titled = self._titles.get(text.casefold())
        if titled is not None:
            return titled[0]
        phrase = text[1:-1] if len(text) > 1 and text[0] == text[-1] == '"' else text
        words, _ = m.split_template(phrase)
        return aliases.get("phrase:" + m.template_key(words))

    # ── duties --for ─────────────────────────────────────────────────────────
    def duties_for(self, phrase: str, slot: str | None = None) -> list[Binding]:
        """Duties, prohibitions and permissions that can bind someone the phrase describes.

        The described person is the phrase's slot named ``slot`` (as the
        caller spelt it) or its first slot. The search follows that slot
        through every definition whose meaning reads the phrase positively
        (teacher → regulated activity → relevant activity → mandated
        reporter) and through rules that ask whether their holder ``is under``
        another rule, and stops at rules whose holder it reaches.
        """
        start = self.resolve(phrase, kinds=("term",))
        slots = json.loads(str(self.attrs(start).get("slots", "[]")))
        typed = m.split_template(phrase.strip().strip('"'))[1]
        if not slots:
            raise ValueError(f"'{self.attrs(start).get('phrase')}' has no slot, so it describes no one")
        index = 0
        if slot is not None:
            names = typed if len(typed) == len(slots) else tuple(slots)
            bare = slot.strip().strip("{}").strip()
            if bare not in names:
                raise ValueError(f"the phrase has no slot {{{bare}}}; its slots are "
                                 + ", ".join("{" + s + "}" for s in names))
            index = names.index(bare)
        found: dict[str, Binding] = {}
        seen = {(start, index)}
        queue: deque[tuple[str, int, tuple[str, ...]]] = deque([(start, index, ())])
        while queue:
            node, position, via = queue.popleft()
            for reader, _, key, data in self.graph.in_edges(node, keys=True, data=True):
                if key != "reads":
                    continue
                for reading in json.loads(str(data.get("readings", "[]"))):
                    if reading.get("polarity") != "positive" or reading.get("part") != "condition":
                        continue
                    variables = reading.get("slots") or []
                    if position >= len(variables):
                        continue
                    variable = variables[position]
                    kind = self.kind(reader)
                    if kind == "definition":
                        head = json.loads(str(self.attrs(reader).get("slots", "[]")))
                        defined = [v for _, v, k in self.graph.out_edges(reader, keys=True) if k == "defines"]
                        if variable in head and defined and (defined[0], head.index(variable)) not in seen:
                            seen.add((defined[0], head.index(variable)))
                            queue.append((defined[0], head.index(variable), (*via, reader)))
                    elif kind in DEONTIC_KINDS and self.attrs(reader).get("holder") == "{" + variable + "}":
                        if reader not in found:
                            found[reader] = Binding(reader, via)
                        if (reader, 0) not in seen:
                            seen.add((reader, 0))
                            queue.append((reader, 0, (*via, reader)))
        return sorted(found.values(), key=lambda b: (len(b.via), b.node))

    # ── consequences ─────────────────────────────────────────────────────────
    def consequences(self, reference: str) -> list[Follower]:
        """Everything that follows from a provision's status: breaching a duty, committing an offence.

        Offences and consequences that ask about it (directly, or through a
        definition that does), then — transitively — what asks about theirs;
        every offence's penalties and aggravating factors. For a section, what
        follows from each provision in it (``parent`` says which).
        """
        start = self.resolve(reference)
        members = self.members(start)  # a section: what follows from any provision in it
        out: list[Follower] = []
        seen = {start, *members}
        also: dict[str, list[str]] = {}
        queue: deque[tuple[str, int]] = deque([(member, 0) for member in members])
        while queue:
            node, depth = queue.popleft()
            for follower, relation in self._followers(node):
                if follower in seen:
                    if follower not in members and follower != start and node not in also.setdefault(follower, []):
                        also[follower].append(node)
                    continue
                seen.add(follower)
                out.append(Follower(follower, node, relation, depth + 1))
                if self.kind(follower) != "penalty":
                    queue.append((follower, depth + 1))
        return [Follower(f.node, f.parent, f.relation, f.depth, tuple(p for p in also.get(f.node, ()) if p != f.parent))
                for f in out]

    def _followers(self, node: str) -> Iterator[tuple[str, str]]:
        graph = self.graph
        kind = self.kind(node)
        if kind == "offence":
            for _, penalty, key in sorted(graph.out_edges(node, keys=True)):
                if key == "penalised_by":
                    yield penalty, "penalised by"
            for factor, _, key in sorted(graph.in_edges(node, keys=True)):
                if key == "aggravates":
                    yield factor, "aggravated by"
        readers: list[tuple[str, str]] = []
        if kind == "definition":
            for _, term, key in graph.out_edges(node, keys=True):
                if key == "defines":
                    readers.extend((r, "reads the defined phrase") for r, _, k in graph.in_edges(term, keys=True)
                                   if k == "reads")
        for reader, _, key, data in graph.in_edges(node, keys=True, data=True):
            if key == "enforces" or (key == "reads" and data.get("relation")):
                readers.append((reader, str(data.get("relation"))))
        for reader, relation in sorted(set(readers)):
            if self.kind(reader) in (*FOLLOWER_KINDS, "definition"):
                yield reader, relation

    # ── dependencies ─────────────────────────────────────────────────────────
    def dependencies(self) -> nx.DiGraph:
        """``a → b`` when a's outcome depends on b (the *depends* column of the schema)."""
        if self._dependencies is None:
            deps: nx.DiGraph[str] = nx.DiGraph()
            deps.add_nodes_from(self.graph.nodes)
            for source, target, key in self.graph.edges(keys=True):
                dependent = DEPENDENT.get(key, "")
                if dependent == "source":
                    deps.add_edge(source, target)
                elif dependent == "target":
                    deps.add_edge(target, source)
            self._dependencies = deps
        return self._dependencies

    def members(self, node: str) -> list[str]:
        """The node itself, or for a section every provision and term written in it (at any depth)."""
        if self.kind(node) != "section":
            return [node]
        out: list[str] = []
        todo = [node]
        while todo:
            current = todo.pop()
            for member, _, key in self.graph.in_edges(current, keys=True):
                if key == "part_of":
                    (todo if self.kind(member) == "section" else out).append(member)
        return sorted(out)

    def depends_on(self, reference: str) -> list[str]:
        """Every node whose change can change this node's outcome (for a section: its provisions')."""
        members = self.members(self.resolve(reference))
        return sorted(self._reach(members, depends=True) - set(members))

    def impact(self, reference: str) -> list[str]:
        """Every node whose outcome can change if this node changes (e.g. a definition's readers).

        For a section, everything outside it that its provisions can change.
        """
        members = self.members(self.resolve(reference))
        return sorted(self._reach(members, depends=False) - set(members))

    def _reach(self, starts: list[str], depends: bool) -> set[str]:
        """Descendants (``depends``) or ancestors of ``starts`` in :meth:`dependencies`, without building it.

        A dependency ``a → b`` is a stored edge whose type makes its source depend on its
        target, or one whose type makes its target depend on its source, reversed. So the
        walk looks at the stored edges around each node it reaches, never at the whole
        graph: an impact query costs what it finds (the result is the same set).
        """
        if self._dependencies is not None:  # already built for another query: one traversal of it
            step = self._dependencies.successors if depends else self._dependencies.predecessors
            found: set[str] = set()
            pending = list(starts)
            while pending:
                for nxt in step(pending.pop()):
                    if nxt not in found:
                        found.add(nxt)
                        pending.append(nxt)
            return found
        graph = self.graph
        # (neighbours, the edge types that make the walk's hop): a → b in dependencies() is a stored
        # a → b whose source depends, or a stored b → a whose target depends
        sides = ((graph.succ, "source"), (graph.pred, "target")) if depends else \
            ((graph.pred, "source"), (graph.succ, "target"))
        seen: set[str] = set()
        todo = list(starts)
        reached: set[str] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for neighbours, dependent in sides:
                for nxt, keys in neighbours[node].items():
                    if nxt not in reached and any(DEPENDENT.get(key) == dependent for key in keys):
                        reached.add(nxt)
                        todo.append(nxt)
        return reached

    def path(self, a: str, b: str) -> tuple[str, list[Step]] | None:
        """The shortest chain of dependencies between two nodes, and which way it runs.

        Returns ``("depends", steps)`` when a depends on b, ``("impacts", steps)``
        when b depends on a, or None when neither does.
        """
        start, end = self.resolve(a), self.resolve(b)
        deps = self.dependencies()
        for direction, (x, y) in (("depends", (start, end)), ("impacts", (end, start))):
            try:
                nodes = nx.shortest_path(deps, x, y)
            except nx.NetworkXNoPath:
                continue
            if direction == "impacts":
                nodes = list(reversed(nodes))
            return direction, [self._step(u, v) for u, v in itertools.pairwise(nodes)]
        return None

    def _step(self, u: str, v: str) -> Step:
        """The stored edge behind a dependency hop between u and v (either direction)."""
        for source, target in ((u, v), (v, u)):
            keys: list[str] = sorted(map(str, self.graph.get_edge_data(source, target) or {}))
            for key in keys:
                if DEPENDENT.get(key):
                    return Step(source, target, key)
        return Step(u, v, "?")

    # ── penalties ────────────────────────────────────────────────────────────
    def penalties(self) -> list[dict[str, object]]:
        """Offences with their maximum penalties, most severe first.

        Severity: the longest maximum custody, then an unlimited fine over a
        limited one over none, then penalties stated over ``not stated``.
        """
        rows: list[tuple[tuple, dict[str, object]]] = []
        for node in self.graph.nodes:
            data = self.graph.nodes[node]
            if data.get("kind") != "offence":
                continue
            penalties = [p for _, p, k in sorted(self.graph.out_edges(node, keys=True)) if k == "penalised_by"]
            details = [dict(self.graph.nodes[p], id=p) for p in penalties]
            hours = max((float(d.get("max_custody_hours", 0.0)) for d in details), default=0.0)
            fine = max((2 if d.get("fine") == "an unlimited fine" else 1 if d.get("fine") else 0 for d in details),
                       default=0)
            stated = any(d.get("stated", True) for d in details)
            row = {**self.describe(node), "mode_of_trial": data.get("mode_of_trial"),
                   "max_custody_hours": hours,
                   "penalties": [{"id": d["id"], "mode": d.get("mode"), "penalty": d.get("label"),
                                  "max_custody": d.get("max_custody"), "fine": d.get("fine"),
                                  "stated": d.get("stated", True)} for d in details]}
            rows.append(((-hours, -fine, not stated, node), row))
        return [row for _, row in sorted(rows, key=lambda r: r[0])]
