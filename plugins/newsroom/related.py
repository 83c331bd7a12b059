"""Related stories and chronological neighbours, as pure functions."""


def relatedness(story, other) -> int:
    """How much two stories have in common: tags and communes count most."""
    tags = {tag.slug for tag in getattr(story, "tags", [])}
    other_tags = {tag.slug for tag in getattr(other, "tags", [])}
    communes = {entry.slug for entry in getattr(story, "communes", None) or []}
    other_communes = {entry.slug for entry in getattr(other, "communes", None) or []}
    score = 2 * len(tags & other_tags) + 2 * len(communes & other_communes)
    if story.category == other.category:
        score += 1
    return score


def related_stories(story, articles, limit: int = 4) -> list:
    """The ``limit`` stories most like ``story``, newest first among equals."""
    scored = [
        (relatedness(story, other), index, other)
        for index, other in enumerate(articles)
        if other is not story
    ]
    scored = [entry for entry in scored if entry[0] > 0]
    scored.sort(key=lambda entry: (-entry[0], entry[1]))
    return [other for _, _, other in scored[:limit]]


def neighbours(articles) -> dict:
    """For each story (by id), its (newer, older) neighbours in ``articles``.

    ``articles`` is newest first, as Pelican orders them.
    """
    found = {}
    for index, story in enumerate(articles):
        newer = articles[index - 1] if index > 0 else None
        older = articles[index + 1] if index + 1 < len(articles) else None
        found[id(story)] = (newer, older)
    return found


def archive_months(articles, url_pattern: str, label) -> list[dict]:
    """One entry per month with stories, newest first: label, URL and count.

    ``url_pattern`` is Pelican's MONTH_ARCHIVE_URL; ``label`` formats a date.
    """
    months: dict[tuple[int, int], dict] = {}
    for story in articles:
        key = (story.date.year, story.date.month)
        month = months.setdefault(
            key,
            {
                "label": label(story.date),
                "url": url_pattern.format(date=story.date),
                "count": 0,
            },
        )
        month["count"] += 1
    return [months[key] for key in sorted(months, reverse=True)]
