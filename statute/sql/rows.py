"""Outcomes as comparable rows, from the Python evaluator and from an SQL engine.

The differential test and the benchmark's agreement check hold the two to the same
multiset of ``(case, provision, kind, status, party, binding, because, aggravated by)``;
the maximum penalty follows from the provision and the status, so it is not compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from statute.case import Case

Row = tuple[str, str, str, str, str | None, tuple[tuple[str, str], ...], tuple[str, ...], tuple[str, ...]]


def from_assessment(case_id: str, assessment: Any) -> list[Row]:
    return [(case_id, o.provision, str(o.kind), str(o.status), o.party, tuple(o.binding), tuple(o.because),
             tuple(o.aggravated_by)) for o in assessment.outcomes]


def from_sql(rows: Iterable[tuple[Any, ...]]) -> list[Row]:
    out: list[Row] = []
    for case_id, provision, kind, status, party, binding, because, aggravated, *_ in rows:
        pairs = tuple((str(k), str(v)) for k, v in json.loads(binding).items())
        out.append((str(case_id), provision, kind, status, party, pairs,
                    tuple(because.split(",")) if because else (), tuple(aggravated.split(",")) if aggravated else ()))
    return out


def long_facts(case_id: str, case: Case, width: int) -> list[tuple[Any, ...]]:
    """A case's facts as rows of ``input_facts``: (case id, phrase key, a0 … a<width-1>, value).

    The plan evaluates undated cases (statute/sql/compile.py): a dated case is refused, never
    answered as if its dates were not there.
    """
    if case.dated:
        from statute.sql.compile import NotCompilable

        raise NotCompilable(f"case {case_id} is dated (facts on days, an as-at day or appointed days); the SQL "
                            "plan evaluates undated cases: evaluate it with `statute explain`")
    out: list[tuple[Any, ...]] = []
    pad = (None,) * width
    for key, rows in case.facts.items():
        for args in rows:
            out.append((case_id, key, *(args + pad)[:width], None))
    numbers: Mapping[str, Mapping[tuple[str, ...], float]] = case.numbers
    for key, values in numbers.items():
        for args, value in values.items():
            out.append((case_id, key, *(args + pad)[:width], float(value)))
    return out
