"""Glue's ``format_options`` for csv and json as Spark reader/writer options, with Glue's defaults.

Glue, not Spark, sets the defaults a job relies on: a csv read has no header unless
``withHeader`` is true, and its columns are then ``col0, col1, ...`` (Spark would say ``_c0``);
comma separator; double-quote quoting (``quoteChar: "-1"`` switches quoting off); no escape
character, so a doubled quote inside quotes is one quote (RFC 4180); records on one line unless
``multiline``; the csv writer writes a header unless ``writeHeader`` is false.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobfactory_glue.local.jvm import NotLocal

#: Glue's csv defaults (AWS Glue developer guide, "CSV configuration reference").
CSV_READ_DEFAULTS: dict[str, Any] = {
    "separator": ",",
    "quoteChar": '"',
    "escaper": None,
    "withHeader": False,
    "multiline": False,
}
#: Glue option -> Spark option, where only the name differs.
_RENAMED = {"separator": "sep", "withHeader": "header", "multiline": "multiLine"}
#: Glue options with no meaning for Spark's reader (Glue's own reader tuning).
_GLUE_ONLY = frozenset({"optimizePerformance", "strictCheckForQuoting"})
#: Glue's switch for "no quoting" (Spark's is the empty string).
NO_QUOTING = "-1"


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() == "true"


def _normalised(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """Glue's option names as the guide spells them (``multiLine`` is accepted too)."""
    out = dict(options or {})
    if "multiLine" in out:
        out.setdefault("multiline", out.pop("multiLine"))
    return out


def read_options(fmt: str, format_options: Mapping[str, Any] | None) -> dict[str, str]:
    """The Spark reader options that read ``fmt`` as Glue would with ``format_options``."""
    given = _normalised(format_options)
    if fmt != "csv":
        return {_RENAMED.get(k, k): _text(v) for k, v in given.items() if k not in _GLUE_ONLY}
    if _truthy(given.pop("skipFirst", False)):
        raise NotLocal(
            "local Glue: csv skipFirst is not supported locally; read with withHeader, or drop "
            "the first row with DataFrame APIs after toDF()"
        )
    merged = {**CSV_READ_DEFAULTS, **given}
    return _csv_spark_options(merged, header_key="withHeader")


def write_options(fmt: str, format_options: Mapping[str, Any] | None) -> dict[str, str]:
    """The Spark writer options that write ``fmt`` as Glue would (csv: a header by default)."""
    given = _normalised(format_options)
    if fmt != "csv":
        return {_RENAMED.get(k, k): _text(v) for k, v in given.items() if k not in _GLUE_ONLY}
    given.pop("withHeader", None)  # a reader option; Glue's writer uses writeHeader
    merged = {"separator": ",", "quoteChar": '"', "writeHeader": True, **given}
    merged.pop("escaper", None)  # Glue uses the escaper when reading only
    if str(merged["quoteChar"]) == NO_QUOTING:
        raise NotLocal(
            'local Glue: the csv writer cannot switch quoting off (quoteChar "-1"): Spark would '
            "write NUL characters as quotes; write with the default quoteChar, or build the "
            "lines with DataFrame APIs after toDF() and write them as text"
        )
    return _csv_spark_options(merged, header_key="writeHeader")


def _csv_spark_options(options: dict[str, Any], *, header_key: str) -> dict[str, str]:
    spark: dict[str, str] = {"header": _text(bool(_truthy(options.pop(header_key))))}
    quote = options.pop("quoteChar")
    escaper = options.pop("escaper", None)
    if str(quote) == NO_QUOTING:
        spark["quote"] = ""
    else:
        spark["quote"] = str(quote)
        # No escaper: a doubled quote inside a quoted value is one quote, a backslash is text.
        spark["escape"] = str(quote) if escaper in (None, "", "none") else str(escaper)
    for key, value in options.items():
        if key not in _GLUE_ONLY:
            spark[_RENAMED.get(key, key)] = _text(value)
    return spark


def glue_column_names(df: Any, spark_options: Mapping[str, str]) -> Any:
    """A csv read without a header names its columns as Glue does: ``col0, col1, ...``."""
    if spark_options.get("header") == "true":
        return df
    return df.toDF(*[f"col{index}" for index in range(len(df.columns))])
