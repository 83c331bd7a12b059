import pytest

from tintuc.sanitiser.html_policy import (
    find_disallowed_html,
    is_allowed_embed,
    sanitise_html,
)


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        ("<p>Xin <strong>chào</strong></p>", "<p>Xin <strong>chào</strong></p>"),
        ("<p onclick='x()'>a</p>", "<p>a</p>"),
        ("<script>alert(1)</script><p>b</p>", "<p>b</p>"),
        ('<a href="javascript:alert(1)">c</a>', "<a>c</a>"),
        (
            '<a href="{static}/images/a.jpg">d</a>',
            '<a href="{static}/images/a.jpg">d</a>',
        ),
        ('<img src="x" onerror="alert(1)" alt="e">', '<img src="x" alt="e">'),
        (
            '<iframe src="https://www.youtube.com/embed/abc" title="v"></iframe>',
            '<iframe src="https://www.youtube.com/embed/abc" title="v"></iframe>',
        ),
        ('<iframe src="https://evil.example/x"></iframe>', "<iframe></iframe>"),
        ("<style>p{}</style><p>f</p>", "<p>f</p>"),
    ],
)
def test_sanitise_html_keeps_only_the_allow_list(html, clean):
    assert sanitise_html(html) == clean


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://www.youtube.com/embed/abc", True),
        ("https://www.youtube-nocookie.com/embed/abc", True),
        ("https://www.facebook.com/plugins/video.php?href=x", True),
        ("https://www.tiktok.com/embed/v2/123", True),
        ("http://www.youtube.com/embed/abc", False),
        ("https://www.youtube.com.evil.example/embed/abc", False),
        ("https://evil.example/?https://www.youtube.com/embed/", False),
    ],
)
def test_only_video_embeds_from_three_sites_are_allowed(url, allowed):
    assert is_allowed_embed(url) is allowed


def test_find_disallowed_html_ignores_code_and_counts_lines():
    body = "Viết `<script>` là được.\n\n```\n<script>x</script>\n```\n<blink>y</blink>"
    assert find_disallowed_html(body, first_line=10) == [(15, "thẻ <blink>")]


def test_find_disallowed_html_catches_markdown_javascript_links():
    assert find_disallowed_html("[a](JavaScript : alert(1))", 3) == [
        (3, "liên kết javascript:")
    ]
