"""The discussion assembled from stored pieces is the discussion the templates rendered, for every
kind of reader: the reference (tests/comments/reference/thread.html) is comments/_thread.html and
its partials as they were, rendered by the template engine from model instances."""

import re
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.template import engines
from django.utils import timezone

from bench.generate import create_discussion
from comments.assembly import Reader, assemble_thread
from comments.layout import layout
from comments.models import Comment
from comments.models.reply_lock import lock_above
from comments.rows import fetch_rows
from tests.builders import make_article, make_chain, make_comment, make_moderator, make_user

REFERENCE = engines["django"].from_string((Path(__file__).parent / "reference" / "thread.html").read_text())
NOW = timezone.now().replace(microsecond=0)


# The assembly writes these characters as entities (a page of ASCII text stays a narrow string); the
# same HTML. Escaping (&lt; and the rest) is compared as written.
ENTITIES = {"&nbsp;": "\xa0", "&rarr;": "→", "&rsquo;": "’", "&#9650;": "▲"}


def normalised(html: str) -> str:
    html = str(html)
    for entity, character in ENTITIES.items():
        html = html.replace(entity, character)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def reference_html(article, user) -> str:
    comments = list(article.comments.filter(level__lte=Comment.DISPLAY_DEPTH).for_thread())
    for comment in comments:
        comment.article = article
        # Inside a sub-thread locked further up: nothing to lock here (a query per comment, as a template would).
        comment.inside_lock = not comment.replies_locked_at and lock_above(comment) is not None
    moderator = Reader.of(user, article).moderator
    entries = layout(comments, show_hidden_text=moderator, max_depth=Comment.DISPLAY_DEPTH)
    return REFERENCE.render({"entries": entries, "article": article, "user": user})


def assembled_html(article, user) -> str:
    reader = Reader.of(user, article)
    comments = article.comments.filter(level__lte=Comment.DISPLAY_DEPTH).order_by("tree_id", "lft")
    rows = fetch_rows(comments, article=article, show_hidden_text=reader.moderator)
    entries = layout(rows, show_hidden_text=reader.moderator, max_depth=Comment.DISPLAY_DEPTH)
    return b"".join(assemble_thread(entries, reader)).decode()


def assert_same_for_every_reader(article, readers) -> None:
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        for user in readers:
            user = user or _anonymous()
            expected, assembled = normalised(reference_html(article, user)), normalised(assembled_html(article, user))
            assert assembled == expected, f"differs for {user}"


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def discussion_with_every_state():
    """Visible, edited, hidden with and without a public reason, deleted, an imported name, a reader's
    own fresh comments, a chain deeper than the page shows, and times from seconds to years ago."""
    article = make_article(title="Every state", published=NOW - timedelta(days=800))
    author, other = make_user("writer"), make_user("someone")
    moderator = make_moderator("keeper")
    ages = [timedelta(seconds=20), timedelta(minutes=7), timedelta(hours=5), timedelta(days=3), timedelta(days=29)]
    ages += [timedelta(days=75), timedelta(days=400), timedelta(days=730)]
    top = [make_comment(article, author=other, body=f"Aged {age}", created=NOW - age) for age in ages]
    own = make_comment(article, top[0], author=author, body="Mine, *fresh*: <script>x</script> & https://example.org")
    make_comment(article, own, author=other, body="A reply to mine")
    edited = make_comment(article, top[1], author=author, body="first words")
    edited.edit(by=author, body="second words")
    hidden = make_comment(article, top[2], author=other, body="rude words")
    hidden.hide(by=moderator, reason="rude", public=True)
    quiet = make_comment(article, top[2], author=other, body="quietly removed")
    quiet.hide(by=moderator, reason="spam")
    make_comment(article, hidden, author=author, body="a reply that stays")
    gone = make_comment(article, top[3], author=author, body="regretted")
    gone.delete_by_author(by=author)
    make_comment(article, top[4], author_name="Imported <Name>", body="from the scrape", markup="plain")
    chain = make_chain(article, Comment.DISPLAY_DEPTH + 3, author=other)
    chain[-1].hide(by=moderator, reason="deep")
    return article, [None, author, other, moderator]


def test_every_state_assembles_as_the_templates_rendered_it_for_every_reader(db):
    article, readers = discussion_with_every_state()
    assert_same_for_every_reader(article, readers)


def test_a_closed_discussion_assembles_as_the_templates_rendered_it(db):
    article, readers = discussion_with_every_state()
    article.comments_open = False
    article.save()
    assert_same_for_every_reader(article, readers)


def test_a_discussion_with_locked_sub_threads_assembles_as_the_templates_rendered_it(db):
    article, readers = discussion_with_every_state()
    moderator = readers[-1]
    roots = list(article.comments.filter(parent=None).order_by("tree_id"))
    roots[0].lock_replies(by=moderator, reason="going <in> circles")  # a whole thread, with its replies
    roots[2].get_children().first().lock_replies(by=moderator, reason="")  # a hidden comment's sub-thread
    Comment.objects.get(pk=roots[1].get_children().first().pk).lock_replies(by=moderator, reason="enough")
    assert_same_for_every_reader(article, readers)
    html = str(assembled_html(article, _anonymous()))
    assert "Replies locked by a moderator: going &lt;in&gt; circles" in html
    assert f'data-reply-to="{roots[0].pk}"' not in html
    assert f'data-reply-to="{roots[1].pk}"' in html


def test_the_seed_discussion_assembles_as_the_templates_rendered_it(seed_article):
    assert_same_for_every_reader(seed_article, [None, make_user("reader"), make_moderator("mod")])


@pytest.mark.parametrize("size", [400])
def test_a_generated_discussion_assembles_as_the_templates_rendered_it(db, size):
    # Bulk-inserted with no pieces at all: the first read renders and stores them.
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        article = create_discussion(f"generated-{size}", size)
    assert set(article.comments.values_list("state", flat=True)) >= {"visible", "hidden", "deleted"}
    writer = Comment.objects.filter(article=article).exclude(author=None).first().author
    assert_same_for_every_reader(article, [None, writer, make_user("reader"), make_moderator("mod")])


def test_the_article_page_prints_the_assembled_thread(client, db):
    article, _ = discussion_with_every_state()
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        page = client.get(article.get_absolute_url()).content.decode()
        assert str(assembled_html(article, _anonymous())) in page
