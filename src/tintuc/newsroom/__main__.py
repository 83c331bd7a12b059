"""``python -m tintuc.newsroom COMMAND``: Django's management commands.

The newsroom's own: ``prepare`` (state folder, database, first admin, the
/admin/ page), ``serve`` (gunicorn), ``account`` (add or change staff);
Django's ``check --deploy`` names every unsafe production setting.
"""

import os
import sys

from django.core.management import execute_from_command_line


def main(argv=None) -> None:
    """Run one management command."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tintuc.newsroom.settings")
    execute_from_command_line(["python -m tintuc.newsroom", *(argv or sys.argv[1:])])


if __name__ == "__main__":
    main()
