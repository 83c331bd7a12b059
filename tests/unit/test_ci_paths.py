"""The workflow's content-only path: which pushes skip the code tests."""

import subprocess

import pytest
import yaml

from tests.conftest import REPO

SCRIPT = REPO / ".ci" / "content-only"


def git(repo, *arguments):
    return subprocess.run(
        ["git", "-C", str(repo), *arguments], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "ci@example.vn")
    git(tmp_path, "config", "user.name", "CI")
    for path in ("content/articles/a.md", "plugins/x.py"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("1\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def push(repo, *paths) -> str:
    """Commit a change to ``paths``; the commit before it, as GitHub gives it."""
    before = git(repo, "rev-parse", "HEAD")
    for path in paths:
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("2\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")
    return before


def content_only(repo, event, before) -> str:
    result = subprocess.run(
        [str(SCRIPT), event, before],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def test_a_push_of_stories_photos_and_data_is_content_only(repo):
    before = push(
        repo, "content/articles/a.md", "content/images/b.jpg", "content/data/x.toml"
    )
    assert content_only(repo, "push", before) == "true"


@pytest.mark.parametrize(
    "path", ["plugins/x.py", "theme/base.html", "pelicanconf.py", "Makefile"]
)
def test_a_push_touching_anything_else_runs_the_code_tests(repo, path):
    before = push(repo, "content/articles/a.md", path)
    assert content_only(repo, "push", before) == "false"


def test_unknown_history_and_other_events_run_the_code_tests(repo):
    before = push(repo, "content/articles/a.md")
    assert content_only(repo, "push", "0" * 40) == "false"  # a new branch
    assert content_only(repo, "push", "f" * 40) == "false"  # not in this clone
    assert content_only(repo, "pull_request", before) == "false"
    assert content_only(repo, "schedule", "") == "true"


def test_the_deploy_waits_for_check_build_and_link_check_and_else_the_tests():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text())
    jobs = workflow["jobs"]
    assert "content-only" in jobs["changes"]["steps"][1]["run"]
    assert jobs["test"]["if"] == "needs.changes.outputs.content_only != 'true'"
    build_steps = [step.get("run", "") for step in jobs["build"]["steps"]]
    assert "make check" in build_steps and "make publish" in build_steps
    deploy = jobs["deploy"]
    assert set(deploy["needs"]) == {"changes", "test", "build"}
    assert "needs.build.result == 'success'" in deploy["if"]
    assert "needs.test.result == 'success'" in deploy["if"]
    assert "content_only == 'true'" in deploy["if"]
