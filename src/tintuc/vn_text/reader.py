"""A Markdown reader of ours that normalises the source text before parsing it.

It stands on Pelican's public ``BaseReader`` (``settings``, ``process_metadata``).
The header is split off by ``front_matter.parse_front_matter``, the one parser
the gate and the build wrapper use too (Python-Markdown's ``meta`` rules), and
its fields are made as Pelican's own Markdown reader makes them: lowercased
names, a list for a field given twice unless Pelican allows only one, and
``FORMATTED_FIELDS`` rendered as Markdown. Authors and tags are split by the
site's one list rule (``vn_text.fields.split_list``: commas and semicolons),
which the gate uses too, not Pelican's (semicolons if any, else commas).
"""

import copy
import logging

from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, BaseReader

from .dates import parse_datetime_vi
from .fields import split_list
from .front_matter import parse_front_matter
from .normalise import source_text

DATE_FIELDS = ("date", "modified")
LIST_FIELDS = ("authors", "tags")  # Pelican makes a list of these
META_EXTENSION = "markdown.extensions.meta"
logger = logging.getLogger(__name__)


def markdown_options(settings: dict) -> dict:
    """The site's ``MARKDOWN`` options without the meta extension, not changed.

    The header is split off before Markdown sees the text.
    """
    options = copy.deepcopy(settings["MARKDOWN"])
    configs = options.setdefault("extension_configs", {})
    configs.pop(META_EXTENSION, None)
    extensions = options.setdefault("extensions", [])
    for name in configs:
        if name not in extensions:
            extensions.append(name)
    options["extensions"] = [name for name in extensions if name != META_EXTENSION]
    return options


class VietnameseMarkdownReader(BaseReader):
    """Markdown fed NFC text with LF endings and no BOM; dates read day-first.

    Normalising the source, not the output, means the title, tags, slug and
    body of an NFD file come out exactly as from its NFC twin.
    """

    enabled = True
    file_extensions = ["md", "markdown", "mkd", "mdown"]

    def __init__(self, settings):
        super().__init__(settings)
        self.options = markdown_options(settings)
        # One Markdown object per reader, reset between files: building a new
        # one for every story costs more than converting a short story.
        self.body_markdown = None
        self.fields_markdown = None

    def read(self, source_path):
        """The story's HTML and its processed header fields."""
        if self.body_markdown is None:
            self.body_markdown = Markdown(**self.options)
            self.fields_markdown = Markdown(**self.options)
        with open(source_path, encoding="utf-8") as source:
            text = source_text(source.read())
        story = parse_front_matter(text)
        self.body_markdown.reset()
        content = self.body_markdown.convert(story.body)
        raw = {
            key: [value.strip() for value in field.values]
            for key, field in story.fields.items()
        }
        for field in DATE_FIELDS:
            if field in raw:
                raw[field] = [
                    parse_datetime_vi(v).isoformat(sep=" ") for v in raw[field]
                ]
        return content, self.fields(raw, source_path)

    def fields(self, raw: dict, source_path: str) -> dict:
        """Header values as Pelican's Markdown reader makes them."""
        formatted = self.settings["FORMATTED_FIELDS"]
        output = {}
        for key, values in raw.items():
            name = key.lower()
            if name in formatted:
                self.fields_markdown.reset()
                html = self.fields_markdown.convert("\n".join(values))
                output[name] = self.process_metadata(name, html)
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
                if len(values) > 1:
                    logger.warning(
                        "Duplicate definition of `%s` for %s. Using first one.",
                        name,
                        source_path,
                    )
                value = split_list(values[0]) if name in LIST_FIELDS else values[0]
                output[name] = self.process_metadata(name, value)
            elif len(values) > 1:
                output[name] = self.process_metadata(name, values)
            else:
                output[name] = self.process_metadata(name, values[0])
        return output
