"""Related stories: the most shared tags, communes and section, newer first on ties."""

import random
from types import SimpleNamespace

from tintuc.directory.related import related_by_story


def entry(slug):
    return SimpleNamespace(slug=slug)


def story(name, tags=(), communes=(), section=None):
    return SimpleNamespace(
        name=name,
        tags=[entry(tag) for tag in tags],
        communes=[entry(commune) for commune in communes],
        category=entry(section) if section else None,
    )


def scored(articles, limit=4, window=40):
    """The rule spelled out: every candidate scored, all sorted."""
    positions = {}
    for position, article in enumerate(articles):
        for key in keys_of(article):
            positions.setdefault(key[:2], []).append(position)
    related = {}
    for position, article in enumerate(articles):
        scores = {}
        for kind, slug, weight in keys_of(article):
            for other in positions[(kind, slug)][:window]:
                if other != position:
                    scores[other] = scores.get(other, 0) + weight
        ranked = sorted(scores, key=lambda other: (-scores[other], other))
        related[id(article)] = [articles[other] for other in ranked[:limit]]
    return related


def keys_of(article):
    keys = [("tag", tag.slug, 2) for tag in article.tags]
    keys += [("commune", commune.slug, 2) for commune in article.communes]
    if article.category is not None:
        keys.append(("section", article.category.slug, 1))
    return keys


def test_more_shared_keys_first_then_the_newer_story():
    articles = [  # newest first
        story("a", tags=["che"], section="kinh-te"),
        story("b", tags=["che"], communes=["phu-dinh"], section="kinh-te"),
        story("c", section="kinh-te"),
        story("d", tags=["che"], communes=["phu-dinh"]),
        story("e", tags=["lua"], section="xa-hoi"),
    ]
    related = related_by_story(articles, limit=3)
    names = {a.name: [r.name for r in related[id(a)]] for a in articles}
    assert names == {
        "a": ["b", "d", "c"],  # 3 points, 2, 1
        "b": ["d", "a", "c"],  # 4 points, 3, 1
        "c": ["a", "b"],
        "d": ["b", "a"],
        "e": [],
    }


def test_the_same_as_scoring_every_candidate_on_a_large_site():
    draw = random.Random(30)
    tags = [f"tag-{n}" for n in range(12)]
    communes = [f"xa-{n}" for n in range(6)]
    sections = ["kinh-te", "xa-hoi", "thoi-su", None]
    articles = [
        story(
            f"tin-{n}",
            # A tag may come twice: it counts twice, by either way.
            tags=draw.choices(tags, k=draw.randint(0, 3)),
            communes=draw.sample(communes, draw.randint(0, 2)),
            section=draw.choice(sections),
        )
        for n in range(400)
    ]
    for limit, window in ((4, 40), (6, 5), (1, 400)):
        assert related_by_story(articles, limit, window) == scored(
            articles, limit, window
        )
