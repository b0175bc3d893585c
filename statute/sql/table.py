"""An analyst's case table and its mapping file, read into the plan's facts relation.

The layout (docs/batch.md): one row per party of a case, as a case-management export
gives it — a column naming the case, a column naming the row's party, and one column per
fact. A TOML mapping file says which phrase each column states::

    case = "case_id"                 # the column naming the case
    party = "name"                   # the column naming the row's party

    [columns]
    is_teacher = "{person} is a teacher"          # true/false: the fact holds of the row's party
    age = "the age of {person}"                    # a number phrase: the column holds the number
    # a column that names another party fills that slot; the row's party fills the rest
    disclosed_to = { phrase = "{child} tells {person} about a child sex offence", slots = { person = "disclosed_to" } }

A true/false column holds true, false, yes, no, 1, 0 (or nothing: not stated). Every
problem — a missing column, a value of the wrong type, a phrase the Act does not have, an
empty party name — is reported with the row and the column (or the mapping file's line),
and nothing is written.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlglot import exp

from statute import model as m
from statute.case import party_problem
from statute.diagnostics import Diagnostic, Severity, closest
from statute.sql import ast as q

TRUE = ("true", "t", "yes", "y", "1")
FALSE = ("false", "f", "no", "n", "0")
ROW = "__statute_row"


class TableError(Exception):
    """The table or its mapping cannot be read; ``diagnostics`` say where and why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Entry:
    """One mapped column: the phrase it states and where each slot's party comes from."""

    column: str
    phrase: str
    key: str
    number: bool
    slots: tuple[str | None, ...]  # per slot of the template: a column naming the party, or None (the row's)
    line: int | None


@dataclass(frozen=True)
class Mapping:
    file: str
    case: str
    party: str
    entries: tuple[Entry, ...]

    def columns(self) -> list[tuple[str, int | None]]:
        """Every column the mapping reads, with the mapping line that names it."""
        out = [(self.case, _line_of(self.file, "case")), (self.party, _line_of(self.file, "party"))]
        for entry in self.entries:
            out.append((entry.column, entry.line))
            out += [(c, entry.line) for c in entry.slots if c is not None and c != entry.column]
        return list(dict.fromkeys(out))


def _line_of(file: str, key: str) -> int | None:
    """The line of the mapping file where ``key =`` is written (tomllib keeps no positions)."""
    try:
        text = Path(file).read_text(encoding="utf-8")
    except OSError:
        return None
    pattern = re.compile(r'^\s*"?' + re.escape(key) + r'"?\s*=', re.M)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _error(file: str, line: int | None, message: str, hint: str | None = None, code: str = "B001") -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, file, line, 1 if line else None, hint=hint)


def read_mapping(path: str, acts: list[m.Act]) -> Mapping:
    """Read and check a mapping file against the Acts it will feed (a phrase must be one of theirs)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TableError([_error(path, None, f"cannot read the mapping file: {error}", code="B000")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise TableError([_error(path, int(found.group(1)) if found else None,
                                 f"the mapping file is not valid TOML: {error}")]) from None
    problems: list[Diagnostic] = []
    case, party = data.get("case", "case_id"), data.get("party", "party")
    for key, value in (("case", case), ("party", party)):
        if not isinstance(value, str) or not value:
            problems.append(_error(path, _line_of(path, key), f"'{key}' must name a column of the table"))
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        problems.append(_error(path, _line_of(path, "columns"), "the mapping has no [columns] table",
                               hint='add [columns] with one line per column, '
                                    'e.g. is_teacher = "{person} is a teacher"'))
        raise TableError(problems)
    templates: dict[str, tuple[str, int, bool]] = {}
    for act in acts:
        for term in act.terms:
            templates.setdefault(term.key, (term.text, len(term.slots), term.kind is m.TermKind.NUMBER))
    defined = {key: d for act in acts for key, d in act.definitions_by_key.items()}
    entries: list[Entry] = []
    for column, spec in columns.items():
        line = _line_of(path, column)
        if isinstance(spec, str):
            phrase, slot_columns = spec, {}
        elif isinstance(spec, dict) and isinstance(spec.get("phrase"), str):
            phrase, slot_columns = spec["phrase"], spec.get("slots", {})
            if not isinstance(slot_columns, dict) or not all(isinstance(v, str) for v in slot_columns.values()):
                problems.append(_error(path, line, f"column '{column}': 'slots' must map slot names to columns"))
                continue
        else:
            problems.append(_error(path, line, f"column '{column}': give a phrase, or a table with 'phrase' "
                                               "(and 'slots')"))
            continue
        words, slots = m.split_template(phrase)
        key = m.template_key(words)
        if key not in templates:
            if key in defined:
                problems.append(_error(path, line, f"column '{column}': \"{phrase}\" is defined by the Act "
                                                   f"('{defined[key].id}'), so a case cannot state it",
                                       hint="map the columns its definition rests on instead"))
                continue
            near = closest(phrase, [text for text, _, _ in templates.values()])
            problems.append(_error(path, line, f"column '{column}': no phrase \"{phrase}\" in "
                                               f"{' or '.join(a.title for a in acts)}",
                                   hint=f"did you mean \"{near[0]}\"?" if near else "statute show ACT lists them"))
            continue
        number = templates[key][2]
        unknown = [s for s in slot_columns if s not in slots]
        if unknown:
            problems.append(_error(path, line, f"column '{column}': the phrase has no slot "
                                               f"{', '.join('{' + s + '}' for s in unknown)}",
                                   hint=f"its slots: {', '.join('{' + s + '}' for s in slots) or 'none'}"))
            continue
        free = [s for s in dict.fromkeys(slots) if s not in slot_columns]
        if len(free) > 1:
            problems.append(_error(path, line, f"column '{column}': the row's party can fill one slot, but "
                                               f"{', '.join('{' + s + '}' for s in free)} are left",
                                   hint="name a column for the others in 'slots'"))
            continue
        entries.append(Entry(column, phrase, key, number, tuple(slot_columns.get(s) for s in slots), line))
    if problems:
        raise TableError(problems)
    return Mapping(path, case, party, tuple(entries))


# ── reading the table (the engine runs these queries) ────────────────────────


def _value(column: str) -> exp.Expression:
    """A cell as trimmed text (NULL stays NULL), whatever the column's type in the file."""
    return exp.Trim(this=exp.cast(q.col(column), "text"))


def _truthy(column: str, values: tuple[str, ...]) -> exp.Expression:
    return exp.In(this=exp.Lower(this=_value(column)), expressions=[q.text(v) for v in values])


def _is_number(column: str) -> exp.Expression:
    return q.not_null(exp.TryCast(this=_value(column), to=exp.DataType.build("double")))


def checks(mapping: Mapping) -> list[tuple[exp.Select, str, str]]:
    """(query for the first bad row, column, what is wrong): each query returns the row number and the
    value of the first row that breaks the rule, or nothing."""
    out: list[tuple[exp.Select, str, str]] = []

    def first(where: exp.Expression, column: str, problem: str) -> None:
        select = exp.select(q.col(ROW), exp.cast(q.col(column), "text")).from_(q.table("input_raw")).where(
            where).order_by(q.col(ROW)).limit(1)
        out.append((select, column, problem))

    first(q.or_all([q.is_null(q.col(mapping.case)), exp.EQ(this=_value(mapping.case), expression=q.text(""))]),
          mapping.case, "a row without a case id")
    first(q.or_all([q.is_null(q.col(mapping.party)), exp.EQ(this=_value(mapping.party), expression=q.text(""))]),
          mapping.party, "an empty party name")
    for entry in mapping.entries:
        named = [c for c in entry.slots if c is not None]
        for column in named:
            if column != entry.column or not entry.number:
                first(q.and_all([q.not_null(q.col(column)), exp.EQ(this=_value(column), expression=q.text(""))]),
                      column, "an empty party name")
        if entry.number:
            first(q.and_all([q.not_null(q.col(entry.column)), exp.not_(_is_number(entry.column))]),
                  entry.column, f"not a number (the column states \"{entry.phrase}\")")
        elif entry.column not in named:
            first(q.and_all([q.not_null(q.col(entry.column)),
                             exp.not_(_truthy(entry.column, TRUE + FALSE))]),
                  entry.column, f"not true or false (the column states \"{entry.phrase}\")")
    return out


def name_problems(mapping: Mapping) -> exp.Select:
    """Every distinct party name the table gives, for :func:`statute.case.party_problem`."""
    parts = [exp.select(q.col(ROW), q.alias(q.text(mapping.party), "col"), q.alias(_value(mapping.party), "name"))
             .from_(q.table("input_raw"))]
    for entry in mapping.entries:
        for column in entry.slots:
            if column is not None:
                parts.append(exp.select(q.col(ROW), q.alias(q.text(column), "col"), q.alias(_value(column), "name"))
                             .from_(q.table("input_raw")).where(q.not_null(q.col(column))))
    union: exp.Select | exp.Union = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    alias = "names"
    return exp.select(exp.Min(this=q.col(ROW, alias)), q.col("col", alias), q.col("name", alias)).from_(
        exp.Subquery(this=union, alias=exp.TableAlias(this=q.ident(alias)))).group_by(
        q.col("col", alias), q.col("name", alias))


def contradictions(mapping: Mapping) -> exp.Select | None:
    """A number stated twice for the same case and parties with two values (the case reader's C005)."""
    facts = facts_select(mapping, None, rows=True)
    if facts is None:
        return None
    alias = "f"
    numbers = exp.select(q.col(ROW, alias), q.col("case_id", alias), q.col("phrase", alias),
                         *[q.col(f"a{i}", alias) for i in range(mapping_width(mapping))], q.col("value", alias)).from_(
        q.sub(facts, alias)).where(q.not_null(q.col("value", alias)))
    keys = [q.col("case_id"), q.col("phrase"), *[q.col(f"a{i}") for i in range(mapping_width(mapping))]]
    return exp.select(exp.Max(this=q.col(ROW)), q.col("phrase")).from_(q.sub(numbers, "n")).group_by(*keys).having(
        exp.GT(this=exp.Count(this=exp.Distinct(expressions=[q.col("value")])), expression=exp.Literal.number(1))
    ).limit(1)


def mapping_width(mapping: Mapping) -> int:
    return max([0, *(len(e.slots) for e in mapping.entries)])


def facts_select(mapping: Mapping, known: set[str] | None, width: int | None = None,
                 rows: bool = False) -> exp.Select | None:
    """``input_facts`` from the table: one SELECT per mapped column, UNION ALL; entries whose phrase is
    not in ``known`` are left out (an impact run over two Acts that differ in words)."""
    width = mapping_width(mapping) if width is None else width
    parts: list[exp.Select] = []
    for entry in mapping.entries:
        if known is not None and entry.key not in known:
            continue
        conditions: list[exp.Expression] = []
        columns: list[exp.Expression] = []
        if rows:
            columns.append(q.col(ROW))
        columns += [q.alias(_value(mapping.case), "case_id"), q.alias(q.text(entry.key), "phrase")]
        for index in range(width):
            if index < len(entry.slots):
                source = entry.slots[index] or mapping.party
                conditions.append(q.not_null(q.col(source)))
                columns.append(q.alias(_value(source), f"a{index}"))
            else:
                columns.append(q.alias(exp.cast(exp.Null(), "text"), f"a{index}"))
        if entry.number:
            conditions.append(q.not_null(q.col(entry.column)))
            columns.append(q.alias(exp.TryCast(this=_value(entry.column), to=exp.DataType.build("double")), "value"))
        else:
            if entry.column not in entry.slots:
                conditions.append(_truthy(entry.column, TRUE))
            columns.append(q.alias(exp.cast(exp.Null(), "double"), "value"))
        parts.append(exp.select(*columns).from_(q.table("input_raw")).where(q.and_all(conditions)))
    if not parts:
        return None
    union: exp.Select | exp.Union = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    alias = "facts"
    return exp.select(exp.Star()).from_(exp.Subquery(this=union, alias=exp.TableAlias(this=q.ident(alias))))


def cases_select(mapping: Mapping) -> exp.Select:
    return exp.select(q.alias(_value(mapping.case), "case_id")).from_(q.table("input_raw")).distinct()


def validate(mapping: Mapping, table_name: str, columns: list[str], fetch: Any) -> None:
    """Run every check with ``fetch(select) -> rows``; raise TableError naming rows and columns."""
    problems: list[Diagnostic] = []
    present = set(columns)
    for column, line in mapping.columns():
        if column not in present:
            near = closest(column, columns)
            problems.append(Diagnostic(Severity.ERROR, "B002", f"the table has no column '{column}' "
                                                               f"(the mapping names it at {mapping.file}:{line})",
                                       table_name, hint=f"did you mean '{near[0]}'?" if near
                                       else f"its columns: {', '.join(columns[:12])}"))
    if problems:
        raise TableError(problems)
    for select, column, problem in checks(mapping):
        found = fetch(select)
        if found:
            row, value = found[0]
            shown = "" if value is None else f": {value!r}"
            problems.append(Diagnostic(Severity.ERROR, "B003", f"row {row}, column '{column}'{shown} — {problem}",
                                       table_name, hint="fix the export, or leave the cell empty for 'not stated'"
                                       if "not" in problem else None))
    for row, column, name in fetch(name_problems(mapping)):
        why = party_problem(name) if name else None
        if why:
            problems.append(Diagnostic(Severity.ERROR, "B004", f"row {row}, column '{column}': {why}", table_name))
    query = contradictions(mapping)
    if query is not None and not problems:
        for row, phrase in fetch(query):
            problems.append(Diagnostic(Severity.ERROR, "B005", f"row {row}: \"{phrase}\" is given two different "
                                                               "values for the same case and parties", table_name,
                                       hint="state each number once per case"))
    if problems:
        raise TableError(sorted(problems, key=lambda d: d.message)[:20])
