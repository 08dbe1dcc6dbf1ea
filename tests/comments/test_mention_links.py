"""@name in a Markdown comment links to that person's page when the account exists and is active, at
most the mention limit of people per comment, never in code or inside a link, never to a look-alike;
plain imported text renders as it always did; the accounts are looked up in one query per comment."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from comments.mentions import mentioned_users
from comments.rendering import Markup, plain_html, render_body
from tests.builders import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def link(username: str, written: str | None = None) -> str:
    href = reverse("people:profile", args=[username])
    return f'<a href="{href}" class="mention" rel="nofollow ugc noopener">@{written or username}</a>'


def markdown(text: str) -> str:
    return render_body(text, Markup.MARKDOWN)


def test_a_mention_of_an_existing_account_links_to_their_page():
    make_user("alice")
    assert markdown("Thanks @alice.") == f"<p>Thanks {link('alice')}.</p>"


def test_a_saved_comment_stores_the_link():
    make_user("alice")
    comment = make_comment(make_article(), body="Over to @alice")
    assert link("alice") in comment.body_html


def test_the_preview_links_mentions_as_saving_does(client):
    make_user("alice")
    parent = make_comment(make_article(), body="The parent.")
    client.force_login(make_user("carol"))
    response = client.post(reverse("comments:reply", args=[parent.pk]), {"body": "cc @alice", "preview": "1"})
    assert link("alice") in response.content.decode()


def test_a_name_nobody_has_stays_text():
    make_user("alice")
    assert markdown("Ask @nobody or @alic") == "<p>Ask @nobody or @alic</p>"


def test_an_email_address_is_not_a_mention():
    make_user("example.com")
    assert 'class="mention"' not in markdown("write to mail@example.com")


def test_mentions_in_code_or_inside_a_link_stay_as_written():
    make_user("alice")
    html = markdown("`@alice`\n\n```\n@alice\n```\n\n    @alice\n\n[ask @alice](https://example.org/)")
    assert 'class="mention"' not in html
    assert "<code>@alice</code>" in html
    assert '<a href="https://example.org/" rel="nofollow ugc noopener">ask @alice</a>' in html


def test_mentions_in_emphasis_quotes_and_lists_link():
    make_user("alice")
    html = markdown("*hi @alice*\n\n> @alice said\n\n- @alice")
    assert html.count(link("alice")) == 3


def test_at_most_the_limit_of_people_are_linked(settings):
    settings.MENTIONS_PER_COMMENT = 3
    for number in range(5):
        make_user(f"user{number}")
    html = markdown(" ".join(f"@user{number}" for number in range(5)))
    assert html == f"<p>{link('user0')} {link('user1')} {link('user2')} @user3 @user4</p>"


def test_the_limit_is_the_one_notifications_keep(settings):
    settings.MENTIONS_PER_COMMENT = 2
    people = [make_user(f"user{number}") for number in range(4)]
    text = " ".join(f"@{person.username}" for person in people)
    assert mentioned_users(text) == people[:2]
    assert markdown(text).count('class="mention"') == 2


def test_a_look_alike_links_only_to_the_account_that_owns_the_name():
    alice = make_user("alice")
    # An account older than the look-alike rule, which holds no key; sign-up refuses such a name now.
    impostor = get_user_model()(username="\u0430lice")  # a Cyrillic a
    get_user_model().objects.bulk_create([impostor])
    html = markdown("@\u0430lice and @ALICE")
    assert reverse("people:profile", args=["\u0430lice"]) not in html
    assert html == f"<p>{link('alice', chr(0x430) + 'lice')} and {link('alice', 'ALICE')}</p>"
    assert mentioned_users("@\u0430lice") == [alice]


def test_an_inactive_account_is_not_linked():
    make_user("dormant", is_active=False)
    assert markdown("@dormant") == "<p>@dormant</p>"


def test_plain_imported_text_is_rendered_as_before_and_asks_nothing(django_assert_num_queries):
    make_user("alice")
    with django_assert_num_queries(0):
        html = render_body("Thanks @alice", Markup.PLAIN)
    assert html == plain_html("Thanks @alice") == "<p>Thanks @alice</p>"


def test_a_comment_looks_up_all_its_mentions_in_one_query(django_assert_num_queries):
    for number in range(5):
        make_user(f"user{number}")
    text = "\n\n".join(f"@user{number} and @stranger{number}" for number in range(5))
    with django_assert_num_queries(1):
        html = markdown(text)
    assert html.count('class="mention"') == 5


def test_text_without_an_at_sign_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        markdown("no one named here")


def test_a_written_class_or_link_cannot_pose_as_a_mention():
    make_user("alice")
    html = markdown('<a href="/u/alice/" class="mention">x</a> [y](/u/alice/ "mention")')
    assert html == (
        '<p>&lt;a href="/u/alice/" class="mention"&gt;x&lt;/a&gt; '
        '<a href="/u/alice/" rel="nofollow ugc noopener">y</a></p>'
    )
