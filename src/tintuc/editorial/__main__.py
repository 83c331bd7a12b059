"""``python -m editorial``: the editors' commands behind make check and make new."""

import sys

from .cli import main

sys.exit(main())
