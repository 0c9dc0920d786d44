"""Returns a string of the length it is given (a result too large for one log line)."""


def main(size: int) -> dict[str, object]:
    return {"rows": "r" * size, "kept": True}
