"""``python -m polyexact``: the command line (importing this module runs nothing)."""

import sys

from polyexact.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
