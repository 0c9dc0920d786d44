"""A careless job whose secrets are structured: a list of tokens, a table, a number, a document.

It prints every item on its own (as a job iterating its tokens would) and the one field of a
JSON credentials document it was handed whole.
"""

from __future__ import annotations

import json
from typing import Any

from jobfactory_core import Job, JobFactory


class StructuredCanaryJob(Job):
    def execute(
        self,
        api_tokens: list[str] | None = None,
        credentials: dict[str, str] | None = None,
        db_password: int = 0,
        document: str = "",
    ) -> dict[str, Any]:
        for token in api_tokens or []:
            print(f"token {token}")
        for key, value in (credentials or {}).items():
            print(f"credential {key}={value}")
        print(f"pin {db_password}")
        if document:
            print(f"document password {json.loads(document)['password']}")
        return {"tokens": len(api_tokens or [])}


class StructuredCanaryFactory(JobFactory):
    job_class = StructuredCanaryJob


def main(**params: Any) -> Any:
    return StructuredCanaryFactory().run(**params)
