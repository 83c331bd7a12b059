"""The newsroom as a Django application."""

from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Registers the production checks when Django starts."""

    name = "tintuc.newsroom"
    label = "newsroom"
    verbose_name = "Phòng biên tập"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Register the production checks."""
        from tintuc.newsroom import checks  # noqa: F401, PLC0415
