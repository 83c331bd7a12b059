"""What checking one file found, as the gate keeps it between runs.

A file's own problems, and the facts about it that the rules spanning files
read (duplicate slugs and ids, approvers, citations): those rules run on every
check, over the facts of every file, fresh or kept.
"""

import datetime
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .approvers import Approval
from .problems import Problem


@dataclass(frozen=True)
class FileCheck:
    """One file's check.

    :param digest: the sha256 of the file's bytes.
    :param problems: the problems of the file alone.
    :param facts: what the rules spanning files need of it, or None.
    :param inputs: the other files its checks read (``input_file``), as (photo
        reference or "", path, sha256 or None when missing): a photo reference
        is resolved again.
    :param turns: moments at which a rule of the clock changes its answer about
        the file (it answers "before" or "from" each).
    :param now: the clock the file was checked at.
    """

    digest: bytes
    problems: tuple[Problem, ...]
    facts: object = None
    inputs: tuple[tuple[str, str, bytes | None], ...] = ()
    turns: tuple[datetime.datetime, ...] = ()
    now: datetime.datetime | None = None


@dataclass(frozen=True)
class Approved:
    """An approval a file writes, and the line of its ``Approver`` field."""

    approval: Approval
    line: int


@dataclass(frozen=True)
class StoryFacts:
    """What the rules spanning stories read of one story.

    :param keys: its slug and id, each with its line, when it has them.
    :param approved: its approval, when it is published and names an approver.
    :param citations: each ``[[number]]`` it cites, with its line.
    :param draft: a draft's citations only warn.
    """

    keys: tuple[tuple[str, str, int], ...] = ()
    approved: Approved | None = None
    citations: tuple[tuple[str, int], ...] = ()
    draft: bool = False


def input_file(reference: str, path: Path, content_dir: Path) -> tuple:
    """An input of a check: the reference, the path from the content folder, the hash.

    From the content folder, so the same site checked elsewhere (the newsroom
    checks a fresh copy of the repository each time) keeps its checks.
    """
    path, content_dir = Path(path), Path(content_dir)
    named = path.relative_to(content_dir) if path.is_relative_to(content_dir) else path
    return reference, named.as_posix(), file_digest(path)


# Files hashed already in this process, by path (``known_digests``).
_known: dict[str, bytes] = {}


def known_digests(digests: dict[str, bytes]) -> None:
    """Take the sha256 of files this process has just read, by their paths.

    The build wrapper hashes every input before it checks a body-only edit
    in its own process (``build.body_edits``): the gate need not read them again.
    """
    _known.update(digests)


def file_digest(path: Path) -> bytes | None:
    """The sha256 of a file's bytes; None when there is no such file."""
    known = _known.get(os.fspath(path))
    if known is not None:
        return known
    try:
        return hashlib.sha256(Path(path).read_bytes()).digest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def data_digest(data: bytes) -> bytes:
    """The sha256 of bytes already read."""
    return hashlib.sha256(data).digest()
