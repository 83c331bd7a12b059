"""The ground the build stands on: the Pelican release, plugin order, the wrapper."""

import re
from importlib.metadata import version

from tests.conftest import REPO

# The release the plugins were last read against. photos, search and the page
# memo still use content._content, and buildspeed names the reader-cache files
# ("<Generator>-Readers") as Pelican does: check them in the new release first.
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
        "tests/unit/test_build_ground.py in the new release, run the whole suite, "
        "then change CHECKED_AGAINST."
    )
    assert installed == pinned == CHECKED_AGAINST, message


def test_plugins_out_of_order_are_named():
    from pelican.settings import read_settings

    from buildkit.order import order_problem

    plugins = read_settings(str(REPO / "pelicanconf.py"))["PLUGINS"]
    assert order_problem(plugins) == ""
    swapped = ["vn_text", "feeds", "newsroom", "photos", "buildspeed"]
    assert order_problem(swapped) == (
        "PLUGINS: 'feeds' phải đứng sau 'newsroom' trong pelicanconf.py. "
        "('feeds' must come after 'newsroom'.)"
    )
    assert "'buildspeed' phải đứng cuối" in order_problem(["buildspeed", "vn_text"])
    assert "'linkcheck' phải đứng sau 'search'" in order_problem(
        ["vn_text", "linkcheck", "search"]
    )


def test_the_build_wrapper_passes_every_extra_setting_in_one_group():
    from editorial.cli import pelican_arguments

    assert pelican_arguments("http://x", ["-D", "-e", 'A="1"', 'B="2"', "-q"]) == [
        "-D",
        "-q",
        "-e",
        'SITEURL="http://x"',
        'A="1"',
        'B="2"',
    ]
    assert pelican_arguments("", ["-D"]) == ["-D"]
