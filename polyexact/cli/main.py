"""``polyexact`` command line: parse, call one library function, render. No mathematics here.

Each subcommand lives in its own module ``polyexact.cli.<verb>`` exposing
``add_parser(subparsers)`` and ``run(args) -> int``. Modules import heavy libraries inside ``run``
so that the CLI starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from polyexact.errors import InputError, InternalCheckError

__all__ = ["build_parser", "main"]

COMMANDS = (
    "count",
    "import",
    "eval",
    "verify",
    "minkowski",
    "export",
    "plot",
    "claims",
    "fixtures",
    "demo",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # usage errors: one line, exit 2 (argparse's own convention, kept)
        self.exit(2, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every available subcommand.

    Each ``polyexact/cli/<verb>_cmd.py`` module registers its subparser through ``add_parser``,
    which sets ``run`` as the default to call.

    Returns
    -------
    argparse.ArgumentParser
        The ``polyexact`` parser; usage errors exit with status 2.

    See Also
    --------
    main

    Examples
    --------
    >>> from polyexact.cli.main import build_parser
    >>> args = build_parser().parse_args(["claims", "--quick", "--only", "V.3"])
    >>> args.command, args.quick, args.only, callable(args.run)
    ('claims', True, ['V.3'], True)
    """
    from polyexact import __version__

    parser = _Parser(prog="polyexact", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"polyexact {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"polyexact.cli.{name}_cmd")
        except ModuleNotFoundError as err:
            if err.name != f"polyexact.cli.{name}_cmd":
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 ok, 1 a check failed, 2 bad input or usage).

    Ctrl-C (SIGINT) while parsing or running prints one line ``interrupted`` and returns
    130; files are written atomically, so nothing partial or temporary is left behind.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status; an :class:`InputError` prints ``error: <field>: <message>`` on stderr
        and gives 2, an :class:`InternalCheckError` gives 1.

    See Also
    --------
    build_parser

    Examples
    --------
    >>> from polyexact.cli.main import main
    >>> main(["claims", "--quick", "--only", "V.9"])
    2
    """
    try:
        args = build_parser().parse_args(argv)
        status: int = args.run(args)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except InternalCheckError as err:
        print(f"internal check failed: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:
        # a file the user named cannot be read or written: bad input, one line, no traceback
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{err.strerror or err}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
