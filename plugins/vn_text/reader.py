"""A Markdown reader that normalises the source text before parsing it."""

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from pelican.readers import MarkdownReader

from .dates import parse_datetime_vi
from .normalise import normalise_text

DATE_FIELDS = ("date", "modified")


class VietnameseMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, fed NFC text with LF endings and no BOM.

    Normalising the source, not the output, means the title, tags, slug
    and body of an NFD file come out exactly as from its NFC twin. Dates
    are read day-first, as Vietnamese editors write them.
    """

    _body_markdown = None
    _fields_markdown = None

    def read(self, source_path):
        self._source_path = source_path
        # One Markdown object per reader, reset between files: building a new
        # one for every story costs more than converting a short story.
        if self._body_markdown is None:
            self._body_markdown = Markdown(**self.settings["MARKDOWN"])
            self._fields_markdown = Markdown(**self.settings["MARKDOWN"])
        body = self._body_markdown
        body.reset()
        with open(source_path, encoding="utf-8") as source:
            content = body.convert(normalise_text(source.read()))
        raw_metadata = dict(getattr(body, "Meta", {}))
        for field in DATE_FIELDS:
            if field in raw_metadata:
                raw_metadata[field] = [
                    parse_datetime_vi(value).isoformat(sep=" ")
                    for value in raw_metadata[field]
                ]
        # Pelican's _parse_metadata removes the "meta" step from self._md before
        # converting formatted fields; give it the second object, and a
        # placeholder step to remove, so the body object keeps its own.
        self._md = self._fields_markdown
        if "meta" not in self._md.preprocessors:
            self._md.preprocessors.register(RemovedByPelican(), "meta", 0)
        return content, self._parse_metadata(raw_metadata)


class RemovedByPelican(Preprocessor):
    """Stands in for the meta step, which Pelican removes before any use."""

    def run(self, lines):
        return lines
