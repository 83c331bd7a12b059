"""The content-swap check: editors' stories cannot break a code test.

Replacing every story in content/articles/ leaves the code tests green
because none of them reads content/: they build fixture sites from
tests/fixtures/. Two proofs: the test sources never name the folder, and an
audit hook (tests/conftest.py) fails any code test that opens or lists a path
under it at run time, whoever does the reading. Only tests/content/ (the smoke
test: `make check` and a build of the real content) may.
"""

import ast
import os

from tests.conftest import EDITORS_CONTENT, EDITORS_CONTENT_GUARD, REPO

TESTS = REPO / "tests"
# Make targets that read content/ when run in the checkout.
CONTENT_TARGETS = {"check", "html", "publish", "preview", "report", "new", "serve"}


def code_test_sources():
    for path in sorted(TESTS.rglob("*.py")):
        parts = path.relative_to(TESTS).parts
        if parts[0] not in {"content", "fixtures"}:
            yield path


def names_content(node) -> bool:
    """``REPO / "content"`` (or ``/ "content/…"``), however deep in a path."""
    if not isinstance(node, ast.BinOp) or not isinstance(node.op, ast.Div):
        return False
    right = node.right
    if isinstance(right, ast.Constant) and isinstance(right.value, str):
        first = right.value.split("/", 1)[0]
        left = node.left
        if first == "content" and isinstance(left, ast.Name) and left.id == "REPO":
            return True
    return names_content(node.left)


def readers_of_content(tree) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        named = isinstance(node, ast.Name) and node.id == "EDITORS_CONTENT"
        if named or names_content(node):
            lines.append(node.lineno)
        elif isinstance(node, ast.List):
            words = [
                item.value
                for item in node.elts
                if isinstance(item, ast.Constant) and isinstance(item.value, str)
            ]
            if "make" in words and CONTENT_TARGETS & set(words):
                lines.append(node.lineno)
    return sorted(set(lines))


def test_no_code_test_names_the_editors_content_folder():
    found = {}
    for path in code_test_sources():
        if path.name == "test_content_swap.py" or path == TESTS / "conftest.py":
            continue
        lines = readers_of_content(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            found[str(path.relative_to(REPO))] = lines
    assert found == {}


def test_the_static_check_would_catch_a_reader():
    reader = (
        "def test_x():\n"
        "    stories = (REPO / 'content' / 'articles').rglob('*.md')\n"
        "    subprocess.run(['make', 'check'], cwd=REPO)\n"
    )
    assert readers_of_content(ast.parse(reader)) == [2, 3]
    fixture = "site = SAMPLE / 'content'\nrun(['make', 'deploy'])\n"
    assert readers_of_content(ast.parse(fixture)) == []


def test_the_guard_sees_a_code_test_list_the_folder():
    assert EDITORS_CONTENT_GUARD.watching
    os.listdir(EDITORS_CONTENT)
    # Taken here, so this test's own read does not fail it.
    assert EDITORS_CONTENT_GUARD.take() == [str(EDITORS_CONTENT)]
