"""`make share`: python -m share --settings FILE --output DIR --ledger FILE.

Tokens come from the environment only; a channel without its token is a dry
run that prints what it would post and writes nothing.
"""

import argparse
import os
import sys

from pelican.settings import read_settings

from .poster import run


def main(argv=None) -> int:
    """Parse the command line and run once."""
    parser = argparse.ArgumentParser(prog="python -m share")
    parser.add_argument("--settings", default="publishconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--ledger", default="cache/share-ledger.json")
    arguments = parser.parse_args(argv)
    settings = read_settings(arguments.settings)
    report = run(
        settings, arguments.output, arguments.ledger, environment=dict(os.environ)
    )
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
