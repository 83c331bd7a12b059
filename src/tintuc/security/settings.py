"""Default settings of the security plugin; a site's own values win."""

from tintuc.shared.embeds import EMBED_ORIGINS

DEFAULTS = {
    # Only our own files run or load; embeds may frame only the three video sites.
    "SECURITY_CSP": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
        "script-src 'self'; connect-src 'self'; "
        f"frame-src {EMBED_ORIGINS}; object-src 'none'; base-uri 'self'; "
        "form-action 'self'"
    ),
    "SECURITY_REFERRER": "strict-origin-when-cross-origin",
    # For hosts that read a headers file (Netlify, Cloudflare Pages); GitHub
    # Pages ignores it and relies on the <meta> tags.
    "SECURITY_HEADERS_FILE": "_headers",
    "SECURITY_EXTRA_HEADERS": {
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "X-Frame-Options": "SAMEORIGIN",
    },
}
