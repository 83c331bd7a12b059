"""The whole-site check of one tree, in a process of its own.

``python -m tintuc.newsroom.repo.sitecheck SETTINGS CONTENT`` runs the gate's
``run_checks`` (what ``make check`` runs) on ``CONTENT`` and prints its
problems as JSON. A process of its own: the gate may fork workers, which a
threaded web server must not do.
"""

import json
import sys
from dataclasses import asdict

from pelican.settings import read_settings

from tintuc.editorial.gate import run_checks


def main(argv=None) -> int:
    """Print ``[{path, line, severity, message, hint, error}]``; exit 0."""
    settings_file, content = (argv or sys.argv[1:])[:2]
    settings = read_settings(settings_file, override={"PATH": content})
    problems = [
        {**asdict(problem), "error": problem.is_error}
        for problem in run_checks(settings)
    ]
    json.dump(problems, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
