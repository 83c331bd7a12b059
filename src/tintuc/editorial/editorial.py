"""Wire the editorial gate into every Pelican build.

Needs the ``vn_text`` and ``directory`` plugins listed before it in ``PLUGINS``.
"""

from pelican import signals

from tintuc.shared.order import order_problem
from tintuc.shared.settings import apply_defaults
from tintuc.vn_text.dates import to_vietnam_time

from .corrections import parse_corrections
from .gate import has_errors, print_report, run_checks
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


def attach_corrections(generator, metadata):
    """Give a corrected story its notes, newest first, and the newest as ``modified``.

    Feeds read ``modified`` as the item's updated date; the GUID stays the Id.
    """
    corrections = parse_corrections(metadata.get("corrections"))
    metadata["corrections"] = corrections
    if not corrections:
        return
    newest = corrections[0].moment
    modified = metadata.get("modified")
    if modified is None or to_vietnam_time(modified) < newest:
        metadata["modified"] = newest


def register():
    signals.initialized.connect(set_default_settings)
    signals.initialized.connect(refuse_plugins_out_of_order)
    signals.initialized.connect(refuse_broken_content)
    signals.article_generator_context.connect(apply_editorial_status)
    signals.article_generator_context.connect(attach_corrections)
    signals.page_generator_context.connect(apply_editorial_status)
