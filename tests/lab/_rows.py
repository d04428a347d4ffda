"""Comparing sweep rows: everything but the timing must agree."""

from __future__ import annotations

from typing import Any


def timeless(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows without ``seconds``, sorted by their point (file order follows completion)."""
    import json

    out = [{k: v for k, v in r.items() if k != "seconds"} for r in rows]
    return sorted(out, key=lambda r: json.dumps(r["params"], sort_keys=True))
