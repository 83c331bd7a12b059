"""``python -m tintuc.newsroom serve``: the server under gunicorn, never runserver."""

import os

from django.core.management.base import BaseCommand

from tintuc.newsroom.checks import refuse_unsafe_production
from tintuc.newsroom.gunicorn import DEFAULT_BIND, gunicorn_command


class Command(BaseCommand):
    """Check the settings, then become gunicorn."""

    help = "Chạy máy chủ tòa soạn bằng gunicorn."
    requires_system_checks = []

    def add_arguments(self, parser):
        """Where to listen: loopback by default (Caddy or nginx in front)."""
        parser.add_argument("--bind", default=DEFAULT_BIND)

    def handle(self, *arguments, **options):
        """Refuse unsafe production settings; replace this process by gunicorn."""
        refuse_unsafe_production()
        command = gunicorn_command(options["bind"])
        self.stdout.write(f"Phòng biên tập: http://{options['bind']}/admin/")
        self.stdout.flush()
        os.execv(command[0], command)
