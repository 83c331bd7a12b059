"""``[[227/KH-UBND]]`` in a body's text made a link: edited with a parser."""

from bs4 import BeautifulSoup, NavigableString

from .numbers import CITATION

SKIPPED_TAGS = ("a", "code", "pre", "script", "style")


def linked_citations(html: str, urls: dict[str, str]) -> str:
    """``[[227/KH-UBND]]`` in text as a link to that document's page."""
    if not html or "[[" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for text in list(soup.find_all(string=CITATION)):
        if not isinstance(text, NavigableString) or text.find_parent(SKIPPED_TAGS):
            continue
        pieces, last = [], 0
        for match in CITATION.finditer(text):
            number = match.group(1).strip()
            pieces.append(text[last : match.start()])
            if number in urls:
                link = soup.new_tag("a", href=urls[number])
                link.string = number
                pieces.append(link)
            else:
                pieces.append(match.group(0))
            last = match.end()
        pieces.append(text[last:])
        for piece in pieces:
            text.insert_before(piece)
        text.extract()
    return str(soup)
