"""Job modules used only by the integration tests."""
