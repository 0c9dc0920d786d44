"""A job module whose own import fails on a missing dependency."""

import jf_dependency_that_is_not_installed  # noqa: F401


def main(**kwargs: object) -> None:
    pass
