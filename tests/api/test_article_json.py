"""GET /a/<slug>.json: the article and its discussion as a tree, placeholders for removed comments as on the page."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.builders import make_article, make_chain, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def test_discussion_is_a_nested_tree_with_authors_times_and_html(client, alice):
    article = make_article("Rivers")
    top = make_comment(article, body="**top**", author=alice)
    reply = make_comment(article, top, body="a reply", author_name="Imported Person")
    response = client.get(f"/a/{article.slug}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["article"]["title"] == "Rivers"
    [first] = data["comments"]
    assert first["id"] == top.pk and first["parent"] is None
    assert first["author"] == "alice" and first["author_url"] == "/u/alice/"
    assert first["body_html"] == top.body_html and "<strong>top</strong>" in first["body_html"]
    assert first["state"] == "visible" and first["edited"] is None
    [second] = first["replies"]
    assert second["id"] == reply.pk and second["parent"] == top.pk
    assert second["author"] == "Imported Person" and second["author_url"] is None


def test_removed_comments_are_placeholders_without_author_or_text_even_for_moderators(client, alice):
    article = make_article()
    moderator = make_moderator()
    hidden = make_comment(article, body="secret hidden words", author=alice)
    hidden.hide(by=moderator, reason="off topic", public=True)
    deleted = make_comment(article, body="secret withdrawn words", author=alice)
    deleted.delete_by_author(by=alice)
    client.force_login(moderator)
    response = client.get(f"/a/{article.slug}.json")
    text = response.content.decode()
    assert "secret" not in text and "alice" not in text
    by_id = {comment["id"]: comment for comment in response.json()["comments"]}
    assert by_id[hidden.pk]["body_html"] == '<p class="placeholder">[removed by a moderator: off topic]</p>'
    assert by_id[hidden.pk]["author"] is None and by_id[hidden.pk]["state"] == "hidden"
    assert by_id[deleted.pk]["body_html"] == '<p class="placeholder">[deleted]</p>'
    assert by_id[deleted.pk]["author"] is None


def test_paged_like_the_article_page(client, settings):
    settings.THREAD_PAGE_SIZE = 2
    article = make_article()
    tops = [make_comment(article) for _ in range(3)]
    first = client.get(f"/a/{article.slug}.json").json()
    assert [c["id"] for c in first["comments"]] == [tops[0].pk, tops[1].pk]
    assert first["page"] == {"number": 1, "pages": 2, "next": f"/a/{article.slug}.json?page=2", "previous": None}
    second = client.get(f"/a/{article.slug}.json?page=2").json()
    assert [c["id"] for c in second["comments"]] == [tops[2].pk]
    assert client.get(f"/a/{article.slug}.json?page=3").status_code == 404
    assert client.get(f"/a/{article.slug}.json?page=x").status_code == 400


def test_replies_deeper_than_the_page_shows_are_counted_and_linked(client):
    from comments.models import Comment

    article = make_article()
    chain = make_chain(article, Comment.DISPLAY_DEPTH + 3)
    node = client.get(f"/a/{article.slug}.json").json()["comments"][0]
    for _ in range(Comment.DISPLAY_DEPTH):
        node = node["replies"][0]
    assert node["id"] == chain[Comment.DISPLAY_DEPTH].pk
    assert node["replies"] == [] and node["more_replies"] == 2
    deeper = client.get(node["json_url"]).json()["comment"]
    assert deeper["replies"][0]["id"] == chain[Comment.DISPLAY_DEPTH + 1].pk


def test_unknown_unpublished_and_malformed_articles_are_json_404s(client):
    from datetime import timedelta

    from django.utils import timezone

    draft = make_article(published=timezone.now() + timedelta(days=1))
    for path in (
        f"/a/{draft.slug}.json",
        "/a/nothing.json",
        "/a/%00.json",
        "/a/a%2Fb.json",
        "/a/.json",
        "/a/%0Ax.json",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]


def test_writes_are_refused(client):
    article = make_article()
    # Refused for its method (forum/http_methods.py) before the CSRF check or the view.
    assert Client(enforce_csrf_checks=True).post(f"/a/{article.slug}.json").status_code == 405
    response = client.post(f"/a/{article.slug}.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_comment_json_has_its_replies(client, alice):
    article = make_article()
    top = make_comment(article, author=alice)
    reply = make_comment(article, top, author=make_user())
    data = client.get(f"/c/{top.pk}.json").json()
    assert data["article"]["slug"] == article.slug
    assert data["comment"]["id"] == top.pk
    assert [r["id"] for r in data["comment"]["replies"]] == [reply.pk]
    assert client.get("/c/999999.json").status_code == 404
    assert client.get("/c/abc.json").status_code == 404


def test_held_to_the_page_budget_like_the_article_page_with_links_past_the_cut(client, settings):
    from tests.builders import make_big_thread

    settings.THREAD_PAGE_COMMENTS = 20
    article = make_article()
    root = make_big_thread(article, 100)
    before = make_comment(article)  # a later thread: on the next page
    document = client.get(f"/a/{article.slug}.json").json()
    assert document["page"]["pages"] == 2

    def walk(nodes):
        for node in nodes:
            yield node
            yield from walk(node["replies"])

    shown = list(walk(document["comments"]))
    assert len(shown) == 20 and shown[0]["id"] == root.pk
    cut = [node for node in shown if node["more_url"]]
    assert sum(node["more_replies"] for node in cut) == 101 - 20
    # Following every more_url reaches every reply once.
    found, queue = {node["id"] for node in shown}, [node["more_url"] for node in cut]
    while queue:
        answer = client.get(queue.pop())
        assert answer.status_code == 200
        nodes = list(walk([answer.json()["comment"]]))
        assert len(nodes) <= 20
        found.update(node["id"] for node in nodes)
        queue += [node["more_url"] for node in nodes if node["more_url"]]
    assert found == set(article.comments.exclude(pk=before.pk).values_list("pk", flat=True))
    assert client.get(f"/c/{root.pk}.json?after=x").status_code == 400
