"""SNS notifier (``{ type = "sns", topic_arn = "arn:aws:sns:..." }``), boto3 imported lazily.

Publishes the event's JSON payload (``text`` plus structured fields) with a short subject and
message attributes ``event`` and ``job`` for subscription filter policies. Time is bounded
like every network notifier (:mod:`jobfactory_core.delivery`): botocore's own timeouts and
retries are set inside ``timeout``, and the run never waits longer than that.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any

from jobfactory_core.aws import _boto
from jobfactory_core.delivery import DEFAULT_TIMEOUT, BoundedNotifier, DeliveryError
from jobfactory_core.notify import Event, EventKind, Notifier

#: SNS limits a subject to 100 printable ASCII characters.
MAX_SUBJECT = 100
#: SNS limits a message to 256 KiB (attributes included); leave room for those.
MAX_MESSAGE = 250_000


def message_of(payload: dict[str, Any]) -> str:
    """The JSON message; a job result too large for SNS is dropped rather than the event."""
    message = json.dumps(payload, default=str)
    if len(message.encode("utf-8")) <= MAX_MESSAGE:
        return message
    summary = dict(payload.get("summary") or {})
    summary["result"] = "(omitted: too large for SNS)"
    trimmed = {**payload, "summary": summary, "truncated": True}
    message = json.dumps(trimmed, default=str)
    if len(message.encode("utf-8")) <= MAX_MESSAGE:
        return message
    return json.dumps({"text": payload.get("text", "")[:10_000], "truncated": True})


def subject_of(event: Event) -> str:
    text = f"jobfactory: {event.run.job} {event.kind.value}"
    text = "".join(c if 32 <= ord(c) < 127 else "?" for c in text)
    return text[:MAX_SUBJECT]


class SnsNotifier(BoundedNotifier):
    """Publishes each event to ``topic_arn``."""

    kind_name = "sns"

    def __init__(
        self,
        topic_arn: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        events: Collection[EventKind] | None = None,
    ) -> None:
        super().__init__(timeout=timeout, events=events)
        self.topic_arn = topic_arn
        per_attempt = max(0.5, timeout / 2)
        self._client = _boto.LazyClient(
            "sns", connect_timeout=per_attempt, read_timeout=per_attempt, max_attempts=2
        )

    def describe(self) -> str:
        return f"sns {self.topic_arn}"

    def send(self, payload: dict[str, Any], event: Event, deadline: float) -> None:
        try:
            client = self._client.get()
        except (_boto.MissingBoto3, _boto.NoRegion) as error:
            raise DeliveryError(str(error)) from None
        try:
            client.publish(
                TopicArn=self.topic_arn,
                Subject=subject_of(event),
                Message=message_of(payload),
                MessageAttributes={
                    "event": {"DataType": "String", "StringValue": event.kind.value},
                    "job": {"DataType": "String", "StringValue": event.run.job},
                },
            )
        except Exception as error:
            raise DeliveryError(_boto.describe(error)) from None


def build_notifier(spec: Mapping[str, Any]) -> Notifier:
    """Entry point ``jobfactory.notifiers: sns``: validate a config entry, build the notifier."""
    from jobfactory_core.notifier_config import (
        check_options,
        option_events,
        option_number,
        option_str,
    )

    check_options(spec, {"topic_arn", "timeout"})
    topic_arn = option_str(spec, "topic_arn", required=True)
    assert topic_arn is not None
    return SnsNotifier(
        topic_arn,
        timeout=option_number(spec, "timeout", DEFAULT_TIMEOUT, minimum=0.1),
        events=option_events(spec),
    )
