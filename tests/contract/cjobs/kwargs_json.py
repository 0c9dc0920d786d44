"""The original pattern: main(**kwargs) that serialises everything it receives."""

import json


def main(**kwargs: object) -> dict[str, object]:
    return {"kwargs": json.loads(json.dumps(kwargs, sort_keys=True))}
