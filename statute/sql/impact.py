"""``statute impact OLD NEW CASES``: two versions of an Act over the same caseload, and what changes.

Both plans run in one DuckDB workspace over the same facts (a phrase only one version
knows is simply not stated for the other). Provisions are paired across versions as
``statute diff`` pairs them (renumbered or renamed provisions are the same provision), and
for each pair the summary counts the cases that gain or lose a duty (under it: complied,
breached or in conflict), a breach, an offence (committed) or a consequence (follows),
and the transitions of each party's status (``breached → complied``), with example case
ids for each. The summary is computed in SQL, so a million cases never reach Python.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from statute import model as m
from statute.outcomes import BREACHES, UNDER, Status
from statute.sql import ast as q

MEASURES = ("duty", "breach", "offence", "consequence")
#: Which status a party's outcomes under one provision show, when several bindings differ.
PRECEDENCE = (Status.BREACHED, Status.LATE, Status.CONFLICT, Status.PENDING, Status.COMPLIED, Status.EXCUSED,
              Status.COMMITTED, Status.DEFEATED, Status.FOLLOWS, Status.GRANTED, Status.ATTACHES, Status.APPLIES,
              Status.NOT_IN_FORCE)
EXAMPLES = 3


@dataclass
class Change:
    label: str
    old: str | None
    new: str | None
    gains: dict[str, int] = field(default_factory=dict)
    losses: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)  # "duty gained" → case ids


@dataclass
class Transition:
    label: str
    before: str
    after: str
    cases: int
    examples: list[str]


@dataclass
class Impact:
    old: m.Act
    new: m.Act
    cases: int
    changed: int
    changes: list[Change]
    transitions: list[Transition]

    def to_json(self) -> dict[str, Any]:
        def act(a: m.Act) -> dict[str, Any]:
            return {"title": a.title, "version": a.version}

        return {"schema": "statute.impact/1", "old": act(self.old), "new": act(self.new), "cases": self.cases,
                "cases_changed": self.changed,
                "provisions": [{"provision": c.label, "old": c.old, "new": c.new, "gains": c.gains,
                                "losses": c.losses, "examples": c.examples} for c in self.changes],
                "transitions": [{"provision": t.label, "from": t.before, "to": t.after, "cases": t.cases,
                                 "examples": t.examples} for t in self.transitions]}

    def render(self) -> str:
        def name(a: m.Act) -> str:
            return a.title + (f" ({a.version})" if a.version else "")

        lines = [f"Impact of {name(self.new)} against {name(self.old)} over {self.cases:,} cases: "
                 f"{self.changed:,} cases change.", ""]
        if self.changes:
            width = max(len(c.label) for c in self.changes)
            header = "  ".join(f"{w:>17}" for w in MEASURES)
            lines.append(f"{'provision':<{width}}  {header}")
            lines.append(f"{'':<{width}}  " + "  ".join(f"{'gain / lose':>17}" for _ in MEASURES))
            for c in self.changes:
                cells = "  ".join(f"{'+' + format(c.gains.get(w, 0), ','):>8} "
                                  f"{'-' + format(c.losses.get(w, 0), ','):>8}" for w in MEASURES)
                lines.append(f"{c.label:<{width}}  {cells}")
            lines.append("")
            lines.append("Examples:")
            for c in self.changes:
                for what, ids in c.examples.items():
                    lines.append(f"  {c.label}: {what} — e.g. {', '.join(ids)}")
        else:
            lines.append("No provision changes any outcome in these cases.")
        if self.transitions:
            lines.append("")
            lines.append("Status transitions (per party):")
            for t in self.transitions:
                lines.append(f"  {t.label}: {t.before} → {t.after}: {t.cases:,} case{'s' * (t.cases != 1)} "
                             f"(e.g. {', '.join(t.examples)})")
        return "\n".join(lines) + "\n"

    def svg(self) -> str:
        """A diverging bar chart: per provision, cases gained (right) and lost (left), one bar per measure."""
        rows = [(c.label, w, c.gains.get(w, 0), c.losses.get(w, 0)) for c in self.changes for w in MEASURES
                if c.gains.get(w, 0) or c.losses.get(w, 0)]
        top = max([1, *(max(gained, lost) for _, _, gained, lost in rows)])
        label_width, half, bar, gap = 330, 260, 18, 6
        height = 70 + len(rows) * (bar + gap)
        width = label_width + 2 * half + 40
        middle = label_width + half
        colours = {"duty": "#3366aa", "breach": "#cc3333", "offence": "#884488", "consequence": "#dd8800"}
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
               f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
               f'<title>{html.escape(self.new.title)}: impact over {self.cases:,} cases</title>',
               f'<text x="10" y="20" font-size="14">{html.escape(self.new.version or self.new.title)} against '
               f'{html.escape(self.old.version or self.old.title)}: cases that gain (right) or lose (left), '
               f'of {self.cases:,}</text>',
               f'<line x1="{middle}" y1="35" x2="{middle}" y2="{height - 10}" stroke="#444"/>']
        for index, (label, what, gained, lost) in enumerate(rows):
            y = 45 + index * (bar + gap)
            out.append(f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end">'
                       f'{html.escape(label)} · {html.escape(what)}</text>')
            for amount, sign in ((gained, 1), (lost, -1)):
                if not amount:
                    continue
                length = max(1, round(half * amount / top))
                x = middle if sign > 0 else middle - length
                out.append(f'<rect x="{x}" y="{y}" width="{length}" height="{bar}" fill="{colours[what]}" '
                           f'opacity="{1 if sign > 0 else 0.55}"><title>{html.escape(label)}: {amount:,} cases '
                           f'{"gain" if sign > 0 else "lose"} a {html.escape(what)}</title></rect>')
                tx = x + length + 4 if sign > 0 else x - 4
                anchor = "start" if sign > 0 else "end"
                out.append(f'<text x="{tx}" y="{y + 13}" text-anchor="{anchor}">{"+" if sign > 0 else "−"}'
                           f'{amount:,}</text>')
        out.append("</svg>")
        return "\n".join(out) + "\n"


# ── the summary in SQL ───────────────────────────────────────────────────────


def labels(old: m.Act, new: m.Act) -> list[tuple[str, str, str]]:
    """(side, provision id, label) with paired provisions sharing one label ("old → new")."""
    from statute.graph.diff import diff

    matches = diff(old, new).matches
    reverse = {n: o for o, n in matches.items()}
    out = []
    for p in old.provisions:
        partner = matches.get(p.id)
        out.append(("old", p.id, p.id if partner in (None, p.id) else f"{p.id} → {partner}"))
    for p in new.provisions:
        partner = reverse.get(p.id)
        out.append(("new", p.id, p.id if partner in (None, p.id) else f"{partner} → {p.id}"))
    return out


def _values(rows: list[tuple[str, str, str]], alias: str) -> exp.Subquery:
    values = exp.Values(expressions=[exp.Tuple(expressions=[q.text(a), q.text(b), q.text(c)]) for a, b, c in rows],
                        alias=exp.TableAlias(this=q.ident(alias), columns=[q.ident("side"), q.ident("provision"),
                                                                           q.ident("label")]))
    return exp.select(exp.Star()).from_(values).subquery(q.ident(alias))


def _measure(what: str) -> exp.Expression:
    status = q.col("status", "r")
    if what == "duty":
        return q.and_all([exp.In(this=q.col("kind", "r"), expressions=[q.text(str(m.Kind.DUTY)),
                                                                       q.text(str(m.Kind.PROHIBITION))]),
                          exp.In(this=status, expressions=[q.text(str(s)) for s in sorted(UNDER)])])
    if what == "breach":  # breached, or complied late
        return exp.In(this=status, expressions=[q.text(str(s)) for s in sorted(BREACHES)])
    wanted = {"offence": Status.COMMITTED, "consequence": Status.FOLLOWS}[what]
    return q.eq(status, q.text(str(wanted)))


def _flags(side: str, table: str, names: list[tuple[str, str, str]]) -> exp.Select:
    """Per (case, provision label): 1 where some outcome shows each measure."""
    columns: list[exp.Expression] = [q.col("case_id", "r"), q.col("label", "n")]
    columns += [q.alias(exp.Max(this=q.case([(_measure(w), exp.Literal.number(1))], exp.Literal.number(0))), w)
                for w in MEASURES]
    return exp.select(*columns).from_(q.table(table, "r")).join(
        _values([row for row in names if row[0] == side], "n"),
        on=q.eq(q.col("provision", "n"), q.col("provision", "r"))).group_by(
        q.col("case_id", "r"), q.col("label", "n"))


def summarise(con: Any, old: m.Act, new: m.Act, old_table: str, new_table: str, cases: int) -> Impact:
    names = labels(old, new)
    run = lambda node: con.execute(node.sql(dialect="duckdb")).fetchall()  # noqa: E731
    for side, table in (("old", old_table), ("new", new_table)):
        flags = _flags(side, table, names)
        run(exp.Create(this=exp.Table(this=q.ident(f"impact_{side}")), kind="TABLE", expression=flags, replace=True))
    # per (case, label): changes in each measure
    joined = exp.select(
        q.alias(exp.Coalesce(this=q.col("case_id", "o"), expressions=[q.col("case_id", "n")]), "case_id"),
        q.alias(exp.Coalesce(this=q.col("label", "o"), expressions=[q.col("label", "n")]), "label"),
        *[q.alias(exp.Coalesce(this=q.col(w, "o"), expressions=[exp.Literal.number(0)]), "old_" + w) for w in MEASURES],
        *[q.alias(exp.Coalesce(this=q.col(w, "n"), expressions=[exp.Literal.number(0)]), "new_" + w) for w in MEASURES],
    ).from_(q.table("impact_old", "o")).join(q.table("impact_new", "n"), join_type="full", on=q.and_all([
        q.eq(q.col("case_id", "o"), q.col("case_id", "n")), q.eq(q.col("label", "o"), q.col("label", "n"))]))
    parts = []
    for w in MEASURES:
        direction = q.case([(exp.GT(this=q.col("new_" + w), expression=q.col("old_" + w)), q.text("gain"))],
                           q.text("loss"))
        parts.append(exp.select(q.col("case_id"), q.col("label"), q.alias(q.text(w), "measure"),
                                q.alias(direction, "direction")).from_(q.sub(joined.copy(), "j")).where(
            exp.NEQ(this=q.col("new_" + w), expression=q.col("old_" + w))))
    union: exp.Select | exp.Union = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    run(exp.Create(this=exp.Table(this=q.ident("impact_changes")), kind="TABLE",
                   expression=exp.select(exp.Star()).from_(exp.Subquery(this=union, alias=exp.TableAlias(
                       this=q.ident("u")))), replace=True))
    counts = run(exp.select(q.col("label"), q.col("measure"), q.col("direction"), exp.Count(this=exp.Star())).from_(
        q.table("impact_changes")).group_by(q.col("label"), q.col("measure"), q.col("direction")))
    examples = run(_examples("impact_changes", ["label", "measure", "direction"]))
    changed = run(exp.select(exp.Count(this=exp.Distinct(expressions=[q.col("case_id")]))).from_(
        q.table("impact_changes")))[0][0]
    # transitions of each party's status under each provision
    for side, table in (("old", old_table), ("new", new_table)):
        rank = q.case([(q.eq(q.col("status", "r"), q.text(str(s))), exp.Literal.number(i))
                       for i, s in enumerate(PRECEDENCE)], exp.Literal.number(len(PRECEDENCE)))
        party = exp.Coalesce(this=q.col("party", "r"), expressions=[q.text("")])
        select = exp.select(q.col("case_id", "r"), q.col("label", "n"), q.alias(party, "party"),
                            q.alias(exp.Min(this=rank), "rank")).from_(q.table(table, "r")).join(
            _values([row for row in names if row[0] == side], "n"),
            on=q.eq(q.col("provision", "n"), q.col("provision", "r"))).group_by(
            q.col("case_id", "r"), q.col("label", "n"), party.copy())
        run(exp.Create(this=exp.Table(this=q.ident(f"impact_status_{side}")), kind="TABLE", expression=select,
                       replace=True))
    status_name = lambda column, absent: exp.Coalesce(this=q.case(  # noqa: E731
        [(q.eq(q.col(column), exp.Literal.number(i)), q.text(str(s))) for i, s in enumerate(PRECEDENCE)]),
        expressions=[q.text(absent)])
    pairs = exp.select(
        q.alias(exp.Coalesce(this=q.col("case_id", "o"), expressions=[q.col("case_id", "n")]), "case_id"),
        q.alias(exp.Coalesce(this=q.col("label", "o"), expressions=[q.col("label", "n")]), "label"),
        q.alias(q.col("rank", "o"), "before"), q.alias(q.col("rank", "n"), "after")).from_(
        q.table("impact_status_old", "o")).join(q.table("impact_status_new", "n"), join_type="full", on=q.and_all([
            q.eq(q.col("case_id", "o"), q.col("case_id", "n")), q.eq(q.col("label", "o"), q.col("label", "n")),
            q.eq(q.col("party", "o"), q.col("party", "n"))]))
    moved = exp.select(q.col("case_id"), q.col("label"), q.alias(status_name("before", "does not apply"), "before"),
                       q.alias(status_name("after", "does not apply"), "after")).from_(q.sub(pairs, "p")).where(
        exp.not_(exp.NullSafeEQ(this=q.col("before"), expression=q.col("after"))))
    run(exp.Create(this=exp.Table(this=q.ident("impact_moves")), kind="TABLE", expression=moved, replace=True))
    move_counts = run(exp.select(q.col("label"), q.col("before"), q.col("after"),
                                 exp.Count(this=exp.Distinct(expressions=[q.col("case_id")]))).from_(
        q.table("impact_moves")).group_by(q.col("label"), q.col("before"), q.col("after")))
    move_examples = run(_examples("impact_moves", ["label", "before", "after"]))
    return _assemble(old, new, names, cases, int(changed), counts, examples, move_counts, move_examples)


def _examples(table: str, keys: list[str]) -> exp.Select:
    """The first few case ids (in id order) of each group."""
    window = exp.Window(this=exp.RowNumber(), partition_by=[q.col(k) for k in keys],
                        order=exp.Order(expressions=[exp.Ordered(this=q.col("case_id"))]))
    distinct = exp.select(*[q.col(k) for k in keys], q.col("case_id")).from_(q.table(table)).distinct()
    ranked = exp.select(*[q.col(k) for k in keys], q.col("case_id"), q.alias(window, "n")).from_(q.sub(distinct, "d"))
    return exp.select(*[q.col(k) for k in keys], q.col("case_id")).from_(q.sub(ranked, "r")).where(
        exp.LTE(this=q.col("n"), expression=exp.Literal.number(EXAMPLES))).order_by(
        *[q.col(k) for k in keys], q.col("case_id"))


def _assemble(old: m.Act, new: m.Act, names: list[tuple[str, str, str]], cases: int, changed: int,
              counts: list[tuple[Any, ...]], examples: list[tuple[Any, ...]], move_counts: list[tuple[Any, ...]],
              move_examples: list[tuple[Any, ...]]) -> Impact:
    ids: dict[str, dict[str, str | None]] = {}
    order: list[str] = []
    for side, pid, label in names:
        if label not in ids:
            ids[label] = {"old": None, "new": None}
            order.append(label)
        ids[label][side] = pid
    found: dict[str, Change] = {}
    for label, measure, direction, count in counts:
        change = found.setdefault(label, Change(label, ids[label]["old"], ids[label]["new"]))
        (change.gains if direction == "gain" else change.losses)[measure] = int(count)
    for label, measure, direction, case_id in examples:
        what = f"{measure} {'gained' if direction == 'gain' else 'lost'}"
        found[label].examples.setdefault(what, []).append(str(case_id))
    changes = [found[label] for label in order if label in found]
    by_move: dict[tuple[str, str, str], list[str]] = {}
    for label, before, after, case_id in move_examples:
        by_move.setdefault((label, before, after), []).append(str(case_id))
    position = {label: i for i, label in enumerate(order)}
    transitions = sorted((Transition(label, before, after, int(count), by_move.get((label, before, after), []))
                          for label, before, after, count in move_counts),
                         key=lambda t: (position.get(t.label, 0), -t.cases, t.before, t.after))
    return Impact(old, new, cases, changed, changes, transitions)
