"""A video story: a poster facade, and the player only after a click."""

import json

VIDEO = "/bai-viet/video-hoi-thi-hai-che-gioi-o-xa-phuong-tien/"


def test_the_player_loads_only_when_the_reader_asks(served_site, page):
    siteurl, _ = served_site
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(siteurl + VIDEO)
    link = page.locator(".dh-video__link")
    text = link.locator(".dh-embed__text").inner_text()
    assert text == "Xem video (3:25): Video: Hội thi hái chè giỏi ở xã Phượng Tiến"
    assert link.locator("img").count() == 1  # the story's photo is the poster
    assert page.locator("iframe").count() == 0
    assert not [url for url in requested if not url.startswith(siteurl)]
    link.click()
    frame = page.locator("figure.dh-video iframe")
    assert (
        frame.get_attribute("src")
        == "https://www.youtube-nocookie.com/embed/Dinhhoa2026?autoplay=1"
    )


def test_the_video_is_described_for_search_engines_and_listed_as_video(served_site):
    from bs4 import BeautifulSoup

    siteurl, output = served_site
    page = BeautifulSoup(
        (output / VIDEO.strip("/") / "index.html").read_text("utf-8"), "html.parser"
    )
    data = json.loads(page.find("script", type="application/ld+json").string)
    video = data["video"]
    assert video["@type"] == "VideoObject" and video["duration"] == "PT3M25S"
    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/Dinhhoa2026"
    assert video["thumbnailUrl"][0].startswith(f"{siteurl}/anh/")
    listing = BeautifulSoup(
        (output / "the-loai/video/index.html").read_text("utf-8"), "html.parser"
    )
    assert [a.get_text() for a in listing.select(".dh-card__title a")] == [
        "Video: Hội thi hái chè giỏi ở xã Phượng Tiến",
        "Video: Công an xã hướng dẫn kích hoạt tài khoản định danh điện tử",
        "Video: Nuôi cá lồng trên hồ Bảo Linh",
    ]
