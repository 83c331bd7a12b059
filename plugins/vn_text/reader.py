"""A Markdown reader that normalises the source text before parsing it."""

from markdown import Markdown
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

    def read(self, source_path):
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        with open(source_path, encoding="utf-8") as source:
            content = self._md.convert(normalise_text(source.read()))
        raw_metadata = getattr(self._md, "Meta", {})
        for field in DATE_FIELDS:
            if field in raw_metadata:
                raw_metadata[field] = [
                    parse_datetime_vi(value).isoformat(sep=" ")
                    for value in raw_metadata[field]
                ]
        return content, self._parse_metadata(raw_metadata)
