"""The WSGI application gunicorn serves; refuses unsafe production settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tintuc.newsroom.settings")
application = get_wsgi_application()

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from tintuc.newsroom.checks import refuse_unsafe_production  # noqa: E402

try:
    refuse_unsafe_production()
except SystemExit as refusal:
    # An exception (not an exit) makes gunicorn stop instead of retrying.
    raise ImproperlyConfigured(str(refusal)) from None
