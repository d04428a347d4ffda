"""Doctest collection: the PyTorch module needs the optional torch extra; skip it without."""

from __future__ import annotations

import importlib.util

collect_ignore = [] if importlib.util.find_spec("torch") else [
    "polyexact/networks/importers/torch_modules.py",
    "polyexact/networks/importers/torch_import.py",
]
