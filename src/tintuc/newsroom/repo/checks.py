"""The gate, run on the server: one story at a save, the whole site at a publish."""

import functools
import json
import logging
import posixpath
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from pelican.settings import read_settings

from tintuc.cms.config import DOCUMENTS_COLLECTION
from tintuc.documents.checks import document_problems
from tintuc.documents.model import attachment_folders
from tintuc.documents.settings import DEFAULTS as DOCUMENTS_DEFAULTS
from tintuc.editorial.gate import library_site, story_problems
from tintuc.editorial.problems import Problem
from tintuc.stats.scale import (
    SCALE_FILE,
    ScaleError,
    coefficient_number,
    coefficient_problem,
    load_scale,
)
from tintuc.stats.works import story_type
from tintuc.vn_text.front_matter import parse_front_matter
from tintuc.vn_text.normalise import source_text

from . import story
from .errors import Refused
from .paths import CONTENT
from .trees import Trees

logger = logging.getLogger(__name__)

# The gate's view of main (data, approvers, documents) is kept this long, so a
# story dated "now" is checked against a recent clock.
SITE_CACHE_SECONDS = 300
# The approver's field for the royalty sheet, as Decap names it.
COEFFICIENT = "coefficient"
# The whole-site check of the largest site takes well under this.
CHECK_SECONDS = 1800


def in_repository(scratch: Path):
    """How a problem names a file of the scratch tree: its repository path."""

    def shown(source: Path) -> str:
        return source.relative_to(scratch).as_posix()

    return shown


class Checks:
    """The site's settings and the gate's checks of trees of the clone."""

    def __init__(self, trees: Trees, project_dir: Path):
        self.trees = trees
        self.project_dir = Path(project_dir)
        self._site = (None, 0.0, None)
        self._check_settings = None

    def check_settings(self, content: Path) -> dict:
        """The site's settings (``pelicanconf.py``) with ``PATH`` at ``content``."""
        if self._check_settings is None:
            self._check_settings = read_settings(
                str(self.project_dir / "pelicanconf.py"),
                override={"PATH": str(self.project_dir / CONTENT)},
            )
        return {**self._check_settings, "PATH": str(content)}

    def main_site(self, main: str):
        """The gate's view of ``main`` (data files, approvers, documents), cached."""
        commit, made, site = self._site
        if commit == main and time.time() - made < SITE_CACHE_SECONDS:
            return site
        content = self.trees.snapshot(main) / CONTENT
        site = library_site(self.check_settings(content))[0]
        self._site = (main, time.time(), site)
        return site

    def story_folder(self, collection: str) -> str:
        """Where a collection's stories live: ``content/<articles>/<collection>``."""
        articles = self.check_settings(Path(CONTENT))["ARTICLE_PATHS"][0].strip("/")
        return f"{CONTENT}/{articles}/{collection}"

    @functools.cached_property
    def document_folder(self) -> str:
        """Where the document library lives: ``content/<DOCUMENTS_PATH>``.

        Asked on every request that names an entry: read from the settings once.
        """
        settings = self.check_settings(Path(CONTENT))
        folder = settings.get("DOCUMENTS_PATH", DOCUMENTS_DEFAULTS["DOCUMENTS_PATH"])
        return f"{CONTENT}/{folder.strip('/')}"

    def entry_folder(self, collection: str) -> str:
        """Where an entry of ``collection`` lives: a story's section, or documents."""
        if collection == DOCUMENTS_COLLECTION:
            return self.document_folder
        return self.story_folder(collection)

    def entry_file(self, collection: str, slug: str) -> str:
        """The file of ``collection``'s entry ``slug``."""
        return f"{self.entry_folder(collection)}/{slug}.md"

    def is_document(self, path: str) -> bool:
        """True when ``path`` is a document of the library (not one of its PDFs)."""
        return posixpath.dirname(path) == self.document_folder

    def check_stories(
        self, main: str, tree: str, stories: dict[str, str]
    ) -> list[dict]:
        """The gate's one-file check of each story or document as ``tree`` has it.

        Refuses (422) on an error, naming every problem; returns the warnings.
        ``stories`` maps each story's path to the text to check. A document
        is checked by the documents' own rules (``document_problems``).
        """
        site = self.main_site(main)
        errors, warnings = [], []
        overrides = {path: text.encode() for path, text in stories.items()}
        # A document's PDFs are read where it names them: really inside content/.
        documents = [path for path in stories if self.is_document(path)]
        real = {self.document_folder} if documents else set()
        for path in documents:
            front = parse_front_matter(source_text(stories[path]))
            named = attachment_folders(path, front)
            real |= {folder for folder in named if folder.startswith(f"{CONTENT}/")}
        with self.trees.checked_tree(
            main, tree, overrides, whole=False, real=sorted(real)
        ) as scratch:
            checked = replace(site, content_dir=scratch / CONTENT)
            for path, text in stories.items():
                if path in documents:
                    problems = document_problems(
                        checked, scratch / path, in_repository(scratch)
                    )
                else:
                    problems = story_problems(checked, scratch / path)
                for problem, item in zip(
                    problems, story.problem_list(problems, text), strict=True
                ):
                    (errors if problem.is_error else warnings).append(item)
        if errors:
            # Decap says what failed (a save, a change of status) before it.
            raise Refused(
                422,
                "; ".join(item["message"] for item in errors[:5]),
                field=errors[0]["field"],
                problems=errors,
            )
        return warnings

    def check_coefficient(self, main: str, text: str) -> None:
        """Refuse (422) a ``Coefficient:`` the royalty report could not use.

        The report's own rule: a number within its type's range of
        ``royalties.toml`` (only a number when the site has no such file).
        """
        front = story.front(text)
        written = front.get(COEFFICIENT)
        if not written:
            return
        site = self.main_site(main)
        types = site.directory["type"]
        folder = site.settings.get("DIRECTORY_DATA_DIR", "data")
        try:
            scale = load_scale(site.content_dir / folder / SCALE_FILE, types)
        except ScaleError:
            problem = coefficient_number(written)[1]
        else:
            kind = story_type(front, types)
            problem = coefficient_problem(written, scale.bands.get(kind.slug))
        if problem:
            message = f"Hệ số nhuận bút: {problem}."
            raise Refused(422, message, field=COEFFICIENT, problems=[
                {"field": COEFFICIENT, "message": message}
            ])  # fmt: skip

    def check_site(self, main: str, commit: str) -> None:
        """Refuse (422) when the whole site would fail ``make check`` at ``commit``."""
        with self.trees.checked_tree(main, commit) as scratch:
            try:
                done = subprocess.run(
                    [sys.executable, "-m", "tintuc.newsroom.repo.sitecheck"]
                    + [
                        str(self.project_dir / "pelicanconf.py"),
                        str(scratch / CONTENT),
                    ],
                    cwd=scratch,
                    capture_output=True,
                    check=False,
                    timeout=CHECK_SECONDS,
                )
            except subprocess.TimeoutExpired:
                done = subprocess.CompletedProcess([], 1, b"", b"timed out")
        if done.returncode != 0:
            logger.error("whole-site check failed: %s", done.stderr.decode()[-4000:])
            raise Refused(
                502, "Không kiểm tra được toàn trang; chưa công bố. Hãy báo quản trị."
            )
        found = [
            Problem(**{k: v for k, v in item.items() if k != "error"})
            for item in json.loads(done.stdout)
        ]
        errors = [problem for problem in found if problem.is_error]
        if errors:
            problems = [
                {"field": None, "message": f"{p.path}:{p.line}: {p.message}"}
                for p in errors
            ]
            headline = "Không công bố được: sau khi gộp, trang sẽ có lỗi."
            raise Refused(
                422,
                f"{headline} " + "; ".join(item["message"] for item in problems[:5]),
                problems=problems,
                headline=headline,
            )
