"""Job modules the reliability suites run through every entry (``reliability.rljobs.*``)."""
