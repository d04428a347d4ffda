"""The project's documents: references resolve, the theory's verdict table matches the registry."""

from __future__ import annotations

import re
from pathlib import Path

from tests.claims.test_registry import QUICK_VERDICTS

ROOT = Path(__file__).resolve().parent.parent
THEORY = ROOT / "docs" / "theory.md"

#: "§7.1–7.2" cites both ends; a bare "§6" in the package means a section of docs/theory.md.
_SECTION = re.compile(r"§(\d+(?:\.\d+)?)(?:[–-](\d+(?:\.\d+)?))?")
_HEADING = re.compile(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", re.MULTILINE)
_DOC_PATH = re.compile(r"\bdocs/[\w./-]+?\.md\b")


def _sources() -> list[Path]:
    return sorted((ROOT / "polyexact").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))


def _cited_sections(text: str) -> set[str]:
    cited: set[str] = set()
    for match in _SECTION.finditer(text):
        cited.add(match.group(1))
        if match.group(2):
            cited.add(match.group(2))
    return cited


def theory_sections() -> set[str]:
    """The section numbers of docs/theory.md's headings (``## 5.`` and ``### 7.3``)."""
    return set(_HEADING.findall(THEORY.read_text(encoding="utf-8")))


def test_theory_has_its_sections_in_order() -> None:
    text = THEORY.read_text(encoding="utf-8")
    top = [int(n) for n in re.findall(r"^## (\d+)\. ", text, re.MULTILINE)]
    assert top == list(range(1, 11))
    sub = re.findall(r"^### 7\.(\d+) ", text, re.MULTILINE)
    assert [int(n) for n in sub] == list(range(1, 11))


def test_the_section_parser_reads_ranges_and_lists() -> None:
    assert _cited_sections("docs/theory.md §1, §7.1–7.2 and §5, rule 1") == {"1", "7.1", "7.2", "5"}
    assert "7.3" in theory_sections() and "5" in theory_sections()
    assert "7.11" not in theory_sections() and "11" not in theory_sections()


def test_every_section_cited_in_the_code_exists() -> None:
    sections = theory_sections()
    missing = {
        f"{path.relative_to(ROOT)}: §{n}"
        for path in _sources()
        for n in _cited_sections(path.read_text(encoding="utf-8"))
        if n not in sections
    }
    assert not missing
    # and the package does cite it, under its path in the repository
    package = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "polyexact").rglob("*.py"))
    assert package.count("docs/theory.md §") > 40
    assert not re.search(r"(?<!docs/)theory\.md", package)


def test_every_document_named_exists() -> None:
    texts = [p.read_text(encoding="utf-8") for p in _sources()]
    texts += [p.read_text(encoding="utf-8") for p in ROOT.glob("*.md")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")]
    named = {m.group(0) for text in texts for m in _DOC_PATH.finditer(text)}
    assert "docs/theory.md" in named
    assert not {name for name in named if not (ROOT / name).is_file()}


def test_every_markdown_file_the_package_names_is_in_the_repository() -> None:
    named = {
        (path.relative_to(ROOT), m.group(0))
        for path in sorted((ROOT / "polyexact").rglob("*.py"))
        for m in re.finditer(r"(?<![\w/.-])(?:docs/)?[\w-]+\.md\b",
                             path.read_text(encoding="utf-8"))
    }
    assert any(name == "docs/theory.md" for _, name in named)
    assert not {(str(path), name) for path, name in named if not (ROOT / name).is_file()}


def test_the_verdict_table_is_the_registry_s() -> None:
    text = THEORY.read_text(encoding="utf-8").split("## 10. ", 1)[1]
    rows = re.findall(r"^\| ([\w.-]+) \| .+ \| (\w+) \|$", text, re.MULTILINE)
    assert dict(rows[1:]) == QUICK_VERDICTS
    assert [claim for claim, _ in rows[1:]] == list(QUICK_VERDICTS)
