"""Django's settings for the newsroom server.

Values come from the environment through ``environment.py``; see
docs/may-chu-toa-soan.md for each variable. Production (``NEWSROOM_PRODUCTION=1``)
turns on every HTTPS setting, and ``checks.py`` refuses to start without them.
"""

import os
from pathlib import Path

from tintuc.newsroom import environment

ENV = os.environ
NEWSROOM_DIR = environment.state_dir(ENV)
NEWSROOM_PRODUCTION = environment.is_on(ENV, "NEWSROOM_PRODUCTION")
SECRET_KEY, NEWSROOM_SECRET_GIVEN = environment.secret_key(ENV, NEWSROOM_DIR)
DEBUG = environment.is_on(ENV, "NEWSROOM_DEBUG")
NEWSROOM_ORIGIN = environment.origin(ENV)
ALLOWED_HOSTS = environment.allowed_hosts(NEWSROOM_ORIGIN)
CSRF_TRUSTED_ORIGINS = [NEWSROOM_ORIGIN]

# The project checkout the working clone comes from and whose theme and
# Decap files build /admin/; the remote publishes go to (default: that checkout).
NEWSROOM_SOURCE = Path(ENV.get("NEWSROOM_SOURCE") or Path.cwd()).resolve()
NEWSROOM_REMOTE = ENV.get("NEWSROOM_REMOTE", "")
NEWSROOM_PUBLISH = ENV.get("NEWSROOM_PUBLISH", "push")
NEWSROOM_PUBLISH_OUTPUT = ENV.get("NEWSROOM_PUBLISH_OUTPUT", "")
# The library that answers Decap's protocol (replaced by a fake in some tests).
NEWSROOM_LIBRARY = ENV.get("NEWSROOM_LIBRARY", "tintuc.newsroom.backend.open_library")
# Where the built /admin/ page (and the theme it previews with) is kept.
NEWSROOM_ADMIN_SITE = NEWSROOM_DIR / "admin-site"
# Commit addresses: username@this domain, stable for the life of the account.
NEWSROOM_EMAIL_DOMAIN = ENV.get("NEWSROOM_EMAIL_DOMAIN", "toa-soan.invalid")
# Sign-in throttle (views_auth): failures in the window that lock an account
# from one address, the account from anywhere, and one address (a commune
# office shares one); how long a sign-in waits for the password check.
NEWSROOM_SIGNIN_WINDOW_MINUTES = 15
NEWSROOM_SIGNIN_ACCOUNT_FAILURES = 5
NEWSROOM_SIGNIN_ACCOUNT_ANYWHERE_FAILURES = 30
NEWSROOM_SIGNIN_ADDRESS_FAILURES = 20
NEWSROOM_SIGNIN_WAIT_SECONDS = float(ENV.get("NEWSROOM_SIGNIN_WAIT_SECONDS", "20"))
# Behind Caddy or nginx the client's address is the last X-Forwarded-For hop.
NEWSROOM_BEHIND_PROXY = environment.is_on(ENV, "NEWSROOM_BEHIND_PROXY") or (
    NEWSROOM_PRODUCTION
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "tintuc.newsroom.apps.NewsroomConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tintuc.newsroom.middleware.content_security_policy",
]
ROOT_URLCONF = "tintuc.newsroom.urls"
WSGI_APPLICATION = "tintuc.newsroom.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tintuc.newsroom.context.staff",
            ]
        },
    }
]
DATABASES = {"default": environment.database(ENV, NEWSROOM_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "tintuc.newsroom.passwords.MinimumLength",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
]
# A form's fields (sign-in, accounts, the quick form's text: its photos are
# files): read by Django before any view, for anyone, so small.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Decap sends photos inside its JSON (base64, a third larger), every photo of a
# story not yet published with each save: room for four phone photos (about
# 11 MB each), read only once the account is known (views_api); the proxies in
# front allow a little more (docs/may-chu-toa-soan.md).
NEWSROOM_MAX_REQUEST_BYTES = int(ENV.get("NEWSROOM_MAX_REQUEST_MB", "64")) * 1024 * 1024
LOGIN_URL = "/dang-nhap/"
LOGIN_REDIRECT_URL = "/admin/"

# Sessions end after this many idle minutes: every request renews the cookie.
SESSION_COOKIE_AGE = int(ENV.get("NEWSROOM_IDLE_MINUTES", "60")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_NAME = "toasoan_phien"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "tintuc.newsroom.views_auth.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if NEWSROOM_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    SECURE_HSTS_PRELOAD = False
# The newsroom is one host of the office's domain: HSTS for its other hosts,
# or the browsers' preload list, is not the newsroom's decision to make.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

LANGUAGE_CODE = "vi"
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
