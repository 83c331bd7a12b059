"""Write the browser newsroom into the output: /admin/ with Decap CMS.

Needs ``newsroom`` and ``editorial`` (their data files and schema); the
gate has checked the data files before this runs.
"""

import json
import shutil
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from tintuc.editorial.approvers import load_approvers
from tintuc.shared.settings import apply_defaults

from .config import admin_csp, cms_config, document_format, story_format
from .settings import DEFAULTS

ADMIN_TEMPLATE = "admin"
GLUE_SCRIPT = Path(__file__).parent / "static" / "newsroom.js"


class DecapMissing(SystemExit):
    """Decap CMS is not installed: `npm ci` has not run."""


def set_default_settings(pelican):
    """Copy each default into the site's settings unless the site set it."""
    apply_defaults(pelican.settings, DEFAULTS)


def decap_files(dist: Path) -> list[Path]:
    """The files of Decap's bundle a browser loads, without source maps.

    The bundle loads its chunks (``123.decap-cms.js``) and WebAssembly from
    beside itself; ``cms.js`` is the same bundle under an older name.
    """
    if not (dist / "decap-cms.js").is_file():
        raise DecapMissing(
            f"Không thấy Decap CMS trong {dist}: chạy 'make node' (npm ci) rồi "
            "dựng lại. (Decap CMS is not installed.)"
        )
    wanted = ("decap-cms.js", ".decap-cms.js", ".wasm", "decap-cms.js.LICENSE.txt")
    return sorted(path for path in dist.iterdir() if path.name.endswith(wanted))


def json_bytes(value) -> bytes:
    """Stable, readable JSON."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode()


class NewsroomGenerator(Generator):
    """Write admin/index.html, its configuration, our script and Decap's bundle."""

    def generate_context(self):
        """Nothing to add to the context."""

    def generate_output(self, writer):
        """Write the newsroom's files."""
        settings = self.settings
        if not settings["CMS_ENABLED"]:
            return
        admin = Path(self.output_path, settings["CMS_OUTPUT_DIR"])
        bundle = decap_files(Path(settings["CMS_DECAP_DIST"]))
        directory = self.context["NEWSROOM"]  # read once, by the newsroom plugin
        data_dir = Path(settings["PATH"], settings["DIRECTORY_DATA_DIR"])
        approvers = load_approvers(data_dir, directory["unit"])
        (admin / "decap").mkdir(parents=True, exist_ok=True)
        for path in bundle:
            shutil.copyfile(path, admin / "decap" / path.name)
        shutil.copyfile(GLUE_SCRIPT, admin / GLUE_SCRIPT.name)
        decoder = Path(settings["CMS_HEIC_DECODER"])
        if decoder.is_file():  # else a HEIC photo's preview stays blank
            shutil.copyfile(decoder, admin / decoder.name)
        newsroom = {
            "cms": cms_config(settings, directory, approvers),
            "story": story_format(settings, directory, approvers),
            "document": document_format(settings, directory, approvers),
        }
        (admin / "config.json").write_bytes(json_bytes(newsroom))
        page = self.get_template(ADMIN_TEMPLATE).render(
            {**self.context, "CMS_CSP": admin_csp(settings)}
        )
        (admin / "index.html").write_text(page, encoding="utf-8")


def add_generator(pelican):
    """Register the generator."""
    return NewsroomGenerator


def register():
    signals.initialized.connect(set_default_settings)
    signals.get_generators.connect(add_generator)
