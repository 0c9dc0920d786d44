"""Local Glue: AWS's real awsglue classes over local pyspark, and job bookmarks across runs."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from glue_helpers import glue_in_process

pytestmark = [pytest.mark.glue, pytest.mark.spark]


def write_orders(path: Path, ids: range) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["order_id", "amount"])
        writer.writerows([f"o{n:04d}", f"{n}.50"] for n in ids)
    return path


def ids(n: range) -> list[str]:
    return [f"o{i:04d}" for i in n]


# -- DynamicFrames -------------------------------------------------------------------------------
def test_dynamic_frames_round_trip_csv_json_parquet(spark: Any, tmp_path: Path) -> None:
    from awsglue.context import GlueContext
    from awsglue.dynamicframe import DynamicFrame

    from jobfactory_glue.local import LocalGlueContext

    glue = LocalGlueContext(spark)
    assert isinstance(glue, GlueContext)
    source = write_orders(tmp_path / "in" / "orders.csv", range(10))
    frame = glue.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [str(source.parent)]},
        format="csv",
        format_options={"withHeader": True},
    )
    assert isinstance(frame, DynamicFrame)
    assert frame.count() == 10
    for fmt in ("json", "parquet", "csv"):
        out = tmp_path / f"out_{fmt}"
        glue.write_dynamic_frame.from_options(
            frame=frame, connection_type="s3", connection_options={"path": str(out)}, format=fmt
        )
        back = glue.create_dynamic_frame.from_options(
            connection_type="s3",
            connection_options={"paths": [str(out)]},
            format=fmt,
            format_options={"withHeader": True} if fmt == "csv" else {},
        )
        rows = sorted(tuple(r) for r in back.toDF().select("order_id", "amount").collect())
        assert rows == [(f"o{n:04d}", f"{n}.50") for n in range(10)], fmt


def _read_csv(glue: Any, path: Path, **format_options: Any) -> Any:
    return glue.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [str(path)]},
        format="csv",
        **({"format_options": format_options} if format_options else {}),
    )


def test_a_csv_without_a_header_gets_glues_column_names(spark: Any, tmp_path: Path) -> None:
    """Glue's withHeader defaults to false and names the columns col0, col1, ... (not _c0)."""
    from jobfactory_glue.local import LocalGlueContext

    glue = LocalGlueContext(spark)
    source = tmp_path / "plain.csv"
    source.write_text("o0001,1.50\no0002,2.50\n")
    for frame in (_read_csv(glue, source), _read_csv(glue, source, withHeader=False)):
        df = frame.toDF()
        assert df.columns == ["col0", "col1"]
        assert [tuple(r) for r in df.collect()] == [("o0001", "1.50"), ("o0002", "2.50")]


def test_csv_quoting_follows_glues_defaults(spark: Any, tmp_path: Path) -> None:
    """No escape character: a backslash is text and a doubled quote is one quote (RFC 4180);
    quoteChar "-1" switches quoting off; skipFirst, which has no local reader, says so."""
    from jobfactory_glue.local import LocalGlueContext
    from jobfactory_glue.local.jvm import NotLocal

    glue = LocalGlueContext(spark)
    source = tmp_path / "quoted.csv"
    source.write_text('id,path,note\n1,"C:\\temp\\","say ""hi"", twice"\n')
    frame = _read_csv(glue, source, withHeader=True)
    assert [tuple(r) for r in frame.toDF().collect()] == [("1", "C:\\temp\\", 'say "hi", twice')]
    out = tmp_path / "written"  # the writer quotes the same way, so the values come back whole
    glue.write_dynamic_frame.from_options(
        frame=frame, connection_type="s3", connection_options={"path": str(out)}, format="csv"
    )
    back = _read_csv(glue, out, withHeader=True).toDF().collect()
    assert [tuple(r) for r in back] == [("1", "C:\\temp\\", 'say "hi", twice')]

    bare = tmp_path / "bare.csv"
    bare.write_text('"a";b\n')
    unquoted = _read_csv(glue, bare, separator=";", quoteChar="-1").toDF()
    assert [tuple(r) for r in unquoted.collect()] == [('"a"', "b")]
    with pytest.raises(NotLocal, match="skipFirst"):
        _read_csv(glue, source, skipFirst=True)
    unquoted_out = tmp_path / "unquoted"  # Spark's writer would put NULs where quotes go
    for no_quoting in ("-1", -1):
        with pytest.raises(NotLocal, match="cannot switch quoting off"):
            glue.write_dynamic_frame.from_options(
                frame=frame,
                connection_type="s3",
                connection_options={"path": str(unquoted_out)},
                format="csv",
                format_options={"quoteChar": no_quoting},
            )
    assert not unquoted_out.exists()


def test_from_df_to_df_and_simple_field_transforms(spark: Any) -> None:
    from awsglue.dynamicframe import DynamicFrame
    from awsglue.transforms import DropFields, RenameField, SelectFields

    from jobfactory_glue.local import LocalGlueContext

    glue = LocalGlueContext(spark)
    df = spark.createDataFrame([(1, "a", True), (2, "b", False)], ["id", "name", "flag"])
    frame = DynamicFrame.fromDF(df, glue, "people")
    assert frame.toDF().collect() == df.collect()
    picked = SelectFields.apply(frame=frame, paths=["id", "name"])
    renamed = RenameField.apply(frame=picked, old_name="name", new_name="who")
    dropped = DropFields.apply(frame=renamed, paths=["id"])
    assert [tuple(r) for r in dropped.toDF().collect()] == [("a",), ("b",)]


def test_schema_print_schema_count_and_show_as_on_glue(
    spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """schema() gives awsglue's own gluetypes objects; printSchema() Glue's tree; show() JSON."""
    import json

    from awsglue import gluetypes as gt
    from awsglue.dynamicframe import DynamicFrame

    from jobfactory_glue.local import LocalGlueContext

    glue = LocalGlueContext(spark)
    df = spark.sql(
        "SELECT CAST(1 AS BIGINT) AS id, 'a' AS name, CAST(2.5 AS DECIMAL(10,2)) AS amount, "
        "array('x') AS tags, map('k', 1.5D) AS attrs, named_struct('city', 'Oslo', 'zip', 150) "
        "AS addr, array(named_struct('note', 'n', 'url', 'u')) AS links, DATE'2024-03-01' AS day"
    )
    frame = DynamicFrame.fromDF(df, glue, "people")

    link = gt.StructType([gt.Field("note", gt.StringType()), gt.Field("url", gt.StringType())])
    expected = gt.StructType(
        [
            gt.Field("id", gt.LongType()),
            gt.Field("name", gt.StringType()),
            gt.Field("amount", gt.DecimalType(10, 2)),
            gt.Field("tags", gt.ArrayType(gt.StringType())),
            gt.Field("attrs", gt.MapType(gt.DoubleType())),
            gt.Field(
                "addr",
                gt.StructType(
                    [gt.Field("city", gt.StringType()), gt.Field("zip", gt.IntegerType())]
                ),
            ),
            gt.Field("links", gt.ArrayType(link)),
            gt.Field("day", gt.DateType()),
        ]
    )
    schema = frame.schema()
    assert schema == expected
    # The fake's JSON is what awsglue itself writes for that schema (its with_frame_schema format).
    assert json.loads(gt._serialize_schema(schema)) == json.loads(frame._jdf.schema().toString())

    frame.printSchema()
    assert capsys.readouterr().out == (
        "root\n|-- id: long\n|-- name: string\n|-- amount: decimal\n"
        "|-- tags: array\n|    |-- element: string\n"
        "|-- attrs: map\n|    |-- keyType: string\n|    |-- valueType: double\n"
        "|-- addr: struct\n|    |-- city: string\n|    |-- zip: int\n"
        "|-- links: array\n|    |-- element: struct\n|    |    |-- note: string\n"
        "|    |    |-- url: string\n|-- day: date\n"
    )
    assert frame.count() == 1
    frame.show()
    shown = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in shown] == [
        {
            "id": 1,
            "name": "a",
            "amount": 2.5,
            "tags": ["x"],
            "attrs": {"k": 1.5},
            "addr": {"city": "Oslo", "zip": 150},
            "links": [{"note": "n", "url": "u"}],
            "day": "2024-03-01",
        }
    ]

    source = tmp_path / "plain.csv"
    source.write_text("o1,1.50\n")
    read = _read_csv(glue, source)
    assert read.schema() == gt.StructType(
        [gt.Field("col0", gt.StringType()), gt.Field("col1", gt.StringType())]
    )


def test_jvm_only_features_say_so_in_one_line(spark: Any) -> None:
    from awsglue.dynamicframe import DynamicFrame
    from awsglue.transforms import ApplyMapping

    from jobfactory_glue.local import LocalGlueContext
    from jobfactory_glue.local.jvm import NotLocal

    glue = LocalGlueContext(spark)
    frame = DynamicFrame.fromDF(spark.createDataFrame([(1,)], ["id"]), glue, "f")
    with pytest.raises(NotLocal, match="needs Glue's JVM classes"):
        ApplyMapping.apply(frame=frame, mappings=[("id", "long", "id", "string")])
    with pytest.raises(NotLocal, match="local paths"):
        glue.create_dynamic_frame.from_options(
            connection_type="s3", connection_options={"paths": ["s3://b/k"]}, format="json"
        )
    with pytest.raises(NotLocal):
        glue.create_dynamic_frame.from_catalog(database="d", table_name="t")


# -- job bookmarks through the entry ---------------------------------------------------------------
class Runs:
    """Runs ``gluejobs.incremental`` through the Glue entry with a fresh Glue run id each time."""

    def __init__(self, tmp_path: Path) -> None:
        self.folder = tmp_path / "orders"
        self.out = tmp_path / "out"
        self.count = 0

    def __call__(self, option: str, *extra: str) -> Any:
        self.count += 1
        outcome = glue_in_process(
            "--JOB_NAME", "incremental-orders",
            f"--JOB_RUN_ID=jr_{self.count}",
            "--job-bookmark-option", option,
            "--module_name", "gluejobs.incremental",
            "--input_path", str(self.folder),
            f"--output_path={self.out}",
            *extra,
        )  # fmt: skip
        return outcome


@pytest.fixture
def runs(spark: Any, tmp_path: Path) -> Runs:
    return Runs(tmp_path)


def test_enabled_bookmarks_read_only_new_files(runs: Runs) -> None:
    write_orders(runs.folder / "a.csv", range(0, 5))
    first = runs("job-bookmark-enable")
    write_orders(runs.folder / "b.csv", range(5, 8))
    second = runs("job-bookmark-enable")
    third = runs("job-bookmark-enable")

    assert first.exit_code == second.exit_code == third.exit_code == 0, second.stderr
    assert first.summary["result"]["ids"] == ids(range(0, 5))
    assert second.summary["result"]["ids"] == ids(range(5, 8))
    assert third.summary["result"]["rows"] == 0
    assert second.summary["run_id"] == "jr_2"


def test_disabled_bookmarks_read_everything(runs: Runs) -> None:
    write_orders(runs.folder / "a.csv", range(0, 5))
    assert runs("job-bookmark-enable").exit_code == 0
    write_orders(runs.folder / "b.csv", range(5, 8))
    again = runs("job-bookmark-disable")
    assert again.summary["result"]["ids"] == ids(range(0, 8))
    after = runs("job-bookmark-enable")  # disable recorded nothing: b is still new
    assert after.summary["result"]["ids"] == ids(range(5, 8))


def test_paused_bookmarks_read_new_files_and_do_not_advance(runs: Runs) -> None:
    write_orders(runs.folder / "a.csv", range(0, 5))
    assert runs("job-bookmark-enable").exit_code == 0
    write_orders(runs.folder / "b.csv", range(5, 8))
    paused = runs("job-bookmark-pause")
    again = runs("job-bookmark-pause")
    enabled = runs("job-bookmark-enable")
    assert paused.summary["result"]["ids"] == again.summary["result"]["ids"] == ids(range(5, 8))
    assert enabled.summary["result"]["ids"] == ids(range(5, 8))


def test_paused_bookmarks_with_a_range_read_what_those_runs_read(runs: Runs) -> None:
    write_orders(runs.folder / "a.csv", range(0, 5))
    assert runs("job-bookmark-enable").exit_code == 0  # jr_1
    write_orders(runs.folder / "b.csv", range(5, 8))
    assert runs("job-bookmark-enable").exit_code == 0  # jr_2
    write_orders(runs.folder / "c.csv", range(8, 9))
    assert runs("job-bookmark-enable").exit_code == 0  # jr_3
    window = runs("job-bookmark-pause", "--job-bookmark-from", "jr_1", "--job-bookmark-to=jr_3")
    assert window.exit_code == 0, window.stderr
    assert window.summary["result"]["ids"] == ids(range(5, 9))


def test_a_failed_run_does_not_advance_the_bookmark(runs: Runs) -> None:
    write_orders(runs.folder / "a.csv", range(0, 5))
    assert runs("job-bookmark-enable").exit_code == 0
    write_orders(runs.folder / "b.csv", range(5, 8))
    failed = runs("job-bookmark-enable", "--fail", "true")
    retried = runs("job-bookmark-enable")

    assert failed.exit_code == 1
    assert "Glue job committed" not in failed.stderr
    assert retried.summary["result"]["ids"] == ids(range(5, 8))
    assert "Glue job committed" in retried.stderr
