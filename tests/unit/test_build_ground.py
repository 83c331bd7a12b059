"""The ground the build stands on: the Pelican release, plugin order, the wrapper."""

import ast
import re
from importlib.metadata import version
from pathlib import Path

import pelican

from tests.conftest import REPO

# The release the plugins were last read against. They use only its public
# names (test below); still read the changelog for changed signals, settings
# and ``Writer.write_file``'s rules before moving on.
CHECKED_AGAINST = "4.12.0"


def is_private(name: str) -> bool:
    return len(name) > 1 and name.startswith("_") and not name.startswith("__")


def pelican_private_names() -> set[str]:
    """Every private name Pelican defines: attributes, functions, globals."""
    names = set()
    root = Path(pelican.__file__).parent
    for path in root.rglob("*.py"):
        if "tests" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name):
                names.add(node.id)
    return {name for name in names if is_private(name)}


def private_uses(source: str, private: set[str]) -> list[tuple[int, str]]:
    """Where ``source`` names one of ``private``: attribute, import or string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in private:
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "pelican"
        ):
            found += [(node.lineno, a.name) for a in node.names if is_private(a.name)]
        elif isinstance(node, ast.Constant) and node.value in private:
            found.append((node.lineno, node.value))  # getattr(x, "_name")
    return found


def test_the_private_name_check_finds_what_it_looks_for():
    private = pelican_private_names()
    assert {"_content", "_context", "_open_w", "_filter_discardable_metadata"} <= (
        private
    )
    source = (
        "from pelican.readers import _filter_discardable_metadata\n"
        "html = story._content\n"
        "context = getattr(story, '_context')\n"
        "own = self._digests\n"
    )
    assert [name for _, name in private_uses(source, private)] == [
        "_filter_discardable_metadata",
        "_content",
        "_context",
    ]


def test_no_plugin_uses_a_private_name_of_pelican():
    private = pelican_private_names()
    offenders = [
        f"{path.relative_to(REPO)}:{line}: {name}"
        for path in sorted((REPO / "src" / "tintuc").rglob("*.py"))
        for line, name in private_uses(path.read_text(encoding="utf-8"), private)
    ]
    assert offenders == []


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

    from tintuc.shared.order import order_problem

    plugins = read_settings(str(REPO / "pelicanconf.py"))["PLUGINS"]
    assert order_problem(plugins) == ""
    swapped = ["vn_text", "feeds", "directory", "photos", "buildspeed"]
    assert order_problem(swapped) == (
        "PLUGINS: 'feeds' phải đứng sau 'directory' trong pelicanconf.py. "
        "('feeds' must come after 'directory'.)"
    )
    assert "'buildspeed' phải đứng cuối" in order_problem(["buildspeed", "vn_text"])


def test_the_build_wrapper_passes_every_extra_setting_in_one_group():
    from tintuc.build.wrapper import pelican_arguments

    assert pelican_arguments("http://x", ["-D", "-e", 'A="1"', 'B="2"', "-q"]) == [
        "-D",
        "-q",
        "-e",
        'SITEURL="http://x"',
        'A="1"',
        'B="2"',
    ]
    assert pelican_arguments("", ["-D"]) == ["-D"]
