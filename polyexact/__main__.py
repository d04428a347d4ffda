"""``python -m polyexact``."""

import sys

from polyexact.cli.main import main

sys.exit(main())
