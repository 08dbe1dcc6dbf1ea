"""The search page: best matches first, marked words, filters, paging, on whichever database runs the tests."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.builders import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_counts():
    cache.clear()
    yield
    cache.clear()


def search(client, **params):
    return client.get(reverse("search:search"), params)


def test_search_finds_comments_and_links_to_their_permalinks(client):
    article = make_article("Rivers of Europe")
    comment = make_comment(article, body="The Danube floods every spring.")
    make_comment(article, body="Nothing about water here.")
    response = search(client, q="danube")
    assert response.status_code == 200
    hits = list(response.context["page"].object_list)
    assert [hit.item for hit in hits] == [comment]
    assert f'href="{comment.get_absolute_url()}"' in response.content.decode()


def test_matching_words_are_marked_in_an_escaped_snippet(client):
    article = make_article()
    make_comment(article, body='if x < y && "z" > w then glaciers <b>melt</b> <script>alert(1)</script>')
    content = search(client, q="glaciers").content.decode()
    assert "<mark>glaciers</mark>" in content
    assert "x &lt; y &amp;&amp; &quot;z&quot; &gt; w" in content
    # PostgreSQL's headline leaves tags out; SQLite's shows them as text: neither lets one through.
    assert "<b>" not in content
    assert "<script>alert" not in content


def test_stemmed_forms_match(client):
    article = make_article()
    comment = make_comment(article, body="The glaciers were melting fast.")
    hits = search(client, q="glacier melted").context["page"].object_list
    assert [hit.item for hit in hits] == [comment]


def test_better_matches_come_first(client):
    article = make_article()
    once = make_comment(article, body="A harbour, and then a long story about ships and other matters entirely.")
    often = make_comment(article, body="Harbour harbour harbour: the harbour.")
    hits = search(client, q="harbour").context["page"].object_list
    assert [hit.item for hit in hits] == [often, once]


def test_articles_are_found_by_their_title(client):
    article = make_article("Volcanoes of Iceland")
    hits = search(client, q="volcanoes").context["page"].object_list
    assert [(hit.kind, hit.item) for hit in hits] == [("article", article)]


def test_phrases_or_and_excluded_words(client):
    article = make_article()
    red_apple = make_comment(article, body="a red apple on the table")
    apple_red = make_comment(article, body="the apple is not red but green")
    pear = make_comment(article, body="a ripe pear")

    def found(q):
        return {hit.item for hit in search(client, q=q).context["page"].object_list}

    assert found('"red apple"') == {red_apple}
    assert found("apple") == {red_apple, apple_red}
    assert found("pear or table") == {pear, red_apple}
    assert found("apple -green") == {red_apple}


def test_removed_and_deleted_comments_are_never_found(client):
    article = make_article()
    moderator = make_user("mod", is_staff=True, is_superuser=True)
    hidden = make_comment(article, body="secret walrus text")
    hidden.hide(by=moderator, reason="spam")
    author = make_user("writer")
    deleted = make_comment(article, body="withdrawn walrus text", author=author)
    deleted.delete_by_author(by=author)
    client.force_login(moderator)
    response = search(client, q="walrus")
    assert list(response.context["page"].object_list) == []
    assert "walrus text" not in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_an_unhidden_comment_is_found_again(client):
    article = make_article()
    moderator = make_user("mod", is_staff=True, is_superuser=True)
    comment = make_comment(article, body="otters everywhere")
    comment.hide(by=moderator, reason="check")
    assert search(client, q="otters").context["page"].paginator.count == 0
    comment.unhide(by=moderator)
    assert [hit.item for hit in search(client, q="otters").context["page"].object_list] == [comment]


def test_an_edit_changes_what_is_found(client):
    article = make_article()
    author = make_user("writer")
    comment = make_comment(article, body="about badgers", author=author)
    comment.edit(by=author, body="about foxes")
    assert search(client, q="badgers").context["page"].paginator.count == 0
    assert [hit.item for hit in search(client, q="foxes").context["page"].object_list] == [comment]


def test_unpublished_articles_and_their_comments_are_not_found(client):
    from datetime import timedelta

    from django.utils import timezone

    article = make_article("Future penguins", published=timezone.now() + timedelta(days=1))
    make_comment(article, body="penguins ahead")
    assert search(client, q="penguins").context["page"].paginator.count == 0


def test_filter_within_one_article(client):
    one, other = make_article(), make_article()
    here = make_comment(one, body="lighthouse keeper")
    make_comment(other, body="lighthouse keeper")
    hits = search(client, q="lighthouse", article=one.slug).context["page"].object_list
    assert [hit.item for hit in hits] == [here]


def test_filter_by_author_account_or_imported_name(client):
    article = make_article()
    alice = make_user("alice")
    by_alice = make_comment(article, body="kestrel sighting", author=alice)
    imported = make_comment(article, body="kestrel again", author_name="Old Reader")
    make_comment(article, body="kestrel too", author=make_user("bob"))
    assert [hit.item for hit in search(client, q="kestrel", author="alice").context["page"].object_list] == [by_alice]
    hits = search(client, q="kestrel", author="Old Reader").context["page"].object_list
    assert [hit.item for hit in hits] == [imported]


def test_results_are_paged(client):
    article = make_article()
    for number in range(25):
        make_comment(article, body=f"heron number {number}")
    first = search(client, q="heron")
    assert first.context["page"].paginator.count == 25
    assert len(first.context["page"].object_list) == 20
    second = search(client, q="heron", page=2)
    assert len(second.context["page"].object_list) == 5
    shown = {hit.item.pk for hit in first.context["page"].object_list} | {
        hit.item.pk for hit in second.context["page"].object_list
    }
    assert len(shown) == 25


def test_header_has_a_search_box(client):
    content = client.get("/").content.decode()
    assert 'action="/search/"' in content
    assert 'name="q"' in content


def test_a_page_of_results_takes_the_same_few_queries_however_many_hits(
    client, settings, django_assert_max_num_queries
):
    settings.THREAD_PAGE_SIZE = 2
    articles = [make_article(), make_article()]
    comments = [make_comment(articles[number % 2], body=f"puffin {number}") for number in range(20)]
    # The two rankings (each also the count), the page's rows with their passages (SQLite reads the passages in
    # a query of their own), and the top-level comments of their articles, which say the page each comment is
    # read on (place_all); PostgreSQL plans the rankings in a transaction of their own (three statements).
    with django_assert_max_num_queries(7):
        response = search(client, q="puffin")
    hits = response.context["page"].object_list
    assert len(hits) == 20
    for hit in hits:
        fresh = type(hit.item).objects.get(pk=hit.item.pk)
        assert hit.url == fresh.get_absolute_url()
    assert any("?page=" in hit.url for hit in hits)
    assert comments


def test_a_word_matching_more_than_the_ranked_candidates_still_gives_a_full_page(client, monkeypatch):
    from forum.search import results

    monkeypatch.setattr(results, "RANKED_CANDIDATES", 3)
    monkeypatch.setattr(results, "MAX_RESULTS", 3)
    article = make_article()
    comments = [make_comment(article, body=f"gannet {'gannet ' * number}") for number in range(6)]
    page = search(client, q="gannet").context["page"]
    assert page.paginator.count == 3
    assert len(page.object_list) == 3
    assert {hit.item for hit in page.object_list} <= set(comments)


def test_a_rare_phrase_is_found_among_newer_comments_holding_its_words_apart(client, monkeypatch):
    from forum.search import results

    monkeypatch.setattr(results, "RANKED_CANDIDATES", 3)
    article = make_article()
    phrase = make_comment(article, body="A sea otter floats on its back.")
    for _ in range(5):
        make_comment(article, body="An otter swam out to sea.")
    page = search(client, q='"sea otter"').context["page"]
    assert page.paginator.count == 1
    assert [hit.item for hit in page.object_list] == [phrase]


def test_a_phrase_matching_more_than_the_ranked_candidates_still_gives_its_best(client, monkeypatch):
    from forum.search import results

    monkeypatch.setattr(results, "RANKED_CANDIDATES", 3)
    monkeypatch.setattr(results, "MAX_RESULTS", 3)
    article = make_article()
    make_comment(article, body="An otter swam out to sea.")
    phrases = [make_comment(article, body="sea otter, " * (number + 1)) for number in range(5)]
    page = search(client, q='"sea otter"').context["page"]
    assert page.paginator.count == 3
    # The newest are the best here, so both databases agree (PostgreSQL ranks the newest three matches only).
    assert [hit.item for hit in page.object_list] == phrases[:1:-1]
