"""Certificate folders for the tests: a one-file certificate split into a manifest and shard
files, byte for byte as docs/certificate.md describes the folder form."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from typing import Any

from polyexact.certificates.canonical import canonical_json


def split_to_folder(data: dict[str, Any], folder: Path, *, compress: bool = True) -> Path:
    """Write ``data`` (the one-file form) as the folder ``folder``; return it."""
    folder.mkdir()
    entries = []
    for k, shard in enumerate(data["shards"]):
        raw = (canonical_json(shard) + "\n").encode()
        name = f"shard-{k:06d}.json" + (".gz" if compress else "")
        (folder / name).write_bytes(gzip.compress(raw, mtime=0) if compress else raw)
        entries.append({"cells": len(shard["cells"]),
                        "digest": "sha256:" + hashlib.sha256(raw).hexdigest(), "file": name})
    manifest = {**data, "shards": entries}
    (folder / "manifest.json").write_text(canonical_json(manifest) + "\n", encoding="utf-8")
    return folder
