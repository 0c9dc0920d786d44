"""A module that forgot main()."""

VALUE = 1
