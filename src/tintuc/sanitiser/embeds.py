"""Video embeds as click-to-load facades.

Nothing loads from YouTube, Facebook or TikTok until the reader asks for it.
"""

from bs4 import BeautifulSoup

from tintuc.shared.embeds import provider_of, watch_url

from .html_policy import is_allowed_embed


def facade(soup, iframe):
    """A plain title card linking to the video; site.js swaps in the iframe."""
    src = iframe["src"]
    provider = provider_of(src)
    title = iframe.get("title") or f"Video {provider}"
    figure = soup.new_tag("figure", attrs={"class": "dh-embed"})
    link = soup.new_tag(
        "a",
        attrs={
            "class": "dh-embed__link",
            "href": src,
            "data-embed-src": src,
            "data-embed-title": title,
        },
    )
    play = soup.new_tag(
        "span", attrs={"class": "dh-embed__play", "aria-hidden": "true"}
    )
    play.string = "▶"
    text = soup.new_tag("span", attrs={"class": "dh-embed__text"})
    text.string = f"Xem video: {title} (trên {provider})"
    link.extend([play, text])
    figure.append(link)
    figure.append(source_link(soup, watch_url(src), provider))
    return figure


def source_link(soup, address: str, provider: str):
    """The text link to watch on the clip's own site, shown whatever happens."""
    paragraph = soup.new_tag("p", attrs={"class": "dh-video__source"})
    link = soup.new_tag("a", attrs={"href": address, "rel": "noopener"})
    link.string = f"Xem trên {provider}"
    paragraph.append(link)
    return paragraph


def facade_embeds(html: str) -> str:
    """Replace each allowed <iframe> embed by its facade."""
    if "<iframe" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    iframes = [
        iframe
        for iframe in soup.find_all("iframe", src=True)
        if is_allowed_embed(iframe["src"])
    ]
    if not iframes:
        return html
    for iframe in iframes:
        replacement = facade(soup, iframe)
        parent = iframe.parent
        if parent is not None and parent.name == "p" and len(parent.contents) == 1:
            parent.replace_with(replacement)
        else:
            iframe.replace_with(replacement)
    return str(soup)
