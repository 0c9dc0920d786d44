"""jobfactory entry point for local containers, ``spark-submit`` clusters and Spark Connect."""

from jobfactory_container.__about__ import __version__

__all__ = ["__version__"]
