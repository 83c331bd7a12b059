"""Attach each story's section, communes and unit from the site's data files.

Needs the ``vn_text`` plugin listed before it in ``PLUGINS``.
"""

import logging
from pathlib import Path

from pelican import signals
from pelican.urlwrappers import Category

from tintuc.shared import reads
from tintuc.shared.settings import apply_defaults
from tintuc.vn_text.dates import format_month_vi
from tintuc.vn_text.fields import split_list

from .front import front_page
from .listings import DirectoryPagesGenerator, entry_address, index_link
from .model import load_directory
from .related import archive_months, neighbours, related_by_story
from .settings import DEFAULTS

logger = logging.getLogger(__name__)


def set_default_settings(pelican):
    """Copy each default into the site's settings unless the site set it."""
    apply_defaults(pelican.settings, DEFAULTS)


def load_site_directory(generator):
    """Read the data files once per build and share them with templates."""
    settings = generator.settings
    data_dir = Path(settings["PATH"], settings["DIRECTORY_DATA_DIR"])
    directory = load_directory(data_dir)
    generator.context["NEWSROOM"] = directory
    generator.context["SECTIONS"] = directory["section"].active()


def resolve_story_metadata(generator, metadata):
    """Turn ``section`` (or the folder), ``communes`` and ``unit`` into entries."""
    directory = generator.context["NEWSROOM"]
    source = metadata.get("title", "?")
    section_name = metadata.get("section") or metadata.get("category")
    if section_name is not None:
        section = directory["section"].find(str(section_name))
        if section is None:
            logger.error(
                "Chuyên mục '%s' không có trong dữ liệu (%s)", section_name, source
            )
        else:
            section = directory["section"].current(section)
            category = Category(section.name, generator.settings)
            category.slug = section.slug
            metadata["category"] = category
            metadata["section"] = section
    # Every story has a type: the first of types.toml unless it names one.
    types = directory["type"]
    written = metadata.get("type")
    story_type = types.find(str(written)) if written else None
    if written and story_type is None:
        logger.error("Thể loại '%s' không có trong danh sách (%s)", written, source)
    metadata["story_type"] = types.current(story_type or types.active()[0])
    for key, kind in (("communes", "commune"), ("unit", "unit")):
        if key not in metadata:
            continue
        found = []
        # A unit is one name, and a unit's name may hold a comma.
        names = split_list(metadata[key]) if key == "communes" else [metadata[key]]
        for name in (str(name).strip() for name in names):
            entry = directory[kind].find(name)
            if entry is None:
                logger.error(
                    "'%s' không có trong danh sách %s (%s)", name, kind, source
                )
            else:
                found.append(entry)
        metadata[key] = found if key == "communes" else next(iter(found), None)


def published_media(contents) -> set[str]:
    """Paths of the files that published stories and pages link to.

    Lead photos are not among them: the photos plugin publishes those as
    derivatives and never copies the upload.
    """
    links = set()
    for content in contents:
        links |= content.get_static_links()
    return links


def copy_only_published_media(generator):
    """Drop photos that only drafts and future stories link to.

    Pelican copies every file a story links with {static}, drafts included,
    which would publish an unapproved story's photos.
    """
    context = generator.context
    contents = [*context["articles"], *context["pages"], *context["hidden_pages"]]
    context["static_links"] = published_media(contents)


def add_entry_url_filter(generator):
    """Give templates ``entry|entry_url``: the page of a section, commune or unit."""

    def entry_url(entry):
        reads.resolved("NEWSROOM")  # it follows merges there: a page reads it
        registry = generator.context["NEWSROOM"][entry.kind]
        return entry_address(generator.settings, registry, entry)[0]

    generator.env.filters["entry_url"] = entry_url
    generator.env.globals["front_page"] = front_page
    generator.env.globals["directory_index"] = lambda kind: index_link(
        generator.settings, kind
    )
    generator.env.globals["archive_months"] = lambda articles: archive_months(
        articles, generator.settings["MONTH_ARCHIVE_URL"], format_month_vi
    )


def link_stories(generator):
    """Give each story its related stories and its newer and older neighbours."""
    articles = generator.articles
    around = neighbours(articles)
    related = related_by_story(articles)
    for story in articles:
        story.related = related[id(story)]
        story.newer_story, story.older_story = around[id(story)]


def add_directory_pages_generator(pelican):
    """Register the generator of commune and unit pages."""
    return DirectoryPagesGenerator


def register():
    signals.initialized.connect(set_default_settings)
    signals.get_generators.connect(add_directory_pages_generator)
    signals.generator_init.connect(add_entry_url_filter)
    signals.article_generator_init.connect(load_site_directory)
    signals.article_generator_context.connect(resolve_story_metadata)
    signals.article_generator_finalized.connect(link_stories)
    signals.page_generator_finalized.connect(copy_only_published_media)
