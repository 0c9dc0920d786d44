"""A job module that raises while importing."""

raise RuntimeError("configuration table missing at import")
