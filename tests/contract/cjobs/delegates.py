"""A plain main that calls a factory without passing the context: it joins the run."""

from typing import Any

from jobfactory_core import Job, JobFactory, current_context


class EchoJob(Job):
    def execute(self, word: str) -> dict[str, Any]:
        return {"word": word, "run_id": self.context.run_id}


class EchoFactory(JobFactory):
    job_class = EchoJob


def main(word: str, service_provider: str) -> Any:
    context = current_context()
    assert context is not None
    return EchoFactory().run(word=word)
