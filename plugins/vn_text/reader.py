"""A Markdown reader of ours that normalises the source text before parsing it.

It stands on Pelican's public ``BaseReader`` (``settings``, ``process_metadata``)
and reads header fields as Pelican's own Markdown reader does: lowercased
names, a list for a field given twice unless Pelican allows only one, and
``FORMATTED_FIELDS`` rendered as Markdown.
"""

import copy
import logging

from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, BaseReader

from .dates import parse_datetime_vi
from .normalise import normalise_text

DATE_FIELDS = ("date", "modified")
META_EXTENSION = "markdown.extensions.meta"
logger = logging.getLogger(__name__)


def markdown_options(settings: dict) -> dict:
    """The site's ``MARKDOWN`` options with the meta extension, not changing them."""
    options = copy.deepcopy(settings["MARKDOWN"])
    options.setdefault("extension_configs", {})
    extensions = options.setdefault("extensions", [])
    for name in options["extension_configs"]:
        if name not in extensions:
            extensions.append(name)
    if META_EXTENSION not in extensions:
        extensions.append(META_EXTENSION)
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
            # Formatted fields are plain Markdown: no header of their own.
            self.fields_markdown.preprocessors.deregister("meta")
        body = self.body_markdown
        body.reset()
        with open(source_path, encoding="utf-8") as source:
            content = body.convert(normalise_text(source.read()))
        raw = dict(getattr(body, "Meta", {}))
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
                output[name] = self.process_metadata(name, values[0])
            elif len(values) > 1:
                output[name] = self.process_metadata(name, values)
            else:
                output[name] = self.process_metadata(name, values[0])
        return output
