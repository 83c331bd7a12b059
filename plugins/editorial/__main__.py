"""``python -m editorial``: the editors' commands behind make check/new/build."""

import sys

from .cli import main

sys.exit(main())
