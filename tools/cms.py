"""The newsroom on this computer: `make cms`.

Starts decap-server (Decap CMS's local backend, in its git mode) on this
repository, builds the site with /admin/ pointing at it, and serves both on
127.0.0.1. A draft is a branch ``cms/…``; publishing merges it into ``main``,
and the site is built again from ``main`` alone.

decap-server checks out each draft's branch in this working folder for a
moment while it saves, so the site is always built from a copy of ``main``
taken with ``git archive``, never from the folder itself.

Usage: python tools/cms.py --output output --port 8000 --backend-port 8081
"""

import argparse
import functools
import io
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
DECAP_SERVER = HERE / "node_modules" / "decap-server" / "dist" / "index.js"
SNAPSHOT = HERE / "cache" / "cms-main"
LOCAL_IDENTITY = {
    "GIT_AUTHOR_NAME": "Phòng biên tập (máy này)",
    "GIT_AUTHOR_EMAIL": "bbt@localhost",
    "GIT_COMMITTER_NAME": "Phòng biên tập (máy này)",
    "GIT_COMMITTER_EMAIL": "bbt@localhost",
}


def git(*arguments: str) -> str:
    """Run git in the repository; its output, or "" when it fails."""
    done = subprocess.run(
        ["git", *arguments], cwd=HERE, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def refuse(message: str) -> int:
    """Print a reason to stop, in Vietnamese with English after it."""
    print(message, file=sys.stderr)
    return 2


def problems_before_start() -> str:
    """Why the newsroom cannot start here, or "" when it can."""
    if not git("rev-parse", "--verify", "refs/heads/main"):
        return (
            "Thư mục này không phải kho git có nhánh main. "
            "(Not a git repository with a main branch.)"
        )
    if git("status", "--porcelain"):
        return (
            "Có thay đổi chưa commit trong thư mục này; decap-server sẽ gộp chúng "
            "vào bài nháp. Hãy commit hoặc cất (git stash) trước. "
            "(Uncommitted changes would be swept into the drafts: commit or stash.)"
        )
    if git("branch", "--show-current") != "main":
        return "Hãy chuyển về nhánh main trước: git switch main. (Switch to main.)"
    return ""


def main_commit() -> str:
    """The commit ``main`` points at now."""
    return git("rev-parse", "refs/heads/main")


def snapshot_main(commit: str) -> Path:
    """Extract ``content/`` of ``commit`` into a folder of its own."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "content"],
        cwd=HERE,
        capture_output=True,
        check=True,
    ).stdout
    fresh = SNAPSHOT.with_name(SNAPSHOT.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(fresh, filter="data")
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    fresh.rename(SNAPSHOT)
    return SNAPSHOT / "content"


def build(commit: str, output: str, backend_url: str, siteurl: str) -> bool:
    """Build the site of ``commit`` with /admin/ using the local backend."""
    content = snapshot_main(commit)
    command = [sys.executable, "-m", "tintuc.build", "build", "--force"]
    command += ["--output", output, "--siteurl", siteurl, "--"]
    command += ["-e", f'PATH="{content}"', f'CMS_LOCAL_BACKEND="{backend_url}"']
    return subprocess.run(command, cwd=HERE, check=False).returncode == 0


def start_backend(port: int) -> subprocess.Popen:
    """decap-server in git mode on this repository, on loopback only."""
    environment = {
        **os.environ,
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(HERE),
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
    }
    if not git("config", "user.name"):
        environment |= LOCAL_IDENTITY
    node = shutil.which("node", path=str(Path(sys.executable).parent))
    # A group of its own: .venv's node is a wrapper that starts the real one,
    # and stopping the wrapper alone would leave decap-server running.
    return subprocess.Popen(
        [node or "node", str(DECAP_SERVER)], env=environment, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    """Stop ``process`` and every process it started."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    process.wait(timeout=10)


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without a line per request."""

    def log_message(self, *arguments):
        """Say nothing."""


def serve(output: Path, port: int) -> ThreadingHTTPServer:
    """Serve the built site on 127.0.0.1 in a thread."""
    handler = functools.partial(QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv=None) -> int:
    """Start the backend and the site; rebuild whenever main moves."""
    parser = argparse.ArgumentParser(prog="python tools/cms.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--backend-port", type=int, default=8081)
    arguments = parser.parse_args(argv)
    problem = problems_before_start()
    if problem:
        return refuse(problem)
    siteurl = f"http://127.0.0.1:{arguments.port}"
    backend_url = f"http://127.0.0.1:{arguments.backend_port}/api/v1"
    commit = main_commit()
    if not build(commit, arguments.output, backend_url, siteurl):
        return refuse("Không dựng được trang. (The build failed.)")
    backend = start_backend(arguments.backend_port)
    server = serve(HERE / arguments.output, arguments.port)
    print(f"Phòng biên tập: {siteurl}/admin/  (Ctrl+C để dừng, to stop)")
    try:
        while backend.poll() is None:
            time.sleep(2)
            moved = main_commit()
            if moved and moved != commit:
                commit = moved
                print("Đã có bài được công bố; đang dựng lại trang… (rebuilding)")
                if not build(commit, arguments.output, backend_url, siteurl):
                    print(
                        "Không dựng lại được: xem lỗi ở trên, sửa bài rồi công bố lại; "
                        "trang đang phục vụ vẫn là bản trước. (Rebuild refused.)",
                        file=sys.stderr,
                    )
        return refuse("decap-server đã dừng. (decap-server stopped.)")
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
        stop(backend)


if __name__ == "__main__":
    sys.exit(main())
