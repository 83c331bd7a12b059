"""``NEWSROOM_PUBLISH=build``: the server builds the public site itself.

For an office that hosts the site on its own machine: after each publish the
site is built from ``main`` with the existing safe build (a staging folder
that replaces the output only when the build succeeds).
"""

import re
import subprocess
import sys
import time
from pathlib import Path

from tintuc.editorial.problems import ERROR, WARNING

LOG_TAIL = 4000
# A line of a build's log worth showing first: an error, or a file:line.
USEFUL_LINE = re.compile(
    r"\b(CRITICAL|ERROR|Error|Exception|lỗi|Lỗi)\b|\S+\.(md|py|html|toml):\d+"
)
# Lines that say nothing of why a build failed: the gate's warnings (``path:line:
# cảnh báo: …``) and its summary when it found no error ("0 lỗi, 1 cảnh báo").
NOT_WHY = re.compile(rf": {WARNING}: |^0 {ERROR}, ")


def first_useful_line(log: str) -> str:
    """The line of a build's output that says what went wrong, shortened.

    A Python traceback's last line, else the first error or ``file:line``, else
    the last line said.
    """
    lines = [line.strip() for line in str(log or "").splitlines() if line.strip()]
    if not lines:
        return ""
    if any(line.startswith("Traceback") for line in lines):
        found = [line for line in lines if re.match(r"^\w+(Error|Exception)\b", line)]
        if found:
            return found[-1][:300]
    useful = [
        line for line in lines if USEFUL_LINE.search(line) and not NOT_WHY.search(line)
    ]
    return (useful[0] if useful else lines[-1])[:300]


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
    said = done.stdout + done.stderr
    return {
        "ok": done.returncode == 0,
        "output": str(output),
        "log": said[-LOG_TAIL:],
        "headline": first_useful_line(said) if done.returncode else "",
        "at": time.time(),
    }
