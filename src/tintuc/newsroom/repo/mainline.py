"""Moving ``main``: never half-done, always pushed in the end.

Mixed into ``Newsroom``: the publish marker and recovery, taking in what
others pushed to the remote, the pushes that wait, and the build after a
publish. Everything here runs with the lock held, except ``retry_if_due``,
which takes it only if nobody else holds it.
"""

import json
import logging
import time
from pathlib import Path

from tintuc.shared.cachefiles import write_atomic
from tintuc.shared.locks import exclusive

from .building import build_site
from .errors import Refused
from .git import ZERO, GitError
from .paths import CONTENT

logger = logging.getLogger(__name__)


class Mainline:
    """The steps after a change to ``main`` is decided; needs ``Newsroom``'s parts."""

    # Moving main: never half-done ---------------------------------------------

    def advance_main(self, old: str, new: str, branch=None, branch_head=None) -> None:
        """Move ``main`` from ``old`` to ``new``, and finish what follows.

        A marker is written (and synced) first; ``recover`` completes or drops
        the step if the process dies at any point.
        """
        marker = {"old": old, "new": new, "branch": branch, "branch_head": branch_head}
        write_atomic(self.publish_marker, json.dumps(marker).encode(), durable=True)
        try:
            self.git.update_ref(f"refs/heads/{self.main}", new, old, "công bố")
        except GitError as error:
            self.publish_marker.unlink()
            raise Refused(409, "Trang chính vừa thay đổi; hãy thử lại.") from error
        self.finish_publish(marker)

    def finish_publish(self, marker: dict) -> None:
        """What follows a move of ``main``: the workflow branch goes. Idempotent."""
        branch, head = marker.get("branch"), marker.get("branch_head")
        if branch and self.git.resolve(f"refs/heads/{branch}") == head:
            self.git.update_ref(f"refs/heads/{branch}", ZERO, head, "đã công bố")
            self.git.run(
                "config", "--unset", f"branch.{branch}.description", check=False
            )
        self.publish_marker.unlink(missing_ok=True)

    def recover(self) -> None:
        """Complete or drop a publish a killed process left half-done; push.

        ``main`` at the marker's new commit: the publish happened, so the branch
        is removed and the push retried. ``main`` at the old commit: nothing was
        published; the story is still on the board. A server that builds the
        site builds it again when the last build was not of ``main``.
        """
        if self.publish_marker.is_file():
            try:
                marker = json.loads(self.publish_marker.read_text())
            except (OSError, ValueError):
                marker = {}
            if marker and self.git.resolve(f"refs/heads/{self.main}") == marker.get(
                "new"
            ):
                logger.warning("completing a publish that was interrupted: %s", marker)
                self.finish_publish(marker)
            else:
                logger.warning("dropping a publish that never moved main: %s", marker)
                self.publish_marker.unlink(missing_ok=True)
        self.trees.sweep()
        if self.origin.push_pending():
            self.origin.push()
        built = self.last_build()
        if self.build_output is not None and (
            built is None or built.get("commit") != self.main_commit()
        ):
            self.build_site()  # killed before its build, or a first start

    def build_site(self, output=None) -> dict:
        """Build ``main`` with the safe build into ``output`` (or ``build_output``).

        The result ({ok, commit, output, log, at}) is kept for ``last_build``,
        with ``good_from``: when the last build that succeeded began (what it
        shows is what was due by then).
        """
        began = time.time()
        main = self.main_commit()
        content = self.trees.snapshot(main) / CONTENT
        output = Path(output or self.build_output)
        options = self.settings["NEWSROOM_BUILD_OPTIONS"]
        result = build_site(self.project_dir, content, output, options)
        result["commit"] = main
        earlier = (self.last_build() or {}).get("good_from") or 0.0
        result["good_from"] = began if result["ok"] else earlier
        write_atomic(self.build_record, json.dumps(result, ensure_ascii=False).encode())
        return result

    def last_build(self) -> dict | None:
        """The last build's result, or None."""
        try:
            return json.loads(self.build_record.read_text())
        except (OSError, ValueError):
            return None

    def after_main_moved(self) -> dict:
        """Push, then build when the server hosts the site; the result's tail."""
        self.origin.push()
        result = self.origin.push_result()
        if self.build_output is not None:
            result["build"] = self.build_site()
        return result

    def integrate_remote(self) -> None:
        """Take in what others pushed to the remote's ``main`` before moving ours.

        Offline: carry on (the push will wait). Behind: fast-forward. Diverged:
        merge, if it merges cleanly and the site stays green; else refuse.
        """
        if not self.origin.fetch():
            return
        local, remote = self.main_commit(), self.git.resolve(self.origin.remote_ref)
        if remote is None or self.git.is_ancestor(remote, local):
            return
        if self.git.is_ancestor(local, remote):
            self.git.update_ref(f"refs/heads/{self.main}", remote, local, "kéo về")
            return
        tree = self.merged(
            local,
            remote,
            "Kho chính có thay đổi không gộp được với bản của máy chủ; "
            "chưa công bố được. Hãy báo quản trị.",
        )
        server = self.server
        message = "Gộp thay đổi từ kho chính\n\nVai-tro: may-chu\n"
        merge = self.git.commit(tree, [local, remote], message, server, server)
        self.checks.check_site(local, merge)
        self.advance_main(local, merge)

    def push_status(self) -> dict:
        """What the board shows about the push: ``Remote.push_status``."""
        return self.origin.push_status()

    def retry_pushes(self) -> dict:
        """Fetch, integrate and push now, under the lock; the push status."""
        with self.locked():
            self.integrate_and_push()
        return self.origin.push_status()

    def retry_if_due(self) -> None:
        """On any request: retry a failed push when it is due and nobody writes."""
        status = self.origin.push_status()
        if not status["pending"]:
            return
        wait = self.settings["NEWSROOM_PUSH_RETRY_SECONDS"]
        if time.time() - (status["last"] or 0) < wait:
            return
        try:
            with exclusive(self.state / "lock"):
                self.integrate_and_push()
        except BlockingIOError:
            return

    def integrate_and_push(self) -> None:
        """Take in the remote's changes, then push what it lacks (lock held)."""
        try:
            self.integrate_remote()
        except Refused as refused:
            self.origin.note_failure(refused.message_vi)
            return
        if self.origin.push_pending():
            self.origin.push()
