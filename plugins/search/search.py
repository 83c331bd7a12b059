"""Index the built site with Pagefind (the binary ships in the pagefind-bin wheel).

Only story pages carry ``data-pagefind-body``, so only titles and bodies of
published stories are indexed: drafts and future stories are never written,
so they are never indexed. Pagefind keeps diacritics apart, so what is
indexed is a hidden copy of each story folded to ASCII (the visible text is
ignored, or the index would hold it twice), searched with a folded query.
"""

import subprocess
import sys
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from vn_text.slug import fold_diacritics


def folded_text(title: str, html: str) -> str:
    """A story's title and text, lowercased and without diacritics."""
    text = Markup(html).striptags()
    return fold_diacritics(f"{title} {text}")


def add_folded_text(generator):
    """Give each published story the folded copy the index searches."""
    for article in generator.articles:
        summary = article.metadata.get("summary", "")
        article.search_text = folded_text(
            article.title, f"{summary} {article._content or ''}"
        )


def index_site(pelican):
    """Run Pagefind over the output; a failure stops the build."""
    if not pelican.settings.get("SEARCH_INDEX_ENABLED", True):
        return
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(Path(pelican.output_path)),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        print(result.stdout + result.stderr, file=sys.stderr)
        raise SystemExit("Không tạo được chỉ mục tìm kiếm. (Pagefind failed.)")


def register():
    signals.article_generator_finalized.connect(add_folded_text)
    signals.finalized.connect(index_site)
