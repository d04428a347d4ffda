"""The folder list is the architecture: no module imports a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "polyexact"

LAYER = {
    "errors": 0, "conventions": 0, "atomic": 0, "jsonfile": 0, "processes": 0,
    "numbers": 1,
    "polyhedra": 2,
    "tropical": 3,
    "models": 4, "networks": 4,
    "certificates": 5,
    "cells": 6, "verify": 6,
    "claims": 7, "fixtures": 7, "lab": 7, "export": 7, "plots": 7, "demo": 7,
    "cli": 8, "__main__": 8, "__init__": 8,
}


def _layer_of(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "polyexact":
        return None
    if len(parts) == 1:
        return LAYER["__init__"]
    return LAYER.get(parts[1].removesuffix(".py"))


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_lower_layers(path: Path) -> None:
    rel = path.relative_to(PACKAGE)
    own = LAYER.get(rel.parts[0].removesuffix(".py"))
    assert own is not None, f"{rel} is in no layer"
    for name in _imports(path):
        other = _layer_of(name)
        if other is not None:
            assert other <= own, f"{rel} (layer {own}) imports {name} (layer {other})"


def test_only_cdd_module_imports_cdd() -> None:
    for path in MODULES:
        if path.name == "_cdd.py":
            continue
        for name in _imports(path):
            assert not name.startswith("cdd"), f"{path} imports {name}"


def test_verify_never_imports_enumeration_or_incremental_kernels() -> None:
    # the verifier is the enumerator's adversary: they share data (certificates), not code
    for path in sorted((PACKAGE / "verify").rglob("*.py")):
        for name in _imports(path):
            assert not name.startswith(("polyexact.cells", "polyexact.polyhedra.incremental",
                                        "polyexact.networks.forward",
                                        "polyexact.networks.convert")), \
                f"{path.name} imports {name}"
    for path in sorted((PACKAGE / "cells").rglob("*.py")):
        for name in _imports(path):
            assert not name.startswith("polyexact.verify"), f"{path.name} imports {name}"
