"""``polyexact`` command line: parse, call one library function, render. No mathematics here.

Each subcommand lives in its own module ``polyexact.cli.<verb>`` exposing
``add_parser(subparsers)`` and ``run(args) -> int``. Modules import heavy libraries inside ``run``
so that the CLI starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections.abc import Sequence

from polyexact.errors import InputError, InternalCheckError

__all__ = ["build_parser", "main"]

_DESCRIPTION = ("Exact polyhedral geometry of small transformers and ReLU networks: certified "
                "pattern-cell and linear-region counts, re-checked by an independent verifier.")
_EPILOG = ("exit status: 0 success, 1 a check failed, 2 bad input or usage, 130 interrupted "
           "(Ctrl-C), 143 terminated (SIGTERM). With --json, a failure is also one JSON document "
           '{"error": {"field": ..., "message": ...}} on stdout.')
#: An argument that is a number, not an option: ``-1/2,1/3``, ``-.5``, ``-2e3;0,1``. No option
#: of polyexact starts with a digit or a dot, so these are always option values.
_NEGATIVE_NUMBER = re.compile(r"^-\.?\d")

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
    "sweep",
    "counterexample",
    "demo",
)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # negative numbers as option values: ``--point -1/2,1/3`` (argparse alone accepts only
        # plain negative integers and decimals such as -3 or -0.5)
        self._negative_number_matcher = _NEGATIVE_NUMBER

    def error(self, message: str) -> None:  # type: ignore[override]
        # usage errors: one line, exit 2 (argparse's own convention, kept); raised so that main
        # renders it like any other bad input (also as a JSON document with --json)
        raise InputError(message)


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

    parser = _Parser(prog="polyexact", description=_DESCRIPTION, epilog=_EPILOG)
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
    130; SIGTERM prints ``terminated`` and returns 143. Worker processes are stopped and files
    are written atomically, so nothing partial or temporary is left behind. With ``--json`` a
    failure also prints one document ``{"error": {"field": ..., "message": ...}}`` on stdout.

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
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["claims", "--json", "--only", "V.9"])
    >>> status
    2
    >>> error = json.loads(out.getvalue())["error"]
    >>> error["field"], error["message"].startswith("unknown claim id 'V.9'")
    ('ids[0]', True)
    """
    from polyexact.processes import Terminated, sigterm_as_interrupt

    arguments = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in arguments[:arguments.index("--")] if "--" in arguments else \
        "--json" in arguments
    try:
        with sigterm_as_interrupt():
            args = build_parser().parse_args(arguments)
            status: int = args.run(args)
    except InputError as err:
        return _fail(2, f"error: {err}", err.field, err.message, as_json)
    except InternalCheckError as err:
        return _fail(1, f"internal check failed: {err}", None, f"internal check failed: {err}",
                     as_json)
    except Terminated:
        print("terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:
        # a file the user named cannot be read or written: bad input, one line, no traceback
        field = str(err.filename) if err.filename else None
        message = str(err.strerror or err)
        where = f"{field}: " if field else ""
        return _fail(2, f"error: {where}{message}", field, message, as_json)
    return status


def _fail(status: int, line: str, field: str | None, message: str, as_json: bool) -> int:
    """Print the one error line on stderr (and, with ``--json``, the error document on stdout)."""
    print(line, file=sys.stderr)
    if as_json:
        print(json.dumps({"error": {"field": field, "message": message}}, indent=2,
                         sort_keys=True))
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
