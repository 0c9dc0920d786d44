"""Daily revenue in plain pyspark DataFrames: shared by ``jobs.daily_revenue`` and the bare
benchmark script, so both do exactly the same Spark work.

No ``sparkContext``, no RDDs, no UDFs: it runs unchanged on Spark Connect and serverless.
Days are UTC calendar days, whatever the session time zone, so every deployment agrees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

#: The input columns (any extra column is ignored).
COLUMNS = ("order_id", "order_ts", "customer_id", "country", "status", "amount", "currency")
FORMATS = ("csv", "json", "parquet")

#: What one unit of each currency is worth in EUR: a small fixed table for the demo.
RATES_TO_EUR: dict[str, Decimal] = {
    "EUR": Decimal("1"),
    "USD": Decimal("0.92"),
    "GBP": Decimal("1.17"),
    "CHF": Decimal("1.05"),
    "SEK": Decimal("0.088"),
    "PLN": Decimal("0.23"),
    "JPY": Decimal("0.0062"),
}

#: Why an input row did not count; "ok" rows are aggregated, the rest are only counted.
OK = "ok"
NOT_COMPLETED = "not_completed"
REJECT_REASONS = ("bad_timestamp", "bad_amount", "unknown_currency", "missing_country")

OUTPUT_SCHEMA = T.StructType(
    [
        T.StructField("country", T.StringType(), False),
        T.StructField("currency", T.StringType(), False),
        T.StructField("revenue", T.DecimalType(28, 2), False),
        T.StructField("orders", T.LongType(), False),
        T.StructField("customers", T.LongType(), False),
        T.StructField("day", T.DateType(), False),
    ]
)


@dataclass
class Outcome:
    """What a run produced: counts for the summary and the rows that were written."""

    rows_read: int = 0
    rows_written: int = 0
    days: list[dt.date] = field(default_factory=list)
    completed: int = 0
    not_completed: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    revenue_total: Decimal = Decimal(0)


def detect_format(path: str, input_format: str | None = None) -> str:
    """The input format: the one given, else the path's extension (``.csv``, ``.json``, ...)."""
    if input_format:
        if input_format not in FORMATS:
            raise ValueError(f"input_format must be one of {', '.join(FORMATS)}: {input_format!r}")
        return input_format
    suffixes = [s.lower().lstrip(".") for s in PurePath(path.rstrip("/")).suffixes]
    for suffix in reversed(suffixes):
        if suffix in FORMATS:
            return suffix
        if suffix in ("jsonl", "ndjson"):
            return "json"
    raise ValueError(
        f"cannot tell the format of {path!r} from its extension: "
        "pass --input_format csv|json|parquet"
    )


def conversion_factors(currency: str) -> dict[str, Decimal]:
    """Multipliers from each known currency to ``currency`` (8 decimal places)."""
    target = currency.strip().upper()
    if target not in RATES_TO_EUR:
        raise ValueError(f"unknown target currency {currency!r}: use one of {sorted(RATES_TO_EUR)}")
    return {
        code: (rate / RATES_TO_EUR[target]).quantize(Decimal("0.00000001"))
        for code, rate in RATES_TO_EUR.items()
    }


def read_orders(spark: SparkSession, path: str, fmt: str) -> DataFrame:
    """The orders as text columns: values are validated later, so dirty rows cannot crash it."""
    text_schema = T.StructType([T.StructField(name, T.StringType(), True) for name in COLUMNS])
    if fmt == "csv":
        return spark.read.option("header", "true").schema(text_schema).csv(path)
    if fmt == "json":
        return spark.read.schema(text_schema).json(path)
    frame = spark.read.parquet(path)
    missing = [name for name in COLUMNS if name not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    return frame.select(*(F.col(name).cast("string").alias(name) for name in COLUMNS))


def _rates(spark: SparkSession, currency: str) -> DataFrame:
    schema = T.StructType(
        [
            T.StructField("rate_currency", T.StringType(), False),
            T.StructField("factor", T.DecimalType(18, 8), False),
        ]
    )
    return spark.createDataFrame(list(conversion_factors(currency).items()), schema)


def classify(orders: DataFrame, rates: DataFrame) -> DataFrame:
    """Parse each row and say which category it falls in (ok, not completed, or a reject)."""
    ts = F.expr("try_cast(order_ts AS TIMESTAMP)")
    amount = F.expr("try_cast(trim(amount) AS DECIMAL(12, 2))")
    parsed = orders.select(
        ts.alias("ts"),
        amount.alias("amount_value"),
        F.upper(F.trim(F.col("currency"))).alias("currency_code"),
        F.upper(F.trim(F.col("country"))).alias("country_code"),
        F.lower(F.trim(F.col("status"))).alias("status_value"),
        F.col("customer_id"),
    )
    joined = parsed.join(
        F.broadcast(rates), parsed["currency_code"] == rates["rate_currency"], "left"
    )
    category: Column = (
        F.when(F.col("ts").isNull(), F.lit("bad_timestamp"))
        .when(F.col("amount_value").isNull() | (F.col("amount_value") < 0), F.lit("bad_amount"))
        .when(F.col("factor").isNull(), F.lit("unknown_currency"))
        .when(
            F.col("country_code").isNull() | (F.col("country_code") == ""),
            F.lit("missing_country"),
        )
        .when(F.col("status_value") != "completed", F.lit(NOT_COMPLETED))
        .otherwise(F.lit(OK))
    )
    is_ok = category == OK
    # The UTC calendar day, independent of spark.sql.session.timeZone.
    day = F.expr("date_add(DATE'1970-01-01', CAST(unix_seconds(ts) div 86400 AS INT))")
    return joined.select(
        category.alias("category"),
        F.when(is_ok, day).alias("day"),
        F.when(is_ok, F.col("country_code")).alias("country"),
        F.when(is_ok, F.round(F.col("amount_value") * F.col("factor"), 2))
        .cast("decimal(18,2)")
        .alias("amount_converted"),
        F.when(is_ok, F.col("customer_id")).alias("customer"),
    )


def aggregate(classified: DataFrame) -> DataFrame:
    """Revenue, orders and distinct customers per day and country; one count per reject reason."""
    return classified.groupBy("category", "day", "country").agg(
        F.count(F.lit(1)).alias("orders"),
        F.sum("amount_converted").alias("revenue"),
        F.countDistinct("customer").alias("customers"),
    )


def daily_revenue(
    spark: SparkSession,
    input_path: str,
    output_path: str,
    input_format: str | None = None,
    currency: str = "EUR",
) -> Outcome:
    """Read, clean, convert, aggregate and write; one pass over the input.

    The aggregate is small by construction (one row per day and country), so it is collected
    once: that yields every count without a second scan, then it is written as Parquet
    partitioned by day with dynamic partition overwrite (a rerun replaces only its days).
    """
    fmt = detect_format(input_path, input_format)
    target = currency.strip().upper()
    rates = _rates(spark, target)
    rows = aggregate(classify(read_orders(spark, input_path, fmt), rates)).collect()

    outcome = Outcome(rejected=dict.fromkeys(REJECT_REASONS, 0))
    output: list[tuple[str, str, Decimal, int, int, dt.date]] = []
    for row in rows:
        count = int(row["orders"])
        outcome.rows_read += count
        if row["category"] == OK:
            output.append(
                (row["country"], target, row["revenue"], count, int(row["customers"]), row["day"])
            )
            outcome.completed += count
            outcome.revenue_total += row["revenue"]
        elif row["category"] == NOT_COMPLETED:
            outcome.not_completed += count
        else:
            outcome.rejected[row["category"]] = count
    output.sort(key=lambda r: (r[5], r[0]))
    outcome.rows_written = len(output)
    outcome.days = sorted({r[5] for r in output})

    frame = spark.createDataFrame(output, OUTPUT_SCHEMA)
    (
        frame.repartition("day")
        .sortWithinPartitions("day", "country")
        .write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("day")
        .parquet(output_path)
    )
    return outcome
