"""Wire the photo pipeline into Pelican.

Needs ``vn_text`` and ``directory`` listed before it in ``PLUGINS``.
"""

import hashlib
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from tintuc.shared.buildnotes import PHOTOS, body_shown
from tintuc.shared.cachefiles import is_whole_jpeg, link_or_copy, write_atomic
from tintuc.shared.readers import add_reading_step
from tintuc.shared.settings import apply_defaults
from tintuc.shared.signals import story_refreshed
from tintuc.shared.workers import fork_map, process_count

from .gallery import caption_sentence, parse_gallery
from .markup import Rendition, note_body_photos, rewrite_photos
from .paths import resolve_media
from .pipeline import Job, PhotoError, cached_manifest, job_key, make_derivatives
from .settings import DEFAULTS, PHOTO_SUFFIXES, PIPELINE_VERSION
from .share_card import draw_share_card

logger = logging.getLogger(__name__)
# The metadata field a reading step fills with the photos a body holds.
BODY_PHOTOS = "body_photos"


@dataclass
class Reference:
    """One place a story uses a photo: as written, and the file it means."""

    written: str  # as in the story file
    address: str  # as in the body Pelican keeps (no ``{static}``)
    path: Path
    linked: bool
    in_body: bool = False


def derivatives_or_error(job: Job):
    """A photo's derivatives, or the ``PhotoError`` that says why it cannot be used."""
    try:
        return make_derivatives(job)
    except PhotoError as error:
        return error


def photo_workers(settings: dict) -> int:
    """How many processes make what the photo cache lacks: every core by default."""
    return process_count(settings, settings["PHOTOS_WORKERS"] or os.cpu_count() or 1)


def write_share_card(path: str, title: str, settings: dict) -> None:
    """Draw the title card of a story with no photo into the cache, at ``path``."""
    write_atomic(
        Path(path),
        draw_share_card(
            title,
            settings["SITENAME"],
            os.path.join(settings["THEME"], settings["PHOTOS_CARD_FONT"]),
            size=tuple(settings["PHOTOS_SOCIAL_SIZE"]),
            background=settings["PHOTOS_CARD_BACKGROUND"],
            text=settings["PHOTOS_CARD_TEXT"],
        ),
    )


def set_default_settings(pelican):
    """Copy each default into the site's settings unless the site set it."""
    apply_defaults(pelican.settings, DEFAULTS)


def is_photo(path: Path | None) -> bool:
    """True for a local file with a photo's extension."""
    return path is not None and path.suffix.lower() in PHOTO_SUFFIXES


def find_references(content, content_dir: Path) -> list[Reference]:
    """Every photo a story shows or links to, lead and gallery included."""
    lead = content.metadata.get("image")
    gallery = parse_gallery(content.metadata.get("gallery"))
    in_body = content.metadata.get(BODY_PHOTOS, ())
    if not (lead or gallery or in_body):
        return []  # most stories: no path to make
    story_dir = Path(content.source_path).parent
    found = []
    if lead:
        found.append(
            Reference(lead, lead, resolve_media(lead, content_dir, story_dir), False)
        )
    for photo in gallery:
        path = resolve_media(photo.source, content_dir, story_dir)
        found.append(Reference(photo.source, photo.source, path, False))
    for written, address, linked in in_body:
        path = resolve_media(address, content_dir, story_dir)
        found.append(Reference(written, address, path, linked, in_body=True))
    return [reference for reference in found if is_photo(reference.path)]


def noted_body_photos(content: str, metadata: dict) -> tuple[str, dict]:
    """A reading step: list the body's photos in the story's metadata."""
    if content:
        content, found = note_body_photos(content)
        if found:
            metadata[BODY_PHOTOS] = found
    return content, metadata


def with_photos(html: str, content) -> str:
    """The ``with_photos`` filter: a body whose photos are responsive <picture>s.

    Templates and feeds apply it to ``content``; the renditions were attached
    to the story when its photos were made.
    """
    renditions = getattr(content, "body_renditions", None)
    if not html or not renditions:
        return html
    settings = content.settings
    return rewrite_photos(
        html, renditions, settings["PHOTOS_SIZES"], settings["PHOTOS_FALLBACK_WIDTH"]
    )


def parse_focus(value) -> tuple[float, float]:
    """``Image_focus: 30, 40`` (percent from left, top) as fractions; else centre."""
    try:
        left, top = (float(part) / 100 for part in str(value).split(","))
    except (TypeError, ValueError):
        return 0.5, 0.5
    return min(max(left, 0.0), 1.0), min(max(top, 0.0), 1.0)


class PhotosGenerator(Generator):
    """Make every published photo's derivatives and rewrite stories to use them."""

    def generate_context(self):
        """Process photos before any page is rendered, so pages can use sizes."""
        settings = self.settings
        content_dir = Path(settings["PATH"])
        cache_dir = Path(settings["CACHE_PATH"], settings["PHOTOS_CACHE_DIR"])
        contents = [
            *self.context["articles"],
            *self.context["pages"],
            *self.context["hidden_pages"],
        ]
        references = {
            id(content): find_references(content, content_dir) for content in contents
        }
        for content in contents:
            if any(reference.in_body for reference in references[id(content)]):
                body_shown(settings, content.source_path, PHOTOS)
        jobs, owners = self.plan_jobs(contents, references, cache_dir)
        manifests = self.run_jobs(jobs, owners)
        renditions = {
            path: self.rendition(manifest, cache_dir)
            for path, manifest in manifests.items()
        }
        # Plain strings: at 1,000 photos a Path per file costs a tenth of a second.
        self.files = [
            (os.path.join(cache_dir, manifest["key"], item["name"]), item["name"])
            for manifest in manifests.values()
            for item in manifest["files"]
        ]
        for content in contents:
            self.attach(content, references[id(content)], renditions)
        # The card font is hashed once per build, not once per card.
        font = Path(settings["THEME"], settings["PHOTOS_CARD_FONT"])
        self.font_digest = hashlib.sha256(font.read_bytes()).hexdigest()
        self.cache_dir = cache_dir
        self.carded = set()  # ids of the stories whose face is a drawn card
        self.attach_share_cards(
            [
                story
                for story in self.context["articles"]
                if not getattr(story, "social_image", None)
            ]
        )
        # Weak: the receiver goes with this generator.
        story_refreshed.connect(self.redraw_share_card)

    def redraw_share_card(self, story, settings):
        """A card shows its story's title: draw it again when the title changed."""
        if settings is self.settings and id(story) in self.carded:
            self.attach_share_cards([story])

    def plan_jobs(self, contents, references, cache_dir):
        """One job per photo file, however many stories use it."""
        settings = self.settings
        jobs, owners = {}, {}
        for content in contents:
            focus = parse_focus(content.metadata.get("image_focus"))
            for reference in references[id(content)]:
                owners.setdefault(reference.path, (content, reference.written))
                previous = jobs.get(reference.path)
                linked = reference.linked or bool(previous and previous.keep_original)
                if not reference.path.is_file():
                    raise_photo_errors(
                        [(content, reference.written, "không tìm thấy tệp")]
                    )
                data = reference.path.read_bytes()
                options = {
                    "version": PIPELINE_VERSION,
                    "widths": settings["PHOTOS_WIDTHS"],
                    "quality": settings["PHOTOS_QUALITY"],
                    "social": settings["PHOTOS_SOCIAL_SIZE"],
                    "max_pixels": settings["PHOTOS_MAX_PIXELS"],
                    "focus": focus,
                    "original": linked,
                    "thumbs": [
                        settings["PHOTOS_THUMB_WIDTHS"],
                        settings["PHOTOS_THUMB_RATIO"],
                    ],
                }
                jobs[reference.path] = Job(
                    source=str(reference.path),
                    cache_dir=str(cache_dir),
                    key=job_key(data, options),
                    stem=reference.path.stem[:40],
                    widths=tuple(settings["PHOTOS_WIDTHS"]),
                    quality=tuple(sorted(settings["PHOTOS_QUALITY"].items())),
                    max_pixels=settings["PHOTOS_MAX_PIXELS"],
                    social_size=tuple(settings["PHOTOS_SOCIAL_SIZE"]),
                    focus=focus,
                    keep_original=linked,
                    thumb_widths=tuple(settings["PHOTOS_THUMB_WIDTHS"]),
                    thumb_ratio=tuple(settings["PHOTOS_THUMB_RATIO"]),
                )
        return jobs, owners

    def run_jobs(self, jobs: dict, owners: dict) -> dict:
        """Run the jobs, cached ones at once and the rest on every core."""
        results, errors, missing = {}, [], {}
        for path, job in jobs.items():
            manifest = cached_manifest(job)
            if manifest is None:
                missing[path] = job
            else:
                results[path] = manifest
        paths = sorted(missing)
        made = fork_map(
            lambda path: derivatives_or_error(missing[path]),
            paths,
            photo_workers(self.settings),
        )
        outcomes = dict(zip(paths, made, strict=True))
        for path in sorted(outcomes):
            outcome = outcomes[path]
            if isinstance(outcome, BaseException):
                content, written = owners[path]
                errors.append((content, written, str(outcome)))
            else:
                results[path] = outcome
        raise_photo_errors(errors)
        return results

    def url(self, name: str) -> str:
        """The public URL of a derivative."""
        return f"{self.settings['SITEURL']}/{self.settings['PHOTOS_OUTPUT_DIR']}/{name}"

    def rendition(self, manifest: dict, cache_dir: Path) -> Rendition:
        """URLs and sizes of a processed photo's files."""
        rendition = Rendition()
        for item in manifest["files"]:
            url = self.url(item["name"])
            if item["kind"] == "webp":
                rendition.webp.append((url, item["width"]))
            elif item["kind"] == "jpeg":
                rendition.jpeg.append((url, item["width"], item["height"]))
            elif item["kind"] == "social":
                rendition.social = (url, item["width"], item["height"])
                rendition.social_path = os.path.join(
                    cache_dir, manifest["key"], item["name"]
                )
            elif item["kind"] == "original":
                rendition.original = url
            elif item["kind"] == "thumb-webp":
                rendition.thumb_webp.append((url, item["width"]))
            elif item["kind"] == "thumb-jpeg":
                rendition.thumb_jpeg.append((url, item["width"], item["height"]))
        return rendition

    def attach(self, content, references, renditions):
        """Give a story its lead photo, gallery and share image; rewrite its body."""
        settings = self.settings
        lead = content.metadata.get("image")
        by_written = {ref.written: renditions[ref.path] for ref in references}
        in_body = {
            ref.address: renditions[ref.path] for ref in references if ref.in_body
        }
        gallery = [
            photo
            for photo in parse_gallery(content.metadata.get("gallery"))
            if photo.source in by_written
        ]
        content.gallery = [
            {
                "picture": by_written[photo.source].picture_html(
                    photo.alt,
                    settings["PHOTOS_SIZES"],
                    settings["PHOTOS_FALLBACK_WIDTH"],
                    lead=False,
                ),
                "caption": photo.caption,
                "credit": photo.credit,
            }
            for photo in gallery
        ]
        # The story's face: its lead photo, else a photo essay's first photo.
        face, alt = None, ""
        if lead and lead in by_written:
            face, alt = by_written[lead], content.metadata.get("image_alt", "")
            content.lead_picture = face.picture_html(
                alt,
                settings["PHOTOS_SIZES"],
                settings["PHOTOS_FALLBACK_WIDTH"],
                lead=True,
            )
        elif gallery:
            face, alt = by_written[gallery[0].source], gallery[0].alt
        if face is not None:
            if face.thumb_jpeg:
                content.thumbnail = face.thumbnail_html(settings["PHOTOS_THUMB_SIZES"])
                content.thumbnail_url = face.thumb_jpeg[0][0]  # the smallest
            url, width, height = face.social
            content.social_image = {
                "url": url,
                "width": width,
                "height": height,
                "alt": alt,
                "path": face.social_path,
            }
        if in_body:
            content.body_renditions = in_body

    def share_card_file(self, story) -> tuple[str, str]:
        """The path and the name of the title card of ``story`` (its title's)."""
        settings = self.settings
        options = [
            story.title,
            settings["SITENAME"],
            settings["PHOTOS_SOCIAL_SIZE"],
            settings["PHOTOS_CARD_BACKGROUND"],
            settings["PHOTOS_CARD_TEXT"],
            PIPELINE_VERSION,
            self.font_digest,
        ]
        key = job_key(b"share-card", {"card": options})
        name = f"the-{story.slug[:40]}-{key[:8]}.jpg"
        return os.path.join(self.cache_dir, "cards", name), name

    def attach_share_cards(self, stories: list) -> None:
        """Draw (or reuse) a title card for each story that has no photo.

        The cards missing from the cache are drawn on every core: a new site
        of 10,000 stories took 89 s drawing them on one.
        """
        settings = self.settings
        cards = [(story, *self.share_card_file(story)) for story in stories]
        missing = {}
        for story, path, _ in cards:
            if path not in missing and not is_whole_jpeg(path):
                missing[path] = story.title
        fork_map(
            lambda path: write_share_card(path, missing[path], settings),
            sorted(missing),
            photo_workers(settings),
        )
        width, height = settings["PHOTOS_SOCIAL_SIZE"]
        for story, path, name in cards:
            self.files.append((path, name))
            self.carded.add(id(story))
            story.social_image = {
                "url": self.url(name),
                "width": width,
                "height": height,
                "alt": f"{settings['SITENAME']}: {story.title}",
                "path": path,
            }

    def generate_output(self, writer):
        """Put every derivative in the output, hard-linked from the cache."""
        folder = os.path.join(self.output_path, self.settings["PHOTOS_OUTPUT_DIR"])
        os.makedirs(folder, exist_ok=True)
        for source, name in sorted(set(self.files)):
            target = os.path.join(folder, name)
            if os.path.exists(target):
                continue
            link_or_copy(source, target)


def raise_photo_errors(errors):
    """Stop the build, naming each story and photo that could not be used."""
    if not errors:
        return
    for content, written, reason in errors:
        print(
            f"{os.path.relpath(content.source_path)}: lỗi: ảnh '{written}': {reason} "
            "(photo cannot be used)",
            file=sys.stderr,
        )
    raise SystemExit(
        "Không dựng trang: hãy sửa các ảnh trên. (Build refused: bad photos.)"
    )


def add_photos_generator(pelican):
    """Register the photo generator."""
    return PhotosGenerator


def note_photos_while_reading(readers):
    """List each body's photos as it is read (kept in Pelican's reader cache)."""
    add_reading_step(readers, noted_body_photos)


def add_photos_filter(generator):
    """Give templates the ``with_photos`` and ``caption_sentence`` filters."""
    generator.env.filters["with_photos"] = with_photos
    generator.env.filters["caption_sentence"] = caption_sentence


def register():
    signals.initialized.connect(set_default_settings)
    signals.readers_init.connect(note_photos_while_reading)
    signals.generator_init.connect(add_photos_filter)
    signals.get_generators.connect(add_photos_generator)
