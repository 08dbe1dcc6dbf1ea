import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from tests.builders import make_article, make_chain


def test_article_page_shows_a_deep_chain_down_to_the_display_depth_and_links_on(client, db):
    article = make_article()
    chain = make_chain(article, Comment.DISPLAY_DEPTH + 4)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(article.get_absolute_url()).content.decode()
    shown = [int(pk) for pk in re.findall(r'<li class="comment[^"]*" id="c(\d+)"', html)]
    assert shown == [comment.pk for comment in chain[: Comment.DISPLAY_DEPTH + 1]]
    last_shown = chain[Comment.DISPLAY_DEPTH]
    assert f'<a href="{last_shown.get_permalink()}#c{last_shown.pk}">Continue this thread' in html
    # The replies below the display depth are left in the database, not fetched and dropped.
    (thread_query,) = [query["sql"] for query in queries if '"comments_comment"."piece_html"' in query["sql"]]
    assert '"level" <=' in thread_query
