"""A careless job: it spreads the value it is given everywhere a secret could leak from.

It prints it, logs it (with a traceback), warns with it, writes it to stderr, returns it in
its result and metrics, and with ``fail`` raises an exception carrying it. ``how`` adds the
writes masking is known not to cover yet (split writes, the binary buffer).
"""

from __future__ import annotations

import logging
import sys
import warnings
from typing import Any

from jobfactory_core import Job, JobContext, JobFactory

log = logging.getLogger("rl.canary")


class CanaryJob(Job):
    def execute(
        self, value: str = "", api_token: str = "", fail: bool = False, how: str = ""
    ) -> dict[str, Any]:
        value = value or api_token
        print(f"value={value}")
        sys.stderr.write(f"stderr value={value}\n")
        log.warning("value=%s", value)
        log.info("as extra", extra={"value": value})
        try:
            raise LookupError(f"lookup of {value} failed")
        except LookupError:
            log.exception("handled error for %r", value)
        warnings.warn(f"careful with {value}", stacklevel=1)
        if how == "split":
            print(value[:6], end="", flush=True)
            print(value[6:])
        if how == "buffer":
            sys.stdout.buffer.write(f"bytes {value}\n".encode())
            sys.stdout.flush()
        self.context.metric("value", value)
        if how == "keys":  # the value as a key of the metrics and of the result
            self.context.metric(value, 1)
        if fail:
            raise RuntimeError(f"job failed holding {value}")
        result: dict[str, Any] = {"echo": value, "nested": [{"value": value}], "length": len(value)}
        if how == "keys":
            result[value] = "as a key"
        return result

    def on_failure(self, error: BaseException, context: JobContext) -> None:
        log.error("on_failure saw %s", error)


class CanaryFactory(JobFactory):
    job_class = CanaryJob


def main(**params: Any) -> Any:
    return CanaryFactory().run(**params)
