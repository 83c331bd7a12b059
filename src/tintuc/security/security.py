"""Write the headers file and .nojekyll; templates put the same policy in <meta>."""

from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from tintuc.shared.settings import apply_defaults

from .settings import DEFAULTS


def set_default_settings(pelican):
    """Copy each default into the site's settings unless the site set it."""
    apply_defaults(pelican.settings, DEFAULTS)


def headers_file(settings: dict) -> str:
    """A Netlify-style ``_headers`` file applying the policy to every path."""
    headers = {
        # frame-ancestors works only as a header, never in <meta>.
        "Content-Security-Policy": settings["SECURITY_CSP"]
        + "; frame-ancestors 'self'",
        "Referrer-Policy": settings["SECURITY_REFERRER"],
        **settings["SECURITY_EXTRA_HEADERS"],
    }
    lines = ["/*"] + [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


class SecurityFilesGenerator(Generator):
    """Write ``_headers`` and ``.nojekyll`` into the output."""

    def generate_context(self):
        """Nothing to add to the context."""

    def generate_output(self, writer):
        """Write the two files."""
        output = Path(self.output_path)
        name = self.settings["SECURITY_HEADERS_FILE"]
        if name:
            (output / name).write_text(headers_file(self.settings), encoding="utf-8")
        # GitHub Pages would otherwise run Jekyll and hide folders starting with _.
        (output / ".nojekyll").write_text("", encoding="utf-8")


def add_generator(pelican):
    """Register the generator."""
    return SecurityFilesGenerator


def register():
    signals.initialized.connect(set_default_settings)
    signals.get_generators.connect(add_generator)
