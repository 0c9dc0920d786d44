"""Uses a secret parameter and a secret resolved on demand; prints both (they are masked)."""

from __future__ import annotations

from typing import Any

from jobfactory_core import Job, JobFactory


class SecretiveJob(Job):
    def execute(self, password: str) -> dict[str, Any]:
        other = self.context.secret("secret://databricks/team/api-key")
        print(f"password={password} api_key={other}")
        return {"length": len(password), "api_key": other}


class SecretiveFactory(JobFactory):
    job_class = SecretiveJob


def main(**params: Any) -> Any:
    return SecretiveFactory().run(**params)
