"""Every content object's URL and output path, computed once.

Pelican recomputes ``url`` and ``save_as`` on every use, formatting a copy of
the metadata and resolving the source path each time; a site of 5,000 stories
asks for them about 170,000 times. Once every generator has finished its
context nothing can change them, so they are stored in Pelican's own
``override_url``/``override_save_as`` attributes, which it reads first.

Every plugin that reads them at ``all_generators_finalized`` calls
``freeze_urls`` first: Pelican's signals call their receivers in no set order,
and a second call costs little (Pelican then reads the stored values).
"""

CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
)


def freeze_urls(generators) -> None:
    """Store every content object's URL and output path once."""
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, ()):
                content.override_url = content.url
                content.override_save_as = content.save_as
