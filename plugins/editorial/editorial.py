"""Wire the editorial gate into every Pelican build.

Needs the ``vn_text`` and ``newsroom`` plugins listed before it in ``PLUGINS``.
"""

import functools

from pelican import signals

from buildkit.embeds import parse_duration, video_embed_url
from buildkit.order import order_problem
from buildkit.settings import apply_defaults

from .embeds import facade_embeds
from .gate import has_errors, print_report, run_checks
from .html_policy import sanitise_html
from .settings import DEFAULTS

PREVIEWABLE = ("draft", "review")


def set_default_settings(pelican):
    """Copy each default into the site's settings unless the site set it."""
    apply_defaults(pelican.settings, DEFAULTS)


def refuse_plugins_out_of_order(pelican):
    """Stop at once, naming the plugin, when PLUGINS lists one before what it needs."""
    problem = order_problem(pelican.settings.get("PLUGINS", []))
    if problem:
        raise SystemExit(problem)


def refuse_broken_content(pelican):
    """Stop before anything is written if any story has an error.

    SystemExit, not an exception: editors get the list of problems, never a
    traceback, and Pelican exits non-zero.
    """
    problems = run_checks(pelican.settings)
    print_report(problems)
    if has_errors(problems):
        raise SystemExit(
            "Không dựng trang: hãy sửa các lỗi trên. "
            "(Build refused: fix the errors above.)"
        )


def apply_editorial_status(generator, metadata):
    """Keep stories under review out of the public build; show all in preview."""
    status = str(metadata.get("status", "published")).lower()
    metadata["editorial_status"] = status
    if generator.settings["EDITORIAL_PREVIEW"]:
        if status in PREVIEWABLE:
            metadata["status"] = "published"
    elif status == "review":
        metadata["status"] = "draft"


def describe_video(generator, metadata):
    """A video story's player address and duration, for its facade and JSON-LD."""
    address = str(metadata.get("video") or "")
    embed = video_embed_url(address) if address else None
    if embed:
        metadata["video_embed"] = embed
        seconds = parse_duration(str(metadata.get("video_duration") or ""))
        if seconds:
            metadata["video_seconds"] = seconds


def sanitise(html: str) -> str:
    """Strip HTML outside the allow-list; turn video embeds into facades."""
    return facade_embeds(sanitise_html(html)) if html else html


@functools.cache
def sanitising(reader_class: type) -> type:
    """``reader_class``, giving only sanitised HTML."""

    def read(self, source_path):
        content, metadata = super(reader, self).read(source_path)
        return sanitise(content), metadata

    # Pelican names a story's reader after its class: keep the name.
    reader = type(reader_class.__name__, (reader_class,), {"read": read})
    reader.__doc__ = f"{reader_class.__name__}, sanitised."
    return reader


def sanitise_while_reading(readers):
    """Sanitise in every reader, so Pelican's reader cache keeps the clean HTML.

    Connected after ``vn_text`` has chosen its reader.
    """
    for extension, reader_class in readers.reader_classes.items():
        if reader_class:
            readers.reader_classes[extension] = sanitising(reader_class)


def register():
    signals.initialized.connect(set_default_settings)
    signals.initialized.connect(refuse_plugins_out_of_order)
    signals.initialized.connect(refuse_broken_content)
    signals.article_generator_context.connect(apply_editorial_status)
    signals.article_generator_context.connect(describe_video)
    signals.page_generator_context.connect(apply_editorial_status)
    signals.readers_init.connect(sanitise_while_reading)
