"""The original pattern with an explicit signature: no **kwargs, no context."""


def main(a, service_provider=None, has_spark=None):
    return {"a": a, "service_provider": service_provider, "has_spark": has_spark}
