"""Example jobfactory jobs (workspace member ``jobfactory-examples``; never published)."""
