__version__ = "0.1.0"

#: Version of the contract environment packages build on (``Environment``, ``ArgvDialect``,
#: the entry machinery). Raised on every change an environment package could notice; each
#: environment package states the one it was built for (``Environment.requires_contract``).
CONTRACT = 1
