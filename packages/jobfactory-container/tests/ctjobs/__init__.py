"""Job modules for the container entry tests."""
