"""Small builders over sqlglot's expression nodes.

Every identifier and literal the compiler emits goes through here, so nothing
is ever pasted into SQL text: names become quoted identifier nodes, values
become literal nodes, and sqlglot escapes both when it writes a dialect.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlglot import exp


def ident(name: str) -> exp.Identifier:
    return exp.to_identifier(name, quoted=True)


def col(name: str, table: str | None = None) -> exp.Column:
    return exp.Column(this=ident(name), table=ident(table) if table else None)


def text(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def number(value: float) -> exp.Expression:
    return exp.Literal.number(repr(float(value)) if not float(value).is_integer() else int(value))


def table(name: str, alias: str | None = None) -> exp.Table:
    node = exp.Table(this=ident(name))
    if alias is not None:
        node.set("alias", exp.TableAlias(this=ident(alias)))
    return node


def sub(select: exp.Select, alias: str) -> exp.Subquery:
    return select.subquery(ident(alias), copy=False)


def eq(left: exp.Expression, right: exp.Expression) -> exp.EQ:
    return exp.EQ(this=left, expression=right)


def and_all(conditions: Sequence[exp.Expression]) -> exp.Expression:
    if not conditions:
        return exp.true()
    return exp.and_(*conditions, copy=False) if len(conditions) > 1 else conditions[0]  # type: ignore[return-value]


def or_all(conditions: Sequence[exp.Expression]) -> exp.Expression:
    if not conditions:
        return exp.false()
    return exp.or_(*conditions, copy=False) if len(conditions) > 1 else conditions[0]  # type: ignore[return-value]


def is_null(node: exp.Expression) -> exp.Is:
    return exp.Is(this=node, expression=exp.Null())


def not_null(node: exp.Expression) -> exp.Not:
    return exp.Not(this=is_null(node))


def alias(node: exp.Expression, name: str) -> exp.Alias:
    return exp.Alias(this=node, alias=ident(name))


def case(whens: Sequence[tuple[exp.Expression, exp.Expression]], default: exp.Expression | None = None) -> exp.Case:
    node = exp.Case()
    for condition, then in whens:
        node = node.when(condition, then, copy=False)
    if default is not None:
        node = node.else_(default, copy=False)
    return node


def concat(parts: Sequence[exp.Expression]) -> exp.Expression:
    return exp.Concat(expressions=parts, safe=False, coalesce=False) if len(parts) > 1 else parts[0]


def listing(items: list[tuple[exp.Expression, str]]) -> exp.Expression:
    """The names whose flags hold, comma-separated, in order ('' when none does).

    Built as ``substring(concat(CASE WHEN f THEN ',name' ELSE '' END, …), 2)``: no part is ever
    NULL, so DuckDB's and Spark's CONCAT (which differ on NULLs) agree.
    """
    if not items:
        return text("")
    parts: list[exp.Expression] = [case([(flag, text("," + name))], text("")) for flag, name in items]
    return exp.Substring(this=concat(parts), start=exp.Literal.number(2))


def replace(node: exp.Expression, old: str, new: str) -> exp.Expression:
    return exp.Anonymous(this="replace", expressions=[node, text(old), text(new)])
