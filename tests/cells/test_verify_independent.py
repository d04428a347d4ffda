"""The verifier shares no code with the enumerator: no module it uses imports the enumerator's."""

from __future__ import annotations

import ast
from pathlib import Path

import polyexact

PACKAGE = Path(polyexact.__file__).resolve().parent
ENUMERATOR = {"enumerate", "split", "regions", "parallel", "stream", "packed"}


def _cells_imports(module: str) -> set[str]:
    """The ``polyexact.cells`` modules that ``polyexact/cells/<module>.py`` imports."""
    tree = ast.parse((PACKAGE / "cells" / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                 else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
        for name in names:
            if name.startswith("polyexact.cells."):
                found.add(name.split(".")[2])
    return found


def test_verifier_modules_do_not_reach_the_enumerator() -> None:
    seen: set[str] = set()
    todo = ["verify"]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo += sorted(_cells_imports(module))
    assert "certificate" in seen and "pattern_rows" in seen  # the scan follows imports
    assert seen & ENUMERATOR == set()
