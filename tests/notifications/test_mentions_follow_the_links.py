"""Notifications tell exactly the people a Markdown comment's rendered text links: a name in code or
inside a link is not a mention, and the limit is the one setting both keep."""

from comments.notifications.models import Mention, Notification
from tests.builders import make_article, make_user


def test_a_name_in_code_or_a_link_is_not_a_mention(post, alice, bob, carol):
    comment = post(alice, "`@bob` and\n\n    @bob\n\n[@bob](https://example.org/) but @carol", article=make_article())
    assert set(Notification.objects.values_list("recipient", flat=True)) == {carol.pk}
    assert list(Mention.objects.filter(comment=comment).values_list("user", flat=True)) == [carol.pk]
    assert '<a href="/u/carol/" class="mention"' in comment.body_html


def test_the_people_told_are_the_people_linked(post, alice, settings):
    settings.MENTIONS_PER_COMMENT = 2
    people = [make_user(f"reader{number}") for number in range(4)]
    comment = post(alice, " ".join(f"@{person.username}" for person in people), article=make_article())
    told = set(Mention.objects.filter(comment=comment).values_list("user__username", flat=True))
    assert told == {"reader0", "reader1"}
    assert all(f"/u/{name}/" in comment.body_html for name in told)
    assert "/u/reader2/" not in comment.body_html
