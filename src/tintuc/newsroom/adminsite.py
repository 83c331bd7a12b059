"""Build today's /admin/ page (Decap) with its backend pointed at this server.

The cms plugin already takes its backend from ``CMS_BACKEND``; the newsroom
only overrides settings, with the site's own safe build, so the page is
the one ``make html`` makes in every other way.
"""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tintuc.cms.config import admin_csp

API_PATH = "/api/v1"
ROLE_PATH = "/vai-tro/"
PUBLICATIONS_PATH = "/api/cong-bo"
# What the built page differs in: Decap's proxy backend, no outside origin, the
# addresses that tell the form whether to show approver-only fields and the
# board what became of each publish, and notes on stories (notes.py).
ADMIN_OVERRIDES = {
    "CMS_BACKEND": {"name": "proxy", "proxy_url": API_PATH, "branch": "main"},
    "CMS_ROLE_URL": ROLE_PATH,
    "CMS_PUBLICATIONS_URL": PUBLICATIONS_PATH,
    "CMS_NOTES": True,
    "CMS_BACKEND_ORIGINS": "",
    "CMS_LOCAL_BACKEND": "",
}
# The project folder: pelicanconf.py, the theme and node_modules (Decap).
PROJECT = Path(__file__).resolve().parents[3]


def admin_policy() -> str:
    """Decap's page's Content-Security-Policy, made by the cms plugin's rule."""
    return admin_csp(ADMIN_OVERRIDES)


def build_command(content: Path, output: Path) -> list[str]:
    """The safe build of ``content`` with the newsroom's overrides."""
    overrides = {"PATH": str(content), **ADMIN_OVERRIDES}
    options = [f"{key}={json.dumps(value)}" for key, value in overrides.items()]
    return [
        sys.executable,
        "-m",
        "tintuc.build",
        "--settings",
        "pelicanconf.py",
        "build",
        "--output",
        str(output),
        "--",
        "-e",
        *options,
    ]


def build_admin_site() -> bool:
    """Build the site of the source's content into the state folder."""
    command = build_command(
        settings.NEWSROOM_SOURCE / "content", settings.NEWSROOM_ADMIN_SITE
    )
    return subprocess.run(command, cwd=PROJECT, check=False).returncode == 0
