"""The Job contract: business logic that knows nothing of where it runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, final

if TYPE_CHECKING:
    from jobfactory_core.context import JobContext


class Job:
    """Subclass and implement ``execute`` with typed keyword parameters.

    Parameters arrive bound and coerced from ``execute``'s signature. ``self.context`` is the
    run's :class:`~jobfactory_core.context.JobContext`. Set ``requires_spark = True`` when
    the job cannot run without Spark (it then exits 3 where Spark is absent).

    ``on_success``/``on_failure`` are optional hooks. ``on_failure`` also runs when the
    failure happened before the job was built (bad parameters, a dependency that failed to
    build); ``self`` is then a bare instance whose ``__init__`` never ran.
    """

    requires_spark: ClassVar[bool] = False
    context: JobContext

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        """The business logic; return a JSON-friendly value for the summary line."""
        raise NotImplementedError(f"{type(self).__name__} must implement execute(**params)")

    def on_success(self, result: Any, context: JobContext) -> None:
        """Called after ``execute`` returned; a failure here is logged and ignored."""

    def on_failure(self, error: BaseException, context: JobContext) -> None:
        """Called with the exception that failed the run; a failure here is logged."""

    @final
    def run(self, context: JobContext, params: dict[str, Any]) -> Any:
        """Template the factory calls: attach the context, then execute. Not overridden."""
        self.context = context
        return self.execute(**params)
