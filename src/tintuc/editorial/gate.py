"""Run every content check for a site's settings and report the problems."""

import datetime
import os
import sys
from pathlib import Path

from tintuc.directory.model import DirectoryError, load_directory
from tintuc.directory.settings import DEFAULTS as DIRECTORY_DEFAULTS
from tintuc.photos.settings import DEFAULTS as PHOTOS_DEFAULTS
from tintuc.shared import clock
from tintuc.shared.workers import process_count

from .approvers import load_approvers
from .problems import ERROR, Problem, summarise
from .rules import Site, check_article, check_content, display_path
from .settings import DEFAULTS
from .state import GateState


def load_site(settings: dict, now: datetime.datetime | None = None) -> Site:
    """The content folder, data files, approvers and limits the checks run against."""
    merged = {**DIRECTORY_DEFAULTS, **PHOTOS_DEFAULTS, **DEFAULTS, **settings}
    content_dir = Path(merged["PATH"])
    data_dir = content_dir / merged["DIRECTORY_DATA_DIR"]
    directory = load_directory(data_dir)
    return Site(
        content_dir=content_dir,
        directory=directory,
        approvers=load_approvers(data_dir, directory["unit"]),
        settings=merged,
        now=now or clock.now(),
    )


def library_site(settings: dict, now=None) -> tuple[Site, list[Problem]]:
    """The site with the numbers its library publishes, and the library's problems.

    The library comes first: stories are checked against the numbers it publishes.
    """
    site = load_site(settings, now)
    return site, check_library(site, GateState.none(site))


def check_library(site: Site, state: GateState) -> list[Problem]:
    """The library's problems; ``site.documents`` becomes the numbers it publishes."""
    from tintuc.documents.checks import check_documents  # noqa: PLC0415 - the library, if any

    problems, published = check_documents(site, display_path, state)
    site.documents = frozenset(published)
    return problems


def story_problems(site: Site, source: Path) -> list[Problem]:
    """The problems of one story file, as the whole gate finds them.

    Not the duplicate slugs and IDs, which only the whole site shows.
    """
    return check_article(display_path(source), source, site)[0]


def run_checks(
    settings: dict, now: datetime.datetime | None = None, notes=None
) -> list[Problem]:
    """Every problem in the site's content and data files.

    With a ``CACHE_PATH``, files unchanged since the last run are not checked
    again (``state``); the report is the same. When the saved state cannot be
    used, one line on ``notes`` (stderr) says why everything is checked.
    """
    try:
        site = load_site(settings, now)
    except DirectoryError as error:
        path, _, message = str(error).partition(": ")
        return [Problem(path, 1, ERROR, message, "invalid data file")]
    state = GateState.open(site, display_path)
    if state.note:
        print(state.note, file=notes or sys.stderr)
    problems = check_library(site, state)
    problems += check_content(
        site,
        settings.get("ARTICLE_PATHS", [""]),
        settings.get("PAGE_PATHS", []),
        workers=process_count(settings, os.cpu_count() or 1),
        state=state,
    )
    unsaved = state.save()
    if unsaved:
        print(unsaved, file=notes or sys.stderr)
    return sorted(problems)


def print_report(problems: list[Problem], stream=None) -> None:
    """Print each problem as ``path:line: …`` and a closing count."""
    stream = stream or sys.stderr
    for problem in problems:
        print(problem, file=stream)
    if problems:
        print(summarise(problems), file=stream)


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem must stop the build."""
    return any(problem.is_error for problem in problems)
