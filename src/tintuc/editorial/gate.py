"""Run every content check for a site's settings and report the problems."""

import datetime
import os
import sys
from pathlib import Path

from tintuc.directory.model import DirectoryError, load_directory
from tintuc.directory.settings import DEFAULTS as DIRECTORY_DEFAULTS
from tintuc.photos.settings import DEFAULTS as PHOTOS_DEFAULTS
from tintuc.shared.workers import process_count
from tintuc.vn_text.dates import VIETNAM_TIME

from .approvers import load_approvers
from .problems import ERROR, Problem, summarise
from .rules import Site, check_article, check_content, display_path
from .settings import DEFAULTS


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
        now=now or datetime.datetime.now(VIETNAM_TIME),
    )


def library_site(settings: dict, now=None) -> tuple[Site, list[Problem]]:
    """The site with the numbers its library publishes, and the library's problems.

    The library comes first: stories are checked against the numbers it publishes.
    """
    from tintuc.documents.checks import check_documents  # noqa: PLC0415 - the library, if any

    site = load_site(settings, now)
    problems, published = check_documents(site, display_path)
    site.documents = frozenset(published)
    return site, problems


def story_problems(site: Site, source: Path) -> list[Problem]:
    """The problems of one story file, as the whole gate finds them.

    Not the duplicate slugs and IDs, which only the whole site shows.
    """
    return check_article(display_path(source), source, site)[0]


def run_checks(settings: dict, now: datetime.datetime | None = None) -> list[Problem]:
    """Every problem in the site's content and data files."""
    try:
        site, problems = library_site(settings, now)
    except DirectoryError as error:
        path, _, message = str(error).partition(": ")
        return [Problem(path, 1, ERROR, message, "invalid data file")]
    problems += check_content(
        site,
        settings.get("ARTICLE_PATHS", [""]),
        settings.get("PAGE_PATHS", []),
        workers=process_count(settings, os.cpu_count() or 1),
    )
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
