"""Shared CLI rendering helpers."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["print_json"]


def print_json(data: Any) -> None:
    """Print exactly one JSON document on stdout (sorted keys: same input, same bytes)."""
    print(json.dumps(data, indent=2, sort_keys=True))
