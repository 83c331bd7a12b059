"""Listing pages for communes and units, their index pages, and redirects."""

from dataclasses import dataclass

from pelican.generators import Generator

from tintuc.vn_text.slug import sorted_vi

from .model import Entry, Registry
from .settings import INDEXES, STORY_KEYS, URL_SETTINGS


def entry_address(settings: dict, registry: Registry, entry) -> tuple[str, str]:
    """The URL and output path of an entry's page, after following merges."""
    url_key, save_key = URL_SETTINGS[entry.kind]
    slug = registry.current(entry).slug
    return settings[url_key].format(slug=slug), settings[save_key].format(slug=slug)


def own_address(settings: dict, entry) -> str:
    """Where an entry's page was before any merge: the path to redirect from."""
    return settings[URL_SETTINGS[entry.kind][1]].format(slug=entry.slug)


def group_stories(articles, key: str, registry: Registry) -> dict[str, list]:
    """Stories by the slug of each entry they name, merged ones counted as today's.

    Order follows ``articles`` (newest first), and a story is listed once per
    entry even when it names two communes that have since merged.
    """
    groups: dict[str, list] = {}
    for article in articles:
        named = getattr(article, key, None) or []
        entries = named if isinstance(named, list) else [named]
        for slug in dict.fromkeys(registry.current(entry).slug for entry in entries):
            groups.setdefault(slug, []).append(article)
    return groups


@dataclass(frozen=True)
class IndexRow:
    """One line of an index page: an entry, its address, its story count."""

    entry: Entry
    url: str
    count: int
    merged: tuple[Entry, ...] = ()


def index_rows(settings: dict, registry: Registry, groups: dict) -> list[IndexRow]:
    """Every entry of today, with its stories counted and the ones merged into it.

    Sections keep the data file's order (the menu's); communes and units are
    listed in Vietnamese alphabetical order.
    """
    entries = registry.active()
    if registry.kind != "section":
        entries = sorted_vi(entries)
    return [
        IndexRow(
            entry,
            entry_address(settings, registry, entry)[0],
            len(groups.get(entry.slug, ())),
            tuple(registry.merged_into(entry)),
        )
        for entry in entries
    ]


def index_link(settings: dict, kind: str) -> tuple[str, str] | None:
    """(title, URL) of the index page listing entries of ``kind``, if any."""
    for indexed, _, title, setting in INDEXES:
        if indexed == kind:
            return title, settings[f"{setting}_URL"]
    return None


class DirectoryPagesGenerator(Generator):
    """Write a page per active commune and unit, and redirects for merged ones."""

    def generate_context(self):
        """Nothing to add: the pages are made from the articles at output time."""

    def generate_output(self, writer):
        """Write the listing and redirect pages."""
        directory = self.context["NEWSROOM"]
        for kind, key in STORY_KEYS.items():
            registry = directory[kind]
            groups = group_stories(self.context["articles"], key, registry)
            for entry in registry.active():
                stories = groups.get(entry.slug, [])
                url, save_as = entry_address(self.settings, registry, entry)
                writer.write_file(
                    save_as,
                    self.get_template(kind),
                    self.context,
                    self.settings["RELATIVE_URLS"],
                    paginated={"articles": stories, "dates": stories},
                    template_name=kind,
                    url=url,
                    entry=entry,
                    merged_entries=registry.merged_into(entry),
                )
        self.write_indexes(writer, directory)
        self.write_redirects(writer, directory)

    def write_indexes(self, writer, directory):
        """The pages listing every section, commune and unit (/chuyen-muc/…)."""
        for kind, key, title, setting in INDEXES:
            registry = directory[kind]
            groups = group_stories(self.context["articles"], key, registry)
            writer.write_file(
                self.settings[f"{setting}_SAVE_AS"],
                self.get_template("directory_index"),
                self.context,
                self.settings["RELATIVE_URLS"],
                url=self.settings[f"{setting}_URL"],
                index_kind=kind,
                index_title=title,
                index_rows=index_rows(self.settings, registry, groups),
            )

    def write_redirects(self, writer, directory):
        """A static redirect page at the old address of each merged entry."""
        for registry in directory.values():
            for entry in registry:
                if not entry.merged_into:
                    continue
                url, _ = entry_address(self.settings, registry, entry)
                writer.write_file(
                    own_address(self.settings, entry),
                    self.get_template("redirect"),
                    self.context,
                    self.settings["RELATIVE_URLS"],
                    entry=entry,
                    target=registry.current(entry),
                    target_url=url,
                )
