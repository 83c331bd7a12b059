"""The newsroom server's settings read from the environment, as plain values.

``settings.py`` (Django's) calls these; they take a mapping so tests can pass
their own and nothing here reads a global by itself.
"""

import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULT_DIR = ".newsroom"
SECRET_FILE = "secret-key"
DEV_ORIGIN = "http://127.0.0.1:8000"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")


def is_on(environ, name: str) -> bool:
    """True when the variable is set to 1, yes, true or on."""
    return environ.get(name, "").strip().lower() in {"1", "yes", "true", "on"}


def state_dir(environ) -> Path:
    """The one folder that holds the server's state (``NEWSROOM_DIR``)."""
    return Path(environ.get("NEWSROOM_DIR") or DEFAULT_DIR).resolve()


def secret_key(environ, folder: Path) -> tuple[str, bool]:
    """The signing key and whether it was given (not made on this machine).

    On a developer's computer the key is made once and kept in the state
    folder; production refuses to start without ``NEWSROOM_SECRET_KEY``.
    """
    given = environ.get("NEWSROOM_SECRET_KEY", "")
    if given:
        return given, True
    path = folder / SECRET_FILE
    try:
        return path.read_text(encoding="ascii").strip(), False
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key, encoding="ascii")
        path.chmod(0o600)
        return key, False


def database(environ, folder: Path) -> dict:
    """Django's database settings: SQLite in the state folder or ``DATABASE_URL``.

    SQLite waits for the write lock rather than failing at once, and takes
    it when a transaction starts, so two saves never deadlock.
    """
    url = environ.get("DATABASE_URL", "")
    if url:
        return database_from_url(url)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": folder / "newsroom.sqlite3",
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def database_from_url(url: str) -> dict:
    """``postgres://user:password@host:port/name`` as Django's settings."""
    parts = urlsplit(url)
    if parts.scheme not in POSTGRES_SCHEMES:
        raise ValueError(
            f"DATABASE_URL phải bắt đầu bằng postgres:// (nhận được {parts.scheme}://)"
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
    }


def origin(environ) -> str:
    """The address staff open, scheme and host: ``NEWSROOM_ORIGIN``."""
    return (environ.get("NEWSROOM_ORIGIN") or DEV_ORIGIN).rstrip("/")


def allowed_hosts(server_origin: str) -> list[str]:
    """The host names the server answers to: its own, and loopback locally."""
    host = urlsplit(server_origin).hostname or "127.0.0.1"
    return sorted({host, "127.0.0.1", "localhost"})
