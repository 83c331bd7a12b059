"""A site kept in memory between edits, for the devserver.

A fresh build pays for start-up, the gate, loading every story and making the
whole context before it can render one page. ``ResidentSite`` pays that once:
``build`` runs Pelican's own steps in this process (as ``Pelican.run`` does,
with Pelican's public classes and signals) and keeps the generators, the
context and every page's recipe, rendering none. Then:

- ``refresh`` re-reads one saved story with the generator's own readers and,
  when only its title, summary or body changed (so no list, URL or order can
  change), puts the new values into the story object the whole context already
  holds and sends ``story_refreshed`` so plugins redo what they derive from it;
- ``render`` renders one page from its recipe, on request, exactly as the
  build's writer would.

Anything else (a new, deleted or moved story, a date, a section, a template,
data, code) is not applied here: the caller builds in full and makes a new
resident site. Files that are not pages (feeds, search index, photos) are
only ever taken from a full build.
"""

import datetime
import os
from pathlib import Path

from pelican import Pelican, signals
from pelican.contents import Article, Content
from pelican.generators import (
    ArticlesGenerator,
    PagesGenerator,
    SourceFileGenerator,
    StaticGenerator,
    TemplatePagesGenerator,
)
from pelican.urlwrappers import URLWrapper

from tintuc.buildspeed.writer import ParallelWriter
from tintuc.shared import clock
from tintuc.shared.clock import NEWS_DAYS, next_turn, site_turns
from tintuc.shared.signals import output_needed, story_refreshed
from tintuc.vn_text.dates import VIETNAM_TIME

# What may differ between a story as built and as saved for the change to be
# applied in place: what listings show, never what orders or files them.
IN_PLACE_FIELDS = {"title", "summary"}
NEVER = datetime.datetime.max.replace(tzinfo=VIETNAM_TIME)


class RecordingWriter(ParallelWriter):
    """Pelican's writer, as the build's, that keeps every page's recipe."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.recipes: dict[str, tuple] = {}

    def write_pending(self) -> None:
        for path, recipe in self.pending.items():
            self.recipes[os.path.relpath(path, self.output_path)] = recipe
        self.pending = {}


# The steps of ``pelican.Pelican.run`` (Pelican 4.12), in order, and what
# ``ResidentSite.build`` does for each. ``tests/integration/test_resident.py``
# lists the steps of the installed Pelican's ``run``: one added by an upgrade
# fails that test until it is named here and done (or skipped) in ``build``.
PELICAN_RUN_STEPS = {
    "pelican._get_generator_classes": "generator_classes: the same list",
    "clean_output_dir": "skipped: nothing is written to the output",
    "generator.generate_context": "done",
    "generator.check_disabled_readers": "done",
    "signal.all_generators_finalized": "sent",
    "generator.refresh_metadata_intersite_links": "done",
    "pelican._get_writer": "a RecordingWriter, which keeps recipes",
    "generator.generate_output": "done, but the StaticGenerator's copies",
    "signal.finalized": "output_needed instead: no deploy step runs",
    "maybe_pluralize": "skipped: the closing summary",
}


def generator_classes(pelican: Pelican) -> list[type]:
    """The generators a build runs, in Pelican's order (``Pelican.run``).

    Pelican's own ``_get_generator_classes``, made with public pieces only.
    """
    settings = pelican.settings
    classes = [ArticlesGenerator, PagesGenerator]
    if settings["TEMPLATE_PAGES"]:
        classes.append(TemplatePagesGenerator)
    if settings["OUTPUT_SOURCES"]:
        classes.append(SourceFileGenerator)
    for _, values in signals.get_generators.send(pelican):
        found = values if isinstance(values, (list, tuple)) else (values,)
        classes += [kind for kind in found if isinstance(kind, type)]
    return [*classes, StaticGenerator]


def forget_memoised(contents) -> None:
    """Drop what Pelican memoised of ``contents`` (bodies and summaries).

    Pelican keeps them for the life of the process, keyed by the object: a
    changed story would show its old body, and a dropped site would stay in
    memory.
    """
    gone = {id(content) for content in contents}
    for name in ("get_content", "get_summary"):
        memo = getattr(Content.__dict__.get(name), "cache", None)
        if memo is None:
            continue
        for key in [key for key in memo if key and id(key[0]) in gone]:
            del memo[key]


def as_shown(value):
    """A value as pages show it: an author, tag or section by its name too.

    Pelican's authors, tags and sections are equal when their slugs are, and a
    slug drops diacritics and case: "Văn" and "Van" would compare equal.
    """
    if isinstance(value, URLWrapper):
        return (type(value).__name__, value.name, value.slug)
    if isinstance(value, (list, tuple)):
        return tuple(as_shown(item) for item in value)
    return value


def changed_fields(old: Content, new: Content) -> set[str]:
    """The metadata fields whose values differ between two readings."""
    keys = set(old.metadata) | set(new.metadata)
    return {
        key
        for key in keys
        if as_shown(old.metadata.get(key)) != as_shown(new.metadata.get(key))
    }


def next_change_by_clock(settings: dict, now: datetime.datetime) -> datetime.datetime:
    """When the clock alone next changes the site (see ``shared.clock``)."""
    days = settings.get("FEEDS_NEWS_DAYS", NEWS_DAYS)
    return next_turn(site_turns(Path(settings["PATH"]), days), now) or NEVER


class ResidentSite:
    """One build's generators and page recipes, kept to render pages on request."""

    def __init__(self, settings: dict):
        """``settings``: read for this site alone (plugins add their defaults)."""
        self.pelican = Pelican(settings)
        self.settings = self.pelican.settings
        self.scratch = Path(self.settings["OUTPUT_PATH"])
        self.generators = []
        self.recipes: dict[str, tuple] = {}
        self.stories: dict[str, Article] = {}
        self.current_until = NEVER

    def build(self) -> "ResidentSite":
        """Make the whole context and every page's recipe; render nothing.

        Mirrors ``pelican.Pelican.run`` step by step (``PELICAN_RUN_STEPS``).
        Files that generators write themselves go to the scratch ``OUTPUT_PATH``.
        """
        settings = self.settings
        now = clock.now()
        context = settings.copy()
        context["generated_content"] = {}
        context["static_links"] = set()
        context["static_content"] = {}
        context["localsiteurl"] = settings["SITEURL"]
        self.generators = [
            kind(
                context=context,
                settings=settings,
                path=settings["PATH"],
                theme=settings["THEME"],
                output_path=str(self.scratch),
            )
            for kind in generator_classes(self.pelican)
        ]
        for generator in self.generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
            if hasattr(generator, "check_disabled_readers"):
                generator.check_disabled_readers()
        signals.all_generators_finalized.send(self.generators)
        for generator in self.generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        writer = RecordingWriter(str(self.scratch), settings=settings)
        for generator in self.generators:
            # Static files are copied, never shown through a recipe.
            if hasattr(generator, "generate_output") and not isinstance(
                generator, StaticGenerator
            ):
                generator.generate_output(writer)
        output_needed.send(self.pelican)  # search and the writer finish
        self.recipes = writer.recipes
        self.stories = {story.source_path: story for story in context["articles"]}
        self.current_until = next_change_by_clock(settings, now)
        return self

    def is_current(self) -> bool:
        """Whether the clock has not yet changed what the site shows."""
        return clock.now() < self.current_until

    @property
    def articles(self) -> ArticlesGenerator:
        return next(g for g in self.generators if isinstance(g, ArticlesGenerator))

    def read(self, source: Path) -> Article | None:
        """``source`` as the build reads it now, or None if it does not read."""
        generator = self.articles
        try:
            return generator.readers.read_file(
                base_path=generator.path,
                path=os.path.relpath(source, generator.path),
                content_class=Article,
                context=generator.context,
                preread_signal=signals.article_generator_preread,
                preread_sender=generator,
                context_signal=signals.article_generator_context,
                context_sender=generator,
            )
        except Exception:  # noqa: BLE001 - the full build reports it
            return None

    def refresh(self, source: Path, body_may_change) -> bool:
        """Put a saved story's new title, summary or body in place; False if not.

        ``body_may_change(old_html, new_html)`` says whether a changed body
        can be shown without the rest of the site (no photo, link or citation).
        """
        old = self.stories.get(str(source))
        new = self.read(source) if old is not None else None
        if new is None or not self.is_current():
            return False
        try:
            return self.put_in_place(old, new, body_may_change)
        finally:
            forget_memoised([new])  # else Pelican's memo keeps it, and the site

    def put_in_place(self, old: Article, new: Article, body_may_change) -> bool:
        if new.status != old.status or new.url != old.url:
            return False
        changed = changed_fields(old, new)
        if changed - IN_PLACE_FIELDS or new.save_as != old.save_as:
            return False
        old_html, new_html = old.content, new.content
        if old_html != new_html and not body_may_change(old_html, new_html):
            return False
        if not changed and old_html == new_html:
            return True  # saved unchanged
        for key, value in vars(new).items():
            if as_shown(vars(old).get(key, _MISSING)) != as_shown(value):
                setattr(old, key, value)
        forget_memoised([old])
        story_refreshed.send(old, settings=self.settings)
        return True

    def close(self) -> None:
        """Let this site go: nothing of it stays in Pelican's memos."""
        context = self.articles.context if self.generators else {}
        contents = list(context.get("generated_content", {}).values())
        for generator in self.generators:
            for name in ("articles", "drafts", "pages", "hidden_pages", "draft_pages"):
                contents += getattr(generator, name, [])
        forget_memoised(contents)
        self.generators, self.recipes, self.stories = [], {}, {}

    def render(self, relative: str) -> bytes | None:
        """The page at ``relative`` rendered now, or None if it has no recipe."""
        recipe = self.recipes.get(relative)
        if recipe is None:
            return None
        template, base, changes = recipe
        return template.render({**base, **changes}).encode("utf-8")


_MISSING = object()
