"""The README's command table names every option of every subcommand, and no other."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from polyexact.cli.main import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"
_OPTION = re.compile(r"(?<![\w/-])(--?[A-Za-z][\w-]*)")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _command_rows() -> dict[str, str]:
    section = README.read_text(encoding="utf-8").split("## Command line", 1)[1].split("\n## ")[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        match = re.match(r"\| `polyexact (\w+)", line)
        if match:
            assert match.group(1) not in rows, f"two rows for {match.group(1)}"
            rows[match.group(1)] = line
    return rows


def _options(parser: argparse.ArgumentParser) -> list[tuple[str, ...]]:
    return [tuple(a.option_strings) for a in parser._actions
            if a.option_strings and not isinstance(a, argparse._HelpAction)]


def test_the_option_pattern_reads_table_cells() -> None:
    cell = "`-o FILE [--window=XMIN,XMAX] [--level cells\\|regions]` re-checks tcp://HOST:PORT 1-D"
    assert _OPTION.findall(cell) == ["-o", "--window", "--level"]


def test_every_subcommand_has_a_row() -> None:
    assert set(_command_rows()) == set(_subparsers())


def test_every_option_of_every_subcommand_is_in_its_row() -> None:
    rows = _command_rows()
    missing = [
        f"{name} {'/'.join(strings)}"
        for name, parser in _subparsers().items()
        for strings in _options(parser)
        if not set(strings) & set(_OPTION.findall(rows.get(name, "")))
    ]
    assert not missing, f"README command table lacks: {', '.join(missing)}"


def test_the_table_names_no_option_that_does_not_exist() -> None:
    rows = _command_rows()
    stale = [
        f"{name} {option}"
        for name, parser in _subparsers().items()
        for option in _OPTION.findall(rows.get(name, ""))
        if option not in {s for strings in _options(parser) for s in strings}
    ]
    assert not stale
