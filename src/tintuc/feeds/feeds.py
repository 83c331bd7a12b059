"""Wire feeds, social metadata, sitemaps and robots.txt into Pelican.

Needs ``directory`` and ``photos`` listed before it in ``PLUGINS``.
"""

import dataclasses
import datetime
import os
from functools import partial

from pelican import signals
from pelican.generators import Generator

from tintuc.directory.listings import group_stories
from tintuc.shared import buildnotes, clock
from tintuc.shared.buildnotes import body_shown, noting
from tintuc.shared.cachefiles import save_pickle
from tintuc.shared.clock import in_news_window
from tintuc.shared.settings import apply_defaults
from tintuc.vn_text.dates import VIETNAM_TIME

from .items import (
    FeedItem,
    absolute_url,
    for_feed_readers,
    item_from_article,
    newest_first,
)
from .keyed import KeyedOutput
from .settings import DEFAULTS, FEED_TYPES
from .sitemaps import (
    NewsEntry,
    SitemapEntry,
    news_sitemap_bytes,
    recent_news,
    robots_txt,
    sitemap_bytes,
)
from .social import news_article, script_safe_json
from .writers import FEED_FORMATS, FeedInfo, archive_feed_bytes, archive_story

# Where pages written this build are collected for the sitemap, in the context.
WRITTEN_PAGES = "FEEDS_WRITTEN_PAGES"
LOCAL_SITEURL = "http://127.0.0.1:8000"
# Feeds of each commune and unit: kind, story key, feed folder, page address.
ENTRY_FEEDS = (
    ("commune", "communes", "FEEDS_COMMUNE_PATH", "DIRECTORY_COMMUNE_URL"),
    ("unit", "unit", "FEEDS_UNIT_PATH", "DIRECTORY_UNIT_URL"),
)
# The feeds page's group of each kind of entry feed.
FEED_GROUPS = {"commune": "Xã", "unit": "Đơn vị"}


def set_default_settings(pelican):
    """Copy each default into the site's settings unless the site set it."""
    apply_defaults(pelican.settings, DEFAULTS)


def public_siteurl(settings: dict) -> str:
    """The absolute site address; feeds need one even in a local build."""
    return settings["SITEURL"] or LOCAL_SITEURL


def feed_urls(settings: dict, folder: str) -> dict[str, str]:
    """Root-relative paths of the three feeds in ``folder``."""
    return {kind: folder + name for kind, name in settings["FEEDS_FILES"].items()}


def add_template_helpers(generator):
    """Give templates the feed paths and the JSON-LD of a story."""
    settings = generator.settings

    def json_ld(article):
        return script_safe_json(
            news_article(article, public_siteurl(settings), settings)
        )

    def feeds_of(kind: str = "site", slug: str = ""):
        pattern = settings[f"FEEDS_{kind.upper()}_PATH"]
        return [
            (path, FEED_TYPES[feed_kind])
            for feed_kind, path in feed_urls(
                settings, pattern.format(slug=slug)
            ).items()
        ]

    generator.env.filters["news_article_json_ld"] = json_ld
    generator.env.globals["feeds_of"] = feeds_of


def newest_stories(stories, limit: int) -> list:
    """The ``limit`` newest stories, plus any that tie with the last one by date.

    The feed then breaks those ties by GUID, so it needs all of them.
    """
    ordered = sorted(stories, key=lambda story: story.date, reverse=True)
    if len(ordered) <= limit:
        return ordered
    cutoff = ordered[limit - 1].date
    return [story for story in ordered if story.date >= cutoff]


def newest_date(articles, fallback):
    """The latest change among ``articles``."""
    dates = [getattr(a, "modified", None) or a.date for a in articles]
    return max(dates, default=fallback)


class ReadableItems:
    """Feed items as feed readers get them, each made once, only when needed.

    Made for the feeds made anew; a feed taken from the cache needs none.
    """

    def __init__(self, siteurl: str):
        self.siteurl = siteurl
        self.made: dict[int, FeedItem] = {}

    def of(self, items: list[FeedItem]) -> list[FeedItem]:
        """``items`` rewritten for feed readers (``items.for_feed_readers``)."""
        for item in items:
            if id(item) not in self.made:
                self.made[id(item)] = for_feed_readers(item, self.siteurl)
        return [self.made[id(item)] for item in items]


def feed_bytes(
    kind: str, info: FeedInfo, items: list[FeedItem], readable: ReadableItems
) -> bytes:
    """The feed of ``kind`` ("rss", "atom", "json") holding ``items``."""
    return FEED_FORMATS[kind](info, readable.of(items))


def record_written_page(path, context):
    """Remember each public HTML page written, and when it last changed."""
    pages = context.get(WRITTEN_PAGES)
    if pages is None or not str(path).endswith(".html") or "target_url" in context:
        return
    if context.get("EDITORIAL_PREVIEW") or context.get("page_name") == "404":
        return
    fallback = context.get(WRITTEN_PAGES + "_NEWEST")
    if "article" in context:
        lastmod = newest_date([context["article"]], fallback)
    elif "document" in context:
        lastmod = newest_date([context["document"]], fallback)
    elif "page" in context:
        lastmod = getattr(context["page"], "modified", None) or fallback
    elif context.get("articles_page") is not None:
        lastmod = newest_date(context["articles_page"].object_list, fallback)
    else:
        lastmod = fallback
    # Relative to the output: the pages' shared context must not name the
    # folder a build writes to (buildspeed keys rendered pages by it).
    path, output = str(path), os.path.join(context["OUTPUT_PATH"], "")
    relative = path.removeprefix(output)
    if relative == path:
        relative = os.path.relpath(path, output)
    pages.append((relative.replace(os.sep, "/"), lastmod))


class FeedsGenerator(Generator):
    """Write every feed, the feeds page, the sitemaps and robots.txt."""

    def generate_context(self):
        """Start collecting the pages the other generators write."""
        articles = self.context["articles"]
        self.context[WRITTEN_PAGES] = []
        self.context[WRITTEN_PAGES + "_NEWEST"] = newest_date(
            articles, datetime.datetime(2025, 7, 1, tzinfo=VIETNAM_TIME)
        )

    def generate_output(self, writer):
        """Write feeds first, then the pages that list or map them.

        Each file comes from the feeds cache when what it is made of did not
        change (see ``keyed``).
        """
        settings = self.settings
        siteurl = public_siteurl(settings)
        articles = self.context["articles"]
        files = KeyedOutput(settings, self.output_path)
        items = {}  # built only for stories some feed shows: a few hundred at most
        sources, recipes = {}, {}  # each item's story; what each feed is made of
        readable = ReadableItems(siteurl)
        cited = {
            number: absolute_url(siteurl, document.url)
            for number, document in self.context.get("DOCUMENTS_BY_NUMBER", {}).items()
        }
        listed, groups = [], {}
        for group, title, description, home, folder, stories in self.feed_plan(
            articles
        ):
            info = FeedInfo(
                title=title,
                description=description,
                home_url=absolute_url(siteurl, home),
                urls={
                    kind: absolute_url(siteurl, path)
                    for kind, path in feed_urls(settings, folder).items()
                },
                updated=self.context[WRITTEN_PAGES + "_NEWEST"],
                hub=settings["FEEDS_HUB"],
            )
            for story in newest_stories(stories, settings["FEEDS_MAX_ITEMS"]):
                if id(story) not in items:
                    items[id(story)] = item_from_article(story, siteurl, cited)
                    sources[id(items[id(story)])] = story.source_path
            chosen = newest_first(
                [items[id(story)] for story in stories if id(story) in items],
                settings["FEEDS_MAX_ITEMS"],
            )
            for kind, path in feed_urls(settings, folder).items():
                make = partial(feed_bytes, kind, info, chosen, readable)
                files.write(path, (kind, info, chosen, siteurl), make)
                if noting():
                    recipes[path] = (kind, info, chosen, siteurl)
                    for item in chosen:
                        body_shown(settings, sources[id(item)], path)
            listed.append(info)
            groups.setdefault(group, []).append(info)
        documents_feed = self.context.get("DOCUMENTS_FEED")
        if documents_feed:
            # The page gives absolute addresses, even in a local build.
            folder = settings["DOCUMENTS_FEED_DIR"].rstrip("/") + "/"
            urls = {
                kind: absolute_url(siteurl, path)
                for kind, path in feed_urls(settings, folder).items()
            }
            groups["Văn bản"] = [dataclasses.replace(documents_feed, urls=urls)]
        writer.write_file(
            settings["FEEDS_PAGE_SAVE_AS"],
            self.get_template("feeds"),
            self.context,
            settings["RELATIVE_URLS"],
            url=settings["FEEDS_PAGE_URL"],
            feeds=listed,
            feed_groups=list(groups.items()),
        )
        self.write_archive(files, siteurl, articles)
        self.write_sitemaps(files, siteurl, articles)
        files.finish()
        if noting():  # for a build after body-only edits (``build.body_edits``)
            save_pickle(buildnotes.beside_notes(buildnotes.FEED_RECIPES), recipes)

    def write_archive(self, files: KeyedOutput, siteurl: str, articles) -> None:
        """Every published story, uncapped, for ``make share`` (and any reader)."""
        path = self.settings["FEEDS_ARCHIVE_JSON"]
        if not path:
            return
        info = FeedInfo(
            title=f"{self.settings['SITENAME']} – tất cả tin, bài",
            description="Mọi tin, bài đã đăng, mới nhất trước (không có nội dung bài).",
            home_url=absolute_url(siteurl, ""),
            urls={"json": absolute_url(siteurl, path)},
            updated=self.context[WRITTEN_PAGES + "_NEWEST"],
        )
        stories = [
            archive_story(a, (getattr(a, "social_image", None) or {}).get("url", ""))
            for a in newest_stories(articles, len(articles))
        ]
        files.write(
            path,
            ("archive", info, stories, siteurl),
            lambda: archive_feed_bytes(info, stories, siteurl),
        )

    def feed_plan(self, articles):
        """(group, title, description, home page, folder, stories) of every feed.

        The group heads the feed's part of the feeds page.
        """
        settings = self.settings
        directory = self.context["NEWSROOM"]
        site = settings["SITENAME"]
        subtitle = settings.get("SITESUBTITLE") or site
        yield "Toàn trang", site, subtitle, "", settings["FEEDS_SITE_PATH"], articles
        for section in directory["section"].active():
            stories = [a for a in articles if a.category.slug == section.slug]
            home = settings["CATEGORY_URL"].format(slug=section.slug)
            folder = settings["FEEDS_SECTION_PATH"].format(slug=section.slug)
            description = section.description or f"Tin, bài chuyên mục {section.name}"
            if not stories:
                description += " – chưa có tin, bài nào"
            yield (
                "Chuyên mục",
                f"{site} – {section.name}",
                description,
                home,
                folder,
                stories,
            )
        for kind, key, path_setting, url_setting in ENTRY_FEEDS:
            group = FEED_GROUPS[kind]
            registry = directory[kind]
            groups = group_stories(articles, key, registry)
            for entry in registry:
                current = registry.current(entry)
                title = f"{site} – {current.name}"
                if entry != current:  # the old feed follows the merged entry
                    title += f" (trước là {entry.name})"
                home = settings[url_setting].format(slug=current.slug)
                folder = settings[path_setting].format(slug=entry.slug)
                stories = groups.get(current.slug, [])
                description = f"Tin, bài về {current.name}"
                if not stories:
                    description += " – chưa có tin, bài nào"
                yield group, title, description, home, folder, stories

    @staticmethod
    def page_url(siteurl: str, relative: str) -> str:
        """The public URL of an output file: folders end in a slash."""
        if relative == "index.html":
            relative = ""
        elif relative.endswith("/index.html"):
            relative = relative.removesuffix("index.html")
        return absolute_url(siteurl, relative)

    def write_sitemaps(self, files: KeyedOutput, siteurl: str, articles) -> None:
        """sitemap.xml, sitemap-news.xml and robots.txt naming them."""
        settings = self.settings
        preview = settings.get("EDITORIAL_PREVIEW", False)
        written = self.context[WRITTEN_PAGES]

        def sitemap():
            pages = {self.page_url(siteurl, path): lastmod for path, lastmod in written}
            return sitemap_bytes([SitemapEntry(*page) for page in pages.items()])

        files.write("sitemap.xml", ("sitemap", written, siteurl), sitemap)
        now, days = clock.now(), settings["FEEDS_NEWS_DAYS"]
        news = recent_news(
            [
                NewsEntry(absolute_url(siteurl, a.url), a.title, a.date)
                for a in articles
                if in_news_window(a.date, now, days)  # the rest would be left out
            ],
            now,
            days,
            settings["FEEDS_NEWS_MAX"],
        )
        publication = settings["SITENAME"]
        files.write(
            "sitemap-news.xml",
            ("news", news, publication),
            lambda: news_sitemap_bytes(news, publication),
        )
        sitemaps = [
            absolute_url(siteurl, name) for name in ("sitemap.xml", "sitemap-news.xml")
        ]
        allow, disallow = not preview, settings["FEEDS_ROBOTS_DISALLOW"]
        files.write(
            "robots.txt",
            ("robots", sitemaps, allow, disallow),
            lambda: robots_txt(sitemaps, allow=allow, disallow=disallow).encode(),
        )


def add_feeds_generator(pelican):
    """Register the feeds generator."""
    return FeedsGenerator


def register():
    signals.initialized.connect(set_default_settings)
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(add_feeds_generator)
    signals.content_written.connect(record_written_page)
    buildnotes.connect()
