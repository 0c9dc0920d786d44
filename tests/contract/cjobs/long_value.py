"""Receives a very long parameter value and reports its length."""


def main(blob: str) -> int:
    return len(blob)
