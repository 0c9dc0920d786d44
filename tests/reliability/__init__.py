"""Reliability suites (issue 8): properties, faults, secret canary, signals, hygiene."""
