"""What the home page shows where: each story once, every list newest first."""

from dataclasses import dataclass, field

from tintuc.vn_text.fields import is_yes


@dataclass
class FrontPage:
    """The home page's stories, by place; no story is in two places."""

    lead: object | None = None
    top: list = field(default_factory=list)
    latest: list = field(default_factory=list)
    spotlight: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # (section, stories) pairs


def is_featured(story) -> bool:
    """True when the story's ``Featured`` field says yes."""
    return is_yes(story.metadata.get("featured"))


def section_slug(story) -> str:
    category = getattr(story, "category", None)
    return getattr(category, "slug", "")


def front_page(
    articles,
    sections,
    spotlight_slug: str = "",
    *,
    top: int = 3,
    latest: int = 5,
    spotlight: int = 3,
    per_section: int = 4,
) -> FrontPage:
    """Place ``articles`` on the home page.

    The lead is the newest featured story (else the newest story); then the
    next ``top`` stories, the ``latest`` list, the spotlight section's block
    and one block per other section, each taking only stories not placed yet.
    A section with nothing left to show gets no block.
    """
    newest = sorted(articles, key=lambda story: story.date, reverse=True)
    placed: set[int] = set()

    def take(stories, count: int) -> list:
        picks = [story for story in stories if id(story) not in placed][:count]
        placed.update(id(story) for story in picks)
        return picks

    page = FrontPage()
    if not newest:
        return page
    page.lead = take([s for s in newest if is_featured(s)] or newest, 1)[0]
    page.top = take(newest, top)
    page.latest = take(newest, latest)
    in_spotlight = [s for s in newest if section_slug(s) == spotlight_slug]
    page.spotlight = take(in_spotlight, spotlight) if spotlight_slug else []
    for section in sections:
        if section.slug == spotlight_slug:
            continue
        in_section = [s for s in newest if section_slug(s) == section.slug]
        stories = take(in_section, per_section)
        if stories:
            page.sections.append((section, stories))
    return page
