"""A strict Content-Security-Policy on every page the server makes itself."""

# No script at all; styles and images from this server only; no framing.
STRICT_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def content_security_policy(get_response):
    """Add the strict policy unless a view (Decap's page) set its own."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", STRICT_POLICY)
        return response

    return middleware
