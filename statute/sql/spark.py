"""Apache Spark: the same plan, written in Spark's dialect from the same AST.

Each relation becomes a temporary view, computed once and its lineage cut (a local
checkpoint, as DuckDB's tables are materialised): cached views alone let each relation's
plan inline every relation below it, and a plan of a hundred relations ran the driver out
of memory at 10,000 cases. The outcomes are a DataFrame. Local mode
(``local[*]``) needs only a Java runtime; a cluster is a master URL (``--master
spark://host:7077``, ``yarn``, ``k8s://…``) or whatever ``spark-submit`` configures, as
docs/batch.md describes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlglot import exp

from statute.sql.batch import Result
from statute.sql.compile import Plan
from statute.sql.engine import statements
from statute.sql.table import ROW, Mapping, TableError, cases_select, facts_select, validate

#: The master used when none is given: the environment's, else local mode on every core.
MASTER_VARIABLE = "STATUTE_SPARK_MASTER"


def session(master: str | None = None) -> Any:
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("statute").master(master or os.environ.get(MASTER_VARIABLE, "local[*]"))
    builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    builder = builder.config("spark.sql.shuffle.partitions", os.environ.get("STATUTE_SPARK_PARTITIONS", "8"))
    builder = builder.config("spark.driver.memory", os.environ.get("STATUTE_SPARK_DRIVER_MEMORY", "2g"))
    # sqlglot writes TRY_CAST as Spark's CAST, which returns NULL on a malformed value only with ANSI mode
    # off (Spark 4 turns it on): the table checks rely on that NULL to find the row
    builder = builder.config("spark.sql.ansi.enabled", "false")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _sql(spark: Any, node: exp.Expression) -> Any:
    return spark.sql(node.sql(dialect="spark"))


def prepare(spark: Any, plan: Plan, prefix: str = "", cache: bool = True) -> Any:
    """Define the plan's relations as temporary views; return the outcomes DataFrame."""
    relations, outcomes = statements(plan, prefix)
    for name, select in relations:
        frame = _sql(spark, select)
        if cache:  # computed now, its lineage cut: the next relation's plan reads it as data
            frame = frame.localCheckpoint(eager=True)
        frame.createOrReplaceTempView(name)
    return _sql(spark, outcomes)


def load_long(spark: Any, cases: list[str], facts: list[tuple[Any, ...]], width: int) -> None:
    """``input_cases`` and ``input_facts`` from Python rows (tests and benchmarks)."""
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    spark.createDataFrame([(c,) for c in cases], StructType([StructField("case_id", StringType())])) \
        .createOrReplaceTempView("input_cases")
    fields = [StructField("case_id", StringType()), StructField("phrase", StringType())]
    fields += [StructField(f"a{i}", StringType()) for i in range(width)]
    fields.append(StructField("value", DoubleType()))
    spark.createDataFrame(facts, StructType(fields)).createOrReplaceTempView("input_facts")


def outcomes(spark: Any, plan: Plan, cache: bool = False) -> list[tuple[Any, ...]]:
    """Every outcome row of the cases loaded in the session (small loads: nothing is cached)."""
    return [tuple(row) for row in prepare(spark, plan, cache=cache).collect()]


def read_table(spark: Any, path: str) -> Any:
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    suffix = Path(path).suffix.casefold()
    if suffix in (".csv", ".tsv", ".txt"):
        frame = spark.read.csv(path, header=True, sep="\t" if suffix == ".tsv" else ",")
    elif suffix in (".parquet", ".pq"):
        frame = spark.read.parquet(path)
    elif suffix in (".jsonl", ".ndjson", ".json"):
        frame = spark.read.json(path)
    else:
        raise TableError([_problem(path, "Spark reads .csv, .tsv, .parquet and .jsonl tables")])
    return frame.withColumn(ROW, F.row_number().over(Window.orderBy(F.monotonically_increasing_id())))


def _problem(path: str, message: str) -> Any:
    from statute.diagnostics import Diagnostic, Severity

    return Diagnostic(Severity.ERROR, "B000", message, path)


def run_batch(plan: Plan, mapping: Mapping, table_path: str, output: str, master: str | None = None) -> Result:
    """``statute batch --engine spark``: check the table, run the plan, write the outcomes (Spark writes a
    folder of part files), to a temporary folder renamed into place."""
    start = time.perf_counter()
    if not Path(table_path).exists():
        raise TableError([_problem(table_path, "no such file")])
    spark = session(master)
    frame = read_table(spark, table_path)
    frame.createOrReplaceTempView("input_raw")
    validate(mapping, table_path, [c for c in frame.columns if c != ROW],
             lambda select: [tuple(row) for row in _sql(spark, select).collect()])
    from statute.sql.source import width

    _sql(spark, cases_select(mapping)).createOrReplaceTempView("input_cases")
    known = {*plan.facts, *plan.numbers}
    facts = facts_select(mapping, known, width(plan))
    if facts is None:
        raise TableError([_problem(table_path, "the mapping states no phrase of this Act")])
    _sql(spark, facts).createOrReplaceTempView("input_facts")
    result = prepare(spark, plan).cache()
    count = result.count()
    cases = spark.table("input_cases").count()
    target = Path(output)
    folder = tempfile.mkdtemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.")
    temporary = Path(folder) / "out"
    try:
        writer = result.orderBy("case_id", "provision", "binding").write.mode("overwrite")
        if target.suffix.casefold() == ".csv":
            writer.option("header", True).csv(str(temporary))
        else:
            writer.parquet(str(temporary))
        if target.is_dir():
            shutil.rmtree(target)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
    return Result(cases, count, 1, time.perf_counter() - start)
