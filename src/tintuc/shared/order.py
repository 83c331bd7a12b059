"""The order plugins must be listed in, checked when a build starts."""

# Each plugin and the plugins that must be listed before it.
NEEDS = {
    "sanitiser": ("vn_text",),
    "directory": ("vn_text",),
    # Photos lists a body's photos once it is sanitised.
    "photos": ("vn_text", "sanitiser"),
    # Documents' pages must be written before the feeds' sitemap lists them.
    "documents": ("vn_text", "sanitiser", "directory"),
    "stats": ("directory",),
    "feeds": ("directory", "photos", "documents", "stats"),
    "security": (),
    "search": ("vn_text",),
    "editorial": ("vn_text", "directory"),
    "cms": ("directory", "editorial"),
    "share": ("feeds",),
}
# Wraps the writer and the readers the others use: always last.
LAST = "buildspeed"


def order_problem(plugins: list[str]) -> str:
    """Why ``plugins`` are out of order, in Vietnamese; "" when they are not."""
    names = [str(name).rsplit(".", 1)[-1] for name in plugins]
    for position, name in enumerate(names):
        for needed in NEEDS.get(name, ()):
            if needed in names and names.index(needed) > position:
                return (
                    f"PLUGINS: '{name}' phải đứng sau '{needed}' trong pelicanconf.py. "
                    f"('{name}' must come after '{needed}'.)"
                )
    if LAST in names and names[-1] != LAST:
        return f"PLUGINS: '{LAST}' phải đứng cuối. ('{LAST}' must be last.)"
    return ""
