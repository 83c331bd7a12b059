"""Wire the Vietnamese text helpers into Pelican."""

from pelican import signals

from tintuc.shared.readers import add_reading_step

from .dates import (
    format_date_vi,
    format_datetime_vi,
    format_iso,
    format_month_vi,
    year_vi,
)
from .fields import is_yes
from .names import mid_sentence
from .quotes import typographic_quotes
from .reader import VietnameseMarkdownReader
from .slug import fold_diacritics, slugify_vi, sorted_vi

JINJA_FILTERS = {
    "vn_datetime": format_datetime_vi,
    "vn_date": format_date_vi,
    "vn_month": format_month_vi,
    "vn_year": year_vi,
    "iso_datetime": format_iso,
    "fold_diacritics": fold_diacritics,
    "sorted_vi": sorted_vi,
    "mid_sentence": mid_sentence,
}
# ``selectattr("metadata.featured", "yes")``: the gate's own yes-words.
JINJA_TESTS = {"yes": is_yes}


def use_vietnamese_reader(readers):
    """Read every Markdown extension with the normalising reader.

    Then set typographic quotes, a step Pelican's reader cache keeps.
    """
    for extension in VietnameseMarkdownReader.file_extensions:
        readers.reader_classes[extension] = VietnameseMarkdownReader
    add_reading_step(readers, typographic_quotes)


def add_jinja_filters(generator):
    """Give every template the Vietnamese date and text filters, and ``yes``."""
    generator.env.filters.update(JINJA_FILTERS)
    generator.env.tests.update(JINJA_TESTS)


def set_ascii_slug(generator, metadata):
    """Give each story an ASCII slug: from its title, or its own slug cleaned."""
    source = metadata.get("slug") or metadata.get("title")
    if source:
        metadata["slug"] = slugify_vi(str(source))


def register():
    signals.readers_init.connect(use_vietnamese_reader)
    signals.generator_init.connect(add_jinja_filters)
    signals.article_generator_context.connect(set_ascii_slug)
    signals.page_generator_context.connect(set_ascii_slug)
