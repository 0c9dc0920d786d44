"""Fake of Glue's JVM ``Schema``: a Spark schema as Glue states it, for ``DynamicFrame.schema()``.

awsglue's ``DynamicFrame.schema()`` parses the JVM schema's ``toString()`` (Glue's schema JSON)
into :mod:`awsglue.gluetypes` objects, and ``printSchema()`` prints its ``treeString()``. Locally
a DynamicFrame is a Spark DataFrame, so its Spark schema is stated in Glue's terms.
"""

from __future__ import annotations

import json
from typing import Any

from jobfactory_glue.local.jvm import NotLocal


def _unsupported(spark_type: str) -> NotLocal:
    return NotLocal(
        f"local Glue: a DynamicFrame schema cannot state the Spark type {spark_type}; cast the "
        "column with DataFrame APIs after toDF()"
    )


class FakeGlueSchema:
    """Fake of Glue's JVM ``Schema``: what ``DynamicFrame.schema()`` and ``printSchema()`` read.

    ``toString()`` is Glue's schema JSON, which awsglue parses into :mod:`awsglue.gluetypes`
    objects; ``treeString()`` is Glue's tree (``|-- name: type``, no Spark nullability).
    """

    def __init__(self, spark_schema: Any) -> None:
        self.glue = glue_type(spark_schema.jsonValue())

    def toString(self) -> str:
        return json.dumps(self.glue)

    def treeString(self) -> str:
        return "\n".join(["root", *_tree_lines(self.glue, "")])


#: Spark's atomic type names (``DataType.jsonValue()``) -> Glue's (:mod:`awsglue.gluetypes`).
_ATOMIC = {
    "string": "string",
    "integer": "int",
    "long": "long",
    "short": "short",
    "byte": "byte",
    "float": "float",
    "double": "double",
    "boolean": "boolean",
    "binary": "binary",
    "date": "date",
    "timestamp": "timestamp",
    "timestamp_ntz": "timestampntz",
    "void": "null",
}


def glue_type(spark: Any) -> dict[str, Any]:
    """Glue's JSON for a Spark type given as ``DataType.jsonValue()`` (maps keep values only:
    a Glue map's keys are strings)."""
    if isinstance(spark, str):
        if spark in _ATOMIC:
            return {"dataType": _ATOMIC[spark], "properties": {}}
        if spark.startswith("decimal("):
            precision, scale = (int(n) for n in spark[len("decimal(") : -1].split(","))
            return {"dataType": "decimal", "precision": precision, "scale": scale, "properties": {}}
        if spark.startswith(("char(", "varchar(")):
            return {"dataType": "string", "properties": {}}
        raise _unsupported(spark)
    kind = spark["type"]
    if kind == "struct":
        fields = [
            {"name": f["name"], "container": glue_type(f["type"]), "properties": {}}
            for f in spark["fields"]
        ]
        return {"dataType": "struct", "fields": fields, "properties": {}}
    if kind == "array":
        return {"dataType": "array", "elementType": glue_type(spark["elementType"]),
                "properties": {}}  # fmt: skip
    if kind == "map":
        return {"dataType": "map", "valueType": glue_type(spark["valueType"]), "properties": {}}
    if kind == "udt":
        return glue_type(spark["sqlType"])
    raise _unsupported(kind)


def _tree_lines(glue: dict[str, Any], prefix: str) -> list[str]:
    """The lines under one type in Glue's tree: struct fields, an array's element, a map's
    key and value types, each nested one ``|    `` deeper."""
    kind = glue["dataType"]
    children: list[tuple[str, dict[str, Any]]] = []
    if kind == "struct":
        children = [(f["name"], f["container"]) for f in glue["fields"]]
    elif kind == "array":
        children = [("element", glue["elementType"])]
    elif kind == "map":
        children = [("keyType", {"dataType": "string"}), ("valueType", glue["valueType"])]
    lines: list[str] = []
    for name, child in children:
        lines.append(f"{prefix}|-- {name}: {child['dataType']}")
        lines += _tree_lines(child, prefix + "|    ")
    return lines
