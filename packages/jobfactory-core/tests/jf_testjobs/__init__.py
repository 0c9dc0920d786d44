"""Job modules used by the core tests (each shape a user might write)."""
