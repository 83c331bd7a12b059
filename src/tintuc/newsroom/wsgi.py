"""The WSGI application gunicorn serves; refuses unsafe production settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tintuc.newsroom.settings")
application = get_wsgi_application()

from tintuc.newsroom.checks import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()
