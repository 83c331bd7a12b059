"""Django's development server is not used here: say what to run instead."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    """Refuse, pointing at gunicorn."""

    help = "Không dùng: chạy 'make newsroom' (gunicorn)."
    requires_system_checks = []

    def add_arguments(self, parser):
        """Take whatever runserver would have taken."""
        parser.add_argument("anything", nargs="*")

    def handle(self, *arguments, **options):
        """Stop at once."""
        raise CommandError(
            "Máy chủ tòa soạn chạy bằng gunicorn: dùng 'make newsroom' hoặc "
            "'python -m tintuc.newsroom serve'."
        )
