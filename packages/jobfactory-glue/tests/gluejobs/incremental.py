"""Reads orders through the GlueContext with a bookmark, writes them as parquet: bookmark tests."""

from __future__ import annotations

from typing import Any

from jobfactory_core import Job, JobFactory


class IncrementalJob(Job):
    requires_spark = True

    def execute(self, input_path: str, output_path: str, fail: bool = False) -> dict[str, Any]:
        from awsglue.dynamicframe import DynamicFrame

        glue = self.context.glue_context()
        frame = glue.create_dynamic_frame.from_options(
            connection_type="s3",
            connection_options={"paths": [input_path]},
            format="csv",
            format_options={"withHeader": True},
            transformation_ctx="orders",
        )
        df = frame.toDF()
        rows = df.count()
        ids = sorted(r["order_id"] for r in df.select("order_id").collect()) if rows else []
        if fail:
            raise RuntimeError("failing on purpose after reading")
        if rows:
            out = DynamicFrame.fromDF(df, glue, "out")
            glue.write_dynamic_frame.from_options(
                frame=out,
                connection_type="s3",
                connection_options={"path": output_path},
                format="parquet",
            )
        return {"rows": rows, "ids": ids}


class IncrementalFactory(JobFactory):
    job_class = IncrementalJob


def main(**params: Any) -> Any:
    return IncrementalFactory().run(**params)
