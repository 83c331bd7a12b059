"""Why the server must not start in production: Django system checks.

``manage check --deploy`` runs them with Django's own; gunicorn's start
(``wsgi.py``) runs them too, so an unsafe production server never answers.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

TAG = "newsroom"


@checks.register(TAG)
def production_settings(app_configs=None, **kwargs):
    """Errors for a production server with a made-up secret, DEBUG or plain HTTP."""
    if not settings.NEWSROOM_PRODUCTION:
        return []
    problems = []
    if not settings.NEWSROOM_SECRET_GIVEN or len(settings.SECRET_KEY) < 50:
        problems.append(
            checks.Error(
                "Chế độ vận hành cần khóa bí mật riêng: đặt NEWSROOM_SECRET_KEY "
                "(ít nhất 50 ký tự ngẫu nhiên).",
                id="newsroom.E001",
            )
        )
    if settings.DEBUG:
        problems.append(
            checks.Error(
                "Chế độ vận hành không được bật DEBUG: bỏ NEWSROOM_DEBUG.",
                id="newsroom.E002",
            )
        )
    if urlsplit(settings.NEWSROOM_ORIGIN).scheme != "https":
        problems.append(
            checks.Error(
                "Chế độ vận hành cần HTTPS: đặt NEWSROOM_ORIGIN=https://tên-miền "
                "và để Caddy hoặc nginx phục vụ HTTPS phía trước.",
                id="newsroom.E003",
            )
        )
    return problems


def refuse_unsafe_production() -> None:
    """Stop with every reason when production settings are unsafe."""
    errors = [
        problem
        for problem in checks.run_checks(include_deployment_checks=True)
        if problem.level >= checks.ERROR
        or (settings.NEWSROOM_PRODUCTION and problem.level >= checks.WARNING)
    ]
    if errors:
        reasons = "\n".join(f"- {problem.msg} ({problem.id})" for problem in errors)
        raise SystemExit(f"Máy chủ tòa soạn không khởi động:\n{reasons}")
