"""Build speed: work done once instead of on every page, and pages on every core.

Every content object's URL and output path is computed once, when every
generator has made its context (``shared.urls.freeze_urls``).

Pelican makes each tag, section and author page's date-ordered list by testing
every story's membership in that page's list: a scan of a list, so the work
grows with the square of the site (about 4 s at 10,000 stories). Those lists
become ``MemberList`` once the context is made, which answer ``in`` at once.

Stories are converted on every core into a reader cache of ours (``reading``).
Rendering is most of a build: ``ParallelWriter`` records each page and renders
them all at the end, across ``BUILDSPEED_WORKERS`` processes, taking from the
page cache (``memo``, ``BUILDSPEED_PAGE_CACHE``) every page whose inputs did not
change. A plugin that reads the written pages sends ``pages_needed`` (declared
in ``buildkit.signals``) first.
"""

from pelican import signals

from tintuc.shared import buildnotes
from tintuc.shared.settings import apply_defaults
from tintuc.shared.urls import freeze_urls

from .reading import prefill
from .writer import ParallelWriter, worker_count

DEFAULTS = {
    # Processes that render pages; 0 means one per core.
    "BUILDSPEED_WORKERS": 0,
    # Keep rendered pages in CACHE_PATH/pages and reuse those whose inputs
    # did not change.
    "BUILDSPEED_PAGE_CACHE": True,
    # Keep what the readers made in CACHE_PATH (Pelican's own cache is off).
    "BUILDSPEED_READER_CACHE": True,
}


class MemberList(list):
    """A list of content objects that answers ``in`` by identity, at once.

    Content objects compare by identity, so the answer is the list's own. For
    lists no one changes once the context is made.
    """

    def __init__(self, items=()):
        super().__init__(items)
        self.members = {id(item) for item in self}

    def __contains__(self, item) -> bool:
        return id(item) in self.members


def quick_membership(generator):
    """Give Pelican's tag, section and author lists a membership test at once."""
    generator.tags = {tag: MemberList(items) for tag, items in generator.tags.items()}
    for name in ("categories", "authors"):
        pairs = getattr(generator, name)
        pairs[:] = [(entry, MemberList(items)) for entry, items in pairs]


def set_default_settings(pelican):
    """Copy each default into the site's settings unless the site set it."""
    apply_defaults(pelican.settings, DEFAULTS)


def read_in_parallel(generator):
    """Fill the generator's reader cache on every core before it reads."""
    prefill(generator, worker_count(generator.settings))


def parallel_writer(pelican):
    """Give Pelican the recording writer.

    Not with relative URLs: Pelican then points the shared context at each page
    just before rendering it, which a later rendering cannot reproduce.
    """
    return None if pelican.settings["RELATIVE_URLS"] else ParallelWriter


def register():
    signals.initialized.connect(set_default_settings)
    signals.generator_init.connect(read_in_parallel)
    signals.article_generator_finalized.connect(quick_membership)
    signals.all_generators_finalized.connect(freeze_urls)
    signals.get_writer.connect(parallel_writer)
    buildnotes.connect()
