"""Git, driven by its plumbing: objects, trees and references, never a checkout.

The newsroom's clone is bare. A save builds its tree in a temporary index and
moves a branch with a compare-and-swap (``update-ref new old``), so no working
tree is ever half-updated and no reference moves under a reader's feet.
"""

import hashlib
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ZERO = "0" * 40
REGULAR = "100644"
TIMED_OUT = 124
SYMLINK = "120000"


class GitError(RuntimeError):
    """A git command failed; ``output`` holds what it said."""

    def __init__(self, command, output: str):
        super().__init__(f"git {' '.join(command)}: {output.strip()[-2000:]}")
        self.output = output


@dataclass(frozen=True)
class Identity:
    """Who a commit is by: name and address."""

    name: str
    email: str


@dataclass(frozen=True)
class TreeFile:
    """One file of a tree: its mode, blob and path."""

    mode: str
    blob: str
    path: str


class Git:
    """Commands on one repository (``--git-dir``)."""

    def __init__(self, git_dir: Path):
        self.git_dir = Path(git_dir)

    def call(self, arguments, data=None, env=None, timeout=120):
        """Run git; the finished process, whatever its exit status."""
        environment = {
            **os.environ,
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
            **(env or {}),
        }
        command = ["git", f"--git-dir={self.git_dir}", *arguments]
        try:
            return subprocess.run(
                command,
                input=data,
                capture_output=True,
                env=environment,
                check=False,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            said = f"quá {timeout} giây mà git chưa xong (timed out)".encode()
            return subprocess.CompletedProcess(command, TIMED_OUT, b"", said)

    def run(self, *arguments: str, data=None, env=None, check=True, timeout=120):
        """Run git; its standard output (bytes), or GitError."""
        done = self.call(arguments, data, env, timeout)
        if check and done.returncode != 0:
            raise GitError(arguments, done.stderr.decode(errors="replace"))
        return done.stdout

    def succeeds(self, *arguments: str) -> bool:
        """True when the command exits 0."""
        return self.call(arguments).returncode == 0

    def text(self, *arguments: str, **options) -> str:
        """A command's output as stripped text."""
        return self.run(*arguments, **options).decode().strip()

    # References ---------------------------------------------------------------

    def resolve(self, ref: str) -> str | None:
        """The commit ``ref`` points at, or None."""
        out = self.run(
            "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False
        )
        return out.decode().strip() or None

    def branches(self, prefix: str) -> list[str]:
        """Local branches whose names start with ``prefix``."""
        out = self.text(
            "for-each-ref", "--format=%(refname:short)", f"refs/heads/{prefix}"
        )
        return [line for line in out.splitlines() if line]

    def update_ref(self, ref: str, new: str, old: str, message: str) -> None:
        """Move ``ref`` from ``old`` to ``new`` (ZERO: create or delete), atomically."""
        if new == ZERO:
            self.run("update-ref", "-m", message, "-d", ref, old)
        else:
            self.run("update-ref", "-m", message, ref, new, old)

    def is_ancestor(self, older: str, newer: str) -> bool:
        """True when ``older`` is in ``newer``'s history."""
        return self.succeeds("merge-base", "--is-ancestor", older, newer)

    # Objects ------------------------------------------------------------------

    def files(
        self, commit: str, folder: str, depth: int | None = None
    ) -> list[TreeFile]:
        """Files under ``folder`` at ``commit``; ``depth`` 1: only those right in it."""
        out = self.run("ls-tree", "-r", "-z", "--full-tree", commit, "--", folder + "/")
        found = []
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            mode, kind, blob = meta.decode().split()
            path = path.decode()
            if kind != "blob":
                continue
            inside = path[len(folder) + 1 :]
            if depth is not None and inside.count("/") >= depth:
                continue
            found.append(TreeFile(mode, blob, path))
        return found

    def entries(self, commit: str, paths: list[str]) -> dict[str, TreeFile | None]:
        """The files at ``paths`` in ``commit`` (None where there is none)."""
        found: dict[str, TreeFile | None] = dict.fromkeys(paths)
        wanted = list(found)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            out = self.run("ls-tree", "-z", "--full-tree", commit, "--", *chunk)
            for record in out.split(b"\0"):
                meta, _, name = record.partition(b"\t")
                path = name.decode()
                if path in found and meta:
                    mode, kind, blob = meta.decode().split()
                    found[path] = TreeFile(mode, blob, path) if kind == "blob" else None
        return found

    def entry(self, commit: str, path: str) -> TreeFile | None:
        """The file at ``path`` in ``commit``, or None."""
        return self.entries(commit, [path])[path]

    def blob(self, blob: str) -> bytes:
        """A blob's bytes."""
        return self.run("cat-file", "blob", blob)

    def blobs(self, blobs: list[str]) -> dict[str, bytes]:
        """Many blobs' bytes in one command, by blob id."""
        wanted = list(dict.fromkeys(blobs))
        if not wanted:
            return {}
        out = self.run(
            "cat-file", "--batch", data="".join(f"{b}\n" for b in wanted).encode()
        )
        found, at = {}, 0
        for blob in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].decode().split()
            size = int(header[2])
            found[blob] = out[end + 1 : end + 1 + size]
            at = end + 1 + size + 1
        return found

    def blob_ids(self, places: list[str]) -> dict[str, str | None]:
        """The blob at each ``rev:path`` (None where there is none), in one command."""
        if not places:
            return {}
        out = self.run(
            "cat-file", "--batch-check", data="".join(f"{p}\n" for p in places).encode()
        )
        found = {}
        for place, line in zip(places, out.decode().splitlines(), strict=True):
            words = line.split()
            found[place] = words[0] if len(words) == 3 and words[1] == "blob" else None
        return found

    def read(self, commit: str, path: str) -> bytes | None:
        """The bytes of a regular file at ``path`` in ``commit``; None if absent."""
        found = self.entry(commit, path)
        if found is None or found.mode == SYMLINK:
            return None
        return self.blob(found.blob)

    @staticmethod
    def blob_id(data: bytes) -> str:
        """The id git gives ``data`` as a blob (without storing it)."""
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()

    def write_blob(self, data: bytes) -> str:
        """Store ``data``; its blob id."""
        return self.text("hash-object", "-w", "--stdin", data=data)

    def tree_of(self, commit: str) -> str:
        """The tree of a commit."""
        return self.text("rev-parse", f"{commit}^{{tree}}")

    def changed_tree(self, base: str, changes: dict[str, bytes | None]) -> str:
        """The tree of ``base`` with files written (bytes) or removed (None)."""
        with tempfile.TemporaryDirectory(prefix="index-") as scratch:
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            self.run("read-tree", base, env=env)
            lines = []
            for path, data in changes.items():
                if data is None:
                    lines.append(f"0 {ZERO}\t{path}")
                else:
                    lines.append(f"{REGULAR} {self.write_blob(data)}\t{path}")
            if lines:
                listing = "\0".join(lines) + "\0"
                self.run(
                    "update-index", "-z", "--index-info", data=listing.encode(), env=env
                )
            return self.text("write-tree", env=env)

    def commit(
        self,
        tree: str,
        parents: list[str],
        message: str,
        author: Identity,
        committer: Identity,
    ) -> str:
        """A new commit object (no reference moves)."""
        env = {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": committer.name,
            "GIT_COMMITTER_EMAIL": committer.email,
        }
        arguments = ["commit-tree", tree]
        for parent in parents:
            arguments += ["-p", parent]
        return self.text(*arguments, data=message.encode(), env=env)

    def merge_tree(self, ours: str, theirs: str) -> tuple[str | None, list[str]]:
        """The tree merging two commits, or (None, the paths in conflict)."""
        done = self.call(["merge-tree", "--write-tree", "--no-messages", ours, theirs])
        lines = done.stdout.decode(errors="replace").splitlines()
        if done.returncode == 0 and lines:
            return lines[0], []
        paths = {line.partition("\t")[2] for line in lines[1:] if "\t" in line}
        return None, sorted(paths)

    def diff(self, old: str, new: str) -> list[tuple[str, str]]:
        """(status letter, path) of each file changed from ``old`` to ``new``."""
        out = self.run(
            "diff-tree", "-r", "-z", "--no-renames", "--name-status", old, new
        )
        fields = [field.decode() for field in out.split(b"\0") if field]
        return list(zip(fields[0::2], fields[1::2], strict=True))
