"""The Spark session provider: reuse the active session, apply or skip settings, stop only ours."""

from __future__ import annotations

import ast
import logging
from pathlib import Path
from typing import Any

import pytest

from jobfactory_core.context import JobContext
from jobfactory_core.errors import ConfigError, EnvironmentUnavailableError
from jobfactory_core.spark import SparkSessionProvider, SparkSettings, parse_conf

SRC = Path(__file__).resolve().parents[1] / "src" / "jobfactory_core"


def test_spark_conf_items_parse_and_a_malformed_one_says_how_to_fix_it() -> None:
    assert parse_conf(["spark.a=1", " spark.b = x=y "]) == {"spark.a": "1", "spark.b": "x=y"}
    with pytest.raises(ConfigError, match="key=value"):
        parse_conf(["spark.sql.shuffle.partitions"])


def test_has_spark_false_refuses_with_the_fix() -> None:
    from importlib.util import find_spec

    context = JobContext.local(has_spark=False)
    fix = "pip install" if find_spec("pyspark") is None else "drop that setting"
    with pytest.raises(EnvironmentUnavailableError, match=fix):
        context.spark()


def test_nothing_in_core_touches_spark_context_or_rdds() -> None:
    used = {
        (path.name, node.attr)
        for path in SRC.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr in ("sparkContext", "rdd", "_jsc", "_sc")
    }
    assert used == set()


@pytest.mark.spark
def test_reuses_the_active_session_and_leaves_it_running(spark: Any) -> None:
    provider = SparkSessionProvider(SparkSettings(master="local[1]"))
    session = provider.session()
    assert not provider.created
    assert session.conf.get("spark.master") == spark.conf.get("spark.master") != "local[1]"
    provider.stop()
    assert spark.range(3).count() == 3  # still alive


@pytest.mark.spark
def test_settings_apply_to_a_reused_session_and_refused_ones_are_skipped(
    spark: Any, caplog: pytest.LogCaptureFixture
) -> None:
    previous = spark.conf.get("spark.sql.shuffle.partitions")
    conf = {"spark.sql.shuffle.partitions": "5", "spark.executor.memory": "3g"}
    provider = SparkSessionProvider(SparkSettings(conf=conf))
    try:
        with caplog.at_level(logging.WARNING, logger="jobfactory"):
            session = provider.session()
        assert session.conf.get("spark.sql.shuffle.partitions") == "5"
        refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
        assert len(refused) == 1 and "spark.executor.memory" in refused[0]
        assert session.range(4).count() == 4
    finally:
        spark.conf.set("spark.sql.shuffle.partitions", previous)


@pytest.mark.spark
def test_a_run_in_a_context_stops_nothing_it_did_not_create(spark: Any) -> None:
    context = JobContext.local(has_spark=True)
    assert context.spark().range(2).count() == 2
    context.close()
    assert spark.range(2).count() == 2
