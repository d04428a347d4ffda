"""Canonical JSON and digests: the same data always gives the same bytes and fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from polyexact.certificates.subject import Subject, subject_to_data

__all__ = ["canonical_json", "certificate_digest", "model_digest"]


def canonical_json(data: Any) -> str:
    """JSON with sorted keys, no spaces and no ASCII escaping (the form certificates use).

    Examples
    --------
    >>> canonical_json({"b": 1, "a": [1, "1/2"]})
    '{"a":[1,"1/2"],"b":1}'
    """
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def model_digest(model: Subject) -> str:
    """``"sha256:"`` and the hex SHA-256 of the model's canonical JSON (name included).

    A block network's digest is over its ``polyexact.model/2`` data.

    Two models have the same digest iff their files say the same thing, exactly.

    Examples
    --------
    >>> from polyexact.models import construction
    >>> model_digest(construction(1, 2, 2, 1)) == model_digest(construction(1, 2, 2, 1))
    True
    >>> model_digest(construction(1, 2, 2, 1)) == model_digest(construction(1, 3, 2, 1))
    False
    """
    return "sha256:" + hashlib.sha256(canonical_json(subject_to_data(model)).encode()).hexdigest()


def certificate_digest(data: Mapping[str, Any]) -> str:
    """Return the SHA-256 hex digest of the canonical JSON of a certificate dict.

    Examples
    --------
    >>> certificate_digest({"a": 1}) == certificate_digest({"a": 1})
    True
    """
    return hashlib.sha256(canonical_json(data).encode()).hexdigest()
