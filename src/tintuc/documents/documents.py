"""Wire the document library into Pelican.

Reads ``content/documents/`` with Pelican's readers into ``Document`` objects,
links documents both ways (replaces, related, ``[[number]]`` citations) and to
the stories that cite them, publishes each PDF without its metadata, and
writes a page per document, ``/van-ban/`` with a page per type, issuer,
field and year, and the documents' feeds. Needs ``vn_text``, ``sanitiser``
and ``directory`` before it, and ``feeds`` after it (its sitemap lists these
pages).
"""

import datetime
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator

from tintuc.feeds.items import FeedItem, absolute_url, feed_html, guid_of
from tintuc.feeds.writers import FEED_FORMATS, FeedInfo
from tintuc.photos.share_card import draw_document_card
from tintuc.shared import clock, reads
from tintuc.shared.buildnotes import CITATIONS, body_shown
from tintuc.shared.cachefiles import write_atomic
from tintuc.shared.clock import is_expired, is_in_force
from tintuc.shared.clock import written_moment as moment
from tintuc.shared.readers import add_reading_step
from tintuc.shared.settings import apply_defaults
from tintuc.shared.signals import document_context
from tintuc.vn_text.dates import year_vi
from tintuc.vn_text.fields import split_list
from tintuc.vn_text.slug import slugify_vi

from .citations import linked_citations
from .jsonld import document_json_ld_filter
from .model import attachment_path, file_lines, load_kinds
from .numbers import cited_numbers, number_slug
from .pdf import PdfProblem, cleaned_pdf, pdf_facts
from .settings import DEFAULTS, FACETS

CITES = "cites"  # the metadata field a reading step fills with cited numbers


class Document(Content):
    """One document of the library (Pelican's public ``Content``)."""

    mandatory_properties = ("title",)
    default_template = "document"


def set_default_settings(pelican):
    apply_defaults(pelican.settings, DEFAULTS)
    pelican.settings["PAGINATED_TEMPLATES"].setdefault("documents", None)


def noted_citations(content: str, metadata: dict) -> tuple[str, dict]:
    """A reading step: list the ``[[number]]`` citations of a body."""
    if content and "[[" in content:
        numbers = cited_numbers(content)
        if numbers:
            metadata[CITES] = numbers
    return content, metadata


def legal_status(document, today: datetime.date) -> str:
    """Chưa có hiệu lực, còn hiệu lực, hết hiệu lực or bị thay thế.

    Only a type with legal effect (document_types.toml) has a status; a
    report or a plan replaced by another is still "Bị thay thế".
    """
    if getattr(document, "replaced_by", None):
        return "Bị thay thế"
    kind = getattr(document, "document_type", None)
    if not (kind and kind.legal_effect):
        return ""
    expires = moment(str(document.metadata.get("expires", "") or ""))
    if is_expired(expires.date() if expires else None, today):
        return "Hết hiệu lực"
    in_force = moment(str(document.metadata.get("in_force", "") or ""))
    if not is_in_force(in_force.date() if in_force else None, today):
        return "Chưa có hiệu lực"
    return "Còn hiệu lực"


def size_label(size: int) -> str:
    """``1,2 MB`` or ``85 KB``, as Vietnamese write decimals."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


class DocumentsGenerator(Generator):
    """Reads, links and writes the document library."""

    def generate_context(self):
        settings = self.settings
        folder = Path(settings["PATH"], settings["DOCUMENTS_PATH"])
        self.documents, self.files = [], []
        self.context["documents"] = self.documents
        if not folder.is_dir():
            return
        data_dir = Path(settings["PATH"], settings["DIRECTORY_DATA_DIR"])
        self.types = load_kinds(data_dir / settings["DOCUMENTS_TYPES_FILE"], "type")
        self.fields = load_kinds(data_dir / settings["DOCUMENTS_FIELDS_FILE"], "field")
        directory = self.context["NEWSROOM"]
        preview = settings.get("EDITORIAL_PREVIEW", False)
        now = clock.now()
        for path in self.get_files(settings["DOCUMENTS_PATH"], extensions=("md",)):
            document = self.readers.read_file(
                base_path=self.path,
                path=path,
                content_class=Document,
                context=self.context,
                context_signal=document_context,
                context_sender=self,
            )
            status = str(document.metadata.get("status", "")).lower()
            # As stories: nothing dated in the future is published (preview aside).
            future = not (
                settings["WITH_FUTURE_DATES"] or clock.is_published(document.date, now)
            )
            if preview and status in ("draft", "review", "published"):
                status = "published"
            elif future:
                status = "future"
            if status == "published":
                self.describe(document, directory)
                self.documents.append(document)
        self.documents.sort(key=lambda d: (d.date, d.number), reverse=True)
        self.link_documents()

    def describe(self, document, directory) -> None:
        """The document's type, issuer, field, communes and files."""
        metadata = document.metadata
        document.number = str(metadata["number"])
        document.document_type = self.types.find(str(metadata.get("type", "")))
        document.issuer = directory["unit"].find(str(metadata.get("issuer", "")))
        document.field = self.fields.find(str(metadata.get("field", "") or ""))
        document.communes_list = [
            directory["commune"].find(name)
            for name in split_list(metadata.get("communes"))
        ]
        document.year = year_vi(document.date)
        document.attachments = []
        limit = self.settings["DOCUMENTS_MAX_PDF_BYTES"]
        for _, written, label in file_lines(metadata.get("files")):
            # The gate refuses a file outside the content; never read here.
            path = attachment_path(document.source_path, written, self.path)
            if path is None:
                raise PdfProblem(f"tệp '{written}' nằm ngoài thư mục nội dung")
            facts = pdf_facts(path, limit)
            stem = slugify_vi(path.stem)
            name = document.slug if stem == document.slug else f"{document.slug}-{stem}"
            name += ".pdf"
            self.files.append((path, name))
            document.attachments.append(
                {
                    "name": name,
                    "label": label or name,
                    "url": f"{self.settings['DOCUMENTS_FILES_DIR']}/{name}",
                    "pages": facts.pages,
                    "size": size_label(facts.size),
                    "text": facts.text,
                }
            )

    def link_documents(self) -> None:
        """Replaces, related, citations: each computed in both directions."""
        by_number = {document.number: document for document in self.documents}
        self.context["DOCUMENTS_BY_NUMBER"] = by_number
        for document in self.documents:
            document.replaced_by = None
            document.cited_by, document.stories = [], []
        for document in self.documents:
            metadata = document.metadata
            document.replaces = [
                by_number[n]
                for n in split_list(metadata.get("replaces"))
                if n in by_number
            ]
            for old in document.replaces:
                old.replaced_by = document
            related = split_list(metadata.get("related"))
            bases = metadata.get(CITES, [])
            document.cites = [
                by_number[n]
                for n in dict.fromkeys(related + bases)
                if n in by_number and n != document.number
            ]
            # Cited in its text: its bases ("Căn cứ"); named in Related: the rest.
            document.bases = [d for d in document.cites if d.number in bases]
            document.related_documents = [
                d for d in document.cites if d.number not in bases
            ]
            for cited in document.cites:
                cited.cited_by.append(document)
        for story in self.context["articles"]:
            if story.metadata.get(CITES):
                body_shown(self.settings, story.source_path, CITATIONS)
            for number in story.metadata.get(CITES, []):
                if number in by_number:
                    by_number[number].stories.append(story)
        today = clock.now().date()
        for document in self.documents:
            document.legal_status = legal_status(document, today)

    def facet_groups(self):
        """(facet word, slug, title, documents) of every facet page."""
        groups = {}
        for document in self.documents:
            keys = {
                "type": document.document_type,
                "issuer": document.issuer,
                "field": document.field,
                "year": document.year,
            }
            for word, attribute in FACETS.items():
                value = keys[attribute]
                if value is None:
                    continue
                name = value if isinstance(value, str) else value.name
                slug = value if isinstance(value, str) else value.slug
                groups.setdefault((word, slug), (name, []))[1].append(document)
        for (word, slug), (name, documents) in sorted(groups.items()):
            yield word, slug, name, documents

    def generate_output(self, writer):
        if not self.documents:
            return
        settings = self.settings
        template, listing = (
            self.get_template("document"),
            self.get_template("documents"),
        )
        for document in self.documents:
            self.draw_share_card(document)
            writer.write_file(
                document.save_as,
                template,
                self.context,
                settings["RELATIVE_URLS"],
                document=document,
                page_name=document.url,
            )
        pages = [
            (
                settings["DOCUMENTS_INDEX_SAVE_AS"],
                settings["DOCUMENTS_INDEX_URL"],
                "Văn bản chỉ đạo, điều hành",
                self.documents,
            )
        ]
        facets = list(self.facet_groups())
        for word, slug, name, documents in facets:
            pages.append(
                (
                    settings["DOCUMENTS_FACET_SAVE_AS"].format(facet=word, slug=slug),
                    settings["DOCUMENTS_FACET_URL"].format(facet=word, slug=slug),
                    f"Văn bản: {name}",
                    documents,
                )
            )
        for save_as, url, title, documents in pages:
            writer.write_file(
                save_as,
                listing,
                self.context,
                settings["RELATIVE_URLS"],
                paginated={"articles": documents},
                template_name="documents",
                url=url,
                page_name=save_as.removesuffix("/index.html").removesuffix(".html"),
                listing_title=title,
                documents_facets=facets,
            )
        self.write_files()
        self.write_feeds()

    def draw_share_card(self, document) -> None:
        """The 1200×630 picture a share of the document shows, beside its page.

        Drawn with the photos plugin's card font and colours (skipped without
        them): type, number and issuer, then the subject.
        """
        settings = self.settings
        if "PHOTOS_CARD_FONT" not in settings:
            return
        kind = document.document_type.name if document.document_type else "Văn bản"
        issuer = document.issuer.name if document.issuer else ""
        size = tuple(settings["PHOTOS_SOCIAL_SIZE"])
        card = draw_document_card(
            [(kind.upper(), 46), (f"Số {document.number}", 40), (issuer, 30)],
            document.title,
            settings["SITENAME"],
            str(Path(settings["THEME"], settings["PHOTOS_CARD_FONT"])),
            size=size,
            background=settings["PHOTOS_CARD_BACKGROUND"],
            text=settings["PHOTOS_CARD_TEXT"],
        )
        name = settings["DOCUMENTS_SHARE_CARD"]
        folder = Path(self.output_path, document.save_as).parent
        write_atomic(folder / name, card)
        document.social_image = {
            "url": absolute_url(settings["SITEURL"], document.url + name),
            "width": size[0],
            "height": size[1],
            "alt": f"{kind} số {document.number} của {issuer}: {document.title}",
        }

    def write_files(self) -> None:
        """Each PDF without its metadata, under DOCUMENTS_FILES_DIR."""
        folder = Path(self.output_path, self.settings["DOCUMENTS_FILES_DIR"])
        limit = self.settings["DOCUMENTS_MAX_PDF_BYTES"]
        for source, name in sorted(set(self.files)):
            write_atomic(folder / name, cleaned_pdf(source, limit))

    def write_feeds(self) -> None:
        """The documents' RSS, Atom and JSON feeds."""
        settings = self.settings
        siteurl = settings["SITEURL"]
        folder = settings["DOCUMENTS_FEED_DIR"]
        names = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
        info = FeedInfo(
            title=f"{settings['SITENAME']} – Văn bản",
            description="Văn bản chỉ đạo, điều hành mới ban hành",
            home_url=absolute_url(siteurl, settings["DOCUMENTS_INDEX_URL"]),
            urls={k: absolute_url(siteurl, f"{folder}/{n}") for k, n in names.items()},
            updated=self.documents[0].date,
            hub=settings.get("FEEDS_HUB", ""),
        )
        self.context["DOCUMENTS_FEED"] = info  # listed on the feeds page
        urls = {d.number: absolute_url(siteurl, d.url) for d in self.documents}
        items = [self.feed_item(d, siteurl, urls) for d in self.documents]
        for kind, name in names.items():
            path = Path(self.output_path, folder, name)
            write_atomic(path, FEED_FORMATS[kind](info, items[:50]))

    def feed_item(self, document, siteurl: str, urls: dict) -> FeedItem:
        kind = document.document_type.name if document.document_type else ""
        issuer = document.issuer.name if document.issuer else ""
        return FeedItem(
            guid=guid_of(document.metadata),
            url=absolute_url(siteurl, document.url),
            title=f"{kind} số {document.number}: {document.title}",
            summary=f"{kind} số {document.number} của {issuer}: {document.title}",
            content_html=feed_html(linked_citations(document.content, urls), siteurl),
            published=document.date,
            updated=document.date,
            authors=(issuer,),
            categories=tuple(filter(None, (kind, getattr(document.field, "name", "")))),
        )


def set_document_slug(generator, metadata):
    """A document's slug is its number's: ``227/KH-UBND`` → ``227-kh-ubnd``."""
    if metadata.get("number"):
        metadata["slug"] = number_slug(str(metadata["number"]))


def note_citations_while_reading(readers):
    add_reading_step(readers, noted_citations)


def add_citations_filter(generator):
    """Give templates ``content|with_documents``: citations as links."""

    def with_documents(html):
        if not html or "[[" not in html:
            return html  # most bodies cite nothing: no map of every document
        # The template handed it none of these: say what it reads.
        reads.resolved("DOCUMENTS_BY_NUMBER")
        by_number = generator.context.get("DOCUMENTS_BY_NUMBER") or {}
        reads.note(by_number)
        siteurl = generator.settings["SITEURL"]
        urls = {n: f"{siteurl}/{d.url}" for n, d in by_number.items()}
        return linked_citations(html, urls)

    generator.env.filters["with_documents"] = with_documents
    generator.env.filters["document_json_ld"] = document_json_ld_filter(
        generator.settings
    )


def add_documents_generator(pelican):
    return DocumentsGenerator


def register():
    signals.initialized.connect(set_default_settings)
    signals.readers_init.connect(note_citations_while_reading)
    signals.generator_init.connect(add_citations_filter)
    signals.get_generators.connect(add_documents_generator)
    document_context.connect(set_document_slug)
