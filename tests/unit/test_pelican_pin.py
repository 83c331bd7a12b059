"""Upgrading Pelican is a decision: this fails, saying why, when the version moves."""

import re
from importlib.metadata import version

from tests.conftest import REPO

# The release the plugins were last read against. buildspeed still leans on
# Pelican's private names (Writer._open_w, _overridden_files, _written_files,
# readers._filter_discardable_metadata), and photos, search and the page memo
# read content._content: check each of them in the new release first.
CHECKED_AGAINST = "4.12.0"


def test_pelican_is_the_release_the_plugins_were_checked_against():
    pinned = re.search(
        r"^pelican==(\S+)$",
        (REPO / "requirements.txt").read_text(encoding="utf-8"),
        re.MULTILINE,
    )[1]
    installed = version("pelican")
    message = (
        f"Pelican {installed} is installed and {pinned} pinned, but the plugins were "
        f"checked against {CHECKED_AGAINST}. Read the private names listed in "
        "tests/unit/test_pelican_pin.py in the new release, run the whole suite, "
        "then change CHECKED_AGAINST."
    )
    assert installed == pinned == CHECKED_AGAINST, message
