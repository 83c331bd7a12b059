"""Related stories and chronological neighbours, as pure functions."""

import heapq
from collections import Counter
from itertools import chain


def story_keys(story) -> list[tuple[str, str, int]]:
    """What a story can share with others, each with its weight.

    Tags and communes weigh 2, the section 1.
    """
    keys = [("tag", tag.slug, 2) for tag in getattr(story, "tags", None) or []]
    keys += [("commune", e.slug, 2) for e in getattr(story, "communes", None) or []]
    category = getattr(story, "category", None)
    if category is not None:
        keys.append(("section", category.slug, 1))
    return keys


def related_by_story(articles, limit: int = 4, window: int = 40) -> dict[int, list]:
    """For each story (by id), the ``limit`` stories most like it.

    Scores add up the weights of shared keys; ties go to the newer story
    (``articles`` is newest first). Candidates are the ``window`` newest
    stories under each key, so the work grows linearly with the site, not
    with its square, and related stories stay recent.
    """
    keys = [story_keys(story) for story in articles]
    index: dict[tuple[str, str], list[int]] = {}
    for position, story_key_list in enumerate(keys):
        for kind, slug, _ in story_key_list:
            index.setdefault((kind, slug), []).append(position)
    newest = {key: positions[:window] for key, positions in index.items()}
    count = len(articles)
    related = {}
    for position, story in enumerate(articles):
        # Each candidate once per point it scores.
        near = [newest[(kind, slug)] * weight for kind, slug, weight in keys[position]]
        scores = Counter(chain.from_iterable(near))
        scores.pop(position, None)
        # Higher score first, then the newer story: one number orders both.
        ranks = [other - score * count for other, score in scores.items()]
        best = heapq.nsmallest(limit, ranks)
        related[id(story)] = [articles[rank % count] for rank in best]
    return related


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
