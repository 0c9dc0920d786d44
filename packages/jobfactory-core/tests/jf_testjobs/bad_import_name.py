"""A job module whose own import line names something its dependency does not have."""

from jobfactory_core import NoSuchThing  # type: ignore[attr-defined]  # noqa: F401


def main(**params: object) -> None:
    return None
