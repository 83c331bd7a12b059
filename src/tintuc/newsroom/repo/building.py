"""``NEWSROOM_PUBLISH=build``: the server builds the public site itself.

For an office that hosts the site on its own machine: after each publish the
site is built from ``main`` with the existing safe build (a staging folder
that replaces the output only when the build succeeds).
"""

import subprocess
import sys
import time
from pathlib import Path

LOG_TAIL = 4000


def build_site(project_dir: Path, content: Path, output: Path, options=()) -> dict:
    """Build ``content`` with ``publishconf.py`` into ``output``; what happened.

    ``options`` are more Pelican settings, ``NAME=json`` (``CMS_ENABLED=false``).
    """
    command = [sys.executable, "-m", "tintuc.build", "--settings", "publishconf.py"]
    command += ["build", "--output", str(output), "--content", str(content), "--", "-e"]
    command += list(options)
    done = subprocess.run(
        command, cwd=project_dir, capture_output=True, text=True, check=False
    )
    return {
        "ok": done.returncode == 0,
        "output": str(output),
        "log": (done.stdout + done.stderr)[-LOG_TAIL:],
        "at": time.time(),
    }
