"""Production mode refuses unsafe settings; the database URL; the policy alone."""

import secrets
import subprocess

import pytest

from tests.conftest import REPO
from tests.newsroom.web_server import free_port, manage, newsroom_environ
from tintuc.newsroom import environment
from tintuc.newsroom.actor import Actor
from tintuc.newsroom.gunicorn import gunicorn_command
from tintuc.newsroom.policy import MEDIA, Entry, PermissionPolicy

GOOD_SECRET = secrets.token_urlsafe(50)


@pytest.fixture
def production(tmp_path):
    return newsroom_environ(
        tmp_path / "state", REPO, tmp_path / "remote.git", NEWSROOM_PRODUCTION="1"
    )


def test_production_refuses_a_made_up_secret_and_plain_http(production):
    done = manage(
        ["serve", "--bind", f"127.0.0.1:{free_port()}"], production, check=False
    )
    assert done.returncode != 0
    assert "NEWSROOM_SECRET_KEY" in done.stderr
    assert "NEWSROOM_ORIGIN=https://" in done.stderr
    assert "Traceback" not in done.stderr


def test_production_refuses_debug(production):
    environ = {
        **production,
        "NEWSROOM_SECRET_KEY": GOOD_SECRET,
        "NEWSROOM_ORIGIN": "https://toasoan.example.vn",
        "NEWSROOM_DEBUG": "1",
    }
    done = manage(["check", "--deploy"], environ, check=False)
    assert done.returncode != 0
    assert "DEBUG" in done.stderr


def test_production_with_https_settings_passes_the_deploy_check(production):
    environ = {
        **production,
        "NEWSROOM_SECRET_KEY": GOOD_SECRET,
        "NEWSROOM_ORIGIN": "https://toasoan.example.vn",
    }
    done = manage(
        ["check", "--deploy", "--fail-level", "WARNING"], environ, check=False
    )
    assert done.returncode == 0, done.stderr


def test_gunicorn_itself_will_not_serve_unsafe_production(production):
    done = subprocess.run(
        gunicorn_command(f"127.0.0.1:{free_port()}"),
        cwd=REPO,
        env=production,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode != 0
    assert "NEWSROOM_SECRET_KEY" in done.stdout + done.stderr


def test_database_url_names_postgresql():
    settings = environment.database_from_url(
        "postgres://toa%40soan:m%E1%BA%ADt@db.local:5433/toasoan"
    )
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["USER"], settings["PASSWORD"]) == ("toa@soan", "mật")
    assert (settings["HOST"], settings["PORT"], settings["NAME"]) == (
        "db.local",
        "5433",
        "toasoan",
    )
    with pytest.raises(ValueError, match="postgres://"):
        environment.database_from_url("mysql://x@y/z")


WRITER = Actor("viet", "Viết", roles=frozenset({"writer"}), units=frozenset({"a"}))
BOTH = Actor(
    "hai", "Hai", roles=frozenset({"writer", "approver"}), units=frozenset({"a"})
)
POLICY = PermissionPolicy()


@pytest.mark.parametrize(
    ("actor", "action", "entry", "allowed"),
    [
        (WRITER, "persistEntry", Entry(new_unit="a"), True),
        (WRITER, "persistEntry", Entry(unit="b", new_unit="a"), False),
        (WRITER, "persistEntry", Entry(unit="a", new_unit="b"), False),
        (WRITER, "persistEntry", Entry(new_unit=None), False),
        (WRITER, "persistEntry", Entry(new_unit="a", approver_typed="Thu"), False),
        (
            WRITER,
            "persistEntry",
            Entry(new_unit="a", approver_typed="Thu", approver_before="Thu"),
            True,
        ),
        (BOTH, "publishUnpublishedEntry", Entry(unit="a", author="viet"), True),
        (BOTH, "publishUnpublishedEntry", Entry(unit="a", author="hai"), False),
        (
            BOTH,
            "updateUnpublishedEntryStatus",
            Entry(unit="a", author="hai", status="pending_publish"),
            False,
        ),
        (BOTH, "updateUnpublishedEntryStatus", Entry(unit="a", status="bogus"), False),
        (WRITER, "deleteFile", Entry(kind=MEDIA), False),
        (BOTH, "deleteFile", Entry(kind=MEDIA), True),
        (WRITER, "runShell", Entry(), False),
        # Notes: the unit's talk; a note's words are its author's alone.
        (WRITER, "getNotes", Entry(unit="b"), False),
        (WRITER, "getNotes", Entry(unit="b", author="viet"), True),
        (WRITER, "addNote", Entry(unit="a"), True),
        (WRITER, "addNote", Entry(unit=None), False),
        (BOTH, "updateNote", Entry(unit="a", note_author="viet"), True),
        (
            BOTH,
            "updateNote",
            Entry(unit="a", note_author="viet", changes_note=True),
            False,
        ),
        (BOTH, "deleteNote", Entry(unit="b", note_author="hai"), False),
        (
            WRITER,
            "deleteNote",
            Entry(unit="a", note_author="viet", changes_note=True),
            True,
        ),
    ],
)
def test_the_policy_alone(actor, action, entry, allowed):
    decision = POLICY.user_has_permission_for_instance(actor, action, entry)
    assert decision.allowed is allowed
    assert bool(decision.reason) is not allowed


def test_the_database_s_tables_match_the_models(tmp_path):
    environ = newsroom_environ(tmp_path / "state", REPO, tmp_path / "remote.git")
    done = manage(["makemigrations", "--check", "--dry-run"], environ, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
