"""Video addresses as editors paste them, turned into the players we embed."""

import pytest

from tintuc.shared.embeds import (
    iso_duration,
    parse_duration,
    provider_of,
    video_embed_url,
    watch_url,
)


@pytest.mark.parametrize(
    ("address", "player"),
    [
        ("https://www.youtube.com/watch?v=Dinhhoa2026", "https://www.youtube-nocookie.com/embed/Dinhhoa2026"),
        ("https://m.youtube.com/watch?v=abc_DEF-123&t=5", "https://www.youtube-nocookie.com/embed/abc_DEF-123"),
        ("https://youtu.be/abcDEF123", "https://www.youtube-nocookie.com/embed/abcDEF123"),
        ("https://www.youtube.com/shorts/abcDEF123", "https://www.youtube-nocookie.com/embed/abcDEF123"),
        ("https://www.tiktok.com/@xa.dinhhoa/video/7300000000000000000", "https://www.tiktok.com/embed/7300000000000000000"),
        ("https://www.facebook.com/ubnd/videos/123/", "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fubnd%2Fvideos%2F123%2F"),
        ("https://www.youtube-nocookie.com/embed/abcDEF123", "https://www.youtube-nocookie.com/embed/abcDEF123"),
        ("https://vimeo.com/123456", None),
        ("javascript:alert(1)", None),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("https://evil.example/watch?v=abcDEF123", None),
    ],
)  # fmt: skip
def test_only_the_three_sites_become_players(address, player):
    assert video_embed_url(address) == player


def test_durations_read_as_people_write_them():
    assert parse_duration("3:25") == 205
    assert parse_duration("1:02:05") == 3725
    assert parse_duration("0:59") == 59
    assert parse_duration("3 phút") is None
    assert parse_duration("3:75") is None
    assert iso_duration(205) == "PT3M25S"
    assert iso_duration(3725) == "PT1H2M5S"
    assert iso_duration(3600) == "PT1H"


@pytest.mark.parametrize(
    ("player", "page", "provider"),
    [
        (
            "https://www.youtube-nocookie.com/embed/abcDEF123",
            "https://www.youtube.com/watch?v=abcDEF123",
            "YouTube",
        ),
        (
            "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fubnd%2Fvideos%2F123%2F",
            "https://www.facebook.com/ubnd/videos/123/",
            "Facebook",
        ),
        (
            "https://www.tiktok.com/embed/7300000000000000000",
            "https://www.tiktok.com/embed/7300000000000000000",
            "TikTok",
        ),
    ],
)
def test_each_player_has_a_page_to_watch_on_its_own_site(player, page, provider):
    assert watch_url(player) == page
    assert provider_of(player) == provider
