"""Pelican's tag, section and author lists answer ``in`` at once, and the same."""

from types import SimpleNamespace

from tintuc.buildspeed.buildspeed import MemberList, quick_membership


class Story:
    """Compares by identity, as Pelican's content objects do."""


def test_membership_is_by_identity_like_a_list_of_content():
    one, two, other = Story(), Story(), Story()
    listed = MemberList([one, two])
    assert one in listed and two in listed and other not in listed
    assert listed == [one, two] and isinstance(listed, list)
    assert listed[:1] == [one]


def test_every_tag_section_and_author_list_is_replaced_with_its_stories_in_order():
    stories = [Story() for _ in range(4)]
    categories = [("thoi-su", stories[:2]), ("kinh-te", stories[2:])]
    generator = SimpleNamespace(
        tags={"chè": [stories[3], stories[0]]},
        categories=categories,
        authors=[("Hằng", stories[1:3])],
    )
    quick_membership(generator)
    assert generator.categories is categories  # the context's list, changed in place
    lists = [
        *generator.tags.values(),
        *(items for _, items in generator.categories),
        *(items for _, items in generator.authors),
    ]
    assert all(type(items) is MemberList for items in lists)
    assert generator.tags["chè"] == [stories[3], stories[0]]
    assert [name for name, _ in generator.categories] == ["thoi-su", "kinh-te"]
    assert stories[0] in generator.categories[0][1]
    assert stories[0] not in generator.categories[1][1]
