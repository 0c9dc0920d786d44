"""Redaction and event building stay bounded whatever a value holds: shared references
(YAML aliases), cycles, deep nesting (issue 8.2)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jobfactory_core.context import JobContext
from jobfactory_core.notify import Event, Notifiers
from jobfactory_core.redaction import (
    CYCLE,
    MASK,
    MAX_VALUES,
    REDACTOR,
    TOO_DEEP,
    TOO_MANY,
)


def laughs(levels: int = 12, width: int = 10) -> list[Any]:
    """A "billion laughs" value: ``width ** levels`` strings behind a few shared lists."""
    node: list[Any] = ["lol"] * width
    for _ in range(levels):
        node = [node] * width
    return node


def flatten(value: Any) -> list[Any]:
    out: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        else:
            out.append(item)
    return out


@pytest.mark.timeout(60)
def test_shared_references_are_not_expanded_without_bound() -> None:
    REDACTOR.register("a-registered-secret")
    redacted = REDACTOR.redact_obj({"doc": laughs(), "note": "a-registered-secret"})
    leaves = flatten(redacted)
    assert len(leaves) <= MAX_VALUES + 64
    assert TOO_MANY in leaves
    assert len(json.dumps(redacted)) < 10 * 1024 * 1024
    params = REDACTOR.redact_params({"doc": laughs(), "api_token": "abc"})
    assert params["api_token"] == MASK
    assert TOO_MANY in flatten(params)


def test_cycles_and_deep_nesting_end_in_markers() -> None:
    loop: list[Any] = ["x"]
    loop.append(loop)
    table: dict[str, Any] = {"name": "x"}
    table["self"] = table
    assert REDACTOR.redact_obj(loop) == ["x", CYCLE]
    assert REDACTOR.redact_obj(table) == {"name": "x", "self": CYCLE}
    deep: list[Any] = []
    node = deep
    for _ in range(5000):  # deeper than the interpreter's recursion limit
        child: list[Any] = []
        node.append(child)
        node = child
    shown = REDACTOR.redact_obj(deep)
    assert TOO_DEEP in json.dumps(shown)


def test_shared_but_acyclic_values_are_shown_in_full() -> None:
    shared = {"region": "eu"}
    assert REDACTOR.redact_obj([shared, shared]) == [{"region": "eu"}, {"region": "eu"}]


class Recorder:
    def __init__(self) -> None:
        self.payloads: list[dict[str, Any]] = []

    def notify(self, event: Event) -> None:
        self.payloads.append(event.payload())


@pytest.mark.timeout(60)
def test_the_started_event_of_a_plain_main_is_bounded() -> None:
    recorder = Recorder()
    context = JobContext.local(has_spark=False)
    context.notifier = Notifiers([recorder])
    loop: list[Any] = []
    loop.append(loop)
    context.announce({"doc": laughs(), "loop": loop})
    (payload,) = recorder.payloads
    assert len(json.dumps(payload)) < 10 * 1024 * 1024
    assert len(payload["text"]) < 10 * 1024 * 1024


@pytest.mark.timeout(60)
def test_a_result_of_shared_references_gives_a_bounded_summary(write_job_module) -> None:
    from jobfactory_core.environment import Environment
    from jobfactory_core.testing import run_entry_captured

    job = write_job_module(
        "def main(**kwargs):\n"
        "    node = ['lol'] * 10\n"
        "    for _ in range(12):\n"
        "        node = [node] * 10\n"
        "    return {'doc': node}\n",
        "laughs_job",
    )
    outcome = run_entry_captured(Environment(), ["--module_name", job])
    assert outcome.exit_code == 0, outcome.stderr
    assert len(outcome.stdout) <= 64 * 1024
    summary = outcome.summary
    assert "too large for the summary line" in summary["result"]
    assert (summary["status"], summary["exit_code"]) == ("succeeded", 0)
    assert "metrics" in summary
    assert "more than 100000 values" in outcome.stderr


def test_outer_entries_after_a_huge_value_are_kept() -> None:
    redacted = REDACTOR.redact_obj(
        {"result": laughs(), "metrics": {"rows": 3}, "error": "boom", "exit_code": 1}
    )
    assert (redacted["error"], redacted["exit_code"]) == ("boom", 1)
    assert redacted["metrics"] == TOO_MANY  # a container after the budget: a marker
