"""Every plugin loads however Pelican is run: no PYTHONPATH, no PLUGIN_PATHS."""

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, copy_fixture_content

PELICAN = Path(sys.executable).parent / "pelican"


def test_plain_pelican_builds_the_fixture_site_with_every_plugin(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    output = tmp_path / "output"
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [
            str(PELICAN), str(content), "-s", "pelicanconf.py", "-o", str(output),
            "-e", f'CACHE_PATH="{tmp_path / "cache"}"',
        ],
        cwd=REPO, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    printed = done.stdout + done.stderr
    assert done.returncode == 0, printed
    assert "ERROR" not in printed, printed
    # Pages only our plugins write: a commune's page, the feeds, the search index.
    assert list((output / "xa").glob("*/index.html"))
    assert (output / "feeds" / "feed.json").is_file()
    assert (output / "nguon-tin" / "index.html").is_file()
